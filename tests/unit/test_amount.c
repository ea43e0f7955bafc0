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

/* Parses text, failing the test with the message if it is refused. */
static int64_t
parse_ok(const char *text)
{
	int64_t minor = -1;
	const char *msg = amount_parse(text, &minor);
	ck_assert_msg(msg == NULL, "'%s' refused: %s", text, msg ? msg : "");
	return minor;
}

/* Parses text expecting a refusal; returns the message. */
static const char *
parse_refused(const char *text)
{
	int64_t minor = -1;
	const char *msg = amount_parse(text, &minor);
	ck_assert_msg(msg != NULL, "'%s' accepted as %lld", text,
	    (long long)minor);
	ck_assert_msg(*msg != '\0', "'%s' refused with an empty message", text);
	return msg;
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
	{ "€900", INT64_C(90000) },
	{ "£1,000.25", INT64_C(100025) },
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
		ck_assert_msg(got == accepted[i].minor, "'%s' -> %lld, want %lld",
		    accepted[i].text, (long long)got,
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
	"1,000 000",   /* two kinds of separator */
	"12  500",     /* a double space is not a separator */
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
	"12500$",
	"1234567890123456",  /* 16 digits */
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
	ck_assert_ptr_nonnull(strstr(parse_refused("1.234567k"),
	    "two decimal"));
	ck_assert_ptr_nonnull(strstr(parse_refused("1234567890123456"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("abc"), "12,500"));
	ck_assert_ptr_nonnull(strstr(parse_refused(""), "12,500"));
}
END_TEST

/* AMOUNT_MAX_MINOR (100 billion) itself is accepted in every spelling
 * that reaches it; one cent more is refused. */
START_TEST(parse_limit)
{
	ck_assert(parse_ok("100000000000") == AMOUNT_MAX_MINOR);
	ck_assert(parse_ok("100,000,000,000.00") == AMOUNT_MAX_MINOR);
	ck_assert(parse_ok("100000m") == AMOUNT_MAX_MINOR);
	ck_assert(parse_ok("99999999999.99") == AMOUNT_MAX_MINOR - 1);
	ck_assert_ptr_nonnull(strstr(parse_refused("100000000000.01"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("100000000001"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("100000.01m"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("999999999999999m"),
	    "too large"));
	/* Long digit strings are refused, never wrapped around. */
	ck_assert_ptr_nonnull(strstr(parse_refused("999999999999999"),
	    "too large"));
	ck_assert_ptr_nonnull(strstr(parse_refused("9999999999999999999999"),
	    "too large"));
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
	ck_assert_ptr_nonnull(strstr(parse_refused("1.000001k"),
	    "two decimal"));
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
		{ AMOUNT_MAX_MINOR, "USD", "$100,000,000,000" },
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
	0, 1, 5, 10, 29, 99, 100, 115, 1999, 90000, 123456, 1250000, 1250050,
	100000001, AMOUNT_MAX_MINOR - 1, AMOUNT_MAX_MINOR,
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
			ck_assert_msg(parse_ok(out) == round_trip[i],
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
	tcase_add_test(tc, parse_no_float_rounding);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, format_display);
	tcase_add_test(tc, format_plain_round_trip);
	tcase_add_test(tc, format_display_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
