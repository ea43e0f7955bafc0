/*
 * test_measures_team.c - the team figures of app/measures.c (stage
 * distribution, early share, inflow, flow and conversion, time in
 * stage, stalled deals, forecast risk, the rep page) on hand-built
 * rows.  Every expected figure is worked out by hand in the comment
 * above its test.  Its cases are part of the measures suite
 * (test_measures.c).
 *
 * Unless a test says otherwise, the stages are (array index = position
 * order):
 *
 *   idx id  name       pos early prob target  rank
 *    0  11  Lead        10  yes   10%   7 d     1
 *    1  12  Qualify     20  yes   20%  10 d     2
 *    2  13  Discover    30  no    40%  14 d     3
 *    3  14  Propose     40  no    60%  14 d     4
 *    4  15  Negotiate   50  no    80%  21 d     5
 *
 * and "now" is NOW = 1704067200 = Monday 2024-01-01 00:00:00 UTC, day
 * 19723 since the epoch, week W = (NOW + 259200) / 604800 = 2818
 * exactly.  Reps are user ids 101, 102, 103, 104.
 *
 * The figures live in one static struct (it is about 140 KB); each
 * test runs in its own forked process, so nothing carries over.  start()
 * fills it with garbage first, to show measure_team_init sets every
 * field.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "amount.h"
#include "db_deal.h"
#include "db_team.h"
#include "measures.h"
#include "unit.h"

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
#define NOW INT64_C(1704067200)
#define W INT64_C(2818)

#define LEAD 0
#define QUAL 1
#define DISC 2
#define PROP 3
#define NEGO 4

#define ID_LEAD 11
#define ID_QUAL 12
#define ID_DISC 13
#define ID_PROP 14
#define ID_NEGO 15

#define A 101
#define B 102
#define C 103
#define D 104

#define STG(i, nm, pos, e, prob, target, act)                           \
	{                                                               \
		.id = (i), .name = nm, .position = (pos), .early = (e), \
		.probability = (prob), .target_days = (target),         \
		.active = (act)                                         \
	}

static const struct stage stages[] = {
	STG(ID_LEAD, "Lead", 10, true, 10, 7, true),
	STG(ID_QUAL, "Qualify", 20, true, 20, 10, true),
	STG(ID_DISC, "Discover", 30, false, 40, 14, true),
	STG(ID_PROP, "Propose", 40, false, 60, 14, true),
	STG(ID_NEGO, "Negotiate", 50, false, 80, 21, true),
};
#define NSTAGES ((int)(sizeof(stages) / sizeof(stages[0])))

#define LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct team_figures F;

static void
start_with(const struct stage *st, int nst, const int64_t *reps, int nreps,
    int64_t only, int64_t now, int period)
{
	memset(&F, 0x5a, sizeof(F));
	measure_team_init(&F, st, nst, reps, nreps, only, now, period);
}

static void
start(const int64_t *reps, int nreps, int64_t only)
{
	start_with(stages, NSTAGES, reps, nreps, only, NOW, 30);
}

static void
feed_count(int64_t owner, int64_t stage, int64_t deals, int64_t amount)
{
	struct count_row r = { .owner_id = owner,
		.stage_id = stage,
		.deals = deals,
		.amount = amount };
	measure_team_count(&F, &r);
}

static void
feed_inflow(int64_t owner, int64_t week, int64_t deals, int64_t late)
{
	struct inflow_row r = { .owner_id = owner,
		.week = week,
		.deals = deals,
		.late = late };
	measure_team_inflow(&F, &r);
}

static void
feed_flow(int64_t owner, int64_t stage, int64_t entries, int64_t regressions,
    int64_t skips, int64_t won, int64_t lost)
{
	struct flow_row r = { .owner_id = owner,
		.stage_id = stage,
		.entries = entries,
		.regressions = regressions,
		.skips = skips,
		.won = won,
		.lost = lost };
	measure_team_flow(&F, &r);
}

static void
feed_visit(int64_t owner, int64_t stage, int64_t days, int64_t visits)
{
	struct visit_row r = { .owner_id = owner,
		.stage_id = stage,
		.days = days,
		.visits = visits };
	measure_team_visit(&F, &r);
}

static void
feed_open_full(int64_t deal, int64_t owner, int64_t stage, int64_t entered,
    int64_t activity, bool skipped, bool has_amount, int64_t amount)
{
	struct open_row r = { .deal_id = deal,
		.owner_id = owner,
		.stage_id = stage,
		.stage_entered_at = entered,
		.last_activity_at = activity,
		.skipped = skipped,
		.has_amount = has_amount,
		.amount = amount };
	measure_team_open(&F, &r);
}

/* An open deal with no skip and no amount. */
static void
feed_open(int64_t deal, int64_t owner, int64_t stage, int64_t entered,
    int64_t activity)
{
	feed_open_full(deal, owner, stage, entered, activity, false, false, 0);
}

/* The three quantities every histogram test checks. */
#define ASSERT_TIME(s, nvisits, median, p75)                              \
	do {                                                              \
		ck_assert_int_eq((s).visits, (nvisits));                  \
		ck_assert_double_eq_tol((s).median_days, (median), 1e-9); \
		ck_assert_double_eq_tol((s).p75_days, (p75), 1e-9);       \
	} while (0)

/* --- set-up and the clock --------------------------------------------- */

/*
 * NOW is a Monday at midnight: NOW = 19723 * 86400 exactly, and day
 * 19723 + 3 = 19726 = 7 * 2818 (the epoch, day 0, was a Thursday, so
 * days d with d + 3 a multiple of 7 are Mondays).
 * measure_week: (NOW + 259200) / 604800 = 1704326400 / 604800 = 2818;
 * one second earlier (Sunday 23:59:59) is week 2817; the last second
 * of the week, NOW + 7 d - 1, is still 2818; NOW + 7 d is 2819.
 * Near the epoch: 1970-01-05 00:00 (t = 345600) is the first Monday,
 * week 1; t = 345599 is week 0, as is t = 0.
 */
START_TEST(week_numbers)
{
	ck_assert_int_eq(NOW % DAY, 0);
	ck_assert_int_eq((NOW / DAY + 3) % 7, 0);
	ck_assert_int_eq(measure_week(NOW), W);
	ck_assert_int_eq(measure_week(NOW - 1), W - 1);
	ck_assert_int_eq(measure_week(NOW + 7 * DAY - 1), W);
	ck_assert_int_eq(measure_week(NOW + 7 * DAY), W + 1);
	ck_assert_int_eq(measure_week(NOW + 3 * DAY + 12 * HOUR), W);
	ck_assert_int_eq(measure_week(NOW - 7 * DAY), W - 1);
	ck_assert_int_eq(measure_week(NOW - 7 * DAY - 1), W - 2);
	ck_assert_int_eq(measure_week(345600), 1);
	ck_assert_int_eq(measure_week(345599), 0);
	ck_assert_int_eq(measure_week(0), 0);
}
END_TEST

/*
 * The period: period_first_day = NOW / 86400 - period + 1, so the
 * period is `period` whole days ending today:
 *   30 -> 19723 - 30 + 1 = 19694
 *   90 -> 19723 - 90 + 1 = 19634
 *  180 -> 19723 - 180 + 1 = 19544
 * first_week = W - 7 = 2811 (eight weeks: 2811 .. 2818).
 * Later the same day (NOW + 86399) the day is unchanged; on Thursday
 * at noon (NOW + 3.5 d) it is 19726 - 30 + 1 = 19697, and the week is
 * still W, so first_week is still 2811.
 * init also keeps what it was given: stages, nstages, now, only_owner.
 */
