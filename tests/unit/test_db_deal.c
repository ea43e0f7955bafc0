/*
 * test_db_deal.c - stages, deals and their history in the data layer
 * (app/db_deal.c) on a scratch database migrated from sql/: the
 * default stages, who may see and change a deal, the stage-change and
 * edit history, and the My deals filters.
 *
 * The cast: two teams, a manager per team, two reps in team A, one in
 * team B, and an admin in no team.  Every write runs inside
 * db_tx_begin()/db_tx_commit().  The tests use the sqlite3 API
 * directly only to count rows, to reorder stages (the data layer has
 * no call for it yet), and to show that the stage history refuses to
 * be rewritten.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "db_deal.h"
#include "unit.h"
#include "util.h"

#define SQL_DIR "sql"
#define T0 INT64_C(1700000000)

static struct db *db;
static char dbpath[512];

static struct fixture_people who;

/* --- fixture --------------------------------------------------------- */

static void
begin(void)
{
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
}

static void
commit(void)
{
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
}

static int64_t
add_user(const char *email, const char *name, enum role role, int64_t team_id)
{
	return fixture_user(db, email, name, (int)role, team_id);
}

static void
setup(void)
{
	db = fixture_db("deals", dbpath, sizeof(dbpath));

	fixture_two_teams(db, &who);
	who.admin = add_user("admin@example.com", "Ada Admin", ROLE_ADMIN, 0);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

/* --- helpers --------------------------------------------------------- */

/* A deal for owner (in the owner's team), not yet saved. */
static struct deal
draft(int64_t owner, int64_t team, const char *company, const char *contact,
    int64_t stage_id)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	str_copy(d.company, sizeof(d.company), company);
	str_copy(d.contact, sizeof(d.contact), contact);
	str_copy(d.title, sizeof(d.title), "Pilot");
	d.has_amount = true;
	d.amount = 1250050;
	str_copy(d.currency, sizeof(d.currency), "USD");
	str_copy(d.source, sizeof(d.source), "Referral");
	str_copy(d.expected_close, sizeof(d.expected_close), "2030-06-30");
	str_copy(d.next_step, sizeof(d.next_step), "Call back");
	str_copy(d.next_step_due, sizeof(d.next_step_due), "2030-01-15");
	d.stage_id = stage_id;
	return d;
}

static int64_t
create(struct deal *d, int64_t now)
{
	begin();
	ck_assert_int_eq(deal_create(db, d, now), DB_OK);
	commit();
	ck_assert_int_gt(d->id, 0);
	return d->id;
}

/* A deal of rep A1's in team A, at stage_id. */
static int64_t
rita_deal(const char *company, const char *contact, int64_t stage_id,
    int64_t now)
{
	struct deal d = draft(who.rep_a1, who.team_a, company, contact,
	    stage_id);
	return create(&d, now);
}

/* deal_move() and deal_close() with no exit criteria skipped. */
static int
move(int64_t id, int64_t owner, int64_t from, int64_t to, int skipped,
    const char *note, int64_t now)
{
	return deal_move(db, id, owner, from, to, skipped, note, "", 0, now);
}

static int
close_deal(int64_t id, int64_t owner, int64_t stage_id,
    enum deal_status outcome, const char *reason, int64_t now)
{
	return deal_close(db, id, owner, stage_id, outcome, reason, 0, "", 0,
	    now);
}

static struct viewer
as(int64_t user_id, enum role role, int64_t team_id)
{
	struct viewer v = { user_id, role, team_id };
	return v;
}

static struct viewer
as_owner(void)
{
	return as(who.rep_a1, ROLE_REP, who.team_a);
}

static struct deal
get_ok(int64_t id)
{
	struct deal d;
	struct viewer v = as(who.admin, ROLE_ADMIN, 0);
	ck_assert_int_eq(deal_get(db, id, &v, &d), DB_OK);
	return d;
}

/* Every field of a and b is the same. */
static void
assert_same_deal(const struct deal *a, const struct deal *b)
{
	ck_assert(a->id == b->id);
	ck_assert(a->owner_id == b->owner_id);
	ck_assert_str_eq(a->owner_name, b->owner_name);
	ck_assert(a->team_id == b->team_id);
	ck_assert_str_eq(a->company, b->company);
	ck_assert_str_eq(a->contact, b->contact);
	ck_assert_str_eq(a->title, b->title);
	ck_assert_int_eq(a->has_amount, b->has_amount);
	ck_assert(a->amount == b->amount);
	ck_assert_str_eq(a->currency, b->currency);
	ck_assert_str_eq(a->source, b->source);
	ck_assert_str_eq(a->expected_close, b->expected_close);
	ck_assert_str_eq(a->next_step, b->next_step);
	ck_assert_str_eq(a->next_step_due, b->next_step_due);
	ck_assert(a->stage_id == b->stage_id);
	ck_assert_str_eq(a->stage_name, b->stage_name);
	ck_assert_int_eq(a->stage_position, b->stage_position);
	ck_assert_int_eq(a->status, b->status);
	ck_assert_str_eq(a->lost_reason, b->lost_reason);
	ck_assert(a->first_stage_id == b->first_stage_id);
	ck_assert_int_eq(a->late_entry, b->late_entry);
	ck_assert(a->stage_entered_at == b->stage_entered_at);
	ck_assert(a->created_at == b->created_at);
	ck_assert(a->updated_at == b->updated_at);
	ck_assert(a->closed_at == b->closed_at);
	ck_assert(a->last_activity_at == b->last_activity_at);
}

/* The single integer an SQL query returns, asked over a separate
 * read-only connection. */
static int64_t
sql_int(const char *sql)
{
	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open_v2(dbpath, &conn, SQLITE_OPEN_READONLY,
	                     NULL),
	    SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(conn, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return v;
}

/* Runs SQL over a separate connection (set-up the data layer has no
 * function for, such as reordering stages). */
static void
sql_exec(const char *sql)
{
	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open_v2(dbpath, &conn, SQLITE_OPEN_READWRITE,
	                     NULL),
	    SQLITE_OK);
	char *err = NULL;
	int rc = sqlite3_exec(conn, sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
	sqlite3_close(conn);
}

struct timeline {
	int n;
	struct timeline_entry e[10];
};

static int
collect_entry(const struct timeline_entry *e, void *arg)
{
	struct timeline *t = arg;
	/* The draft's next step is a step of its own; the step entries
	 * are the step suite's (test_db_step.c). */
	if (e->kind == TL_STEP_SET || e->kind == TL_STEP_DONE)
		return 0;
	ck_assert_int_lt(t->n, 10);
	t->e[t->n++] = *e;
	return 0;
}

/* Static: the entries are large. */
static struct timeline *
timeline_of(int64_t id)
{
	static struct timeline t[2];
	static int next;
	struct timeline *tl = &t[next++ % 2];
	memset(tl, 0, sizeof(*tl));
	ck_assert_int_eq(deal_timeline(db, id, collect_entry, tl), DB_OK);
	return tl;
}

static void
assert_change(const struct timeline_entry *e, int64_t at,
    const char *from_stage, const char *to_stage, const char *from_status,
    const char *to_status)
{
	ck_assert_int_eq(e->kind, TL_CHANGE);
	ck_assert(e->at == at);
	ck_assert_str_eq(e->from_stage, from_stage);
	ck_assert_str_eq(e->to_stage, to_stage);
	ck_assert_str_eq(e->from_status, from_status);
	ck_assert_str_eq(e->to_status, to_status);
}

struct listed {
	int n;
	int64_t ids[16];
	char company[16][64];
	int stop_after;
};

static int
collect_deal(const struct deal *d, void *arg)
{
	struct listed *l = arg;
	ck_assert_int_lt(l->n, 16);
	l->ids[l->n] = d->id;
	str_copy(l->company[l->n], sizeof(l->company[0]), d->company);
	l->n++;
	return l->stop_after && l->n >= l->stop_after;
}

static struct deal_filter
filter(int64_t owner, int status, int64_t stage_id, const char *search)
{
	struct deal_filter f = { owner, status, stage_id, search, 100, 0 };
	return f;
}

/* The companies in l, joined by "|". */
static const char *
joined(const struct listed *l)
{
	static char out[1024];
	out[0] = '\0';
	for (int i = 0; i < l->n; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, l->company[i]);
	}
	return out;
}

