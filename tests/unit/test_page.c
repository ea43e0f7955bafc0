/*
 * test_page.c - the shared layout and page pieces (app/page.c): counts
 * with their nouns and thousands separators, typed text shown back
 * safely, a deal's next step as every page shows it, the layout's top
 * bar with one current link for the role, the flash and the refused
 * save, a kept body inside this request's layout, and stages loaded or
 * answered with a 500.
 *
 * The pieces are expanded through a small template directory of the
 * test's own (views/next_step.tpl copied in); the layout tests preload
 * views/ itself.  Each test runs in its own process, so each may
 * preload once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "db_deal.h"
#include "page.h"
#include "req.h"
#include "unit.h"
#include "util.h"

#define PRAGMA "{{%AUTOESCAPE context=\"HTML\"}}\n"

/* --- helpers -------------------------------------------------------- */

static void
put(const char *dir, const char *name, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A template directory with probe.tpl ("[{{V}}]" and an {{>STEP}}
 * include) and a copy of views/next_step.tpl, preloaded. */
static void
preload_probe(void)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/page-%d", unit_tmpdir(), (int)getpid());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	put(dir, "probe.tpl", PRAGMA "[{{V}}]{{>STEP}}");
	FILE *f = fopen("views/next_step.tpl", "r");
	ck_assert_ptr_nonnull(f);
	char text[4096];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	put(dir, "next_step.tpl", text);
	char err[256] = "";
	ck_assert_msg(tmpl_preload(dir, err, sizeof(err)) == 0, "%s", err);
}

/* probe.tpl expanded with d, which is freed; the caller frees the
 * result. */
static char *
expand_probe(tmpl_dict *d)
{
	size_t len = 0;
	char *html = tmpl_expand("probe.tpl", d, &len);
	tmpl_dict_free(d);
	ck_assert_ptr_nonnull(html);
	return html;
}

/* What page_set_count writes for n. */
static char *
count_text(long long n, const char *one, const char *many)
{
	tmpl_dict *d = tmpl_dict_new("probe");
	page_set_count(d, "V", n, one, many);
	return expand_probe(d);
}

static void
preload_views(void)
{
	char err[256] = "";
	ck_assert_msg(tmpl_preload("views", err, sizeof(err)) == 0, "%s", err);
}

/* A request for path, signed in with role (ROLE_NONE: signed out). */
static void
req_init(struct req *r, const char *path, enum role role)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->status = 200;
	snprintf(r->id, sizeof(r->id), "00112233aabbccdd");
	if (role != ROLE_NONE) {
		r->signed_in = true;
		r->session.user.role = role;
		snprintf(r->session.user.name, sizeof(r->session.user.name),
		    "Maria Santos");
		snprintf(r->csrf, sizeof(r->csrf), "csrf-of-the-session");
	}
}

/* The response body as a C string (the body is text here). */
static const char *
body_of(struct req *r)
{
	ck_assert(r->sent);
	ck_assert_ptr_nonnull(r->body.data);
	return r->body.data;
}

/* --- counts and times ----------------------------------------------- */