START_TEST(init_period_and_weeks)
{
	static const int64_t reps[] = { A };
	static const struct {
		int period;
		int64_t first_day;
	} cases[] = { { 30, 19694 }, { 90, 19634 }, { 180, 19544 } };

	for (int i = 0; i < LEN(cases); i++) {
		start_with(stages, NSTAGES, reps, 1, 0, NOW, cases[i].period);
		ck_assert_int_eq(F.period_first_day, cases[i].first_day);
		ck_assert_int_eq(F.first_week, 2811);
		ck_assert_int_eq(F.first_week, measure_week(NOW) - 7);
		ck_assert_ptr_eq(F.stages, stages);
		ck_assert_int_eq(F.nstages, NSTAGES);
		ck_assert_int_eq(F.now, NOW);
		ck_assert_int_eq(F.only_owner, 0);

		start_with(stages, NSTAGES, reps, 1, 0, NOW + DAY - 1,
		    cases[i].period);
		ck_assert_int_eq(F.period_first_day, cases[i].first_day);
		ck_assert_int_eq(F.first_week, 2811);
	}

	start_with(stages, NSTAGES, reps, 1, A, NOW + 3 * DAY + 12 * HOUR, 30);
	ck_assert_int_eq(F.period_first_day, 19697);
	ck_assert_int_eq(F.first_week, 2811);
	ck_assert_int_eq(F.only_owner, A);

	/* One second before NOW is last week: everything moves back one. */
	start_with(stages, NSTAGES, reps, 1, 0, NOW - 1, 90);
	ck_assert_int_eq(F.period_first_day, 19722 - 90 + 1);
	ck_assert_int_eq(F.first_week, 2810);
}
END_TEST

/*
 * An empty team: no reps, no rows.  After finish every count is 0,
 * every median and p75 is 0, the stalled list is empty, and the
 * conversion targets are still the next stage by position (0 -> 1 ...
 * 3 -> 4, 4 -> -1) with next_entries 0.
 */
START_TEST(empty_team)
{
	start(NULL, 0, 0);
	measure_team_finish(&F);

	ck_assert_int_eq(F.nreps, 0);
	ck_assert_int_eq(F.open, 0);
	ck_assert_int_eq(F.open_early, 0);
	ck_assert_int_eq(F.amount, 0);
	ck_assert_int_eq(F.weighted, 0);
	ck_assert_int_eq(F.stalled, 0);
	ck_assert_int_eq(F.stalled_early, 0);
	ck_assert_int_eq(F.inflow_total, 0);
	ck_assert_int_eq(F.late_total, 0);
	ck_assert_int_eq(F.won, 0);
	ck_assert_int_eq(F.lost, 0);
	ck_assert_int_eq(F.regressions, 0);
	ck_assert_int_eq(F.skips, 0);
	ck_assert_int_eq(F.risk_deals, 0);
	ck_assert_int_eq(F.risk_amount, 0);
	ck_assert_int_eq(F.safe_deals, 0);
	ck_assert_int_eq(F.safe_amount, 0);
	ck_assert_int_eq(F.nstalled_list, 0);
	for (int i = 0; i < NSTAGES; i++) {
		const struct stage_figures *s = &F.st[i];
		ck_assert_int_eq(s->deals, 0);
		ck_assert_int_eq(s->amount, 0);
		ck_assert_int_eq(s->weighted, 0);
		ck_assert_int_eq(s->stalled, 0);
		ck_assert_int_eq(s->entries, 0);
		ck_assert_int_eq(s->regressions, 0);
		ck_assert_int_eq(s->skips, 0);
		ck_assert_int_eq(s->won, 0);
		ck_assert_int_eq(s->lost, 0);
		ASSERT_TIME(*s, 0, 0.0, 0.0);
		ck_assert_int_eq(s->next_entries, 0);
		ck_assert_int_eq(s->next_index, i + 1 < NSTAGES ? i + 1 : -1);
		for (int d = 0; d <= MAX_DAYS; d++)
			ck_assert_int_eq(s->histogram[d], 0);
	}
}
END_TEST

/*
 * A rep with no deals (D = 104) next to a rep with deals (A), in the
 * given display order D, A.  A has 2 open Lead deals (amount 500) and
 * 3 new deals in each of the last three weeks; D has nothing.
 *   reps[0] = D: every figure 0, inflow all 0, and so weeks_below_target
 *                = 3 (0 < 3 in each of the last three weeks).
 *   reps[1] = A: open 2, open_early 2, stage_deals[Lead] 2,
 *                stage_amount[Lead] 500, inflow {0,0,0,0,0,3,3,3},
 *                inflow_total 9, weeks_below_target 0 (3 is not below
 *                3).
 */
START_TEST(rep_without_deals)
{
	static const int64_t reps[] = { D, A };
	start(reps, LEN(reps), 0);
	feed_count(A, ID_LEAD, 2, 500);
	feed_inflow(A, W - 2, 3, 0);
	feed_inflow(A, W - 1, 3, 0);
	feed_inflow(A, W, 3, 0);
	feed_open(1, A, ID_LEAD, NOW - DAY, NOW);
	feed_open(2, A, ID_LEAD, NOW - 2 * DAY, NOW);
	measure_team_finish(&F);

	ck_assert_int_eq(F.nreps, 2);
	const struct rep_figures *d = &F.reps[0], *a = &F.reps[1];
	ck_assert_int_eq(d->user_id, D);
	ck_assert_int_eq(d->open, 0);
	ck_assert_int_eq(d->open_early, 0);
	ck_assert_int_eq(d->inflow_total, 0);
	ck_assert_int_eq(d->late_total, 0);
	ck_assert_int_eq(d->stalled, 0);
	ck_assert_int_eq(d->stalled_early, 0);
	for (int i = 0; i < STAGES_MAX; i++) {
		ck_assert_int_eq(d->stage_deals[i], 0);
		ck_assert_int_eq(d->stage_amount[i], 0);
	}
	for (int w = 0; w < TEAM_WEEKS; w++)
		ck_assert_int_eq(d->inflow[w], 0);
	ck_assert_int_eq(d->weeks_below_target, 3);

	static const int64_t a_inflow[TEAM_WEEKS] = { 0, 0, 0, 0, 0, 3, 3, 3 };
	ck_assert_int_eq(a->user_id, A);
	ck_assert_int_eq(a->open, 2);
	ck_assert_int_eq(a->open_early, 2);
	ck_assert_int_eq(a->stage_deals[LEAD], 2);
	ck_assert_int_eq(a->stage_amount[LEAD], 500);
	for (int w = 0; w < TEAM_WEEKS; w++)
		ck_assert_int_eq(a->inflow[w], a_inflow[w]);
	ck_assert_int_eq(a->inflow_total, 9);
	ck_assert_int_eq(a->weeks_below_target, 0);
	ck_assert_int_eq(a->stalled, 0);

	ck_assert_int_eq(F.open, 2);
	ck_assert_int_eq(F.inflow_total, 9);
}
END_TEST

/* --- stage distribution ----------------------------------------------- */

/*
 * Three reps, counts, inflow and open deals; the team totals are the
 * sums over the reps.
 *
 * Counts (owner, stage, deals, amount):
 *   A Lead 2 300; A Discover 1 1000; B Qualify 3 600; B Propose 1 2000;
 *   C Lead 1 0.
 *   team open 8 (A 3, B 4, C 1), open_early 6 (A 2, B 3, C 1),
 *   amount 3900, weighted 30 + 400 + 120 + 1200 + 0 = 1750.
 *   per stage: Lead 3 / 300 / 30, Qualify 3 / 600 / 120,
 *   Discover 1 / 1000 / 400, Propose 1 / 2000 / 1200, Negotiate 0.
 *
 * Inflow (owner, week, deals, late), W - 7 = slot 0 ... W = slot 7:
 *   A: W 4 (1 late), W-1 2, W-2 3 -> slots 5..7 = 3, 2, 4; total 9,
 *      late 1; below target: slot 6 only -> 1.
 *   B: W-7 5 (2 late), W 1 -> slot 0 = 5, slot 7 = 1; total 6, late 2;
 *      below target: slots 5, 6, 7 -> 3.
 *   C: W-8 7 (ignored: too old), W-2 3 -> slot 5 = 3; total 3, late 0;
 *      below target: slots 6, 7 -> 2.
 *   team inflow 18, late 3.
 *
 * Open deals (deal, owner, stage, entered, last activity):
 *   1 A Lead     NOW-8d  NOW-1d   8 d > 7 d target: stalled (early)
 *   2 A Lead     NOW-2d  NOW-2d   not stalled
 *   3 A Discover NOW-20d NOW-1d   20 d > 14 d: stalled (not early)
 *   4 B Qualify  NOW-3d  NOW-15d  quiet 15 d > 14 d: stalled (early)
 *   5 B Qualify  NOW-1d  NOW      not stalled
 *   6 B Qualify  NOW-5d  NOW-5d   not stalled
 *   7 B Propose  NOW-4d  NOW-4d   not stalled; skipped, amount 2000
 *   8 C Lead     NOW-30d NOW-30d  stalled (early)
 *   team stalled 4, early 3; A 2 (early 1), B 1 (1), C 1 (1).
 *   per stage stalled: Lead 2, Qualify 1, Discover 1.
 *   stalled list: early first, longest in stage first:
 *     8 (30 d), 1 (8 d), 4 (3 d), then 3 (20 d, not early).
 *   risk: deal 7 only (Propose is rank 4): 1 deal, 2000.
 *   time in Lead: current visits 8, 2, 30 d -> median 8, p75 the
 *   ceil(2.25) = 3rd value = 30.
 */
