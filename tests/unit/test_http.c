/*
 * test_http.c - the request decoders in app/http.h: percent-decoding,
 * UTF-8 and text checks, urlencoded bodies, Cookie headers and paths.
 *
 * Careful with C hex escapes below: "\xE2\x82A" would be one escape
 * (0x82A), so a hex escape followed by a hex digit is split into two
 * string literals, as in "\xE2\x82" "A".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "unit.h"

/* Length of a string literal, embedded NULs included. */
#define LIT(s) (s), (sizeof(s) - 1)

/* --- http_pct_decode ------------------------------------------------ */

START_TEST(pct_decode_valid)
{
	char dst[64];
	ck_assert_int_eq(http_pct_decode(dst, LIT("a%20b%2fc%2F%41z"), false),
	    8);
	ck_assert_str_eq(dst, "a b/c/Az");
	ck_assert_int_eq(http_pct_decode(dst, LIT("plain"), false), 5);
	ck_assert_str_eq(dst, "plain");
	ck_assert_int_eq(http_pct_decode(dst, LIT(""), true), 0);
	ck_assert_str_eq(dst, "");
	/* Two-byte UTF-8 from two escapes. */
	ck_assert_int_eq(http_pct_decode(dst, LIT("%C3%a9"), false), 2);
	ck_assert_str_eq(dst, "\xC3\xA9");
}
END_TEST

START_TEST(pct_decode_plus)
{
	char dst[32];
	ck_assert_int_eq(http_pct_decode(dst, LIT("a+b+"), true), 4);
	ck_assert_str_eq(dst, "a b ");
	ck_assert_int_eq(http_pct_decode(dst, LIT("a+b+"), false), 4);
	ck_assert_str_eq(dst, "a+b+");
	/* An encoded plus is a plus in both modes. */
	ck_assert_int_eq(http_pct_decode(dst, LIT("%2B"), true), 1);
	ck_assert_str_eq(dst, "+");
	ck_assert_int_eq(http_pct_decode(dst, LIT("%2b"), false), 1);
	ck_assert_str_eq(dst, "+");
}
END_TEST

/* A '%' needs two hex digits after it, inside the given length. */
START_TEST(pct_decode_truncated)
{
	char dst[32];
	ck_assert_int_eq(http_pct_decode(dst, LIT("%4"), false), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("%"), false), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("abc%"), true), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("abc%4"), true), -1);
	/* The byte after n must not be read as the missing digit. */
	ck_assert_int_eq(http_pct_decode(dst, "%41", 2, false), -1);
}
END_TEST

START_TEST(pct_decode_bad_hex)
{
	char dst[32];
	ck_assert_int_eq(http_pct_decode(dst, LIT("%zz"), false), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("%g0"), false), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("%0g"), false), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("ok%+1"), true), -1);
	ck_assert_int_eq(http_pct_decode(dst, LIT("% 41"), false), -1);
}
END_TEST

/* %00 decodes to a real NUL; callers detect it by length vs strlen. */
START_TEST(pct_decode_nul)
{
	char dst[32];
	memset(dst, 'X', sizeof(dst));
	ck_assert_int_eq(http_pct_decode(dst, LIT("a%00b"), false), 3);
	ck_assert_mem_eq(dst, "a\0b\0", 4);
}
END_TEST

/* --- utf8_valid / text_valid --------------------------------------- */

START_TEST(utf8_ascii)
{
	ck_assert(utf8_valid(LIT("")));
	ck_assert(utf8_valid(LIT("hello, world ~")));
	/* NUL is well-formed UTF-8; text_valid is what refuses it. */
	ck_assert(utf8_valid(LIT("a\0b")));
}
END_TEST