START_TEST(count_separates_thousands)
{
	char out[32];
	const struct {
		long long n;
		const char *text;
	} cases[] = {
		{ 0, "0" },
		{ 7, "7" },
		{ 999, "999" },
		{ 1000, "1,000" },
		{ 12500, "12,500" },
		{ 1234567, "1,234,567" },
		{ -1234, "-1,234" },
		{ -999, "-999" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		page_format_count(out, sizeof(out), cases[i].n);
		ck_assert_str_eq(out, cases[i].text);
	}
}
END_TEST

/* A short buffer is cut, never overrun, and always terminated. */
START_TEST(count_fits_its_buffer)
{
	char out[6];
	memset(out, 'x', sizeof(out));
	page_format_count(out, sizeof(out), 1234567);
	ck_assert_str_eq(out, "1,234");
	char one[1] = { 'x' };
	page_format_count(one, sizeof(one), 42);
	ck_assert_str_eq(one, "");
}
END_TEST

START_TEST(count_takes_its_noun)
{
	preload_probe();
	const struct {
		long long n;
		const char *text;
	} cases[] = {
		{ 1, "[1 day]" },
		{ 0, "[0 days]" },
		{ 2, "[2 days]" },
		{ -1, "[-1 day]" },
		{ 1204, "[1,204 days]" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *html = count_text(cases[i].n, "day", "days");
		ck_assert_str_eq(html, cases[i].text);
		free(html);
	}
}
END_TEST

/* main.c puts the configured zone in TZ. */
START_TEST(time_in_the_configured_zone)
{
	setenv("TZ", "UTC", 1);
	tzset();
	char out[32];
	page_format_time(out, sizeof(out), INT64_C(1704067200));
	ck_assert_str_eq(out, "2024-01-01 00:00");
	setenv("TZ", "America/New_York", 1);
	tzset();
	page_format_time(out, sizeof(out), INT64_C(1704067200));
	ck_assert_str_eq(out, "2023-12-31 19:00");
}
END_TEST

/* --- typed text ----------------------------------------------------- */

START_TEST(text_shown_back_escaped)
{
	preload_probe();
	tmpl_dict *d = tmpl_dict_new("probe");
	const char *typed = "Ünïcode & <b>";
	page_set_text(d, "V", typed, strlen(typed));
	char *html = expand_probe(d);
	ck_assert_str_eq(html, "[Ünïcode &amp; &lt;b&gt;]");
	free(html);
}
END_TEST

/* Each byte that is not valid text becomes U+FFFD; the rest is kept. */
START_TEST(text_bad_bytes_replaced)
{
	preload_probe();
	tmpl_dict *d = tmpl_dict_new("probe");
	const char typed[] = "a\xFF"
	                     "b\xC3";
	page_set_text(d, "V", typed, sizeof(typed) - 1);
	char *html = expand_probe(d);
	ck_assert_str_eq(html, "[a\xEF\xBF\xBD"
	                       "b\xEF\xBF\xBD]");
	free(html);
}
END_TEST

/* A NUL inside the value, or a control character, is not text. */
START_TEST(text_nul_and_controls_replaced)
{
	preload_probe();
	tmpl_dict *d = tmpl_dict_new("probe");
	const char typed[] = "a\0b\x01";
	page_set_text(d, "V", typed, sizeof(typed) - 1);
	char *html = expand_probe(d);
	ck_assert_str_eq(html, "[a\xEF\xBF\xBD"
	                       "b\xEF\xBF\xBD]");
	free(html);
}
END_TEST

START_TEST(text_null_is_empty)
{
	preload_probe();
	tmpl_dict *d = tmpl_dict_new("probe");
	page_set_text(d, "V", NULL, 0);
	char *html = expand_probe(d);
	ck_assert_str_eq(html, "[]");
	free(html);
}
END_TEST

/* --- the next step -------------------------------------------------- */

/* The probe with a next step: its HTML, and what page_next_step said
 * into *none. */
static char *
next_step(const char *text, const char *due, const char *today, bool open,
    bool *none)
{
	tmpl_dict *d = tmpl_dict_new("probe");
	*none = page_next_step(d, "STEP", text, due, today, open);
	return expand_probe(d);
}

START_TEST(next_step_missing)
{
	preload_probe();
	bool none = false;
	char *html = next_step("", "", "2024-03-10", true, &none);
	ck_assert(none);
	ck_assert_ptr_nonnull(strstr(html, "No next step"));
	free(html);
	/* A closed deal needs none, and says nothing. */
	html = next_step("", "", "2024-03-10", false, &none);
	ck_assert(!none);
	ck_assert_str_eq(html, "[]");
	free(html);
}
END_TEST

START_TEST(next_step_overdue_today_later)
{
	preload_probe();
	bool none = true;
	char *html = next_step("Call Ada", "2024-03-07", "2024-03-10", true,
	    &none);
	ck_assert(!none);
	ck_assert_ptr_nonnull(strstr(html, "next-step overdue"));
	ck_assert_ptr_nonnull(strstr(html, "(3 days late)"));
	free(html);
	html = next_step("Call Ada", "2024-03-09", "2024-03-10", true, &none);
	ck_assert_ptr_nonnull(strstr(html, "(1 day late)"));
	free(html);
	html = next_step("Call Ada", "2024-03-10", "2024-03-10", true, &none);
	ck_assert_ptr_nonnull(strstr(html, "next-step due-today"));
	ck_assert_ptr_nonnull(strstr(html, ">today</time>"));
	free(html);
	html = next_step("Call Ada", "2024-03-11", "2024-03-10", true, &none);
	ck_assert_ptr_nonnull(strstr(html, "class=\"next-step\""));
	ck_assert_ptr_nonnull(strstr(html, ">2024-03-11</time>"));
	free(html);
}
END_TEST

/* A closed deal's step is history: its date is shown, never overdue. */
START_TEST(next_step_of_a_closed_deal)
{
	preload_probe();
	bool none = true;
	char *html = next_step("Call Ada", "2024-03-07", "2024-03-10", false,
	    &none);
	ck_assert(!none);
	ck_assert_ptr_null(strstr(html, "overdue"));
	ck_assert_ptr_nonnull(strstr(html, ">2024-03-07</time>"));
	free(html);
	/* A step without a date is just its text. */
	html = next_step("Call Ada", "", "2024-03-10", true, &none);
	ck_assert(!none);
	ck_assert_ptr_nonnull(strstr(html, "Call Ada"));
	ck_assert_ptr_null(strstr(html, "due"));
	free(html);
}
END_TEST

/* --- the layout ----------------------------------------------------- */

START_TEST(layout_wraps_the_body)
{
	preload_views();
	struct req r;
	req_init(&r, "/nowhere", ROLE_NONE);
	tmpl_dict *d = page_begin(&r, "Deals & <Co>", "error.tpl");
	ck_assert_ptr_nonnull(d);
	tmpl_set_str(d, "MESSAGE_TITLE", "Probe title");
	page_finish(&r, 418);
	ck_assert_int_eq(r.status, 418);
	ck_assert_ptr_null(r.content_type);
	ck_assert_ptr_null(r.layout);
	const char *html = body_of(&r);
	ck_assert_ptr_nonnull(strstr(html, "<title>Deals &amp; &lt;Co&gt; · "
	                                   "Groundwork</title>"));
	ck_assert_ptr_nonnull(strstr(html, "<h1>Probe title</h1>"));
	/* Signed out: no top bar of pages, no sign-out form. */
	ck_assert_ptr_null(strstr(html, "aria-current"));
	ck_assert_ptr_null(strstr(html, "csrf"));
	req_free(&r);
}
END_TEST

/* The top bar lists this role's pages, and marks as current the one
 * whose path is the longest prefix of the page's own. */
START_TEST(layout_marks_one_current_link)
{
	preload_views();
	struct req r;
	req_init(&r, "/team/coaching/12/done", ROLE_MANAGER);
	page_begin(&r, "Coaching", "error.tpl");
	page_finish(&r, 200);
	const char *html = body_of(&r);
	ck_assert_ptr_nonnull(strstr(html,
	    "<a href=\"/team/coaching\" "
	    "aria-current=\"page\">Coaching</a>"));
	ck_assert_ptr_nonnull(strstr(html, "<a href=\"/team\">Team</a>"));
	const char *first = strstr(html, "aria-current");
	ck_assert_ptr_null(strstr(first + 1, "aria-current"));
	ck_assert_ptr_null(strstr(html, "/admin/users"));
	ck_assert_ptr_nonnull(strstr(html, "value=\"csrf-of-the-session\""));
	ck_assert_ptr_nonnull(strstr(html, "Maria Santos"));
	req_free(&r);

	/* A manager reading a deal is under Team. */
	req_init(&r, "/deals/7", ROLE_MANAGER);
	page_begin(&r, "A deal", "error.tpl");
	page_finish(&r, 200);
	ck_assert_ptr_nonnull(strstr(body_of(&r),
	    "<a href=\"/team\" "
	    "aria-current=\"page\">Team</a>"));
	req_free(&r);

	/* /deals/new is a rep's My deals, not a sibling path. */
	req_init(&r, "/deals/new", ROLE_REP);
	page_begin(&r, "Log a deal", "error.tpl");
	page_finish(&r, 200);
	ck_assert_ptr_nonnull(strstr(body_of(&r),
	    "<a href=\"/deals\" "
	    "aria-current=\"page\">My "
	    "deals</a>"));
	ck_assert_ptr_null(strstr(body_of(&r), "/team/coaching"));
	req_free(&r);
}
END_TEST

START_TEST(layout_no_link_for_a_path_under_none)
{
	preload_views();
	struct req r;
	req_init(&r, "/teams", ROLE_MANAGER); /* not under /team */
	page_begin(&r, "Elsewhere", "error.tpl");
	page_finish(&r, 200);
	ck_assert_ptr_null(strstr(body_of(&r), "aria-current"));
	req_free(&r);
}
END_TEST

START_TEST(layout_shows_flash_and_refused_save)
{
	preload_views();
	struct req r;
	req_init(&r, "/deals", ROLE_REP);
	snprintf(r.flash, sizeof(r.flash), "Deal saved at <Prospect>.");
	page_begin(&r, "My deals", "error.tpl");
	page_finish(&r, 200);
	ck_assert_ptr_nonnull(strstr(body_of(&r), "Deal saved at "
	                                          "&lt;Prospect&gt;."));
	ck_assert_ptr_null(strstr(body_of(&r), "Not saved:"));
	req_free(&r);

	req_init(&r, "/deals/new", ROLE_REP);
	r.save_refused = true;
	page_begin(&r, "Log a deal", "error.tpl");
	page_finish(&r, 422);
	ck_assert_ptr_nonnull(strstr(body_of(&r), "Not saved:"));
	req_free(&r);
}
END_TEST

/* A kept body goes into this request's own layout: its top bar and its
 * sign-out form, not those of whoever's request rendered it. */
START_TEST(kept_body_in_this_layout)
{
	preload_views();
	struct req r;
	req_init(&r, "/team", ROLE_MANAGER);
	const char body[] = "<p>kept team page</p>";
	page_finish_body(&r, 200, "Team", body, sizeof(body) - 1);
	ck_assert_int_eq(r.status, 200);
	const char *html = body_of(&r);
	ck_assert_ptr_nonnull(strstr(html, "<p>kept team page</p>"));
	ck_assert_ptr_null(strstr(html, "<!--gw:slot-->"));
	ck_assert_ptr_nonnull(strstr(html, "value=\"csrf-of-the-session\""));
	ck_assert_ptr_nonnull(strstr(html, "<title>Team · Groundwork</title>"));
	req_free(&r);
}
END_TEST

/* A page begun again starts afresh; one begun and discarded leaves
 * nothing behind. */
START_TEST(begin_again_and_discard)
{
	preload_views();
	struct req r;
	req_init(&r, "/x", ROLE_NONE);
	tmpl_dict *first = page_begin(&r, "First", "error.tpl");
	tmpl_set_str(first, "MESSAGE_TITLE", "from the first");
	tmpl_dict *second = page_begin(&r, "Second", "error.tpl");
	tmpl_set_str(second, "MESSAGE_TITLE", "from the second");
	page_finish(&r, 200);
	ck_assert_ptr_null(strstr(body_of(&r), "from the first"));
	ck_assert_ptr_nonnull(strstr(body_of(&r), "from the second"));
	page_begin(&r, "Dropped", "error.tpl");
	page_discard(&r);
	ck_assert_ptr_null(r.layout);
	page_discard(&r);     /* twice is harmless */
	page_finish(&r, 500); /* nothing begun: nothing changes */
	ck_assert_int_eq(r.status, 200);
	req_free(&r);
}
END_TEST

/* --- stages --------------------------------------------------------- */

START_TEST(stages_loaded)
{
	char path[512];
	struct req r;
	req_init(&r, "/deals", ROLE_REP);
	r.db = fixture_db("page", path, sizeof(path));
	struct stages s;
	ck_assert(page_load_stages(&r, &s));
	ck_assert_int_eq(s.n, 5);
	ck_assert_str_eq(s.list[0].name, "Prospect");
	ck_assert(!r.sent);
	db_close(r.db);
	req_free(&r);
}
END_TEST

/* Without the tables, the page answers 500 and shows only the id. */
START_TEST(stages_failing_answer_500)
{
	preload_views();
	char path[512];
	snprintf(path, sizeof(path), "%s/page-empty-%d.db", unit_tmpdir(),
	    (int)getpid());
	struct req r;
	req_init(&r, "/deals", ROLE_REP);
	r.db = db_open(path);
	ck_assert_ptr_nonnull(r.db);
	unit_quiet_stderr();
	struct stages s;
	ck_assert(!page_load_stages(&r, &s));
	ck_assert(r.sent);
	ck_assert_int_eq(r.status, 500);
	ck_assert_ptr_nonnull(strstr(body_of(&r), "00112233aabbccdd"));
	ck_assert_ptr_null(strstr(body_of(&r), "stages"));
	db_close(r.db);
	req_free(&r);
}
END_TEST

Suite *
suite_page(void)
{
	Suite *s = suite_create("page");
	TCase *tc = tcase_create("counts");
	tcase_add_test(tc, count_separates_thousands);
	tcase_add_test(tc, count_fits_its_buffer);
	tcase_add_test(tc, count_takes_its_noun);
	tcase_add_test(tc, time_in_the_configured_zone);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, text_shown_back_escaped);
	tcase_add_test(tc, text_bad_bytes_replaced);
	tcase_add_test(tc, text_nul_and_controls_replaced);
	tcase_add_test(tc, text_null_is_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("next_step");
	tcase_add_test(tc, next_step_missing);
	tcase_add_test(tc, next_step_overdue_today_later);
	tcase_add_test(tc, next_step_of_a_closed_deal);
	suite_add_tcase(s, tc);

	tc = tcase_create("layout");
	tcase_add_test(tc, layout_wraps_the_body);
	tcase_add_test(tc, layout_marks_one_current_link);
	tcase_add_test(tc, layout_no_link_for_a_path_under_none);
	tcase_add_test(tc, layout_shows_flash_and_refused_save);
	tcase_add_test(tc, kept_body_in_this_layout);
	tcase_add_test(tc, begin_again_and_discard);
	suite_add_tcase(s, tc);

	tc = tcase_create("stages");
	tcase_add_test(tc, stages_loaded);
	tcase_add_test(tc, stages_failing_answer_500);
	suite_add_tcase(s, tc);
	return s;
}
