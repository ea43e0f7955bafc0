/*
 * test_views.c - rules every .tpl file in views/ must follow,
 * so no page can turn auto-escaping off:
 *
 *   1. the first non-empty line is exactly {{%AUTOESCAPE context="HTML"}}
 *   2. no {{...}} tag uses the :none modifier (which disables escaping)
 *   3. a {{VARIABLE}} inside a tag sits in a double-quoted attribute
 *      value: not unquoted (href={{X}}), not single-quoted
 *      (href='{{X}}'), not in place of an attribute (<p {{X}}>).
 *      A plain "no ={{" search is not enough: it would also refuse
 *      href="/deals?status={{S}}", which is quoted and safe.
 *
 * The checker is tested on small samples first, so a silent checker
 * cannot make the views test pass.
 */
#include <ctype.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define VIEWS_GLOB "views/*.tpl"
#define REQUIRED_PRAGMA "{{%AUTOESCAPE context=\"HTML\"}}"

/* NULL when text follows the rules, else a description of the first
 * problem (in a static buffer). */
static const char *
policy_problem(const char *text)
{
	static char why[256];

	/* Rule 1: skip lines holding only whitespace. */
	const char *p = text;
	for (;;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (strspn(p, " \t\r") < len) {
			if (len != strlen(REQUIRED_PRAGMA) ||
			    strncmp(p, REQUIRED_PRAGMA, len) != 0) {
				snprintf(why, sizeof(why),
				    "first non-empty line is \"%.*s\", not %s",
				    (int)(len > 80 ? 80 : len), p,
				    REQUIRED_PRAGMA);
				return why;
			}
			break;
		}
		if (eol == NULL) {
			snprintf(why, sizeof(why), "no %s line",
			    REQUIRED_PRAGMA);
			return why;
		}
		p = eol + 1;
	}

	/* Rule 2: :none inside any tag. */
	for (p = strstr(text, "{{"); p; p = strstr(p, "{{")) {
		const char *end = strstr(p, "}}");
		if (end == NULL) {
			snprintf(why, sizeof(why), "unterminated tag: %.40s",
			    p);
			return why;
		}
		for (const char *q = strstr(p, ":none"); q && q < end;
		     q = strstr(q + 1, ":none")) {
			snprintf(why, sizeof(why), ":none modifier in %.*s",
			    (int)(end + 2 - p), p);
			return why;
		}
		p = end + 2;
	}

	/* Rule 3: walk the markup, tracking whether we are inside a tag
	 * and inside a quoted attribute value.  A variable inside a tag
	 * must be inside double quotes; section markers ({{#S}}, {{/S}})
	 * may stand between attributes. */
	bool in_tag = false;
	char quote = 0;
	for (p = text; *p;) {
		if (p[0] == '{' && p[1] == '{') {
			const char *end = strstr(p, "}}"); /* found by rule 2 */
			bool variable = strchr("#/!>%", p[2]) == NULL;
			if (in_tag && variable && quote != '"') {
				snprintf(why, sizeof(why),
				    "%.*s is in a tag but not "
				    "in a double-quoted attribute value",
				    (int)(end + 2 - p), p);
				return why;
			}
			p = end + 2;
			continue;
		}
		if (!in_tag) {
			if (strncmp(p, "<!--", 4) == 0) {
				const char *close = strstr(p + 4, "-->");
				if (close == NULL)
					break;
				p = close + 3;
				continue;
			}
			if (p[0] == '<' &&
			    (isalpha((unsigned char)p[1]) || p[1] == '/')) {
				in_tag = true;
				quote = 0;
			}
		} else if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			in_tag = false;
		}
		p++;
	}
	return NULL;
}

/* --- the checker itself -------------------------------------------- */

START_TEST(checker_accepts_good)
{
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA
	    "\n"
	    "<a href=\"/deals/{{ID}}\" title=\"{{TITLE}}\">{{NAME}}</a>\n"
	    "{{#ROWS}}<td class=\"x\">{{VALUE}}</td>{{/ROWS}}\n"
	    "{{!-- comment --}}{{>FOOTER}}\n"
	    "<p>Choose :none of these</p>\n"));
	/* Blank lines before the pragma are allowed. */
	ck_assert_ptr_null(policy_problem("\n  \n" REQUIRED_PRAGMA
	                                  "\n<p></p>\n"));
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA));
}
END_TEST

