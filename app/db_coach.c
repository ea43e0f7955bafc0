/*
 * db_coach.c - typed access to coaching items and sessions, and to what
 * the coaching rules read.  Every statement is bounded by the team (or
 * the rep, for the rep's own view).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "date.h"
#include "measures.h"
#include "db.h"
#include "db_coach.h"
#include "db_internal.h"
#include "util.h"

static const char *const status_names[] = {
	[COACH_OPEN] = "open",
	[COACH_SNOOZED] = "snoozed",
	[COACH_DONE] = "done",
	[COACH_DISMISSED] = "dismissed",
};

const char *
coach_status_name(enum coach_status s)
{
	return (size_t)s < GW_ARRAY_LEN(status_names) ? status_names[s] : "";
}

static enum coach_status
status_from(const char *name)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(status_names); i++)
		if (name && strcmp(name, status_names[i]) == 0)
			return (enum coach_status)i;
	return COACH_OPEN;
}

static const struct {
	const char *name;
	const char *label;
} kinds[SK__MAX] = {
	[SK_DEAL_REVIEW] = { "deal_review", "Deal review" },
	[SK_JOINT_CALL] = { "joint_call", "Joint call" },
	[SK_ROLE_PLAY] = { "role_play", "Role-play" },
	[SK_ONE_TO_ONE] = { "one_to_one", "1:1" },
	[SK_OTHER] = { "other", "Other" },
};

const char *
session_kind_name(enum session_kind k)
{
	return (size_t)k < SK__MAX ? kinds[k].name : "";
}

const char *
session_kind_label(enum session_kind k)
{
	return (size_t)k < SK__MAX ? kinds[k].label : "";
}

int
session_kind_from_name(const char *name)
{
	for (int i = 0; i < SK__MAX; i++)
		if (name && strcmp(kinds[i].name, name) == 0)
			return i;
	return -1;
}

/* A callback and its argument, cast back to the typed callback. */
struct cb {
	void (*fn)(void);
	void *arg;
};

static int
aid_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	return ((int (*)(int64_t, int64_t, void *))c->fn)(
	    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), c->arg);
}

int
coach_early_aid_uses(struct db *db, int64_t team_id,
    int (*fn)(int64_t user_id, int64_t at, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_EARLY_AIDS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, aid_row, &c, "early aid uses");
}

static int
item_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct coaching_item *i = xcalloc(1, sizeof(*i));
	i->id = sqlite3_column_int64(st, 0);
	i->rep_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, i->rep_name, sizeof(i->rep_name));
	i->deal_id = sqlite3_column_int64(st, 3);
	i->rule = sqlite3_column_int(st, 4);
	db_col_text(st, 5, i->reason, sizeof(i->reason));
	i->early = sqlite3_column_int(st, 6) != 0;
	i->status = status_from((const char *)sqlite3_column_text(st, 7));
	db_col_text(st, 8, i->snooze_until, sizeof(i->snooze_until));
	i->created_at = sqlite3_column_int64(st, 9);
	i->closed_at = sqlite3_column_int64(st, 10);
	db_col_text(st, 11, i->closed_by, sizeof(i->closed_by));
	db_col_text(st, 12, i->close_note, sizeof(i->close_note));
	i->private_note = sqlite3_column_int(st, 13) != 0;
	i->causes = (unsigned)sqlite3_column_int64(st, 14);
	i->active_at = sqlite3_column_int64(st, 15);
	i->urgency = sqlite3_column_int64(st, 16);
	i->stage_id = sqlite3_column_int64(st, 17);
	i->by_person = sqlite3_column_int(st, 18) != 0;
	int rc = ((int (*)(const struct coaching_item *, void *))c->fn)(i,
	    c->arg);
	free(i);
	return rc;
}

int
coach_items_closed(struct db *db, int64_t team_id,
    int (*fn)(const struct coaching_item *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_CLOSED);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int(st, 9, 0); /* the manager's: notes shown */
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, item_row, &c, "coaching items");
}

