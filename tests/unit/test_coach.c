/*
 * test_coach.c - the seven coaching rules of app/coach.h on hand-built
 * input, each just over and just under its threshold, and the
 * shift-and-lift meter of app/measures.h.  Every expected figure is
 * worked out by hand in the comment above its test.
 *
 * The stages (array index = position order):
 *
 *   idx id  name       pos early target  rank
 *    0  11  Lead        10  yes    7 d     1
 *    1  12  Qualify     20  yes   10 d     2
 *    2  13  Discover    30  no    14 d     3
 *    3  14  Propose     40  no    14 d     4
 *    4  15  Negotiate   50  no    21 d     5
 *
 * NOW = 1704067200 = Monday 2024-01-01 00:00:00 UTC, week
 * W = (NOW + 259200) / 604800 = 2818 exactly, and today is
 * "2024-01-01".  Reps are user ids 101 ("Ann") and 102 ("Bob").
 *
 * A "calm" deal, event or rep trips no rule; each test changes one
 * thing about it.  Priorities are (early ? 0 : 1000) + rule * 10 +
 * rank, so e.g. a stalled Lead deal is 0 + 10 + 1 = 11.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "db_coach.h"
#include "db_deal.h"
#include "measures.h"
#include "unit.h"
#include "util.h"

#define DAY INT64_C(86400)
#define NOW INT64_C(1704067200)
#define TODAY "2024-01-01"
#define W INT64_C(2818)

#define ID_LEAD 11
#define ID_QUAL 12
#define ID_DISC 13
#define ID_PROP 14
#define ID_NEGO 15

#define ANN 101
#define BOB 102

#define STG(i, nm, pos, e, target)                                         \
	{                                                                  \
		.id = (i), .name = nm, .position = (pos), .early = (e),    \
		.probability = 10, .target_days = (target), .active = true \
	}

static const struct stage stages[] = {
	STG(ID_LEAD, "Lead", 10, true, 7),
	STG(ID_QUAL, "Qualify", 20, true, 10),
	STG(ID_DISC, "Discover", 30, false, 14),
	STG(ID_PROP, "Propose", 40, false, 14),
	STG(ID_NEGO, "Negotiate", 50, false, 21),
};
#define NSTAGES ((int)(sizeof(stages) / sizeof(stages[0])))

#define OUT_MAX 64

/* Static: the items are large. */
static struct coach_item out[OUT_MAX];
static struct coach_item again[OUT_MAX];

/* --- calm input -------------------------------------------------------- */

/* Entered and touched a day ago, with a next step due in nine days. */
static struct coach_deal
calm_deal(int64_t id, int64_t owner, int64_t stage)
{
	struct coach_deal d;
	memset(&d, 0, sizeof(d));
	d.id = id;
	d.owner_id = owner;
	d.stage_id = stage;
	d.entered_at = NOW - DAY;
	d.last_activity_at = NOW - DAY;
	d.has_next_step = true;
	str_copy(d.next_step_due, sizeof(d.next_step_due), "2024-01-10");
	snprintf(d.company, sizeof(d.company), "Company %lld", (long long)id);
	return d;
}

/* A forward move by one stage, a day ago, nothing skipped. */
static struct coach_event
calm_change(int64_t change_id, int64_t deal, int64_t owner, int64_t from,
    int64_t to)
{
	struct coach_event e;
	memset(&e, 0, sizeof(e));
	e.change_id = change_id;
	e.deal_id = deal;
	e.owner_id = owner;
	e.from_stage = from;
	e.to_stage = to;
	e.at = NOW - DAY;
	snprintf(e.company, sizeof(e.company), "Company %lld", (long long)deal);
	return e;
}

/* Five new deals every week, an early job-aid a day ago, one early
 * deal open. */
static struct coach_rep
calm_rep(int64_t id, const char *name)
{
	struct coach_rep r;
	memset(&r, 0, sizeof(r));
	r.id = id;
	str_copy(r.name, sizeof(r.name), name);
	for (int w = 0; w < TEAM_WEEKS; w++)
		r.inflow[w] = 5;
	r.last_early_aid = NOW - DAY;
	r.open_early = 1;
	return r;
}

static struct coach_input
input(const struct coach_deal *deals, size_t ndeals,
    const struct coach_event *events, size_t nevents,
    const struct coach_rep *reps, size_t nreps)
{
	struct coach_input in = { stages, NSTAGES, NOW, TODAY, deals, ndeals,
		events, nevents, reps, nreps, 0 };
	return in;
}

static size_t
run(const struct coach_input *in)
{
	memset(out, 0x5a, sizeof(out));
	return coach_rules_run(in, out, OUT_MAX);
}

/* Items for one deal (and the calm reps Ann and Bob). */
static size_t
run_deal(const struct coach_deal *d)
{
	struct coach_rep reps[] = { calm_rep(ANN, "Ann"),
		calm_rep(BOB, "Bob") };
	struct coach_input in = input(d, 1, NULL, 0, reps, 2);
	return run(&in);
}

static size_t
run_event(const struct coach_event *e)
{
	struct coach_rep reps[] = { calm_rep(ANN, "Ann") };
	struct coach_input in = input(NULL, 0, e, 1, reps, 1);
	return run(&in);
}

static size_t
run_rep(const struct coach_rep *r)
{
	struct coach_input in = input(NULL, 0, NULL, 0, r, 1);
	return run(&in);
}

static void
assert_item(const struct coach_item *it, enum coach_rule rule,
    const char *subject, int64_t rep, int64_t deal, bool early, int priority,
    int64_t cause_at)
{
	ck_assert_int_eq(it->rule, rule);
	ck_assert_str_eq(it->subject, subject);
	ck_assert_int_eq(it->rep_id, rep);
	ck_assert_int_eq(it->deal_id, deal);
	ck_assert_int_eq(it->early, early);
	ck_assert_int_eq(it->priority, priority);
	ck_assert_int_eq(it->cause_at, cause_at);
	ck_assert_msg(it->reason[0] != '\0', "%s: no reason", subject);
}

