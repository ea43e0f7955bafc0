/*
 * test_amount.c - money as people type it (app/amount.h): every
 * accepted form with its exact value in minor units, the refused
 * forms, integer-only arithmetic, and formatting for display and for
 * input fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "amount.h"
#include "unit.h"

/* Parses text in currency, failing the test if it is refused. */
static int64_t
parse_ok_in(const char *text, const char *currency)
{
	int64_t minor = -1;
	const char *msg = amount_parse(text, currency, &minor);
	ck_assert_msg(msg == NULL, "'%s' refused: %s", text, msg ? msg : "");
	return minor;
}

static int64_t
parse_ok(const char *text)
{
	return parse_ok_in(text, "USD");
}

/* Parses text in currency expecting a refusal; returns the message. */
static const char *
parse_refused_in(const char *text, const char *currency)
{
	int64_t minor = -1;
	const char *msg = amount_parse(text, currency, &minor);
	ck_assert_msg(msg != NULL, "'%s' accepted as %lld", text,
	    (long long)minor);
	ck_assert_msg(*msg != '\0', "'%s' refused with an empty message", text);
	return msg;
}

static const char *
parse_refused(const char *text)
{
	return parse_refused_in(text, "USD");
}

static const struct {
	const char *text;
	int64_t minor;
} accepted[] = {
	{ "12500", INT64_C(1250000) },
	{ "12,500", INT64_C(1250000) },
	{ "12 500", INT64_C(1250000) },
	{ "12500.00", INT64_C(1250000) },
	{ "12500.5", INT64_C(1250050) },
	{ "12500.50", INT64_C(1250050) },
	{ "$12,500", INT64_C(1250000) },
	{ "$ 12,500", INT64_C(1250000) },
	{ "USD 12,500", INT64_C(1250000) },
	{ "12,500 usd", INT64_C(1250000) },
	{ "12.5k USD", INT64_C(1250000) },
	{ "12500$", INT64_C(1250000) },
	{ "1,234,567.89", INT64_C(123456789) },
	{ "1 234 567", INT64_C(123456700) },
	{ "12.5k", INT64_C(1250000) },
	{ "12.5K", INT64_C(1250000) },
	{ "$1.2m", INT64_C(120000000) },
	{ "1.2M", INT64_C(120000000) },
	{ "1.23456k", INT64_C(123456) },
	{ "3k", INT64_C(300000) },
	{ " 42 ", INT64_C(4200) },
	{ "\t42\t", INT64_C(4200) },
	{ "0", INT64_C(0) },
	{ "0.5", INT64_C(50) },
	{ "007", INT64_C(700) },
};

START_TEST(parse_accepted)
{
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		int64_t got = parse_ok(accepted[i].text);
		ck_assert_msg(got == accepted[i].minor,
		    "'%s' -> %lld, want %lld", accepted[i].text, (long long)got,
		    (long long)accepted[i].minor);
	}
}
END_TEST

static const char *const refused[] = {
	"",
	"   ",
	"$",
	"abc",
	"-5",
	"$-5",
	"1,23",
	"12,5000",
	"1,000000",
	"1,000 000", /* two kinds of separator */
	"12  500",   /* a double space is not a separator */
	",500",
	"0.001",
	"1.234567k",
	"1e5",
	".5",
	"5.",
	"12..5",
	"1,000.5.5",
	"12.5 k",
	"12x",
	"5 dollars",
	"1234567890123456", /* 16 digits */
	"0.1k5",
};

START_TEST(parse_refused_forms)
{
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		parse_refused(refused[i]);
}
END_TEST