START_TEST(rep_sums_agree)
{
	static const int64_t reps[] = { A, B, C };
	start(reps, LEN(reps), 0);
	feed_count(A, ID_LEAD, 2, 300);
	feed_count(A, ID_DISC, 1, 1000);
	feed_count(B, ID_QUAL, 3, 600);
	feed_count(B, ID_PROP, 1, 2000);
	feed_count(C, ID_LEAD, 1, 0);

	feed_inflow(A, W, 4, 1);
	feed_inflow(A, W - 1, 2, 0);
	feed_inflow(A, W - 2, 3, 0);
	feed_inflow(B, W - 7, 5, 2);
	feed_inflow(B, W, 1, 0);
	feed_inflow(C, W - 8, 7, 0);
	feed_inflow(C, W - 2, 3, 0);

	feed_open(1, A, ID_LEAD, NOW - 8 * DAY, NOW - DAY);
	feed_open(2, A, ID_LEAD, NOW - 2 * DAY, NOW - 2 * DAY);
	feed_open(3, A, ID_DISC, NOW - 20 * DAY, NOW - DAY);
	feed_open(4, B, ID_QUAL, NOW - 3 * DAY, NOW - 15 * DAY);
	feed_open(5, B, ID_QUAL, NOW - DAY, NOW);
	feed_open(6, B, ID_QUAL, NOW - 5 * DAY, NOW - 5 * DAY);
	feed_open_full(7, B, ID_PROP, NOW - 4 * DAY, NOW - 4 * DAY, true, true,
	    2000);
	feed_open(8, C, ID_LEAD, NOW - 30 * DAY, NOW - 30 * DAY);
	measure_team_finish(&F);

	/* The sums over the reps. */
	int64_t open = 0, early = 0, stalled = 0, stalled_early = 0;
	int64_t inflow = 0, late = 0, slots = 0;
	int64_t deals[STAGES_MAX] = { 0 }, amount[STAGES_MAX] = { 0 };
	ck_assert_int_eq(F.nreps, 3);
	for (int r = 0; r < F.nreps; r++) {
		const struct rep_figures *rep = &F.reps[r];
		open += rep->open;
		early += rep->open_early;
		stalled += rep->stalled;
		stalled_early += rep->stalled_early;
		inflow += rep->inflow_total;
		late += rep->late_total;
		for (int w = 0; w < TEAM_WEEKS; w++)
			slots += rep->inflow[w];
		for (int i = 0; i < NSTAGES; i++) {
			deals[i] += rep->stage_deals[i];
			amount[i] += rep->stage_amount[i];
		}
	}
	ck_assert_int_eq(F.open, open);
	ck_assert_int_eq(F.open_early, early);
	ck_assert_int_eq(F.stalled, stalled);
	ck_assert_int_eq(F.stalled_early, stalled_early);
	ck_assert_int_eq(F.inflow_total, inflow);
	ck_assert_int_eq(F.inflow_total, slots);
	ck_assert_int_eq(F.late_total, late);
	for (int i = 0; i < NSTAGES; i++) {
		ck_assert_int_eq(F.st[i].deals, deals[i]);
		ck_assert_int_eq(F.st[i].amount, amount[i]);
	}

	/* And the hand-worked values. */
	ck_assert_int_eq(F.open, 8);
	ck_assert_int_eq(F.open_early, 6);
	ck_assert_int_eq(F.amount, 3900);
	ck_assert_int_eq(F.weighted, 1750);
	ck_assert_int_eq(F.stalled, 4);
	ck_assert_int_eq(F.stalled_early, 3);
	ck_assert_int_eq(F.inflow_total, 18);
	ck_assert_int_eq(F.late_total, 3);

	static const int64_t want_deals[] = { 3, 3, 1, 1, 0 };
	static const int64_t want_amount[] = { 300, 600, 1000, 2000, 0 };
	static const int64_t want_weighted[] = { 30, 120, 400, 1200, 0 };
	static const int64_t want_stalled[] = { 2, 1, 1, 0, 0 };
	for (int i = 0; i < NSTAGES; i++) {
		ck_assert_int_eq(F.st[i].deals, want_deals[i]);
		ck_assert_int_eq(F.st[i].amount, want_amount[i]);
		ck_assert_int_eq(F.st[i].weighted, want_weighted[i]);
		ck_assert_int_eq(F.st[i].stalled, want_stalled[i]);
	}

	const struct rep_figures *a = &F.reps[0], *b = &F.reps[1],
	                         *c = &F.reps[2];
	ck_assert_int_eq(a->user_id, A);
	ck_assert_int_eq(b->user_id, B);
	ck_assert_int_eq(c->user_id, C);
	ck_assert_int_eq(a->open, 3);
	ck_assert_int_eq(b->open, 4);
	ck_assert_int_eq(c->open, 1);
	ck_assert_int_eq(a->open_early, 2);
	ck_assert_int_eq(b->open_early, 3);
	ck_assert_int_eq(c->open_early, 1);
	ck_assert_int_eq(a->stage_deals[LEAD], 2);
	ck_assert_int_eq(a->stage_deals[DISC], 1);
	ck_assert_int_eq(a->stage_amount[LEAD], 300);
	ck_assert_int_eq(a->stage_amount[DISC], 1000);
	ck_assert_int_eq(b->stage_deals[QUAL], 3);
	ck_assert_int_eq(b->stage_deals[PROP], 1);
	ck_assert_int_eq(b->stage_amount[PROP], 2000);
	ck_assert_int_eq(c->stage_deals[LEAD], 1);
	ck_assert_int_eq(c->stage_amount[LEAD], 0);
	ck_assert_int_eq(a->stalled, 2);
	ck_assert_int_eq(a->stalled_early, 1);
	ck_assert_int_eq(b->stalled, 1);
	ck_assert_int_eq(b->stalled_early, 1);
	ck_assert_int_eq(c->stalled, 1);
	ck_assert_int_eq(c->stalled_early, 1);

	static const int64_t a_in[] = { 0, 0, 0, 0, 0, 3, 2, 4 };
	static const int64_t b_in[] = { 5, 0, 0, 0, 0, 0, 0, 1 };
	static const int64_t c_in[] = { 0, 0, 0, 0, 0, 3, 0, 0 };
	for (int w = 0; w < TEAM_WEEKS; w++) {
		ck_assert_int_eq(a->inflow[w], a_in[w]);
		ck_assert_int_eq(b->inflow[w], b_in[w]);
		ck_assert_int_eq(c->inflow[w], c_in[w]);
	}
	ck_assert_int_eq(a->inflow_total, 9);
	ck_assert_int_eq(b->inflow_total, 6);
	ck_assert_int_eq(c->inflow_total, 3);
	ck_assert_int_eq(a->late_total, 1);
	ck_assert_int_eq(b->late_total, 2);
	ck_assert_int_eq(c->late_total, 0);
	ck_assert_int_eq(a->weeks_below_target, 1);
	ck_assert_int_eq(b->weeks_below_target, 3);
	ck_assert_int_eq(c->weeks_below_target, 2);

	static const int64_t order[] = { 8, 1, 4, 3 };
	ck_assert_int_eq(F.nstalled_list, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(F.stalled_list[i].deal_id, order[i]);

	ck_assert_int_eq(F.risk_deals, 1);
	ck_assert_int_eq(F.risk_amount, 2000);
	ck_assert_int_eq(F.safe_deals, 0);
	ck_assert_int_eq(F.safe_amount, 0);

	ASSERT_TIME(F.st[LEAD], 3, 8.0, 30.0);
}
END_TEST

/*
 * Weighted = amount x probability / 100, truncated per row:
 *   Lead (10%):  1005 -> 100 (100.5), 995 -> 99 (99.5): 199, where
 *                weighting the sum would give 2000 x 10 / 100 = 200.
 *   Qualify (20%): 7 -> 1 (1.4), 3 -> 0 (0.6): 1 (the sum 10 -> 2).
 *   Negotiate (80%): 12345 -> 9876 (987600 / 100).
 *   Propose (60%): amount 0 -> 0.
 * Team weighted 199 + 1 + 9876 = 10076; amount 1005 + 995 + 7 + 3 +
 * 12345 = 14355; open 1 + 1 + 1 + 1 + 2 + 3 = 9.
 */
START_TEST(weighted_amounts)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	feed_count(A, ID_LEAD, 1, 1005);
	feed_count(B, ID_LEAD, 1, 995);
	feed_count(A, ID_QUAL, 1, 7);
	feed_count(B, ID_QUAL, 1, 3);
	feed_count(A, ID_NEGO, 2, 12345);
	feed_count(B, ID_PROP, 3, 0);
	measure_team_finish(&F);

	ck_assert_int_eq(F.st[LEAD].amount, 2000);
	ck_assert_int_eq(F.st[LEAD].weighted, 199);
	ck_assert_int_eq(F.st[QUAL].amount, 10);
	ck_assert_int_eq(F.st[QUAL].weighted, 1);
	ck_assert_int_eq(F.st[NEGO].amount, 12345);
	ck_assert_int_eq(F.st[NEGO].weighted, 9876);
	ck_assert_int_eq(F.st[PROP].deals, 3);
	ck_assert_int_eq(F.st[PROP].amount, 0);
	ck_assert_int_eq(F.st[PROP].weighted, 0);
	ck_assert_int_eq(F.st[DISC].weighted, 0);
	ck_assert_int_eq(F.amount, 14355);
	ck_assert_int_eq(F.weighted, 10076);
	ck_assert_int_eq(F.open, 9);
}
END_TEST

