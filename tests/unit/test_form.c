/*
 * test_form.c - declared form inputs (app/form.h): the common
 * validators, character counting, and form_read()/form_fail() on a
 * request built by hand from an urlencoded body.
 */
#include <string.h>

#include "form.h"
#include "http.h"
#include "req.h"
#include "unit.h"

/* --- validators ------------------------------------------------------ */

START_TEST(email_accepted)
{
	static const char *const ok[] = {
		"a@b.co",
		"A@B.CO",
		"first.last+tag@example.co.uk",
		"x_y-z@sub.example.com",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(valid_email(ok[i]) == NULL, "'%s' refused",
		    ok[i]);
}
END_TEST

START_TEST(email_refused)
{
	static const char *const bad[] = {
		"",
		"ab",
		"@b.co",
		"a@b",
		"a@@b.co",
		"a@b@c.co",
		"a b@c.co",
		"a@b.co.",
		"<a>@b.co",
		"<a@b.co",
		"a@b.co>",
		"a@.co",
		"a@b .co",
		"a\t@b.co",
		"a@b.co\n",
		"a@",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = valid_email(bad[i]);
		ck_assert_msg(msg != NULL && *msg, "'%s' accepted", bad[i]);
	}
}
END_TEST

START_TEST(role_names)
{
	ck_assert_ptr_null(valid_role("rep"));
	ck_assert_ptr_null(valid_role("manager"));
	ck_assert_ptr_null(valid_role("admin"));
	static const char *const bad[] = {
		"",
		"Rep",
		"ADMIN",
		"root",
		"rep ",
		" admin",
		"none",
		"rep,admin",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(valid_role(bad[i]) != NULL, "'%s' accepted",
		    bad[i]);
}
END_TEST

START_TEST(id_or_empty)
{
	ck_assert_ptr_null(valid_id_or_empty(""));
	ck_assert_ptr_null(valid_id_or_empty("123"));
	ck_assert_ptr_null(valid_id_or_empty("7"));
	ck_assert_ptr_null(valid_id_or_empty("123456789012345678")); /* 18 */
	static const char *const bad[] = {
		"-1", "1a", "a1", " 1", "1 ", "1.0", "+1", "0x1f",
		"1234567890123456789", /* 19 digits */
		"12345678901234567890123",
		"\xef\xbc\x91", /* a fullwidth digit one */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(valid_id_or_empty(bad[i]) != NULL,
		    "'%s' accepted", bad[i]);
}
END_TEST

START_TEST(counting_chars)
{
	ck_assert_uint_eq(utf8_chars("", 0), 0);
	ck_assert_uint_eq(utf8_chars("abc", 3), 3);
	ck_assert_uint_eq(utf8_chars("abc", 2), 2);
	ck_assert_uint_eq(utf8_chars("h\xc3\xa9llo", 6), 5);     /* héllo */
	ck_assert_uint_eq(utf8_chars("\xe2\x82\xac", 3), 1);     /* € */
	ck_assert_uint_eq(utf8_chars("\xf0\x9f\x98\x80", 4), 1); /* 😀 */
	ck_assert_uint_eq(utf8_chars("a\xe2\x82\xac\xf0\x9f\x98\x80z", 9), 4);
	/* n, not the terminator, bounds the count. */
	ck_assert_uint_eq(utf8_chars("a\0b", 3), 3);
}
END_TEST

/* --- form_read ------------------------------------------------------- */

static struct req R;
static int note_checks;    /* calls to check_note */
static char note_seen[64]; /* the value it last saw */

static const char *
check_note(const char *v)
{
	note_checks++;
	strncpy(note_seen, v, sizeof(note_seen) - 1);
	return strcmp(v, "bad") == 0 ? "Not that." : NULL;
}

static const struct field fields[] = {
	{ "name", "Name", 3, true, NULL },
	{ "email", "Email", 254, false, valid_email },
	{ "note", "Note", 10, false, check_note },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static void
req_setup(void)
{
	memset(&R, 0, sizeof(R));
	note_checks = 0;
	note_seen[0] = '\0';
}

static void
req_teardown(void)
{
	arena_free(&R.arena);
}

/* form_read on the urlencoded body. */
static void
read_body(struct form *f, const char *body)
{
	R.form.items = NULL;
	R.form.n = 0;
	ck_assert_int_eq(http_parse_urlencoded(&R.arena, body, strlen(body),
	                     &R.form),
	    HTTP_PARSE_OK);
	form_read(f, &R, fields, NFIELDS);
}

START_TEST(read_all_good)
{
	struct form f;
	read_body(&f, "name=Ada&email=a%40b.co&note=hi");
	ck_assert_int_eq(f.errors, 0);
	ck_assert_uint_eq(f.n, NFIELDS);
	ck_assert_ptr_eq(f.fields, fields);
	ck_assert_str_eq(form_value(&f, "name"), "Ada");
	ck_assert_str_eq(form_value(&f, "email"), "a@b.co");
	ck_assert_str_eq(form_value(&f, "note"), "hi");
	ck_assert_uint_eq(f.len[0], 3);
	for (size_t i = 0; i < NFIELDS; i++)
		ck_assert_ptr_null(f.error[i]);
}
END_TEST

START_TEST(read_required_missing)
{
	struct form f;
	read_body(&f, "email=a%40b.co");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[0], "This is required.");
	ck_assert_str_eq(form_value(&f, "name"), "");
	ck_assert_uint_eq(f.len[0], 0);
	ck_assert_ptr_null(f.error[1]);

	/* Present but empty is missing too; optional empties are fine. */
	read_body(&f, "name=&email=&note=");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[0], "This is required.");
	ck_assert_ptr_null(f.error[1]);
	ck_assert_ptr_null(f.error[2]);
}
END_TEST

/* Limits are in characters, so a name in any script gets the same
 * room: three 2-byte characters fit max_chars 3, a fourth does not. */
START_TEST(read_length_in_chars)
{
	struct form f;
	read_body(&f, "name=%C3%A9%C3%A9%C3%A9");
	ck_assert_int_eq(f.errors, 0);
	ck_assert_uint_eq(f.len[0], 6);
	ck_assert_str_eq(form_value(&f, "name"), "\xc3\xa9\xc3\xa9\xc3\xa9");

	read_body(&f, "name=%E2%82%AC%F0%9F%98%80x"); /* €😀x */
	ck_assert_int_eq(f.errors, 0);

	read_body(&f, "name=%C3%A9%C3%A9%C3%A9%C3%A9");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[0],
	    "This is too long: at most 3 characters (this has 4).");
	/* What was typed comes back, to be corrected. */
	ck_assert_str_eq(form_value(&f, "name"),
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");

	read_body(&f, "name=abcd");
	ck_assert_str_eq(f.error[0],
	    "This is too long: at most 3 characters (this has 4).");
	read_body(&f, "name=abc&note=0123456789");
	ck_assert_int_eq(f.errors, 0);
	read_body(&f, "name=abc&note=0123456789x");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[2],
	    "This is too long: at most 10 characters (this has 11).");
}
END_TEST

/* A value that is not valid text is an error, but it is kept, so the
 * form can be shown again (escaped) rather than silently emptied. */
START_TEST(read_invalid_utf8_kept)
{
	struct form f;
	read_body(&f, "name=a%FFb");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_ptr_nonnull(f.error[0]);
	ck_assert_ptr_nonnull(strstr(f.error[0], "cannot be saved"));
	ck_assert_str_eq(form_value(&f, "name"), "a\xff"
	                                         "b");
	ck_assert_uint_eq(f.len[0], 3);

	/* A NUL is invalid too, and the length still counts it. */
	read_body(&f, "name=a%00b&note=%C3%28");
	ck_assert_int_eq(f.errors, 2);
	ck_assert_uint_eq(f.len[0], 3);
	ck_assert_int_eq(memcmp(form_value(&f, "name"), "a\0b", 3), 0);
	ck_assert_ptr_nonnull(f.error[2]);
	/* The validator never sees bytes that are not text. */
	ck_assert_int_eq(note_checks, 0);
}
END_TEST

/* Only the table's fields are read: extra fields (a forged "role" or
 * "owner_id") never reach the handler. */
START_TEST(read_ignores_undeclared)
{
	struct form f;
	read_body(&f, "owner_id=1&name=Al&role=admin&is_admin=1&note=ok");
	ck_assert_int_eq(f.errors, 0);
	ck_assert_uint_eq(f.n, NFIELDS);
	ck_assert_str_eq(form_value(&f, "owner_id"), "");
	ck_assert_str_eq(form_value(&f, "role"), "");
	ck_assert_str_eq(form_value(&f, "is_admin"), "");
	ck_assert_str_eq(form_value(&f, "name"), "Al");
	ck_assert_str_eq(form_value(&f, "email"), "");
	ck_assert_str_eq(form_value(&f, "note"), "ok");
	for (size_t i = 0; i < NFIELDS; i++)
		ck_assert(strcmp(f.value[i], "admin") != 0 &&
		          strcmp(f.value[i], "1") != 0);
}
END_TEST

START_TEST(read_validator_only_when_filled)
{
	struct form f;
	read_body(&f, "name=Al");
	ck_assert_int_eq(note_checks, 0);
	read_body(&f, "name=Al&note=");
	ck_assert_int_eq(note_checks, 0);
	ck_assert_int_eq(f.errors, 0);

	read_body(&f, "name=Al&note=fine");
	ck_assert_int_eq(note_checks, 1);
	ck_assert_str_eq(note_seen, "fine");
	ck_assert_int_eq(f.errors, 0);

	read_body(&f, "name=Al&note=bad");
	ck_assert_int_eq(note_checks, 2);
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[2], "Not that.");

	/* A table validator's message is the field's error. */
	read_body(&f, "name=Al&email=not-an-email");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[1], valid_email("not-an-email"));

	/* Every wrong field counts once. */
	read_body(&f, "email=x&note=bad");
	ck_assert_int_eq(f.errors, 3);
}
END_TEST

