/*
 * test_date.c - calendar dates (app/date.h): validation with leap
 * years, day differences across month, year and leap-day boundaries,
 * whole days between two times, and the local date of a time.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "unit.h"

START_TEST(valid_dates)
{
	static const char *const ok[] = {
		"2000-01-01",
		"2024-02-29",
		"2000-02-29",
		"2023-02-28",
		"2024-12-31",
		"2199-12-31",
		"2025-04-30",
		"2025-01-31",
		"2100-02-28",
		"2196-02-29",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(date_valid(ok[i]), "'%s' refused", ok[i]);
}
END_TEST

START_TEST(invalid_dates)
{
	static const char *const bad[] = {
		"2023-02-29", /* not a leap year */
		"2100-02-29", /* divisible by 100, not by 400 */
		"2024-02-30",
		"2025-04-31",
		"2025-13-01",
		"2025-00-10",
		"2025-01-00",
		"2025-01-32",
		"2025/01/01",
		"2025.01.01",
		"2025-01/01",
		"20250101",
		"2025-1-01",
		"2025-01-1",
		"2025-01-011",
		" 2025-01-01",
		"2025-01-01 ",
		"2025-0a-01",
		"2025-01-0x",
		"2O25-01-01",
		"+025-01-01",
		"2025--1-01",
		"1999-12-31", /* before 2000 */
		"2200-01-01", /* after 2199 */
		"0000-01-01",
		"9999-12-31",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!date_valid(bad[i]), "'%s' accepted", bad[i]);
	ck_assert(!date_valid(NULL));
}
END_TEST

/* What people type: any real day passes date_problem, whatever its
 * year, so each field can say which days it takes. */
