/*
 * test_session.c - who is asking (app/session.c), on a scratch
 * database: a session cookie signs a request in until its idle or
 * absolute timeout (an expired session's row is deleted), last_seen is
 * written at most once a minute, a pre-session cookie carries the
 * sign-in form's CSRF token, the flash is shown once and only to the
 * session it was sealed for, and signing out ends the row.
 *
 * Requests are built by hand: a Cookie header parsed as the worker
 * does, the database, and the time.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "db.h"
#include "db_account.h"
#include "flash.h"
#include "http.h"
#include "session.h"
#include "unit.h"
#include "util.h"

#define T0 INT64_C(1700000000)

static struct db *db;
static char dbpath[512];
static int64_t uid;

static void
setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	unsigned char key[TOKEN_BYTES];
	memset(key, 3, sizeof(key));
	csrf_set_key(key);
	flash_set_key(key);
	config_defaults(&cfg);
	db = fixture_db("session", dbpath, sizeof(dbpath));
	uid = fixture_user(db, "ravi@example.com", "Ravi", ROLE_REP, 0);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

/* A request at time now carrying the Cookie header cookies (or none). */
static void
req_at(struct req *r, int64_t now, const char *cookies)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->now = now;
	r->status = 200;
	r->path = "/deals";
	snprintf(r->id, sizeof(r->id), "00112233aabbccdd");
	if (cookies)
		http_parse_cookies(&r->arena, cookies, &r->cookies);
}

/* The Set-Cookie value r carries for name, or NULL. */
static const char *
set_cookie(const struct req *r, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < r->nset_cookie; i++)
		if (strncmp(r->set_cookie[i], name, n) == 0 &&
		    r->set_cookie[i][n] == '=')
			return r->set_cookie[i];
	return NULL;
}

/* The value in a Set-Cookie line ("name=value; ..."), copied to out. */
static void
cookie_value(const char *line, char *out, size_t size)
{
	ck_assert_ptr_nonnull(line);
	const char *v = strchr(line, '=') + 1;
	size_t n = strcspn(v, ";");
	ck_assert_uint_lt(n, size);
	memcpy(out, v, n);
	out[n] = '\0';
}