/* Only the first FORM_MAX_FIELDS entries of a table are read. */
START_TEST(read_field_limit)
{
	static struct field many[FORM_MAX_FIELDS + 2];
	static char names[FORM_MAX_FIELDS + 2][8];
	for (size_t i = 0; i < FORM_MAX_FIELDS + 2; i++) {
		names[i][0] = 'f';
		names[i][1] = (char)('a' + i);
		names[i][2] = '\0';
		many[i].name = names[i];
		many[i].label = names[i];
		many[i].max_chars = 5;
	}
	const char *body = "fa=1&fp=3&fq=4&fr=2";
	ck_assert_int_eq(http_parse_urlencoded(&R.arena, body, strlen(body),
	                     &R.form),
	    HTTP_PARSE_OK);
	struct form f;
	form_read(&f, &R, many, FORM_MAX_FIELDS + 2);
	ck_assert_uint_eq(f.n, FORM_MAX_FIELDS);
	ck_assert_str_eq(form_value(&f, "fa"), "1");
	ck_assert_str_eq(form_value(&f, "fp"), "3"); /* index 15, last read */
	ck_assert_str_eq(form_value(&f, "fq"), "");  /* index 16 */
	ck_assert_str_eq(form_value(&f, "fr"), "");
}
END_TEST