/* The companies deal_list yields for f, joined by "|". */
static const char *
listed(const struct deal_filter *f)
{
	struct listed l;
	memset(&l, 0, sizeof(l));
	ck_assert_int_eq(deal_list(db, f, collect_deal, &l), DB_OK);
	return joined(&l);
}

/* The same from deal_list_stage. */
static const char *
listed_stage(const struct deal_filter *f)
{
	struct listed l;
	memset(&l, 0, sizeof(l));
	ck_assert_int_eq(deal_list_stage(db, f, collect_deal, &l), DB_OK);
	return joined(&l);
}

/* --- stages ---------------------------------------------------------- */

START_TEST(default_stages)
{
	static const struct {
		const char *name;
		bool early;
		int probability, target_days;
	} want[] = {
		{ "Prospect", true, 10, 14 },
		{ "Discovery", true, 20, 21 },
		{ "Evaluation", false, 40, 30 },
		{ "Proposal", false, 60, 21 },
		{ "Commit", false, 80, 14 },
	};
	struct stage s[STAGES_MAX];
	ck_assert_int_eq(stage_list(db, s, STAGES_MAX), 5);
	for (int i = 0; i < 5; i++) {
		ck_assert_str_eq(s[i].name, want[i].name);
		ck_assert_int_eq(s[i].early, want[i].early);
		ck_assert_int_eq(s[i].probability, want[i].probability);
		ck_assert_int_eq(s[i].target_days, want[i].target_days);
		ck_assert(s[i].active);
		ck_assert_int_gt(s[i].id, 0);
		if (i > 0)
			ck_assert_int_gt(s[i].position, s[i - 1].position);
	}

	/* max is respected: nothing is written past it. */
	struct stage few[4];
	memset(few, 0x5a, sizeof(few));
	ck_assert_int_eq(stage_list(db, few, 3), 3);
	ck_assert_str_eq(few[2].name, "Evaluation");
	ck_assert_int_eq(few[3].position, 0x5a5a5a5a);
}
END_TEST

/* --- create and read ------------------------------------------------- */

START_TEST(create_reads_back)
{
	struct deal in = draft(who.rep_a1, who.team_a, "Acme Corp", "Jane Doe",
	    3);
	in.late_entry = true;
	create(&in, T0);

	struct deal d;
	struct viewer v = as_owner();
	ck_assert_int_eq(deal_get(db, in.id, &v, &d), DB_OK);
	ck_assert(d.id == in.id);
	ck_assert(d.owner_id == who.rep_a1);
	ck_assert_str_eq(d.owner_name, "Rita Rep");
	ck_assert(d.team_id == who.team_a);
	ck_assert_str_eq(d.company, "Acme Corp");
	ck_assert_str_eq(d.contact, "Jane Doe");
	ck_assert_str_eq(d.title, "Pilot");
	ck_assert(d.has_amount);
	ck_assert(d.amount == 1250050);
	ck_assert_str_eq(d.currency, "USD");
	ck_assert_str_eq(d.source, "Referral");
	ck_assert_str_eq(d.expected_close, "2030-06-30");
	ck_assert_str_eq(d.next_step, "Call back");
	ck_assert_str_eq(d.next_step_due, "2030-01-15");
	ck_assert(d.stage_id == 3);
	ck_assert_str_eq(d.stage_name, "Evaluation");
	ck_assert_int_eq(d.stage_position, 3);
	ck_assert_int_eq(d.status, DEAL_OPEN);
	ck_assert_str_eq(d.lost_reason, "");
	ck_assert(d.first_stage_id == 3);
	ck_assert(d.late_entry);
	ck_assert(d.stage_entered_at == T0);
	ck_assert(d.created_at == T0);
	ck_assert(d.updated_at == T0);
	ck_assert(d.closed_at == 0);
	ck_assert(d.last_activity_at == T0);

	/* No amount is NULL, not 0; no team is 0. */
	struct deal none = draft(who.admin, 0, "Teamless", "", 1);
	none.has_amount = false;
	none.amount = 0;
	create(&none, T0);
	struct deal got = get_ok(none.id);
	ck_assert(!got.has_amount);
	ck_assert(got.team_id == 0);
	ck_assert(!got.late_entry);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deals WHERE amount IS "
	                         "NULL AND team_id IS NULL"),
	    1);
}
END_TEST

/* A deal logged and edited in the same second still lists its logging
 * last: the first entry is the oldest, whatever the clock. */
START_TEST(logging_is_oldest_within_its_second)
{
	int64_t id = rita_deal("Quick Edit Ltd", "", 1, T0);
	struct deal edit = get_ok(id);
	str_copy(edit.title, sizeof(edit.title), "Pilot");
	begin();
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1, "title", NULL, 0,
	                     T0),
	    DB_OK);
	commit();
	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 2);
	ck_assert_int_eq(tl->e[0].kind, TL_EDIT);
	assert_change(&tl->e[1], T0, "", "Prospect", "open", "open");
}
END_TEST

/* Creating a deal is its first stage change: from nowhere into the
 * stage it was logged at. */
START_TEST(create_records_first_change)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 2, T0);
	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 1);
	const struct timeline_entry *e = &tl->e[0];
	assert_change(e, T0, "", "Discovery", "open", "open");
	ck_assert_str_eq(e->who, "Rita Rep");
	ck_assert_str_eq(e->note, "");
	ck_assert_int_eq(e->skipped_stages, 0);
	ck_assert_int_eq(e->from_position, 0);
	ck_assert_int_eq(e->to_position, 2);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes WHERE "
	                         "from_stage_id IS NULL AND to_stage_id = 2"),
	    1);
	/* Another deal's history is its own. */
	ck_assert_int_eq(timeline_of(id + 1)->n, 0);
}
END_TEST

/* --- who may see it -------------------------------------------------- */

