/*
 * test_pipeline.c - the stage-move rules (app/pipeline.h) on
 * hand-built stage lists: retired stages at the start and in the
 * middle, positions with gaps, and a list out of position order.
 */
#include <stddef.h>
#include <string.h>

#include "db_deal.h"
#include "pipeline.h"
#include "unit.h"

#define STAGE(i, nm, pos, erl, act)                                       \
	{                                                                 \
		.id = (i), .name = nm, .position = (pos), .early = (erl), \
		.probability = 10, .target_days = 14, .active = (act)     \
	}

/* Positions have gaps; "Inbound" (lowest position) and "Qualified"
 * (between Discovery and Evaluation) are retired. */
static const struct stage stages[] = {
	STAGE(11, "Inbound", 5, true, false),
	STAGE(1, "Prospect", 10, true, true),
	STAGE(2, "Discovery", 20, true, true),
	STAGE(7, "Qualified", 25, false, false),
	STAGE(3, "Evaluation", 30, false, true),
	STAGE(4, "Proposal", 45, false, true),
	STAGE(5, "Commit", 70, false, true),
};
#define N ((int)(sizeof(stages) / sizeof(stages[0])))

/* The same stages, not in position order. */
static const struct stage shuffled[] = {
	STAGE(5, "Commit", 70, false, true),
	STAGE(3, "Evaluation", 30, false, true),
	STAGE(7, "Qualified", 25, false, false),
	STAGE(11, "Inbound", 5, true, false),
	STAGE(4, "Proposal", 45, false, true),
	STAGE(2, "Discovery", 20, true, true),
	STAGE(1, "Prospect", 10, true, true),
};

static struct deal
deal_in(int64_t stage_id, enum deal_status status)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.id = 42;
	d.stage_id = stage_id;
	d.status = status;
	return d;
}

static const struct stage *
find(int64_t id)
{
	const struct stage *s = pipeline_find(stages, N, id);
	ck_assert_ptr_nonnull(s);
	return s;
}

START_TEST(find_by_id)
{
	for (int i = 0; i < N; i++)
		ck_assert_ptr_eq(pipeline_find(stages, N, stages[i].id),
		    &stages[i]);
	ck_assert_ptr_null(pipeline_find(stages, N, 99));
	ck_assert_ptr_null(pipeline_find(stages, N, 0));
	ck_assert_ptr_null(pipeline_find(stages, N, -1));
	/* Only the first n entries are searched. */
	ck_assert_ptr_null(pipeline_find(stages, 2, 3));
	ck_assert_ptr_null(pipeline_find(stages, 0, 11));
}
END_TEST

/* The first stage is the lowest-positioned active one, not the first
 * entry and not a retired stage. */
START_TEST(first_skips_retired)
{
	ck_assert_ptr_eq(pipeline_first(stages, N), &stages[1]);
	ck_assert_str_eq(pipeline_first(shuffled, N)->name, "Prospect");
	ck_assert_ptr_eq(pipeline_first(shuffled, N), &shuffled[6]);

	struct stage none[2] = { STAGE(1, "A", 1, true, false),
		STAGE(2, "B", 2, true, false) };
	ck_assert_ptr_null(pipeline_first(none, 2));
	none[1].active = true;
	ck_assert_ptr_eq(pipeline_first(none, 2), &none[1]);
	ck_assert_ptr_null(pipeline_first(stages, 0));
}
END_TEST