int
coach_items_for_rep(struct db *db, int64_t rep_id, int64_t since, int64_t now,
    int (*fn)(const struct coaching_item *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_MINE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, rep_id);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int(st, 9, 1);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, item_row, &c, "coaching items");
}

/* DB_NOTFOUND when the last statement changed no row. */
static int
changed(struct db *db, int rc)
{
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
coach_item_close(struct db *db, int64_t id, int64_t team_id,
    enum coach_status status, int64_t by, const char *note, bool private_note,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_CLOSE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, team_id);
	sqlite3_bind_text(st, 3, coach_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, by);
	sqlite3_bind_text(st, 6, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, private_note ? 1 : 0);
	int rc = changed(db, db_step_done(db, st));
	/* A deal's causes that begin later (a stall, an overdue step) get
	 * a new item now, shown from the day they begin. */
	struct coaching_item *it = rc == DB_OK ? xcalloc(1, sizeof(*it)) : NULL;
	if (it && (rc = coach_item_get(db, id, team_id, it)) == DB_OK &&
	    it->deal_id)
		rc = coach_item_refresh_deal(db, it->deal_id, now);
	free(it);
	return rc;
}

int
coach_item_snooze(struct db *db, int64_t id, int64_t team_id, const char *until)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_SNOOZE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, team_id);
	sqlite3_bind_text(st, 3, until, -1, SQLITE_STATIC);
	return changed(db, db_step_done(db, st));
}

int
coach_item_add(struct db *db, int64_t team_id, int64_t rep_id, int64_t deal_id,
    const char *reason, int64_t by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_ADD);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, rep_id);
	sqlite3_bind_int64(st, 3, deal_id);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, by);
	sqlite3_bind_int64(st, 6, now);
	int rc = changed(db, db_step_done(db, st));
	if (rc != DB_OK)
		return rc;
	/* Its place in the queue: a person's own item weighs most. */
	int64_t id = sqlite3_last_insert_rowid(db->conn);
	struct coaching_item *it = xcalloc(1, sizeof(*it));
	rc = coach_item_get(db, id, team_id, it);
	unsigned mask = 1u << CAUSE_HAND;
	int64_t rank = coach_rank(mask, it->early, now, 0);
	free(it);
	st = rc == DB_OK ? db_stmt(db, ST_COACH_ITEM_RANK) : NULL;
	if (st == NULL)
		return rc == DB_OK ? DB_ERROR : rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)mask);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, rank);
	return db_step_done(db, st);
}

int
coaching_session_add(struct db *db, int64_t team_id, int64_t manager_id,
    int64_t rep_id, int64_t deal_id, int minutes, enum session_kind kind,
    const char *notes, bool private_note, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db,
	    deal_id ? ST_SESSION_ADD_DEAL : ST_SESSION_ADD);
	if (st == NULL)
		return DB_ERROR;
	int i = 1;
	sqlite3_bind_int64(st, i++, team_id);
	sqlite3_bind_int64(st, i++, manager_id);
	sqlite3_bind_int64(st, i++, rep_id);
	if (deal_id)
		sqlite3_bind_int64(st, i++, deal_id);
	sqlite3_bind_int(st, i++, minutes);
	sqlite3_bind_text(st, i++, session_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, notes ? notes : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, i++, private_note ? 1 : 0);
	sqlite3_bind_int64(st, i++, at);
	return changed(db, db_step_done(db, st));
}

static int
session_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct coaching_session *s = xcalloc(1, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, s->manager, sizeof(s->manager));
	db_col_text(st, 2, s->rep, sizeof(s->rep));
	s->deal_id = sqlite3_column_int64(st, 3);
	db_col_text(st, 4, s->company, sizeof(s->company));
	db_col_text(st, 5, s->stage, sizeof(s->stage));
	s->early = sqlite3_column_int(st, 6) != 0;
	s->minutes = sqlite3_column_int(st, 7);
	int k = session_kind_from_name((const char *)sqlite3_column_text(st, 8));
	s->kind = k < 0 ? SK_OTHER : (enum session_kind)k;
	db_col_text(st, 9, s->notes, sizeof(s->notes));
	s->private_note = sqlite3_column_int(st, 10) != 0;
	s->at = sqlite3_column_int64(st, 11);
	int rc = ((int (*)(const struct coaching_session *, void *))c->fn)(s,
	    c->arg);
	free(s);
	return rc;
}

