/*
 * db_deal.c - typed access to stages, deals and their history.
 * Ownership is part of every statement: a deal someone may not see
 * or change is simply not found.
 */
#include <string.h>

#include "db.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_internal.h"
#include "db_step.h"
#include "util.h"

static const char *const status_names[] = {
	[DEAL_OPEN] = "open",
	[DEAL_WON] = "won",
	[DEAL_LOST] = "lost",
};

const char *
deal_status_name(enum deal_status s)
{
	return (size_t)s < GW_ARRAY_LEN(status_names) ? status_names[s] : "";
}

int
deal_status_from_name(const char *name)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(status_names); i++)
		if (name && strcmp(status_names[i], name) == 0)
			return (int)i;
	return -1;
}

static void
read_stage(sqlite3_stmt *st, struct stage *s)
{
	s->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, s->name, sizeof(s->name));
	s->position = sqlite3_column_int(st, 2);
	s->early = sqlite3_column_int(st, 3) != 0;
	s->probability = sqlite3_column_int(st, 4);
	s->target_days = sqlite3_column_int(st, 5);
	s->active = sqlite3_column_int(st, 6) != 0;
}

int
stage_get(struct db *db, int64_t id, struct stage *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_STAGE_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_stage(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int
stage_create(struct db *db, struct stage *s)
{
	sqlite3_stmt *st = db_stmt(db, ST_STAGE_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, s->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, s->early ? 1 : 0);
	sqlite3_bind_int(st, 3, s->probability);
	sqlite3_bind_int(st, 4, s->target_days);
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	s->id = sqlite3_last_insert_rowid(db->conn);
	struct stage made;
	if (stage_get(db, s->id, &made) == DB_OK)
		s->position = made.position;
	return DB_OK;
}

int
stage_update(struct db *db, const struct stage *s)
{
	sqlite3_stmt *st = db_stmt(db, ST_STAGE_UPDATE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, s->position);
	sqlite3_bind_int(st, 4, s->early ? 1 : 0);
	sqlite3_bind_int(st, 5, s->probability);
	sqlite3_bind_int(st, 6, s->target_days);
	sqlite3_bind_int(st, 7, s->active ? 1 : 0);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
stage_list(struct db *db, struct stage *out, int max)
{
	sqlite3_stmt *st = db_stmt(db, ST_STAGE_LIST);
	if (st == NULL)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		read_stage(st, &out[n++]);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list stages");
		return -1;
	}
	return n;
}

int
stage_list_all(struct db *db, struct stages *out)
{
	out->n = stage_list(db, out->list, STAGES_MAX);
	return out->n < 0 ? DB_ERROR : DB_OK;
}

/* Reads DEAL_COLUMNS. */
void
db_deal_read(sqlite3_stmt *st, struct deal *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->owner_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, d->owner_name, sizeof(d->owner_name));
	d->team_id = sqlite3_column_int64(st, 3);
	db_col_text(st, 4, d->company, sizeof(d->company));
	db_col_text(st, 5, d->contact, sizeof(d->contact));
	db_col_text(st, 6, d->title, sizeof(d->title));
	d->has_amount = sqlite3_column_type(st, 7) != SQLITE_NULL;
	d->amount = sqlite3_column_int64(st, 7);
	db_col_text(st, 8, d->currency, sizeof(d->currency));
	db_col_text(st, 9, d->source, sizeof(d->source));
	db_col_text(st, 10, d->expected_close, sizeof(d->expected_close));
	db_col_text(st, 11, d->next_step, sizeof(d->next_step));
	db_col_text(st, 12, d->next_step_due, sizeof(d->next_step_due));
	d->stage_id = sqlite3_column_int64(st, 13);
	db_col_text(st, 14, d->stage_name, sizeof(d->stage_name));
	d->stage_position = sqlite3_column_int(st, 15);
	int status = deal_status_from_name((const char *)sqlite3_column_text(st,
	    16));
	d->status = status < 0 ? DEAL_OPEN : (enum deal_status)status;
	db_col_text(st, 17, d->lost_reason, sizeof(d->lost_reason));
	d->first_stage_id = sqlite3_column_int64(st, 18);
	d->late_entry = sqlite3_column_int(st, 19) != 0;
	d->stage_entered_at = sqlite3_column_int64(st, 20);
	d->created_at = sqlite3_column_int64(st, 21);
	d->updated_at = sqlite3_column_int64(st, 22);
	d->closed_at = sqlite3_column_int64(st, 23);
	d->last_activity_at = sqlite3_column_int64(st, 24);
}

static void
bind_amount(sqlite3_stmt *st, int i, const struct deal *d)
{
	if (d->has_amount)
		sqlite3_bind_int64(st, i, d->amount);
	else
		sqlite3_bind_null(st, i);
}

/* Append one stage_changes row. */
static int
record_change(struct db *db, int64_t deal_id, int64_t from_stage,
    int64_t to_stage, const char *from_status, const char *to_status,
    int64_t by, const char *note, int skipped, const char *skipped_criteria,
    int skipped_criteria_count, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_CHANGE_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, from_stage);
	sqlite3_bind_int64(st, 3, to_stage);
	sqlite3_bind_text(st, 4, from_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, to_status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, by);
	sqlite3_bind_text(st, 8, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, skipped);
	sqlite3_bind_text(st, 10, skipped_criteria ? skipped_criteria : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 11, skipped_criteria_count);
	return db_step_done(db, st);
}

