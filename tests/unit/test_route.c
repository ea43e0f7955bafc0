/*
 * test_route.c - the page table and path matcher (app/route.h): every
 * page is reachable by its own path, "{id}" takes only a positive
 * number of at most 18 digits, and the table itself is consistent
 * (paths, handlers, roles).
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "route.h"
#include "unit.h"

#define SAMPLE_ID 4821

/* page_paths[p] with "{id}" replaced by SAMPLE_ID. */
static void
sample_path(enum page p, char *out, size_t size)
{
	const char *pat = page_paths[p];
	size_t o = 0;
	while (*pat && o + 1 < size) {
		if (strncmp(pat, "{id}", 4) == 0) {
			o += (size_t)snprintf(out + o, size - o, "%d",
			    SAMPLE_ID);
			pat += 4;
		} else {
			out[o++] = *pat++;
		}
	}
	out[o] = '\0';
}

START_TEST(every_page_matches_its_path)
{
	for (int p = 0; p < PAGE__MAX; p++) {
		char path[128];
		sample_path((enum page)p, path, sizeof(path));
		int64_t id = -1;
		enum page got = route_match(path, &id);
		ck_assert_msg(got == (enum page)p, "'%s' -> page %d, want %d",
		    path, (int)got, p);
		int64_t want = strstr(page_paths[p], "{id}") ? SAMPLE_ID : 0;
		ck_assert_msg(id == want, "'%s' -> id %lld, want %lld", path,
		    (long long)id, (long long)want);
	}
}
END_TEST

START_TEST(known_paths)
{
	int64_t id = -1;
	ck_assert_int_eq(route_match("/", &id), PAGE_HOME);
	ck_assert_int_eq(route_match("/deals", &id), PAGE_DEALS);
	/* "new" is a page of its own, never a deal id. */
	ck_assert_int_eq(route_match("/deals/new", &id), PAGE_DEAL_NEW);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(route_match("/deals/7", &id), PAGE_DEAL);
	ck_assert_int_eq(id, 7);
	ck_assert_int_eq(route_match("/deals/12/move", &id), PAGE_DEAL_MOVE);
	ck_assert_int_eq(id, 12);
	ck_assert_int_eq(route_match("/deals/12/close", &id), PAGE_DEAL_CLOSE);
	ck_assert_int_eq(route_match("/deals/12/reopen", &id),
	    PAGE_DEAL_REOPEN);
	ck_assert_int_eq(route_match("/admin/users/3/password", &id),
	    PAGE_ADMIN_USER_PASSWORD);
	ck_assert_int_eq(id, 3);
	/* The largest id: 18 digits. */
	ck_assert_int_eq(route_match("/deals/999999999999999999", &id),
	    PAGE_DEAL);
	ck_assert(id == INT64_C(999999999999999999));
	ck_assert_int_eq(route_match("/admin/users/100000000000000000/active",
	                     &id),
	    PAGE_ADMIN_USER_ACTIVE);
	ck_assert(id == INT64_C(100000000000000000));
}
END_TEST

START_TEST(bad_ids)
{
	static const char *const bad[] = {
		"/deals/0",
		"/deals/00",
		"/deals/000000000000000000",
		"/deals/abc",
		"/deals/1x",
		"/deals/x1",
		"/deals/-1",
		"/deals/+1",
		"/deals/ 1",
		"/deals/1 ",
		"/deals/1.5",
		"/deals/1234567890123456789",  /* 19 digits */
		"/deals/99999999999999999999", /* would overflow int64 */
		"/deals/9999999999999999999",  /* 19 nines: past INT64_MAX */
		"/deals/1234567890123456789/move",
		"/deals/0/move",
		"/deals/x/close",
		"/admin/users/0",
		"/admin/users/0/password",
		"/admin/users/abc/active",
		"/deals/{id}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t id = -1;
		enum page got = route_match(bad[i], &id);
		ck_assert_msg(got == PAGE__MAX, "'%s' matched page %d", bad[i],
		    (int)got);
	}
}
END_TEST

