/*
 * test_auth.c - password hashing and policy, session tokens and CSRF
 * values (app/auth.h).
 *
 * Argon2id at INTERACTIVE limits costs ~0.1-0.2 s per hash or verify,
 * so only a handful are computed, and the tcases get long timeouts.
 * auth_init() (which makes one more hash, the dummy) runs once per
 * tcase in the runner process; the forked tests inherit its state.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "unit.h"

static void
init_once(void)
{
	ck_assert_int_eq(auth_init(), 0);
}

static bool
urlsafe(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_") == strlen(s);
}

/* --- passwords ------------------------------------------------------ */

/* Two hashes of one password differ (random salt) and both verify. */
START_TEST(hash_and_verify)
{
	char h1[PASSWORD_HASH_SIZE], h2[PASSWORD_HASH_SIZE];
	ck_assert_int_eq(auth_hash_password("correct horse battery", h1), 0);
	ck_assert_int_eq(strncmp(h1, "$argon2id$", 10), 0);
	ck_assert(auth_verify_password(h1, "correct horse battery"));
	ck_assert(!auth_verify_password(h1, "correct horse batterY"));
	ck_assert(!auth_verify_password(h1, ""));

	ck_assert_int_eq(auth_hash_password("correct horse battery", h2), 0);
	ck_assert_str_ne(h1, h2);
	ck_assert(auth_verify_password(h2, "correct horse battery"));
}
END_TEST

START_TEST(verify_garbage_hash)
{
	ck_assert(!auth_verify_password("", "whatever password"));
	ck_assert(!auth_verify_password("not a hash", "not a hash"));
	ck_assert(!auth_verify_password("$argon2id$v=19$m=1,t=1,p=1$x$y",
	    "whatever password"));
}
END_TEST

/* A hash made with weaker limits still verifies but asks for a
 * rehash; one made today does not. */
START_TEST(needs_rehash)
{
	char fresh[PASSWORD_HASH_SIZE], weak[PASSWORD_HASH_SIZE];
	ck_assert_int_eq(auth_hash_password("password one two", fresh), 0);
	ck_assert(!auth_needs_rehash(fresh));

	const char *pw = "password three";
	ck_assert_int_eq(crypto_pwhash_str(weak, pw, strlen(pw),
	                     crypto_pwhash_OPSLIMIT_MIN,
	                     crypto_pwhash_MEMLIMIT_MIN),
	    0);
	ck_assert(auth_verify_password(weak, pw));
	ck_assert(auth_needs_rehash(weak));
	ck_assert(auth_needs_rehash("not a hash"));
}
END_TEST

static char *
repeat(const char *unit, int count)
{
	size_t n = strlen(unit);
	char *s = malloc(n * (size_t)count + 1);
	ck_assert_ptr_nonnull(s);
	for (int i = 0; i < count; i++)
		memcpy(s + n * (size_t)i, unit, n);
	s[n * (size_t)count] = '\0';
	return s;
}

/* Returns auth_password_problem(count copies of unit) == NULL. */
static bool
acceptable(const char *unit, int count)
{
	char *s = repeat(unit, count);
	bool ok = auth_password_problem(s) == NULL;
	free(s);
	return ok;
}

START_TEST(password_length)
{
	ck_assert(!acceptable("", 1));
	ck_assert(!acceptable("a", 9));
	ck_assert(acceptable("a", 10));
	ck_assert_ptr_nonnull(auth_password_problem("123456789"));
	ck_assert_ptr_null(auth_password_problem("1234567890"));
	ck_assert_ptr_null(auth_password_problem("pass word\twith spaces"));
}
END_TEST

/* The minimum counts characters, not bytes: nine two-byte or four-byte
 * characters are too short however many bytes they take. */
START_TEST(password_counts_characters)
{
	ck_assert(!acceptable("\xC3\xA9", 9)); /* 18 bytes */
	ck_assert(acceptable("\xC3\xA9", 10));
	ck_assert(!acceptable("\xE2\x82\xAC", 9)); /* 27 bytes */
	ck_assert(acceptable("\xE2\x82\xAC", 10));
	ck_assert(!acceptable("\xF0\x9F\x98\x80", 9)); /* 36 bytes */
	ck_assert(acceptable("\xF0\x9F\x98\x80", 10));
	ck_assert_ptr_null(
	    auth_password_problem("abcdefgh\xC3\xA9\xE2\x82\xAC"));
}
END_TEST