/*
 * Sums of money never wrap around.  Two reps each hold 5 x 10^18 minor
 * units in Negotiate (80%): the weighted share of one is 4 x 10^18 and
 * fits; the stage's and team's amounts (10^19) do not, and read
 * AMOUNT_TOO_LARGE, as does the weighted sum (8 x 10^18 + 10 from
 * Lead fits: 8000000000000000010).  A row already too large to be exact
 * (a REAL sum in SQLite) stays too large.  Forecast risk saturates the
 * same way.
 */
START_TEST(amounts_never_wrap)
{
	static const int64_t reps[] = { A, B };
	const int64_t big = INT64_C(5000000000000000000);
	start(reps, LEN(reps), 0);
	feed_count(A, ID_NEGO, 1, big);
	feed_count(B, ID_NEGO, 1, big);
	feed_count(A, ID_LEAD, 1, 100);
	feed_count(B, ID_QUAL, 1, AMOUNT_TOO_LARGE);
	measure_team_finish(&F);
	ck_assert(F.reps[0].stage_amount[NEGO] == big);
	ck_assert(F.st[NEGO].amount == AMOUNT_TOO_LARGE);
	ck_assert(F.st[NEGO].weighted == INT64_C(8000000000000000000));
	ck_assert(F.st[LEAD].weighted == 10);
	ck_assert(F.st[QUAL].amount == AMOUNT_TOO_LARGE);
	ck_assert(F.st[QUAL].weighted == AMOUNT_TOO_LARGE);
	ck_assert(F.amount == AMOUNT_TOO_LARGE);
	ck_assert(F.weighted == AMOUNT_TOO_LARGE);
	ck_assert(F.amount > 0 && F.weighted > 0);
}
END_TEST

/*
 * Early share = open_early / open.  Counts: Lead 3 (A), Qualify 2 (B),
 * Discover 4 (A), Propose 1 (B), Negotiate 2 (C): open 12, early 5
 * (Lead and Qualify are early) -> 5 of 12.  Per rep: A 7 open, 3 early;
 * B 3 open, 2 early; C 2 open, 0 early.
 * A row for an unknown stage (id 99) is ignored altogether.
 */
START_TEST(early_share)
{
	static const int64_t reps[] = { A, B, C };
	start(reps, LEN(reps), 0);
	feed_count(A, ID_LEAD, 3, 0);
	feed_count(B, ID_QUAL, 2, 0);
	feed_count(A, ID_DISC, 4, 0);
	feed_count(B, ID_PROP, 1, 0);
	feed_count(C, ID_NEGO, 2, 0);
	feed_count(A, 99, 50, 5000);
	measure_team_finish(&F);

	ck_assert_int_eq(F.open, 12);
	ck_assert_int_eq(F.open_early, 5);
	ck_assert_int_eq(F.amount, 0);
	ck_assert_int_eq(F.reps[0].open, 7);
	ck_assert_int_eq(F.reps[0].open_early, 3);
	ck_assert_int_eq(F.reps[1].open, 3);
	ck_assert_int_eq(F.reps[1].open_early, 2);
	ck_assert_int_eq(F.reps[2].open, 2);
	ck_assert_int_eq(F.reps[2].open_early, 0);
}
END_TEST

/* --- inflow --------------------------------------------------------- */

/*
 * Inflow slots across week boundaries, rep A, now = NOW (Monday 00:00),
 * first_week = W - 7 = 2811.  Deal counts are powers of two so any mix
 * shows:
 *   week of NOW               = 2818 ->   1 deal  slot 7
 *   week of NOW - 1 s         = 2817 ->   2       slot 6 (Sunday night)
 *   week of NOW - 7 d         = 2817 ->   4       slot 6
 *   week of NOW - 7 d - 1 s   = 2816 ->   8       slot 5
 *   week of NOW - 49 d        = 2811 ->  16       slot 0
 *   week of NOW - 49 d - 1 s  = 2810 ->  32       ignored (too old)
 *   week of NOW - 56 d        = 2810 ->  64       ignored (8 weeks older)
 *   week of NOW + 7 d         = 2819 -> 128       ignored (future)
 * inflow = {16, 0, 0, 0, 0, 8, 6, 1}, total 31; below target (3) in
 * the last three slots: slot 7 only -> 1.
 */
START_TEST(inflow_week_slots)
{
	static const int64_t reps[] = { A };
	start(reps, LEN(reps), 0);
	ck_assert_int_eq(F.first_week, W - 7);
	feed_inflow(A, measure_week(NOW), 1, 0);
	feed_inflow(A, measure_week(NOW - 1), 2, 0);
	feed_inflow(A, measure_week(NOW - 7 * DAY), 4, 0);
	feed_inflow(A, measure_week(NOW - 7 * DAY - 1), 8, 0);
	feed_inflow(A, measure_week(NOW - 49 * DAY), 16, 0);
	feed_inflow(A, measure_week(NOW - 49 * DAY - 1), 32, 0);
	feed_inflow(A, measure_week(NOW - 56 * DAY), 64, 0);
	feed_inflow(A, measure_week(NOW + 7 * DAY), 128, 0);
	measure_team_finish(&F);

	static const int64_t want[TEAM_WEEKS] = { 16, 0, 0, 0, 0, 8, 6, 1 };
	for (int w = 0; w < TEAM_WEEKS; w++)
		ck_assert_int_eq(F.reps[0].inflow[w], want[w]);
	ck_assert_int_eq(F.reps[0].inflow_total, 31);
	ck_assert_int_eq(F.inflow_total, 31);
	ck_assert_int_eq(F.reps[0].weeks_below_target, 1);
}
END_TEST

/*
 * Late-entry totals (owner, week, deals, late):
 *   A: W 3 (1 late), W-3 5 (2 late), W-8 9 (4 late: too old, ignored)
 *   B: W-7 2 (2 late), W-1 1 (0 late)
 *   A inflow 8, late 3; B inflow 3, late 2; team 11, late 5.
 * Below target: A slots 5, 6 (0) and 7 (3, not below) -> 2;
 * B slots 5 (0), 6 (1), 7 (0) -> 3.
 */
START_TEST(late_entries)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	feed_inflow(A, W, 3, 1);
	feed_inflow(A, W - 3, 5, 2);
	feed_inflow(A, W - 8, 9, 4);
	feed_inflow(B, W - 7, 2, 2);
	feed_inflow(B, W - 1, 1, 0);
	measure_team_finish(&F);

	ck_assert_int_eq(F.reps[0].inflow_total, 8);
	ck_assert_int_eq(F.reps[0].late_total, 3);
	ck_assert_int_eq(F.reps[1].inflow_total, 3);
	ck_assert_int_eq(F.reps[1].late_total, 2);
	ck_assert_int_eq(F.inflow_total, 11);
	ck_assert_int_eq(F.late_total, 5);
	ck_assert_int_eq(F.reps[0].inflow[4], 5);
	ck_assert_int_eq(F.reps[1].inflow[0], 2);
	ck_assert_int_eq(F.reps[0].weeks_below_target, 2);
	ck_assert_int_eq(F.reps[1].weeks_below_target, 3);
}
END_TEST

