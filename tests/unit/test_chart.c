/*
 * test_chart.c - the value axis and week labels of the SVG charts.
 */
#include "chart.h"
#include "unit.h"

/* Round steps: the axis ends at the first step multiple at or above
 * the largest value, in no more steps than asked for. */
START_TEST(axis_round_steps)
{
	int64_t top = 0;
	ck_assert_int_eq(chart_axis(27, 4, &top), 10);
	ck_assert_int_eq(top, 30);
	ck_assert_int_eq(chart_axis(8, 4, &top), 2);
	ck_assert_int_eq(top, 8);
	ck_assert_int_eq(chart_axis(9, 4, &top), 5);
	ck_assert_int_eq(top, 10);
	ck_assert_int_eq(chart_axis(480, 4, &top), 200);
	ck_assert_int_eq(top, 600);
	ck_assert_int_eq(chart_axis(3, 4, &top), 1);
	ck_assert_int_eq(top, 3);
	ck_assert_int_eq(chart_axis(1000000, 5, &top), 200000);
	ck_assert_int_eq(top, 1000000);
}
END_TEST

/* Nothing to show still gives an axis from 0 to 1. */
START_TEST(axis_empty)
{
	int64_t top = 0;
	ck_assert_int_eq(chart_axis(0, 4, &top), 1);
	ck_assert_int_eq(top, 1);
	ck_assert_int_eq(chart_axis(-5, 0, &top), 1);
	ck_assert_int_eq(top, 1);
}
END_TEST

START_TEST(day_labels)
{
	char out[16];
	chart_day_label("2026-11-09", out, sizeof(out));
	ck_assert_str_eq(out, "9 Nov");
	chart_day_label("2027-01-31", out, sizeof(out));
	ck_assert_str_eq(out, "31 Jan");
	chart_day_label("2026-13-01", out, sizeof(out));
	ck_assert_str_eq(out, "2026-13-01");
	chart_day_label("2026-11-09x", out, sizeof(out));
	ck_assert_str_eq(out, "2026-11-09x");
}
END_TEST

Suite *
suite_chart(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("chart");
	tcase_add_test(tc, axis_round_steps);
	tcase_add_test(tc, axis_empty);
	tcase_add_test(tc, day_labels);
	suite_add_tcase(s, tc);
	return s;
}
