/*
 * test_db_team.c - what the team pages read (app/db_team.c): the
 * revision numbers kept pages are stamped with (sql/007_revisions.sql,
 * team_revision and owner_revision).  Each change a page shows raises
 * the numbers of the pages that show it, in the same transaction, and
 * leaves the others alone.
 *
 * The cast is fixture_two_teams(): team A with two reps, team B with
 * one.
 */
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_team.h"
#include "unit.h"
#include "util.h"

#define T0 INT64_C(1700000000)

static struct db *db;
static char dbpath[512];
static struct fixture_people who;

/* Every number a test looks at, read at one moment. */
struct revs {
	int64_t team_a, team_b, rep_a1, rep_a2, rep_b1;
};

static struct revs
read_revs(void)
{
	struct revs v;
	ck_assert_int_eq(team_revision(db, who.team_a, &v.team_a), DB_OK);
	ck_assert_int_eq(team_revision(db, who.team_b, &v.team_b), DB_OK);
	ck_assert_int_eq(owner_revision(db, who.rep_a1, &v.rep_a1), DB_OK);
	ck_assert_int_eq(owner_revision(db, who.rep_a2, &v.rep_a2), DB_OK);
	ck_assert_int_eq(owner_revision(db, who.rep_b1, &v.rep_b1), DB_OK);
	return v;
}

static void
setup(void)
{
	db = fixture_db("revisions", dbpath, sizeof(dbpath));
	fixture_two_teams(db, &who);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

/* A deal at the first stage, not yet saved. */
static struct deal
draft(int64_t owner, int64_t team, const char *company)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	str_copy(d.company, sizeof(d.company), company);
	str_copy(d.currency, sizeof(d.currency), "USD");
	d.stage_id = 1;
	return d;
}

static int64_t
new_deal(int64_t owner, int64_t team, const char *company)
{
	struct deal d = draft(owner, team, company);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_create(db, &d, T0), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	return d.id;
}

START_TEST(a_deal_raises_its_team_and_owner_only)
{
	struct revs before = read_revs();
	new_deal(who.rep_a1, who.team_a, "Acme");
	struct revs after = read_revs();
	ck_assert_int_gt(after.team_a, before.team_a);
	ck_assert_int_gt(after.rep_a1, before.rep_a1);
	ck_assert_int_eq(after.team_b, before.team_b);
	ck_assert_int_eq(after.rep_a2, before.rep_a2);
	ck_assert_int_eq(after.rep_b1, before.rep_b1);
}
END_TEST

START_TEST(a_move_and_a_close_raise_them_again)
{
	int64_t id = new_deal(who.rep_b1, who.team_b, "Globex");
	struct revs before = read_revs();
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_move(db, id, who.rep_b1, 1, 2, 0, "", "", 0,
	                     T0 + 60),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct revs moved = read_revs();
	ck_assert_int_gt(moved.team_b, before.team_b);
	ck_assert_int_gt(moved.rep_b1, before.rep_b1);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_close(db, id, who.rep_b1, 2, DEAL_LOST,
	                     "No budget", 0, "", 0, T0 + 120),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct revs closed = read_revs();
	ck_assert_int_gt(closed.team_b, moved.team_b);
	ck_assert_int_gt(closed.rep_b1, moved.rep_b1);
	ck_assert_int_eq(closed.team_a, before.team_a);
	ck_assert_int_eq(closed.rep_a1, before.rep_a1);
}
END_TEST

START_TEST(a_rolled_back_change_raises_nothing)
{
	struct revs before = read_revs();
	struct deal d = draft(who.rep_a1, who.team_a, "Initech");
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_create(db, &d, T0), DB_OK);
	db_tx_rollback(db);
	struct revs after = read_revs();
	ck_assert_int_eq(after.team_a, before.team_a);
	ck_assert_int_eq(after.rep_a1, before.rep_a1);
}
END_TEST

START_TEST(a_coaching_session_raises_its_team_and_rep)
{
	struct revs before = read_revs();
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(coaching_session_add(db, who.team_a, who.mgr_a,
	                     who.rep_a1, 0, 30, SK_ONE_TO_ONE, "", false, T0),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct revs after = read_revs();
	ck_assert_int_gt(after.team_a, before.team_a);
	ck_assert_int_eq(after.team_b, before.team_b);
	/* The rep's /coaching lists the session: their number moves. */
	ck_assert_int_gt(after.rep_a1, before.rep_a1);
}
END_TEST

START_TEST(people_teams_and_stages_raise_every_page)
{
	struct revs v0 = read_revs();
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(user_update(db, who.rep_b1, "Bea Renamed", ROLE_REP,
	                     who.team_b),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct revs v1 = read_revs();
	ck_assert_int_gt(v1.team_a, v0.team_a);
	ck_assert_int_gt(v1.rep_a1, v0.rep_a1);

	struct stage st;
	ck_assert_int_eq(stage_get(db, 1, &st), DB_OK);
	str_copy(st.name, sizeof(st.name), "First contact");
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(stage_update(db, &st), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct revs v2 = read_revs();
	ck_assert_int_gt(v2.team_b, v1.team_b);
	ck_assert_int_gt(v2.rep_a2, v1.rep_a2);

	int64_t team_c = fixture_team(db, "Team C");
	ck_assert_int_gt(team_c, 0);
	struct revs v3 = read_revs();
	ck_assert_int_gt(v3.team_a, v2.team_a); /* the admin's team switcher */
}
END_TEST

START_TEST(a_bulk_load_raises_every_page)
{
	struct revs before = read_revs();
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(db_bulk_begin(db), DB_OK);
	ck_assert_int_eq(db_bulk_finish(db), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct revs after = read_revs();
	ck_assert_int_gt(after.team_a, before.team_a);
	ck_assert_int_gt(after.team_b, before.team_b);
	ck_assert_int_gt(after.rep_b1, before.rep_b1);
}
END_TEST

Suite *
suite_db_team(void)
{
	Suite *s = suite_create("db_team");
	TCase *tc = tcase_create("revisions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_deal_raises_its_team_and_owner_only);
	tcase_add_test(tc, a_move_and_a_close_raise_them_again);
	tcase_add_test(tc, a_rolled_back_change_raises_nothing);
	tcase_add_test(tc, a_coaching_session_raises_its_team_and_rep);
	tcase_add_test(tc, people_teams_and_stages_raise_every_page);
	tcase_add_test(tc, a_bulk_load_raises_every_page);
	suite_add_tcase(s, tc);
	return s;
}