/* --- flow and conversion -------------------------------------------- */

/*
 * A stage nobody entered: every deal that left Lead skipped Qualify.
 * Flow (owner, stage, entries, regressions, skips, won, lost):
 *   A Lead 6 entries, 4 skips, 3 lost; B Lead 4 entries, 2 skips, 1 lost
 *   (no row at all for Qualify)
 *   A Discover 6 entries; B Propose 3 entries; A Negotiate 1 entry, 1 won
 * Conversion, next active stage by position:
 *   Lead -> Qualify (index 1): 0 of 10
 *   Qualify -> Discover (2): 6 of 0
 *   Discover -> Propose (3): 3 of 6
 *   Propose -> Negotiate (4): 1 of 3
 *   Negotiate: the last, -1, 0
 * Team skips 6, lost 4, won 1.
 */
START_TEST(skipped_stage_conversion)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	feed_flow(A, ID_LEAD, 6, 0, 4, 0, 3);
	feed_flow(B, ID_LEAD, 4, 0, 2, 0, 1);
	feed_flow(A, ID_DISC, 6, 0, 0, 0, 0);
	feed_flow(B, ID_PROP, 3, 0, 0, 0, 0);
	feed_flow(A, ID_NEGO, 1, 0, 0, 1, 0);
	measure_team_finish(&F);

	ck_assert_int_eq(F.st[LEAD].entries, 10);
	ck_assert_int_eq(F.st[LEAD].skips, 6);
	ck_assert_int_eq(F.st[LEAD].next_index, QUAL);
	ck_assert_int_eq(F.st[LEAD].next_entries, 0);
	ck_assert_int_eq(F.st[QUAL].entries, 0);
	ck_assert_int_eq(F.st[QUAL].next_index, DISC);
	ck_assert_int_eq(F.st[QUAL].next_entries, 6);
	ck_assert_int_eq(F.st[DISC].next_index, PROP);
	ck_assert_int_eq(F.st[DISC].next_entries, 3);
	ck_assert_int_eq(F.st[PROP].next_index, NEGO);
	ck_assert_int_eq(F.st[PROP].next_entries, 1);
	ck_assert_int_eq(F.st[NEGO].next_index, -1);
	ck_assert_int_eq(F.st[NEGO].next_entries, 0);
	ck_assert_int_eq(F.skips, 6);
	ck_assert_int_eq(F.lost, 4);
	ck_assert_int_eq(F.won, 1);
	ck_assert_int_eq(F.st[LEAD].lost, 4);
	ck_assert_int_eq(F.st[NEGO].won, 1);
}
END_TEST

/*
 * A retired stage between two active ones.  Stages (index, id, pos):
 *   0 Lead 11 pos 10, 1 Qualify 12 pos 20, 2 Old 16 pos 25 (retired),
 *   3 Discover 13 pos 30, 4 Propose 14 pos 40.
 * Flow entries: Lead 10, Qualify 8, Old 3 (history from before it was
 * retired), Discover 5, Propose 2.
 *   Lead -> Qualify (1): 8
 *   Qualify -> Discover (3), not Old: 5
 *   Old: retired, no conversion: -1, 0
 *   Discover -> Propose (4): 2
 *   Propose: last, -1
 * Ranks among active stages: Propose is 4 (Old does not count), so an
 * open Propose deal that skipped is at risk; Discover is 3, so its
 * skipped deal is not counted at all.
 */
static const struct stage retired[] = {
	STG(ID_LEAD, "Lead", 10, true, 10, 7, true),
	STG(ID_QUAL, "Qualify", 20, true, 20, 10, true),
	STG(16, "Old", 25, false, 30, 14, false),
	STG(ID_DISC, "Discover", 30, false, 40, 14, true),
	STG(ID_PROP, "Propose", 40, false, 60, 14, true),
};

START_TEST(retired_stage_conversion)
{
	static const int64_t reps[] = { A };
	start_with(retired, LEN(retired), reps, 1, 0, NOW, 90);
	feed_flow(A, ID_LEAD, 10, 0, 0, 0, 0);
	feed_flow(A, ID_QUAL, 8, 0, 0, 0, 0);
	feed_flow(A, 16, 3, 0, 0, 0, 0);
	feed_flow(A, ID_DISC, 5, 0, 0, 0, 0);
	feed_flow(A, ID_PROP, 2, 0, 0, 0, 0);
	feed_open_full(1, A, ID_PROP, NOW, NOW, true, true, 700);
	feed_open_full(2, A, ID_DISC, NOW, NOW, true, true, 900);
	measure_team_finish(&F);

	ck_assert_int_eq(F.st[0].next_index, 1);
	ck_assert_int_eq(F.st[0].next_entries, 8);
	ck_assert_int_eq(F.st[1].next_index, 3);
	ck_assert_int_eq(F.st[1].next_entries, 5);
	ck_assert_int_eq(F.st[2].entries, 3);
	ck_assert_int_eq(F.st[2].next_index, -1);
	ck_assert_int_eq(F.st[2].next_entries, 0);
	ck_assert_int_eq(F.st[3].next_index, 4);
	ck_assert_int_eq(F.st[3].next_entries, 2);
	ck_assert_int_eq(F.st[4].next_index, -1);
	ck_assert_int_eq(F.st[4].next_entries, 0);

	ck_assert_int_eq(F.risk_deals, 1);
	ck_assert_int_eq(F.risk_amount, 700);
	ck_assert_int_eq(F.safe_deals, 0);
}
END_TEST

/*
 * Win rate from won and lost, summed over reps and stages:
 *   A Propose won 2 lost 1 (1 regression); B Propose won 1;
 *   A Negotiate won 3 lost 2 (1 skip); B Lead lost 4;
 *   A row for an unknown stage (99, won 50) is ignored.
 * won 6, lost 7 (win rate 6 of 13); Propose 3 / 1, Negotiate 3 / 2,
 * Lead 0 / 4; regressions 1, skips 1.
 */
START_TEST(win_rate)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	feed_flow(A, ID_PROP, 0, 1, 0, 2, 1);
	feed_flow(B, ID_PROP, 0, 0, 0, 1, 0);
	feed_flow(A, ID_NEGO, 0, 0, 1, 3, 2);
	feed_flow(B, ID_LEAD, 0, 0, 0, 0, 4);
	feed_flow(A, 99, 0, 0, 0, 50, 0);
	measure_team_finish(&F);

	ck_assert_int_eq(F.won, 6);
	ck_assert_int_eq(F.lost, 7);
	ck_assert_int_eq(F.st[PROP].won, 3);
	ck_assert_int_eq(F.st[PROP].lost, 1);
	ck_assert_int_eq(F.st[NEGO].won, 3);
	ck_assert_int_eq(F.st[NEGO].lost, 2);
	ck_assert_int_eq(F.st[LEAD].won, 0);
	ck_assert_int_eq(F.st[LEAD].lost, 4);
	ck_assert_int_eq(F.regressions, 1);
	ck_assert_int_eq(F.st[PROP].regressions, 1);
	ck_assert_int_eq(F.skips, 1);
	ck_assert_int_eq(F.st[NEGO].skips, 1);
}
END_TEST

/* --- time in stage ---------------------------------------------------- */

/*
 * A deal that regressed and re-entered Qualify:
 *   in Qualify day 0 .. day 3 (3 days), on to Discover day 3 .. day 5
 *   (2 days), back to Qualify day 5 .. day 14 (9 days), on to Discover
 *   again, where it still is, entered NOW - 4 d - 1 h (4 whole days).
 * The data layer hands over finished visits (A, Qualify, 3 d, 1),
 * (A, Qualify, 9 d, 1), (A, Discover, 2 d, 1) and the open deal.
 *   Qualify: {3, 9}: 2 visits, median (3 + 9) / 2 = 6, p75 the
 *            ceil(1.5) = 2nd value = 9.
 *   Discover: {2, 4}: 2 visits, median 3, p75 4.
 * Flow: Qualify 2 entries; Discover 2 entries, 1 regression.
 *
 * Then with a second deal open in Qualify since NOW - 5 d - 12 h
 * (5 whole days): Qualify {3, 5, 9}: median 5, p75 ceil(2.25) = 3rd = 9.
 */