/* The maximum is in bytes: 1024 pass, 1025 do not. */
START_TEST(password_too_long)
{
	ck_assert(acceptable("a", PASSWORD_MAX));
	ck_assert(!acceptable("a", PASSWORD_MAX + 1));
	ck_assert(acceptable("\xC3\xA9", PASSWORD_MAX / 2));
	ck_assert(!acceptable("\xC3\xA9", PASSWORD_MAX / 2 + 1));
	ck_assert(!acceptable("a", 100000));
}
END_TEST

START_TEST(password_invalid_text)
{
	ck_assert_ptr_nonnull(auth_password_problem("abcdefghij\xFF"));
	ck_assert_ptr_nonnull(auth_password_problem("abcdefghij\xC0\x80"));
	ck_assert_ptr_nonnull(auth_password_problem("abcdefghij\xED\xA0\x80"));
	ck_assert_ptr_nonnull(auth_password_problem("abcdefghij\xC3"));
	ck_assert_ptr_nonnull(auth_password_problem("abcdefghij\x01"));
	ck_assert_ptr_nonnull(auth_password_problem("abcdefghij\x7F"));
}
END_TEST

/* --- tokens --------------------------------------------------------- */

START_TEST(token_shape)
{
	char a[TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE];
	token_new(a);
	token_new(b);
	ck_assert_uint_eq(strlen(a), TOKEN_TEXT_LEN);
	ck_assert_uint_eq(strlen(b), TOKEN_TEXT_LEN);
	ck_assert_msg(urlsafe(a), "token '%s' is not URL-safe", a);
	ck_assert_msg(urlsafe(b), "token '%s' is not URL-safe", b);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(token_hash_deterministic)
{
	char t[TOKEN_TEXT_SIZE], u[TOKEN_TEXT_SIZE];
	unsigned char h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN];
	unsigned char h3[TOKEN_HASH_LEN], direct[TOKEN_HASH_LEN];
	token_new(t);
	token_new(u);
	ck_assert_int_eq(token_hash(t, h1), 0);
	ck_assert_int_eq(token_hash(t, h2), 0);
	ck_assert_mem_eq(h1, h2, TOKEN_HASH_LEN);
	ck_assert_int_eq(token_hash(u, h3), 0);
	ck_assert(memcmp(h1, h3, TOKEN_HASH_LEN) != 0);
	/* The stored form is the plain BLAKE2b hash of the token text:
	 * changing it would sign every user out. */
	crypto_generichash(direct, sizeof(direct), (const unsigned char *)t,
	    TOKEN_TEXT_LEN, NULL, 0);
	ck_assert_mem_eq(h1, direct, TOKEN_HASH_LEN);
}
END_TEST

START_TEST(token_hash_refuses)
{
	unsigned char h[TOKEN_HASH_LEN];
	char t[TOKEN_TEXT_SIZE + 1];
	token_new(t);
	char bad[TOKEN_TEXT_SIZE + 1];

	ck_assert_int_eq(token_hash(NULL, h), -1);
	ck_assert_int_eq(token_hash("", h), -1);
	memcpy(bad, t, TOKEN_TEXT_SIZE);
	bad[TOKEN_TEXT_LEN - 1] = '\0'; /* 42 chars */
	ck_assert_int_eq(token_hash(bad, h), -1);
	memcpy(bad, t, TOKEN_TEXT_LEN);
	bad[TOKEN_TEXT_LEN] = 'A';
	bad[TOKEN_TEXT_LEN + 1] = '\0'; /* 44 chars */
	ck_assert_int_eq(token_hash(bad, h), -1);

	/* Right length, wrong alphabet: standard base64, padding, space. */
	static const char wrong[] = { '+', '/', '=', ' ', '.', '\n', '\x80' };
	for (size_t i = 0; i < sizeof(wrong); i++) {
		memcpy(bad, t, TOKEN_TEXT_SIZE);
		bad[i * 5] = wrong[i];
		ck_assert_msg(token_hash(bad, h) == -1, "accepted byte 0x%02x",
		    (unsigned char)wrong[i]);
	}
	ck_assert_int_eq(token_hash(t, h), 0);
}
END_TEST