static int
sessions(struct db *db, enum stmt id, int64_t key, int64_t since,
    int (*fn)(const struct coaching_session *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, since);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, session_row, &c, "coaching sessions");
}

int
coaching_sessions_team(struct db *db, int64_t team_id, int64_t since,
    int (*fn)(const struct coaching_session *, void *), void *arg)
{
	return sessions(db, ST_SESSIONS_TEAM, team_id, since, fn, arg);
}

int
coaching_sessions_rep(struct db *db, int64_t rep_id, int64_t since,
    int (*fn)(const struct coaching_session *, void *), void *arg)
{
	return sessions(db, ST_SESSIONS_REP, rep_id, since, fn, arg);
}

static int
minutes_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	return ((int (*)(int64_t, int, int64_t,
	    void *))c->fn)(sqlite3_column_int64(st, 0),
	    sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2), c->arg);
}

int
coaching_minutes(struct db *db, int64_t team_id, int64_t since,
    int (*fn)(int64_t week, int tie, int64_t minutes, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_SESSION_MINUTES);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, since);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, minutes_row, &c, "coaching minutes");
}

static int
change_by_row(sqlite3_stmt *st, void *arg)
{
	struct cb *c = arg;
	struct by_other_row r = { sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4) };
	return ((int (*)(const struct by_other_row *, void *))c->fn)(&r,
	    c->arg);
}

int
coach_changes_by(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct by_other_row *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_CHANGES_BY);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_day);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, change_by_row, &c, "changes by");
}

int
team_early_target(struct db *db, int64_t team_id, int *percent)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_TARGET_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	int rc = sqlite3_step(st);
	*percent = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 50;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : DB_NOTFOUND;
}

int
team_set_early_target(struct db *db, int64_t team_id, int percent)
{
	sqlite3_stmt *st = db_stmt(db, ST_TEAM_TARGET_SET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int(st, 2, percent);
	return changed(db, db_step_done(db, st));
}

int
coaching_session_import(struct db *db, int64_t team_id, int64_t manager_id,
    int64_t rep_id, int64_t deal_id, int64_t stage_id, bool early, int minutes,
    enum session_kind kind, const char *notes, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, ST_SESSION_IMPORT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, manager_id);
	sqlite3_bind_int64(st, 3, rep_id);
	sqlite3_bind_int64(st, 4, deal_id);
	sqlite3_bind_int64(st, 5, stage_id);
	sqlite3_bind_int(st, 6, early ? 1 : 0);
	sqlite3_bind_int(st, 7, minutes);
	sqlite3_bind_text(st, 8, session_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, notes ? notes : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, at);
	return db_step_done(db, st);
}

/* ---- The queue: one item per deal or rep. ---- */

#define DAY 86400

static void
facts_read(sqlite3_stmt *st, struct coach_facts *f)
{
	memset(f, 0, sizeof(*f));
	int c = 0;
	f->id = sqlite3_column_int64(st, c++);
	f->owner_id = sqlite3_column_int64(st, c++);
	f->team_id = sqlite3_column_int64(st, c++);
	f->open = sqlite3_column_int(st, c++) != 0;
	f->stage_id = sqlite3_column_int64(st, c++);
	f->entered_at = sqlite3_column_int64(st, c++);
	f->last_activity_at = sqlite3_column_int64(st, c++);
	f->has_next_step = sqlite3_column_int(st, c++) != 0;
	db_col_text(st, c++, f->next_step_due, sizeof(f->next_step_due));
	f->amount = sqlite3_column_int64(st, c++);
	f->late_entry = sqlite3_column_int(st, c++) != 0;
	f->created_at = sqlite3_column_int64(st, c++);
	f->first_stage_id = sqlite3_column_int64(st, c++);
	f->back_at = sqlite3_column_int64(st, c++);
	f->back_from = sqlite3_column_int64(st, c++);
	f->back_to = sqlite3_column_int64(st, c++);
	f->skip_at = sqlite3_column_int64(st, c++);
	f->skip_from = sqlite3_column_int64(st, c++);
	f->skip_to = sqlite3_column_int64(st, c++);
	f->skip_stages = sqlite3_column_int(st, c++);
	f->skip_criteria = sqlite3_column_int(st, c++);
	db_col_text(st, c++, f->company, sizeof(f->company));
	db_col_text(st, c++, f->owner_name, sizeof(f->owner_name));
}