/* Ranks count active stages only, by position, whatever the gaps. */
START_TEST(rank_active_only)
{
	static const struct {
		int64_t id;
		int rank;
	} want[] = {
		{ 11, 0 },
		{ 1, 1 },
		{ 2, 2 },
		{ 7, 0 },
		{ 3, 3 },
		{ 4, 4 },
		{ 5, 5 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_msg(pipeline_rank(stages, N, find(want[i].id)) ==
		                  want[i].rank,
		    "stage %lld: rank %d, want %d", (long long)want[i].id,
		    pipeline_rank(stages, N, find(want[i].id)), want[i].rank);
		const struct stage *s = pipeline_find(shuffled, N, want[i].id);
		ck_assert_int_eq(pipeline_rank(shuffled, N, s), want[i].rank);
	}
	ck_assert_int_eq(pipeline_rank(stages, N, NULL), 0);
}
END_TEST

START_TEST(late_entry)
{
	ck_assert_int_eq(LATE_ENTRY_RANK, 3);
	ck_assert(!pipeline_late_entry(stages, N, find(1)));
	ck_assert(!pipeline_late_entry(stages, N, find(2)));
	/* Evaluation is rank 3 though it is the 5th entry / position 30. */
	ck_assert(pipeline_late_entry(stages, N, find(3)));
	ck_assert(pipeline_late_entry(stages, N, find(4)));
	ck_assert(pipeline_late_entry(stages, N, find(5)));
	/* Retired stages have no rank, so are never a late entry. */
	ck_assert(!pipeline_late_entry(stages, N, find(7)));
	ck_assert(!pipeline_late_entry(stages, N, find(11)));
	ck_assert(!pipeline_late_entry(stages, N, NULL));
}
END_TEST

/* Checks an allowed move and returns how many stages it skipped. */
static int
move_ok(const struct stage *list, int64_t from, int64_t to, enum move_kind want)
{
	struct deal d = deal_in(from, DEAL_OPEN);
	enum move_kind kind = (enum move_kind) - 1;
	int skipped = -1;
	const char *msg = pipeline_check_move(list, N, &d, to, &kind, &skipped);
	ck_assert_msg(msg == NULL, "move %lld -> %lld refused: %s",
	    (long long)from, (long long)to, msg ? msg : "");
	ck_assert_msg(kind == want, "move %lld -> %lld: kind %d, want %d",
	    (long long)from, (long long)to, (int)kind, (int)want);
	return skipped;
}

static const char *
move_refused(const struct deal *d, int64_t to)
{
	enum move_kind kind = MOVE_FORWARD;
	int skipped = 0;
	const char *msg = pipeline_check_move(stages, N, d, to, &kind,
	    &skipped);
	ck_assert_msg(msg != NULL && *msg, "move %lld -> %lld allowed",
	    (long long)d->stage_id, (long long)to);
	return msg;
}

START_TEST(move_forward)
{
	ck_assert_int_eq(move_ok(stages, 1, 2, MOVE_FORWARD), 0);
	ck_assert_int_eq(move_ok(stages, 4, 5, MOVE_FORWARD), 0);
	/* Only a retired stage lies between: not a skip. */
	ck_assert_int_eq(move_ok(stages, 2, 3, MOVE_FORWARD), 0);
	ck_assert_int_eq(move_ok(shuffled, 2, 3, MOVE_FORWARD), 0);
}
END_TEST

START_TEST(move_skip_counts_active_stages)
{
	ck_assert_int_eq(move_ok(stages, 1, 3, MOVE_SKIP), 1); /* Discovery */
	ck_assert_int_eq(move_ok(stages, 1, 4, MOVE_SKIP), 2);
	ck_assert_int_eq(move_ok(stages, 1, 5, MOVE_SKIP), 3);
	/* Qualified (retired) between Discovery and Evaluation is not
	 * counted: Evaluation and Proposal are. */
	ck_assert_int_eq(move_ok(stages, 2, 5, MOVE_SKIP), 2);
	ck_assert_int_eq(move_ok(stages, 3, 5, MOVE_SKIP), 1);
	ck_assert_int_eq(move_ok(shuffled, 1, 4, MOVE_SKIP), 2);
	ck_assert_int_eq(move_ok(shuffled, 2, 5, MOVE_SKIP), 2);
}
END_TEST

START_TEST(move_back)
{
	ck_assert_int_eq(move_ok(stages, 2, 1, MOVE_BACK), 0);
	ck_assert_int_eq(move_ok(stages, 4, 2, MOVE_BACK), 0);
	ck_assert_int_eq(move_ok(stages, 5, 1, MOVE_BACK), 0);
	ck_assert_int_eq(move_ok(shuffled, 5, 1, MOVE_BACK), 0);
}
END_TEST

/* A deal still sitting in a stage that was retired since can move on
 * (or back) to an active one. */
START_TEST(move_out_of_retired_stage)
{
	ck_assert_int_eq(move_ok(stages, 7, 3, MOVE_FORWARD), 0);
	ck_assert_int_eq(move_ok(stages, 7, 4, MOVE_SKIP), 1);
	ck_assert_int_eq(move_ok(stages, 7, 2, MOVE_BACK), 0);
}
END_TEST

START_TEST(move_refused_cases)
{
	struct deal d = deal_in(2, DEAL_OPEN);
	ck_assert_ptr_nonnull(strstr(move_refused(&d, 2), "already"));
	ck_assert_ptr_nonnull(strstr(move_refused(&d, 99), "listed"));
	ck_assert_ptr_nonnull(strstr(move_refused(&d, 0), "listed"));
	/* Retired stages cannot be moved into, before or after. */
	ck_assert_ptr_nonnull(strstr(move_refused(&d, 7), "listed"));
	ck_assert_ptr_nonnull(strstr(move_refused(&d, 11), "listed"));

	/* A deal in a retired stage cannot "move" into it either. */
	struct deal r = deal_in(7, DEAL_OPEN);
	move_refused(&r, 7);

	/* Closed deals do not move at all, even to a fine stage. */
	struct deal won = deal_in(2, DEAL_WON);
	ck_assert_ptr_nonnull(strstr(move_refused(&won, 3), "closed"));
	ck_assert_ptr_nonnull(strstr(move_refused(&won, 1), "closed"));
	struct deal lost = deal_in(2, DEAL_LOST);
	ck_assert_ptr_nonnull(strstr(move_refused(&lost, 3), "closed"));
}
END_TEST

START_TEST(close_rules)
{
	struct deal d = deal_in(3, DEAL_OPEN);
	ck_assert_ptr_null(pipeline_check_close(&d, DEAL_WON, NULL));
	ck_assert_ptr_null(pipeline_check_close(&d, DEAL_WON, ""));
	ck_assert_ptr_null(pipeline_check_close(&d, DEAL_WON, "Signed"));
	ck_assert_ptr_null(pipeline_check_close(&d, DEAL_LOST, "No budget"));

	const char *msg = pipeline_check_close(&d, DEAL_LOST, NULL);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(strstr(msg, "why"));
	ck_assert_ptr_nonnull(pipeline_check_close(&d, DEAL_LOST, ""));

	ck_assert_ptr_nonnull(pipeline_check_close(&d, DEAL_OPEN, "x"));
	ck_assert_ptr_nonnull(pipeline_check_close(&d, 3, "x"));
	ck_assert_ptr_nonnull(pipeline_check_close(&d, -1, "x"));

	struct deal won = deal_in(3, DEAL_WON);
	msg = pipeline_check_close(&won, DEAL_WON, NULL);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(strstr(msg, "already closed"));
	struct deal lost = deal_in(3, DEAL_LOST);
	ck_assert_ptr_nonnull(pipeline_check_close(&lost, DEAL_LOST, "again"));
	ck_assert_ptr_nonnull(pipeline_check_close(&lost, DEAL_WON, NULL));
}
END_TEST

/* A win passes over every active stage after the deal's: as many as a
 * move there from the last one would, so they count as skipped. */
START_TEST(win_skips_the_stages_after)
{
	const struct stage *lists[] = { stages, shuffled };
	for (int l = 0; l < 2; l++) {
		struct deal d = deal_in(1, DEAL_OPEN);
		ck_assert_int_eq(pipeline_win_skips(lists[l], N, &d), 4);
		d = deal_in(2, DEAL_OPEN);
		ck_assert_int_eq(pipeline_win_skips(lists[l], N, &d), 3);
		d = deal_in(3, DEAL_OPEN);
		ck_assert_int_eq(pipeline_win_skips(lists[l], N, &d), 2);
		d = deal_in(5, DEAL_OPEN);
		ck_assert_int_eq(pipeline_win_skips(lists[l], N, &d), 0);
		/* From a retired stage, by its position. */
		d = deal_in(7, DEAL_OPEN);
		ck_assert_int_eq(pipeline_win_skips(lists[l], N, &d), 3);
		d = deal_in(11, DEAL_OPEN);
		ck_assert_int_eq(pipeline_win_skips(lists[l], N, &d), 5);
	}
}
END_TEST

START_TEST(win_from_early_stage_needs_confirming)
{
	struct deal d = deal_in(1, DEAL_OPEN);
	ck_assert(pipeline_win_needs_confirm(stages, N, &d));
	d = deal_in(2, DEAL_OPEN);
	ck_assert(pipeline_win_needs_confirm(shuffled, N, &d));
	d = deal_in(11, DEAL_OPEN);
	ck_assert(pipeline_win_needs_confirm(stages, N, &d));
	d = deal_in(3, DEAL_OPEN);
	ck_assert(!pipeline_win_needs_confirm(stages, N, &d));
	d = deal_in(5, DEAL_OPEN);
	ck_assert(!pipeline_win_needs_confirm(stages, N, &d));
	d = deal_in(7, DEAL_OPEN);
	ck_assert(!pipeline_win_needs_confirm(stages, N, &d));
	d = deal_in(99, DEAL_OPEN);
	ck_assert(!pipeline_win_needs_confirm(stages, N, &d));
}
END_TEST

START_TEST(reopen_rules)
{
	struct deal still_open = deal_in(3, DEAL_OPEN);
	const char *msg = pipeline_check_reopen(stages, N, &still_open);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(strstr(msg, "already open"));

	struct deal won = deal_in(4, DEAL_WON);
	ck_assert_ptr_null(pipeline_check_reopen(stages, N, &won));
	struct deal lost = deal_in(1, DEAL_LOST);
	ck_assert_ptr_null(pipeline_check_reopen(stages, N, &lost));

	/* Closed in a stage retired since: it would reopen nowhere. */
	struct deal old = deal_in(7, DEAL_WON);
	msg = pipeline_check_reopen(stages, N, &old);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(strstr(msg, "retired"));
	struct deal oldest = deal_in(11, DEAL_LOST);
	ck_assert_ptr_nonnull(pipeline_check_reopen(stages, N, &oldest));
	struct deal unknown = deal_in(99, DEAL_LOST);
	ck_assert_ptr_nonnull(pipeline_check_reopen(stages, N, &unknown));
}
END_TEST

Suite *
suite_pipeline(void)
{
	Suite *s = suite_create("pipeline");
	TCase *tc = tcase_create("stages");
	tcase_add_test(tc, find_by_id);
	tcase_add_test(tc, first_skips_retired);
	tcase_add_test(tc, rank_active_only);
	tcase_add_test(tc, late_entry);
	suite_add_tcase(s, tc);

	tc = tcase_create("move");
	tcase_add_test(tc, move_forward);
	tcase_add_test(tc, move_skip_counts_active_stages);
	tcase_add_test(tc, move_back);
	tcase_add_test(tc, move_out_of_retired_stage);
	tcase_add_test(tc, move_refused_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("close_reopen");
	tcase_add_test(tc, close_rules);
	tcase_add_test(tc, win_skips_the_stages_after);
	tcase_add_test(tc, win_from_early_stage_needs_confirming);
	tcase_add_test(tc, reopen_rules);
	suite_add_tcase(s, tc);
	return s;
}
