/*
 * db_mail.c - email's data: each person's settings, the outbox and the
 * rows the reminders read.  See db_mail.h.
 */
#include <string.h>

#include "db_internal.h"
#include "db_mail.h"
#include "util.h"

#define TOKEN_HASH_BYTES 32 /* crypto_generichash_BYTES, as sessions */

static const char *const outbox_states[OUTBOX__MAX] = {
	[OUTBOX_SENDING] = "sending",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_RETRY] = "retry",
	[OUTBOX_FAILED] = "failed",
	[OUTBOX_EMPTY] = "empty",
};

const char *
outbox_state_name(enum outbox_state s)
{
	return (size_t)s < OUTBOX__MAX ? outbox_states[s] : "";
}

static enum outbox_state
state_from_name(const unsigned char *name)
{
	for (int i = 0; i < OUTBOX__MAX; i++)
		if (name && strcmp((const char *)name, outbox_states[i]) == 0)
			return (enum outbox_state)i;
	return OUTBOX_FAILED;
}

void
settings_defaults(struct user_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->send_day = 1;
	s->send_hour = 8;
}

int
settings_get(struct db *db, int64_t user_id, struct user_settings *out)
{
	settings_defaults(out);
	sqlite3_stmt *st = db_stmt(db, ST_SETTINGS_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_col_text(st, 0, out->timezone, sizeof(out->timezone));
		out->mail_off = sqlite3_column_int(st, 1);
		out->send_day = sqlite3_column_int(st, 2);
		out->send_hour = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "read settings");
		return DB_ERROR;
	}
	return DB_OK;
}

int
settings_set(struct db *db, int64_t user_id, const struct user_settings *s)
{
	sqlite3_stmt *st = db_stmt(db, ST_SETTINGS_SET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, s->timezone, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, s->mail_off);
	sqlite3_bind_int(st, 4, s->send_day);
	sqlite3_bind_int(st, 5, s->send_hour);
	return db_step_done(db, st);
}

int
settings_mail_off(struct db *db, int64_t user_id, int bit)
{
	sqlite3_stmt *st = db_stmt(db, ST_SETTINGS_MAIL_OFF);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, bit);
	return db_step_done(db, st);
}

struct recipient_walk {
	int (*fn)(const struct recipient *, void *);
	void *arg;
};

static int
recipient_row(sqlite3_stmt *st, void *arg)
{
	struct recipient_walk *w = arg;
	struct recipient r;
	settings_defaults(&r.set);
	db_col_text(st, 0, r.set.timezone, sizeof(r.set.timezone));
	r.set.mail_off = sqlite3_column_int(st, 1);
	r.set.send_day = sqlite3_column_int(st, 2);
	r.set.send_hour = sqlite3_column_int(st, 3);
	db_user_read(st, 4, &r.user);
	return w->fn(&r, w->arg);
}

int
mail_recipients(struct db *db, int (*fn)(const struct recipient *, void *),
    void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_MAIL_RECIPIENTS);
	if (st == NULL)
		return DB_ERROR;
	struct recipient_walk w = { fn, arg };
	return db_each(db, st, recipient_row, &w, "list recipients");
}

/* Bind (user, kind, period, now) as ?1-?4. */
static void
bind_key(sqlite3_stmt *st, int64_t user_id, const char *kind,
    const char *period, int64_t now)
{
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
}

static void
bind_hash(sqlite3_stmt *st, int i, const unsigned char *hash)
{
	if (hash)
		sqlite3_bind_blob(st, i, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Step a write; DB_CONFLICT when it changed no row. */
static int
step_changed(struct db *db, sqlite3_stmt *st)
{
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_CONFLICT;
	return rc;
}

int
outbox_claim(struct db *db, int64_t user_id, const char *kind,
    const char *period, const unsigned char *token_hash, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_CLAIM);
	if (st == NULL)
		return DB_ERROR;
	bind_key(st, user_id, kind, period, now);
	bind_hash(st, 5, token_hash);
	int rc = step_changed(db, st);
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
outbox_note_empty(struct db *db, int64_t user_id, const char *kind,
    const char *period, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_EMPTY);
	if (st == NULL)
		return DB_ERROR;
	bind_key(st, user_id, kind, period, now);
	return step_changed(db, st);
}

int
outbox_has(struct db *db, int64_t user_id, const char *kind, const char *period)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_HAS);
	if (st == NULL)
		return DB_ERROR;
	bind_key(st, user_id, kind, period, 0);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read outbox");
	return DB_ERROR;
}

int
outbox_mark_empty(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_SET_EMPTY);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return db_step_done(db, st);
}

int
outbox_reclaim(struct db *db, int64_t id, const unsigned char *token_hash,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_RECLAIM);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	bind_hash(st, 2, token_hash);
	sqlite3_bind_int64(st, 3, now);
	return step_changed(db, st);
}

