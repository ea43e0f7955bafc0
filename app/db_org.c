/*
 * db_org.c - the leader's data: team visibility by viewer, directors'
 * team limits and the teams' targets.  Visibility is decided inside
 * each query, so a page cannot forget it.
 */
#include "db_internal.h"

#include <string.h>

#include "db_org.h"

static void
read_team(sqlite3_stmt *st, struct team *t)
{
	t->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, t->name, sizeof(t->name));
	t->members = sqlite3_column_int(st, 2);
	t->retired_at = sqlite3_column_int64(st, 3);
}

int
org_team_visible(struct db *db, int64_t viewer_id, int64_t team_id,
    struct team *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_TEAM_VISIBLE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, viewer_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_team(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "team visible");
	return DB_ERROR;
}

struct team_cb {
	int (*fn)(const struct team *, void *);
	void *arg;
};

static int
team_row(sqlite3_stmt *st, void *arg)
{
	struct team_cb *c = arg;
	struct team t;
	read_team(st, &t);
	return c->fn(&t, c->arg);
}

int
org_teams(struct db *db, int64_t viewer_id,
    int (*fn)(const struct team *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_TEAMS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, viewer_id);
	struct team_cb c = { fn, arg };
	return db_each(db, st, team_row, &c, "org teams");
}

struct id_list {
	int64_t *ids;
	int max, n;
};

static int
id_row(sqlite3_stmt *st, void *arg)
{
	struct id_list *l = arg;
	if (l->n < l->max)
		l->ids[l->n++] = sqlite3_column_int64(st, 0);
	return 0;
}

int
org_director_teams(struct db *db, int64_t user_id, int64_t *ids, int max,
    int *n)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_DIRECTOR_TEAMS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	struct id_list l = { ids, max, 0 };
	int rc = db_each(db, st, id_row, &l, "director teams");
	*n = l.n;
	return rc;
}

int
org_set_director_teams(struct db *db, int64_t user_id, const int64_t *ids,
    int n)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_DIRECTOR_CLEAR);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = db_step_done(db, st);
	for (int i = 0; i < n && rc == DB_OK; i++) {
		st = db_stmt(db, ST_ORG_DIRECTOR_ADD);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		rc = db_step_done(db, st);
	}
	return rc;
}

static int
read_targets(struct db *db, sqlite3_stmt *st, struct org_target *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->early = sqlite3_column_int(st, 0);
		out->inflow = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "targets");
	return DB_ERROR;
}

int
org_team_targets(struct db *db, int64_t team_id, struct org_target *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_TEAM_TARGETS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	return read_targets(db, st, out);
}

int
org_default_targets(struct db *db, struct org_target *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_DEFAULT_TARGETS);
	if (st == NULL)
		return DB_ERROR;
	return read_targets(db, st, out);
}

static int
set_targets(struct db *db, enum stmt id, int64_t team_id,
    const struct org_target *t)
{
	sqlite3_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int(st, 2, t->early);
	sqlite3_bind_int(st, 3, t->inflow);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
org_set_team_targets(struct db *db, int64_t team_id, const struct org_target *t)
{
	return set_targets(db, ST_ORG_SET_TEAM_TARGETS, team_id, t);
}

int
org_set_default_targets(struct db *db, const struct org_target *t)
{
	int rc = set_targets(db, ST_ORG_SET_DEFAULT_TARGETS, 1, t);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, ST_ORG_APPLY_DEFAULT_TARGETS);
	if (st == NULL)
		return DB_ERROR;
	return db_step_done(db, st);
}

int
org_revision(struct db *db, int64_t *rev)
{
	sqlite3_stmt *st = db_stmt(db, ST_ORG_REVISION);
	if (st == NULL)
		return DB_ERROR;
	int rc = sqlite3_step(st);
	*rev = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	db_log_error(db, "org revision");
	return DB_ERROR;
}