START_TEST(regressed_reentered)
{
	static const int64_t reps[] = { A };
	start(reps, LEN(reps), 0);
	feed_visit(A, ID_QUAL, 3, 1);
	feed_visit(A, ID_QUAL, 9, 1);
	feed_visit(A, ID_DISC, 2, 1);
	feed_flow(A, ID_QUAL, 2, 0, 0, 0, 0);
	feed_flow(A, ID_DISC, 2, 1, 0, 0, 0);
	feed_open(21, A, ID_DISC, NOW - 4 * DAY - HOUR, NOW);
	measure_team_finish(&F);

	ASSERT_TIME(F.st[QUAL], 2, 6.0, 9.0);
	ck_assert_int_eq(F.st[QUAL].histogram[3], 1);
	ck_assert_int_eq(F.st[QUAL].histogram[9], 1);
	ASSERT_TIME(F.st[DISC], 2, 3.0, 4.0);
	ck_assert_int_eq(F.st[DISC].histogram[4], 1);
	ck_assert_int_eq(F.st[QUAL].entries, 2);
	ck_assert_int_eq(F.st[DISC].regressions, 1);
	ck_assert_int_eq(F.regressions, 1);
	ck_assert_int_eq(F.st[QUAL].next_entries, 2);

	start(reps, LEN(reps), 0);
	feed_visit(A, ID_QUAL, 3, 1);
	feed_visit(A, ID_QUAL, 9, 1);
	feed_open(22, A, ID_QUAL, NOW - 5 * DAY - 12 * HOUR, NOW);
	measure_team_finish(&F);
	ASSERT_TIME(F.st[QUAL], 3, 5.0, 9.0);
}
END_TEST

/*
 * Visit rows carry a count, long visits are capped, nonsense is
 * dropped:
 *   Lead: (A, 2 d, 3 visits), (B, 1000 d, 1 visit) -> capped at 400,
 *         (A, -1 d, 5 visits) -> ignored.  {2, 2, 2, 400}: 4 visits,
 *         median (2 + 2) / 2 = 2, p75 the 3rd value = 2.
 *   Propose: an open deal entered 500 d ago -> 400; one entered 2 d in
 *         the future (clock skew) -> 0 days, not -2.  {0, 400}: median 200, p75 400.
 */
START_TEST(visit_counts_and_caps)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	feed_visit(A, ID_LEAD, 2, 3);
	feed_visit(B, ID_LEAD, 1000, 1);
	feed_visit(A, ID_LEAD, -1, 5);
	feed_open(1, A, ID_PROP, NOW - 500 * DAY, NOW);
	feed_open(2, B, ID_PROP, NOW + 2 * DAY, NOW);
	measure_team_finish(&F);

	ASSERT_TIME(F.st[LEAD], 4, 2.0, 2.0);
	ck_assert_int_eq(F.st[LEAD].histogram[2], 3);
	ck_assert_int_eq(F.st[LEAD].histogram[MAX_DAYS], 1);
	ASSERT_TIME(F.st[PROP], 2, 200.0, 400.0);
	ck_assert_int_eq(F.st[PROP].histogram[0], 1);
	ck_assert_int_eq(F.st[PROP].histogram[MAX_DAYS], 1);
}
END_TEST

/*
 * measure_histogram_quantile on hand-made histograms (max_days 10
 * unless said):
 *   none:             0 for any q
 *   odd {1, 4, 6}:    median 2nd = 4; p75 ceil(2.25) = 3rd = 6
 *   even {2, 3, 7, 9}: median (3 + 7) / 2 = 5; p75 3rd = 7
 *   one bucket 5 x4:  median (5 + 5) / 2 = 5; p75 5; x3: 5, 5
 *   {2, 2, 8, 8}:     median (2 + 8) / 2 = 5 (the gap is skipped)
 *   {2, 2, 2, 8}:     median (2 + 2) / 2 = 2
 *   nearest rank {1, 1, 2, 2, 3, 3, 4, 10}: p75 ceil(6) = 6th = 3
 *                     (interpolation would give 3.25)
 *   {0, 0, 0, 8}:     p75 3rd = 0; median 0
 *   {0, 10} at the top (max_days 10): median 5; p75 10; q = 1 -> 10
 *   {1 .. 5}:         q = 0.25 -> ceil(1.25) = 2nd = 2; q = 0.5 ->
 *                     3rd = 3; q = 0.75 -> ceil(3.75) = 4th = 4;
 *                     q = 1 -> 5
 *   max_days limits the scan: hist[12] is outside max_days 10.
 */
START_TEST(quantiles)
{
	int64_t h[20];

	memset(h, 0, sizeof(h));
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 0.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 0.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 1.0), 0.0);

	memset(h, 0, sizeof(h));
	h[1] = h[4] = h[6] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 4.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 6.0);

	memset(h, 0, sizeof(h));
	h[2] = h[3] = h[7] = h[9] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 5.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 7.0);

	memset(h, 0, sizeof(h));
	h[5] = 4;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 5.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 5.0);
	h[5] = 3;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 5.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 5.0);

	memset(h, 0, sizeof(h));
	h[2] = 2;
	h[8] = 2;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 5.0);
	h[2] = 3;
	h[8] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 2.0);

	memset(h, 0, sizeof(h));
	h[1] = h[2] = h[3] = 2;
	h[4] = h[10] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 3.0);

	memset(h, 0, sizeof(h));
	h[0] = 3;
	h[8] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 0.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 0.0);

	memset(h, 0, sizeof(h));
	h[0] = h[10] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 5.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 10.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 1.0), 10.0);

	memset(h, 0, sizeof(h));
	h[1] = h[2] = h[3] = h[4] = h[5] = 1;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.25), 2.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 3.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 4.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 1.0), 5.0);

	memset(h, 0, sizeof(h));
	h[3] = 1;
	h[12] = 5;
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.5), 3.0);
	ck_assert_double_eq(measure_histogram_quantile(h, 10, 0.75), 3.0);
}
END_TEST

/* --- stalled deals ---------------------------------------------------- */

/*
 * The edges, with Lead (target 7 days = 604800 s) and STALE_DAYS 14
 * (1209600 s); both comparisons are strict:
 *   entered NOW - 7 d,      activity NOW          -> not stalled
 *   entered NOW - 7 d - 1 s, activity NOW         -> stalled
 *   entered NOW,           activity NOW - 14 d    -> not stalled
 *   entered NOW,           activity NOW - 14 d - 1 s -> stalled
 *   entered NOW - 7 d,     activity NOW - 14 d    -> not stalled
 * A stage with target 0: entered NOW is not stalled, NOW - 1 s is.
 * Fed as open deals 1..5 (A, Lead): stalled 2 (deals 2 and 4), both
 * early; list 2 (7 whole days in stage, quiet 0) then 4 (0 days in
 * stage, quiet 14 whole days).
 */
START_TEST(stalled_edges)
{
	const struct stage *lead = &stages[LEAD];
	ck_assert(!measure_is_stalled(lead, NOW - 7 * DAY, NOW, NOW));
	ck_assert(measure_is_stalled(lead, NOW - 7 * DAY - 1, NOW, NOW));
	ck_assert(!measure_is_stalled(lead, NOW, NOW - 14 * DAY, NOW));
	ck_assert(measure_is_stalled(lead, NOW, NOW - 14 * DAY - 1, NOW));
	ck_assert(!measure_is_stalled(lead, NOW - 7 * DAY, NOW - 14 * DAY, NOW));

	struct stage zero = stages[LEAD];
	zero.target_days = 0;
	ck_assert(!measure_is_stalled(&zero, NOW, NOW, NOW));
	ck_assert(measure_is_stalled(&zero, NOW - 1, NOW, NOW));

	static const int64_t reps[] = { A };
	start(reps, LEN(reps), 0);
	feed_open(1, A, ID_LEAD, NOW - 7 * DAY, NOW);
	feed_open(2, A, ID_LEAD, NOW - 7 * DAY - 1, NOW);
	feed_open(3, A, ID_LEAD, NOW, NOW - 14 * DAY);
	feed_open(4, A, ID_LEAD, NOW, NOW - 14 * DAY - 1);
	feed_open(5, A, ID_LEAD, NOW - 7 * DAY, NOW - 14 * DAY);
	measure_team_finish(&F);

	ck_assert_int_eq(F.stalled, 2);
	ck_assert_int_eq(F.stalled_early, 2);
	ck_assert_int_eq(F.st[LEAD].stalled, 2);
	ck_assert_int_eq(F.reps[0].stalled, 2);
	ck_assert_int_eq(F.nstalled_list, 2);
	const struct stalled_deal *s = F.stalled_list;
	ck_assert_int_eq(s[0].deal_id, 2);
	ck_assert_int_eq(s[0].owner_id, A);
	ck_assert_int_eq(s[0].stage_index, LEAD);
	ck_assert_int_eq(s[0].days_in_stage, 7);
	ck_assert_int_eq(s[0].days_quiet, 0);
	ck_assert(s[0].early);
	ck_assert_int_eq(s[1].deal_id, 4);
	ck_assert_int_eq(s[1].days_in_stage, 0);
	ck_assert_int_eq(s[1].days_quiet, 14);
	ck_assert(s[1].early);
}
END_TEST

