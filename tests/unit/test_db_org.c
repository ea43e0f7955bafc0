/*
 * test_db_org.c - who may see which team (app/db_org.c): the check
 * every team page runs inside its query, for each role, and a
 * director's limit to some teams.
 *
 * The cast is fixture_two_teams() (team A with two reps, team B with
 * one), its admin, and two directors: one who sees every team, one
 * limited to team A.
 */
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "db_org.h"
#include "unit.h"

static struct db *db;
static char dbpath[512];
static struct fixture_people who;
static int64_t all_seeing, limited;

static void
setup(void)
{
	db = fixture_db("org", dbpath, sizeof(dbpath));
	fixture_two_teams(db, &who);
	who.admin = fixture_user(db, "admin@example.com", "Ada Min", ROLE_ADMIN,
	    0);
	all_seeing = fixture_user(db, "d1@example.com", "Dee One",
	    ROLE_DIRECTOR, 0);
	limited = fixture_user(db, "d2@example.com", "Dee Two", ROLE_DIRECTOR,
	    0);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(org_set_director_teams(db, limited, &who.team_a, 1),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

static int
visible(int64_t viewer, int64_t team)
{
	struct team t;
	return org_team_visible(db, viewer, team, &t);
}

static int
count_team(const struct team *t, void *arg)
{
	(void)t;
	(*(int *)arg)++;
	return 0;
}

static int
listed(int64_t viewer)
{
	int n = 0;
	ck_assert_int_eq(org_teams(db, viewer, count_team, &n), DB_OK);
	return n;
}

START_TEST(each_role_sees_the_teams_it_may)
{
	ck_assert_int_eq(visible(who.admin, who.team_a), DB_OK);
	ck_assert_int_eq(visible(who.admin, who.team_b), DB_OK);
	ck_assert_int_eq(visible(who.mgr_a, who.team_a), DB_OK);
	ck_assert_int_eq(visible(who.mgr_a, who.team_b), DB_NOTFOUND);
	ck_assert_int_eq(visible(who.rep_a1, who.team_a), DB_NOTFOUND);
	ck_assert_int_eq(visible(all_seeing, who.team_a), DB_OK);
	ck_assert_int_eq(visible(all_seeing, who.team_b), DB_OK);
	ck_assert_int_eq(visible(limited, who.team_a), DB_OK);
	ck_assert_int_eq(visible(limited, who.team_b), DB_NOTFOUND);
	ck_assert_int_eq(visible(all_seeing, 999999), DB_NOTFOUND);
	ck_assert_int_eq(listed(who.admin), 2);
	ck_assert_int_eq(listed(all_seeing), 2);
	ck_assert_int_eq(listed(limited), 1);
	ck_assert_int_eq(listed(who.mgr_b), 1);
	ck_assert_int_eq(listed(who.rep_b1), 0);
}
END_TEST

START_TEST(a_disabled_director_sees_nothing)
{
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(user_set_active(db, all_seeing, false), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(visible(all_seeing, who.team_a), DB_NOTFOUND);
	ck_assert_int_eq(listed(all_seeing), 0);
}
END_TEST

START_TEST(limits_are_replaced_and_cleared)
{
	int64_t ids[4];
	int n = -1;
	ck_assert_int_eq(org_director_teams(db, limited, ids, 4, &n), DB_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(ids[0], who.team_a);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(org_set_director_teams(db, limited, &who.team_b, 1),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(visible(limited, who.team_a), DB_NOTFOUND);
	ck_assert_int_eq(visible(limited, who.team_b), DB_OK);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(org_set_director_teams(db, limited, NULL, 0), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(listed(limited), 2);
}
END_TEST

START_TEST(the_default_targets_apply_to_every_team_and_new_ones)
{
	struct org_target t = { 65, 5 }, got;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(org_set_default_targets(db, &t), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(org_team_targets(db, who.team_b, &got), DB_OK);
	ck_assert_int_eq(got.early, 65);
	ck_assert_int_eq(got.inflow, 5);
	int64_t c = fixture_team(db, "Team C");
	ck_assert_int_eq(org_team_targets(db, c, &got), DB_OK);
	ck_assert_int_eq(got.early, 65);
	ck_assert_int_eq(got.inflow, 5);
	ck_assert_int_eq(org_default_targets(db, &got), DB_OK);
	ck_assert_int_eq(got.inflow, 5);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(org_set_team_targets(db, 999999, &t), DB_NOTFOUND);
	db_tx_rollback(db);
}
END_TEST

START_TEST(the_role_check_accepts_a_director_and_nothing_unknown)
{
	struct user u;
	ck_assert_int_eq(user_get_by_id(db, limited, &u), DB_OK);
	ck_assert_int_eq(u.role, ROLE_DIRECTOR);
	ck_assert_str_eq(role_name(ROLE_DIRECTOR), "director");
	ck_assert_int_eq(role_from_name("director"), ROLE_DIRECTOR);
	ck_assert_int_eq(role_from_name("boss"), ROLE_NONE);
}
END_TEST

Suite *
suite_db_org(void)
{
	Suite *s = suite_create("db_org");
	TCase *tc = tcase_create("visibility");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, each_role_sees_the_teams_it_may);
	tcase_add_test(tc, a_disabled_director_sees_nothing);
	tcase_add_test(tc, limits_are_replaced_and_cleared);
	tcase_add_test(tc,
	    the_default_targets_apply_to_every_team_and_new_ones);
	tcase_add_test(tc,
	    the_role_check_accepts_a_director_and_nothing_unknown);
	suite_add_tcase(s, tc);
	return s;
}
