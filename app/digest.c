/*
 * digest.c - which emails are due for whom, building them, and the run
 * that sends them through the outbox.  See digest.h.
 *
 * Never twice: a run claims (user, kind, period) in the outbox, in its
 * own committed transaction, before the message is handed to the
 * mailer, and the unique key lets only one run claim it.  A run killed
 * after the claim leaves the row 'sending', which no run takes again;
 * the mailer reads the message from a file, so one already started
 * still delivers it whole.  A refused message is tried again with a
 * growing wait, and after the last try it is 'failed', for doctor and
 * the admin's mail page to show.
 */
#include "digest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "auth.h"
#include "config.h"
#include "date.h"
#include "mail.h"
#include "tz.h"

const struct digest_kind_info digest_kinds[DIGEST__KINDS] = {
	[DIGEST_MANAGER_WEEKLY] = { "manager_weekly",
	    "Weekly coaching digest: this week's coaching list, early share "
	    "of coaching time, stalled early deals and new deals per rep",
	    ROLE_MANAGER, true },
	[DIGEST_REP_DAILY] = { "rep_daily",
	    "Daily reminder, Monday to Friday: overdue and due-today next "
	    "steps, and open deals with none (only when there are some)",
	    ROLE_REP, false },
	[DIGEST_ADMIN_WEEKLY] = { "admin_weekly",
	    "Weekly summary: each manager's early share of coaching time and "
	    "follow-through, side by side",
	    ROLE_ADMIN, true },
};

/* The local day of tm as YYYY-MM-DD. */
static void
local_day(const struct tm *local, char out[11])
{
	if (strftime(out, 11, "%Y-%m-%d", local) == 0)
		out[0] = '\0';
}

int
digest_kind_from_name(const char *name)
{
	for (int k = 0; k < DIGEST__KINDS; k++)
		if (strcmp(name, digest_kinds[k].name) == 0)
			return k;
	return -1;
}

bool
digest_due(enum digest_kind kind, const struct tm *local, int send_day,
    int send_hour, char period[11])
{
	int weekday = local->tm_wday == 0 ? 7 : local->tm_wday; /* 1 Mon */
	bool day_ok = digest_kinds[kind].weekly ? weekday == send_day
	                                        : weekday <= 5;
	if (!day_ok || local->tm_hour < send_hour)
		return false;
	local_day(local, period);
	return true;
}

int64_t
digest_retry_wait(int tries)
{
	if (tries < 1)
		tries = 1;
	if (tries > 8)
		tries = 8;
	return (int64_t)300 << (tries - 1); /* 5, 10, 20, 40 minutes ... */
}

/* The host name of the base URL, for From and Message-ID. */
static void
base_host(char *out, size_t size)
{
	const char *p = strstr(digest_base_url(), "://");
	p = p ? p + 3 : digest_base_url();
	size_t n = strcspn(p, ":/");
	snprintf(out, size, "%.*s", (int)n, p);
	if (*out == '\0')
		snprintf(out, size, "localhost");
}

static void
mail_from(char *out, size_t size)
{
	char host[256];
	base_host(host, sizeof(host));
	if (cfg.mail_from[0])
		snprintf(out, size, "%s", cfg.mail_from);
	else
		snprintf(out, size, "Groundwork <groundwork@%s>", host);
}

static const char *
subject_of(enum digest_kind kind, const struct user *u, const char *today,
    char *out, size_t size)
{
	switch (kind) {
	case DIGEST_MANAGER_WEEKLY:
		snprintf(out, size, "Your coaching week, team %s",
		    u->team_name);
		break;
	case DIGEST_REP_DAILY:
		snprintf(out, size, "Your next steps for %s", today);
		break;
	case DIGEST_ADMIN_WEEKLY:
		snprintf(out, size, "Managers side by side, week of %s", today);
		break;
	case DIGEST__KINDS:
		break;
	}
	return out;
}

