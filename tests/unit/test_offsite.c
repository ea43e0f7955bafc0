/*
 * test_offsite.c - the off-site backups' health (app/offsite.h): the
 * state file keeps what it is given, and the lines doctor and
 * /admin/offsite show warn about a snapshot older than three intervals,
 * a failure no snapshot has followed and a failed check, and only
 * note what is not configured or already past.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "offsite.h"
#include "unit.h"

#define MIN 60
static const int64_t now = 1800000000;

static void
setup(void)
{
	config_defaults(&cfg);
	snprintf(cfg.db, sizeof(cfg.db), "%s/gw.db", unit_tmpdir());
	cfg.offsite_interval = 5;
}

static struct offsite_state
fresh_state(void)
{
	struct offsite_state s;
	memset(&s, 0, sizeof(s));
	s.ok_at = now - 4 * MIN;
	strcpy(s.ok_snapshot, "abcd1234");
	s.ok_added = 3 * 1024 * 1024;
	s.check_at = now - 3600;
	s.check_ok = true;
	return s;
}

START_TEST(state_round_trip)
{
	struct offsite_state s = fresh_state(), back;
	s.fail_at = now - 7 * MIN;
	strcpy(s.fail_why, "upload: the repository host is unreachable\n"
	                   "(connection refused)");
	s.prune_at = now - 100;
	ck_assert_int_eq(offsite_state_write(&s), 0);
	ck_assert_int_eq(offsite_state_read(&back), 0);
	ck_assert_int_eq(back.ok_at, s.ok_at);
	ck_assert_str_eq(back.ok_snapshot, "abcd1234");
	ck_assert_int_eq(back.ok_added, s.ok_added);
	ck_assert_int_eq(back.fail_at, s.fail_at);
	/* One line per value: a newline in a message cannot add a key. */
	ck_assert_str_eq(back.fail_why, "upload: the repository host is "
	                                "unreachable (connection refused)");
	ck_assert(back.check_ok);
	ck_assert_int_eq(back.prune_at, s.prune_at);
}
END_TEST

START_TEST(missing_state_is_empty)
{
	struct offsite_state s;
	memset(&s, 0x55, sizeof(s));
	snprintf(cfg.db, sizeof(cfg.db), "%s/no-such-dir/gw.db", unit_tmpdir());
	ck_assert_int_eq(offsite_state_read(&s), 0);
	ck_assert_int_eq(s.ok_at, 0);
	ck_assert_int_eq(s.fail_at, 0);
}
END_TEST

START_TEST(fresh_snapshot_is_ok)
{
	struct offsite_state s = fresh_state();
	struct offsite_line l[OFFSITE_LINES];
	ck_assert_int_eq(offsite_health(&s, true, now, l), 3);
	ck_assert_int_eq(l[0].level, OFFSITE_OK);
	ck_assert_ptr_nonnull(strstr(l[0].what, "abcd1234"));
	ck_assert_ptr_nonnull(strstr(l[0].what, "4 min ago"));
	ck_assert_ptr_nonnull(strstr(l[0].what, "added 3.0 MiB"));
	ck_assert_int_eq(l[1].level, OFFSITE_OK);
	ck_assert_int_eq(l[2].level, OFFSITE_OK);
}
END_TEST

/* Three intervals of 5 minutes: 15 is still fine, 16 is a warning. */
START_TEST(older_than_three_intervals_warns)
{
	struct offsite_state s = fresh_state();
	struct offsite_line l[OFFSITE_LINES];
	s.ok_at = now - 15 * MIN;
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[0].level, OFFSITE_OK);
	s.ok_at = now - 16 * MIN;
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[0].level, OFFSITE_WARNING);
	ck_assert_ptr_nonnull(strstr(l[0].what, "older than three intervals"));
	cfg.offsite_interval = 10; /* the interval is the config's */
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[0].level, OFFSITE_OK);
}
END_TEST

START_TEST(failure_since_last_snapshot_warns)
{
	struct offsite_state s = fresh_state();
	struct offsite_line l[OFFSITE_LINES];
	s.fail_at = now - MIN;
	s.failing = true;
	strcpy(s.fail_why, "upload: wrong password for the off-site "
	                   "repository");
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[1].level, OFFSITE_WARNING);
	ck_assert_ptr_nonnull(strstr(l[1].what, "wrong password"));
	/* A later snapshot makes it history: a note, not a warning, even
	 * within the same second. */
	s.ok_at = s.fail_at;
	s.failing = false;
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[1].level, OFFSITE_NOTE);
	ck_assert_ptr_nonnull(strstr(l[1].what, "an earlier"));
}
END_TEST

START_TEST(failed_check_warns)
{
	struct offsite_state s = fresh_state();
	struct offsite_line l[OFFSITE_LINES];
	s.check_ok = false;
	strcpy(s.check_why, "check: restic: Fatal: repository contains "
	                    "errors");
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[2].level, OFFSITE_WARNING);
	ck_assert_ptr_nonnull(strstr(l[2].what, "contains errors"));
	s.check_at = 0;
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[2].level, OFFSITE_NOTE);
}
END_TEST

START_TEST(configured_without_snapshot_warns)
{
	struct offsite_state s;
	memset(&s, 0, sizeof(s));
	struct offsite_line l[OFFSITE_LINES];
	offsite_health(&s, true, now, l);
	ck_assert_int_eq(l[0].level, OFFSITE_WARNING);
	ck_assert_str_eq(l[0].what, "no off-site snapshot yet");
}
END_TEST

START_TEST(not_configured_is_a_note)
{
	struct offsite_state s;
	memset(&s, 0, sizeof(s));
	struct offsite_line l[OFFSITE_LINES];
	ck_assert_int_eq(offsite_health(&s, false, now, l), 1);
	ck_assert_int_eq(l[0].level, OFFSITE_NOTE);
	ck_assert_ptr_nonnull(strstr(l[0].what, "do not survive"));
}
END_TEST

START_TEST(ages_and_sizes_for_people)
{
	char b[40];
	offsite_format_age(b, sizeof(b), 59);
	ck_assert_str_eq(b, "59 s");
	offsite_format_age(b, sizeof(b), 3 * 3600 + 5 * 60);
	ck_assert_str_eq(b, "3 h 5 min");
	offsite_format_age(b, sizeof(b), 2 * 86400 + 3600);
	ck_assert_str_eq(b, "2 d 1 h");
	offsite_format_size(b, sizeof(b), 512);
	ck_assert_str_eq(b, "512 B");
	offsite_format_size(b, sizeof(b), 1536);
	ck_assert_str_eq(b, "1.5 KiB");
}
END_TEST

Suite *
suite_offsite(void)
{
	Suite *s = suite_create("offsite");
	TCase *tc = tcase_create("health");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, state_round_trip);
	tcase_add_test(tc, missing_state_is_empty);
	tcase_add_test(tc, fresh_snapshot_is_ok);
	tcase_add_test(tc, older_than_three_intervals_warns);
	tcase_add_test(tc, failure_since_last_snapshot_warns);
	tcase_add_test(tc, failed_check_warns);
	tcase_add_test(tc, configured_without_snapshot_warns);
	tcase_add_test(tc, not_configured_is_a_note);
	tcase_add_test(tc, ages_and_sizes_for_people);
	suite_add_tcase(s, tc);
	return s;
}
