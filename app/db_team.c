/*
 * db_team.c - what the team pages read: the summary tables that
 * triggers keep (deal_counts, team_inflow, team_flow, team_visits) and
 * the team's open deals from a covering index.  Every statement is
 * bounded by the team id.
 */
#include <string.h>

#include "amount.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_internal.h"
#include "db_team.h"
#include "util.h"

/* A callback and its argument, typed per row kind below. */
struct cb {
	void (*fn)(void); /* the typed callback, cast back before calling */
	void *arg;
};

static int
count_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	/* SQLite turns an integer sum that overflows into a REAL, which
	 * is no longer exact. */
	int64_t amount = sqlite3_column_type(st, 3) == SQLITE_INTEGER
	                     ? sqlite3_column_int64(st, 3)
	                     : AMOUNT_TOO_LARGE;
	struct count_row r = { sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		amount };
	return ((int (*)(const struct count_row *, void *))c->fn)(&r, c->arg);
}

int
team_open_counts(struct db *db, int64_t team_id,
    int (*fn)(const struct count_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_OPEN_COUNTS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, count_row, &c, "team counts");
}

static int
rep_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct user u;
	memset(&u, 0, sizeof(u));
	u.id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, u.email, sizeof(u.email));
	db_col_text(st, 2, u.name, sizeof(u.name));
	u.role = role_from_name((const char *)sqlite3_column_text(st, 3));
	u.team_id = sqlite3_column_int64(st, 4);
	db_col_text(st, 5, u.team_name, sizeof(u.team_name));
	u.active = sqlite3_column_int(st, 7) != 0;
	return ((int (*)(const struct user *, void *))c->fn)(&u, c->arg);
}

int
team_reps(struct db *db, int64_t team_id,
    int (*fn)(const struct user *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_REPS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, rep_row, &c, "team reps");
}

static int
inflow_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct inflow_row r = { sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int64(st, 3) };
	return ((int (*)(const struct inflow_row *, void *))c->fn)(&r, c->arg);
}

int
team_inflow_since(struct db *db, int64_t team_id, int64_t first_week,
    int (*fn)(const struct inflow_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_INFLOW);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_week);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, inflow_row, &c, "team inflow");
}

static int
flow_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct flow_row r = { sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
		sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6) };
	return ((int (*)(const struct flow_row *, void *))c->fn)(&r, c->arg);
}

int
team_flow_since(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct flow_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_FLOW);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_day);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, flow_row, &c, "team flow");
}

static int
visit_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct visit_row r = { sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int64(st, 3) };
	return ((int (*)(const struct visit_row *, void *))c->fn)(&r, c->arg);
}

int
team_visits_since(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct visit_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_VISITS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_day);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, visit_row, &c, "team visits");
}

static int
week_flow_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct week_flow_row r;
	r.stage_id = sqlite3_column_int64(st, 0);
	r.week = sqlite3_column_int64(st, 1);
	r.entries = sqlite3_column_int64(st, 2);
	r.skips = sqlite3_column_int64(st, 3);
	return ((int (*)(const struct week_flow_row *, void *))c->fn)(&r,
	    c->arg);
}

int
team_week_flow(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct week_flow_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_WEEK_FLOW);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_day);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, week_flow_row, &c, "team week flow");
}

static int
day_visit_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct day_visit_row r;
	r.stage_id = sqlite3_column_int64(st, 0);
	r.day = sqlite3_column_int64(st, 1);
	r.days = sqlite3_column_int64(st, 2);
	r.visits = sqlite3_column_int64(st, 3);
	return ((int (*)(const struct day_visit_row *, void *))c->fn)(&r,
	    c->arg);
}

int
team_week_visits(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct day_visit_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_WEEK_VISITS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_day);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, day_visit_row, &c, "team week visits");
}

static int
open_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct open_row r;
	r.deal_id = sqlite3_column_int64(st, 0);
	r.owner_id = sqlite3_column_int64(st, 1);
	r.stage_id = sqlite3_column_int64(st, 2);
	r.stage_entered_at = sqlite3_column_int64(st, 3);
	r.last_activity_at = sqlite3_column_int64(st, 4);
	r.skipped = sqlite3_column_int(st, 5) != 0;
	r.has_amount = sqlite3_column_type(st, 6) != SQLITE_NULL;
	r.amount = sqlite3_column_int64(st, 6);
	return ((int (*)(const struct open_row *, void *))c->fn)(&r, c->arg);
}

int
team_open_deals(struct db *db, int64_t team_id,
    int (*fn)(const struct open_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_OPEN_DEALS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, open_row, &c, "team open deals");
}

/* One number by one id: a page's revision stamp. */
static int
read_revision(struct db *db, enum stmt id, int64_t key, int64_t *rev,
    const char *what)
{
	sqlite3_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*rev = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_log_error(db, what);
		return DB_ERROR;
	}
	return DB_OK;
}

int
team_revision(struct db *db, int64_t team_id, int64_t *rev)
{
	return read_revision(db, ST_TEAM_REVISION, team_id, rev,
	    "team revision");
}

int
owner_revision(struct db *db, int64_t owner_id, int64_t *rev)
{
	return read_revision(db, ST_OWNER_REVISION, owner_id, rev,
	    "owner revision");
}

static int
deal_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct deal d;
	db_deal_read(st, &d);
	return ((int (*)(const struct deal *, void *))c->fn)(&d, c->arg);
}

int
team_deals(struct db *db, const struct team_filter *f,
    int (*fn)(const struct deal *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db,
	    f->owner_id ? ST_TEAM_DEALS_OF_REP : ST_TEAM_DEALS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, f->team_id);
	sqlite3_bind_int64(st, 2, f->owner_id);
	sqlite3_bind_int64(st, 3, f->stage_id);
	/* The statuses wanted: one three times, or all three. */
	static const int all[] = { DEAL_OPEN, DEAL_WON, DEAL_LOST };
	static const int param[] = { 4, 7, 8 };
	for (size_t i = 0; i < GW_ARRAY_LEN(param); i++)
		sqlite3_bind_text(st, param[i],
		    deal_status_name(
		        (enum deal_status)(f->status < 0 ? all[i] : f->status)),
		    -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, f->limit);
	sqlite3_bind_int(st, 6, f->offset);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, deal_row, &c, "team deals");
}

int
team_deal(struct db *db, int64_t team_id, int64_t deal_id, struct deal *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_DEAL);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, deal_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_deal_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static int
history_csv_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct history_csv_row h;
	h.deal_id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, h.company, sizeof(h.company));
	db_col_text(st, 2, h.owner, sizeof(h.owner));
	db_col_text(st, 3, h.from_stage, sizeof(h.from_stage));
	db_col_text(st, 4, h.to_stage, sizeof(h.to_stage));
	db_col_text(st, 5, h.from_status, sizeof(h.from_status));
	db_col_text(st, 6, h.to_status, sizeof(h.to_status));
	h.at = sqlite3_column_int64(st, 7);
	db_col_text(st, 8, h.by, sizeof(h.by));
	db_col_text(st, 9, h.note, sizeof(h.note));
	h.skipped_stages = sqlite3_column_int(st, 10);
	h.skipped_criteria = sqlite3_column_int(st, 11);
	return ((int (*)(const struct history_csv_row *, void *))c->fn)(&h,
	    c->arg);
}

int
team_history(struct db *db, int64_t team_id, int64_t owner_id, int64_t since,
    int (*fn)(const struct history_csv_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_HISTORY);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, since);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, history_csv_row, &c, "team history");
}