/* Expand both parts and put the message together. */
static int
compose(tmpl_dict *d, const struct user *u, const char *kind, const char *token,
    int64_t now, struct digest_mail *out)
{
	size_t hlen = 0, tlen = 0;
	char *html = tmpl_expand("mail.tpl", d, &hlen);
	char *text = tmpl_expand("mail_text.tpl", d, &tlen);
	if (html == NULL || text == NULL) {
		fprintf(stderr, "groundwork: the mail templates failed\n");
		free(html);
		free(text);
		return DB_ERROR;
	}
	mail_unescape(text);
	char from[300], host[256], id[TOKEN_TEXT_SIZE], message_id[400];
	char unsubscribe[600];
	mail_from(from, sizeof(from));
	base_host(host, sizeof(host));
	token_new(id);
	snprintf(message_id, sizeof(message_id), "<%s.%s@%s>", id, kind, host);
	if (token)
		snprintf(unsubscribe, sizeof(unsubscribe),
		    "%s/unsubscribe?t=%s", digest_base_url(), token);
	struct mail_msg m = { from, u->name, u->email, out->subject, text, html,
		token ? unsubscribe : NULL, message_id, now };
	mail_compose(&m, &out->msg);
	free(html);
	free(text);
	return DB_OK;
}

/* What every email shows: the greeting and the links at its foot. */
static void
fill_common(tmpl_dict *d, const struct user *u, const char *token)
{
	char url[600];
	tmpl_set_str(d, "NAME", u->name);
	snprintf(url, sizeof(url), "%s/settings", digest_base_url());
	tmpl_set_str(d, "SETTINGS_URL", url);
	if (token) {
		tmpl_dict *s = tmpl_add_section(d, "UNSUBSCRIBE");
		snprintf(url, sizeof(url), "%s/unsubscribe?t=%s",
		    digest_base_url(), token);
		tmpl_set_str(s, "URL", url);
	}
}

int
digest_build(struct db *db, enum digest_kind kind, const struct recipient *rc,
    int64_t now, const char *token, struct digest_mail *out)
{
	memset(out, 0, sizeof(*out));
	tz_use(rc->set.timezone); /* their dates, in their zone */
	char today[DATE_SIZE];
	date_of(now, today);
	tmpl_dict *d = tmpl_dict_new("mail");
	int r = digest_content_fill(db, kind, &rc->user, now, today, d,
	    &out->empty);
	if (r == DB_OK && !out->empty) {
		subject_of(kind, &rc->user, today, out->subject,
		    sizeof(out->subject));
		fill_common(d, &rc->user, token);
		r = compose(d, &rc->user, digest_kinds[kind].name, token, now,
		    out);
	}
	tmpl_dict_free(d);
	tz_use(NULL);
	return r;
}

int
digest_build_test(const struct user *u, int64_t now, struct digest_mail *out)
{
	memset(out, 0, sizeof(*out));
	tmpl_dict *d = tmpl_dict_new("mail");
	tmpl_show_section(d, "TEST");
	snprintf(out->subject, sizeof(out->subject), "Groundwork test email");
	fill_common(d, u, NULL);
	int r = compose(d, u, "test", NULL, now, out);
	tmpl_dict_free(d);
	return r;
}

/* ---- the run ------------------------------------------------------ */

struct run {
	struct db *db;
	const struct digest_opts *o;
	struct digest_tally *t;
	struct recipient *list; /* everyone email may go to */
	size_t n, cap;
};

static int
keep_recipient(const struct recipient *rc, void *arg)
{
	struct run *run = arg;
	if (run->o->user && strcasecmp(rc->user.email, run->o->user) != 0)
		return 0;
	if (run->n == run->cap) {
		run->cap = run->cap ? run->cap * 2 : 64;
		run->list = xrealloc(run->list, run->cap * sizeof(*run->list));
	}
	run->list[run->n++] = *rc;
	return 0;
}

/* A dry run's file: DIR/<address>-<kind>.eml. */
static void
write_dry(struct run *run, const struct recipient *rc, enum digest_kind k,
    const struct digest_mail *m)
{
	char path[1024], err[256];
	snprintf(path, sizeof(path), "%s/%s-%s.eml",
	    run->o->out_dir ? run->o->out_dir : ".", rc->user.email,
	    digest_kinds[k].name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(m->msg.data, 1, m->msg.len, f) != m->msg.len) {
		snprintf(err, sizeof(err), "%s", strerror(errno));
		fprintf(stderr, "groundwork: cannot write %s: %s\n", path, err);
		run->t->failed++;
	} else {
		run->t->written++;
	}
	if (f)
		fclose(f);
	if (run->o->log)
		fprintf(run->o->log, "wrote %s\n", path);
}