START_TEST(visibility_matrix)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 1, T0);
	static const struct {
		const char *who;
		int rc;
	} want[] = {
		{ "owner", DB_OK },
		{ "rep in the same team", DB_NOTFOUND },
		{ "rep in the other team", DB_NOTFOUND },
		{ "manager of the team", DB_OK },
		{ "manager of the other team", DB_NOTFOUND },
		{ "admin", DB_OK },
	};
	struct viewer v[6] = {
		as(who.rep_a1, ROLE_REP, who.team_a),
		as(who.rep_a2, ROLE_REP, who.team_a),
		as(who.rep_b1, ROLE_REP, who.team_b),
		as(who.mgr_a, ROLE_MANAGER, who.team_a),
		as(who.mgr_b, ROLE_MANAGER, who.team_b),
		as(who.admin, ROLE_ADMIN, 0),
	};
	for (int i = 0; i < 6; i++) {
		struct deal d;
		int rc = deal_get(db, id, &v[i], &d);
		ck_assert_msg(rc == want[i].rc, "%s: rc %d, want %d",
		    want[i].who, rc, want[i].rc);
		if (rc == DB_OK)
			ck_assert_str_eq(d.company, "Acme Corp");
	}
	/* No one sees a deal that does not exist. */
	struct deal d;
	ck_assert_int_eq(deal_get(db, id + 100, &v[5], &d), DB_NOTFOUND);
	ck_assert_int_eq(deal_get(db, 0, &v[5], &d), DB_NOTFOUND);
}
END_TEST

/* A manager in no team must not see the deals of reps in no team:
 * "no team" is not a team they manage. */
START_TEST(visibility_no_team)
{
	int64_t loner = add_user("loner@example.com", "Lone Rep", ROLE_REP, 0);
	int64_t boss = add_user("boss@example.com", "Lone Boss", ROLE_MANAGER,
	    0);
	struct deal in = draft(loner, 0, "Solo Inc", "", 1);
	create(&in, T0);
	struct deal d;
	struct viewer v = as(boss, ROLE_MANAGER, 0);
	ck_assert_int_eq(deal_get(db, in.id, &v, &d), DB_NOTFOUND);
	v = as(who.mgr_a, ROLE_MANAGER, who.team_a);
	ck_assert_int_eq(deal_get(db, in.id, &v, &d), DB_NOTFOUND);
	v = as(loner, ROLE_REP, 0);
	ck_assert_int_eq(deal_get(db, in.id, &v, &d), DB_OK);
}
END_TEST

/* --- who may change it ----------------------------------------------- */

/* other tries every write on deal id; each is refused and the deal
 * and its history stay exactly as they were. */
static void
refused_for(int64_t id, int64_t other, int64_t at)
{
	struct deal before = get_ok(id);
	int history = timeline_of(id)->n;
	int64_t changes = sql_int("SELECT count(*) FROM stage_changes");
	int64_t edits = sql_int("SELECT count(*) FROM deal_edits");
	struct deal edit = before;
	str_copy(edit.company, sizeof(edit.company), "Hijacked");
	edit.amount = 1;
	begin();
	ck_assert_int_eq(deal_update(db, &edit, other, "company", NULL, 0, at),
	    DB_NOTFOUND);
	ck_assert_int_eq(move(id, other, before.stage_id, 3, 0, "x", at),
	    DB_NOTFOUND);
	ck_assert_int_eq(close_deal(id, other, before.stage_id, DEAL_LOST, "x",
	                     at),
	    DB_NOTFOUND);
	ck_assert_int_eq(deal_reopen(db, id, other, before.stage_id, DEAL_WON,
	                     at),
	    DB_NOTFOUND);
	commit();
	struct deal after = get_ok(id);
	assert_same_deal(&before, &after);
	ck_assert_int_eq(timeline_of(id)->n, history);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes"),
	    changes);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deal_edits"), edits);
}

/* Everyone but the owner, managers and admins included, is refused
 * every write, on an open deal and on a closed one (where a reopen
 * would otherwise apply). */
START_TEST(non_owner_writes_change_nothing)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 2, T0);
	const int64_t others[] = { who.rep_a2, who.rep_b1, who.mgr_a, who.mgr_b,
		who.admin, 9999 };
	const size_t n = sizeof(others) / sizeof(others[0]);
	for (size_t i = 0; i < n; i++)
		refused_for(id, others[i], T0 + 1000 + (int64_t)i);
	begin();
	ck_assert_int_eq(close_deal(id, who.rep_a1, 2, DEAL_WON, "", T0 + 500),
	    DB_OK);
	commit();
	for (size_t i = 0; i < n; i++)
		refused_for(id, others[i], T0 + 2000 + (int64_t)i);
}
END_TEST

/* Each write names the state it expects (stage, status); if the deal
 * has moved on since the form was shown, nothing happens. */
START_TEST(stale_writes_change_nothing)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 1, T0);
	begin();
	ck_assert_int_eq(move(id, who.rep_a1, 1, 2, 0, "", T0 + 10), DB_OK);
	commit();
	struct deal before = get_ok(id);
	int history = timeline_of(id)->n;
	ck_assert_int_eq(history, 2);

	begin();
	/* from_stage 1 is stale: the deal is in 2 now. */
	ck_assert_int_eq(move(id, who.rep_a1, 1, 3, 1, "", T0 + 20),
	    DB_NOTFOUND);
	ck_assert_int_eq(close_deal(id, who.rep_a1, 1, DEAL_WON, "", T0 + 20),
	    DB_NOTFOUND);
	/* Reopening an open deal "as won" (see also reopen_open_deal). */
	ck_assert_int_eq(deal_reopen(db, id, who.rep_a1, 2, DEAL_WON, T0 + 20),
	    DB_NOTFOUND);
	commit();
	struct deal after = get_ok(id);
	assert_same_deal(&before, &after);
	ck_assert_int_eq(timeline_of(id)->n, history);

	/* Once closed: no move, no second close, no reopen as the wrong
	 * outcome or from the wrong stage. */
	begin();
	ck_assert_int_eq(close_deal(id, who.rep_a1, 2, DEAL_LOST, "Budget",
	                     T0 + 30),
	    DB_OK);
	commit();
	before = get_ok(id);
	history = timeline_of(id)->n;
	begin();
	ck_assert_int_eq(move(id, who.rep_a1, 2, 3, 0, "", T0 + 40),
	    DB_NOTFOUND);
	ck_assert_int_eq(close_deal(id, who.rep_a1, 2, DEAL_WON, "", T0 + 40),
	    DB_NOTFOUND);
	ck_assert_int_eq(deal_reopen(db, id, who.rep_a1, 2, DEAL_WON, T0 + 40),
	    DB_NOTFOUND);
	ck_assert_int_eq(deal_reopen(db, id, who.rep_a1, 1, DEAL_LOST, T0 + 40),
	    DB_NOTFOUND);
	commit();
	after = get_ok(id);
	assert_same_deal(&before, &after);
	ck_assert_int_eq(timeline_of(id)->n, history);
}
END_TEST

/* --- history --------------------------------------------------------- */

