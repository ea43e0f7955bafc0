/*
 * unit.h - the Check suites of the unit-test binary, one per module.
 * main.c runs them all.  Tests run from the repository root (they read
 * sql/ and views/); database and template tests write into the scratch
 * directory named by the GW_TEST_TMP environment variable.
 */
#ifndef GW_UNIT_H
#define GW_UNIT_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

/* One suite per module, named after it: suite_<module>() is in
 * test_<module>.c, and tests app/<module>.c (views: the templates). */
Suite *suite_amount(void);
Suite *suite_auth(void);
Suite *suite_chart(void);
Suite *suite_coach(void);
Suite *suite_config(void);
Suite *suite_csv(void);
Suite *suite_date(void);
Suite *suite_db(void);
Suite *suite_db_account(void);
Suite *suite_db_coach(void);
Suite *suite_db_deal(void);
Suite *suite_db_org(void);
Suite *suite_db_step(void);
Suite *suite_db_team(void);
Suite *suite_flash(void);
Suite *suite_form(void);
Suite *suite_group_commit(void);
Suite *suite_http(void);
Suite *suite_import(void);
Suite *suite_import_csv(void);
Suite *suite_measures(void);
Suite *suite_page(void);
Suite *suite_offsite(void);
Suite *suite_page_cache(void);
Suite *suite_pipeline(void);
Suite *suite_resp(void);
Suite *suite_rollup(void);
Suite *suite_route(void);
Suite *suite_session(void);
Suite *suite_tiles(void);
Suite *suite_tmpl(void);
Suite *suite_digest(void);
Suite *suite_util(void);
Suite *suite_views(void);

/* The team figures' cases of the measures suite (test_measures_team.c). */
void measures_team_cases(Suite *s);

/* fixture.c: a fresh database migrated from sql/ in the scratch
 * directory (its path written to path), and a team or user created in
 * a transaction of its own; each fails the test on any error. */
struct db;
struct db *fixture_db(const char *name, char *path, size_t size);
int64_t fixture_team(struct db *db, const char *name);
int64_t fixture_user(struct db *db, const char *email, const char *name,
    int role, int64_t team_id);

/* Two teams, each with a manager, and reps: two in A, one in B. The
 * admin is left to the suites that need one. */
struct fixture_people {
	int64_t team_a, team_b;
	int64_t mgr_a, mgr_b;
	int64_t rep_a1, rep_a2, rep_b1;
	int64_t admin;
};
void fixture_two_teams(struct db *db, struct fixture_people *who);

/* The scratch directory made by main.c (fails the test if unset). */
const char *unit_tmpdir(void);

/* For tests that provoke an error on purpose: sends this test
 * process's stderr to /dev/null, so the expected message is not
 * mistaken for a problem in the output.  Check reports failures over
 * its own channel, so nothing is lost. */
void unit_quiet_stderr(void);

#endif