/* Hand a claimed email to the mailer and record how it went. */
static int
deliver(struct run *run, int64_t id, int tries, const char *email,
    const char *what, const struct digest_mail *m)
{
	char err[512] = "";
	int sent = mail_send(cfg.sendmail, m->msg.data, m->msg.len, err,
	    sizeof(err));
	int64_t now = run->o->now;
	bool final = tries >= DIGEST_TRIES;
	if (db_tx_begin(run->db) != DB_OK)
		return -1;
	int rc = sent == 0 ? outbox_mark_sent(run->db, id, now)
	                   : outbox_mark_refused(run->db, id, err,
	                         now + digest_retry_wait(tries), final);
	if (rc != DB_OK || db_tx_commit(run->db) != DB_OK) {
		db_tx_rollback(run->db);
		return -1;
	}
	if (sent == 0) {
		run->t->sent++;
	} else if (final) {
		run->t->failed++;
	} else {
		run->t->refused++;
	}
	if (run->o->log)
		fprintf(run->o->log, "%s %s to %s%s%s\n",
		    sent == 0 ? "sent"
		    : final   ? "gave up on"
		              : "will retry",
		    what, email, sent ? ": " : "", sent ? err : "");
	return 0;
}

/* One write transaction around one outbox call. */
static int
in_tx(struct db *db, int rc_of_call(struct db *, const void *), const void *arg)
{
	if (db_tx_begin(db) != DB_OK)
		return DB_ERROR;
	int rc = rc_of_call(db, arg);
	if (rc == DB_ERROR || db_tx_commit(db) != DB_OK) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	return rc;
}

struct claim {
	const struct recipient *rc;
	const char *kind, *period;
	unsigned char hash[TOKEN_HASH_LEN];
	int64_t now, id;
	bool empty;
};

static int
claim_call(struct db *db, const void *arg)
{
	struct claim *c = (struct claim *)arg;
	if (c->empty)
		return outbox_note_empty(db, c->rc->user.id, c->kind, c->period,
		    c->now);
	return outbox_claim(db, c->rc->user.id, c->kind, c->period, c->hash,
	    c->now, &c->id);
}

/* Build, claim and send one due email. */
static int
send_due(struct run *run, const struct recipient *rc, enum digest_kind k,
    const char *period)
{
	const char *kind = digest_kinds[k].name;
	int has = outbox_has(run->db, rc->user.id, kind, period);
	if (has != DB_NOTFOUND)
		return has == DB_OK ? 0 : -1; /* decided by an earlier run */
	char token[TOKEN_TEXT_SIZE];
	token_new(token);
	struct claim c = { rc, kind, period, { 0 }, run->o->now, 0, false };
	token_hash(token, c.hash);
	struct digest_mail m;
	if (digest_build(run->db, k, rc, run->o->now, token, &m) != DB_OK)
		return -1;
	c.empty = m.empty;
	int claimed = in_tx(run->db, claim_call, &c);
	int rc_out = 0;
	if (claimed == DB_ERROR)
		rc_out = -1;
	else if (claimed == DB_CONFLICT)
		run->t->skipped++; /* another run got there first */
	else if (m.empty)
		run->t->empty++;
	else
		rc_out = deliver(run, c.id, 1, rc->user.email, kind, &m);
	buf_free(&m.msg);
	return rc_out;
}

/* Which of a recipient's kinds to build now, and for which period. */
static bool
wanted(const struct run *run, const struct recipient *rc, enum digest_kind k,
    char period[11])
{
	if (digest_kinds[k].role != rc->user.role)
		return false;
	struct tm local;
	tz_local(rc->set.timezone, run->o->now, &local);
	if (run->o->user || run->o->everyone) {
		/* As if due now: this local day. */
		local_day(&local, period);
		return true;
	}
	if (rc->set.mail_off & (1 << k))
		return false;
	return digest_due(k, &local, rc->set.send_day, rc->set.send_hour,
	    period);
}

static int
run_recipient(struct run *run, const struct recipient *rc)
{
	for (int k = 0; k < DIGEST__KINDS; k++) {
		char period[11];
		if (!wanted(run, rc, (enum digest_kind)k, period))
			continue;
		if (!run->o->dry_run) {
			if (send_due(run, rc, (enum digest_kind)k, period) != 0)
				return -1;
			continue;
		}
		struct digest_mail m;
		if (digest_build(run->db, (enum digest_kind)k, rc, run->o->now,
		        "dry-run-token-not-stored", &m) != DB_OK)
			return -1;
		if (m.empty) {
			run->t->empty++;
			if (run->o->log)
				fprintf(run->o->log,
				    "nothing to say in %s to %s\n",
				    digest_kinds[k].name, rc->user.email);
		} else {
			write_dry(run, rc, (enum digest_kind)k, &m);
		}
		buf_free(&m.msg);
	}
	return 0;
}