/* Record a change made by a person (not an import) and re-evaluate
 * the deal's coaching item in the same transaction. */
static int
record_and_refresh(struct db *db, int64_t deal_id, int64_t from_stage,
    int64_t to_stage, const char *from_status, const char *to_status,
    int64_t by, const char *note, int skipped, const char *skipped_criteria,
    int skipped_criteria_count, int64_t now)
{
	int rc = record_change(db, deal_id, from_stage, to_stage, from_status,
	    to_status, by, note, skipped, skipped_criteria,
	    skipped_criteria_count, now);
	return rc == DB_OK ? coach_item_refresh_deal(db, deal_id, now) : rc;
}

/* Bind parameters 1-12, which the new-deal and import statements
 * share: owner, team, the typed fields, and the stage. */
static void
bind_deal_fields(sqlite3_stmt *st, const struct deal *d)
{
	sqlite3_bind_int64(st, 1, d->owner_id);
	sqlite3_bind_int64(st, 2, d->team_id);
	sqlite3_bind_text(st, 3, d->company, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->contact, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->title, -1, SQLITE_STATIC);
	bind_amount(st, 6, d);
	sqlite3_bind_text(st, 7, d->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, d->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, d->expected_close, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, d->next_step, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, d->next_step_due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, d->stage_id);
}

int
deal_create(struct db *db, struct deal *d, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_INSERT);
	if (st == NULL)
		return DB_ERROR;
	bind_deal_fields(st, d);
	sqlite3_bind_int(st, 13, d->late_entry ? 1 : 0);
	sqlite3_bind_int64(st, 14, now);
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	d->id = sqlite3_last_insert_rowid(db->conn);
	rc = record_and_refresh(db, d->id, 0, d->stage_id, "open", "open",
	    d->owner_id, "", 0, "", 0, now);
	/* The next step typed with the deal is its first step. */
	if (rc == DB_OK && (d->next_step[0] || d->next_step_due[0]))
		rc = step_create(db, d->id, d->owner_id, d->next_step,
		    d->next_step_due, now);
	return rc;
}

int
deal_get(struct db *db, int64_t id, const struct viewer *v, struct deal *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, v->user_id);
	sqlite3_bind_text(st, 3, role_name(v->role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, v->team_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_deal_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "read deal");
	return DB_ERROR;
}