int
outbox_mark_sent(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_SENT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return db_step_done(db, st);
}

int
outbox_mark_refused(struct db *db, int64_t id, const char *error,
    int64_t next_try_at, bool final)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_REFUSED);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, next_try_at);
	sqlite3_bind_int(st, 4, final);
	return db_step_done(db, st);
}

struct outbox_walk {
	int (*fn)(const struct outbox_row *, void *);
	void *arg;
};

static int
outbox_row_read(sqlite3_stmt *st, void *arg)
{
	struct outbox_walk *w = arg;
	struct outbox_row o;
	memset(&o, 0, sizeof(o));
	o.id = sqlite3_column_int64(st, 0);
	o.user_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, o.email, sizeof(o.email));
	db_col_text(st, 3, o.kind, sizeof(o.kind));
	db_col_text(st, 4, o.period, sizeof(o.period));
	o.state = state_from_name(sqlite3_column_text(st, 5));
	o.tries = sqlite3_column_int(st, 6);
	o.next_try_at = sqlite3_column_int64(st, 7);
	o.claimed_at = sqlite3_column_int64(st, 8);
	db_col_text(st, 9, o.error, sizeof(o.error));
	return w->fn(&o, w->arg);
}

int
outbox_retries_due(struct db *db, int64_t now,
    int (*fn)(const struct outbox_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_RETRIES);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	struct outbox_walk w = { fn, arg };
	return db_each(db, st, outbox_row_read, &w, "list outbox retries");
}

int
outbox_problems(struct db *db, int64_t stuck_before,
    int (*fn)(const struct outbox_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_PROBLEMS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, stuck_before);
	struct outbox_walk w = { fn, arg };
	return db_each(db, st, outbox_row_read, &w, "list outbox problems");
}

static int
count_row(sqlite3_stmt *st, void *arg)
{
	int64_t *counts = arg;
	counts[state_from_name(sqlite3_column_text(st,
	    0))] += sqlite3_column_int64(st, 1);
	return 0;
}

int
outbox_counts(struct db *db, int64_t counts[OUTBOX__MAX])
{
	memset(counts, 0, sizeof(int64_t) * OUTBOX__MAX);
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_COUNTS);
	if (st == NULL)
		return DB_ERROR;
	return db_each(db, st, count_row, counts, "count outbox");
}

int
outbox_by_token(struct db *db, const unsigned char *token_hash,
    int64_t *user_id, char *kind, size_t kind_size)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_BY_TOKEN);
	if (st == NULL)
		return DB_ERROR;
	bind_hash(st, 1, token_hash);
	int rc = sqlite3_step(st), out = DB_NOTFOUND;
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, kind, kind_size);
		out = DB_OK;
	} else if (rc != SQLITE_DONE) {
		db_log_error(db, "find unsubscribe token");
		out = DB_ERROR;
	}
	sqlite3_reset(st);
	return out;
}

struct reminder_walk {
	int (*fn)(const struct reminder_deal *, void *);
	void *arg;
};

static int
reminder_row(sqlite3_stmt *st, void *arg)
{
	struct reminder_walk *w = arg;
	struct reminder_deal d;
	d.id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, d.company, sizeof(d.company));
	db_col_text(st, 2, d.title, sizeof(d.title));
	db_col_text(st, 3, d.next_step, sizeof(d.next_step));
	db_col_text(st, 4, d.next_step_due, sizeof(d.next_step_due));
	return w->fn(&d, w->arg);
}

int
reminder_deals(struct db *db, int64_t owner_id, const char *today, int limit,
    int (*fn)(const struct reminder_deal *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_REMINDER_DEALS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, owner_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	struct reminder_walk w = { fn, arg };
	return db_each(db, st, reminder_row, &w, "list reminders");
}

struct manager_walk {
	int (*fn)(const struct user *, void *);
	void *arg;
};

static int
manager_row(sqlite3_stmt *st, void *arg)
{
	struct manager_walk *w = arg;
	struct user u;
	db_user_read(st, 0, &u);
	return w->fn(&u, w->arg);
}

int
mail_team_managers(struct db *db, int (*fn)(const struct user *, void *),
    void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_MAIL_MANAGERS);
	if (st == NULL)
		return DB_ERROR;
	struct manager_walk w = { fn, arg };
	return db_each(db, st, manager_row, &w, "list managers");
}

int
outbox_queue(struct db *db, int64_t user_id, const char *kind,
    const char *period, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_QUEUE);
	if (st == NULL)
		return DB_ERROR;
	bind_key(st, user_id, kind, period, now);
	return step_changed(db, st);
}

int
outbox_recent(struct db *db, int limit,
    int (*fn)(const struct outbox_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUTBOX_RECENT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int(st, 1, limit);
	struct outbox_walk w = { fn, arg };
	return db_each(db, st, outbox_row_read, &w, "list recent outbox");
}