START_TEST(move_records_skips)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 1, T0);
	struct deal before = get_ok(id);
	begin();
	ck_assert_int_eq(deal_move(db, id, who.rep_a1, 1, 4, 2, "Jumped ahead",
	                     "1,2", 2, T0 + 100),
	    DB_OK);
	commit();
	struct deal d = get_ok(id);
	ck_assert(d.stage_id == 4);
	ck_assert_str_eq(d.stage_name, "Proposal");
	ck_assert_int_eq(d.stage_position, 4);
	ck_assert(d.stage_entered_at == T0 + 100);
	ck_assert(d.updated_at == T0 + 100);
	ck_assert(d.last_activity_at == T0 + 100);
	ck_assert(d.created_at == T0);
	ck_assert(d.first_stage_id == 1);
	ck_assert_int_eq(d.status, DEAL_OPEN);
	ck_assert_str_eq(d.company, before.company);

	begin();
	ck_assert_int_eq(move(id, who.rep_a1, 4, 2, 0, "", T0 + 200), DB_OK);
	commit();

	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 3);
	assert_change(&tl->e[0], T0 + 200, "Proposal", "Discovery", "open",
	    "open");
	ck_assert_int_eq(tl->e[0].skipped_stages, 0);
	ck_assert_int_eq(tl->e[0].from_position, 4);
	ck_assert_int_eq(tl->e[0].to_position, 2);
	assert_change(&tl->e[1], T0 + 100, "Prospect", "Proposal", "open",
	    "open");
	ck_assert_int_eq(tl->e[1].skipped_stages, 2);
	ck_assert_int_eq(tl->e[1].skipped_criteria, 2);
	ck_assert_int_eq(tl->e[0].skipped_criteria, 0);
	ck_assert_str_eq(tl->e[1].note, "Jumped ahead");
	ck_assert_str_eq(tl->e[1].who, "Rita Rep");
	ck_assert_int_eq(tl->e[1].from_position, 1);
	ck_assert_int_eq(tl->e[1].to_position, 4);
	assert_change(&tl->e[2], T0, "", "Prospect", "open", "open");
	ck_assert_int_eq(sql_int("SELECT skipped_stages FROM stage_changes "
	                         "WHERE note = 'Jumped ahead'"),
	    2);
	ck_assert_int_eq(sql_int("SELECT skipped_criteria = '1,2' FROM "
	                         "stage_changes WHERE note = 'Jumped ahead'"),
	    1);
}
END_TEST

START_TEST(close_and_reopen_history)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 3, T0);
	begin();
	ck_assert_int_eq(close_deal(id, who.rep_a1, 3, DEAL_LOST, "No budget",
	                     T0 + 100),
	    DB_OK);
	commit();
	struct deal d = get_ok(id);
	ck_assert_int_eq(d.status, DEAL_LOST);
	ck_assert_str_eq(d.lost_reason, "No budget");
	ck_assert(d.closed_at == T0 + 100);
	ck_assert(d.stage_id == 3);
	ck_assert(d.stage_entered_at == T0);

	begin();
	ck_assert_int_eq(deal_reopen(db, id, who.rep_a1, 3, DEAL_LOST, T0 + 200),
	    DB_OK);
	commit();
	d = get_ok(id);
	ck_assert_int_eq(d.status, DEAL_OPEN);
	ck_assert_str_eq(d.lost_reason, "");
	ck_assert(d.closed_at == 0);
	ck_assert(d.stage_id == 3);
	ck_assert(d.stage_entered_at == T0 + 200);
	ck_assert(d.updated_at == T0 + 200);

	begin();
	ck_assert_int_eq(close_deal(id, who.rep_a1, 3, DEAL_WON, "", T0 + 300),
	    DB_OK);
	commit();
	d = get_ok(id);
	ck_assert_int_eq(d.status, DEAL_WON);
	ck_assert(d.closed_at == T0 + 300);

	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 4);
	assert_change(&tl->e[0], T0 + 300, "Evaluation", "Evaluation", "open",
	    "won");
	assert_change(&tl->e[1], T0 + 200, "Evaluation", "Evaluation", "lost",
	    "open");
	assert_change(&tl->e[2], T0 + 100, "Evaluation", "Evaluation", "open",
	    "lost");
	ck_assert_str_eq(tl->e[2].note, "No budget");
	assert_change(&tl->e[3], T0, "", "Evaluation", "open", "open");
}
END_TEST

/* Two changes in the same second still list newest first (a close and
 * an immediate reopen, e.g. a mis-click put right). */
START_TEST(history_same_second_order)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 1, T0);
	begin();
	ck_assert_int_eq(close_deal(id, who.rep_a1, 1, DEAL_WON, "", T0),
	    DB_OK);
	ck_assert_int_eq(deal_reopen(db, id, who.rep_a1, 1, DEAL_WON, T0),
	    DB_OK);
	commit();
	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 3);
	assert_change(&tl->e[0], T0, "Prospect", "Prospect", "won", "open");
	assert_change(&tl->e[1], T0, "Prospect", "Prospect", "open", "won");
	assert_change(&tl->e[2], T0, "", "Prospect", "open", "open");
}
END_TEST

START_TEST(update_records_edit)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 2, T0);
	struct deal before = get_ok(id);
	struct deal edit = before;
	str_copy(edit.company, sizeof(edit.company), "Acme Holdings");
	str_copy(edit.contact, sizeof(edit.contact), "John Roe");
	str_copy(edit.title, sizeof(edit.title), "Full rollout");
	edit.has_amount = false;
	str_copy(edit.source, sizeof(edit.source), "Event");
	str_copy(edit.expected_close, sizeof(edit.expected_close),
	    "2031-01-31");
	str_copy(edit.next_step, sizeof(edit.next_step), "Send contract");
	str_copy(edit.next_step_due, sizeof(edit.next_step_due), "");
	/* Not editable here: currency, stage, status, next step. */
	str_copy(edit.currency, sizeof(edit.currency), "EUR");
	edit.stage_id = 5;
	edit.status = DEAL_WON;
	begin();
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1,
	                     "company, contact, amount", NULL, 0, T0 + 50),
	    DB_OK);
	commit();

	struct deal d = get_ok(id);
	ck_assert_str_eq(d.company, "Acme Holdings");
	ck_assert_str_eq(d.contact, "John Roe");
	ck_assert_str_eq(d.title, "Full rollout");
	ck_assert(!d.has_amount);
	ck_assert_str_eq(d.source, "Event");
	ck_assert_str_eq(d.expected_close, "2031-01-31");
	/* The next step is the open step's mirror, db_step.c's to write:
	 * an edit leaves it as it was. */
	ck_assert_str_eq(d.next_step, "Call back");
	ck_assert_str_eq(d.next_step_due, "2030-01-15");
	ck_assert(d.updated_at == T0 + 50);
	ck_assert(d.last_activity_at == T0 + 50);
	ck_assert_str_eq(d.currency, "USD");
	ck_assert(d.stage_id == 2);
	ck_assert_int_eq(d.status, DEAL_OPEN);
	ck_assert(d.stage_entered_at == T0);
	ck_assert(d.created_at == T0);

	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 2);
	ck_assert_int_eq(tl->e[0].kind, TL_EDIT);
	ck_assert(tl->e[0].at == T0 + 50);
	ck_assert_str_eq(tl->e[0].note, "company, contact, amount");
	ck_assert_str_eq(tl->e[0].who, "Rita Rep");
	ck_assert_int_eq(tl->e[1].kind, TL_CHANGE);
	/* An edit is not a stage change. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deal_edits"), 1);

	/* A closed deal can still be edited. */
	begin();
	ck_assert_int_eq(close_deal(id, who.rep_a1, 2, DEAL_WON, "", T0 + 60),
	    DB_OK);
	edit = get_ok(id);
	str_copy(edit.title, sizeof(edit.title), "Signed");
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1, "title", NULL, 0,
	                     T0 + 70),
	    DB_OK);
	commit();
	d = get_ok(id);
	ck_assert_str_eq(d.title, "Signed");
	ck_assert_int_eq(d.status, DEAL_WON);
	ck_assert(d.closed_at == T0 + 60);
	tl = timeline_of(id);
	ck_assert_int_eq(tl->n, 4);
	ck_assert_int_eq(tl->e[0].kind, TL_EDIT);
	ck_assert_str_eq(tl->e[0].note, "title");
}
END_TEST

