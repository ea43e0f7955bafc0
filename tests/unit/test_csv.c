/*
 * test_csv.c - CSV fields (app/csv.h): RFC 4180 quoting, formula
 * neutralising, integers and the CRLF record end.  Every expected
 * output is spelled out byte for byte.
 *
 * Rules under test: a text field is quoted when it contains a comma, a
 * double quote, CR or LF, and quotes inside are doubled; a field that
 * starts with =, +, -, @, tab or CR is quoted with an apostrophe put
 * in front of it inside the quotes, so a spreadsheet shows it as text;
 * anything else (UTF-8 included) goes out as it is.
 */
#include <string.h>

#include "csv.h"
#include "unit.h"
#include "util.h"

static struct buf out;

/* One text field on its own (first = 1), as a string.  The buffer is
 * primed with "" so an empty field still gives a string. */
static const char *
field(const char *text)
{
	buf_free(&out);
	buf_puts(&out, "");
	csv_text(&out, text, 1);
	return out.data;
}

/* The same field after another one (first = 0): a leading comma. */
static const char *
later_field(const char *text)
{
	buf_free(&out);
	buf_puts(&out, "");
	csv_text(&out, text, 0);
	return out.data;
}

/* Plain text goes out unquoted, with a comma before it unless first. */
START_TEST(plain_unquoted)
{
	ck_assert_str_eq(field("Acme Ltd"), "Acme Ltd");
	ck_assert_str_eq(later_field("Acme Ltd"), ",Acme Ltd");
	ck_assert_str_eq(field("x"), "x");
	ck_assert_str_eq(field("it's fine; really"), "it's fine; really");
	/* The trigger characters are harmless after the first byte. */
	ck_assert_str_eq(field("a=b+c-d@e"), "a=b+c-d@e");
	ck_assert_str_eq(field("5-3"), "5-3");
	ck_assert_str_eq(field("tab\tinside"), "tab\tinside");
	ck_assert_str_eq(field(" =leading space"), " =leading space");
	buf_free(&out);
}
END_TEST

/* The empty text is an empty field: nothing, or just the comma. */
START_TEST(empty_text)
{
	ck_assert_str_eq(field(""), "");
	ck_assert_int_eq(out.len, 0);
	ck_assert_str_eq(later_field(""), ",");
	ck_assert_int_eq(out.len, 1);
	buf_free(&out);
}
END_TEST

/*
 * Quoting:
 *   a,b            -> "a,b"
 *   say "hi"       -> "say ""hi"""
 *   "              -> """"          (one quote: doubled, then wrapped)
 *   line1 LF line2 -> "line1 LF line2"
 *   line1 CR LF x  -> "line1 CR LF x"
 *   a CR b         -> "a CR b"
 *   x,"y"          -> "x,""y"""
 */
START_TEST(special_quoted)
{
	ck_assert_str_eq(field("a,b"), "\"a,b\"");
	ck_assert_str_eq(later_field("a,b"), ",\"a,b\"");
	ck_assert_str_eq(field("say \"hi\""), "\"say \"\"hi\"\"\"");
	ck_assert_str_eq(field("\""), "\"\"\"\"");
	ck_assert_str_eq(field("line1\nline2"), "\"line1\nline2\"");
	ck_assert_str_eq(field("line1\r\nx"), "\"line1\r\nx\"");
	ck_assert_str_eq(field("a\rb"), "\"a\rb\"");
	ck_assert_str_eq(field("x,\"y\""), "\"x,\"\"y\"\"\"");
	ck_assert_str_eq(field("trailing,"), "\"trailing,\"");
	buf_free(&out);
}
END_TEST

/*
 * Formula neutralising: quote, apostrophe, the text, quote.
 *   =cmd()      -> "'=cmd()"
 *   +1          -> "'+1"
 *   -5          -> "'-5"
 *   @SUM(A1)    -> "'@SUM(A1)"
 *   TAB x       -> "'TAB x"
 *   CR x        -> "'CR x"
 *   =A1&"x"     -> "'=A1&""x"""   (the quotes still doubled)
 *   =1,2        -> "'=1,2"        (quoted once, not twice)
 *   -           -> "'-"
 */