/* --- form_fail ------------------------------------------------------- */

START_TEST(fail_counts_a_field_once)
{
	struct form f;
	read_body(&f, "name=Al&email=a%40b.co");
	ck_assert_int_eq(f.errors, 0);

	form_fail(&f, "email", "That email is taken.");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[1], "That email is taken.");

	/* Failing the same field again replaces the message only. */
	form_fail(&f, "email", "Still taken.");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[1], "Still taken.");

	form_fail(&f, "name", "Pick another.");
	ck_assert_int_eq(f.errors, 2);
	ck_assert_str_eq(f.error[0], "Pick another.");
	ck_assert_ptr_null(f.error[2]);

	/* An unknown field changes nothing. */
	form_fail(&f, "nope", "x");
	ck_assert_int_eq(f.errors, 2);

	/* A field already wrong from form_read is not counted twice. */
	read_body(&f, "email=a%40b.co");
	ck_assert_int_eq(f.errors, 1);
	form_fail(&f, "name", "Other.");
	ck_assert_int_eq(f.errors, 1);
	ck_assert_str_eq(f.error[0], "Other.");
}
END_TEST

Suite *
suite_form(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("validators");
	tcase_add_test(tc, email_accepted);
	tcase_add_test(tc, email_refused);
	tcase_add_test(tc, role_names);
	tcase_add_test(tc, id_or_empty);
	tcase_add_test(tc, counting_chars);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, req_setup, req_teardown);
	tcase_add_test(tc, read_all_good);
	tcase_add_test(tc, read_required_missing);
	tcase_add_test(tc, read_length_in_chars);
	tcase_add_test(tc, read_invalid_utf8_kept);
	tcase_add_test(tc, read_ignores_undeclared);
	tcase_add_test(tc, read_validator_only_when_filled);
	tcase_add_test(tc, read_field_limit);
	tcase_add_test(tc, fail_counts_a_field_once);
	suite_add_tcase(s, tc);
	return s;
}