/* Sign uid in at time at; the new token into token. */
static void
sign_in(int64_t at, char token[TOKEN_TEXT_SIZE])
{
	struct req r;
	req_at(&r, at, NULL);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(session_begin(&r, uid), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	const char *line = set_cookie(&r, "gw_session");
	ck_assert_ptr_nonnull(strstr(line, "; Path=/; HttpOnly; SameSite=Lax; "
	                                   "Max-Age=43200"));
	ck_assert_ptr_null(strstr(line, "Secure"));
	/* The pre-session has served its purpose. */
	ck_assert_ptr_nonnull(set_cookie(&r, "gw_pre"));
	ck_assert_ptr_nonnull(strstr(set_cookie(&r, "gw_pre"), "Max-Age=0"));
	cookie_value(line, token, TOKEN_TEXT_SIZE);
	ck_assert_uint_eq(strlen(token), TOKEN_TEXT_LEN);
	req_free(&r);
}

/* The session row of token, as the data layer has it. */
static int
row_of(const char *token, struct session *s)
{
	unsigned char hash[SESSION_HASH_LEN];
	ck_assert_int_eq(token_hash(token, hash), 0);
	return session_get(db, hash, s);
}

/* session_load at time at with "gw_session=token"; whether it signed
 * the request in. */
static bool
load_at(int64_t at, const char *token)
{
	char header[128];
	snprintf(header, sizeof(header), "gw_session=%s", token);
	struct req r;
	req_at(&r, at, header);
	ck_assert_int_eq(session_load(&r), 0);
	bool in = r.signed_in;
	req_free(&r);
	return in;
}

START_TEST(no_cookie_signed_out)
{
	struct req r;
	req_at(&r, T0, NULL);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert(!r.signed_in);
	ck_assert_ptr_null(r.token);
	ck_assert_str_eq(r.csrf, "");
	ck_assert_str_eq(r.flash, "");
	ck_assert_int_eq(r.nset_cookie, 0);
	req_free(&r);
}
END_TEST

START_TEST(a_session_signs_in)
{
	char token[TOKEN_TEXT_SIZE];
	sign_in(T0, token);
	char header[128];
	snprintf(header, sizeof(header), "other=1; gw_session=%s", token);
	struct req r;
	req_at(&r, T0 + 10, header);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert(r.signed_in);
	ck_assert_int_eq(r.session.user.id, uid);
	ck_assert_str_eq(r.session.user.name, "Ravi");
	ck_assert_str_eq(r.token, token);
	char csrf[TOKEN_TEXT_SIZE];
	csrf_for(token, csrf);
	ck_assert_str_eq(r.csrf, csrf);
	ck_assert(csrf_ok(token, r.csrf));
	req_free(&r);
}
END_TEST

START_TEST(a_bad_cookie_is_no_session)
{
	struct req r;
	req_at(&r, T0, "gw_session=not-a-token");
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert(!r.signed_in);
	ck_assert_ptr_null(r.token);
	req_free(&r);
	/* A well-formed token nobody issued is no session either. */
	char stranger[TOKEN_TEXT_SIZE];
	token_new(stranger);
	ck_assert(!load_at(T0, stranger));
}
END_TEST

/* Past the idle timeout the session is refused, and its row goes. */
START_TEST(idle_timeout_ends_it)
{
	char token[TOKEN_TEXT_SIZE];
	sign_in(T0, token);
	struct session s;
	ck_assert(load_at(T0 + cfg.idle_timeout, token));
	ck_assert_int_eq(row_of(token, &s), DB_OK);
	/* The load above touched it: idle counts from then. */
	ck_assert_int_eq(s.last_seen, T0 + cfg.idle_timeout);
	ck_assert(!load_at(s.last_seen + cfg.idle_timeout + 1, token));
	ck_assert_int_eq(row_of(token, &s), DB_NOTFOUND);
}
END_TEST

/* Use keeps a session alive only up to the absolute timeout. */
START_TEST(absolute_timeout_ends_it)
{
	char token[TOKEN_TEXT_SIZE];
	sign_in(T0, token);
	cfg.absolute_timeout = 600;
	for (int64_t t = T0 + 100; t <= T0 + 600; t += 100)
		ck_assert(load_at(t, token));
	struct session s;
	ck_assert_int_eq(row_of(token, &s), DB_OK);
	ck_assert(!load_at(T0 + 601, token));
	ck_assert_int_eq(row_of(token, &s), DB_NOTFOUND);
}
END_TEST

/* Reads stay read-only: last_seen is written when a minute has passed
 * (or half the idle timeout, when that is shorter). */
START_TEST(touched_at_most_once_a_minute)
{
	char token[TOKEN_TEXT_SIZE];
	sign_in(T0, token);
	struct session s;
	ck_assert(load_at(T0 + 59, token));
	ck_assert_int_eq(row_of(token, &s), DB_OK);
	ck_assert_int_eq(s.last_seen, T0);
	ck_assert(load_at(T0 + 60, token));
	ck_assert_int_eq(row_of(token, &s), DB_OK);
	ck_assert_int_eq(s.last_seen, T0 + 60);

	cfg.idle_timeout = 40;
	ck_assert(load_at(T0 + 79, token));
	ck_assert_int_eq(row_of(token, &s), DB_OK);
	ck_assert_int_eq(s.last_seen, T0 + 60);
	ck_assert(load_at(T0 + 80, token));
	ck_assert_int_eq(row_of(token, &s), DB_OK);
	ck_assert_int_eq(s.last_seen, T0 + 80);
}
END_TEST

/* Before sign-in, a pre-session token carries the form's CSRF value;
 * it is made once and then read back from its cookie. */
START_TEST(pre_session_carries_csrf)
{
	struct req r;
	req_at(&r, T0, NULL);
	ck_assert_int_eq(session_load(&r), 0);
	session_ensure_pre(&r);
	ck_assert_ptr_nonnull(r.token);
	char pre[TOKEN_TEXT_SIZE];
	cookie_value(set_cookie(&r, "gw_pre"), pre, sizeof(pre));
	ck_assert_str_eq(r.token, pre);
	ck_assert(csrf_ok(pre, r.csrf));
	session_ensure_pre(&r); /* already there: no second token */
	ck_assert_int_eq(r.nset_cookie, 1);
	ck_assert_str_eq(r.token, pre);
	req_free(&r);

	char header[128];
	snprintf(header, sizeof(header), "gw_pre=%s", pre);
	req_at(&r, T0 + 5, header);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert(!r.signed_in);
	ck_assert_str_eq(r.token, pre);
	ck_assert(csrf_ok(pre, r.csrf));
	session_ensure_pre(&r);
	ck_assert_int_eq(r.nset_cookie, 0);
	req_free(&r);
}
END_TEST

/* A flash set after a save is shown on the next page of the same
 * session, once; the cookie is cleared whoever sends it. */
START_TEST(flash_once_for_its_session)
{
	char token[TOKEN_TEXT_SIZE], other[TOKEN_TEXT_SIZE];
	sign_in(T0, token);
	sign_in(T0, other);
	char header[1024], sealed[FLASH_VALUE_SIZE];
	snprintf(header, sizeof(header), "gw_session=%s", token);
	struct req r;
	req_at(&r, T0 + 1, header);
	ck_assert_int_eq(session_load(&r), 0);
	session_flash(&r, "Deal saved at Prospect.");
	cookie_value(set_cookie(&r, "gw_flash"), sealed, sizeof(sealed));
	ck_assert_ptr_nonnull(strstr(set_cookie(&r, "gw_flash"), "Max-Age=60"));
	req_free(&r);

	snprintf(header, sizeof(header), "gw_session=%s; gw_flash=%s", token,
	    sealed);
	req_at(&r, T0 + 2, header);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert_str_eq(r.flash, "Deal saved at Prospect.");
	ck_assert_ptr_nonnull(strstr(set_cookie(&r, "gw_flash"), "Max-Age=0"));
	req_free(&r);

	/* Another session gets nothing from it, and it is cleared. */
	snprintf(header, sizeof(header), "gw_session=%s; gw_flash=%s", other,
	    sealed);
	req_at(&r, T0 + 3, header);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert(r.signed_in);
	ck_assert_str_eq(r.flash, "");
	ck_assert_ptr_nonnull(strstr(set_cookie(&r, "gw_flash"), "Max-Age=0"));
	req_free(&r);

	/* Signed out: nothing shown, nothing sealed. */
	snprintf(header, sizeof(header), "gw_flash=%s", sealed);
	req_at(&r, T0 + 4, header);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert_str_eq(r.flash, "");
	session_flash(&r, "Not for anyone.");
	ck_assert_ptr_nonnull(strstr(set_cookie(&r, "gw_flash"), "Max-Age=0"));
	req_free(&r);
}
END_TEST

START_TEST(end_deletes_the_session)
{
	char token[TOKEN_TEXT_SIZE];
	sign_in(T0, token);
	char header[128];
	snprintf(header, sizeof(header), "gw_session=%s", token);
	struct req r;
	req_at(&r, T0 + 1, header);
	ck_assert_int_eq(session_load(&r), 0);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(session_end(&r), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_ptr_nonnull(strstr(set_cookie(&r, "gw_session"), "Max-Age=0"));
	req_free(&r);
	struct session s;
	ck_assert_int_eq(row_of(token, &s), DB_NOTFOUND);
	ck_assert(!load_at(T0 + 2, token));
}
END_TEST

/* Over HTTPS the cookies take the __Host- prefix and Secure. */
START_TEST(secure_cookies_named_host)
{
	cfg.secure_cookies = true;
	ck_assert_str_eq(session_cookie_name(), "__Host-gw_session");
	ck_assert_str_eq(session_pre_cookie_name(), "__Host-gw_pre");
	ck_assert_str_eq(session_flash_cookie_name(), "__Host-gw_flash");
	struct req r;
	req_at(&r, T0, NULL);
	session_ensure_pre(&r);
	const char *line = set_cookie(&r, "__Host-gw_pre");
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, "; Secure"));
	req_free(&r);
	cfg.secure_cookies = false;
	ck_assert_str_eq(session_cookie_name(), "gw_session");
	ck_assert_str_eq(session_pre_cookie_name(), "gw_pre");
	ck_assert_str_eq(session_flash_cookie_name(), "gw_flash");
}
END_TEST

Suite *
suite_session(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("sessions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, no_cookie_signed_out);
	tcase_add_test(tc, a_session_signs_in);
	tcase_add_test(tc, a_bad_cookie_is_no_session);
	tcase_add_test(tc, idle_timeout_ends_it);
	tcase_add_test(tc, absolute_timeout_ends_it);
	tcase_add_test(tc, touched_at_most_once_a_minute);
	tcase_add_test(tc, end_deletes_the_session);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookies");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, pre_session_carries_csrf);
	tcase_add_test(tc, flash_once_for_its_session);
	tcase_add_test(tc, secure_cookies_named_host);
	suite_add_tcase(s, tc);
	return s;
}
