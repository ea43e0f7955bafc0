/*
 * test_db_step.c - a deal's next steps in the data layer (app/db_step.c)
 * on a scratch database migrated from sql/: at most one open step, the
 * mirror (deals.next_step and next_step_due) equal to the open step
 * after every step operation, only the owner may change a deal's
 * steps, and migration 013 turning every deal's next step, on the demo
 * data, into its first open step.
 *
 * The cast, as in test_db_deal.c: two teams, two reps in team A.  The
 * tests use the sqlite3 API directly only to count rows and to take a
 * database back to before migration 013.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "db_deal.h"
#include "db_step.h"
#include "seed.h"
#include "unit.h"
#include "util.h"

#define T0 INT64_C(1700000000)

static struct db *db;
static char dbpath[512];
static struct fixture_people who;

static void
setup(void)
{
	db = fixture_db("steps", dbpath, sizeof(dbpath));
	fixture_two_teams(db, &who);
}

static void
teardown(void)
{
	if (db)
		db_close(db);
	db = NULL;
}

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

/* Rita's new deal at Prospect with the given next step ("" for none). */
static int64_t
new_deal(const char *step, const char *due)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = who.rep_a1;
	d.team_id = who.team_a;
	str_copy(d.company, sizeof(d.company), "Acme Corp");
	str_copy(d.currency, sizeof(d.currency), "USD");
	str_copy(d.next_step, sizeof(d.next_step), step);
	str_copy(d.next_step_due, sizeof(d.next_step_due), due);
	d.stage_id = 1;
	begin();
	ck_assert_int_eq(deal_create(db, &d, T0), DB_OK);
	commit();
	return d.id;
}

static struct deal
get_deal(int64_t id)
{
	struct deal d;
	struct viewer v = { who.rep_a1, ROLE_REP, who.team_a };
	ck_assert_int_eq(deal_get(db, id, &v, &d), DB_OK);
	return d;
}

static int64_t
count(const char *sql)
{
	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open(dbpath, &conn), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(conn, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return n;
}

static void
sql_exec(const char *sql)
{
	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open(dbpath, &conn), SQLITE_OK);
	char *err = NULL;
	int rc = sqlite3_exec(conn, sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
	sqlite3_close(conn);
}

/* The deal's mirror is its open step (text and due), or "" for both
 * when it has none; and no deal anywhere differs. */
static void
assert_mirror(int64_t id)
{
	struct deal d = get_deal(id);
	struct step s;
	int rc = step_open_get(db, id, &s);
	ck_assert(rc == DB_OK || rc == DB_NOTFOUND);
	ck_assert_str_eq(d.next_step, rc == DB_OK ? s.text : "");
	ck_assert_str_eq(d.next_step_due, rc == DB_OK ? s.due : "");
	ck_assert_int_eq(step_mirror_mismatches(db), 0);
}

/* Each operation in turn (create with the deal, done, set, reschedule,
 * done with nothing next, reopen, move), and after each the mirror
 * equals the open step. */
START_TEST(mirror_follows_every_operation)
{
	int64_t id = new_deal("Call Ana", "2030-01-15");
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step, "Call Ana");

	begin();
	ck_assert_int_eq(step_done(db, id, who.rep_a1, "She wants a demo",
	                     T0 + 10),
	    DB_OK);
	commit();
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step, "");

	begin();
	ck_assert_int_eq(step_create(db, id, who.rep_a1, "Demo to Ana",
	                     "2030-02-01", T0 + 10),
	    DB_OK);
	commit();
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step_due, "2030-02-01");

	begin();
	ck_assert_int_eq(step_reschedule(db, id, who.rep_a1, "2030-02-08",
	                     T0 + 20),
	    DB_OK);
	commit();
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step_due, "2030-02-08");

	begin();
	ck_assert_int_eq(step_done(db, id, who.rep_a1, "", T0 + 30), DB_OK);
	commit();
	assert_mirror(id);

	struct step first;
	ck_assert_int_eq(count("SELECT min(id) FROM deal_steps") > 0, 1);
	int64_t first_id = count("SELECT min(id) FROM deal_steps");
	ck_assert_int_eq(step_done_get(db, first_id, id, &first), DB_OK);
	ck_assert_str_eq(first.outcome, "She wants a demo");
	begin();
	ck_assert_int_eq(step_reopen(db, first_id, id, who.rep_a1, T0 + 40),
	    DB_OK);
	commit();
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step, "Call Ana");

	begin();
	ck_assert_int_eq(deal_move(db, id, who.rep_a1, 1, 2, 0, "", "", 0,
	                     T0 + 50),
	    DB_OK);
	commit();
	assert_mirror(id);

	/* An edit of the deal cannot write the mirror around the steps. */
	struct deal edit = get_deal(id);
	str_copy(edit.next_step, sizeof(edit.next_step), "Overwritten");
	str_copy(edit.next_step_due, sizeof(edit.next_step_due), "");
	begin();
	ck_assert_int_eq(deal_update(db, &edit, who.rep_a1, "", NULL, 0,
	                     T0 + 60),
	    DB_OK);
	commit();
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step, "Call Ana");
	/* Nothing is lost: the two done steps and the reopened one. */
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps "
	                       "WHERE done_at IS NULL"),
	    1);
}
END_TEST

