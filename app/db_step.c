/*
 * db_step.c - a deal's next steps: open, done, rescheduled, reopened,
 * each write followed in the same transaction by the mirror
 * (deals.next_step, deals.next_step_due = the open step), and the
 * calendar feed's hashed tokens and rows.  Every step write in
 * Groundwork goes through this file.
 */
#include <string.h>

#include "db.h"
#include "db_coach.h"
#include "db_internal.h"
#include "db_step.h"

static void
read_step(sqlite3_stmt *st, struct step *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	s->deal_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, s->text, sizeof(s->text));
	db_col_text(st, 3, s->due, sizeof(s->due));
	s->created_by = sqlite3_column_int64(st, 4);
	s->created_at = sqlite3_column_int64(st, 5);
	s->done_at = sqlite3_column_int64(st, 6);
	s->done_by = sqlite3_column_int64(st, 7);
	db_col_text(st, 8, s->outcome, sizeof(s->outcome));
}

/* One row of st (bound) into out: DB_OK, DB_NOTFOUND or DB_ERROR. */
static int
get_one(struct db *db, sqlite3_stmt *st, struct step *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_step(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read a step");
	return DB_ERROR;
}

int
step_open_get(struct db *db, int64_t deal_id, struct step *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_OPEN_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	return get_one(db, st, out);
}

int
step_done_get(struct db *db, int64_t step_id, int64_t deal_id, struct step *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_DONE_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, step_id);
	sqlite3_bind_int64(st, 2, deal_id);
	return get_one(db, st, out);
}

/*
 * After every step write: the deal's mirror columns become its open
 * step, in the same transaction.  This is also the one place a step
 * change reaches what else depends on a deal's next step: the coaching
 * items' refresh is called here, beside the mirror.
 */
static int
step_changed(struct db *db, int64_t deal_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_MIRROR);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, now);
	int rc = db_step_done(db, st);
	/* The deal's coaching item reads the mirror (no next step, an
	 * overdue one): it follows in the same transaction. */
	return rc == DB_OK ? coach_item_refresh_deal(db, deal_id, now) : rc;
}

/* rc of a write that must change one row: DB_NOTFOUND when it changed
 * none; else the mirror follows. */
static int
then_mirror(struct db *db, int rc, int64_t deal_id, int64_t now)
{
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc == DB_OK ? step_changed(db, deal_id, now) : rc;
}

int
step_create(struct db *db, int64_t deal_id, int64_t owner_id, const char *text,
    const char *due, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return then_mirror(db, db_step_done(db, st), deal_id, now);
}

int
step_done(struct db *db, int64_t deal_id, int64_t owner_id, const char *outcome,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_DONE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, outcome ? outcome : "", -1, SQLITE_STATIC);
	return then_mirror(db, db_step_done(db, st), deal_id, now);
}

int
step_reschedule(struct db *db, int64_t deal_id, int64_t owner_id,
    const char *due, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_RESCHEDULE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_text(st, 3, due, -1, SQLITE_STATIC);
	return then_mirror(db, db_step_done(db, st), deal_id, now);
}

int
step_reopen(struct db *db, int64_t step_id, int64_t deal_id, int64_t owner_id,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_REOPEN);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, step_id);
	sqlite3_bind_int64(st, 2, deal_id);
	sqlite3_bind_int64(st, 3, owner_id);
	sqlite3_bind_int64(st, 4, now);
	return then_mirror(db, db_step_done(db, st), deal_id, now);
}

int
step_import(struct db *db, int64_t deal_id, int64_t by, const char *text,
    const char *due, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_IMPORT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, by);
	sqlite3_bind_int64(st, 5, at);
	return db_step_done(db, st);
}

int
step_follow_import(struct db *db, int64_t deal_id, int64_t owner_id,
    const char *text, const char *due, int64_t now)
{
	struct step cur;
	int rc = step_open_get(db, deal_id, &cur);
	bool has = rc == DB_OK, wants = text[0] || due[0];
	bool same = has && wants && strcmp(cur.text, text) == 0 &&
	            strcmp(cur.due, due) == 0;
	if (rc == DB_NOTFOUND)
		rc = DB_OK;
	if (rc == DB_OK && has && !same)
		rc = step_done(db, deal_id, owner_id, "Changed by an import",
		    now);
	if (rc == DB_OK && wants && !same)
		rc = step_create(db, deal_id, owner_id, text, due, now);
	return rc == DB_OK ? coach_item_refresh_deal(db, deal_id, now) : rc;
}

int64_t
step_mirror_mismatches(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, ST_STEP_MIRROR_CHECK);
	if (st == NULL)
		return -1;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
	                                           : -1;
	sqlite3_reset(st);
	return n;
}

/* ----------------------------------------------------------------- */
/* The calendar feed: one token a user, stored only as its hash      */

int
step_feed_set(struct db *db, int64_t user_id, const unsigned char *hash,
    size_t hash_len, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_FEED_SET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, hash, (int)hash_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return db_step_done(db, st);
}

int
step_feed_revoke(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, ST_FEED_DELETE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
step_feed_owner(struct db *db, const unsigned char *hash, size_t hash_len,
    int64_t *user_id, int64_t *created_at)
{
	sqlite3_stmt *st = db_stmt(db, ST_FEED_USER);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_blob(st, 1, hash, (int)hash_len, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		*created_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read a calendar feed");
	return DB_ERROR;
}

int
step_feed_list(struct db *db, int64_t user_id, int limit,
    int (*fn)(const struct calendar_step *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_FEED_STEPS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct calendar_step s = {
			sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
		};
		if (fn(&s, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list the calendar feed");
		return DB_ERROR;
	}
	return DB_OK;
}

int
step_feed_of(struct db *db, int64_t user_id, int64_t *created_at)
{
	sqlite3_stmt *st = db_stmt(db, ST_FEED_OF_USER);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*created_at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}