START_TEST(problem_reads_any_year)
{
	static const char *const ok[] = { "1999-12-31", "9999-12-31",
		"0000-01-01", "2024-02-29", "2400-02-29", "2025-03-14" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(date_problem(ok[i]) == NULL, "'%s' refused",
		    ok[i]);
}
END_TEST

START_TEST(problem_names_what_is_wrong)
{
	static const char *const form[] = { "", "14/03/2025", "2025-3-14",
		"20250314", " 2025-03-14", "2025-03-14 ", "2O25-03-14",
		"+025-03-14", "10000-01-01" };
	for (size_t i = 0; i < sizeof(form) / sizeof(form[0]); i++) {
		const char *m = date_problem(form[i]);
		ck_assert_msg(m && strstr(m, "YYYY-MM-DD"), "'%s': %s", form[i],
		    m ? m : "accepted");
	}
	ck_assert_ptr_nonnull(strstr(date_problem(NULL), "YYYY-MM-DD"));
	static const char *const month[] = { "2025-00-10", "2025-13-01" };
	for (size_t i = 0; i < 2; i++) {
		const char *m = date_problem(month[i]);
		ck_assert_msg(m && strstr(m, "month") && !strstr(m, "YYYY"),
		    "'%s': %s", month[i], m ? m : "accepted");
	}
	static const char *const day[] = { "2025-02-29", "2100-02-29",
		"2025-04-31", "2025-01-00", "2025-01-32", "1999-02-29" };
	for (size_t i = 0; i < sizeof(day) / sizeof(day[0]); i++) {
		const char *m = date_problem(day[i]);
		ck_assert_msg(m && strstr(m, "no such day"), "'%s': %s", day[i],
		    m ? m : "accepted");
	}
}
END_TEST

START_TEST(within_includes_both_ends)
{
	ck_assert(date_within("2025-03-14", "2025-03-14", "2027-03-14"));
	ck_assert(date_within("2027-03-14", "2025-03-14", "2027-03-14"));
	ck_assert(date_within("2026-01-01", "2025-03-14", "2027-03-14"));
	ck_assert(!date_within("2025-03-13", "2025-03-14", "2027-03-14"));
	ck_assert(!date_within("2027-03-15", "2025-03-14", "2027-03-14"));
	ck_assert(!date_within("1999-12-31", "2025-03-14", "2027-03-14"));
	ck_assert(!date_within("9999-12-31", "2025-03-14", "2027-03-14"));
	ck_assert(!date_within("2026-02-30", "2025-03-14", "2027-03-14"));
	ck_assert(!date_within("2026-1-01", "2025-03-14", "2027-03-14"));
}
END_TEST

START_TEST(add_years_keeps_the_day)
{
	char out[DATE_SIZE];
	date_add_years("2025-03-14", 2, out);
	ck_assert_str_eq(out, "2027-03-14");
	date_add_years("2025-03-14", -1, out);
	ck_assert_str_eq(out, "2024-03-14");
	date_add_years("2024-02-29", 1, out);
	ck_assert_str_eq(out, "2025-02-28");
	date_add_years("2024-02-29", 4, out);
	ck_assert_str_eq(out, "2028-02-29");
	date_add_years("2099-12-31", 5, out);
	ck_assert_str_eq(out, "2104-12-31");
	date_add_years("9999-01-01", 1, out);
	ck_assert_str_eq(out, "");
	date_add_years("2025-02-30", 1, out);
	ck_assert_str_eq(out, "");
}
END_TEST

/* date_diff(a, b) is b - a: positive when b is later. */
START_TEST(diff_basic_and_sign)
{
	ck_assert_int_eq(date_diff("2025-03-10", "2025-03-10"), 0);
	ck_assert_int_eq(date_diff("2025-03-10", "2025-03-11"), 1);
	ck_assert_int_eq(date_diff("2025-03-11", "2025-03-10"), -1);
	ck_assert_int_eq(date_diff("2025-03-01", "2025-03-31"), 30);
	ck_assert_int_eq(date_diff("2025-03-31", "2025-03-01"), -30);
}
END_TEST

START_TEST(diff_boundaries)
{
	/* month ends */
	ck_assert_int_eq(date_diff("2025-01-31", "2025-02-01"), 1);
	ck_assert_int_eq(date_diff("2025-04-30", "2025-05-01"), 1);
	ck_assert_int_eq(date_diff("2025-01-15", "2025-02-15"), 31);
	ck_assert_int_eq(date_diff("2025-02-15", "2025-03-15"), 28);
	/* year ends */
	ck_assert_int_eq(date_diff("2023-12-31", "2024-01-01"), 1);
	ck_assert_int_eq(date_diff("2024-01-01", "2023-12-31"), -1);
	ck_assert_int_eq(date_diff("2023-01-01", "2024-01-01"), 365);
	ck_assert_int_eq(date_diff("2024-01-01", "2025-01-01"), 366);
	ck_assert_int_eq(date_diff("2025-01-01", "2024-01-01"), -366);
	/* leap days */
	ck_assert_int_eq(date_diff("2024-02-28", "2024-03-01"), 2);
	ck_assert_int_eq(date_diff("2023-02-28", "2023-03-01"), 1);
	ck_assert_int_eq(date_diff("2024-02-29", "2024-03-01"), 1);
	ck_assert_int_eq(date_diff("2024-03-01", "2024-02-29"), -1);
	ck_assert_int_eq(date_diff("2000-02-28", "2000-03-01"), 2);
	ck_assert_int_eq(date_diff("2100-02-28", "2100-03-01"), 1);
	ck_assert_int_eq(date_diff("2024-02-29", "2025-02-28"), 365);
	/* the whole range: 200 years, 49 of them leap (2100 is not) */
	ck_assert_int_eq(date_diff("2000-01-01", "2199-12-31"),
	    200 * 365 + 49 - 1);
	ck_assert_int_eq(date_diff("2199-12-31", "2000-01-01"),
	    -(200 * 365 + 49 - 1));
}
END_TEST

/* Invalid input is documented as not allowed; it must at least not
 * produce a plausible-looking number of days. */
START_TEST(diff_invalid_is_zero)
{
	ck_assert_int_eq(date_diff("2023-02-29", "2023-03-10"), 0);
	ck_assert_int_eq(date_diff("2023-03-10", "bogus"), 0);
}
END_TEST

START_TEST(whole_days_between)
{
	ck_assert_int_eq(days_between(1000, 1000), 0);
	ck_assert_int_eq(days_between(1000, 999), 0);
	ck_assert_int_eq(days_between(1000, 1000 - 5 * 86400), 0);
	ck_assert_int_eq(days_between(0, 86399), 0);
	ck_assert_int_eq(days_between(0, 86400), 1);
	ck_assert_int_eq(days_between(0, 86401), 1);
	ck_assert_int_eq(days_between(0, 2 * 86400 - 1), 1);
	ck_assert_int_eq(days_between(100, 100 + 12 * 86400 + 5), 12);
	ck_assert_int_eq(days_between(INT64_C(1700000000),
	                     INT64_C(1700000000) + 365 * 86400),
	    365);
}
END_TEST

static void
set_tz(const char *tz)
{
	ck_assert_int_eq(setenv("TZ", tz, 1), 0);
	tzset();
}

START_TEST(date_of_utc)
{
	set_tz("UTC");
	char out[DATE_SIZE];
	date_of(0, out);
	ck_assert_str_eq(out, "1970-01-01");
	date_of(86399, out);
	ck_assert_str_eq(out, "1970-01-01");
	date_of(86400, out);
	ck_assert_str_eq(out, "1970-01-02");
	date_of(INT64_C(951782400), out); /* 2000-02-29 00:00:00 */
	ck_assert_str_eq(out, "2000-02-29");
	date_of(INT64_C(951782400) - 1, out);
	ck_assert_str_eq(out, "2000-02-28");
	date_of(INT64_C(1709251199), out); /* 2024-02-29 23:59:59 */
	ck_assert_str_eq(out, "2024-02-29");
	date_of(INT64_C(1709251199) + 1, out);
	ck_assert_str_eq(out, "2024-03-01");
	date_of(INT64_C(7258075200), out); /* 2199-12-31 12:00:00 */
	ck_assert_str_eq(out, "2199-12-31");
	ck_assert(date_valid(out));
}
END_TEST

/* The date is the one in the local zone, not in UTC (a POSIX TZ
 * string, so no zone database is needed). */
START_TEST(date_of_local_zone)
{
	set_tz("EST5");
	char out[DATE_SIZE];
	date_of(0, out);
	ck_assert_str_eq(out, "1969-12-31");
	date_of(5 * 3600, out);
	ck_assert_str_eq(out, "1970-01-01");
	set_tz("JST-9");
	date_of(15 * 3600, out);
	ck_assert_str_eq(out, "1970-01-02");
}
END_TEST

START_TEST(minute_start_floors_to_the_minute)
{
	ck_assert_int_eq(minute_start(INT64_C(1700000000)),
	    INT64_C(1699999980));
	ck_assert_int_eq(minute_start(INT64_C(1699999980)),
	    INT64_C(1699999980));
	ck_assert_int_eq(minute_start(INT64_C(1700000039)),
	    INT64_C(1700000039) - 59);
	ck_assert_int_eq(minute_start(59), 0);
}
END_TEST

Suite *
suite_date(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("valid");
	tcase_add_test(tc, valid_dates);
	tcase_add_test(tc, invalid_dates);
	tcase_add_test(tc, problem_reads_any_year);
	tcase_add_test(tc, problem_names_what_is_wrong);
	tcase_add_test(tc, within_includes_both_ends);
	tcase_add_test(tc, add_years_keeps_the_day);
	suite_add_tcase(s, tc);

	tc = tcase_create("arithmetic");
	tcase_add_test(tc, diff_basic_and_sign);
	tcase_add_test(tc, diff_boundaries);
	tcase_add_test(tc, diff_invalid_is_zero);
	tcase_add_test(tc, whole_days_between);
	suite_add_tcase(s, tc);

	tc = tcase_create("local");
	tcase_add_test(tc, date_of_utc);
	tcase_add_test(tc, date_of_local_zone);
	tcase_add_test(tc, minute_start_floors_to_the_minute);
	suite_add_tcase(s, tc);
	return s;
}