/*
 * 30 stalled deals, list capped at 25.
 *   deals 11..30 in Lead (early, target 7): days in stage
 *     8 + (30 - d) / 2, i.e. 11, 12 -> 17; 13, 14 -> 16; ... 29, 30 -> 8
 *     (entered that many days and 1 h ago).
 *   deals 1..10 in Discover (not early, target 14): 40 + d days
 *     (41 .. 50), longer than every early one.
 * All with activity NOW.  Order: early first; then longest in stage;
 * then lowest id on a tie:
 *   11, 12, 13, ..., 30 (20 early, ties broken by id), then the five
 *   longest of the rest: 10 (50 d), 9, 8, 7, 6 (46 d).
 * Fed in a scrambled order (deal (7 i mod 30) + 1 for i = 0..29).
 * stalled 30, early 20; Lead 20, Discover 10.
 */
START_TEST(stalled_order_and_cap)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	for (int i = 0; i < 30; i++) {
		int64_t d = (7 * i) % 30 + 1;
		if (d >= 11) {
			int64_t days = 8 + (30 - d) / 2;
			feed_open(d, d % 2 ? A : B, ID_LEAD,
			    NOW - days * DAY - HOUR, NOW);
		} else {
			feed_open(d, d % 2 ? A : B, ID_DISC,
			    NOW - (40 + d) * DAY - HOUR, NOW);
		}
	}
	measure_team_finish(&F);

	ck_assert_int_eq(F.stalled, 30);
	ck_assert_int_eq(F.stalled_early, 20);
	ck_assert_int_eq(F.st[LEAD].stalled, 20);
	ck_assert_int_eq(F.st[DISC].stalled, 10);
	ck_assert_int_eq(F.reps[0].stalled + F.reps[1].stalled, 30);
	ck_assert_int_eq(F.nstalled_list, STALLED_SHOWN);

	static const int64_t order[STALLED_SHOWN] = {
		11,
		12,
		13,
		14,
		15,
		16,
		17,
		18,
		19,
		20,
		21,
		22,
		23,
		24,
		25,
		26,
		27,
		28,
		29,
		30,
		10,
		9,
		8,
		7,
		6,
	};
	for (int i = 0; i < STALLED_SHOWN; i++)
		ck_assert_msg(F.stalled_list[i].deal_id == order[i],
		    "stalled_list[%d] is deal %lld, expected %lld", i,
		    (long long)F.stalled_list[i].deal_id, (long long)order[i]);
	ck_assert_int_eq(F.stalled_list[0].days_in_stage, 17);
	ck_assert(F.stalled_list[0].early);
	ck_assert_int_eq(F.stalled_list[19].days_in_stage, 8);
	ck_assert_int_eq(F.stalled_list[20].days_in_stage, 50);
	ck_assert(!F.stalled_list[20].early);
	ck_assert_int_eq(F.stalled_list[20].stage_index, DISC);
	ck_assert_int_eq(F.stalled_list[24].days_in_stage, 46);
	ck_assert_int_eq(F.stalled_list[24].owner_id, B);
}
END_TEST

/* --- forecast risk ---------------------------------------------------- */

/*
 * Open deals in stages of rank >= 4 (Propose, Negotiate), split by
 * whether they skipped a stage on the way:
 *   1 A Propose   skipped, 1000          -> risk
 *   2 B Negotiate skipped, no amount (999 in the field, ignored)
 *                                         -> risk, counts 0
 *   3 A Propose   not skipped, 500       -> safe
 *   4 B Negotiate not skipped, 700       -> safe
 *   5 A Discover  skipped, 5000 (rank 3) -> neither
 *   6 A Lead      skipped, 300 (rank 1)  -> neither
 * risk 2 deals / 1000; safe 2 deals / 1200.  None is stalled.
 */
START_TEST(forecast_risk)
{
	static const int64_t reps[] = { A, B };
	start(reps, LEN(reps), 0);
	feed_open_full(1, A, ID_PROP, NOW - DAY, NOW, true, true, 1000);
	feed_open_full(2, B, ID_NEGO, NOW - DAY, NOW, true, false, 999);
	feed_open_full(3, A, ID_PROP, NOW - DAY, NOW, false, true, 500);
	feed_open_full(4, B, ID_NEGO, NOW - DAY, NOW, false, true, 700);
	feed_open_full(5, A, ID_DISC, NOW - DAY, NOW, true, true, 5000);
	feed_open_full(6, A, ID_LEAD, NOW - DAY, NOW, true, true, 300);
	measure_team_finish(&F);

	ck_assert_int_eq(F.risk_deals, 2);
	ck_assert_int_eq(F.risk_amount, 1000);
	ck_assert_int_eq(F.safe_deals, 2);
	ck_assert_int_eq(F.safe_amount, 1200);
	ck_assert_int_eq(F.stalled, 0);
	ck_assert_int_eq(F.nstalled_list, 0);
}
END_TEST

/* --- the tiles' weeks ------------------------------------------------ */

/* A Thursday in week W: slot 7 ends now, slot w < 7 at the Monday
 * NOW - (6 - w) weeks. */
#define THU (NOW + 3 * DAY)

static void
feed_week_flow(int64_t stage, int64_t week, int64_t entries, int64_t skips)
{
	struct week_flow_row r = { .stage_id = stage,
		.week = week,
		.entries = entries,
		.skips = skips };
	measure_team_week_flow(&F, &r);
}

static void
feed_day_visit(int64_t stage, int64_t day, int64_t days, int64_t visits)
{
	struct day_visit_row r = { .stage_id = stage,
		.day = day,
		.days = days,
		.visits = visits };
	measure_team_week_visit(&F, &r);
}

/*
 * Open deals counted back from today's.  Now: Lead 3, Propose 2 -> 5
 * open, 3 early.  Week W: 2 entries into Lead.  Week W-1: a Lead visit
 * ended (on to Propose: 1 entry there, which skipped).
 *   slot 7: 5 / 3;  slot 6: 5 - 2 = 3 / 3 - 2 = 1;
 *   slot 5: 3 - 1 + 1 = 3 / 1 - 0 + 1 = 2; slots 0-4 the same.
 * A week before the eight, and an unknown stage, change nothing.
 */
START_TEST(weeks_open_counted_back)
{
	static const int64_t reps[] = { A };
	start_with(stages, NSTAGES, reps, LEN(reps), 0, THU, 30);
	feed_count(A, ID_LEAD, 3, 300);
	feed_count(A, ID_PROP, 2, 200);
	feed_week_flow(ID_LEAD, W, 2, 0);
	feed_week_flow(ID_PROP, W - 1, 1, 1);
	feed_week_flow(ID_LEAD, W - 8, 50, 50);
	feed_week_flow(99, W, 7, 7);
	feed_day_visit(ID_LEAD, NOW / DAY - 2, 3, 1);
	feed_day_visit(ID_LEAD, NOW / DAY - 60, 3, 9);
	measure_team_finish(&F);

	static const int64_t open[] = { 3, 3, 3, 3, 3, 3, 3, 5 };
	static const int64_t early[] = { 2, 2, 2, 2, 2, 2, 1, 3 };
	for (int w = 0; w < TEAM_WEEKS; w++) {
		ck_assert_int_eq(F.wk.open[w], open[w]);
		ck_assert_int_eq(F.wk.open_early[w], early[w]);
		ck_assert_int_eq(F.wk.skips[w], w == 6 ? 1 : 0);
	}
	ck_assert_int_eq(F.wk.open[TEAM_WEEKS - 1], F.open);
	ck_assert_int_eq(F.wk.open_early[TEAM_WEEKS - 1], F.open_early);
	ck_assert_int_eq(measure_team_week_end(&F, 7), THU);
	ck_assert_int_eq(measure_team_week_end(&F, 6), NOW);
	ck_assert_int_eq(measure_team_week_end(&F, 0), NOW - 42 * DAY);
}
END_TEST