/* One entry of the timeline as "kind:text", into a short list. */
struct trail {
	int n;
	char e[8][64];
};

static int
collect_trail(const struct timeline_entry *e, void *arg)
{
	struct trail *t = arg;
	ck_assert_int_lt(t->n, 8);
	snprintf(t->e[t->n++], sizeof(t->e[0]), "%d:%.48s", (int)e->kind,
	    e->to_stage);
	return 0;
}

/* A rep who logs a deal, marks its step done, sets the next and moves
 * the deal on, all within one second, reads them in that order, newest
 * first: the clock ties, the order of the work does not. */
START_TEST(timeline_keeps_the_order_within_a_second)
{
	int64_t id = new_deal("Call the founder", "2030-01-15");
	begin();
	ck_assert_int_eq(step_done(db, id, who.rep_a1, "Wants a demo", T0),
	    DB_OK);
	ck_assert_int_eq(step_create(db, id, who.rep_a1, "Demo to the CFO",
	                     "2030-01-20", T0),
	    DB_OK);
	ck_assert_int_eq(deal_move(db, id, who.rep_a1, 1, 2, 0, "", "", 0, T0),
	    DB_OK);
	commit();

	struct trail t;
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(deal_timeline(db, id, collect_trail, &t), DB_OK);
	ck_assert_int_eq(t.n, 5);
	ck_assert_str_eq(t.e[0], "0:Discovery");
	ck_assert_str_eq(t.e[1], "5:Demo to the CFO");
	ck_assert_str_eq(t.e[2], "6:Call the founder");
	ck_assert_str_eq(t.e[3], "5:Call the founder");
	ck_assert_str_eq(t.e[4], "0:Prospect");
}
END_TEST

/* A deal has at most one open step: a second is refused (DB_CONFLICT)
 * and changes nothing, and so is reopening while one is open. */
START_TEST(one_open_step)
{
	int64_t id = new_deal("Call Ana", "2030-01-15");
	begin();
	ck_assert_int_eq(step_create(db, id, who.rep_a1, "Other", "", T0 + 1),
	    DB_CONFLICT);
	db_tx_rollback(db);
	begin();
	ck_assert_int_eq(step_done(db, id, who.rep_a1, "ok", T0 + 2), DB_OK);
	ck_assert_int_eq(step_create(db, id, who.rep_a1, "Next", "", T0 + 2),
	    DB_OK);
	commit();
	int64_t done_id = count("SELECT min(id) FROM deal_steps");
	begin();
	ck_assert_int_eq(step_reopen(db, done_id, id, who.rep_a1, T0 + 3),
	    DB_CONFLICT);
	db_tx_rollback(db);
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps"), 2);
	assert_mirror(id);
	ck_assert_str_eq(get_deal(id).next_step, "Next");
}
END_TEST

/* Someone who does not own the deal (a teammate) cannot set, close,
 * reschedule or reopen its steps: each is DB_NOTFOUND and nothing
 * changes. */
