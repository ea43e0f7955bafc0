/*
 * test_resp.c - the one place responses are written (app/resp.c): the
 * head every response carries, security headers included, a 503 with
 * Retry-After where a save was refused, redirects and plain text, error
 * pages that show a request id only for server errors and never the
 * cause, and cookies that replace an earlier value for the same name.
 *
 * The error pages use views/, preloaded by the tests that need them
 * (each test runs in its own process).
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "resp.h"
#include "unit.h"
#include "util.h"

static void
preload_views(void)
{
	char err[256] = "";
	ck_assert_msg(tmpl_preload("views", err, sizeof(err)) == 0, "%s", err);
}

static void
req_init(struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->path = "/probe";
	r->status = 200;
	snprintf(r->id, sizeof(r->id), "00112233aabbccdd");
}

/* r's head as a C string, in the request's arena. */
static const char *
head_of(struct req *r)
{
	struct buf b = { 0 };
	resp_head(r, &b);
	const char *text = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return text;
}

/* Does the head hold this exact line? */
static bool
has_line(const char *head, const char *line)
{
	char want[512];
	snprintf(want, sizeof(want), "\r\n%s\r\n", line);
	return strstr(head, want) != NULL ||
	       (strncmp(head, line, strlen(line)) == 0 &&
	           strncmp(head + strlen(line), "\r\n", 2) == 0);
}

/* --- the head ------------------------------------------------------- */

START_TEST(head_carries_security_headers)
{
	struct req r;
	req_init(&r);
	resp_text(&r, 200, "ok\n");
	const char *h = head_of(&r);
	ck_assert(has_line(h, "Status: 200 OK"));
	ck_assert(has_line(h, "Content-Security-Policy: default-src 'self'; "
	                      "object-src 'none'; base-uri 'none'; "
	                      "frame-ancestors 'none'; form-action 'self'"));
	ck_assert(has_line(h, "X-Content-Type-Options: nosniff"));
	ck_assert(has_line(h, "Referrer-Policy: same-origin"));
	ck_assert(has_line(h, "X-Frame-Options: DENY"));
	ck_assert(has_line(h, "Cache-Control: no-store"));
	ck_assert(has_line(h, "Content-Type: text/plain; charset=utf-8"));
	ck_assert(has_line(h, "Content-Length: 3"));
	ck_assert_ptr_null(strstr(h, "Retry-After"));
	ck_assert_ptr_null(strstr(h, "Location"));
	/* The head ends with one empty line. */
	size_t n = strlen(h);
	ck_assert(n > 4 && strcmp(h + n - 4, "\r\n\r\n") == 0);
	ck_assert_ptr_eq(strstr(h, "\r\n\r\n"), h + n - 4);
	req_free(&r);
}
END_TEST

START_TEST(head_defaults_to_html)
{
	struct req r;
	req_init(&r);
	buf_puts(&r.body, "<p>hi</p>");
	r.disposition = "attachment; filename=\"deals.csv\"";
	const char *h = head_of(&r);
	ck_assert(has_line(h, "Content-Type: text/html; charset=utf-8"));
	ck_assert(has_line(h, "Content-Length: 9"));
	ck_assert(has_line(h, "Content-Disposition: attachment; "
	                      "filename=\"deals.csv\""));
	req_free(&r);
}
END_TEST

/* A form shown again because the disk refused it is a 503 with
 * Retry-After, not the person's 422; a 422 otherwise stays a 422. */
START_TEST(head_refused_save_is_503)
{
	struct req r;
	req_init(&r);
	r.status = 422;
	ck_assert(has_line(head_of(&r), "Status: 422 Unprocessable Content"));
	r.save_refused = true;
	const char *h = head_of(&r);
	ck_assert(has_line(h, "Status: 503 Service Unavailable"));
	ck_assert(has_line(h, "Retry-After: 60"));
	r.status = 303; /* a save that went through after all */
	ck_assert(has_line(head_of(&r), "Status: 303 See Other"));
	req_free(&r);
}
END_TEST

START_TEST(status_texts)
{
	ck_assert_str_eq(resp_status_text(200), "OK");
	ck_assert_str_eq(resp_status_text(303), "See Other");
	ck_assert_str_eq(resp_status_text(404), "Not Found");
	ck_assert_str_eq(resp_status_text(413), "Content Too Large");
	ck_assert_str_eq(resp_status_text(503), "Service Unavailable");
	ck_assert_str_eq(resp_status_text(299), "Unknown");
}
END_TEST

/* --- redirects, text, cookies --------------------------------------- */

START_TEST(redirect_is_303_without_body)
{
	struct req r;
	req_init(&r);
	buf_puts(&r.body, "left over");
	resp_redirect(&r, "/deals/7");
	ck_assert(r.sent);
	ck_assert_int_eq(r.status, 303);
	ck_assert_uint_eq(r.body.len, 0);
	const char *h = head_of(&r);
	ck_assert(has_line(h, "Location: /deals/7"));
	ck_assert(has_line(h, "Content-Length: 0"));
	req_free(&r);
}
END_TEST