/* --- the calm baseline ------------------------------------------------- */

/* The calm deal in every stage, a calm forward move and calm reps call
 * for nothing: every later test's single change is what fires. */
START_TEST(calm_input_is_quiet)
{
	struct coach_deal deals[NSTAGES];
	for (int i = 0; i < NSTAGES; i++)
		deals[i] = calm_deal(i + 1, ANN, stages[i].id);
	struct coach_event ev[] = {
		calm_change(1, 1, ANN, ID_LEAD, ID_QUAL),
		calm_change(2, 2, ANN, ID_DISC, ID_PROP),
	};
	struct coach_rep reps[] = { calm_rep(ANN, "Ann"),
		calm_rep(BOB, "Bob") };
	struct coach_input in = input(deals, NSTAGES, ev, 2, reps, 2);
	ck_assert_uint_eq(run(&in), 0);
	ck_assert_uint_eq(coach_rules_run(&in, NULL, 0), 0);
}
END_TEST

/* --- rule 1: stalled early deal ---------------------------------------- */

/*
 * Lead's target is 7 days.  Entered exactly 7 days ago: not longer than
 * the target, quiet.  One second more: stalled, with cause_at the
 * moment the target passed (entered + 7 d = NOW - 1) and priority
 * 0 + 10 + 1 = 11.
 */
START_TEST(rule1_stalled_by_time)
{
	struct coach_deal d = calm_deal(42, ANN, ID_LEAD);
	d.entered_at = NOW - 7 * DAY;
	ck_assert_uint_eq(run_deal(&d), 0);

	d.entered_at = NOW - 7 * DAY - 1;
	ck_assert_uint_eq(run_deal(&d), 1);
	assert_item(&out[0], RULE_STALLED_EARLY, "stalled:deal:42", ANN, 42,
	    true, 11, NOW - 1);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "Ann's Company 42 deal"));
	ck_assert_ptr_nonnull(strstr(out[0].reason, "in Lead for 7 days"));
	ck_assert_ptr_nonnull(strstr(out[0].reason, "target is 7"));

	/* Qualify (rank 2, target 10): priority 12. */
	d = calm_deal(43, BOB, ID_QUAL);
	d.entered_at = NOW - 10 * DAY;
	ck_assert_uint_eq(run_deal(&d), 0);
	d.entered_at = NOW - 10 * DAY - 1;
	ck_assert_uint_eq(run_deal(&d), 1);
	assert_item(&out[0], RULE_STALLED_EARLY, "stalled:deal:43", BOB, 43,
	    true, 12, NOW - 1);
}
END_TEST

/* A stage with a one-day target: a deal a day and a half in it is
 * stalled, and the reason says "for 1 day", not "for 1 days". */
START_TEST(rule1_one_day_is_singular)
{
	static const struct stage quick[] = { STG(ID_LEAD, "Lead", 10, true,
	    1) };
	struct coach_deal d = calm_deal(44, ANN, ID_LEAD);
	d.entered_at = NOW - DAY - DAY / 2;
	struct coach_rep reps[] = { calm_rep(ANN, "Ann") };
	struct coach_input in = input(&d, 1, NULL, 0, reps, 1);
	in.stages = quick;
	in.nstages = 1;
	ck_assert_uint_eq(run(&in), 1);
	ck_assert_msg(strstr(out[0].reason, "in Lead for 1 day;") != NULL,
	    "reason: %s", out[0].reason);
}
END_TEST

/*
 * Last activity exactly 14 days ago: quiet.  14 days and a second:
 * stalled, cause_at = activity + 14 d = NOW - 1, and the reason is
 * about the quiet (the visit, a day, is within the target).
 */
START_TEST(rule1_stalled_by_quiet)
{
	struct coach_deal d = calm_deal(7, ANN, ID_LEAD);
	d.entered_at = NOW - 2 * DAY;
	d.last_activity_at = NOW - 14 * DAY;
	ck_assert_uint_eq(run_deal(&d), 0);

	d.last_activity_at = NOW - 14 * DAY - 1;
	ck_assert_uint_eq(run_deal(&d), 1);
	assert_item(&out[0], RULE_STALLED_EARLY, "stalled:deal:7", ANN, 7, true,
	    11, NOW - 1);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "Nothing has happened"));
	ck_assert_ptr_nonnull(strstr(out[0].reason, "for 14 days"));
}
END_TEST

/*
 * Both thresholds passed: the cause is whichever passed first.
 * Entered 20 days ago (target passed at NOW - 13 d), quiet for 30 days
 * (passed at NOW - 16 d): cause NOW - 16 d.  Entered 9 days ago
 * (passed NOW - 2 d), quiet 15 days (passed NOW - 1 d): cause NOW - 2 d.
 */
START_TEST(rule1_cause_is_first_threshold)
{
	struct coach_deal d = calm_deal(8, ANN, ID_LEAD);
	d.entered_at = NOW - 20 * DAY;
	d.last_activity_at = NOW - 30 * DAY;
	ck_assert_uint_eq(run_deal(&d), 1);
	ck_assert_int_eq(out[0].cause_at, NOW - 16 * DAY);

	d.entered_at = NOW - 9 * DAY;
	d.last_activity_at = NOW - 15 * DAY;
	ck_assert_uint_eq(run_deal(&d), 1);
	ck_assert_int_eq(out[0].cause_at, NOW - 2 * DAY);
}
END_TEST