START_TEST(only_owner_changes_steps)
{
	int64_t id = new_deal("Call Ana", "2030-01-15");
	begin();
	ck_assert_int_eq(step_done(db, id, who.rep_a1, "done", T0 + 1), DB_OK);
	commit();
	int64_t done_id = count("SELECT min(id) FROM deal_steps");
	int64_t other = who.rep_a2;
	begin();
	ck_assert_int_eq(step_create(db, id, other, "Mine", "", T0 + 2),
	    DB_NOTFOUND);
	ck_assert_int_eq(step_reopen(db, done_id, id, other, T0 + 2),
	    DB_NOTFOUND);
	commit();
	begin();
	ck_assert_int_eq(step_create(db, id, who.rep_a1, "Next", "2030-03-01",
	                     T0 + 3),
	    DB_OK);
	commit();
	begin();
	ck_assert_int_eq(step_done(db, id, other, "x", T0 + 4), DB_NOTFOUND);
	ck_assert_int_eq(step_reschedule(db, id, other, "2030-04-01", T0 + 4),
	    DB_NOTFOUND);
	commit();
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps"), 2);
	struct step s;
	ck_assert_int_eq(step_open_get(db, id, &s), DB_OK);
	ck_assert_str_eq(s.text, "Next");
	ck_assert_str_eq(s.due, "2030-03-01");
	assert_mirror(id);
}
END_TEST

/* A step of another deal cannot be reopened on this one, nor an open
 * step: only a done step of this deal. */
START_TEST(reopen_only_own_done_step)
{
	int64_t a = new_deal("Call Ana", "");
	int64_t b = new_deal("Call Bo", "");
	begin();
	ck_assert_int_eq(step_done(db, a, who.rep_a1, "", T0 + 1), DB_OK);
	ck_assert_int_eq(step_done(db, b, who.rep_a1, "", T0 + 1), DB_OK);
	commit();
	int64_t b_step = count("SELECT max(id) FROM deal_steps");
	begin();
	ck_assert_int_eq(step_reopen(db, b_step, a, who.rep_a1, T0 + 2),
	    DB_NOTFOUND);
	commit();
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps "
	                       "WHERE done_at IS NULL"),
	    0);
	assert_mirror(a);
}
END_TEST

/* Migration 013 on a copy of the demo data: taken back to before it,
 * then migrated again, every deal keeps its next step as its one open
 * step, no deal is lost, and the mirror holds everywhere. */
START_TEST(migration_keeps_every_step)
{
	/* The demo company, on a database of its own. */
	db_close(db);
	db = fixture_db("steps-demo", dbpath, sizeof(dbpath));
	FILE *quiet = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(quiet);
	ck_assert_int_eq(seed_demo(db, quiet, 600, 8, 0), 0);
	fclose(quiet);

	db_close(db);
	db = NULL;
	int64_t deals = count("SELECT count(*) FROM deals");
	int64_t with_step = count(
	    "SELECT count(*) FROM deals "
	    "WHERE next_step != '' OR next_step_due != ''");
	ck_assert_int_gt(with_step, 100);
	ck_assert_int_lt(with_step, deals); /* some have none */
	sql_exec("DROP TABLE calendar_feeds; DROP INDEX deals_owner_due; "
	         "DROP TABLE deal_steps; "
	         "CREATE TABLE before_013 AS SELECT id, next_step, "
	         "next_step_due FROM deals;");
	/* Migration 013 again, on its own: the later ones stay applied. */
	FILE *f = fopen("sql/013_steps.sql", "r");
	ck_assert_ptr_nonnull(f);
	static char migration[16384];
	size_t n = fread(migration, 1, sizeof(migration) - 1, f);
	fclose(f);
	ck_assert_uint_lt(n, sizeof(migration) - 1);
	migration[n] = '\0';
	sql_exec(migration);
	db = db_open(dbpath);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(count("SELECT count(*) FROM deals"), deals);
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps"), with_step);
	ck_assert_int_eq(count("SELECT count(*) FROM deal_steps "
	                       "WHERE done_at IS NULL"),
	    with_step);
	/* Each deal's step is exactly its old next step. */
	ck_assert_int_eq(count("SELECT count(*) FROM before_013 b "
	                       "LEFT JOIN deal_steps s ON s.deal_id = b.id "
	                       "WHERE (b.next_step != '' OR b.next_step_due "
	                       "!= '') AND (s.id IS NULL OR s.text != "
	                       "b.next_step OR s.due != b.next_step_due)"),
	    0);
	ck_assert_int_eq(step_mirror_mismatches(db), 0);
}
END_TEST

Suite *
suite_db_step(void)
{
	Suite *s = suite_create("db_step");
	TCase *tc = tcase_create("steps");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mirror_follows_every_operation);
	tcase_add_test(tc, one_open_step);
	tcase_add_test(tc, timeline_keeps_the_order_within_a_second);
	tcase_add_test(tc, only_owner_changes_steps);
	tcase_add_test(tc, reopen_only_own_done_step);
	tcase_add_test(tc, migration_keeps_every_step);
	suite_add_tcase(s, tc);
	return s;
}
