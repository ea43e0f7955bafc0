/*
 * test_flash.c - the flash cookie's sealing and opening (app/flash.h):
 * what flash_seal makes, flash_open gives back, and only for the same
 * token and key; anything altered, moved or malformed is refused.
 */
#include <sodium.h>
#include <string.h>

#include "flash.h"
#include "unit.h"

static const char *tok_a = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
static const char *tok_b = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB";

static void
set_key(unsigned char fill)
{
	unsigned char secret[TOKEN_BYTES];
	memset(secret, fill, sizeof(secret));
	flash_set_key(secret);
}

static void
setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	set_key(7);
}

START_TEST(round_trip)
{
	char v[FLASH_VALUE_SIZE], out[FLASH_TEXT_SIZE];
	ck_assert(flash_seal(tok_a, "Deal saved at Prospect.", v));
	/* Only cookie-safe characters: base64url, and the '.' between. */
	ck_assert_uint_eq(strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	                            "qrstuvwxyz0123456789-_."),
	    strlen(v));
	ck_assert_ptr_nonnull(strchr(v, '.'));
	ck_assert(flash_open(tok_a, v, out));
	ck_assert_str_eq(out, "Deal saved at Prospect.");

	ck_assert(flash_seal(tok_a, "Added Zoë Ångström; \"quoted\" <b>&</b>",
	    v));
	ck_assert(flash_open(tok_a, v, out));
	ck_assert_str_eq(out, "Added Zoë Ångström; \"quoted\" <b>&</b>");
}
END_TEST

/* Changing any one character of the value is caught. */
START_TEST(tampered_rejected)
{
	char v[FLASH_VALUE_SIZE], w[FLASH_VALUE_SIZE], out[FLASH_TEXT_SIZE];
	ck_assert(flash_seal(tok_a, "Moved to Discovery.", v));
	size_t n = strlen(v);
	for (size_t i = 0; i < n; i++) {
		strcpy(w, v);
		w[i] = w[i] == 'x' ? 'y' : 'x';
		ck_assert_msg(!flash_open(tok_a, w, out),
		    "changed char %zu accepted", i);
		ck_assert_str_eq(out, "");
	}
	/* Another message under this value's MAC. */
	char other[FLASH_VALUE_SIZE];
	ck_assert(flash_seal(tok_a, "Moved to Proposal.", other));
	const char *mac = strchr(v, '.');
	char *dot = strchr(other, '.');
	strcpy(dot, mac);
	ck_assert(!flash_open(tok_a, other, out));
	/* Cut short, or with something added. */
	strcpy(w, v);
	w[n - 1] = '\0';
	ck_assert(!flash_open(tok_a, w, out));
	strcpy(w, v);
	strcat(w, "A");
	ck_assert(!flash_open(tok_a, w, out));
	ck_assert(!flash_open(tok_a, strchr(v, '.'), out));
}
END_TEST

/* A value made for one session is no good in another. */
START_TEST(other_token_rejected)
{
	char v[FLASH_VALUE_SIZE], out[FLASH_TEXT_SIZE];
	ck_assert(flash_seal(tok_a, "Dismissed.", v));
	ck_assert(!flash_open(tok_b, v, out));
	ck_assert_str_eq(out, "");
	ck_assert(flash_open(tok_a, v, out));
}
END_TEST

/* Nor is one made with another server's secret. */
START_TEST(other_key_rejected)
{
	char v[FLASH_VALUE_SIZE], out[FLASH_TEXT_SIZE];
	ck_assert(flash_seal(tok_a, "Dismissed.", v));
	set_key(8);
	ck_assert(!flash_open(tok_a, v, out));
	set_key(7);
	ck_assert(flash_open(tok_a, v, out));
}
END_TEST

START_TEST(empty_and_malformed_rejected)
{
	char v[FLASH_VALUE_SIZE], out[FLASH_TEXT_SIZE];
	ck_assert(!flash_seal(tok_a, "", v));
	ck_assert_str_eq(v, "");
	ck_assert(!flash_seal("short", "Hello.", v));
	ck_assert(!flash_seal(NULL, "Hello.", v));

	ck_assert(flash_seal(tok_a, "Hello.", v));
	ck_assert(!flash_open(tok_a, "", out));
	ck_assert(!flash_open(tok_a, ".", out));
	ck_assert(!flash_open(tok_a, "SGVsbG8u", out));
	ck_assert(!flash_open(tok_a, "SGVsbG8u.", out));
	ck_assert(!flash_open(tok_a, "SGVsbG8u..", out));
	ck_assert(!flash_open(tok_a, "SGV sbG8u.AAAA", out));
	ck_assert(!flash_open(tok_a, NULL, out));
	ck_assert(!flash_open(NULL, v, out));
	ck_assert(!flash_open("short", v, out));
	ck_assert(flash_open(tok_a, v, out));
}
END_TEST

/* An over-long cookie is refused without being decoded. */
START_TEST(oversized_rejected)
{
	static char big[4 * FLASH_VALUE_SIZE];
	char out[FLASH_TEXT_SIZE];
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert(!flash_open(tok_a, big, out));
	/* Right shape, message part one character past the longest. */
	memset(big, 'A', FLASH_VALUE_SIZE);
	big[FLASH_VALUE_SIZE - FLASH_MAC_TEXT_LEN - 1] = '.';
	big[FLASH_VALUE_SIZE] = '\0';
	ck_assert(!flash_open(tok_a, big, out));
	ck_assert_str_eq(out, "");
}
END_TEST

/* A long message is cut to fit, at a character boundary, and the
 * longest value still opens. */
START_TEST(long_message_cut)
{
	static char msg[2 * FLASH_TEXT_SIZE];
	char v[FLASH_VALUE_SIZE], out[FLASH_TEXT_SIZE];
	/* Each 2-byte "é" starts at an even offset, so byte 511 would end
	 * in the middle of one. */
	for (size_t i = 0; i + 2 < sizeof(msg); i += 2)
		memcpy(msg + i, "\xc3\xa9", 2);
	ck_assert(flash_seal(tok_a, msg, v));
	ck_assert_uint_lt(strlen(v), FLASH_VALUE_SIZE);
	ck_assert(flash_open(tok_a, v, out));
	size_t n = strlen(out);
	ck_assert_uint_eq(n, FLASH_TEXT_SIZE - 2);
	ck_assert_int_eq(strncmp(out, msg, n), 0);

	memset(msg, 'y', FLASH_TEXT_SIZE + 10);
	msg[FLASH_TEXT_SIZE + 10] = '\0';
	ck_assert(flash_seal(tok_a, msg, v));
	ck_assert_uint_eq(strlen(v), FLASH_VALUE_SIZE - 1);
	ck_assert(flash_open(tok_a, v, out));
	ck_assert_uint_eq(strlen(out), FLASH_TEXT_SIZE - 1);
}
END_TEST

Suite *
suite_flash(void)
{
	Suite *s = suite_create("flash");
	TCase *tc = tcase_create("cookie");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, tampered_rejected);
	tcase_add_test(tc, other_token_rejected);
	tcase_add_test(tc, other_key_rejected);
	tcase_add_test(tc, empty_and_malformed_rejected);
	tcase_add_test(tc, oversized_rejected);
	tcase_add_test(tc, long_message_cut);
	suite_add_tcase(s, tc);
	return s;
}