START_TEST(utf8_multibyte)
{
	ck_assert(utf8_valid(LIT("\xC2\x80")));         /* U+0080 */
	ck_assert(utf8_valid(LIT("caf\xC3\xA9")));      /* é */
	ck_assert(utf8_valid(LIT("\xDF\xBF")));         /* U+07FF */
	ck_assert(utf8_valid(LIT("\xE0\xA0\x80")));     /* U+0800 */
	ck_assert(utf8_valid(LIT("\xE2\x82\xAC")));     /* € */
	ck_assert(utf8_valid(LIT("\xED\x9F\xBF")));     /* U+D7FF */
	ck_assert(utf8_valid(LIT("\xEE\x80\x80")));     /* U+E000 */
	ck_assert(utf8_valid(LIT("\xEF\xBF\xBF")));     /* U+FFFF */
	ck_assert(utf8_valid(LIT("\xF0\x90\x80\x80"))); /* U+10000 */
	ck_assert(utf8_valid(LIT("\xF0\x9F\x98\x80"))); /* emoji */
	ck_assert(utf8_valid(LIT("\xF4\x8F\xBF\xBF"))); /* U+10FFFF */
	ck_assert(utf8_valid(LIT("a\xC3\xA9"
	                         "b\xE2\x82\xAC"
	                         "c")));
}
END_TEST

START_TEST(utf8_overlong)
{
	ck_assert(!utf8_valid(LIT("\xC0\x80"))); /* NUL */
	ck_assert(!utf8_valid(LIT("\xC1\xBF")));
	ck_assert(!utf8_valid(LIT("\xE0\x80\x80")));
	ck_assert(!utf8_valid(LIT("\xE0\x9F\xBF"))); /* U+07FF */
	ck_assert(!utf8_valid(LIT("\xF0\x80\x80\x80")));
	ck_assert(!utf8_valid(LIT("\xF0\x8F\xBF\xBF"))); /* U+FFFF */
}
END_TEST

START_TEST(utf8_surrogates)
{
	ck_assert(!utf8_valid(LIT("\xED\xA0\x80")));             /* U+D800 */
	ck_assert(!utf8_valid(LIT("\xED\xBF\xBF")));             /* U+DFFF */
	ck_assert(!utf8_valid(LIT("\xED\xA0\xBD\xED\xB8\x80"))); /* CESU pair */
}
END_TEST

START_TEST(utf8_too_high)
{
	ck_assert(!utf8_valid(LIT("\xF4\x90\x80\x80"))); /* U+110000 */
	ck_assert(!utf8_valid(LIT("\xF5\x80\x80\x80")));
	ck_assert(!utf8_valid(LIT("\xF8\x88\x80\x80\x80")));
	ck_assert(!utf8_valid(LIT("\xFE")));
	ck_assert(!utf8_valid(LIT("\xFF")));
}
END_TEST

START_TEST(utf8_lone_continuation)
{
	ck_assert(!utf8_valid(LIT("\x80")));
	ck_assert(!utf8_valid(LIT("\xBF")));
	ck_assert(!utf8_valid(LIT("a\xBF"
	                          "b")));
	/* One continuation byte too many after a valid sequence. */
	ck_assert(!utf8_valid(LIT("\xC3\xA9\xA9")));
}
END_TEST

/* A sequence cut short, at the end or by a following ASCII byte; the
 * length argument, not a NUL, marks the end. */
START_TEST(utf8_truncated)
{
	ck_assert(!utf8_valid(LIT("\xC3")));
	ck_assert(!utf8_valid(LIT("\xE2\x82")));
	ck_assert(!utf8_valid(LIT("\xF0\x9F\x98")));
	ck_assert(!utf8_valid(LIT("\xE2\x82"
	                          "A")));
	ck_assert(!utf8_valid(LIT("\xF0\x9F"
	                          "AB")));
	ck_assert(!utf8_valid("\xE2\x82\xAC", 2));
	ck_assert(utf8_valid("\xE2\x82\xAC"
	                     "\xFF",
	    3));
}
END_TEST

START_TEST(text_allows_whitespace)
{
	ck_assert(text_valid(LIT("")));
	ck_assert(text_valid(LIT("a\tb\r\nc d")));
	ck_assert(text_valid(LIT("caf\xC3\xA9 \xE2\x82\xAC"
	                         "5")));
}
END_TEST

