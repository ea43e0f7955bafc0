/*
 * main.c - runs every unit suite.  Usage, from the repository root:
 *
 *   build/unit_tests
 *
 * CK_RUN_SUITE=db or CK_RUN_CASE=... narrow the run (Check reads
 * them); CK_EXCLUDE_TAGS=bug leaves out the tests that pin down bugs
 * reported but not yet fixed.
 *
 * Each test runs in its own forked process: the template tests rely on
 * that, because ctemplate's cache is process-wide and tmpl_preload()
 * freezes it.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static char scratch[] = "/tmp/gw-unit-XXXXXX";

const char *
unit_tmpdir(void)
{
	const char *dir = getenv("GW_TEST_TMP");
	ck_assert_msg(dir != NULL && *dir, "GW_TEST_TMP is not set");
	return dir;
}

void
unit_quiet_stderr(void)
{
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0)
		perror(path);
	return 0;
}

int
main(void)
{
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	setenv("GW_TEST_TMP", scratch, 1);
	/* Check ends a test after 4 s unless its case says otherwise: too
	 * little for a busy machine or the sanitizer build.  A generous
	 * bound (read as each case is made, below), unless one is given. */
	setenv("CK_DEFAULT_TIMEOUT", "60", 0);

	SRunner *sr = srunner_create(suite_util());
	srunner_add_suite(sr, suite_http());
	srunner_add_suite(sr, suite_config());
	srunner_add_suite(sr, suite_auth());
	srunner_add_suite(sr, suite_flash());
	srunner_add_suite(sr, suite_offsite());
	srunner_add_suite(sr, suite_db());
	srunner_add_suite(sr, suite_db_account());
	srunner_add_suite(sr, suite_tmpl());
	srunner_add_suite(sr, suite_views());
	srunner_add_suite(sr, suite_digest());
	srunner_add_suite(sr, suite_amount());
	srunner_add_suite(sr, suite_date());
	srunner_add_suite(sr, suite_pipeline());
	srunner_add_suite(sr, suite_route());
	srunner_add_suite(sr, suite_form());
	srunner_add_suite(sr, suite_db_deal());
	srunner_add_suite(sr, suite_db_step());
	srunner_add_suite(sr, suite_measures());
	srunner_add_suite(sr, suite_csv());
	srunner_add_suite(sr, suite_import_csv());
	srunner_add_suite(sr, suite_import());
	srunner_add_suite(sr, suite_coach());
	srunner_add_suite(sr, suite_db_coach());
	srunner_add_suite(sr, suite_page_cache());
	srunner_add_suite(sr, suite_db_team());
	srunner_add_suite(sr, suite_db_org());
	srunner_add_suite(sr, suite_rollup());
	srunner_add_suite(sr, suite_group_commit());
	srunner_add_suite(sr, suite_chart());
	srunner_add_suite(sr, suite_session());
	srunner_add_suite(sr, suite_resp());
	srunner_add_suite(sr, suite_page());
	srunner_add_suite(sr, suite_tiles());
	/* Forced, not read from CK_FORK: see the comment at the top. */
	srunner_set_fork_status(sr, CK_FORK);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? 0 : 1;
}