START_TEST(formula_neutralised)
{
	ck_assert_str_eq(field("=cmd()"), "\"'=cmd()\"");
	ck_assert_str_eq(field("+1"), "\"'+1\"");
	ck_assert_str_eq(field("-5"), "\"'-5\"");
	ck_assert_str_eq(field("@SUM(A1)"), "\"'@SUM(A1)\"");
	ck_assert_str_eq(field("\tx"), "\"'\tx\"");
	ck_assert_str_eq(field("\rx"), "\"'\rx\"");
	ck_assert_str_eq(field("=A1&\"x\""), "\"'=A1&\"\"x\"\"\"");
	ck_assert_str_eq(field("=1,2"), "\"'=1,2\"");
	ck_assert_str_eq(field("-"), "\"'-\"");
	ck_assert_str_eq(later_field("=HYPERLINK(\"http://x\")"),
	    ",\"'=HYPERLINK(\"\"http://x\"\")\"");
	buf_free(&out);
}
END_TEST

/* UTF-8 passes through byte for byte. */
START_TEST(utf8_unchanged)
{
	ck_assert_str_eq(field("Inès Moreau"), "Inès Moreau");
	ck_assert_str_eq(field("東京"), "東京");
	ck_assert_int_eq(out.len, 6);
	ck_assert_str_eq(field("Zoë, Ltd"), "\"Zoë, Ltd\"");
	ck_assert_str_eq(later_field("Ünïcödé"), ",Ünïcödé");
	buf_free(&out);
}
END_TEST

/* Integers: plain digits, a minus sign for negatives (a number, not a
 * formula), a leading comma unless first. */
START_TEST(integers)
{
	buf_free(&out);
	buf_puts(&out, "");
	csv_int(&out, 42, 1);
	ck_assert_str_eq(out.data, "42");
	csv_int(&out, 0, 0);
	csv_int(&out, -7, 0);
	csv_int(&out, INT64_MAX, 0);
	csv_int(&out, INT64_MIN, 0);
	ck_assert_str_eq(out.data, "42,0,-7,9223372036854775807,"
	                           "-9223372036854775808");
	buf_free(&out);
}
END_TEST

/*
 * A whole record, as the deals export writes one, then a second:
 *   17,Inès Moreau,"=cmd()","a,b","say ""hi""",120000 CRLF
 *   18,東京,"'-5",,"'@SUM(A1)" CRLF
 * (with the apostrophes inside the quotes of the neutralised cells).
 */
START_TEST(full_record)
{
	static const char want[] =
	    "17,Inès Moreau,\"'=cmd()\",\"a,b\",\"say \"\"hi\"\"\",120000\r\n"
	    "18,東京,\"'-5\",,\"'@SUM(A1)\"\r\n";
	struct buf b = { 0 };
	csv_int(&b, 17, 1);
	csv_text(&b, "Inès Moreau", 0);
	csv_text(&b, "=cmd()", 0);
	csv_text(&b, "a,b", 0);
	csv_text(&b, "say \"hi\"", 0);
	csv_int(&b, 120000, 0);
	csv_end(&b);
	csv_int(&b, 18, 1);
	csv_text(&b, "東京", 0);
	csv_text(&b, "-5", 0);
	csv_text(&b, "", 0);
	csv_text(&b, "@SUM(A1)", 0);
	csv_end(&b);
	ck_assert_uint_eq(b.len, sizeof(want) - 1);
	ck_assert(memcmp(b.data, want, b.len) == 0);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
}
END_TEST

/* The record end is exactly CR LF, nothing else. */
START_TEST(record_end)
{
	struct buf b = { 0 };
	csv_end(&b);
	ck_assert_uint_eq(b.len, 2);
	ck_assert_str_eq(b.data, "\r\n");
	csv_text(&b, "x", 1);
	csv_end(&b);
	ck_assert_str_eq(b.data, "\r\nx\r\n");
	buf_free(&b);
}
END_TEST

Suite *
suite_csv(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("fields");
	tcase_add_test(tc, plain_unquoted);
	tcase_add_test(tc, empty_text);
	tcase_add_test(tc, special_quoted);
	tcase_add_test(tc, formula_neutralised);
	tcase_add_test(tc, utf8_unchanged);
	tcase_add_test(tc, integers);
	suite_add_tcase(s, tc);

	tc = tcase_create("records");
	tcase_add_test(tc, full_record);
	tcase_add_test(tc, record_end);
	suite_add_tcase(s, tc);
	return s;
}