START_TEST(text_refuses_controls)
{
	ck_assert(!text_valid(LIT("\0")));
	ck_assert(!text_valid(LIT("a\0b")));
	ck_assert(!text_valid(LIT("\x01")));
	ck_assert(!text_valid(LIT("\x08"))); /* backspace */
	ck_assert(!text_valid(LIT("\x0B"))); /* VT */
	ck_assert(!text_valid(LIT("\x0C"))); /* FF */
	ck_assert(!text_valid(LIT("esc\x1B[0m")));
	ck_assert(!text_valid(LIT("\x1F")));
	ck_assert(!text_valid(LIT("del\x7F")));
	/* Each C0 byte other than tab, LF and CR, one at a time. */
	for (int c = 0; c < 0x20; c++) {
		char s[3] = { 'a', (char)c, 'b' };
		bool allowed = c == '\t' || c == '\n' || c == '\r';
		ck_assert_msg(text_valid(s, 3) == allowed, "byte 0x%02x", c);
	}
	/* And invalid UTF-8 is not text either. */
	ck_assert(!text_valid(LIT("\xC0\x80")));
}
END_TEST

/* --- http_parse_urlencoded ----------------------------------------- */

static struct arena A;

static void
arena_setup(void)
{
	memset(&A, 0, sizeof(A));
}

static void
arena_teardown(void)
{
	arena_free(&A);
}

static enum http_parse
parse(const char *s, struct kvlist *out)
{
	return http_parse_urlencoded(&A, s, strlen(s), out);
}