/* DB_NOTFOUND when the last statement changed no row. */
static int
changed_one(struct db *db, int rc)
{
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
deal_update(struct db *db, const struct deal *d, int64_t owner_id,
    const char *fields, const struct field_change *changes, int n, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_UPDATE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_text(st, 3, d->company, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->contact, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->title, -1, SQLITE_STATIC);
	bind_amount(st, 6, d);
	sqlite3_bind_text(st, 7, d->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, d->expected_close, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, d->next_step, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, d->next_step_due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, now);
	int rc = changed_one(db, db_step_done(db, st));
	if (rc != DB_OK)
		return rc;
	st = db_stmt(db, ST_EDIT_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, owner_id);
	sqlite3_bind_text(st, 4, fields, -1, SQLITE_STATIC);
	rc = db_step_done(db, st);
	int64_t edit_id = sqlite3_last_insert_rowid(db->conn);
	for (int i = 0; i < n && rc == DB_OK; i++) {
		st = db_stmt(db, ST_EDIT_VALUE_INSERT);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, edit_id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, changes[i].field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, changes[i].before, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, changes[i].after, -1, SQLITE_STATIC);
		rc = db_step_done(db, st);
	}
	/* A new next step (or none) changes the deal's coaching item. */
	return rc == DB_OK ? coach_item_refresh_deal(db, d->id, now) : rc;
}

int
deal_edit_values(struct db *db, int64_t deal_id,
    int (*fn)(int64_t edit_id, const struct field_change *c, void *arg),
    void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_EDIT_VALUES);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct field_change c = {
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
		};
		if (fn(sqlite3_column_int64(st, 0), &c, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "deal edit values");
		return DB_ERROR;
	}
	return DB_OK;
}

int
deal_move(struct db *db, int64_t id, int64_t owner_id, int64_t from_stage,
    int64_t to_stage, int skipped, const char *note,
    const char *skipped_criteria, int skipped_criteria_count, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_MOVE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, from_stage);
	sqlite3_bind_int64(st, 4, to_stage);
	sqlite3_bind_int64(st, 5, now);
	int rc = changed_one(db, db_step_done(db, st));
	if (rc != DB_OK)
		return rc;
	return record_and_refresh(db, id, from_stage, to_stage, "open", "open",
	    owner_id, note, skipped, skipped_criteria, skipped_criteria_count,
	    now);
}

int
deal_close(struct db *db, int64_t id, int64_t owner_id, int64_t stage_id,
    enum deal_status outcome, const char *reason, int skipped,
    const char *skipped_criteria, int skipped_criteria_count, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_CLOSE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, stage_id);
	sqlite3_bind_text(st, 4, deal_status_name(outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	int rc = changed_one(db, db_step_done(db, st));
	if (rc != DB_OK)
		return rc;
	return record_and_refresh(db, id, stage_id, stage_id, "open",
	    deal_status_name(outcome), owner_id, reason, skipped,
	    skipped_criteria, skipped_criteria_count, now);
}

int
deal_reopen(struct db *db, int64_t id, int64_t owner_id, int64_t stage_id,
    enum deal_status was, int64_t now)
{
	if (was == DEAL_OPEN)
		return DB_NOTFOUND; /* only a closed deal can be reopened */
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_REOPEN);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, stage_id);
	sqlite3_bind_text(st, 4, deal_status_name(was), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	int rc = changed_one(db, db_step_done(db, st));
	if (rc != DB_OK)
		return rc;
	return record_and_refresh(db, id, stage_id, stage_id,
	    deal_status_name(was), "open", owner_id, "", 0, "", 0, now);
}

static void
bind_filter(sqlite3_stmt *st, const struct deal_filter *f)
{
	sqlite3_bind_int64(st, 1, f->owner_id);
	sqlite3_bind_text(st, 2,
	    f->status < 0 ? "" : deal_status_name((enum deal_status)f->status),
	    -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->stage_id);
	sqlite3_bind_text(st, 4, f->search ? f->search : "", -1, SQLITE_STATIC);
}

