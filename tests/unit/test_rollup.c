/*
 * test_rollup.c - one team's row of /org (app/rollup.c) on hand-built
 * data: a team with deals and coaching sessions, one with deals and no
 * sessions, one with no reps at all; and the org's totals.
 *
 * The cast is fixture_two_teams() (team A with two reps, team B with
 * one) and team C, with no one in it.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "rollup.h"
#include "unit.h"
#include "util.h"

#define T0 INT64_C(1700000000) /* a Tuesday */
#define NOW (T0 + 3600)

static struct db *db;
static char dbpath[512];
static struct fixture_people who;
static int64_t team_c;
static struct stages stages;
static struct team_figures fig;

static void
setup(void)
{
	db = fixture_db("rollup", dbpath, sizeof(dbpath));
	fixture_two_teams(db, &who);
	team_c = fixture_team(db, "Team C");
	ck_assert_int_eq(stage_list(db, stages.list, STAGES_MAX) > 0, 1);
	stages.n = stage_list(db, stages.list, STAGES_MAX);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

/* A deal logged at stage 1 (or a late one) at time at. */
static int64_t
new_deal(int64_t owner, int64_t team, int64_t stage, int64_t at)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	str_copy(d.company, sizeof(d.company), "Acme");
	str_copy(d.currency, sizeof(d.currency), "USD");
	d.stage_id = stage;
	d.first_stage_id = stage;
	d.late_entry = stage >= 3;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_create(db, &d, at), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	return d.id;
}

static void
session(int64_t team, int64_t manager, int64_t rep, int64_t deal, int64_t stage,
    bool early, int minutes)
{
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(coaching_session_import(db, team, manager, rep, deal,
	                     stage, early, minutes, SK_DEAL_REVIEW, "", T0 + 60),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
}

static struct rollup_row
row_of(int64_t team_id)
{
	struct team t;
	ck_assert_int_eq(team_get_by_id(db, team_id, &t), DB_OK);
	struct rollup_row row;
	ck_assert_int_eq(rollup_team(db, &stages, &t, NOW, NOW, 90, &fig, &row),
	    DB_OK);
	return row;
}

START_TEST(a_team_with_sessions_has_its_share_minutes_and_counts)
{
	int64_t early = new_deal(who.rep_a1, who.team_a, 1, T0);
	int64_t late = new_deal(who.rep_a2, who.team_a, 3, T0);
	session(who.team_a, who.mgr_a, who.rep_a1, early, 1, true, 30);
	session(who.team_a, who.mgr_a, who.rep_a2, late, 3, false, 10);
	session(who.team_a, who.mgr_a, who.rep_a2, 0, 0, false, 20);
	struct rollup_row r = row_of(who.team_a);
	ck_assert_int_eq(r.nreps, 2);
	ck_assert_int_eq(r.meter.early_total, 30);
	ck_assert_int_eq(r.meter.late_total, 10);
	ck_assert_int_eq(r.meter.untied_total, 20);
	ck_assert_int_eq(rollup_early_percent(&r), 75);
	ck_assert_int_eq(rollup_minutes_per_week(&r), 5); /* 60 / 12 */
	ck_assert_int_eq(r.inflow_total, 2);
	ck_assert_int_eq(r.late_total, 1);
	ck_assert_int_eq(r.target.early, 50);
	ck_assert_int_eq(r.target.inflow, 3);
	/* Two new deals this week against 3 each: both reps below target
	 * in every one of the last three weeks. */
	ck_assert_int_eq(r.reps_below, 2);
	/* Only this week has minutes: no trend yet. */
	ck_assert_str_eq(r.trend, "—");
}
END_TEST

START_TEST(a_team_with_no_sessions_has_no_share_and_no_minutes)
{
	new_deal(who.rep_b1, who.team_b, 1, T0);
	struct rollup_row r = row_of(who.team_b);
	ck_assert_int_eq(r.nreps, 1);
	ck_assert_int_eq(r.meter.early_total + r.meter.late_total, 0);
	ck_assert_int_eq(rollup_early_percent(&r), -1);
	ck_assert_int_eq(rollup_minutes_per_week(&r), 0);
	ck_assert_str_eq(r.trend, "—");
	/* The new deal's item is in this week's "This week", and nothing
	 * followed it. */
	ck_assert_int_eq(r.follow_created, 1);
	ck_assert_int_eq(r.follow_done, 0);
	ck_assert_int_eq(r.inflow_total, 1);
	ck_assert_int_eq(r.late_total, 0);
	/* Team A's sessions do not leak into team B. */
	session(who.team_a, who.mgr_a, who.rep_a1, 0, 0, false, 45);
	r = row_of(who.team_b);
	ck_assert_int_eq(r.meter.untied_total, 0);
}
END_TEST

START_TEST(a_team_with_no_reps_is_all_zero)
{
	new_deal(who.rep_a1, who.team_a, 1, T0);
	struct rollup_row r = row_of(team_c);
	ck_assert_int_eq(r.nreps, 0);
	ck_assert_int_eq(r.inflow_total, 0);
	ck_assert_int_eq(r.reps_below, 0);
	ck_assert_int_eq(r.stalled_early, 0);
	ck_assert_int_eq(r.risk_deals, 0);
	ck_assert_int_eq(r.risk_amount, 0);
	ck_assert_int_eq(rollup_early_percent(&r), -1);
	ck_assert_str_eq(r.team.name, "Team C");
}
END_TEST

START_TEST(the_team_inflow_target_counts_reps_below_it)
{
	new_deal(who.rep_a1, who.team_a, 1, T0);
	struct org_target t = { 50, 0 };
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(org_set_team_targets(db, who.team_a, &t), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct rollup_row r = row_of(who.team_a);
	ck_assert_int_eq(r.target.inflow, 0);
	ck_assert_int_eq(r.reps_below, 0); /* no one is below 0 a week */
}
END_TEST

START_TEST(the_org_total_adds_the_teams)
{
	new_deal(who.rep_a1, who.team_a, 1, T0);
	new_deal(who.rep_a2, who.team_a, 2, T0);
	new_deal(who.rep_b1, who.team_b, 1, T0);
	struct team_figures *total = xcalloc(1, sizeof(*total));
	measure_team_init(total, stages.list, stages.n, NULL, 0, 0, NOW, 90);
	const int64_t teams[] = { who.team_a, who.team_b, team_c };
	for (size_t i = 0; i < GW_ARRAY_LEN(teams); i++) {
		row_of(teams[i]);
		rollup_add(total, &fig);
	}
	rollup_total_finish(total);
	ck_assert_int_eq(total->open, 3);
	ck_assert_int_eq(total->open_early, 3);
	ck_assert_int_eq(total->st[0].deals, 2);
	ck_assert_int_eq(total->st[1].deals, 1);
	ck_assert_int_eq(total->st[0].entries, 2);
	ck_assert_int_eq(total->inflow_total, 3);
	free(total);
}
END_TEST

Suite *
suite_rollup(void)
{
	Suite *s = suite_create("rollup");
	TCase *tc = tcase_create("rows");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    a_team_with_sessions_has_its_share_minutes_and_counts);
	tcase_add_test(tc, a_team_with_no_sessions_has_no_share_and_no_minutes);
	tcase_add_test(tc, a_team_with_no_reps_is_all_zero);
	tcase_add_test(tc, the_team_inflow_target_counts_reps_below_it);
	tcase_add_test(tc, the_org_total_adds_the_teams);
	suite_add_tcase(s, tc);
	return s;
}