int
coach_deal_facts(struct db *db, int64_t deal_id, int64_t since,
    struct coach_facts *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_FACTS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, since);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		facts_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_DONE)
		return DB_NOTFOUND;
	db_log_error(db, "coaching facts");
	return DB_ERROR;
}

int
coach_closed_causes(struct db *db, const char *subject, const int64_t *at,
    unsigned mask, unsigned *closed)
{
	*closed = 0;
	sqlite3_stmt *st = db_stmt(db, ST_COACH_CLOSINGS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unsigned had = (unsigned)sqlite3_column_int64(st, 0);
		int64_t closed_at = sqlite3_column_int64(st, 1);
		for (int c = 0; c < CAUSE__MAX; c++)
			if ((mask & had & (1u << c)) && at[c] &&
			    closed_at >= at[c])
				*closed |= 1u << c;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log_error(db, "coaching closings");
		return DB_ERROR;
	}
	return DB_OK;
}

static int
resolve_subject(struct db *db, int64_t team_id, const char *subject,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_ITEM_RESOLVE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, team_id);
	return db_step_done(db, st);
}

/* Update the live item of the subject, or make one.  Bindings 1-10
 * are shared by both statements. */
static int
upsert_item(struct db *db, const char *subject, const struct coach_facts *f,
    unsigned mask, bool early, int64_t since, int64_t urgency,
    const char *reason, int64_t now)
{
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *st = db_stmt(db,
		    pass ? ST_COACH_ITEM_INSERT : ST_COACH_ITEM_UPDATE);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, f->team_id);
		sqlite3_bind_int64(st, 3, f->owner_id);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)mask);
		sqlite3_bind_int64(st, 5, f->stage_id);
		sqlite3_bind_int64(st, 6, since);
		sqlite3_bind_int64(st, 7, urgency);
		sqlite3_bind_int(st, 8, early ? 1 : 0);
		sqlite3_bind_text(st, 9, reason, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 10, now);
		if (pass) {
			sqlite3_bind_int64(st, 11, f->id);
			int first = 0;
			while (first < CAUSE__MAX && !(mask & (1u << first)))
				first++;
			sqlite3_bind_int(st, 12, first);
		}
		int rc = db_step_done(db, st);
		if (rc != DB_OK || sqlite3_changes(db->conn) > 0)
			return rc;
	}
	return DB_OK;
}

/* Evaluate one deal from its facts and store its item. */
static int
refresh_facts(struct db *db, const struct stage *stages, int nstages,
    const struct coach_facts *f, int64_t now)
{
	char subject[40];
	snprintf(subject, sizeof(subject), "deal:%lld", (long long)f->id);
	char today[DATE_SIZE];
	date_of(now, today);
	struct coach_causes c;
	unsigned mask = f->team_id ? coach_deal_causes(stages, nstages, f, now,
	                                 today, &c)
	                           : 0;
	unsigned closed = 0;
	if (mask &&
	    coach_closed_causes(db, subject, c.at, mask, &closed) != DB_OK)
		return DB_ERROR;
	mask &= ~closed;
	if (mask == 0)
		return resolve_subject(db, f->team_id, subject, now);
	int64_t since = coach_causes_since(&c, mask);
	int64_t urgency = coach_rank(mask, c.early, since, f->amount);
	char reason[2048];
	coach_deal_line(stages, nstages, f, &c, mask, since > now ? since : now,
	    false, reason, sizeof(reason));
	return upsert_item(db, subject, f, mask, c.early, since, urgency,
	    reason, now);
}