/* --- CSRF ----------------------------------------------------------- */

START_TEST(csrf_right_value)
{
	char t[TOKEN_TEXT_SIZE], v[TOKEN_TEXT_SIZE], again[TOKEN_TEXT_SIZE];
	token_new(t);
	csrf_for(t, v);
	ck_assert_uint_eq(strlen(v), TOKEN_TEXT_LEN);
	ck_assert(urlsafe(v));
	ck_assert_str_ne(v, t);
	csrf_for(t, again);
	ck_assert_str_eq(v, again);
	ck_assert(csrf_ok(t, v));
}
END_TEST

/* Every single-character change is refused, not just some. */
START_TEST(csrf_changed_char)
{
	char t[TOKEN_TEXT_SIZE], v[TOKEN_TEXT_SIZE];
	token_new(t);
	csrf_for(t, v);
	for (int i = 0; i < TOKEN_TEXT_LEN; i++) {
		char w[TOKEN_TEXT_SIZE];
		memcpy(w, v, sizeof(w));
		w[i] = w[i] == 'A' ? 'B' : 'A';
		ck_assert_msg(!csrf_ok(t, w), "changed char %d accepted", i);
	}
	ck_assert(!csrf_ok(t, t)); /* the token itself is not its CSRF value */
}
END_TEST

START_TEST(csrf_other_token)
{
	char t[TOKEN_TEXT_SIZE], u[TOKEN_TEXT_SIZE];
	char vt[TOKEN_TEXT_SIZE], vu[TOKEN_TEXT_SIZE];
	token_new(t);
	token_new(u);
	csrf_for(t, vt);
	csrf_for(u, vu);
	ck_assert_str_ne(vt, vu);
	ck_assert(!csrf_ok(t, vu));
	ck_assert(!csrf_ok(u, vt));
}
END_TEST

START_TEST(csrf_bad_input)
{
	char t[TOKEN_TEXT_SIZE], v[TOKEN_TEXT_SIZE], w[TOKEN_TEXT_SIZE + 1];
	token_new(t);
	csrf_for(t, v);
	ck_assert(!csrf_ok(t, NULL));
	ck_assert(!csrf_ok(t, ""));
	ck_assert(!csrf_ok(NULL, v));
	ck_assert(!csrf_ok("short", v));
	memcpy(w, v, sizeof(v));
	w[TOKEN_TEXT_LEN - 1] = '\0'; /* prefix, 42 chars */
	ck_assert(!csrf_ok(t, w));
	memcpy(w, v, TOKEN_TEXT_LEN);
	w[TOKEN_TEXT_LEN] = 'x'; /* 44 chars */
	w[TOKEN_TEXT_LEN + 1] = '\0';
	ck_assert(!csrf_ok(t, w));
	ck_assert(csrf_ok(t, v));
}
END_TEST

Suite *
suite_auth(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("passwords");
	tcase_add_unchecked_fixture(tc, init_once, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, hash_and_verify);
	tcase_add_test(tc, verify_garbage_hash);
	tcase_add_test(tc, needs_rehash);
	tcase_add_test(tc, password_length);
	tcase_add_test(tc, password_counts_characters);
	tcase_add_test(tc, password_too_long);
	tcase_add_test(tc, password_invalid_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("tokens");
	tcase_add_unchecked_fixture(tc, init_once, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, token_shape);
	tcase_add_test(tc, token_hash_deterministic);
	tcase_add_test(tc, token_hash_refuses);
	tcase_add_test(tc, csrf_right_value);
	tcase_add_test(tc, csrf_changed_char);
	tcase_add_test(tc, csrf_other_token);
	tcase_add_test(tc, csrf_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