struct kept_values {
	int n;
	int64_t edit[8];
	char text[8][96]; /* "field: before -> after" */
};

static int
keep_value(int64_t edit_id, const struct field_change *c, void *arg)
{
	struct kept_values *k = arg;
	if (k->n < 8) {
		k->edit[k->n] = edit_id;
		snprintf(k->text[k->n], sizeof(k->text[0]), "%s: %s -> %s",
		    c->field, c->before, c->after);
		k->n++;
	}
	return 0;
}

/* An edit keeps each changed field's values before and after, in the
 * order given, under the timeline entry's id; newest edit first. */
START_TEST(update_keeps_values)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 2, T0);
	struct deal edit = get_ok(id);
	str_copy(edit.contact, sizeof(edit.contact), "");
	edit.has_amount = true;
	edit.amount = 25000000;
	const struct field_change first[] = {
		{ "contact", "Jane Doe", "" },
		{ "amount", "2000000", "25000000" },
	};
	const struct field_change second[] = { { "title", "", "Rollout" } };
	begin();
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1, "contact, amount",
	                     first, 2, T0 + 50),
	    DB_OK);
	str_copy(edit.title, sizeof(edit.title), "Rollout");
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1, "title", second, 1,
	                     T0 + 60),
	    DB_OK);
	commit();
	struct kept_values k = { 0 };
	ck_assert_int_eq(deal_edit_values(db, id, keep_value, &k), DB_OK);
	ck_assert_int_eq(k.n, 3);
	ck_assert_str_eq(k.text[0], "title:  -> Rollout");
	ck_assert_str_eq(k.text[1], "contact: Jane Doe -> ");
	ck_assert_str_eq(k.text[2], "amount: 2000000 -> 25000000");
	ck_assert(k.edit[1] == k.edit[2] && k.edit[0] != k.edit[1]);
	struct timeline *tl = timeline_of(id);
	ck_assert_int_eq(tl->e[0].kind, TL_EDIT);
	ck_assert(tl->e[0].id == k.edit[0]);
	ck_assert(tl->e[1].id == k.edit[1]);
	/* Another deal's values are not read. */
	int64_t other = rita_deal("Globex", "Hank", 1, T0);
	struct kept_values none = { 0 };
	ck_assert_int_eq(deal_edit_values(db, other, keep_value, &none), DB_OK);
	ck_assert_int_eq(none.n, 0);
}
END_TEST

/* --- My deals -------------------------------------------------------- */

/* Rita's deals, made in id order:
 *   Acme Corp     Jane Doe       Evaluation  open
 *   Globex        Hank Scorpio   Prospect    open  (due 2030-01-05)
 *   Initech       Bill Lumbergh  Commit      open
 *   Umbrella      Alice ACME     Discovery   won
 *   Hooli         Gavin Belson   Prospect    lost  (no due date)
 *   Soylent       Sol            Proposal    open
 * and Ray's "Acme Rival", which Rita must never see. */
static void
make_list(void)
{
	rita_deal("Acme Corp", "Jane Doe", 3, T0);
	struct deal g = draft(who.rep_a1, who.team_a, "Globex", "Hank Scorpio",
	    1);
	str_copy(g.next_step_due, sizeof(g.next_step_due), "2030-01-05");
	create(&g, T0);
	rita_deal("Initech", "Bill Lumbergh", 5, T0);
	int64_t won = rita_deal("Umbrella", "Alice ACME", 2, T0);
	struct deal h = draft(who.rep_a1, who.team_a, "Hooli", "Gavin Belson",
	    1);
	h.next_step_due[0] = '\0';
	create(&h, T0);
	rita_deal("Soylent", "Sol", 4, T0);
	struct deal r = draft(who.rep_a2, who.team_a, "Acme Rival", "Jane Doe",
	    1);
	create(&r, T0);
	begin();
	ck_assert_int_eq(close_deal(won, who.rep_a1, 2, DEAL_WON, "", T0 + 1),
	    DB_OK);
	ck_assert_int_eq(close_deal(h.id, who.rep_a1, 1, DEAL_LOST, "Gone",
	                     T0 + 1),
	    DB_OK);
	commit();
}

START_TEST(list_by_status)
{
	make_list();
	struct deal_filter f = filter(who.rep_a1, DEAL_OPEN, 0, "");
	ck_assert_int_eq(deal_count(db, &f), 4);
	ck_assert_str_eq(listed(&f), "Globex|Acme Corp|Soylent|Initech");
	f.status = DEAL_WON;
	ck_assert_int_eq(deal_count(db, &f), 1);
	ck_assert_str_eq(listed(&f), "Umbrella");
	f.status = DEAL_LOST;
	ck_assert_int_eq(deal_count(db, &f), 1);
	ck_assert_str_eq(listed(&f), "Hooli");
	/* All, in stage order; in a stage, a deal with no next step
	 * comes first (it needs one). */
	f.status = -1;
	ck_assert_int_eq(deal_count(db, &f), 6);
	ck_assert_str_eq(listed(&f),
	    "Hooli|Globex|Umbrella|Acme Corp|Soylent|Initech");

	/* Ray sees only his own. */
	f = filter(who.rep_a2, -1, 0, "");
	ck_assert_int_eq(deal_count(db, &f), 1);
	ck_assert_str_eq(listed(&f), "Acme Rival");
	f = filter(who.mgr_a, -1, 0, "");
	ck_assert_int_eq(deal_count(db, &f), 0);
	ck_assert_str_eq(listed(&f), "");
}
END_TEST