static const struct recipient *
find_recipient(const struct run *run, int64_t user_id)
{
	for (size_t i = 0; i < run->n; i++)
		if (run->list[i].user.id == user_id)
			return &run->list[i];
	return NULL;
}

struct retry_list {
	struct outbox_row *rows;
	size_t n, cap;
};

static int
keep_retry(const struct outbox_row *o, void *arg)
{
	struct retry_list *l = arg;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->rows = xrealloc(l->rows, l->cap * sizeof(*l->rows));
	}
	l->rows[l->n++] = *o;
	return 0;
}

/* Try one refused email again, rebuilt as of now. */
static int
retry_one(struct run *run, const struct outbox_row *o)
{
	const struct recipient *rc = find_recipient(run, o->user_id);
	int k = digest_kind_from_name(o->kind);
	char token[TOKEN_TEXT_SIZE];
	unsigned char hash[TOKEN_HASH_LEN];
	token_new(token);
	token_hash(token, hash);
	if (db_tx_begin(run->db) != DB_OK)
		return -1;
	int got = outbox_reclaim(run->db, o->id, hash, run->o->now);
	if (got == DB_ERROR || db_tx_commit(run->db) != DB_OK) {
		db_tx_rollback(run->db);
		return -1;
	}
	if (got == DB_CONFLICT)
		return 0; /* another run took it */
	struct digest_mail m = { 0 };
	int r = 0;
	if (rc && strcmp(o->kind, "test") == 0) {
		if (digest_build_test(&rc->user, run->o->now, &m) != DB_OK)
			return -1;
	} else if (rc == NULL || k < 0) {
		/* Disabled since, or a kind this version does not send. */
		m.empty = true;
	} else if (digest_build(run->db, (enum digest_kind)k, rc, run->o->now,
	               token, &m) != DB_OK) {
		return -1;
	}
	if (m.empty) {
		if (db_tx_begin(run->db) != DB_OK ||
		    outbox_mark_empty(run->db, o->id, run->o->now) != DB_OK ||
		    db_tx_commit(run->db) != DB_OK) {
			db_tx_rollback(run->db);
			r = -1;
		}
	} else {
		r = deliver(run, o->id, o->tries + 1, o->email, o->kind, &m);
	}
	buf_free(&m.msg);
	return r;
}

static int
run_retries(struct run *run)
{
	struct retry_list l = { 0 };
	int r = outbox_retries_due(run->db, run->o->now, keep_retry, &l) ==
	                DB_OK
	            ? 0
	            : -1;
	for (size_t i = 0; i < l.n && r == 0; i++)
		r = retry_one(run, &l.rows[i]);
	free(l.rows);
	return r;
}

int
digest_run(struct db *db, const struct digest_opts *o, struct digest_tally *t)
{
	memset(t, 0, sizeof(*t));
	struct run run = { db, o, t, NULL, 0, 0 };
	int r = mail_recipients(db, keep_recipient, &run) == DB_OK ? 0 : -1;
	for (size_t i = 0; i < run.n && r == 0; i++)
		r = run_recipient(&run, &run.list[i]);
	if (r == 0 && !o->dry_run && o->user == NULL)
		r = run_retries(&run);
	free(run.list);
	return r;
}

/* Counts failures too ("stuck" rows) through outbox_problems. */
static int
count_stuck(const struct outbox_row *o, void *arg)
{
	if (o->state == OUTBOX_SENDING)
		(*(int64_t *)arg)++;
	return 0;
}

int
digest_health_read(struct db *db, int64_t now, struct digest_health *h)
{
	memset(h, 0, sizeof(*h));
	h->mailer_ok = mail_mailer_ok(cfg.sendmail, h->why, sizeof(h->why));
	int64_t counts[OUTBOX__MAX];
	if (outbox_counts(db, counts) != DB_OK ||
	    outbox_problems(db, now - DIGEST_STUCK_AFTER, count_stuck,
	        &h->stuck) != DB_OK)
		return DB_ERROR;
	h->failed = counts[OUTBOX_FAILED];
	h->waiting = counts[OUTBOX_RETRY];
	h->sent = counts[OUTBOX_SENT];
	return DB_OK;
}