/* The refusals say what is wrong, not just "invalid". */
START_TEST(parse_refusal_messages)
{
	ck_assert_ptr_nonnull(strstr(parse_refused("-5"), "negative"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1,23"), "threes"));
	ck_assert_ptr_nonnull(strstr(parse_refused("12,5000"), "threes"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1,000000"), "threes"));
	ck_assert_ptr_nonnull(strstr(parse_refused("0.001"), "two decimal"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1.234567k"), "two decimal"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1234567890123456"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("abc"), "12,500"));
	ck_assert_ptr_nonnull(strstr(parse_refused(""), "12,500"));
}
END_TEST

/* AMOUNT_MAX_MINOR (one billion) itself is accepted in every spelling
 * that reaches it; one cent more is refused with the limit named. */
START_TEST(parse_limit)
{
	ck_assert(AMOUNT_MAX_MINOR == INT64_C(100000000000));
	ck_assert(parse_ok("1000000000") == AMOUNT_MAX_MINOR);
	ck_assert(parse_ok("1,000,000,000.00") == AMOUNT_MAX_MINOR);
	ck_assert(parse_ok("1000m") == AMOUNT_MAX_MINOR);
	ck_assert(parse_ok("999999999.99") == AMOUNT_MAX_MINOR - 1);
	ck_assert_ptr_nonnull(strstr(parse_refused("1000000000.01"),
	    "at most 1,000,000,000"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1000000001"), "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1000.01m"), "too large"));
	/* The amount behind the overflow on the team page. */
	ck_assert_ptr_nonnull(strstr(parse_refused("100000000k"), "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("999999999999999m"),
	    "too large"));
	/* Long digit strings are refused, never wrapped around. */
	ck_assert_ptr_nonnull(strstr(parse_refused("999999999999999"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("9999999999999999999999"),
	    "too large"));
}
END_TEST

/* A sign or code of the configured currency is accepted; "$" stands
 * for any dollar. */
START_TEST(parse_own_currency)
{
	ck_assert(parse_ok_in("€900", "EUR") == 90000);
	ck_assert(parse_ok_in("900 €", "EUR") == 90000);
	ck_assert(parse_ok_in("EUR 900", "EUR") == 90000);
	ck_assert(parse_ok_in("£1,000.25", "GBP") == 100025);
	ck_assert(parse_ok_in("gbp 20k", "GBP") == 2000000);
	ck_assert(parse_ok_in("$12,500", "CAD") == 1250000);
	ck_assert(parse_ok_in("R$ 10", "BRL") == 1000);
	ck_assert(parse_ok_in("12500 CHF", "CHF") == 1250000);
}
END_TEST

/* Another currency is refused, never saved as the configured one, and
 * the message names the configured currency. */
START_TEST(parse_foreign_currency)
{
	static const struct {
		const char *text, *currency, *named;
	} cases[] = {
		{ "£20,000", "USD", "£" },
		{ "€900", "USD", "€" },
		{ "20000 GBP", "USD", "GBP" },
		{ "eur 900", "USD", "EUR" },
		{ "$900", "EUR", "$" },
		{ "R$ 10", "USD", "R$" },
		{ "¥5000", "GBP", "¥" },
		{ "900 USD", "CHF", "USD" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *msg = parse_refused_in(cases[i].text,
		    cases[i].currency);
		ck_assert_msg(strstr(msg, cases[i].currency) != NULL,
		    "'%s': %s", cases[i].text, msg);
		ck_assert_msg(strstr(msg, cases[i].named) != NULL, "'%s': %s",
		    cases[i].text, msg);
	}
	/* Two marks, or letters that are no code, are not an amount. */
	parse_refused("$12,500 USD");
	parse_refused("12,500 dollars");
}
END_TEST

/* Sums saturate at AMOUNT_TOO_LARGE instead of wrapping around, and
 * weighting is exact for every percentage. */
START_TEST(sums_never_wrap)
{
	ck_assert(amount_add(1, 2) == 3);
	ck_assert(amount_add(INT64_MAX - 1, 1) == AMOUNT_TOO_LARGE);
	ck_assert(amount_add(INT64_MAX - 1, 2) == AMOUNT_TOO_LARGE);
	ck_assert(amount_add(AMOUNT_TOO_LARGE, 0) == AMOUNT_TOO_LARGE);
	ck_assert(amount_add(0, AMOUNT_TOO_LARGE) == AMOUNT_TOO_LARGE);
	/* 11,600 deals at the old cap, as in the overflow seen on /team. */
	int64_t sum = 0;
	for (int i = 0; i < 11600; i++)
		sum = amount_add(sum, INT64_C(10000000000000));
	ck_assert(sum == INT64_C(116000000000000000));
	ck_assert(amount_weighted(sum, 80) == INT64_C(92800000000000000));
	ck_assert(amount_weighted(INT64_MAX - 1, 100) == INT64_MAX - 1);
	ck_assert(amount_weighted(INT64_MAX - 1, 50) == (INT64_MAX - 1) / 2);
	for (int64_t m = 0; m < 1000; m += 7)
		for (int p = 0; p <= 100; p++)
			ck_assert(amount_weighted(m, p) == m * p / 100);
	ck_assert(amount_weighted(AMOUNT_TOO_LARGE, 10) == AMOUNT_TOO_LARGE);
}
END_TEST

/* What cannot be shown exactly says so; negatives read naturally. */
START_TEST(format_edges)
{
	char out[64];
	amount_format(out, sizeof(out), AMOUNT_TOO_LARGE, "USD");
	ck_assert_str_eq(out, "too large to show");
	amount_format(out, sizeof(out), -123456, "USD");
	ck_assert_str_eq(out, "-$1,234.56");
	amount_format(out, sizeof(out), -5, "EUR");
	ck_assert_str_eq(out, "-€0.05");
	amount_format(out, sizeof(out), -100000, "CHF");
	ck_assert_str_eq(out, "-1,000 CHF");
	amount_format(out, sizeof(out), INT64_MIN, "USD");
	ck_assert_str_eq(out, "-$92,233,720,368,547,758.08");
}
END_TEST

/* Values a binary float cannot hold exactly (0.29 * 100 is
 * 28.999999999999996) must come out exact. */
START_TEST(parse_no_float_rounding)
{
	ck_assert(parse_ok("0.29") == 29);
	ck_assert(parse_ok("1.15") == 115);
	ck_assert(parse_ok("19.99") == 1999);
	ck_assert(parse_ok("0.57") == 57);
	ck_assert(parse_ok("4.35") == 435);
	ck_assert(parse_ok("1,005.59") == 100559);
	ck_assert(parse_ok("0.01k") == 1000);
	ck_assert(parse_ok("0.00001m") == 1000);
	ck_assert(parse_ok("1.00000001m") == 100000001);
	/* A tenth of a cent after the multiplier is still refused. */
	ck_assert_ptr_nonnull(strstr(parse_refused("1.000001k"), "two decimal"));
}
END_TEST

START_TEST(format_display)
{
	static const struct {
		int64_t minor;
		const char *currency;
		const char *want;
	} cases[] = {
		{ 1250000, "USD", "$12,500" },
		{ 1250050, "USD", "$12,500.50" },
		{ 1250005, "USD", "$12,500.05" },
		{ 90000, "EUR", "€900" },
		{ 100025, "GBP", "£1,000.25" },
		{ 123400, "CHF", "1,234 CHF" },
		{ 123456, "CHF", "1,234.56 CHF" },
		{ 0, "USD", "$0" },
		{ 5, "USD", "$0.05" },
		{ 100, "USD", "$1" },
		{ 99999, "USD", "$999.99" },
		{ 100000, "USD", "$1,000" },
		{ 123456789, "USD", "$1,234,567.89" },
		{ AMOUNT_MAX_MINOR, "USD", "$1,000,000,000" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		memset(out, 'x', sizeof(out));
		amount_format(out, sizeof(out), cases[i].minor,
		    cases[i].currency);
		ck_assert_str_eq(out, cases[i].want);
	}
}
END_TEST

static const int64_t round_trip[] = {
	0,
	1,
	5,
	10,
	29,
	99,
	100,
	115,
	1999,
	90000,
	123456,
	1250000,
	1250050,
	100000001,
	AMOUNT_MAX_MINOR - 1,
	AMOUNT_MAX_MINOR,
};

/* What an input field is filled with parses back to the same value. */
START_TEST(format_plain_round_trip)
{
	char out[64];
	amount_format_plain(out, sizeof(out), 1250000);
	ck_assert_str_eq(out, "12500");
	amount_format_plain(out, sizeof(out), 1250050);
	ck_assert_str_eq(out, "12500.50");
	amount_format_plain(out, sizeof(out), 5);
	ck_assert_str_eq(out, "0.05");
	amount_format_plain(out, sizeof(out), 0);
	ck_assert_str_eq(out, "0");
	for (size_t i = 0; i < sizeof(round_trip) / sizeof(round_trip[0]);
	     i++) {
		amount_format_plain(out, sizeof(out), round_trip[i]);
		ck_assert_msg(parse_ok(out) == round_trip[i],
		    "%lld -> '%s' -> %lld", (long long)round_trip[i], out,
		    (long long)parse_ok(out));
	}
}
END_TEST

/* So does the display form, for the currencies with a symbol. */
START_TEST(format_display_round_trip)
{
	static const char *const currencies[] = { "USD", "EUR", "GBP" };
	char out[64];
	for (size_t c = 0; c < 3; c++)
		for (size_t i = 0;
		     i < sizeof(round_trip) / sizeof(round_trip[0]); i++) {
			amount_format(out, sizeof(out), round_trip[i],
			    currencies[c]);
			ck_assert_msg(parse_ok_in(out, currencies[c]) ==
			                  round_trip[i],
			    "%lld -> '%s'", (long long)round_trip[i], out);
		}
}
END_TEST

Suite *
suite_amount(void)
{
	Suite *s = suite_create("amount");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, parse_accepted);
	tcase_add_test(tc, parse_refused_forms);
	tcase_add_test(tc, parse_refusal_messages);
	tcase_add_test(tc, parse_limit);
	tcase_add_test(tc, parse_own_currency);
	tcase_add_test(tc, parse_foreign_currency);
	tcase_add_test(tc, sums_never_wrap);
	tcase_add_test(tc, parse_no_float_rounding);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, format_display);
	tcase_add_test(tc, format_plain_round_trip);
	tcase_add_test(tc, format_display_round_trip);
	tcase_add_test(tc, format_edges);
	suite_add_tcase(s, tc);
	return s;
}
