/*
 * db_playbook.c - typed access to exit criteria, their ticks, the
 * job-aid library and its uses.  Writes on a deal carry its owner in
 * the statement, like every deal write.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_deal.h"
#include "db_internal.h"
#include "db_playbook.h"
#include "util.h"

/* Each kind: stored name and the label people read. */
static const struct {
	const char *name;
	const char *label;
} aid_kinds[AID_KIND__MAX] = {
	[AID_QUESTION_GUIDE] = { "question_guide", "Question guide" },
	[AID_CHECKLIST] = { "checklist", "Checklist" },
	[AID_WORKSHEET] = { "worksheet", "Worksheet" },
	[AID_TEMPLATE] = { "template", "Template" },
	[AID_CASE_STUDY] = { "case_study", "Case study" },
	[AID_OTHER] = { "other", "Other" },
};

static const struct {
	const char *name;
	const char *label;
} aid_outcomes[AID_OUTCOME__MAX] = {
	[AID_HELPED] = { "helped", "Helped" },
	[AID_NEUTRAL] = { "neutral", "Neutral" },
	[AID_NOT_HELPED] = { "not_helped", "Did not help" },
};

const char *
aid_kind_name(enum aid_kind k)
{
	return (size_t)k < AID_KIND__MAX ? aid_kinds[k].name : "";
}

const char *
aid_kind_label(enum aid_kind k)
{
	return (size_t)k < AID_KIND__MAX ? aid_kinds[k].label : "";
}

int
aid_kind_from_name(const char *name)
{
	for (int i = 0; i < AID_KIND__MAX; i++)
		if (name && strcmp(aid_kinds[i].name, name) == 0)
			return i;
	return -1;
}

const char *
aid_outcome_name(enum aid_outcome o)
{
	return (size_t)o < AID_OUTCOME__MAX ? aid_outcomes[o].name : "";
}

const char *
aid_outcome_label(enum aid_outcome o)
{
	return (size_t)o < AID_OUTCOME__MAX ? aid_outcomes[o].label : "";
}

int
aid_outcome_from_name(const char *name)
{
	for (int i = 0; i < AID_OUTCOME__MAX; i++)
		if (name && strcmp(aid_outcomes[i].name, name) == 0)
			return i;
	return -1;
}

static void
read_criterion(sqlite3_stmt *st, struct criterion *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->stage_id = sqlite3_column_int64(st, 1);
	c->position = sqlite3_column_int(st, 2);
	db_col_text(st, 3, c->text, sizeof(c->text));
	c->active = sqlite3_column_int(st, 4) != 0;
}

/* The count(*) of statement id for one bound id; -1 on error. */
static int
count_of(struct db *db, enum stmt id, int64_t key, const char *what)
{
	sqlite3_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (n < 0)
		db_log_error(db, what);
	return n;
}

int
criteria_count(struct db *db, int64_t stage_id)
{
	return count_of(db, ST_CRITERIA_COUNT, stage_id, "count criteria");
}

int
deal_ticks_count(struct db *db, int64_t deal_id)
{
	return count_of(db, ST_DEAL_TICKS_COUNT, deal_id, "count ticks");
}

int
criteria_list(struct db *db, int64_t stage_id, struct criterion *out, int max)
{
	sqlite3_stmt *st = db_stmt(db, ST_CRITERIA_LIST);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, stage_id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		read_criterion(st, &out[n++]);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list criteria");
		return -1;
	}
	return n;
}

int
criterion_get(struct db *db, int64_t id, struct criterion *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_CRITERION_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_criterion(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int
criterion_create(struct db *db, int64_t stage_id, const char *text, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, ST_CRITERION_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, stage_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
criterion_update(struct db *db, int64_t id, const char *text, int position,
    bool active)
{
	sqlite3_stmt *st = db_stmt(db, ST_CRITERION_UPDATE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, position);
	sqlite3_bind_int(st, 4, active ? 1 : 0);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
deal_ticks(struct db *db, int64_t deal_id, struct criterion_tick *out, int max)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_TICKS);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, deal_id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		struct criterion_tick *t = &out[n++];
		t->criterion_id = sqlite3_column_int64(st, 0);
		t->ticked_at = sqlite3_column_int64(st, 1);
		db_col_text(st, 2, t->ticked_by, sizeof(t->ticked_by));
		db_col_text(st, 3, t->evidence, sizeof(t->evidence));
		t->verified_at = sqlite3_column_int64(st, 4);
		db_col_text(st, 5, t->verified_by, sizeof(t->verified_by));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "list ticks");
		return -1;
	}
	return n;
}