/* Later stages never fire rule 1, however long or quiet the visit. */
START_TEST(rule1_not_for_late_stages)
{
	for (int i = 2; i < NSTAGES; i++) {
		struct coach_deal d = calm_deal(50 + i, ANN, stages[i].id);
		d.entered_at = NOW - 300 * DAY;
		d.last_activity_at = NOW - 300 * DAY;
		ck_assert_uint_eq(run_deal(&d), 0);
	}
	/* An unknown stage calls for nothing either. */
	struct coach_deal d = calm_deal(60, ANN, 999);
	d.entered_at = NOW - 300 * DAY;
	d.has_next_step = false;
	ck_assert_uint_eq(run_deal(&d), 0);
}
END_TEST

/* --- rule 2: next step ------------------------------------------------- */

/*
 * No next step: fires, cause_at = last activity, priority
 * 0 + 20 + 1 = 21 in Lead.  Due today: quiet; due yesterday
 * (2023-12-31): fires, cause_at the start of the day after the due
 * date = 2024-01-01 00:00 = NOW.  A next step with no due date is
 * quiet.
 */
START_TEST(rule2_next_step)
{
	struct coach_deal d = calm_deal(5, ANN, ID_LEAD);
	d.has_next_step = false;
	d.next_step_due[0] = '\0';
	d.last_activity_at = NOW - 3 * DAY;
	ck_assert_uint_eq(run_deal(&d), 1);
	assert_item(&out[0], RULE_NEXT_STEP, "nextstep:deal:5", ANN, 5, true,
	    21, NOW - 3 * DAY);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "has no next step"));

	d = calm_deal(5, ANN, ID_LEAD);
	str_copy(d.next_step_due, sizeof(d.next_step_due), TODAY);
	ck_assert_uint_eq(run_deal(&d), 0);

	str_copy(d.next_step_due, sizeof(d.next_step_due), "2023-12-31");
	ck_assert_uint_eq(run_deal(&d), 1);
	assert_item(&out[0], RULE_NEXT_STEP, "nextstep:deal:5", ANN, 5, true,
	    21, NOW);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "was due on 2023-12-31"));

	/* Due a year ago: cause_at 2023-01-02 00:00 = NOW - 364 d. */
	str_copy(d.next_step_due, sizeof(d.next_step_due), "2023-01-01");
	ck_assert_uint_eq(run_deal(&d), 1);
	ck_assert_int_eq(out[0].cause_at, NOW - 364 * DAY);

	d.next_step_due[0] = '\0';
	ck_assert_uint_eq(run_deal(&d), 0);
}
END_TEST

/* In a later stage the item is a late one: Propose (rank 4) gives
 * 1000 + 20 + 4 = 1024. */
START_TEST(rule2_late_stage)
{
	struct coach_deal d = calm_deal(6, BOB, ID_PROP);
	d.has_next_step = false;
	ck_assert_uint_eq(run_deal(&d), 1);
	assert_item(&out[0], RULE_NEXT_STEP, "nextstep:deal:6", BOB, 6, false,
	    1024, NOW - DAY);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "Bob's Company 6 deal"));
}
END_TEST

/* --- rule 3: skipped --------------------------------------------------- */

/*
 * Lead -> Discover skipping one stage: "skip:change:9", early (it left
 * an early stage), priority 0 + 30 + rank of Lead 1 = 31, cause_at the
 * change.  Discover -> Propose with two criteria unticked: late,
 * 1000 + 30 + 3 = 1033.  Neither: quiet.
 */
START_TEST(rule3_skipped)
{
	struct coach_event e = calm_change(9, 70, ANN, ID_LEAD, ID_DISC);
	ck_assert_uint_eq(run_event(&e), 0);

	e.skipped_stages = 1;
	e.at = NOW - 5 * DAY;
	ck_assert_uint_eq(run_event(&e), 1);
	assert_item(&out[0], RULE_SKIPPED, "skip:change:9", ANN, 70, true, 31,
	    NOW - 5 * DAY);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "skipping 1 stage."));

	e = calm_change(10, 71, ANN, ID_DISC, ID_PROP);
	e.skipped_criteria = 2;
	ck_assert_uint_eq(run_event(&e), 1);
	assert_item(&out[0], RULE_SKIPPED, "skip:change:10", ANN, 71, false,
	    1033, NOW - DAY);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "2 exit criteria"));
}
END_TEST

/* --- rule 4: late entry ------------------------------------------------ */

/*
 * A deal created at Propose (change_id 0, late_entry): "late:deal:80",
 * early (the coaching is about logging early), priority
 * 0 + 40 + 4 = 44, cause_at its creation.  The same row not flagged
 * late: quiet.
 */
START_TEST(rule4_late_entry)
{
	struct coach_event e = calm_change(0, 80, ANN, 0, ID_PROP);
	e.at = NOW - 2 * DAY;
	ck_assert_uint_eq(run_event(&e), 0);

	e.late_entry = true;
	ck_assert_uint_eq(run_event(&e), 1);
	assert_item(&out[0], RULE_LATE_ENTRY, "late:deal:80", ANN, 80, true, 44,
	    NOW - 2 * DAY);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "at Propose"));
}
END_TEST

/* --- rule 5: low inflow ------------------------------------------------ */

/*
 * Slots 5, 6, 7 are the last three weeks.  3,3,2: one low week, quiet.
 * 2,2,3 and 2,3,2 and 0,0,0: fire.  Low weeks before slot 5 do not
 * count.  cause_at is the start of this week, which is NOW (a Monday);
 * priority 0 + 50 + 0 = 50; no deal.
 */