int
coach_item_refresh_deal(struct db *db, int64_t deal_id, int64_t now)
{
	struct stage stages[STAGES_MAX];
	int nstages = stage_list(db, stages, STAGES_MAX);
	if (nstages < 0)
		return DB_ERROR;
	struct coach_facts f;
	int rc = coach_deal_facts(db, deal_id,
	    now - (int64_t)COACH_RECENT_DAYS * DAY, &f);
	if (rc == DB_NOTFOUND)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	rc = refresh_facts(db, stages, nstages, &f, now);
	if (rc == DB_OK && f.team_id)
		rc = coach_week_mark(db, f.team_id, now);
	return rc;
}

struct rebuild {
	struct db *db;
	struct stage stages[STAGES_MAX];
	int nstages;
	int64_t now;
	int rc;
};

static int
rebuild_row(sqlite3_stmt *st, void *arg)
{
	struct rebuild *b = arg;
	struct coach_facts f;
	facts_read(st, &f);
	b->rc = refresh_facts(b->db, b->stages, b->nstages, &f, b->now);
	return b->rc != DB_OK;
}

int
coach_items_rebuild(struct db *db, int64_t now)
{
	struct rebuild *b = xcalloc(1, sizeof(*b));
	b->db = db;
	b->now = now;
	b->nstages = stage_list(db, b->stages, STAGES_MAX);
	int rc = b->nstages < 0 ? DB_ERROR : DB_OK;
	sqlite3_stmt *st = rc == DB_OK ? db_stmt(db, ST_COACH_FACTS_OPEN)
	                               : NULL;
	if (st == NULL)
		rc = DB_ERROR;
	if (rc == DB_OK) {
		sqlite3_bind_int64(st, 2,
		    now - (int64_t)COACH_RECENT_DAYS * DAY);
		rc = db_each(db, st, rebuild_row, b, "coaching rebuild");
	}
	if (rc == DB_OK)
		rc = b->rc;
	free(b);
	return rc;
}

static int
bind_filter(sqlite3_stmt *st, const struct coach_filter *f)
{
	sqlite3_bind_int64(st, 1, f->team_id);
	sqlite3_bind_int64(st, 2, f->now);
	sqlite3_bind_text(st, 3, f->today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, f->rep_id);
	sqlite3_bind_int64(st, 5, f->stage_id);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)f->causes);
	return 0;
}

int
coach_queue(struct db *db, const struct coach_filter *f,
    int (*fn)(const struct coaching_item *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_QUEUE);
	if (st == NULL)
		return DB_ERROR;
	bind_filter(st, f);
	sqlite3_bind_int(st, 7, f->limit);
	sqlite3_bind_int(st, 8, f->offset);
	sqlite3_bind_int(st, 9, 0);
	struct cb c = { (void (*)(void))fn, arg };
	return db_each(db, st, item_row, &c, "coaching queue");
}

int
coach_queue_count(struct db *db, const struct coach_filter *f, int cap,
    int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_QUEUE_COUNT);
	if (st == NULL)
		return DB_ERROR;
	bind_filter(st, f);
	sqlite3_bind_int(st, 7, cap);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static int
copy_item(const struct coaching_item *i, void *arg)
{
	memcpy(arg, i, sizeof(*i));
	return 1;
}

int
coach_item_get(struct db *db, int64_t id, int64_t team_id,
    struct coaching_item *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_ITEM_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, team_id);
	sqlite3_bind_int(st, 9, 0);
	out->id = 0;
	struct cb c = { (void (*)(void))copy_item, out };
	int rc = db_each(db, st, item_row, &c, "coaching item");
	if (rc == DB_OK && out->id == 0)
		return DB_NOTFOUND;
	return rc;
}

int
coach_live_subject(struct db *db, int64_t team_id, const char *subject,
    int64_t *id, bool *snoozed, char until[11])
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_LIVE_SUBJECT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	*id = 0;
	*snoozed = false;
	until[0] = '\0';
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		const char *s = (const char *)sqlite3_column_text(st, 1);
		*snoozed = s && strcmp(s, "snoozed") == 0;
		db_col_text(st, 2, until, 11);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "coaching subject");
		return DB_ERROR;
	}
	return DB_OK;
}