START_TEST(cookies_replace_by_name)
{
	struct req r;
	req_init(&r);
	resp_cookie(&r, "gw_flash=; Max-Age=0");
	resp_cookie(&r, "gw_session=abc; Path=/");
	resp_cookie(&r, "gw_flash=sealed; Max-Age=60");
	ck_assert_int_eq(r.nset_cookie, 2);
	ck_assert_str_eq(r.set_cookie[0], "gw_flash=sealed; Max-Age=60");
	ck_assert_str_eq(r.set_cookie[1], "gw_session=abc; Path=/");
	/* A name that is a prefix of another is another cookie. */
	resp_cookie(&r, "gw_=x");
	ck_assert_int_eq(r.nset_cookie, 3);
	const char *h = head_of(&r);
	ck_assert(has_line(h, "Set-Cookie: gw_flash=sealed; Max-Age=60"));
	ck_assert(has_line(h, "Set-Cookie: gw_session=abc; Path=/"));
	ck_assert(has_line(h, "Set-Cookie: gw_=x"));
	req_free(&r);
}
END_TEST

/* Past REQ_MAX_COOKIES_OUT names, a cookie is dropped (and logged),
 * never written past the array. */
START_TEST(cookies_beyond_the_limit_dropped)
{
	struct req r;
	req_init(&r);
	unit_quiet_stderr();
	resp_cookie(&r, "a=1");
	resp_cookie(&r, "b=1");
	resp_cookie(&r, "c=1");
	resp_cookie(&r, "d=1");
	ck_assert_int_eq(r.nset_cookie, REQ_MAX_COOKIES_OUT);
	ck_assert_ptr_null(strstr(head_of(&r), "d=1"));
	resp_cookie(&r, "b=2"); /* an existing name still replaces */
	ck_assert_str_eq(r.set_cookie[1], "b=2");
	req_free(&r);
}
END_TEST

/* --- error pages ---------------------------------------------------- */

START_TEST(error_page_by_status)
{
	preload_views();
	struct req r;
	req_init(&r);
	resp_error(&r, 404);
	ck_assert(r.sent);
	ck_assert_int_eq(r.status, 404);
	ck_assert_ptr_nonnull(strstr(r.body.data, "Page not found"));
	/* Only a server error shows the request id. */
	ck_assert_ptr_null(strstr(r.body.data, "00112233aabbccdd"));
	req_free(&r);

	req_init(&r);
	resp_error(&r, 403);
	ck_assert_ptr_nonnull(strstr(r.body.data, "This form has expired"));
	req_free(&r);
}
END_TEST

/* A 500 logs the cause and shows the person only the request id. */
START_TEST(internal_shows_only_the_id)
{
	preload_views();
	struct req r;
	req_init(&r);
	unit_quiet_stderr();
	resp_internal(&r, "secret cause %d in /var/lib/thing", 42);
	ck_assert(r.sent);
	ck_assert_int_eq(r.status, 500);
	ck_assert_ptr_nonnull(strstr(r.body.data, "00112233aabbccdd"));
	ck_assert_ptr_null(strstr(r.body.data, "secret"));
	ck_assert_ptr_null(strstr(r.body.data, "/var/lib"));
	req_free(&r);
}
END_TEST

/* Without templates the error is still answered, in plain text. */
START_TEST(error_without_templates_is_text)
{
	struct req r;
	req_init(&r);
	unit_quiet_stderr();
	resp_error(&r, 404);
	ck_assert(r.sent);
	ck_assert_int_eq(r.status, 404);
	ck_assert_str_eq(r.content_type, "text/plain; charset=utf-8");
	ck_assert_str_eq(r.body.data, "Page not found");
	req_free(&r);
}
END_TEST

/* A refused save with no form to show again: 503, nothing saved, and
 * the request marked so the worker does not run it again. */
START_TEST(storage_failed_is_503)
{
	preload_views();
	struct req r;
	req_init(&r);
	resp_storage_failed(&r);
	ck_assert(r.sent);
	ck_assert(r.storage_failed);
	ck_assert_int_eq(r.status, 503);
	ck_assert_ptr_nonnull(strstr(r.body.data, "Nothing was changed"));
	ck_assert(has_line(head_of(&r), "Retry-After: 60"));
	req_free(&r);
}
END_TEST

Suite *
suite_resp(void)
{
	Suite *s = suite_create("resp");
	TCase *tc = tcase_create("head");
	tcase_add_test(tc, head_carries_security_headers);
	tcase_add_test(tc, head_defaults_to_html);
	tcase_add_test(tc, head_refused_save_is_503);
	tcase_add_test(tc, status_texts);
	suite_add_tcase(s, tc);

	tc = tcase_create("answers");
	tcase_add_test(tc, redirect_is_303_without_body);
	tcase_add_test(tc, cookies_replace_by_name);
	tcase_add_test(tc, cookies_beyond_the_limit_dropped);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, error_page_by_status);
	tcase_add_test(tc, internal_shows_only_the_id);
	tcase_add_test(tc, error_without_templates_is_text);
	tcase_add_test(tc, storage_failed_is_503);
	suite_add_tcase(s, tc);
	return s;
}