START_TEST(checker_requires_pragma)
{
	ck_assert_ptr_nonnull(policy_problem(""));
	ck_assert_ptr_nonnull(policy_problem("\n\n"));
	ck_assert_ptr_nonnull(policy_problem("<p>{{X}}</p>\n"));
	ck_assert_ptr_nonnull(policy_problem("<p></p>\n" REQUIRED_PRAGMA "\n"));
	ck_assert_ptr_nonnull(
	    policy_problem("{{%AUTOESCAPE context=\"JAVASCRIPT\"}}\n"));
	ck_assert_ptr_nonnull(
	    policy_problem("{{%AUTOESCAPE context=\"HTML\"}} <p></p>\n"));
	ck_assert_ptr_nonnull(policy_problem(
	    "{{%AUTOESCAPE context=\"HTML\" state=\"IN_TAG\"}}\n"));
	ck_assert_ptr_nonnull(policy_problem(" " REQUIRED_PRAGMA "\n"));
}
END_TEST

START_TEST(checker_refuses_none)
{
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<p>{{BODY:none}}</p>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<p>{{BODY:h:none}}</p>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<p>{{A}} and {{ B:none }}</p>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA "\n<p>{{A\n"));
}
END_TEST

START_TEST(checker_refuses_unquoted_attr)
{
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<a href={{URL}}>x</a>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<a href='{{URL}}'>x</a>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<a class=\"x\" href={{URL}}>x</a>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<input {{ATTRS}}>\n"));
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<input{{#S}} value={{V}}{{/S}}>\n"));
	/* After a closed quote, the next variable is outside quotes. */
	ck_assert_ptr_nonnull(policy_problem(REQUIRED_PRAGMA
	    "\n<a title=\"t\" {{X}}>x</a>\n"));
}
END_TEST

/* What rule 3 must let through: quoted values with '=' before the
 * variable, section markers between attributes, '=' in text. */
START_TEST(checker_accepts_quoted_attr)
{
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA
	    "\n<a href=\"/deals?status={{S}}&amp;q={{Q}}\">x</a>\n"));
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA
	    "\n<option value=\"{{ID}}\"{{#SEL}} selected{{/SEL}}>{{N}}</option>"));
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA
	    "\n<input{{#BAD}} aria-invalid=\"true\"{{/BAD}}>\n"));
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA
	    "\n<p>total={{TOTAL}} and 1 < 2 > 0 {{X}}</p>\n"));
	ck_assert_ptr_null(policy_problem(REQUIRED_PRAGMA
	    "\n<p title=\"it's {{X}}\">{{Y}}</p>\n"));
}
END_TEST

/* --- the real views ------------------------------------------------- */

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	ck_assert_msg(strlen(text) == len, "%s holds a NUL byte", path);
	return text;
}

START_TEST(views_follow_policy)
{
	glob_t g;
	int rc = glob(VIEWS_GLOB, 0, NULL, &g);
	ck_assert_msg(rc == 0 && g.gl_pathc > 0,
	    "no templates match %s (run the tests from the repository root; "
	    "the project always has templates)",
	    VIEWS_GLOB);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *text = slurp(g.gl_pathv[i]);
		const char *why = policy_problem(text);
		free(text);
		ck_assert_msg(why == NULL, "%s: %s", g.gl_pathv[i], why);
	}
	globfree(&g);
}
END_TEST

Suite *
suite_views(void)
{
	Suite *s = suite_create("views");
	TCase *tc = tcase_create("checker");
	tcase_add_test(tc, checker_accepts_good);
	tcase_add_test(tc, checker_requires_pragma);
	tcase_add_test(tc, checker_refuses_none);
	tcase_add_test(tc, checker_refuses_unquoted_attr);
	tcase_add_test(tc, checker_accepts_quoted_attr);
	suite_add_tcase(s, tc);

	tc = tcase_create("views");
	tcase_add_test(tc, views_follow_policy);
	suite_add_tcase(s, tc);
	return s;
}