START_TEST(rule5_low_inflow)
{
	static const int64_t cases[][3] = {
		{ 3, 3, 2 },
		{ 2, 3, 3 },
		{ 3, 2, 3 },
		{ 3, 3, 3 },
		{ 2, 2, 3 },
		{ 2, 3, 2 },
		{ 3, 2, 2 },
		{ 0, 0, 0 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct coach_rep r = calm_rep(ANN, "Ann");
		for (int w = 0; w < 5; w++)
			r.inflow[w] = 0;
		for (int w = 0; w < 3; w++)
			r.inflow[5 + w] = cases[c][w];
		size_t want = c < 4 ? 0 : 1;
		ck_assert_msg(run_rep(&r) == want, "case %zu", c);
		if (want)
			assert_item(&out[0], RULE_LOW_INFLOW, "inflow:rep:101",
			    ANN, 0, true, 50, NOW);
	}
	struct coach_rep r = calm_rep(BOB, "Bob");
	r.inflow[5] = 2;
	r.inflow[6] = 2;
	r.inflow[7] = 3;
	ck_assert_uint_eq(run_rep(&r), 1);
	ck_assert_str_eq(out[0].reason,
	    "Bob logged 2, 2 and 3 new deals in the "
	    "last three weeks; the target is 3 a "
	    "week.");
}
END_TEST

/* A team with its own target judges by it: 3 a week is low against 4,
 * and the reason says 4. */
START_TEST(rule5_team_target)
{
	struct coach_rep r = calm_rep(ANN, "Ann");
	for (int w = 5; w < 8; w++)
		r.inflow[w] = 3;
	struct coach_input in = input(NULL, 0, NULL, 0, &r, 1);
	ck_assert_uint_eq(run(&in), 0);
	in.inflow_target = 4;
	ck_assert_uint_eq(run(&in), 1);
	ck_assert_str_eq(out[0].reason,
	    "Ann logged 3, 3 and 3 new deals in the last three weeks; the "
	    "target is 4 a week.");
	in.inflow_target = 2;
	r.inflow[6] = 2;
	ck_assert_uint_eq(run(&in), 0);
}
END_TEST

/* Mid-week (Wednesday noon), the cause is still Monday 00:00. */
START_TEST(rule5_cause_is_week_start)
{
	struct coach_rep r = calm_rep(ANN, "Ann");
	r.inflow[6] = 0;
	r.inflow[7] = 0;
	struct coach_input in = input(NULL, 0, NULL, 0, &r, 1);
	in.now = NOW + 2 * DAY + 12 * 3600;
	in.today = "2024-01-03";
	ck_assert_uint_eq(run(&in), 1);
	ck_assert_int_eq(out[0].cause_at, NOW);
	in.now = NOW - 1; /* Sunday 23:59:59: the previous week */
	in.today = "2023-12-31";
	ck_assert_uint_eq(run(&in), 1);
	ck_assert_int_eq(out[0].cause_at, NOW - 7 * DAY);
}
END_TEST

/* --- rule 6: no early job-aids ----------------------------------------- */

/*
 * Last early aid exactly 30 days ago: quiet.  30 days and a second:
 * fires, cause_at = aid + 30 d = NOW - 1, priority 0 + 60 = 60.  With
 * no early deals open: quiet however old.  Never used (0): fires.
 */
START_TEST(rule6_no_aids)
{
	struct coach_rep r = calm_rep(ANN, "Ann");
	r.last_early_aid = NOW - 30 * DAY;
	ck_assert_uint_eq(run_rep(&r), 0);

	r.last_early_aid = NOW - 30 * DAY - 1;
	r.open_early = 2;
	ck_assert_uint_eq(run_rep(&r), 1);
	assert_item(&out[0], RULE_NO_AIDS, "noaids:rep:101", ANN, 0, true, 60,
	    NOW - 1);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "2 open early-stage deals"));

	r.open_early = 0;
	ck_assert_uint_eq(run_rep(&r), 0);

	r.open_early = 1;
	r.last_early_aid = 0;
	ck_assert_uint_eq(run_rep(&r), 1);
	ck_assert_str_eq(out[0].subject, "noaids:rep:101");
	ck_assert_ptr_nonnull(strstr(out[0].reason, "1 open early-stage deal "));
}
END_TEST

/* --- rule 7: moved back ------------------------------------------------ */

/*
 * Propose -> Discover: "back:change:11", late (Discover is not early),
 * 1000 + 70 + 3 = 1073.  Qualify -> Lead: early, 0 + 70 + 1 = 71.
 * Forward moves: quiet.
 */
START_TEST(rule7_moved_back)
{
	struct coach_event e = calm_change(11, 90, ANN, ID_PROP, ID_DISC);
	e.at = NOW - 4 * DAY;
	ck_assert_uint_eq(run_event(&e), 1);
	assert_item(&out[0], RULE_MOVED_BACK, "back:change:11", ANN, 90, false,
	    1073, NOW - 4 * DAY);
	ck_assert_ptr_nonnull(strstr(out[0].reason,
	    "moved back from Propose to Discover"));

	e = calm_change(12, 91, ANN, ID_QUAL, ID_LEAD);
	ck_assert_uint_eq(run_event(&e), 1);
	assert_item(&out[0], RULE_MOVED_BACK, "back:change:12", ANN, 91, true,
	    71, NOW - DAY);

	e = calm_change(13, 92, ANN, ID_LEAD, ID_NEGO);
	ck_assert_uint_eq(run_event(&e), 0);
}
END_TEST

/* A move back that also left criteria unticked calls for both items. */
START_TEST(rule7_and_rule3_together)
{
	struct coach_event e = calm_change(14, 93, ANN, ID_PROP, ID_QUAL);
	e.skipped_criteria = 1;
	ck_assert_uint_eq(run_event(&e), 2);
	ck_assert_str_eq(out[0].subject, "back:change:14");
	ck_assert_str_eq(out[1].subject, "skip:change:14");
	ck_assert_int_eq(out[0].early, true);  /* into Qualify */
	ck_assert_int_eq(out[1].early, false); /* out of Propose */
}
END_TEST

/* --- the events window ------------------------------------------------- */

/*
 * COACH_RECENT_DAYS = 30: a change exactly 30 days old still counts;
 * 30 days and a second, or 31 days, is ignored (for every event rule).
 */
