/*
 * db_mail.h - email (db_mail.c): each person's settings (time zone,
 * which emails, day and hour), the outbox that lets each (user, kind,
 * period) go out at most once, and what the reminders read.
 */
#ifndef GW_DB_MAIL_H
#define GW_DB_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"

#define ZONE_NAME_MAX 64 /* an IANA zone name, bytes */

struct user_settings {
	char timezone[ZONE_NAME_MAX + 1]; /* "" follows the install's zone */
	int mail_off;                     /* bits (1 << kind) turned off */
	int send_day;                     /* weekly emails: 1 Monday .. 7 */
	int send_hour;                    /* local hour, 0-23 */
};

/* The defaults every user has until they change them. */
void settings_defaults(struct user_settings *s);

/* A user's settings (the defaults when they never saved any). */
int settings_get(struct db *db, int64_t user_id, struct user_settings *out);

/* Inside a transaction: save a user's settings. */
int settings_set(struct db *db, int64_t user_id, const struct user_settings *s);

/* Inside a transaction: turn off one kind (bit) for a user. */
int settings_mail_off(struct db *db, int64_t user_id, int bit);

/* A person email may go to: an active user with their settings. */
struct recipient {
	struct user user;         /* id, email, name, role, team */
	struct user_settings set; /* their settings */
};

/* Every active user (with an address) and their settings, by id. */
int mail_recipients(struct db *db, int (*fn)(const struct recipient *, void *),
    void *arg);

/* The outbox row of one email. */
enum outbox_state {
	OUTBOX_SENDING,
	OUTBOX_SENT,
	OUTBOX_RETRY,
	OUTBOX_FAILED,
	OUTBOX_EMPTY,
	OUTBOX__MAX
};
const char *outbox_state_name(enum outbox_state s);

struct outbox_row {
	int64_t id;
	int64_t user_id;
	char email[USER_EMAIL_MAX + 1];
	char kind[32];
	char period[32];
	enum outbox_state state;
	int tries;
	int64_t next_try_at;
	int64_t claimed_at;
	char error[512];
};

/*
 * Inside a transaction: claim (user, kind, period) for this run, with
 * the hash of the message's unsubscribe token (NULL for none).
 * DB_CONFLICT when any run already decided it; then nothing changes.
 */
int outbox_claim(struct db *db, int64_t user_id, const char *kind,
    const char *period, const unsigned char *token_hash, int64_t now,
    int64_t *id);

/* Inside a transaction: note that a period had nothing to say. */
int outbox_note_empty(struct db *db, int64_t user_id, const char *kind,
    const char *period, int64_t now);

/* Has any run decided (user, kind, period) yet?  DB_OK when so,
 * DB_NOTFOUND when not. */
int outbox_has(struct db *db, int64_t user_id, const char *kind,
    const char *period);

/* Inside a transaction: a retried email found nothing left to say. */
int outbox_mark_empty(struct db *db, int64_t id, int64_t now);

/* Inside a transaction: take a row waiting to be tried again, with a
 * new token hash.  DB_CONFLICT when another run took it first. */
int outbox_reclaim(struct db *db, int64_t id, const unsigned char *token_hash,
    int64_t now);

/* Inside a transaction: the mailer took it. */
int outbox_mark_sent(struct db *db, int64_t id, int64_t now);

/* Inside a transaction: the mailer refused it; try again from
 * next_try_at, or give up (final). */
int outbox_mark_refused(struct db *db, int64_t id, const char *error,
    int64_t next_try_at, bool final);

/* Rows waiting for another try whose time has come. */
int outbox_retries_due(struct db *db, int64_t now,
    int (*fn)(const struct outbox_row *, void *), void *arg);

/* Failures to show: given-up rows and rows claimed before stuck_before
 * and never finished, newest first (at most 50). */
int outbox_problems(struct db *db, int64_t stuck_before,
    int (*fn)(const struct outbox_row *, void *), void *arg);

/* Inside a transaction: queue an email for the next run to send.
 * DB_CONFLICT when (user, kind, period) is already there. */
int outbox_queue(struct db *db, int64_t user_id, const char *kind,
    const char *period, int64_t now);

/* The latest emails (not the empty periods), newest first. */
int outbox_recent(struct db *db, int limit,
    int (*fn)(const struct outbox_row *, void *), void *arg);

/* How many rows are in each state. */
int outbox_counts(struct db *db, int64_t counts[OUTBOX__MAX]);

/* The user and kind an unsubscribe token's hash was sent with. */
int outbox_by_token(struct db *db, const unsigned char *token_hash,
    int64_t *user_id, char *kind, size_t kind_size);

/* One open deal a rep is reminded of. */
struct reminder_deal {
	int64_t id;
	char company[DEAL_TEXT_MAX * 4 + 1];
	char title[DEAL_TEXT_MAX * 4 + 1];
	char next_step[DEAL_STEP_MAX * 4 + 1];
	char next_step_due[11]; /* "" for none */
};

/* A rep's open deals whose next step is due on or before today, most
 * overdue first, then those with no next step; at most limit. */
int reminder_deals(struct db *db, int64_t owner_id, const char *today,
    int limit, int (*fn)(const struct reminder_deal *, void *), void *arg);

/* The managers of active teams, by team name: fn(manager, team). */
int mail_team_managers(struct db *db, int (*fn)(const struct user *, void *),
    void *arg);

#endif