int
coach_rep_item(struct db *db, int64_t team_id, int64_t rep_id, unsigned causes,
    int64_t since, int64_t urgency, const char *reason, int64_t now,
    int64_t *id)
{
	char subject[40], until[11];
	snprintf(subject, sizeof(subject), "rep:%lld", (long long)rep_id);
	bool snoozed;
	int rc = coach_live_subject(db, team_id, subject, id, &snoozed, until);
	if (rc != DB_OK || *id)
		return rc;
	sqlite3_stmt *st = db_stmt(db, ST_COACH_REP_INSERT);
	if (st == NULL)
		return DB_ERROR;
	int first = 0;
	while (first < CAUSE__MAX && !(causes & (1u << first)))
		first++;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, rep_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)causes);
	sqlite3_bind_int64(st, 4, since);
	sqlite3_bind_int64(st, 5, urgency);
	sqlite3_bind_text(st, 6, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int(st, 8, first);
	rc = changed(db, db_step_done(db, st));
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
coach_top(struct db *db, int64_t team_id, int *n)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_TOP_GET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 5;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : DB_NOTFOUND;
}

int
coach_set_top(struct db *db, int64_t team_id, int n)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_TOP_SET);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int(st, 2, n);
	return changed(db, db_step_done(db, st));
}

struct week_ids {
	int64_t ids[20];
	int n;
};

static int
note_week_item(const struct coaching_item *i, void *arg)
{
	struct week_ids *w = arg;
	if (w->n < (int)GW_ARRAY_LEN(w->ids))
		w->ids[w->n++] = i->id;
	return 0;
}

int
coach_week_mark(struct db *db, int64_t team_id, int64_t now)
{
	int64_t week = measure_week(now);
	sqlite3_stmt *st = db_stmt(db, ST_COACH_WEEK_HAS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, week);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc != SQLITE_DONE)
		return DB_ERROR;
	int top = 5;
	if (coach_top(db, team_id, &top) == DB_ERROR)
		return DB_ERROR;
	char today[DATE_SIZE];
	date_of(now, today);
	struct coach_filter f = { team_id, now, today, 0, 0, 0, top, 0 };
	struct week_ids w = { { 0 }, 0 };
	rc = coach_queue(db, &f, note_week_item, &w);
	for (int i = 0; i < w.n && rc == DB_OK; i++) {
		st = db_stmt(db, ST_COACH_WEEK_MARK);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, team_id);
		sqlite3_bind_int64(st, 2, week);
		sqlite3_bind_int64(st, 3, w.ids[i]);
		rc = db_step_done(db, st);
	}
	return rc;
}

int
coach_week_follow(struct db *db, int64_t team_id, int64_t first_week,
    int (*fn)(int64_t week, int64_t items, int64_t followed, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_WEEK_FOLLOW);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, first_week);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		        sqlite3_column_int64(st, 2), arg) != 0)
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "coaching follow-through");
		return DB_ERROR;
	}
	return DB_OK;
}

int
coaching_session_item(struct db *db, int64_t item_id)
{
	int64_t session_id = sqlite3_last_insert_rowid(db->conn);
	sqlite3_stmt *st = db_stmt(db, ST_COACH_SESSION_ITEM);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, session_id);
	sqlite3_bind_int64(st, 2, item_id);
	return changed(db, db_step_done(db, st));
}

int
coach_rep_deals(struct db *db, int64_t team_id, int64_t rep_id,
    const char *company_prefix, int max,
    int (*fn)(int64_t id, const char *company, const char *stage, void *),
    void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_COACH_REP_DEALS);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_int64(st, 2, rep_id);
	sqlite3_bind_int(st, 3, max);
	sqlite3_bind_text(st, 4, company_prefix ? company_prefix : "", -1,
	    SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0),
		        (const char *)sqlite3_column_text(st, 1),
		        (const char *)sqlite3_column_text(st, 2), arg) != 0)
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "rep deals");
		return DB_ERROR;
	}
	return DB_OK;
}
