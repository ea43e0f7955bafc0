/*
 * test_tmpl.c - the ctemplate shim (app/tmpl.h).
 *
 * ctemplate's cache is process-wide and tmpl_preload() freezes it, so
 * every test here preloads its own directory.  That is safe because
 * main.c runs each test in its own forked process (CK_FORK); the runner
 * process itself never touches the cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpl.h"
#include "unit.h"

#define PRAGMA "{{%AUTOESCAPE context=\"HTML\"}}\n"

static char dir[512];

/* A new, empty template directory for this test. */
static const char *
make_dir(const char *tag)
{
	snprintf(dir, sizeof(dir), "%s/tpl-%s-%d", unit_tmpdir(), tag,
	    (int)getpid());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	return dir;
}

static void
put(const char *name, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* The directory most tests use: a page with every feature, and a
 * footer for the include. */
static void
preload_standard(void)
{
	make_dir("std");
	put("page.tpl", PRAGMA
	    "<p title=\"{{TITLE}}\">{{NAME}}</p>\n"
	    "<b>{{COUNT}}</b>\n"
	    "{{#SHOWN}}<i>shown</i>{{/SHOWN}}\n"
	    "{{#HIDDEN}}<i>hidden</i>{{/HIDDEN}}\n"
	    "<ul>{{#ROW}}<li>{{ITEM}}</li>{{/ROW}}</ul>\n"
	    "{{>FOOTER}}\n");
	put("footer.tpl", PRAGMA "<footer>{{NOTE}}</footer>\n");
	char err[256] = "";
	ck_assert_msg(tmpl_preload(dir, err, sizeof(err)) == 0,
	    "preload failed: %s", err);
}

/* Expands page.tpl with d; the caller frees the result. */
static char *
expand_page(tmpl_dict *d)
{
	size_t len = 0;
	char *out = tmpl_expand("page.tpl", d, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, strlen(out));
	return out;
}

#define ck_assert_has(hay, needle)                     \
	ck_assert_msg(strstr((hay), (needle)) != NULL, \
	    "expected \"%s\" in output:\n%s", (needle), (hay))
#define ck_assert_lacks(hay, needle)                   \
	ck_assert_msg(strstr((hay), (needle)) == NULL, \
	    "did not expect \"%s\" in output:\n%s", (needle), (hay))

START_TEST(preload_ok)
{
	make_dir("ok");
	put("a.tpl", PRAGMA "<p>a</p>\n");
	put("b.tpl", PRAGMA "<p>{{X}}</p>\n");
	put("notes.txt", "{{#NOT A TEMPLATE"); /* ignored: not *.tpl */
	char err[256] = "";
	ck_assert_int_eq(tmpl_preload(dir, err, sizeof(err)), 0);
	tmpl_dict *d = tmpl_dict_new("t");
	char *out = tmpl_expand("a.tpl", d, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "<p>a</p>\n");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

/* Values are HTML-escaped by the AUTOESCAPE pragma, in text and in a
 * quoted attribute alike. */
START_TEST(set_str_escapes)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	tmpl_set_str(d, "NAME", "<script>alert(\"x\")</script>");
	tmpl_set_str(d, "TITLE", "\"><b onmouseover='x'>&");
	char *out = expand_page(d);
	ck_assert_has(out, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	ck_assert_lacks(out, "<script");
	ck_assert_has(out,
	    "title=\"&quot;&gt;&lt;b onmouseover=&#39;x&#39;&gt;&amp;\"");
	ck_assert_lacks(out, "\"><b");
	ck_assert_lacks(out, "'x'");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

START_TEST(set_str_null_is_empty)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	tmpl_set_str(d, "NAME", NULL);
	char *out = expand_page(d);
	ck_assert_has(out, "<p title=\"\"></p>");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

START_TEST(set_int)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	tmpl_set_int(d, "COUNT", -42);
	char *out = expand_page(d);
	ck_assert_has(out, "<b>-42</b>");
	free(out);
	tmpl_set_int(d, "COUNT", 9007199254740993LL); /* beyond a double */
	out = expand_page(d);
	ck_assert_has(out, "<b>9007199254740993</b>");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

START_TEST(sections_shown_hidden)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	char *out = expand_page(d);
	ck_assert_lacks(out, "shown"); /* sections are hidden by default */
	ck_assert_lacks(out, "hidden");
	ck_assert_has(out, "<ul></ul>");
	free(out);

	tmpl_show_section(d, "SHOWN");
	out = expand_page(d);
	ck_assert_has(out, "<i>shown</i>");
	ck_assert_lacks(out, "hidden");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

/* Each tmpl_add_section() adds one repetition with its own values. */
START_TEST(sections_repeated)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	const char *items[] = { "a", "b", "<c>" };
	for (size_t i = 0; i < 3; i++) {
		tmpl_dict *row = tmpl_add_section(d, "ROW");
		ck_assert_ptr_nonnull(row);
		tmpl_set_str(row, "ITEM", items[i]);
	}
	char *out = expand_page(d);
	ck_assert_has(out, "<ul><li>a</li><li>b</li><li>&lt;c&gt;</li></ul>");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

START_TEST(include)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	char *out = expand_page(d);
	ck_assert_lacks(out, "<footer>"); /* unfilled include: nothing */
	free(out);

	tmpl_dict *foot = tmpl_add_include(d, "FOOTER", "footer.tpl");
	ck_assert_ptr_nonnull(foot);
	tmpl_set_str(foot, "NOTE", "Q&A <ok>");
	out = expand_page(d);
	ck_assert_has(out, "<footer>Q&amp;A &lt;ok&gt;</footer>");
	free(out);
	tmpl_dict_free(d);
}
END_TEST

START_TEST(expand_unknown)
{
	preload_standard();
	tmpl_dict *d = tmpl_dict_new("t");
	size_t len = 12345;
	ck_assert_ptr_null(tmpl_expand("missing.tpl", d, &len));
	ck_assert_ptr_null(tmpl_expand("", d, NULL));
	tmpl_dict_free(d);
}
END_TEST

/* After preload the cache is frozen: a template written to the
 * directory later is not read from disk. */
START_TEST(frozen_after_preload)
{
	preload_standard();
	put("late.tpl", PRAGMA "<p>late</p>\n");
	tmpl_dict *d = tmpl_dict_new("t");
	ck_assert_ptr_null(tmpl_expand("late.tpl", d, NULL));
	tmpl_dict_free(d);
}
END_TEST

START_TEST(preload_broken)
{
	unit_quiet_stderr(); /* ctemplate logs the parse error itself */
	make_dir("broken");
	put("good.tpl", PRAGMA "<p>fine</p>\n");
	put("zbad.tpl", PRAGMA "{{#OPEN}}<p>never closed</p>\n");
	char err[512] = "";
	ck_assert_int_eq(tmpl_preload(dir, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "zbad.tpl") != NULL,
	    "message does not name the file: %s", err);
}
END_TEST

START_TEST(preload_empty_or_missing)
{
	make_dir("empty");
	put("readme.txt", "no templates here\n");
	char err[512] = "";
	ck_assert_int_eq(tmpl_preload(dir, err, sizeof(err)), -1);
	ck_assert_msg(err[0] != '\0', "no message for an empty directory");

	char missing[600];
	snprintf(missing, sizeof(missing), "%s/nope", dir);
	err[0] = '\0';
	ck_assert_int_eq(tmpl_preload(missing, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "nope") != NULL,
	    "message does not name the directory: %s", err);
}
END_TEST

/* The project's own views must all parse (run from the repo root). */
START_TEST(views_preload)
{
	char err[512] = "";
	ck_assert_msg(tmpl_preload("views", err, sizeof(err)) == 0,
	    "views/ does not load: %s", err);
}
END_TEST

Suite *
suite_tmpl(void)
{
	Suite *s = suite_create("tmpl");
	TCase *tc = tcase_create("expand");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, preload_ok);
	tcase_add_test(tc, set_str_escapes);
	tcase_add_test(tc, set_str_null_is_empty);
	tcase_add_test(tc, set_int);
	tcase_add_test(tc, sections_shown_hidden);
	tcase_add_test(tc, sections_repeated);
	tcase_add_test(tc, include);
	tcase_add_test(tc, expand_unknown);
	tcase_add_test(tc, frozen_after_preload);
	suite_add_tcase(s, tc);

	tc = tcase_create("preload");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, preload_broken);
	tcase_add_test(tc, preload_empty_or_missing);
	tcase_add_test(tc, views_preload);
	suite_add_tcase(s, tc);
	return s;
}