START_TEST(events_window)
{
	struct coach_event e = calm_change(15, 94, ANN, ID_PROP, ID_DISC);
	e.at = NOW - 30 * DAY;
	ck_assert_uint_eq(run_event(&e), 1);
	e.at = NOW - 30 * DAY - 1;
	ck_assert_uint_eq(run_event(&e), 0);
	e.at = NOW - 31 * DAY;
	ck_assert_uint_eq(run_event(&e), 0);

	e = calm_change(16, 95, ANN, ID_LEAD, ID_PROP);
	e.skipped_stages = 2;
	e.at = NOW - 31 * DAY;
	ck_assert_uint_eq(run_event(&e), 0);

	e = calm_change(0, 96, ANN, 0, ID_NEGO);
	e.late_entry = true;
	e.at = NOW - 31 * DAY;
	ck_assert_uint_eq(run_event(&e), 0);
	e.at = NOW - 30 * DAY;
	ck_assert_uint_eq(run_event(&e), 1);
}
END_TEST

/* --- order, determinism, truncation ------------------------------------ */

/* Input calling for items of every rule, early and late. */
static size_t
busy_input(struct coach_input *in)
{
	static struct coach_deal deals[4];
	static struct coach_event ev[4];
	static struct coach_rep reps[2];
	deals[0] = calm_deal(1, ANN, ID_NEGO);
	deals[0].has_next_step = false; /* rule 2, late */
	deals[1] = calm_deal(2, ANN, ID_LEAD);
	deals[1].entered_at = NOW - 8 * DAY; /* rule 1 */
	deals[2] = calm_deal(3, BOB, ID_QUAL);
	str_copy(deals[2].next_step_due, sizeof(deals[2].next_step_due),
	    "2023-12-01");                                 /* rule 2, early */
	deals[3] = calm_deal(4, BOB, ID_PROP);             /* nothing */
	ev[0] = calm_change(21, 1, ANN, ID_NEGO, ID_PROP); /* 7, late */
	ev[1] = calm_change(22, 4, BOB, ID_DISC, ID_NEGO);
	ev[1].skipped_stages = 1; /* 3, late */
	ev[2] = calm_change(0, 5, BOB, 0, ID_DISC);
	ev[2].late_entry = true;                           /* 4 */
	ev[3] = calm_change(23, 2, ANN, ID_QUAL, ID_LEAD); /* 7, early */
	reps[0] = calm_rep(ANN, "Ann");
	reps[0].inflow[7] = 0;
	reps[0].inflow[6] = 1; /* 5 */
	reps[1] = calm_rep(BOB, "Bob");
	reps[1].last_early_aid = NOW - 40 * DAY; /* 6 */
	*in = input(deals, 4, ev, 4, reps, 2);
	return 9;
}

static int
by_priority(const void *a, const void *b)
{
	const struct coach_item *x = a, *y = b;
	return (x->priority > y->priority) - (x->priority < y->priority);
}

/*
 * Early items have priority below 1000, late ones 1000 or more, so
 * sorting by priority puts every early item first.  Expected items, in
 * the order the rules emit them (deals, then events, then reps, each in
 * input order): nextstep 1 (1025, late), stalled 2 (11), nextstep 3 (22),
 * back 21 (1074, late), skip 22 (1033, late), late 5 (43),
 * back 23 (71), inflow Ann (50), noaids Bob (60).
 */
START_TEST(priorities_early_first)
{
	struct coach_input in;
	size_t want = busy_input(&in);
	ck_assert_uint_eq(run(&in), want);
	static const struct {
		const char *subject;
		bool early;
		int priority;
	} exp[] = {
		{ "nextstep:deal:1", false, 1025 },
		{ "stalled:deal:2", true, 11 },
		{ "nextstep:deal:3", true, 22 },
		{ "back:change:21", false, 1074 },
		{ "skip:change:22", false, 1033 },
		{ "late:deal:5", true, 43 },
		{ "back:change:23", true, 71 },
		{ "inflow:rep:101", true, 50 },
		{ "noaids:rep:102", true, 60 },
	};
	for (size_t i = 0; i < want; i++) {
		ck_assert_str_eq(out[i].subject, exp[i].subject);
		ck_assert_int_eq(out[i].early, exp[i].early);
		ck_assert_int_eq(out[i].priority, exp[i].priority);
		if (out[i].early)
			ck_assert_int_lt(out[i].priority, 1000);
		else
			ck_assert_int_ge(out[i].priority, 1000);
	}
	qsort(out, want, sizeof(out[0]), by_priority);
	int nearly = 0;
	for (size_t i = 0; i < want; i++)
		nearly += out[i].early;
	ck_assert_int_eq(nearly, 6);
	for (size_t i = 0; i < want; i++)
		ck_assert_int_eq(out[i].early, i < (size_t)nearly);
}
END_TEST

START_TEST(deterministic)
{
	struct coach_input in;
	size_t want = busy_input(&in);
	ck_assert_uint_eq(run(&in), want);
	memset(again, 0x33, sizeof(again));
	ck_assert_uint_eq(coach_rules_run(&in, again, OUT_MAX), want);
	for (size_t i = 0; i < want; i++) {
		ck_assert_int_eq(out[i].rule, again[i].rule);
		ck_assert_str_eq(out[i].subject, again[i].subject);
		ck_assert_int_eq(out[i].rep_id, again[i].rep_id);
		ck_assert_int_eq(out[i].deal_id, again[i].deal_id);
		ck_assert_str_eq(out[i].reason, again[i].reason);
		ck_assert_int_eq(out[i].early, again[i].early);
		ck_assert_int_eq(out[i].priority, again[i].priority);
		ck_assert_int_eq(out[i].cause_at, again[i].cause_at);
	}
	/* Subjects are unique. */
	for (size_t i = 0; i < want; i++)
		for (size_t j = i + 1; j < want; j++)
			ck_assert_str_ne(out[i].subject, out[j].subject);
}
END_TEST