/* No trailing-slash aliases, no case folding, no prefixes. */
START_TEST(unknown_paths)
{
	static const char *const bad[] = {
		"",
		"//",
		"/deals/",
		"/deals//",
		"/deals/5/",
		"/deals/5/move/",
		"/deals/new/",
		"/login/",
		"/healthz/",
		"/team/",
		"/admin",
		"/admin/",
		"/admin/users/",
		"/admin/users/5/",
		"/DEALS",
		"/Login",
		"/deals/5/MOVE",
		"/deals/5/nope",
		"/deals/5/move/x",
		"/dealsx",
		"/deal",
		"/deals/new/5",
		"/nope",
		"login",
		"/admin/teams/",
		"/admin/teams/1/",
		"/_debug",
		"/_debug/fail/",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t id = -1;
		enum page got = route_match(bad[i], &id);
		ck_assert_msg(got == PAGE__MAX, "'%s' matched page %d", bad[i],
		    (int)got);
	}
}
END_TEST

START_TEST(table_paths_and_handlers)
{
	for (int p = 0; p < PAGE__MAX; p++) {
		ck_assert_msg(page_paths[p] != NULL, "page %d has no path", p);
		ck_assert_msg(page_paths[p][0] == '/', "page %d: '%s'", p,
		    page_paths[p]);
		ck_assert_msg(page_get[p] != NULL || page_post[p] != NULL,
		    "page %d (%s) has no handler", p, page_paths[p]);
		for (int q = p + 1; q < PAGE__MAX; q++)
			ck_assert_msg(strcmp(page_paths[p], page_paths[q]) != 0,
			    "pages %d and %d share '%s'", p, q, page_paths[p]);
	}
}
END_TEST

/* Only the unsubscribe link skips the CSRF check: its token is the
 * proof, and it works without a session. */
START_TEST(table_token_posts)
{
	for (int p = 0; p < PAGE__MAX; p++)
		ck_assert_msg(page_token_post[p] == (p == PAGE_UNSUBSCRIBE),
		    "page %s: token POST %d", page_paths[p],
		    page_token_post[p]);
}
END_TEST

/* Only the public pages are open to people who are not signed in (the
 * calendar feed's secret token is its own key). */
START_TEST(table_roles)
{
	for (int p = 0; p < PAGE__MAX; p++) {
		/* /unsubscribe: an email's link, its token the proof. */
		bool is_public = p == PAGE_HOME || p == PAGE_LOGIN ||
		                 p == PAGE_HEALTHZ || p == PAGE_DEBUG_FAIL ||
		                 p == PAGE_UNSUBSCRIBE ||
		                 p == PAGE_CALENDAR_FEED;
		if (is_public)
			ck_assert_msg(page_roles[p] == ROLE_NONE,
			    "public page %s requires roles %d", page_paths[p],
			    page_roles[p]);
		else
			ck_assert_msg(page_roles[p] != ROLE_NONE,
			    "page %s is open to anyone", page_paths[p]);
		ck_assert_msg((page_roles[p] & ~ROLES_SIGNED_IN) == 0,
		    "page %s: unknown role bits %d", page_paths[p],
		    page_roles[p]);
		if (strncmp(page_paths[p], "/admin/", 7) == 0)
			ck_assert_msg(page_roles[p] == ROLE_ADMIN,
			    "admin page %s allows roles %d", page_paths[p],
			    page_roles[p]);
	}
}
END_TEST

/* Signing out changes state, so a GET (a link, a prefetch, an <img>
 * on another site) must not do it. */
START_TEST(logout_is_post_only)
{
	ck_assert(page_get[PAGE_LOGOUT] == NULL);
	ck_assert(page_post[PAGE_LOGOUT] != NULL);
}
END_TEST

Suite *
suite_route(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("match");
	tcase_add_test(tc, every_page_matches_its_path);
	tcase_add_test(tc, known_paths);
	tcase_add_test(tc, bad_ids);
	tcase_add_test(tc, unknown_paths);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_test(tc, table_paths_and_handlers);
	tcase_add_test(tc, table_roles);
	tcase_add_test(tc, table_token_posts);
	tcase_add_test(tc, logout_is_post_only);
	suite_add_tcase(s, tc);
	return s;
}