/*
 * Stalled early deals at each week's end (Lead target 7 d, Qualify
 * 10 d; slot w < 7 ends at NOW - (6 - w) weeks, slot 7 at THU):
 *   deal 1 Lead, in since NOW-20d, active NOW: stalled at slot 5 (13 d),
 *     6 (20 d), 7 (23 d); at slot 4 (6 d) its quiet is unknown: no.
 *   deal 2 Qualify, in since NOW-40d, active NOW-30d: slot 1 (5 d in,
 *     activity after): no; slot 2 (12 d): yes; so slots 2-7.
 *   deal 3 Propose, stalled but late: never.
 *   a Lead visit that ended on day NOW/DAY-3 after 20 days (began
 *     NOW/DAY-23): at slot 5 (16 d) and 4 (9 d); slot 3 (2 d) no; it had
 *     ended by slot 6.
 *   -> 0 0 1 1 2 3 2 2, and slot 7 is F.stalled_early.
 */
START_TEST(weeks_stalled_early)
{
	static const int64_t reps[] = { A };
	start_with(stages, NSTAGES, reps, LEN(reps), 0, THU, 30);
	feed_open_full(1, A, ID_LEAD, NOW - 20 * DAY, NOW, false, false, 0);
	feed_open_full(2, A, ID_QUAL, NOW - 40 * DAY, NOW - 30 * DAY, false,
	    false, 0);
	feed_open_full(3, A, ID_PROP, NOW - 90 * DAY, NOW - 90 * DAY, false,
	    false, 0);
	feed_day_visit(ID_LEAD, NOW / DAY - 3, 20, 1);
	measure_team_finish(&F);

	static const int64_t stalled[] = { 0, 0, 1, 1, 2, 3, 2, 2 };
	for (int w = 0; w < TEAM_WEEKS; w++)
		ck_assert_int_eq(F.wk.stalled_early[w], stalled[w]);
	ck_assert_int_eq(F.stalled_early, 2);
}
END_TEST

/* --- one rep ---------------------------------------------------------- */

/*
 * The rep page: only_owner = B, team reps A, B, C.  Every row of A and
 * C is ignored.
 *   reps: just B.
 *   counts: A Lead 5/500, B Lead 1/100, B Propose 2/1000, C Qualify
 *     4/400 -> open 3, early 1, amount 1100, weighted 10 + 600 = 610.
 *   inflow: A W 7, B W 2 (1 late), C W-1 3 -> total 2, late 1,
 *     B slot 7 = 2.
 *   flow: A Lead 9 entries; B Lead 1; B Propose 2 entries 1 won;
 *     C Negotiate 5 lost -> Lead 1 entry, Propose 2, won 1, lost 0.
 *   visits: A Lead 10 d x3; B Lead 2 d x1.
 *   open: 1 A Lead stalled (30 d); 2 B Lead NOW-1d (fresh);
 *     3 B Propose NOW-15d (stalled, 15 > 14), not skipped, 500;
 *     4 B Propose fresh, skipped, 1000; 5 C Qualify stalled (30 d).
 *   -> Lead histogram {1 (deal 2), 2}: 2 visits, median 1.5, p75 2;
 *      stalled 1 (deal 3, not early); risk 1 / 1000, safe 1 / 500.
 */
START_TEST(only_owner)
{
	static const int64_t reps[] = { A, B, C };
	start(reps, LEN(reps), B);
	ck_assert_int_eq(F.nreps, 1);
	ck_assert_int_eq(F.reps[0].user_id, B);

	feed_count(A, ID_LEAD, 5, 500);
	feed_count(B, ID_LEAD, 1, 100);
	feed_count(B, ID_PROP, 2, 1000);
	feed_count(C, ID_QUAL, 4, 400);
	feed_inflow(A, W, 7, 0);
	feed_inflow(B, W, 2, 1);
	feed_inflow(C, W - 1, 3, 0);
	feed_flow(A, ID_LEAD, 9, 0, 0, 0, 0);
	feed_flow(B, ID_LEAD, 1, 0, 0, 0, 0);
	feed_flow(B, ID_PROP, 2, 0, 0, 1, 0);
	feed_flow(C, ID_NEGO, 0, 0, 0, 0, 5);
	feed_visit(A, ID_LEAD, 10, 3);
	feed_visit(B, ID_LEAD, 2, 1);
	feed_open(1, A, ID_LEAD, NOW - 30 * DAY, NOW - 30 * DAY);
	feed_open(2, B, ID_LEAD, NOW - DAY, NOW);
	feed_open_full(3, B, ID_PROP, NOW - 15 * DAY, NOW, false, true, 500);
	feed_open_full(4, B, ID_PROP, NOW - DAY, NOW, true, true, 1000);
	feed_open(5, C, ID_QUAL, NOW - 30 * DAY, NOW - 30 * DAY);
	measure_team_finish(&F);

	ck_assert_int_eq(F.open, 3);
	ck_assert_int_eq(F.open_early, 1);
	ck_assert_int_eq(F.amount, 1100);
	ck_assert_int_eq(F.weighted, 610);
	ck_assert_int_eq(F.st[QUAL].deals, 0);
	ck_assert_int_eq(F.inflow_total, 2);
	ck_assert_int_eq(F.late_total, 1);
	ck_assert_int_eq(F.reps[0].inflow[7], 2);
	ck_assert_int_eq(F.reps[0].inflow[6], 0);
	ck_assert_int_eq(F.reps[0].open, 3);
	ck_assert_int_eq(F.st[LEAD].entries, 1);
	ck_assert_int_eq(F.st[PROP].entries, 2);
	ck_assert_int_eq(F.won, 1);
	ck_assert_int_eq(F.lost, 0);
	ASSERT_TIME(F.st[LEAD], 2, 1.5, 2.0);
	ASSERT_TIME(F.st[QUAL], 0, 0.0, 0.0);
	ck_assert_int_eq(F.stalled, 1);
	ck_assert_int_eq(F.stalled_early, 0);
	ck_assert_int_eq(F.reps[0].stalled, 1);
	ck_assert_int_eq(F.nstalled_list, 1);
	ck_assert_int_eq(F.stalled_list[0].deal_id, 3);
	ck_assert_int_eq(F.risk_deals, 1);
	ck_assert_int_eq(F.risk_amount, 1000);
	ck_assert_int_eq(F.safe_deals, 1);
	ck_assert_int_eq(F.safe_amount, 500);
}
END_TEST

void
measures_team_cases(Suite *s)
{
	TCase *tc = tcase_create("team_setup");
	tcase_add_test(tc, week_numbers);
	tcase_add_test(tc, init_period_and_weeks);
	tcase_add_test(tc, empty_team);
	tcase_add_test(tc, rep_without_deals);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_distribution");
	tcase_add_test(tc, rep_sums_agree);
	tcase_add_test(tc, weighted_amounts);
	tcase_add_test(tc, amounts_never_wrap);
	tcase_add_test(tc, early_share);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_inflow");
	tcase_add_test(tc, inflow_week_slots);
	tcase_add_test(tc, late_entries);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_flow");
	tcase_add_test(tc, skipped_stage_conversion);
	tcase_add_test(tc, retired_stage_conversion);
	tcase_add_test(tc, win_rate);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_time_in_stage");
	tcase_add_test(tc, regressed_reentered);
	tcase_add_test(tc, visit_counts_and_caps);
	tcase_add_test(tc, quantiles);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_stalled");
	tcase_add_test(tc, stalled_edges);
	tcase_add_test(tc, stalled_order_and_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_risk_and_owner");
	tcase_add_test(tc, forecast_risk);
	tcase_add_test(tc, only_owner);
	suite_add_tcase(s, tc);

	tc = tcase_create("team_weeks");
	tcase_add_test(tc, weeks_open_counted_back);
	tcase_add_test(tc, weeks_stalled_early);
	suite_add_tcase(s, tc);
}
