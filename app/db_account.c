/*
 * db_account.c - typed access to users, teams, sessions, the audit log
 * and the sign-in throttle.
 */
#include <sodium.h>
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "db_internal.h"
#include "util.h"

_Static_assert(USER_HASH_SIZE == crypto_pwhash_STRBYTES,
    "db_account.h: USER_HASH_SIZE is libsodium's crypto_pwhash_STRBYTES");
_Static_assert(SESSION_HASH_LEN == crypto_generichash_BYTES,
    "db_account.h: SESSION_HASH_LEN is libsodium's crypto_generichash_BYTES");

/* Reads the USER_COLUMNS block starting at column first. */
void
db_user_read(sqlite3_stmt *st, int first, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, first);
	db_col_text(st, first + 1, u->email, sizeof(u->email));
	db_col_text(st, first + 2, u->name, sizeof(u->name));
	u->role = role_from_name((const char *)sqlite3_column_text(st,
	    first + 3));
	u->team_id = sqlite3_column_int64(st, first + 4);
	db_col_text(st, first + 5, u->team_name, sizeof(u->team_name));
	db_col_text(st, first + 6, u->password_hash, sizeof(u->password_hash));
	u->active = sqlite3_column_int(st, first + 7) != 0;
}

/* Steps st once: a row fills out via reader, no row is DB_NOTFOUND. */
static int
get_one_user(struct db *db, sqlite3_stmt *st, struct user *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_user_read(st, 0, out);
		sqlite3_reset(st);
		return DB_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read user");
	return DB_ERROR;
}

int
user_get_by_email(struct db *db, const char *email, struct user *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_BY_EMAIL);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return get_one_user(db, st, out);
}

int
user_get_by_id(struct db *db, int64_t id, struct user *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_BY_ID);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return get_one_user(db, st, out);
}

int
user_create(struct db *db, struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, u->team_id);
	sqlite3_bind_text(st, 5, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now_seconds());
	int rc = db_step_done(db, st);
	if (rc == DB_OK)
		u->id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
user_set_password_hash(struct db *db, int64_t id, const char *hash)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_SET_HASH);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_seconds());
	return db_step_done(db, st);
}

int
user_update(struct db *db, int64_t id, const char *name, enum role role,
    int64_t team_id)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_UPDATE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, team_id);
	sqlite3_bind_int64(st, 5, now_seconds());
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
user_set_active(struct db *db, int64_t id, bool active)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_SET_ACTIVE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, active ? 1 : 0);
	sqlite3_bind_int64(st, 3, now_seconds());
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
user_each(struct db *db, int (*fn)(const struct user *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_USER_LIST);
	if (st == NULL)
		return DB_ERROR;
	struct user u;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_user_read(st, 0, &u);
		if (fn(&u, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list users");
		return DB_ERROR;
	}
	return DB_OK;
}

static void
read_team(sqlite3_stmt *st, struct team *t)
{
	t->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, t->name, sizeof(t->name));
	t->members = sqlite3_column_int(st, 2);
	t->retired_at = sqlite3_column_int64(st, 3);
}

static int
get_one_team(struct db *db, sqlite3_stmt *st, struct team *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_team(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read team");
	return DB_ERROR;
}

int
team_get_by_name(struct db *db, const char *name, struct team *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_BY_NAME);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return get_one_team(db, st, out);
}

int
team_get_by_id(struct db *db, int64_t id, struct team *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_BY_ID);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return get_one_team(db, st, out);
}