/* max 3 of 9: returns 9, writes the first three of the full run and
 * nothing past them; max 0 with no buffer returns 9 too. */
START_TEST(max_truncates)
{
	struct coach_input in;
	size_t want = busy_input(&in);
	ck_assert_uint_eq(run(&in), want);
	memset(again, 0x5a, sizeof(again));
	ck_assert_uint_eq(coach_rules_run(&in, again, 3), want);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(again[i].subject, out[i].subject);
		ck_assert_str_eq(again[i].reason, out[i].reason);
		ck_assert_int_eq(again[i].cause_at, out[i].cause_at);
	}
	const unsigned char *p = (const unsigned char *)&again[3];
	for (size_t i = 0; i < sizeof(again[3]); i++)
		ck_assert_uint_eq(p[i], 0x5a);
	ck_assert_uint_eq(coach_rules_run(&in, NULL, 0), want);
}
END_TEST

/* A rep not in the list is "The rep"; labels cover every rule. */
START_TEST(unknown_rep_and_labels)
{
	struct coach_deal d = calm_deal(99, 555, ID_LEAD);
	d.has_next_step = false;
	ck_assert_uint_eq(run_deal(&d), 1);
	ck_assert_ptr_nonnull(strstr(out[0].reason, "The rep's Company 99"));
	ck_assert_int_eq(out[0].rep_id, 555);
	for (int r = 0; r < RULE__MAX; r++)
		ck_assert_str_ne(coach_rule_label((enum coach_rule)r), "");
	ck_assert_str_eq(coach_rule_label(RULE_LOW_INFLOW), "Low inflow");
	ck_assert_str_eq(coach_rule_label(RULE__MAX), "");
}
END_TEST

/* --- the meter --------------------------------------------------------- */

/*
 * meter_init at NOW (week W = 2818): slots cover weeks 2807..2818, so
 * slot s is week 2807 + s.  Target 60.
 *
 *   week   slot tie  minutes
 *   2807    0   early  30      first half
 *   2809    2   later  25      first half
 *   2810    3   none   15      not in a half
 *   2812    5   later  20      first half (last slot of it)
 *   2812    5   early   5      first half
 *   2813    6   early  40      second half (first slot of it)
 *   2818   11   later  10      second half
 *   2818   11   none    7
 *   2806   -1   early 100      ignored (before the window)
 *   2819   12   early 100      ignored (after it)
 *   2815    8   early  -5      ignored (negative)
 *
 * early: [0]=30 [5]=5 [6]=40, total 75; later: [2]=25 [5]=20 [11]=10,
 * total 55; untied [3]=15 [11]=7, total 22.  First half: tied
 * 30+25+20+5 = 80, early 30+5 = 35.  Second half: tied 40+10 = 50,
 * early 40.
 */
START_TEST(meter_minutes_halves)
{
	struct meter m;
	memset(&m, 0x5a, sizeof(m));
	meter_init(&m, NOW, 60);
	ck_assert_int_eq(m.first_week, W - 11);
	ck_assert_int_eq(m.target, 60);
	ck_assert_int_eq(m.early_total + m.late_total + m.untied_total, 0);
	ck_assert_int_eq(m.wins + m.late_moves, 0);

	meter_minutes(&m, 2807, 0, 30);
	meter_minutes(&m, 2809, 1, 25);
	meter_minutes(&m, 2810, 2, 15);
	meter_minutes(&m, 2812, 1, 20);
	meter_minutes(&m, 2812, 0, 5);
	meter_minutes(&m, 2813, 0, 40);
	meter_minutes(&m, 2818, 1, 10);
	meter_minutes(&m, 2818, 2, 7);
	meter_minutes(&m, 2806, 0, 100);
	meter_minutes(&m, 2819, 0, 100);
	meter_minutes(&m, 2815, 0, -5);

	static const int64_t early[METER_WEEKS] = { 30, 0, 0, 0, 0, 5, 40 };
	static const int64_t late[METER_WEEKS] = { 0, 0, 25, 0, 0, 20, 0, 0, 0,
		0, 0, 10 };
	static const int64_t untied[METER_WEEKS] = { 0, 0, 0, 15, 0, 0, 0, 0, 0,
		0, 0, 7 };
	for (int s = 0; s < METER_WEEKS; s++) {
		ck_assert_int_eq(m.early[s], early[s]);
		ck_assert_int_eq(m.late[s], late[s]);
		ck_assert_int_eq(m.untied[s], untied[s]);
	}
	ck_assert_int_eq(m.early_total, 75);
	ck_assert_int_eq(m.late_total, 55);
	ck_assert_int_eq(m.untied_total, 22);
	ck_assert_int_eq(m.first_half_tied, 80);
	ck_assert_int_eq(m.first_half_early, 35);
	ck_assert_int_eq(m.second_half_tied, 50);
	ck_assert_int_eq(m.second_half_early, 40);
}
END_TEST

/*
 * The window follows now: at NOW - 1 (Sunday, week 2817) slot 0 is week
 * 2806 and week 2818 is outside.
 */
START_TEST(meter_window_follows_now)
{
	struct meter m;
	meter_init(&m, NOW - 1, 50);
	ck_assert_int_eq(m.first_week, 2806);
	meter_minutes(&m, 2806, 0, 12);
	meter_minutes(&m, 2818, 0, 99);
	meter_minutes(&m, measure_week(NOW - 1), 1, 8);
	ck_assert_int_eq(m.early[0], 12);
	ck_assert_int_eq(m.late[11], 8);
	ck_assert_int_eq(m.early_total, 12);
	ck_assert_int_eq(m.first_half_early, 12);
	ck_assert_int_eq(m.second_half_tied, 8);
}
END_TEST