/* Calls fn for each row of st as a deal. */
static int
each_deal(struct db *db, sqlite3_stmt *st,
    int (*fn)(const struct deal *, void *), void *arg)
{
	struct deal d;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_deal_read(st, &d);
		if (fn(&d, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list deals");
		return DB_ERROR;
	}
	return DB_OK;
}

int
deal_list(struct db *db, const struct deal_filter *f,
    int (*fn)(const struct deal *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_LIST);
	if (st == NULL)
		return DB_ERROR;
	bind_filter(st, f);
	sqlite3_bind_int(st, 5, f->limit);
	sqlite3_bind_int(st, 6, f->offset);
	return each_deal(db, st, fn, arg);
}

int
deal_list_stage(struct db *db, const struct deal_filter *f,
    int (*fn)(const struct deal *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_LIST_STAGE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, f->owner_id);
	sqlite3_bind_text(st, 2, deal_status_name((enum deal_status)f->status),
	    -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->stage_id);
	sqlite3_bind_int(st, 4, f->limit);
	sqlite3_bind_int(st, 5, f->offset);
	return each_deal(db, st, fn, arg);
}

int
deal_list_due(struct db *db, int64_t owner_id, const char *today, int limit,
    int (*fn)(const struct deal *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_DUE_TODAY);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, owner_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	return each_deal(db, st, fn, arg);
}

int
deal_list_no_step(struct db *db, int64_t owner_id, int limit,
    int (*fn)(const struct deal *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_NO_STEP);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, owner_id);
	sqlite3_bind_int(st, 2, limit);
	return each_deal(db, st, fn, arg);
}

int
deal_count_by_stage(struct db *db, int64_t owner_id, int status,
    int (*fn)(int64_t stage_id, int64_t count, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_COUNT_BY_STAGE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, owner_id);
	sqlite3_bind_text(st, 2, deal_status_name((enum deal_status)status), -1,
	    SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		        arg) != 0)
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "count deals by stage");
		return DB_ERROR;
	}
	return DB_OK;
}

int64_t
deal_count(struct db *db, const struct deal_filter *f)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_COUNT);
	if (st == NULL)
		return -1;
	bind_filter(st, f);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
	                                           : -1;
	sqlite3_reset(st);
	return n;
}

int
deal_timeline(struct db *db, int64_t deal_id,
    int (*fn)(const struct timeline_entry *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_TIMELINE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	struct timeline_entry e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.kind = (enum timeline_kind)sqlite3_column_int(st, 0);
		e.at = sqlite3_column_int64(st, 1);
		db_col_text(st, 2, e.who, sizeof(e.who));
		db_col_text(st, 3, e.from_stage, sizeof(e.from_stage));
		db_col_text(st, 4, e.to_stage, sizeof(e.to_stage));
		db_col_text(st, 5, e.from_status, sizeof(e.from_status));
		db_col_text(st, 6, e.to_status, sizeof(e.to_status));
		db_col_text(st, 7, e.note, sizeof(e.note));
		e.skipped_stages = sqlite3_column_int(st, 8);
		e.id = sqlite3_column_int64(st, 9);
		e.from_position = sqlite3_column_int(st, 10);
		e.to_position = sqlite3_column_int(st, 11);
		e.skipped_criteria = sqlite3_column_int(st, 12);
		const unsigned char *ids = sqlite3_column_text(st, 13);
		e.skipped_ids = ids ? (const char *)ids : "";
		if (fn(&e, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "deal timeline");
		return DB_ERROR;
	}
	return DB_OK;
}

int
deal_import(struct db *db, struct deal *d)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_IMPORT);
	if (st == NULL)
		return DB_ERROR;
	bind_deal_fields(st, d);
	sqlite3_bind_text(st, 13, deal_status_name(d->status), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 14, d->lost_reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, d->first_stage_id);
	sqlite3_bind_int(st, 16, d->late_entry ? 1 : 0);
	sqlite3_bind_int64(st, 17, d->stage_entered_at);
	sqlite3_bind_int64(st, 18, d->created_at);
	sqlite3_bind_int64(st, 19, d->updated_at);
	sqlite3_bind_int64(st, 20, d->closed_at);
	sqlite3_bind_int64(st, 21, d->last_activity_at);
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	d->id = sqlite3_last_insert_rowid(db->conn);
	if (d->next_step[0] || d->next_step_due[0])
		rc = step_import(db, d->id, d->owner_id, d->next_step,
		    d->next_step_due, d->updated_at);
	return rc;
}

int
stage_change_import(struct db *db, int64_t deal_id, int64_t from_stage,
    int64_t to_stage, const char *from_status, const char *to_status,
    int64_t by, const char *note, int skipped, const char *skipped_criteria,
    int skipped_criteria_count, int64_t at)
{
	return record_change(db, deal_id, from_stage, to_stage, from_status,
	    to_status, by, note, skipped, skipped_criteria,
	    skipped_criteria_count, at);
}