START_TEST(list_by_stage)
{
	make_list();
	struct deal_filter f = filter(who.rep_a1, -1, 1, "");
	ck_assert_int_eq(deal_count(db, &f), 2);
	ck_assert_str_eq(listed(&f), "Hooli|Globex");
	f.status = DEAL_OPEN;
	ck_assert_int_eq(deal_count(db, &f), 1);
	ck_assert_str_eq(listed(&f), "Globex");
	f.stage_id = 2;
	ck_assert_int_eq(deal_count(db, &f), 0);
	f.status = DEAL_WON;
	ck_assert_str_eq(listed(&f), "Umbrella");
	f.stage_id = 99;
	f.status = -1;
	ck_assert_int_eq(deal_count(db, &f), 0);
	ck_assert_str_eq(listed(&f), "");
}
END_TEST

START_TEST(list_search)
{
	make_list();
	/* Company or contact, any case; never another rep's deal. */
	struct deal_filter f = filter(who.rep_a1, -1, 0, "acme");
	ck_assert_int_eq(deal_count(db, &f), 2);
	ck_assert_str_eq(listed(&f), "Umbrella|Acme Corp");
	f.search = "ACME CORP";
	ck_assert_int_eq(deal_count(db, &f), 1);
	ck_assert_str_eq(listed(&f), "Acme Corp");
	f.search = "scorpio";
	ck_assert_str_eq(listed(&f), "Globex");
	f.search = "GLOB";
	ck_assert_str_eq(listed(&f), "Globex");
	f.search = "jane";
	ck_assert_str_eq(listed(&f), "Acme Corp");
	f.search = "zzz";
	ck_assert_int_eq(deal_count(db, &f), 0);
	ck_assert_str_eq(listed(&f), "");
	/* Not the title or the next step. */
	f.search = "Pilot";
	ck_assert_int_eq(deal_count(db, &f), 0);
	f.search = "Call back";
	ck_assert_int_eq(deal_count(db, &f), 0);
	/* NULL is the same as "". */
	f.search = NULL;
	ck_assert_int_eq(deal_count(db, &f), 6);
	/* Combined with status and stage. */
	f = filter(who.rep_a1, DEAL_OPEN, 0, "acme");
	ck_assert_str_eq(listed(&f), "Acme Corp");
	f = filter(who.rep_a1, -1, 2, "acme");
	ck_assert_str_eq(listed(&f), "Umbrella");
}
END_TEST

/* The search box takes text, not a LIKE pattern: '%' and '_' match
 * themselves only. */
START_TEST(list_search_literal)
{
	rita_deal("50% Off Ltd", "", 1, T0);
	rita_deal("500 Offers", "", 1, T0);
	rita_deal("A_B Corp", "", 1, T0);
	rita_deal("AxB Corp", "", 1, T0);
	rita_deal("Plain", "under_score", 1, T0);
	struct deal_filter f = filter(who.rep_a1, -1, 0, "%");
	ck_assert_int_eq(deal_count(db, &f), 1);
	ck_assert_str_eq(listed(&f), "50% Off Ltd");
	f.search = "50%";
	ck_assert_str_eq(listed(&f), "50% Off Ltd");
	f.search = "%Off";
	ck_assert_int_eq(deal_count(db, &f), 0);
	f.search = "_";
	ck_assert_int_eq(deal_count(db, &f), 2);
	ck_assert_str_eq(listed(&f), "A_B Corp|Plain");
	f.search = "a_b";
	ck_assert_str_eq(listed(&f), "A_B Corp");
	f.search = "%%";
	ck_assert_int_eq(deal_count(db, &f), 0);
	f.search = "\\%";
	ck_assert_int_eq(deal_count(db, &f), 0);
}
END_TEST

START_TEST(list_paging)
{
	make_list();
	struct deal_filter f = filter(who.rep_a1, -1, 0, "");
	f.limit = 2;
	ck_assert_str_eq(listed(&f), "Hooli|Globex");
	f.offset = 2;
	ck_assert_str_eq(listed(&f), "Umbrella|Acme Corp");
	f.offset = 4;
	ck_assert_str_eq(listed(&f), "Soylent|Initech");
	f.offset = 6;
	ck_assert_str_eq(listed(&f), "");
	/* The count ignores paging. */
	ck_assert_int_eq(deal_count(db, &f), 6);
	f.offset = 5;
	f.limit = 10;
	ck_assert_str_eq(listed(&f), "Initech");

	/* A callback can stop the walk. */
	struct listed l;
	memset(&l, 0, sizeof(l));
	l.stop_after = 2;
	f = filter(who.rep_a1, -1, 0, "");
	ck_assert_int_eq(deal_list(db, &f, collect_deal, &l), DB_OK);
	ck_assert_int_eq(l.n, 2);
}
END_TEST

/* Within a stage: deals with no next step first (they need one), then
 * the most overdue, the oldest deal first among equals. */
START_TEST(list_order_within_stage)
{
	struct deal a = draft(who.rep_a1, who.team_a, "Due Feb", "", 2);
	str_copy(a.next_step_due, sizeof(a.next_step_due), "2030-02-01");
	create(&a, T0);
	struct deal b = draft(who.rep_a1, who.team_a, "No Date Old", "", 2);
	b.next_step_due[0] = '\0';
	create(&b, T0);
	struct deal c = draft(who.rep_a1, who.team_a, "Due Jan", "", 2);
	str_copy(c.next_step_due, sizeof(c.next_step_due), "2030-01-01");
	create(&c, T0);
	struct deal e = draft(who.rep_a1, who.team_a, "No Date New", "", 2);
	e.next_step_due[0] = '\0';
	create(&e, T0);
	rita_deal("Early Stage", "", 1, T0);
	struct deal_filter f = filter(who.rep_a1, -1, 0, "");
	ck_assert_str_eq(listed(&f),
	    "Early Stage|No Date Old|No Date New|Due Jan|Due Feb");
}
END_TEST

/* Stages are ordered by position, not by id: after Evaluation and
 * Proposal swap places, lists and the stage list follow. */
START_TEST(list_follows_stage_position)
{
	make_list();
	sql_exec("UPDATE stages SET position = CASE id WHEN 3 THEN 4 "
	         "WHEN 4 THEN 3 ELSE position END");
	struct stage st[STAGES_MAX];
	ck_assert_int_eq(stage_list(db, st, STAGES_MAX), 5);
	ck_assert_str_eq(st[2].name, "Proposal");
	ck_assert_str_eq(st[3].name, "Evaluation");
	struct deal_filter f = filter(who.rep_a1, -1, 0, "");
	ck_assert_str_eq(listed(&f),
	    "Hooli|Globex|Umbrella|Soylent|Acme Corp|Initech");
	f.status = DEAL_OPEN;
	ck_assert_str_eq(listed(&f), "Globex|Soylent|Acme Corp|Initech");
	f.search = "acme";
	struct listed l;
	memset(&l, 0, sizeof(l));
	ck_assert_int_eq(deal_list(db, &f, collect_deal, &l), DB_OK);
	ck_assert_int_eq(l.n, 1);
	ck_assert_int_eq(get_ok(l.ids[0]).stage_position, 4);
}
END_TEST

/* One stage read from the owner index gives the same deals in the same
 * order as the general query with that stage, status and no search,
 * and pages the same way. */