int
deal_tick(struct db *db, int64_t deal_id, int64_t owner_id,
    int64_t criterion_id, const char *evidence, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_TICK);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, criterion_id);
	sqlite3_bind_text(st, 4, evidence ? evidence : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
deal_untick(struct db *db, int64_t deal_id, int64_t owner_id,
    int64_t criterion_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_UNTICK);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, criterion_id);
	sqlite3_bind_int64(st, 4, now);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
deal_verify_tick(struct db *db, int64_t deal_id, int64_t team_id,
    int64_t manager_id, int64_t criterion_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_VERIFY);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, team_id);
	sqlite3_bind_int64(st, 3, manager_id);
	sqlite3_bind_int64(st, 4, criterion_id);
	sqlite3_bind_int64(st, 5, now);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
deal_skips(struct db *db, int64_t deal_id, int *stages, int *criteria)
{
	sqlite3_stmt *st = db_stmt(db, ST_DEAL_SKIPS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	int rc = sqlite3_step(st);
	*stages = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	*criteria = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static void
read_aid(sqlite3_stmt *st, struct job_aid *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->stage_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, a->title, sizeof(a->title));
	int kind = aid_kind_from_name((const char *)sqlite3_column_text(st, 3));
	a->kind = kind < 0 ? AID_OTHER : (enum aid_kind)kind;
	db_col_text(st, 4, a->body, sizeof(a->body));
	db_col_text(st, 5, a->link, sizeof(a->link));
	a->active = sqlite3_column_int(st, 6) != 0;
}

int
aid_get(struct db *db, int64_t id, struct job_aid *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_aid(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

struct aid_each {
	int (*fn)(const struct job_aid *, void *);
	void *arg;
	struct job_aid aid; /* one buffer reused for every row */
};

static int
aid_row(sqlite3_stmt *st, void *arg)
{
	struct aid_each *e = arg;
	read_aid(st, &e->aid);
	return e->fn(&e->aid, e->arg);
}

int
aid_list(struct db *db, int64_t stage_id, bool active_only,
    int (*fn)(const struct job_aid *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_LIST);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, stage_id);
	sqlite3_bind_int(st, 2, active_only ? 1 : 0);
	struct aid_each *e = xmalloc(sizeof(*e));
	e->fn = fn;
	e->arg = arg;
	int rc = db_each(db, st, aid_row, e, "list aids");
	free(e);
	return rc;
}

static void
bind_aid(sqlite3_stmt *st, int first, const struct job_aid *a)
{
	sqlite3_bind_int64(st, first, a->stage_id);
	sqlite3_bind_text(st, first + 1, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 2, aid_kind_name(a->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, first + 3, a->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 4, a->link, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, first + 5, a->active ? 1 : 0);
}

int
aid_create(struct db *db, struct job_aid *a, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_INSERT);
	if (st == NULL)
		return DB_ERROR;
	bind_aid(st, 1, a);
	sqlite3_bind_int64(st, 7, now);
	int rc = db_step_done(db, st);
	if (rc == DB_OK)
		a->id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
aid_update(struct db *db, const struct job_aid *a, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_UPDATE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, a->id);
	bind_aid(st, 2, a);
	sqlite3_bind_int64(st, 8, now);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
aid_use_add(struct db *db, int64_t deal_id, int64_t owner_id, int64_t aid_id,
    enum aid_outcome outcome, const char *note, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_USE_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, owner_id);
	sqlite3_bind_int64(st, 3, aid_id);
	sqlite3_bind_text(st, 4, aid_outcome_name(outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	int rc = db_step_done(db, st);
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

struct use_each {
	int (*fn)(const struct aid_use *, void *);
	void *arg;
};

static int
use_row(sqlite3_stmt *st, void *arg)
{
	struct use_each *e = arg;
	struct aid_use u;
	u.id = sqlite3_column_int64(st, 0);
	u.aid_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, u.aid_title, sizeof(u.aid_title));
	db_col_text(st, 3, u.user_name, sizeof(u.user_name));
	u.stage_id = sqlite3_column_int64(st, 4);
	u.used_at = sqlite3_column_int64(st, 5);
	int o = aid_outcome_from_name((const char *)sqlite3_column_text(st, 6));
	u.outcome = o < 0 ? AID_NEUTRAL : (enum aid_outcome)o;
	db_col_text(st, 7, u.note, sizeof(u.note));
	return e->fn(&u, e->arg);
}

int
aid_uses_for_deal(struct db *db, int64_t deal_id,
    int (*fn)(const struct aid_use *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_USES_DEAL);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	struct use_each e = { fn, arg };
	return db_each(db, st, use_row, &e, "list aid uses");
}

int
aid_use_count(struct db *db, int64_t aid_id, int64_t team_id, int64_t *uses,
    int64_t *deals)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_USE_COUNT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, aid_id);
	sqlite3_bind_int64(st, 2, team_id);
	int rc = sqlite3_step(st);
	*uses = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	*deals = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

struct history_each {
	int (*fn)(const struct history_row *, void *);
	void *arg;
};

static int
history_row_read(sqlite3_stmt *st, void *arg)
{
	struct history_each *e = arg;
	struct history_row h;
	h.deal_id = sqlite3_column_int64(st, 0);
	h.from_stage = sqlite3_column_int64(st, 1);
	h.to_stage = sqlite3_column_int64(st, 2);
	h.from_status = deal_status_from_name(
	    (const char *)sqlite3_column_text(st, 3));
	h.to_status = deal_status_from_name((const char *)sqlite3_column_text(st,
	    4));
	h.at = sqlite3_column_int64(st, 5);
	h.skipped_stages = sqlite3_column_int(st, 6);
	h.skipped_criteria = sqlite3_column_int(st, 7);
	return e->fn(&h, e->arg);
}

int
history_for_team(struct db *db, int64_t team_id,
    int (*fn)(const struct history_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_HISTORY_TEAM);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	struct history_each e = { fn, arg };
	return db_each(db, st, history_row_read, &e, "read history");
}

struct uses_each {
	int (*fn)(const struct use_row *, void *);
	void *arg;
};

static int
uses_row_read(sqlite3_stmt *st, void *arg)
{
	struct uses_each *e = arg;
	struct use_row u;
	u.deal_id = sqlite3_column_int64(st, 0);
	u.aid_id = sqlite3_column_int64(st, 1);
	u.stage_id = sqlite3_column_int64(st, 2);
	u.used_at = sqlite3_column_int64(st, 3);
	return e->fn(&u, e->arg);
}

int
uses_for_team(struct db *db, int64_t team_id,
    int (*fn)(const struct use_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_USES_TEAM);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	struct uses_each e = { fn, arg };
	return db_each(db, st, uses_row_read, &e, "read aid uses");
}

int
deal_tick_import(struct db *db, int64_t deal_id, int64_t criterion_id,
    int64_t by, const char *evidence, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, ST_TICK_IMPORT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, criterion_id);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_text(st, 4, evidence ? evidence : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, at);
	return db_step_done(db, st);
}

int
aid_use_import(struct db *db, int64_t deal_id, int64_t aid_id, int64_t by,
    int64_t stage_id, enum aid_outcome outcome, const char *note, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, ST_AID_USE_IMPORT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, aid_id);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_int64(st, 4, stage_id);
	sqlite3_bind_text(st, 5, aid_outcome_name(outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, at);
	return db_step_done(db, st);
}