/*
 * The super-rep index (rank 4 = Propose, 5 = Negotiate), from per-stage
 * sums of entries and wins and how many someone other than the owner
 * recorded:
 *
 *   stage      entries (by other)  won (by other)
 *   Propose    3 (2)               1 (1)     late moves 3 (2), wins
 *   Negotiate  2 (0)               1 (0)     late moves 2 (0), wins
 *   Discover   5 (4)               0 (0)     rank 3: no late moves
 *   999        7 (7)               2 (2)     unknown stage: wins only
 *
 * late_moves 5 (2 by other), wins 4 (3 by other).
 */
START_TEST(meter_super_rep)
{
	struct meter m;
	meter_init(&m, NOW, 50);
	const struct by_other_row rows[] = {
		{ ID_PROP, 3, 2, 1, 1 },
		{ ID_NEGO, 2, 0, 1, 0 },
		{ ID_DISC, 5, 4, 0, 0 },
		{ 999, 7, 7, 2, 2 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		meter_change(&m, stages, NSTAGES, &rows[i]);
	ck_assert_int_eq(m.late_moves, 5);
	ck_assert_int_eq(m.late_moves_by_other, 2);
	ck_assert_int_eq(m.wins, 4);
	ck_assert_int_eq(m.wins_by_other, 3);
	/* Minutes are untouched. */
	ck_assert_int_eq(m.early_total + m.late_total + m.untied_total, 0);
}
END_TEST

/* --- the queue: a deal's causes, the score, the lines --------------- */

/* A deal in stage, entered and touched days_ago, with or without a
 * next step due on due. */
static struct coach_facts
facts(int64_t stage, int days_ago, bool step, const char *due)
{
	struct coach_facts f;
	memset(&f, 0, sizeof(f));
	f.id = 42;
	f.owner_id = ANN;
	f.team_id = 1;
	f.open = true;
	f.stage_id = stage;
	f.entered_at = NOW - days_ago * DAY;
	f.last_activity_at = NOW - days_ago * DAY;
	f.created_at = NOW - days_ago * DAY;
	f.first_stage_id = stage;
	f.has_next_step = step;
	str_copy(f.next_step_due, sizeof(f.next_step_due), due);
	str_copy(f.company, sizeof(f.company), "Nimbus Farms");
	str_copy(f.owner_name, sizeof(f.owner_name), "Tom Reed");
	return f;
}

/*
 * Merging: one deal's causes in one mask, each with when it began.
 * Lead (early, 7 days) entered 40 days ago without a next step, moved
 * back 3 days ago and skipped 2 criteria 5 days ago: four causes.  The
 * stall began at entry + 7 days (before the quiet threshold).
 */
START_TEST(deal_causes_merged)
{
	struct coach_facts f = facts(ID_LEAD, 40, false, "");
	f.back_at = NOW - 3 * DAY;
	f.back_from = ID_QUAL;
	f.back_to = ID_LEAD;
	f.skip_at = NOW - 5 * DAY;
	f.skip_from = ID_LEAD;
	f.skip_to = ID_QUAL;
	f.skip_criteria = 2;
	struct coach_causes c;
	unsigned mask = coach_deal_causes(stages, NSTAGES, &f, NOW, TODAY, &c);
	ck_assert_uint_eq(mask, (1u << CAUSE_STALLED) | (1u << CAUSE_NO_STEP) |
	                            (1u << CAUSE_BACK) | (1u << CAUSE_SKIPPED));
	ck_assert(c.early);
	ck_assert_int_eq(c.at[CAUSE_STALLED], NOW - 33 * DAY);
	ck_assert_int_eq(c.at[CAUSE_NO_STEP], NOW - 40 * DAY);
	ck_assert_int_eq(coach_causes_since(&c, mask), NOW - 40 * DAY);
	char line[2048];
	coach_deal_line(stages, NSTAGES, &f, &c, mask, NOW, false, line,
	    sizeof(line));
	ck_assert_str_eq(line,
	    "Tom Reed's Nimbus Farms deal (Lead): no next "
	    "step · moved back from Qualify to Lead · 2 "
	    "criteria skipped leaving Lead · 40 days in Lead");
	coach_deal_line(stages, NSTAGES, &f, &c, mask, NOW, true, line,
	    sizeof(line));
	ck_assert_str_eq(line, "Your Nimbus Farms deal (Lead): no next step · "
	                       "moved back from Qualify to Lead · 2 criteria "
	                       "skipped leaving Lead · 40 days in Lead");
	/* Events older than the window, and a closed deal, have none. */
	f.back_at = f.skip_at = NOW - 31 * DAY;
	mask = coach_deal_causes(stages, NSTAGES, &f, NOW, TODAY, &c);
	ck_assert_uint_eq(mask, (1u << CAUSE_STALLED) | (1u << CAUSE_NO_STEP));
	f.open = false;
	ck_assert_uint_eq(coach_deal_causes(stages, NSTAGES, &f, NOW, TODAY, &c),
	    0);
}
END_TEST

/* Time-based causes are set to the day they begin, which may be ahead:
 * a fresh early deal stalls in 7 days; a next step due on the 10th is
 * overdue from the 11th; a later stage never stalls. */
START_TEST(deal_causes_ahead)
{
	struct coach_facts f = facts(ID_LEAD, 1, true, "2024-01-10");
	struct coach_causes c;
	unsigned mask = coach_deal_causes(stages, NSTAGES, &f, NOW, TODAY, &c);
	ck_assert_uint_eq(mask, (1u << CAUSE_STALLED) | (1u << CAUSE_OVERDUE));
	ck_assert_int_eq(c.at[CAUSE_STALLED], NOW + 6 * DAY);
	ck_assert_int_eq(c.at[CAUSE_OVERDUE], NOW + 10 * DAY);
	ck_assert_uint_eq(coach_causes_active(&c, mask, NOW), 0);
	ck_assert_uint_eq(coach_causes_active(&c, mask, NOW + 6 * DAY),
	    1u << CAUSE_STALLED);
	f = facts(ID_PROP, 100, true, "2030-01-01");
	ck_assert_uint_eq(coach_deal_causes(stages, NSTAGES, &f, NOW, TODAY, &c),
	    1u << CAUSE_OVERDUE);
	ck_assert(!c.early);
	/* A late entry is early coaching, in any stage. */
	f.late_entry = true;
	f.created_at = NOW - DAY;
	coach_deal_causes(stages, NSTAGES, &f, NOW, TODAY, &c);
	ck_assert(c.early);
	ck_assert_int_eq(c.at[CAUSE_LATE], NOW - DAY);
}
END_TEST

/*
 * The score on hand-built cases: weights (no next step 30, moved back
 * 25), one point a day since the first cause, one per 1,000 of value
 * (at most 50).  The line explains each part.
 */
START_TEST(score_parts)
{
	unsigned m = (1u << CAUSE_NO_STEP) | (1u << CAUSE_BACK) |
	             (1u << CAUSE_STALLED);
	struct coach_score s;
	coach_score(m, true, NOW - 12 * DAY - 5, 800000, NOW, &s);
	ck_assert(s.early);
	ck_assert_int_eq(s.weight, 55);
	ck_assert_int_eq(s.days, 12);
	ck_assert_int_eq(s.value, 8);
	ck_assert_int_eq(s.total, 75);
	char line[256];
	coach_score_line(&s, m, line, sizeof(line));
	ck_assert_str_eq(line,
	    "early stage · no next step 30 + moved back 25 + "
	    "12 days + value 8 = 75");
	coach_score(1u << CAUSE_OVERDUE, false, NOW - DAY, 999999999, NOW, &s);
	ck_assert_int_eq(s.weight, 0);
	ck_assert_int_eq(s.value, 50);
	ck_assert_int_eq(s.total, 51);
	coach_score_line(&s, 1u << CAUSE_OVERDUE, line, sizeof(line));
	ck_assert_str_eq(line, "1 day + value 50 = 51");
	/* A cause not begun yet counts no days. */
	coach_score(1u << CAUSE_STALLED, true, NOW + DAY, 0, NOW, &s);
	ck_assert_int_eq(s.days, 0);
}
END_TEST

/*
 * The stored key orders items as the score does, at any later time:
 * early first whatever the points; then more points; a tie in points
 * goes to the one waiting longer; the key does not move with time.
 */
START_TEST(rank_orders_like_score)
{
	unsigned step = 1u << CAUSE_NO_STEP, back = 1u << CAUSE_BACK;
	int64_t early_small = coach_rank(1u << CAUSE_STALLED, true, NOW, 0);
	int64_t late_big = coach_rank(step | back, false, NOW - 300 * DAY,
	    999999999);
	ck_assert_int_gt(early_small, late_big);
	int64_t a = coach_rank(step, true, NOW - 2 * DAY, 0);  /* 30 + 2 */
	int64_t b = coach_rank(back, true, NOW - 6 * DAY, 0);  /* 25 + 6 */
	int64_t c = coach_rank(back, true, NOW - 10 * DAY, 0); /* 25 + 10 */
	ck_assert_int_gt(c, a);
	ck_assert_int_gt(a, b);
	for (int64_t later = 0; later < 400; later += 37) {
		struct coach_score sa, sb, sc;
		coach_score(step, true, NOW - 2 * DAY, 0, NOW + later * DAY,
		    &sa);
		coach_score(back, true, NOW - 6 * DAY, 0, NOW + later * DAY,
		    &sb);
		coach_score(back, true, NOW - 10 * DAY, 0, NOW + later * DAY,
		    &sc);
		ck_assert_int_ge(sc.total, sa.total);
		ck_assert_int_ge(sa.total, sb.total);
	}
	/* Same points, same day: the earlier start ranks first. */
	ck_assert_int_gt(coach_rank(step, true, NOW - 100, 0),
	    coach_rank(step, true, NOW - 50, 0));
}
END_TEST


Suite *
suite_coach(void)
{
	Suite *s = suite_create("coach");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, calm_input_is_quiet);
	tcase_add_test(tc, deal_causes_merged);
	tcase_add_test(tc, deal_causes_ahead);
	tcase_add_test(tc, score_parts);
	tcase_add_test(tc, rank_orders_like_score);
	tcase_add_test(tc, rule1_stalled_by_time);
	tcase_add_test(tc, rule1_one_day_is_singular);
	tcase_add_test(tc, rule1_stalled_by_quiet);
	tcase_add_test(tc, rule1_cause_is_first_threshold);
	tcase_add_test(tc, rule1_not_for_late_stages);
	tcase_add_test(tc, rule2_next_step);
	tcase_add_test(tc, rule2_late_stage);
	tcase_add_test(tc, rule3_skipped);
	tcase_add_test(tc, rule4_late_entry);
	tcase_add_test(tc, rule5_low_inflow);
	tcase_add_test(tc, rule5_team_target);
	tcase_add_test(tc, rule5_cause_is_week_start);
	tcase_add_test(tc, rule6_no_aids);
	tcase_add_test(tc, rule7_moved_back);
	tcase_add_test(tc, rule7_and_rule3_together);
	tcase_add_test(tc, events_window);
	suite_add_tcase(s, tc);

	tc = tcase_create("run");
	tcase_add_test(tc, priorities_early_first);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, max_truncates);
	tcase_add_test(tc, unknown_rep_and_labels);
	suite_add_tcase(s, tc);

	tc = tcase_create("meter");
	tcase_add_test(tc, meter_minutes_halves);
	tcase_add_test(tc, meter_window_follows_now);
	tcase_add_test(tc, meter_super_rep);
	suite_add_tcase(s, tc);
	return s;
}