START_TEST(form_empty)
{
	struct kvlist l = { (struct kv *)1, 99 };
	ck_assert_int_eq(http_parse_urlencoded(&A, "", 0, &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(kv_get(&l, "a"));
}
END_TEST

START_TEST(form_simple)
{
	struct kvlist l;
	ck_assert_int_eq(parse("name=Ada+Lovelace&amount=12%2C5&note=a%26b%3Dc",
	                     &l),
	    HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.items[0].key, "name");
	ck_assert_str_eq(l.items[0].val, "Ada Lovelace");
	ck_assert_uint_eq(l.items[0].vlen, 12);
	ck_assert(l.items[0].valid);
	ck_assert_str_eq(kv_get(&l, "amount"), "12,5");
	ck_assert_str_eq(kv_get(&l, "note"), "a&b=c");
	/* Only the first '=' splits: the rest belongs to the value. */
	ck_assert_int_eq(parse("eq=a=b", &l), HTTP_PARSE_OK);
	ck_assert_str_eq(kv_get(&l, "eq"), "a=b");
	/* Names are decoded too. */
	ck_assert_int_eq(parse("first+name=x&%61b=y", &l), HTTP_PARSE_OK);
	ck_assert_str_eq(kv_get(&l, "first name"), "x");
	ck_assert_str_eq(kv_get(&l, "ab"), "y");
}
END_TEST

/* Repeated keys are all kept in order; kv_get gives the first. */
START_TEST(form_repeated_keys)
{
	struct kvlist l;
	ck_assert_int_eq(parse("tag=a&x=1&tag=b&tag=c", &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(kv_get(&l, "tag"), "a");
	ck_assert_str_eq(l.items[2].key, "tag");
	ck_assert_str_eq(l.items[2].val, "b");
	ck_assert_str_eq(l.items[3].val, "c");
}
END_TEST

START_TEST(form_key_without_equals)
{
	struct kvlist l;
	ck_assert_int_eq(parse("flag&a=1&empty=", &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.items[0].key, "flag");
	ck_assert_str_eq(l.items[0].val, "");
	ck_assert_uint_eq(l.items[0].vlen, 0);
	ck_assert(l.items[0].valid);
	ck_assert_str_eq(kv_get(&l, "empty"), "");
}
END_TEST

START_TEST(form_empty_pairs)
{
	struct kvlist l;
	ck_assert_int_eq(parse("&&a=1&&&b=2&", &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(kv_get(&l, "a"), "1");
	ck_assert_str_eq(kv_get(&l, "b"), "2");
	ck_assert_int_eq(parse("&&", &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 0);
	/* An empty name ("=x") is not a field. */
	ck_assert_int_eq(parse("=x&a=1", &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.items[0].key, "a");
}
END_TEST

/* A value that is not text is kept but flagged, so a handler can say
 * which field is wrong instead of failing the whole request. */
START_TEST(form_invalid_value_flagged)
{
	struct kvlist l;
	ck_assert_int_eq(parse("a=%FF&b=x%00y&c=%01&d=ok", &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 4);
	const struct kv *a = kv_find(&l, "a");
	ck_assert_ptr_nonnull(a);
	ck_assert(!a->valid);
	ck_assert_uint_eq(a->vlen, 1);
	const struct kv *b = kv_find(&l, "b");
	ck_assert_ptr_nonnull(b);
	ck_assert(!b->valid);
	ck_assert_uint_eq(b->vlen, 3);
	ck_assert_mem_eq(b->val, "x\0y", 3);
	ck_assert(!kv_find(&l, "c")->valid);
	ck_assert(kv_find(&l, "d")->valid);
}
END_TEST

/* Names that are not text are dropped, not reported. */
START_TEST(form_invalid_key_dropped)
{
	struct kvlist l;
	ck_assert_int_eq(parse("%FF=1&b=2&%00=3&x%0Ay=4&%C0%80=5", &l),
	    HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.items[0].key, "b");
	ck_assert_str_eq(l.items[1].key, "x\ny"); /* LF is text */
}
END_TEST

START_TEST(form_malformed)
{
	struct kvlist l;
	ck_assert_int_eq(parse("a=1&b=%zz", &l), HTTP_PARSE_MALFORMED);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(parse("a=%4", &l), HTTP_PARSE_MALFORMED);
	ck_assert_int_eq(parse("a=%", &l), HTTP_PARSE_MALFORMED);
	ck_assert_int_eq(parse("%zz=1", &l), HTTP_PARSE_MALFORMED);
	ck_assert_int_eq(parse("flag%", &l), HTTP_PARSE_MALFORMED);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* "f0=0&f1=1&..." with count fields. */
static char *
many_fields(int count)
{
	struct buf b = { 0 };
	for (int i = 0; i < count; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	return b.data;
}

START_TEST(form_field_limit)
{
	struct kvlist l;
	char *s = many_fields(HTTP_MAX_FIELDS);
	ck_assert_int_eq(parse(s, &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, HTTP_MAX_FIELDS);
	ck_assert_str_eq(kv_get(&l, "f255"), "255");
	free(s);

	s = many_fields(HTTP_MAX_FIELDS + 1);
	ck_assert_int_eq(parse(s, &l), HTTP_PARSE_TOO_LARGE);
	ck_assert_uint_eq(l.n, 0);
	free(s);
}
END_TEST

/* "v=" and count copies of unit. */
static char *
long_value(const char *unit, size_t count)
{
	struct buf b = { 0 };
	buf_puts(&b, "v=");
	for (size_t i = 0; i < count; i++)
		buf_puts(&b, unit);
	return b.data;
}

/* The limit is on decoded bytes: 8192 plain or %-encoded bytes pass,
 * one more fails either way. */
START_TEST(form_value_limit)
{
	struct kvlist l;
	char *s = long_value("a", HTTP_MAX_FIELD);
	ck_assert_int_eq(parse(s, &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.items[0].vlen, HTTP_MAX_FIELD);
	ck_assert_uint_eq(strlen(l.items[0].val), HTTP_MAX_FIELD);
	free(s);

	s = long_value("a", HTTP_MAX_FIELD + 1);
	ck_assert_int_eq(parse(s, &l), HTTP_PARSE_TOO_LARGE);
	ck_assert_uint_eq(l.n, 0);
	free(s);

	s = long_value("%41", HTTP_MAX_FIELD);
	ck_assert_int_eq(parse(s, &l), HTTP_PARSE_OK);
	ck_assert_uint_eq(l.items[0].vlen, HTTP_MAX_FIELD);
	ck_assert_int_eq(l.items[0].val[HTTP_MAX_FIELD - 1], 'A');
	free(s);

	s = long_value("%41", HTTP_MAX_FIELD + 1);
	ck_assert_int_eq(parse(s, &l), HTTP_PARSE_TOO_LARGE);
	free(s);
}
END_TEST

/* --- http_parse_cookies -------------------------------------------- */

START_TEST(cookies_simple)
{
	struct kvlist l;
	http_parse_cookies(&A, "a=1; b=two", &l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.items[0].key, "a");
	ck_assert_str_eq(l.items[0].val, "1");
	ck_assert_uint_eq(l.items[0].vlen, 1);
	ck_assert(l.items[0].valid);
	ck_assert_str_eq(kv_get(&l, "b"), "two");
}
END_TEST

START_TEST(cookies_spaces)
{
	struct kvlist l;
	http_parse_cookies(&A, "  a = 1 ;b=2  ;\tc=3;d=x y ", &l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(kv_get(&l, "a"), "1");
	ck_assert_str_eq(kv_get(&l, "b"), "2");
	ck_assert_str_eq(kv_get(&l, "c"), "3");
	ck_assert_str_eq(kv_get(&l, "d"), "x y"); /* inner space kept */
}
END_TEST

START_TEST(cookies_quoted_and_raw)
{
	struct kvlist l;
	http_parse_cookies(&A, "q=\"hello\"; e=\"\"; half=\"x; pct=%41; v=a=b",
	    &l);
	ck_assert_str_eq(kv_get(&l, "q"), "hello");
	ck_assert_uint_eq(kv_find(&l, "q")->vlen, 5);
	ck_assert_str_eq(kv_get(&l, "e"), "");
	ck_assert_str_eq(kv_get(&l, "half"), "\"x"); /* one quote: as is */
	ck_assert_str_eq(kv_get(&l, "pct"), "%41");  /* not decoded */
	ck_assert_str_eq(kv_get(&l, "v"), "a=b");
}
END_TEST

/* Browsers send cookies other sites set; bad pairs must only be
 * skipped, never stop the parse. */
START_TEST(cookies_malformed_skipped)
{
	struct kvlist l;
	http_parse_cookies(&A, "novalue; =x; ;; ok=1; bad=\x01; \xFF=2; last=z",
	    &l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.items[0].key, "ok");
	ck_assert_str_eq(l.items[1].key, "last");
	ck_assert_ptr_null(kv_find(&l, "novalue"));
	ck_assert_ptr_null(kv_find(&l, "bad"));
}
END_TEST

START_TEST(cookies_capped)
{
	struct kvlist l;
	struct buf b = { 0 };
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "c%d=%d; ", i, i);
	http_parse_cookies(&A, b.data, &l);
	buf_free(&b);
	ck_assert_uint_eq(l.n, HTTP_MAX_COOKIES);
	ck_assert_str_eq(l.items[0].key, "c0");
	ck_assert_str_eq(l.items[63].key, "c63");
	ck_assert_ptr_null(kv_find(&l, "c64"));
}
END_TEST

START_TEST(cookies_empty)
{
	struct kvlist l = { (struct kv *)1, 7 };
	http_parse_cookies(&A, NULL, &l);
	ck_assert_uint_eq(l.n, 0);
	l.n = 7;
	http_parse_cookies(&A, "", &l);
	ck_assert_uint_eq(l.n, 0);
	http_parse_cookies(&A, " ; ;  ", &l);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(kv_get(&l, "a"));
}
END_TEST

/* --- http_decode_path ---------------------------------------------- */

static const char *
path(const char *s)
{
	return http_decode_path(&A, s, strlen(s));
}

START_TEST(path_normal)
{
	ck_assert_str_eq(path("/"), "/");
	ck_assert_str_eq(path("/deals/12/edit"), "/deals/12/edit");
	ck_assert_str_eq(path("/a%20b"), "/a b");
	ck_assert_str_eq(path("/a+b"), "/a+b"); /* '+' is literal in paths */
	ck_assert_str_eq(path("/caf%C3%A9"), "/caf\xC3\xA9");
	/* Only n bytes are read. */
	ck_assert_str_eq(http_decode_path(&A, "/abc?x=1", 4), "/abc");
}
END_TEST

/* %2F becomes '/', so the router sees the decoded form. */
START_TEST(path_slash_decoded)
{
	ck_assert_str_eq(path("/a%2Fb"), "/a/b");
	ck_assert_str_eq(path("/a%2fb"), "/a/b");
}
END_TEST

START_TEST(path_must_start_with_slash)
{
	ck_assert_ptr_null(path(""));
	ck_assert_ptr_null(path("deals"));
	ck_assert_ptr_null(path("%2Fdeals"));
	ck_assert_ptr_null(path(" /deals"));
	ck_assert_ptr_null(path("http://x/"));
}
END_TEST

START_TEST(path_refuses_bad_bytes)
{
	ck_assert_ptr_null(path("/a%00b"));
	ck_assert_ptr_null(path("/%00"));
	ck_assert_ptr_null(path("/%FF"));
	ck_assert_ptr_null(path("/%C0%80"));
	ck_assert_ptr_null(path("/%ED%A0%80"));
	ck_assert_ptr_null(path("/\xC3"));
	ck_assert_ptr_null(path("/%zz"));
	ck_assert_ptr_null(path("/%4"));
	ck_assert_ptr_null(path("/%01"));
	ck_assert_ptr_null(path("/%7F"));
}
END_TEST

/* Line breaks (and tabs) in a path could split log lines or headers. */
START_TEST(path_refuses_newline)
{
	ck_assert_ptr_null(path("/a%0Ab"));
	ck_assert_ptr_null(path("/a%0Db"));
	ck_assert_ptr_null(path("/a\nb"));
	ck_assert_ptr_null(path("/a\r\nb"));
	ck_assert_ptr_null(path("/a%09b"));
}
END_TEST

/* --- kv_get / kv_find ---------------------------------------------- */

START_TEST(kv_lookup)
{
	struct kv items[] = {
		{ "a", "1", 1, true },
		{ "b", "x\0y", 3, false },
		{ "a", "2", 1, true },
	};
	struct kvlist l = { items, 3 };
	ck_assert_ptr_eq(kv_find(&l, "a"), &items[0]);
	ck_assert_str_eq(kv_get(&l, "a"), "1");
	/* kv_get returns invalid values too; kv_find shows the flag. */
	ck_assert_ptr_eq(kv_get(&l, "b"), items[1].val);
	ck_assert(!kv_find(&l, "b")->valid);
	ck_assert_ptr_null(kv_find(&l, "A")); /* names are case-sensitive */
	ck_assert_ptr_null(kv_get(&l, "c"));
	ck_assert_ptr_null(kv_get(&l, ""));

	struct kvlist empty = { NULL, 0 };
	ck_assert_ptr_null(kv_find(&empty, "a"));
	ck_assert_ptr_null(kv_get(&empty, "a"));
}
END_TEST

Suite *
suite_http(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("pct_decode");
	tcase_add_test(tc, pct_decode_valid);
	tcase_add_test(tc, pct_decode_plus);
	tcase_add_test(tc, pct_decode_truncated);
	tcase_add_test(tc, pct_decode_bad_hex);
	tcase_add_test(tc, pct_decode_nul);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_test(tc, utf8_ascii);
	tcase_add_test(tc, utf8_multibyte);
	tcase_add_test(tc, utf8_overlong);
	tcase_add_test(tc, utf8_surrogates);
	tcase_add_test(tc, utf8_too_high);
	tcase_add_test(tc, utf8_lone_continuation);
	tcase_add_test(tc, utf8_truncated);
	tcase_add_test(tc, text_allows_whitespace);
	tcase_add_test(tc, text_refuses_controls);
	suite_add_tcase(s, tc);

	tc = tcase_create("urlencoded");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, form_empty);
	tcase_add_test(tc, form_simple);
	tcase_add_test(tc, form_repeated_keys);
	tcase_add_test(tc, form_key_without_equals);
	tcase_add_test(tc, form_empty_pairs);
	tcase_add_test(tc, form_invalid_value_flagged);
	tcase_add_test(tc, form_invalid_key_dropped);
	tcase_add_test(tc, form_malformed);
	tcase_add_test(tc, form_field_limit);
	tcase_add_test(tc, form_value_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookies");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, cookies_simple);
	tcase_add_test(tc, cookies_spaces);
	tcase_add_test(tc, cookies_quoted_and_raw);
	tcase_add_test(tc, cookies_malformed_skipped);
	tcase_add_test(tc, cookies_capped);
	tcase_add_test(tc, cookies_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("path");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, path_normal);
	tcase_add_test(tc, path_slash_decoded);
	tcase_add_test(tc, path_must_start_with_slash);
	tcase_add_test(tc, path_refuses_bad_bytes);
	tcase_add_test(tc, path_refuses_newline);
	suite_add_tcase(s, tc);

	tc = tcase_create("kv");
	tcase_add_test(tc, kv_lookup);
	suite_add_tcase(s, tc);
	return s;
}