START_TEST(list_stage_matches_list)
{
	make_list();
	static const char *const dues[] = { "2030-03-01", "", "2029-12-31",
		"2030-03-01", "" };
	for (size_t i = 0; i < sizeof(dues) / sizeof(dues[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "Extra %zu", i);
		struct deal x = draft(who.rep_a1, who.team_a, name, "", 1);
		str_copy(x.next_step_due, sizeof(x.next_step_due), dues[i]);
		create(&x, T0 + 5);
	}
	static const int statuses[] = { DEAL_OPEN, DEAL_WON, DEAL_LOST };
	for (size_t si = 0; si < 3; si++)
		for (int64_t stage = 1; stage <= 5; stage++) {
			struct deal_filter f = filter(who.rep_a1, statuses[si],
			    stage, "");
			char want[1024];
			str_copy(want, sizeof(want), listed(&f));
			const char *got = listed_stage(&f);
			ck_assert_msg(strcmp(got, want) == 0,
			    "status %d stage %lld: '%s', want '%s'",
			    statuses[si], (long long)stage, got, want);
		}

	/* No next step first, then the earliest due; oldest among equals. */
	struct deal_filter f = filter(who.rep_a1, DEAL_OPEN, 1, "");
	ck_assert_str_eq(listed_stage(&f),
	    "Extra 1|Extra 4|Extra 2|Globex|Extra 0|Extra 3");
	f.limit = 2;
	f.offset = 3;
	ck_assert_str_eq(listed_stage(&f), "Globex|Extra 0");
	/* Another owner's deals never show. */
	f = filter(who.rep_a2, DEAL_OPEN, 1, "");
	ck_assert_str_eq(listed_stage(&f), "Acme Rival");
}
END_TEST

struct stage_counts {
	int rows;
	int64_t n[8]; /* by stage id */
};

static int
note_count(int64_t stage_id, int64_t count, void *arg)
{
	struct stage_counts *c = arg;
	ck_assert_int_gt(stage_id, 0);
	ck_assert_int_lt(stage_id, 8);
	ck_assert_int_gt(count, 0); /* empty stages are not reported */
	ck_assert_int_eq(c->n[stage_id], 0);
	c->n[stage_id] = count;
	c->rows++;
	return 0;
}

/* deal_count_by_stage for owner and status, checked against the
 * general deal_count stage by stage; returns the rows reported. */
static int
counts_agree(int64_t owner, int status, struct stage_counts *c)
{
	memset(c, 0, sizeof(*c));
	ck_assert_int_eq(deal_count_by_stage(db, owner, status, note_count, c),
	    DB_OK);
	for (int64_t stage = 1; stage <= 5; stage++) {
		struct deal_filter f = filter(owner, status, stage, "");
		ck_assert_msg(deal_count(db, &f) == c->n[stage],
		    "owner %lld status %d stage %lld: %lld counted, %lld listed",
		    (long long)owner, status, (long long)stage,
		    (long long)c->n[stage], (long long)deal_count(db, &f));
	}
	return c->rows;
}

/* The per-stage counts are kept by triggers; after creates, moves,
 * closes, a reopen, an amount edit, an import and refused writes by
 * others, they still agree with the deals themselves. */
START_TEST(stage_counts_follow_every_change)
{
	struct deal a = draft(who.rep_a1, who.team_a, "A", "", 1);
	a.amount = 100;
	create(&a, T0);
	struct deal b = draft(who.rep_a1, who.team_a, "B", "", 1);
	b.has_amount = false;
	create(&b, T0);
	struct deal c = draft(who.rep_a1, who.team_a, "C", "", 1);
	c.amount = 300;
	create(&c, T0);
	struct deal e = draft(who.rep_a1, who.team_a, "E", "", 2);
	e.amount = 50;
	create(&e, T0);
	struct deal r = draft(who.rep_a2, who.team_a, "R", "", 1);
	create(&r, T0);

	begin();
	ck_assert_int_eq(move(a.id, who.rep_a1, 1, 3, 1, "", T0 + 1), DB_OK);
	ck_assert_int_eq(close_deal(e.id, who.rep_a1, 2, DEAL_WON, "", T0 + 2),
	    DB_OK);
	ck_assert_int_eq(close_deal(b.id, who.rep_a1, 1, DEAL_LOST, "No",
	                     T0 + 3),
	    DB_OK);
	ck_assert_int_eq(deal_reopen(db, b.id, who.rep_a1, 1, DEAL_LOST, T0 + 4),
	    DB_OK);
	struct deal edit = get_ok(c.id);
	edit.amount = 500;
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1, "amount", NULL, 0,
	                     T0 + 5),
	    DB_OK);
	struct deal imp = draft(who.rep_a1, who.team_a, "Imported", "", 4);
	imp.status = DEAL_WON;
	imp.amount = 700;
	imp.first_stage_id = 1;
	imp.stage_entered_at = imp.created_at = imp.updated_at = T0;
	imp.closed_at = imp.last_activity_at = T0;
	ck_assert_int_eq(deal_import(db, &imp), DB_OK);
	/* Refused writes must not count either. */
	ck_assert_int_eq(move(r.id, who.rep_a1, 1, 2, 0, "", T0 + 6),
	    DB_NOTFOUND);
	ck_assert_int_eq(move(a.id, who.rep_a1, 1, 2, 0, "", T0 + 6),
	    DB_NOTFOUND);
	ck_assert_int_eq(close_deal(e.id, who.rep_a1, 2, DEAL_LOST, "x", T0 + 6),
	    DB_NOTFOUND);
	commit();

	struct stage_counts sc;
	ck_assert_int_eq(counts_agree(who.rep_a1, DEAL_OPEN, &sc), 2);
	ck_assert_int_eq(sc.n[1], 2); /* B (reopened), C */
	ck_assert_int_eq(sc.n[3], 1); /* A */
	ck_assert_int_eq(counts_agree(who.rep_a1, DEAL_WON, &sc), 2);
	ck_assert_int_eq(sc.n[2], 1); /* E */
	ck_assert_int_eq(sc.n[4], 1); /* Imported */
	ck_assert_int_eq(counts_agree(who.rep_a1, DEAL_LOST, &sc), 0);
	ck_assert_int_eq(counts_agree(who.rep_a2, DEAL_OPEN, &sc), 1);
	ck_assert_int_eq(sc.n[1], 1);
	ck_assert_int_eq(counts_agree(who.rep_b1, DEAL_OPEN, &sc), 0);

	/* And the amounts kept beside them match the deals, row by row,
	 * both ways; nothing has gone negative. */
	ck_assert_int_eq(
	    sql_int(
	        "SELECT count(*) FROM (SELECT owner_id, stage_id, status, count(*), "
	        "sum(COALESCE(amount, 0)) FROM deals GROUP BY 1, 2, 3 EXCEPT "
	        "SELECT owner_id, stage_id, status, deals, amount FROM deal_counts)"),
	    0);
	ck_assert_int_eq(
	    sql_int(
	        "SELECT count(*) FROM (SELECT owner_id, stage_id, status, deals, "
	        "amount FROM deal_counts WHERE deals > 0 EXCEPT SELECT owner_id, "
	        "stage_id, status, count(*), sum(COALESCE(amount, 0)) FROM deals "
	        "GROUP BY 1, 2, 3)"),
	    0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deal_counts WHERE "
	                         "deals < 0 OR amount < 0 OR (deals = 0 AND "
	                         "amount != 0)"),
	    0);
	ck_assert_int_eq(sql_int("SELECT amount FROM deal_counts WHERE "
	                         "status = 'open' AND stage_id = 1 AND "
	                         "owner_id = (SELECT owner_id FROM deals "
	                         "WHERE company = 'C')"),
	    500);
}
END_TEST