int
team_create(struct db *db, const char *name, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_seconds());
	int rc = db_step_done(db, st);
	if (rc == DB_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
team_rename(struct db *db, int64_t id, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_RENAME);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
team_set_retired(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_SET_RETIRED);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
team_each(struct db *db, int (*fn)(const struct team *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_LIST);
	if (st == NULL)
		return DB_ERROR;
	struct team t;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_team(st, &t);
		if (fn(&t, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list teams");
		return DB_ERROR;
	}
	return DB_OK;
}

int
session_create(struct db *db, const unsigned char *hash, int64_t user_id,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_SESSION_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_blob(st, 1, hash, SESSION_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now);
	return db_step_done(db, st);
}

int
session_get(struct db *db, const unsigned char *hash, struct session *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_SESSION_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_blob(st, 1, hash, SESSION_HASH_LEN, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->created_at = sqlite3_column_int64(st, 1);
		out->last_seen = sqlite3_column_int64(st, 2);
		db_user_read(st, 3, &out->user);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read session");
	return DB_ERROR;
}

/* Runs a statement bound to one integer id and an optional second. */
static int
exec_id(struct db *db, enum stmt id, int64_t a, int64_t b, bool two)
{
	sqlite3_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, a);
	if (two)
		sqlite3_bind_int64(st, 2, b);
	return db_step_done(db, st);
}

int
session_touch(struct db *db, int64_t id, int64_t now)
{
	return exec_id(db, ST_SESSION_TOUCH, id, now, true);
}

int
session_delete(struct db *db, int64_t id)
{
	return exec_id(db, ST_SESSION_DELETE, id, 0, false);
}

int
session_delete_for_user(struct db *db, int64_t user_id)
{
	return exec_id(db, ST_SESSION_DELETE_USER, user_id, 0, false);
}

int
session_delete_others(struct db *db, int64_t user_id, int64_t keep_id)
{
	return exec_id(db, ST_SESSION_DELETE_OTHERS, user_id, keep_id, true);
}

int
session_purge(struct db *db, int64_t idle_before, int64_t created_before,
    int limit, int *deleted)
{
	*deleted = 0;
	sqlite3_stmt *st = db_stmt(db, ST_SESSION_PURGE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, idle_before);
	sqlite3_bind_int64(st, 2, created_before);
	sqlite3_bind_int(st, 3, limit);
	int rc = db_step_done(db, st);
	if (rc == DB_OK)
		*deleted = sqlite3_changes(db->conn);
	return rc;
}

int64_t
session_count_expired(struct db *db, int64_t idle_before,
    int64_t created_before)
{
	sqlite3_stmt *st = db_stmt(db, ST_SESSION_COUNT_EXPIRED);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, idle_before);
	sqlite3_bind_int64(st, 2, created_before);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
	                                           : -1;
	sqlite3_reset(st);
	return n;
}

int
audit_add(struct db *db, int64_t actor_id, const char *action,
    const char *subject, const char *detail, const char *addr)
{
	sqlite3_stmt *st = db_stmt(db, ST_AUDIT_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now_seconds());
	sqlite3_bind_int64(st, 2, actor_id);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, addr, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int64_t
audit_count(struct db *db, const char *action)
{
	sqlite3_stmt *st = db_stmt(db, ST_AUDIT_COUNT);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
	                                           : -1;
	sqlite3_reset(st);
	return n;
}

int
throttle_failures(struct db *db, const char *key, int64_t since)
{
	sqlite3_stmt *st = db_stmt(db, ST_THROTTLE_GET);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "read throttle");
		return -1;
	}
	return n;
}

int
secret_get(struct db *db, const char *name, unsigned char *out, size_t size)
{
	sqlite3_stmt *st = db_stmt(db, ST_SECRET_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = DB_NOTFOUND;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (size_t)sqlite3_column_bytes(st, 0) == size) {
		memcpy(out, sqlite3_column_blob(st, 0), size);
		rc = DB_OK;
	}
	sqlite3_reset(st);
	return rc;
}

int
throttle_record_failure(struct db *db, const char *key, int64_t now,
    int64_t window)
{
	sqlite3_stmt *st = db_stmt(db, ST_THROTTLE_FAIL);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, now - window);
	return db_step_done(db, st);
}

int
throttle_clear(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, ST_THROTTLE_DELETE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
