/*
 * test_measures.c - the measures suite (app/measures.c): job-aid
 * effectiveness and the median on hand-built stage histories here, the
 * team figures in test_measures_team.c.  Every expected figure is
 * worked out by hand in the comment above its test.
 *
 * Unless a test says otherwise: stages Prospect (id 1, position 10),
 * Discovery (2, 20), Evaluation (3, 30), Proposal (4, 40); the aid
 * under test is 7 at Discovery (S = 2).  Times are T0 plus whole days
 * (or whole hours where a test wants a fraction), so the days come out
 * exact.
 */
#include <stddef.h>
#include <stdint.h>

#include "db_deal.h"
#include "db_playbook.h"
#include "measures.h"
#include "unit.h"

#define STAGE(i, nm, pos)                                                \
	{                                                                \
		.id = (i), .name = nm, .position = (pos), .early = true, \
		.probability = 10, .target_days = 14, .active = true     \
	}

static const struct stage stages[] = {
	STAGE(1, "Prospect", 10),
	STAGE(2, "Discovery", 20),
	STAGE(3, "Evaluation", 30),
	STAGE(4, "Proposal", 40),
};
#define NSTAGES ((int)(sizeof(stages) / sizeof(stages[0])))

#define AID 7
#define S 2
#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
#define T0 INT64_C(1700000000)
#define D(n) (T0 + (n)*DAY)

#define O DEAL_OPEN
#define W DEAL_WON
#define L DEAL_LOST

/* One history row: deal, from stage, to stage, from status, to status,
 * time. */
#define H(d, fs, ts, fst, tst, t)                                     \
	{                                                             \
		.deal_id = (d), .from_stage = (fs), .to_stage = (ts), \
		.from_status = (fst), .to_status = (tst), .at = (t),  \
		.skipped_stages = 0, .skipped_criteria = 0            \
	}

/* One use: deal, aid, stage the deal was in. */
#define U(d, a, s)                                                            \
	{                                                                     \
		.deal_id = (d), .aid_id = (a), .stage_id = (s), .used_at = T0 \
	}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct aid_effect
run_with(const struct history_row *h, size_t nh, const struct use_row *u,
    size_t nu, const struct stage *st, int nst, int64_t stage_id, int64_t now)
{
	struct aid_effect e;
	/* Garbage in out, to show every field is set. */
	e.aid_id = -1;
	e.stage_id = -1;
	e.used = (struct aid_group){ -1, -1, -1.0, false };
	e.not_used = e.used;
	measure_aid_effect(h, nh, u, nu, st, nst, AID, stage_id, now, &e);
	ck_assert_int_eq(e.aid_id, AID);
	ck_assert_int_eq(e.stage_id, stage_id);
	return e;
}

static struct aid_effect
run(const struct history_row *h, size_t nh, const struct use_row *u, size_t nu,
    int64_t now)
{
	return run_with(h, nh, u, nu, stages, NSTAGES, S, now);
}

#define ASSERT_GROUP(g, n, adv, median, few)                              \
	do {                                                              \
		ck_assert_int_eq((g).deals, (n));                         \
		ck_assert_int_eq((g).advanced, (adv));                    \
		ck_assert_double_eq_tol((g).median_days, (median), 1e-9); \
		ck_assert_int_eq((g).too_few, (few));                     \
	} while (0)

/*
 * Three deals that visit S, used by several tests:
 *   deal 1: created in 1 at day 0, 1->2 at day 1, 2->3 at day 4:
 *           3 days in S, advanced.
 *   deal 2: created in 2 at day 0, still there at now = day 10:
 *           10 days, not advanced.
 *   deal 3: created in 2 at day 0, lost there at day 2: 2 days, not
 *           advanced.
 * Days {3, 10, 2}: median 3; one advanced.
 */
static const struct history_row three[] = {
	H(1, 0, 1, O, O, D(0)),
	H(1, 1, 2, O, O, D(1)),
	H(1, 2, 3, O, O, D(4)),
	H(2, 0, 2, O, O, D(0)),
	H(3, 0, 2, O, O, D(0)),
	H(3, 2, 2, O, L, D(2)),
};