/* deal_reopen() reopens only a closed deal.  Given was = DEAL_OPEN for
 * an open deal it must change nothing: it once matched the open row,
 * restarted the days-in-stage clock (stage_entered_at) and appended
 * an open -> open row to the append-only stage history. */
START_TEST(reopen_open_deal)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 2, T0);
	struct deal before = get_ok(id);
	begin();
	int rc = deal_reopen(db, id, who.rep_a1, 2, DEAL_OPEN, T0 + 100);
	commit();
	ck_assert_int_eq(rc, DB_NOTFOUND);
	struct deal after = get_ok(id);
	assert_same_deal(&before, &after);
	ck_assert_int_eq(timeline_of(id)->n, 1);
}
END_TEST

/* --- import and the append-only history ------------------------------ */

START_TEST(import_exactly_as_given)
{
	struct deal d = draft(who.rep_a1, who.team_a, "Imported", "", 4);
	d.status = DEAL_LOST;
	str_copy(d.lost_reason, sizeof(d.lost_reason), "Went quiet");
	d.first_stage_id = 1;
	d.late_entry = false;
	d.stage_entered_at = T0 + 10;
	d.created_at = T0;
	d.updated_at = T0 + 20;
	d.closed_at = T0 + 30;
	d.last_activity_at = T0 + 25;
	begin();
	ck_assert_int_eq(deal_import(db, &d), DB_OK);
	commit();
	ck_assert_int_gt(d.id, 0);
	struct deal got = get_ok(d.id);
	ck_assert_int_eq(got.status, DEAL_LOST);
	ck_assert_str_eq(got.lost_reason, "Went quiet");
	ck_assert(got.first_stage_id == 1);
	ck_assert(got.stage_id == 4);
	ck_assert(got.stage_entered_at == T0 + 10);
	ck_assert(got.created_at == T0);
	ck_assert(got.updated_at == T0 + 20);
	ck_assert(got.closed_at == T0 + 30);
	ck_assert(got.last_activity_at == T0 + 25);
	/* No history until it is imported too. */
	ck_assert_int_eq(timeline_of(d.id)->n, 0);
	begin();
	ck_assert_int_eq(stage_change_import(db, d.id, 0, 1, "open", "open",
	                     who.rep_a1, "", 0, "", 0, T0),
	    DB_OK);
	ck_assert_int_eq(stage_change_import(db, d.id, 1, 4, "open", "open",
	                     who.rep_a1, "fast", 2, "", 0, T0 + 10),
	    DB_OK);
	commit();
	struct timeline *tl = timeline_of(d.id);
	ck_assert_int_eq(tl->n, 2);
	assert_change(&tl->e[0], T0 + 10, "Prospect", "Proposal", "open",
	    "open");
	ck_assert_int_eq(tl->e[0].skipped_stages, 2);
	assert_change(&tl->e[1], T0, "", "Prospect", "open", "open");
}
END_TEST

/* Measures are computed from stage_changes alone, so the schema
 * itself refuses to rewrite or erase it, whoever asks. */
START_TEST(stage_changes_append_only)
{
	int64_t id = rita_deal("Acme Corp", "Jane Doe", 1, T0);
	begin();
	ck_assert_int_eq(move(id, who.rep_a1, 1, 2, 0, "first", T0 + 1), DB_OK);
	commit();
	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes"), 2);

	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open_v2(dbpath, &conn, SQLITE_OPEN_READWRITE,
	                     NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(conn, 5000);
	static const char *const attempts[] = {
		"UPDATE stage_changes SET note = 'rewritten'",
		"UPDATE stage_changes SET at = 0 WHERE note = 'first'",
		"UPDATE stage_changes SET to_stage_id = 5",
		"DELETE FROM stage_changes",
		"DELETE FROM stage_changes WHERE note = 'first'",
	};
	for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		char *err = NULL;
		int rc = sqlite3_exec(conn, attempts[i], NULL, NULL, &err);
		ck_assert_msg(rc != SQLITE_OK, "'%s' was allowed", attempts[i]);
		ck_assert_msg(err != NULL && strstr(err, "append-only"),
		    "'%s': %s", attempts[i], err ? err : "(no message)");
		sqlite3_free(err);
	}
	/* Appending is still fine. */
	char *err = NULL;
	ck_assert_int_eq(sqlite3_exec(conn,
	                     "INSERT INTO stage_changes (deal_id, to_stage_id, "
	                     "at, by_user_id) SELECT id, 2, 1, owner_id FROM "
	                     "deals LIMIT 1",
	                     NULL, NULL, &err),
	    SQLITE_OK);
	sqlite3_close(conn);

	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes"), 3);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes WHERE "
	                         "note = 'first' AND at = 1700000001"),
	    1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM stage_changes WHERE "
	                         "note = 'rewritten' OR to_stage_id = 5"),
	    0);
}
END_TEST

Suite *
suite_db_deal(void)
{
	Suite *s = suite_create("db_deal");
	TCase *tc = tcase_create("deals");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, default_stages);
	tcase_add_test(tc, create_reads_back);
	tcase_add_test(tc, create_records_first_change);
	tcase_add_test(tc, logging_is_oldest_within_its_second);
	tcase_add_test(tc, visibility_matrix);
	tcase_add_test(tc, visibility_no_team);
	tcase_add_test(tc, non_owner_writes_change_nothing);
	tcase_add_test(tc, stale_writes_change_nothing);
	tcase_add_test(tc, reopen_open_deal);
	suite_add_tcase(s, tc);

	tc = tcase_create("history");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, move_records_skips);
	tcase_add_test(tc, close_and_reopen_history);
	tcase_add_test(tc, history_same_second_order);
	tcase_add_test(tc, update_records_edit);
	tcase_add_test(tc, update_keeps_values);
	tcase_add_test(tc, import_exactly_as_given);
	tcase_add_test(tc, stage_changes_append_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("list");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, list_by_status);
	tcase_add_test(tc, list_by_stage);
	tcase_add_test(tc, list_search);
	tcase_add_test(tc, list_search_literal);
	tcase_add_test(tc, list_paging);
	tcase_add_test(tc, list_order_within_stage);
	tcase_add_test(tc, list_follows_stage_position);
	tcase_add_test(tc, list_stage_matches_list);
	tcase_add_test(tc, stage_counts_follow_every_change);
	suite_add_tcase(s, tc);
	return s;
}
