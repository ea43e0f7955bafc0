/*
 * digest.h - the emails Groundwork sends: which kinds there are, when
 * each is due in a person's own time zone, what goes in it, and the run
 * that sends what is due through the outbox (digest.c; the contents
 * are read by digest_content.c).
 */
#ifndef GW_DIGEST_H
#define GW_DIGEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "db_account.h"
#include "db_mail.h"
#include "tmpl.h"
#include "util.h"

struct db;
struct coaching_item;

enum digest_kind {
	DIGEST_MANAGER_WEEKLY, /* the manager's coaching week */
	DIGEST_REP_DAILY,      /* a rep's next steps, working days */
	DIGEST_ADMIN_WEEKLY,   /* each manager side by side */
	DIGEST__KINDS
};

struct digest_kind_info {
	const char *name;  /* outbox.kind, and in unsubscribe links */
	const char *label; /* what the settings form calls it */
	enum role role;    /* who gets it */
	bool weekly;       /* on the chosen day; else Monday to Friday */
};

extern const struct digest_kind_info digest_kinds[DIGEST__KINDS];

/* The kind of a name; -1 if none. */
int digest_kind_from_name(const char *name);

/*
 * Is kind due at local time `local` for someone who chose send_day
 * (1 Monday .. 7 Sunday) and send_hour?  Due from that hour to the end
 * of that local day: daily kinds on working days, weekly ones on
 * send_day.  When due, period is the local day (YYYY-MM-DD), which the
 * outbox keeps once per user and kind.
 */
bool digest_due(enum digest_kind kind, const struct tm *local, int send_day,
    int send_hour, char period[11]);

/*
 * Fill d with what kind says to u as of now (their "today" is today):
 * sections and values for views/mail.tpl and views/mail_text.tpl.
 * *empty is set when there is nothing to say.  Reads only.  DB_OK or
 * DB_ERROR.
 */
int digest_content_fill(struct db *db, enum digest_kind kind,
    const struct user *u, int64_t now, const char *today, tmpl_dict *d,
    bool *empty);

/* The public origin links in emails start with. */
const char *digest_base_url(void);

/* One email built for sending. */
struct digest_mail {
	struct buf msg;    /* the whole message */
	char subject[512]; /* for listings */
	bool empty;        /* nothing to say: do not send */
};

/*
 * Build kind's email for recipient as of now, with token in its
 * unsubscribe link.  Dates in it follow the recipient's time zone.  It
 * writes nothing to the database.  DB_OK or DB_ERROR; free out->msg
 * with buf_free.
 */
int digest_build(struct db *db, enum digest_kind kind,
    const struct recipient *rc, int64_t now, const char *token,
    struct digest_mail *out);

/* The admin's test email to u: what their own emails look like. */
int digest_build_test(const struct user *u, int64_t now,
    struct digest_mail *out);

/* What a run does. */
struct digest_opts {
	bool dry_run;        /* write .eml files, change nothing */
	const char *out_dir; /* where dry runs write (default ".") */
	const char *user;    /* only this email address, as if due now */
	bool everyone;       /* every user's emails as if due now (dry) */
	int64_t now;         /* the time to act as of */
	FILE *log;           /* one line per email */
};

/* What a run did. */
struct digest_tally {
	int sent, written, empty, refused, failed, skipped;
};

/* Send (or write) what is due; 0, or -1 on a database error. */
int digest_run(struct db *db, const struct digest_opts *o,
    struct digest_tally *t);

/* What doctor and the admin's mail page report. */
struct digest_health {
	bool mailer_ok;  /* the configured mailer can be used */
	char why[600];   /* else why not */
	int64_t failed;  /* emails given up on */
	int64_t stuck;   /* claimed over an hour ago, never finished */
	int64_t waiting; /* refused, to be tried again */
	int64_t sent;    /* ever sent */
};

/* A run killed after claiming leaves 'sending'; past this it is shown
 * as an outcome nobody knows (never sent again). */
#define DIGEST_STUCK_AFTER 3600

int digest_health_read(struct db *db, int64_t now, struct digest_health *h);

/* Tries of a refused email, and the wait before try n (n >= 1). */
#define DIGEST_TRIES 5
int64_t digest_retry_wait(int tries);

#endif