/* No history at all: both groups empty, median 0, too few. */
START_TEST(no_deals)
{
	struct aid_effect e = run(NULL, 0, NULL, 0, D(10));
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);

	/* Uses but no history: still nobody. */
	static const struct use_row u[] = { U(1, AID, S) };
	e = run(NULL, 0, u, LEN(u), D(10));
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
}
END_TEST

/* No uses: all three deals of `three` are not_used (3 deals, 1
 * advanced, median 3); used is empty. */
START_TEST(no_uses)
{
	struct aid_effect e = run(three, LEN(three), NULL, 0, D(10));
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
	ASSERT_GROUP(e.not_used, 3, 1, 3.0, true);
}
END_TEST

/* Every deal used the aid at S (deal 1 twice, counted once): used has
 * 3 deals, 1 advanced, median 3; not_used is empty. */
START_TEST(all_uses)
{
	static const struct use_row u[] = {
		U(1, AID, S),
		U(2, AID, S),
		U(3, AID, S),
		U(1, AID, S),
	};
	struct aid_effect e = run(three, LEN(three), u, LEN(u), D(10));
	ASSERT_GROUP(e.used, 3, 1, 3.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
}
END_TEST

/*
 * deal 1 used aid 7 but at stage 1 (before S): not used at S.
 * deal 2 used aid 8 at S: a different aid, not used.
 * deal 3 used aid 7 at S: used.
 * used: deal 3 -> 1 deal, 0 advanced, median 2.
 * not_used: deals 1, 2 -> days {3, 10}, median 6.5, 1 advanced.
 */
START_TEST(use_elsewhere_or_other_aid)
{
	static const struct use_row u[] = {
		U(1, AID, 1),
		U(1, AID, 3),
		U(2, AID + 1, S),
		U(3, AID, S),
	};
	struct aid_effect e = run(three, LEN(three), u, LEN(u), D(10));
	ASSERT_GROUP(e.used, 1, 0, 2.0, true);
	ASSERT_GROUP(e.not_used, 2, 1, 6.5, true);

	/* Only the wrong-stage and wrong-aid uses: nobody used it. */
	e = run(three, LEN(three), u, 3, D(10));
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
	ASSERT_GROUP(e.not_used, 3, 1, 3.0, true);
}
END_TEST

/*
 * deal 4: created in 1, lost there: never in S.
 * deal 5: created in 3, 3->4, won in 4: never in S.
 * deal 6: created in 2 at day 0, 2->3 at day 5: 5 days, advanced,
 *         used at S.
 * Deals 4 and 5 have uses of the aid (deal 4 one naming S, as stray
 * data would) but count in neither group: used = deal 6 only (1 deal,
 * 1 advanced, median 5); not_used empty.
 */
START_TEST(never_visited_not_counted)
{
	static const struct history_row h[] = {
		H(4, 0, 1, O, O, D(0)),
		H(4, 1, 1, O, L, D(3)),
		H(5, 0, 3, O, O, D(0)),
		H(5, 3, 4, O, O, D(2)),
		H(5, 4, 4, O, W, D(6)),
		H(6, 0, 2, O, O, D(0)),
		H(6, 2, 3, O, O, D(5)),
	};
	static const struct use_row u[] = {
		U(4, AID, S),
		U(5, AID, 3),
		U(6, AID, S),
	};
	struct aid_effect e = run(h, LEN(h), u, LEN(u), D(20));
	ASSERT_GROUP(e.used, 1, 1, 5.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);

	/* Without deal 6, nobody counts. */
	e = run(h, 5, u, LEN(u), D(20));
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Skipped over S: deal 1 created in 1, moved 1->3 (skipping 2) at day
 * 2, then 3->4.  Deal 2 created in 4, moved back 4->1 (past S) at day
 * 3.  Neither was ever in S: both groups empty.
 */
START_TEST(skipped_over_not_counted)
{
	static const struct history_row h[] = {
		H(1, 0, 1, O, O, D(0)),
		{ .deal_id = 1,
		    .from_stage = 1,
		    .to_stage = 3,
		    .from_status = O,
		    .to_status = O,
		    .at = D(2),
		    .skipped_stages = 1,
		    .skipped_criteria = 2 },
		H(1, 3, 4, O, O, D(5)),
		H(2, 0, 4, O, O, D(0)),
		H(2, 4, 1, O, O, D(3)),
	};
	static const struct use_row u[] = { U(1, AID, 1), U(2, AID, 1) };
	struct aid_effect e = run(h, LEN(h), u, LEN(u), D(9));
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Re-entered S after regressing, last visit forward:
 *   created in 1 at day 0; 1->2 at day 1; 2->3 at day 3 (visit 1:
 *   2 days); 3->2 at day 6; 2->3 at day 10 (visit 2: 4 days).
 * 6 days, advanced.  Used at S (on the second visit).
 */
START_TEST(reentered_last_visit_forward)
{
	static const struct history_row h[] = {
		H(1, 0, 1, O, O, D(0)),
		H(1, 1, 2, O, O, D(1)),
		H(1, 2, 3, O, O, D(3)),
		H(1, 3, 2, O, O, D(6)),
		H(1, 2, 3, O, O, D(10)),
	};
	static const struct use_row u[] = { U(1, AID, S) };
	struct aid_effect e = run(h, LEN(h), u, LEN(u), D(30));
	ASSERT_GROUP(e.used, 1, 1, 6.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Re-entered S, last visit back:
 *   created in 2 at day 0; 2->3 at day 2 (visit 1: 2 days, forward);
 *   3->2 at day 5; 2->1 at day 8 (visit 2: 3 days, back).
 * 5 days, not advanced (the first visit's forward move does not count).
 *
 * And re-entered S, last visit still going:
 *   created in 2 at day 0; 2->3 at day 1 (1 day); 3->2 at day 4; still
 *   there at now = day 11 (7 days).  8 days, not advanced.
 */
START_TEST(reentered_last_visit_back)
{
	static const struct history_row back[] = {
		H(1, 0, 2, O, O, D(0)),
		H(1, 2, 3, O, O, D(2)),
		H(1, 3, 2, O, O, D(5)),
		H(1, 2, 1, O, O, D(8)),
	};
	struct aid_effect e = run(back, LEN(back), NULL, 0, D(30));
	ASSERT_GROUP(e.not_used, 1, 0, 5.0, true);
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);

	static const struct history_row going[] = {
		H(2, 0, 2, O, O, D(0)),
		H(2, 2, 3, O, O, D(1)),
		H(2, 3, 2, O, O, D(4)),
	};
	e = run(going, LEN(going), NULL, 0, D(11));
	ASSERT_GROUP(e.not_used, 1, 0, 8.0, true);
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Each on its own:
 *   won:  created in 2 at day 0, won there at day 4: 4 days, advanced.
 *   lost: created in 2 at day 0, lost there at day 6: 6 days, not
 *         advanced.
 *   open: created in 1 at day 0, 1->2 at day 1, still in S at now =
 *         day 9: 8 days, not advanced.
 * Together (no uses): not_used 3 deals, 1 advanced, median of
 * {4, 6, 8} = 6.
 * The open deal with now = day 1 plus 12 hours: 0.5 days.
 */
START_TEST(won_lost_open)
{
	static const struct history_row h[] = {
		H(1, 0, 2, O, O, D(0)),
		H(1, 2, 2, O, W, D(4)),
		H(2, 0, 2, O, O, D(0)),
		H(2, 2, 2, O, L, D(6)),
		H(3, 0, 1, O, O, D(0)),
		H(3, 1, 2, O, O, D(1)),
	};
	struct aid_effect e = run(&h[0], 2, NULL, 0, D(9));
	ASSERT_GROUP(e.not_used, 1, 1, 4.0, true);
	e = run(&h[2], 2, NULL, 0, D(9));
	ASSERT_GROUP(e.not_used, 1, 0, 6.0, true);
	e = run(&h[4], 2, NULL, 0, D(9));
	ASSERT_GROUP(e.not_used, 1, 0, 8.0, true);
	e = run(&h[4], 2, NULL, 0, D(1) + 12 * HOUR);
	ASSERT_GROUP(e.not_used, 1, 0, 0.5, true);

	e = run(h, LEN(h), NULL, 0, D(9));
	ASSERT_GROUP(e.not_used, 3, 1, 6.0, true);
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Reopen then forward:
 *   created in 1 at day 0; 1->2 at day 1; lost in 2 at day 3 (visit 1:
 *   2 days); reopened in 2 at day 10 (lost -> open, 2 -> 2); 2->3 at
 *   day 13 (visit 2: 3 days).  The 7 days closed do not count.
 *   5 days, advanced (last visit forward).
 *
 * Won, reopened, still open:
 *   created in 2 at day 0; won there at day 2 (2 days); reopened in 2
 *   at day 5; still open at now = day 9 (4 days).  6 days, not
 *   advanced (the last visit is still going).
 */
START_TEST(reopen_counts_both_visits)
{
	static const struct history_row h[] = {
		H(1, 0, 1, O, O, D(0)),
		H(1, 1, 2, O, O, D(1)),
		H(1, 2, 2, O, L, D(3)),
		H(1, 2, 2, L, O, D(10)),
		H(1, 2, 3, O, O, D(13)),
	};
	static const struct use_row u[] = { U(1, AID, S) };
	struct aid_effect e = run(h, LEN(h), u, LEN(u), D(20));
	ASSERT_GROUP(e.used, 1, 1, 5.0, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);

	static const struct history_row won[] = {
		H(2, 0, 2, O, O, D(0)),
		H(2, 2, 2, O, W, D(2)),
		H(2, 2, 2, W, O, D(5)),
	};
	e = run(won, LEN(won), NULL, 0, D(9));
	ASSERT_GROUP(e.not_used, 1, 0, 6.0, true);
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Medians.  Each deal i is created in S and moved 2->3 after d_i:
 *   deals 1..5 (not used): 5, 1, 4, 2, 3 days -> sorted 1 2 3 4 5,
 *     median 3 (odd).
 *   deals 6..9 (used): 1, 7, 2, 5 days -> sorted 1 2 5 7, median
 *     (2 + 5) / 2 = 3.5 (even).
 * All advanced.  Then half days: deals 10, 11 (not used) in S for 36
 * and 12 hours -> 1.5 and 0.5 days; with deals 1..5 that is 7 values
 * 0.5 1 1.5 2 3 4 5, median 2.
 */
START_TEST(medians_odd_even)
{
	static const struct history_row h[] = {
		H(1, 0, 2, O, O, D(0)),
		H(1, 2, 3, O, O, D(5)),
		H(2, 0, 2, O, O, D(0)),
		H(2, 2, 3, O, O, D(1)),
		H(3, 0, 2, O, O, D(0)),
		H(3, 2, 3, O, O, D(4)),
		H(4, 0, 2, O, O, D(0)),
		H(4, 2, 3, O, O, D(2)),
		H(5, 0, 2, O, O, D(0)),
		H(5, 2, 3, O, O, D(3)),
		H(6, 0, 2, O, O, D(0)),
		H(6, 2, 3, O, O, D(1)),
		H(7, 0, 2, O, O, D(0)),
		H(7, 2, 3, O, O, D(7)),
		H(8, 0, 2, O, O, D(0)),
		H(8, 2, 3, O, O, D(2)),
		H(9, 0, 2, O, O, D(0)),
		H(9, 2, 3, O, O, D(5)),
		H(10, 0, 2, O, O, D(0)),
		H(10, 2, 3, O, O, D(0) + 36 * HOUR),
		H(11, 0, 2, O, O, D(0)),
		H(11, 2, 3, O, O, D(0) + 12 * HOUR),
	};
	static const struct use_row u[] = {
		U(6, AID, S),
		U(7, AID, S),
		U(8, AID, S),
		U(9, AID, S),
	};
	struct aid_effect e = run(h, 18, u, LEN(u), D(30));
	ASSERT_GROUP(e.not_used, 5, 5, 3.0, false);
	ASSERT_GROUP(e.used, 4, 4, 3.5, true);

	e = run(h, LEN(h), u, LEN(u), D(30));
	ASSERT_GROUP(e.not_used, 7, 7, 2.0, false);
	ASSERT_GROUP(e.used, 4, 4, 3.5, true);
}
END_TEST

/*
 * too_few flips at exactly MEASURE_MIN_DEALS (5).  Deals 1..5, each
 * created in S at day 0 and moved on at day i (i days, advanced).
 *   deals 1..4: 4 deals, median (2 + 3) / 2 = 2.5, too few.
 *   deals 1..5: 5 deals, median 3, not too few.
 * The same with all of them used: the used group flips the same way.
 */
START_TEST(too_few_flips_at_five)
{
	ck_assert_int_eq(MEASURE_MIN_DEALS, 5);
	static const struct history_row h[] = {
		H(1, 0, 2, O, O, D(0)),
		H(1, 2, 3, O, O, D(1)),
		H(2, 0, 2, O, O, D(0)),
		H(2, 2, 3, O, O, D(2)),
		H(3, 0, 2, O, O, D(0)),
		H(3, 2, 3, O, O, D(3)),
		H(4, 0, 2, O, O, D(0)),
		H(4, 2, 3, O, O, D(4)),
		H(5, 0, 2, O, O, D(0)),
		H(5, 2, 3, O, O, D(5)),
	};
	struct aid_effect e = run(h, 8, NULL, 0, D(30));
	ASSERT_GROUP(e.not_used, 4, 4, 2.5, true);
	e = run(h, LEN(h), NULL, 0, D(30));
	ASSERT_GROUP(e.not_used, 5, 5, 3.0, false);

	static const struct use_row u[] = {
		U(1, AID, S),
		U(2, AID, S),
		U(3, AID, S),
		U(4, AID, S),
		U(5, AID, S),
	};
	e = run(h, 8, u, LEN(u), D(30));
	ASSERT_GROUP(e.used, 4, 4, 2.5, true);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
	e = run(h, LEN(h), u, LEN(u), D(30));
	ASSERT_GROUP(e.used, 5, 5, 3.0, false);
	ASSERT_GROUP(e.not_used, 0, 0, 0.0, true);
}
END_TEST

/*
 * Positions with gaps and ids out of order; the list itself is not in
 * position order.  S is stage 3 at position 20.
 *   id 5 pos 10, id 9 pos 15, id 3 pos 20 (S), id 1 pos 30,
 *   id 2 pos 40.
 *   deal 1: created in 3 at day 0, 3->1 at day 2 (lower id, higher
 *           position): forward -> advanced, 2 days.
 *   deal 2: created in 3 at day 0, 3->9 at day 3 (higher id, lower
 *           position): back -> not advanced, 3 days.
 *   deal 3: created in 5, 5->3 at day 1, 3->2 at day 5 (position 40):
 *           advanced, 4 days.
 *   deal 4: created in 3 at day 0, 3->9 at day 1, 9->3 at day 2, 3->5
 *           at day 6 (position 10): last visit back, not advanced,
 *           1 + 4 = 5 days.
 * Each checked alone; together (no uses) 4 deals, 2 advanced, days
 * {2, 3, 4, 5} median 3.5.
 */
START_TEST(positions_not_ids)
{
	static const struct stage st[] = {
		STAGE(1, "Evaluation", 30),
		STAGE(9, "Qualify", 15),
		STAGE(3, "Discovery", 20),
		STAGE(5, "Prospect", 10),
		STAGE(2, "Proposal", 40),
	};
	int nst = (int)LEN(st);
	static const struct history_row h[] = {
		H(1, 0, 3, O, O, D(0)),
		H(1, 3, 1, O, O, D(2)),
		H(2, 0, 3, O, O, D(0)),
		H(2, 3, 9, O, O, D(3)),
		H(3, 0, 5, O, O, D(0)),
		H(3, 5, 3, O, O, D(1)),
		H(3, 3, 2, O, O, D(5)),
		H(4, 0, 3, O, O, D(0)),
		H(4, 3, 9, O, O, D(1)),
		H(4, 9, 3, O, O, D(2)),
		H(4, 3, 5, O, O, D(6)),
	};
	int64_t now = D(30);
	struct aid_effect e = run_with(&h[0], 2, NULL, 0, st, nst, 3, now);
	ASSERT_GROUP(e.not_used, 1, 1, 2.0, true);
	e = run_with(&h[2], 2, NULL, 0, st, nst, 3, now);
	ASSERT_GROUP(e.not_used, 1, 0, 3.0, true);
	e = run_with(&h[4], 3, NULL, 0, st, nst, 3, now);
	ASSERT_GROUP(e.not_used, 1, 1, 4.0, true);
	e = run_with(&h[7], 4, NULL, 0, st, nst, 3, now);
	ASSERT_GROUP(e.not_used, 1, 0, 5.0, true);

	e = run_with(h, LEN(h), NULL, 0, st, nst, 3, now);
	ASSERT_GROUP(e.not_used, 4, 2, 3.5, true);
	ASSERT_GROUP(e.used, 0, 0, 0.0, true);

	/* The same history measured at stage 9 (position 15): deals 2
	 * (still in 9 from day 3 to 30: 27 days) and 4 (day 1 to 2: 1 day,
	 * then 9->3, position 20, forward).  2 deals, 1 advanced, median
	 * (1 + 27) / 2 = 14. */
	e = run_with(h, LEN(h), NULL, 0, st, nst, 9, now);
	ASSERT_GROUP(e.not_used, 2, 1, 14.0, true);
}
END_TEST

/* measure_median directly. */
START_TEST(median_direct)
{
	/* None: 0, and the pointer is not touched. */
	ck_assert_double_eq(measure_median(NULL, 0), 0.0);
	double one[] = { 4.25 };
	ck_assert_double_eq(measure_median(one, 1), 4.25);

	/* Unsorted, odd: 1 3 5 -> 3, and sorted in place. */
	double odd[] = { 5, 1, 3 };
	ck_assert_double_eq(measure_median(odd, 3), 3.0);
	ck_assert_double_eq(odd[0], 1.0);
	ck_assert_double_eq(odd[1], 3.0);
	ck_assert_double_eq(odd[2], 5.0);

	/* Unsorted, even: 1 2 3 4 -> 2.5. */
	double even[] = { 4, 1, 3, 2 };
	ck_assert_double_eq(measure_median(even, 4), 2.5);

	/* Repeats and two values. */
	double rep[] = { 2, 9, 2, 2 };
	ck_assert_double_eq(measure_median(rep, 4), 2.0);
	double two[] = { 10, 0.5 };
	ck_assert_double_eq(measure_median(two, 2), 5.25);

	/* Only the first n are considered: {9, 1, 5} -> 5. */
	double part[] = { 9, 1, 5, 0, 0 };
	ck_assert_double_eq(measure_median(part, 3), 5.0);
	ck_assert_double_eq(part[3], 0.0);
}
END_TEST

Suite *
suite_measures(void)
{
	Suite *s = suite_create("measures");
	TCase *tc = tcase_create("aid_effect");
	tcase_add_test(tc, no_deals);
	tcase_add_test(tc, no_uses);
	tcase_add_test(tc, all_uses);
	tcase_add_test(tc, use_elsewhere_or_other_aid);
	tcase_add_test(tc, never_visited_not_counted);
	tcase_add_test(tc, skipped_over_not_counted);
	tcase_add_test(tc, reentered_last_visit_forward);
	tcase_add_test(tc, reentered_last_visit_back);
	tcase_add_test(tc, won_lost_open);
	tcase_add_test(tc, reopen_counts_both_visits);
	tcase_add_test(tc, medians_odd_even);
	tcase_add_test(tc, too_few_flips_at_five);
	tcase_add_test(tc, positions_not_ids);
	suite_add_tcase(s, tc);

	tc = tcase_create("median");
	tcase_add_test(tc, median_direct);
	suite_add_tcase(s, tc);

	measures_team_cases(s);
	return s;
}
