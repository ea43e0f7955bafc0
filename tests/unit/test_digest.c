/*
 * test_digest.c - the emails (app/digest.c, digest_content.c, tz.c,
 * mail.c): when each kind is due in its reader's own time zone, across
 * the daylight-saving switches of Europe/Berlin and America/New_York;
 * which zone names the settings take; what each email says, and that
 * nothing is sent when there is nothing to say; the outbox's claim
 * that lets (user, kind, period) go out once; the message's MIME form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "db_deal.h"
#include "db_mail.h"
#include "digest.h"
#include "mail.h"
#include "offsite.h"
#include "tz.h"
#include "unit.h"
#include "util.h"

/* A UTC instant from its parts. */
static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return (int64_t)timegm(&tm);
}

/* Is kind due at t in zone for Monday (day 1) or `day` at hour? */
static bool
due_at(const char *zone, enum digest_kind kind, int day, int hour, int64_t t,
    char period[11])
{
	struct tm local;
	tz_local(zone, t, &local);
	period[0] = '\0';
	return digest_due(kind, &local, day, hour, period);
}

/* --- due-ness and time zones ---------------------------------------- */

/* Monday 08:00 in Berlin is 07:00 UTC in winter and 06:00 UTC once
 * summer time starts (Sunday 29 March 2026). */
START_TEST(berlin_monday_follows_summer_time)
{
	char p[11];
	ck_assert(!due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 23, 6, 59), p));
	ck_assert(due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 23, 7, 0), p));
	ck_assert_str_eq(p, "2026-03-23");
	ck_assert(!due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 30, 5, 59), p));
	ck_assert(due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 30, 6, 0), p));
	ck_assert_str_eq(p, "2026-03-30");
	/* Back to winter time on Sunday 25 October: 07:00 UTC again. */
	ck_assert(!due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 10, 26, 6, 59), p));
	ck_assert(due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 10, 26, 7, 0), p));
}
END_TEST

/* New York switches on other Sundays (8 March, 1 November 2026):
 * Monday 08:00 is 13:00 UTC in winter, 12:00 UTC in summer. */
START_TEST(new_york_monday_follows_its_own_switch)
{
	char p[11];
	ck_assert(due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 2, 13, 0), p));
	ck_assert(!due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 2, 12, 59), p));
	ck_assert(due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 9, 12, 0), p));
	ck_assert(!due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 9, 11, 59), p));
	/* 23 March: summer time in New York, still winter in Berlin. */
	ck_assert(due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 23, 12, 0), p));
	ck_assert(!due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 23, 6, 0), p));
	ck_assert(!due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 11, 2, 12, 59), p));
	ck_assert(due_at("America/New_York", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 11, 2, 13, 0), p));
}
END_TEST

/* An hour the spring switch skips (02:00 in Berlin on 29 March) is
 * reached at the first moment after it: 03:00 summer time. */
START_TEST(skipped_hour_is_due_after_the_jump)
{
	char p[11];
	ck_assert(!due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 7, 2,
	    utc(2026, 3, 29, 0, 59), p));
	ck_assert(due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 7, 2,
	    utc(2026, 3, 29, 1, 0), p));
	ck_assert_str_eq(p, "2026-03-29");
}
END_TEST

/* The autumn switch repeats 02:00-03:00 in Berlin (25 October): both
 * passes name the same period, so the outbox keeps one email. */
START_TEST(repeated_hour_is_one_period)
{
	char first[11], second[11];
	ck_assert(due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 7, 2,
	    utc(2026, 10, 25, 0, 0), first));
	ck_assert(due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 7, 2,
	    utc(2026, 10, 25, 1, 0), second));
	ck_assert_str_eq(first, "2026-10-25");
	ck_assert_str_eq(second, first);
}
END_TEST

/* The period is the reader's own day, not UTC's: Monday evening in New
 * York is already Tuesday in UTC. */
START_TEST(period_is_the_local_day)
{
	char p[11];
	ck_assert(due_at("America/New_York", DIGEST_REP_DAILY, 1, 8,
	    utc(2026, 3, 10, 2, 0), p));
	ck_assert_str_eq(p, "2026-03-09");
}
END_TEST

/* Reps hear from Groundwork on working days only; weekly kinds only
 * on their day. */
START_TEST(daily_skips_weekends_weekly_keeps_its_day)
{
	char p[11];
	/* Saturday 28 and Sunday 29 March, noon in Berlin. */
	ck_assert(!due_at("Europe/Berlin", DIGEST_REP_DAILY, 1, 8,
	    utc(2026, 3, 28, 11, 0), p));
	ck_assert(!due_at("Europe/Berlin", DIGEST_REP_DAILY, 1, 8,
	    utc(2026, 3, 29, 10, 0), p));
	ck_assert(due_at("Europe/Berlin", DIGEST_REP_DAILY, 1, 8,
	    utc(2026, 3, 27, 11, 0), p)); /* Friday */
	ck_assert(!due_at("Europe/Berlin", DIGEST_MANAGER_WEEKLY, 1, 8,
	    utc(2026, 3, 24, 11, 0), p)); /* Tuesday */
	ck_assert(due_at("Europe/Berlin", DIGEST_ADMIN_WEEKLY, 2, 8,
	    utc(2026, 3, 24, 11, 0), p)); /* Tuesday, chosen */
}
END_TEST

START_TEST(zone_names_from_the_database_only)
{
	ck_assert(tz_valid("Europe/Berlin"));
	ck_assert(tz_valid("America/New_York"));
	ck_assert(tz_valid("UTC"));
	ck_assert(!tz_valid("Mars/Olympus_Mons"));
	ck_assert(!tz_valid(""));
	ck_assert(!tz_valid("/etc/passwd"));
	ck_assert(!tz_valid("../../etc/passwd"));
	ck_assert(!tz_valid("Europe/../Europe/Berlin"));
	ck_assert(!tz_valid("Europe/Berlin "));
	/* A directory of the database is not a zone. */
	ck_assert(!tz_valid("Europe"));
}
END_TEST

/* tz_local leaves the zone in use as it was. */
START_TEST(local_time_leaves_the_zone_alone)
{
	tz_use("America/New_York");
	struct tm tm;
	tz_local("Europe/Berlin", utc(2026, 1, 5, 12, 0), &tm);
	ck_assert_int_eq(tm.tm_hour, 13);
	ck_assert_str_eq(tz_current(), "America/New_York");
	char day[DATE_SIZE];
	date_of(utc(2026, 1, 5, 3, 0), day); /* 22:00 the day before */
	ck_assert_str_eq(day, "2026-01-04");
}
END_TEST

/* --- content -------------------------------------------------------- */

static struct db *db;
static char dbpath[512];
static struct fixture_people who;

static void
setup(void)
{
	config_defaults(&cfg);
	str_copy(cfg.base_url, sizeof(cfg.base_url), "https://crm.example.com");
	char err[256];
	ck_assert_msg(tmpl_preload("views", err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(auth_init(), 0);
	db = fixture_db("digest", dbpath, sizeof(dbpath));
	fixture_two_teams(db, &who);
	/* Off-site backups: not configured, no state beside the database,
	 * whatever this machine has in /etc. */
	str_copy(cfg.db, sizeof(cfg.db), dbpath);
	snprintf(cfg.offsite_file, sizeof(cfg.offsite_file),
	    "%s/no-offsite.conf", unit_tmpdir());
	char state[600];
	offsite_state_path(state, sizeof(state));
	unlink(state);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

static int64_t
add_deal(int64_t owner, int64_t team, const char *company, const char *step,
    const char *due, int64_t now)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	str_copy(d.company, sizeof(d.company), company);
	str_copy(d.currency, sizeof(d.currency), "USD");
	str_copy(d.next_step, sizeof(d.next_step), step);
	str_copy(d.next_step_due, sizeof(d.next_step_due), due);
	d.stage_id = 1;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_create(db, &d, now), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	return d.id;
}

static struct recipient
recipient(int64_t id, const char *zone)
{
	struct recipient rc;
	memset(&rc, 0, sizeof(rc));
	ck_assert_int_eq(user_get_by_id(db, id, &rc.user), DB_OK);
	settings_defaults(&rc.set);
	str_copy(rc.set.timezone, sizeof(rc.set.timezone), zone);
	return rc;
}

/* A rep whose deals all have a next step due later hears nothing. */
START_TEST(rep_with_nothing_due_gets_nothing)
{
	int64_t now = utc(2026, 3, 9, 9, 0);
	add_deal(who.rep_a1, who.team_a, "Later Ltd", "Call", "2026-03-20",
	    now);
	struct recipient rc = recipient(who.rep_a1, "");
	struct digest_mail m;
	ck_assert_int_eq(digest_build(db, DIGEST_REP_DAILY, &rc, now, "tok", &m),
	    DB_OK);
	ck_assert(m.empty);
	ck_assert_uint_eq(m.msg.len, 0);
	buf_free(&m.msg);
}
END_TEST

/* Overdue, due today (in the rep's zone) and missing next steps are
 * named, each with a link to its deal; later ones and another rep's
 * are not. */
START_TEST(rep_reminder_names_due_and_missing_steps)
{
	int64_t now = utc(2026, 3, 10, 2, 0); /* 9 March, 22:00 in New York */
	int64_t late = add_deal(who.rep_a1, who.team_a, "Overdue & Co",
	    "Send <the> quote", "2026-03-05", now - 30 * 86400);
	int64_t today = add_deal(who.rep_a1, who.team_a, "Today Inc", "Demo",
	    "2026-03-09", now - 30 * 86400);
	int64_t none = add_deal(who.rep_a1, who.team_a, "Blank Corp", "", "",
	    now);
	add_deal(who.rep_a1, who.team_a, "Tomorrow AG", "Call", "2026-03-10",
	    now - 30 * 86400);
	add_deal(who.rep_a2, who.team_a, "Someone Else", "Call", "2026-03-01",
	    now - 30 * 86400);
	struct recipient rc = recipient(who.rep_a1, "America/New_York");
	struct digest_mail m;
	ck_assert_int_eq(digest_build(db, DIGEST_REP_DAILY, &rc, now, "tok", &m),
	    DB_OK);
	ck_assert(!m.empty);
	const char *s = m.msg.data;
	ck_assert_str_eq(m.subject, "Your next steps for 2026-03-09");
	char url[128];
	snprintf(url, sizeof(url), "https://crm.example.com/deals/%lld",
	    (long long)late);
	ck_assert_ptr_nonnull(strstr(s, url));
	snprintf(url, sizeof(url), "https://crm.example.com/deals/%lld",
	    (long long)today);
	ck_assert_ptr_nonnull(strstr(s, url));
	snprintf(url, sizeof(url), "https://crm.example.com/deals/%lld",
	    (long long)none);
	ck_assert_ptr_nonnull(strstr(s, url));
	ck_assert_ptr_null(strstr(s, "Tomorrow AG"));
	ck_assert_ptr_null(strstr(s, "Someone Else"));
	/* The text part reads as typed; the HTML part is escaped. */
	ck_assert_ptr_nonnull(strstr(s,
	    "Overdue & Co: Send <the> quote (due 2026-03-05, 4 days overdue)"));
	ck_assert_ptr_nonnull(strstr(s, "Overdue &amp; Co"));
	ck_assert_ptr_nonnull(strstr(s, "4 days overdue"));
	buf_free(&m.msg);
}
END_TEST

/* An admin with no managers to compare hears nothing; a manager with
 * no team hears nothing. */
START_TEST(weekly_with_nothing_to_compare_is_empty)
{
	int64_t now = utc(2026, 3, 9, 9, 0);
	int64_t lone = fixture_user(db, "lone@example.com", "Lone Manager",
	    ROLE_MANAGER, 0);
	struct recipient rc = recipient(lone, "");
	struct digest_mail m;
	ck_assert_int_eq(digest_build(db, DIGEST_MANAGER_WEEKLY, &rc, now,
	                     "tok", &m),
	    DB_OK);
	ck_assert(m.empty);
	buf_free(&m.msg);
}
END_TEST

/* The admin's week leads with an off-site snapshot older than three
 * intervals, as doctor does; a fresh one adds nothing. */
START_TEST(admin_week_warns_of_a_stale_offsite_snapshot)
{
	int64_t now = utc(2026, 3, 9, 9, 0);
	snprintf(cfg.offsite_file, sizeof(cfg.offsite_file),
	    "%s/offsite-digest.conf", unit_tmpdir());
	FILE *f = fopen(cfg.offsite_file, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	struct offsite_state s;
	memset(&s, 0, sizeof(s));
	s.ok_at = now - 60; /* fresh: one minute old */
	str_copy(s.ok_snapshot, sizeof(s.ok_snapshot), "fresh1");
	ck_assert_int_eq(offsite_state_write(&s), 0);
	int64_t admin = fixture_user(db, "boss@example.com", "Ada Admin",
	    ROLE_ADMIN, 0);
	struct recipient rc = recipient(admin, "");
	struct digest_mail m;
	ck_assert_int_eq(digest_build(db, DIGEST_ADMIN_WEEKLY, &rc, now, "tok",
	                     &m),
	    DB_OK);
	ck_assert_ptr_null(strstr(m.msg.data ? m.msg.data : "", "OFF-SITE"));
	buf_free(&m.msg);
	s.ok_at = now - 3600; /* an hour: twelve 5-minute intervals */
	ck_assert_int_eq(offsite_state_write(&s), 0);
	ck_assert_int_eq(digest_build(db, DIGEST_ADMIN_WEEKLY, &rc, now, "tok",
	                     &m),
	    DB_OK);
	ck_assert(!m.empty);
	ck_assert_ptr_nonnull(strstr(m.msg.data, "OFF-SITE BACKUPS: "));
	buf_free(&m.msg);
	unlink(cfg.offsite_file);
}
END_TEST

/* The manager's week names their team's reps and links only into it. */
START_TEST(manager_week_covers_the_team)
{
	int64_t now = utc(2026, 3, 9, 9, 0);
	add_deal(who.rep_a1, who.team_a, "Stuck Early", "Call", "2026-01-10",
	    now - 60 * 86400);
	add_deal(who.rep_b1, who.team_b, "Other Team", "Call", "2026-01-10",
	    now - 60 * 86400);
	struct recipient rc = recipient(who.mgr_a, "Europe/Berlin");
	struct digest_mail m;
	ck_assert_int_eq(digest_build(db, DIGEST_MANAGER_WEEKLY, &rc, now,
	                     "tok", &m),
	    DB_OK);
	ck_assert(!m.empty);
	const char *s = m.msg.data;
	ck_assert_ptr_nonnull(strstr(s, "Stuck Early"));
	ck_assert_ptr_null(strstr(s, "Other Team"));
	ck_assert_ptr_nonnull(strstr(s, "STALLED EARLY DEALS"));
	ck_assert_ptr_nonnull(strstr(s, "NEW DEALS LAST WEEK"));
	ck_assert_ptr_nonnull(strstr(s, "/team/coaching"));
	buf_free(&m.msg);
}
END_TEST

/* --- the message ---------------------------------------------------- */

START_TEST(message_has_the_headers_and_both_parts)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	str_copy(u.email, sizeof(u.email), "ines@example.com");
	str_copy(u.name, sizeof(u.name), "Inès Moreau");
	struct digest_mail m;
	ck_assert_int_eq(digest_build_test(&u, utc(2026, 3, 9, 9, 0), &m),
	    DB_OK);
	const char *s = m.msg.data;
	ck_assert_ptr_nonnull(strstr(s,
	    "\nDate: Mon, 09 Mar 2026 09:00:00 +0000\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "From: Groundwork <groundwork@crm.example.com>\n"));
	ck_assert_ptr_nonnull(strstr(s, "To: =?UTF-8?B?"));
	ck_assert_ptr_nonnull(strstr(s, "\nMessage-ID: <"));
	ck_assert_ptr_nonnull(strstr(s, "\nAuto-Submitted: auto-generated\n"));
	ck_assert_ptr_nonnull(strstr(s, "multipart/alternative"));
	ck_assert_ptr_nonnull(strstr(s,
	    "Content-Type: text/plain; charset=utf-8"));
	ck_assert_ptr_nonnull(strstr(s,
	    "Content-Type: text/html; charset=utf-8"));
	/* The test email has no unsubscribe link: nothing to turn off. */
	ck_assert_ptr_null(strstr(s, "List-Unsubscribe"));
	buf_free(&m.msg);
}
END_TEST

START_TEST(unescape_undoes_html_escaping_only)
{
	char s[] = "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &amp;amp; &x;";
	mail_unescape(s);
	ck_assert_str_eq(s, "a & b <c> \"d\" 'e' &amp; &x;");
}
END_TEST

/* --- the outbox ----------------------------------------------------- */

/* A second claim of the same (user, kind, period), as a second run or a
 * second timer firing makes, is refused and changes nothing. */
START_TEST(outbox_claims_each_period_once)
{
	unsigned char h1[32] = { 1 }, h2[32] = { 2 };
	int64_t id = 0, id2 = 0;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(outbox_claim(db, who.rep_a1, "rep_daily", "2026-03-09",
	                     h1, 100, &id),
	    DB_OK);
	ck_assert_int_eq(outbox_claim(db, who.rep_a1, "rep_daily", "2026-03-09",
	                     h2, 101, &id2),
	    DB_CONFLICT);
	ck_assert_int_eq(outbox_note_empty(db, who.rep_a1, "rep_daily",
	                     "2026-03-09", 102),
	    DB_CONFLICT);
	/* The next day, or another kind, is another email. */
	ck_assert_int_eq(outbox_claim(db, who.rep_a1, "rep_daily", "2026-03-10",
	                     h2, 103, &id2),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(outbox_has(db, who.rep_a1, "rep_daily", "2026-03-09"),
	    DB_OK);
	ck_assert_int_eq(outbox_has(db, who.rep_a2, "rep_daily", "2026-03-09"),
	    DB_NOTFOUND);
	int64_t uid = 0;
	char kind[32];
	ck_assert_int_eq(outbox_by_token(db, h1, &uid, kind, sizeof(kind)),
	    DB_OK);
	ck_assert_int_eq(uid, who.rep_a1);
	ck_assert_str_eq(kind, "rep_daily");
}
END_TEST

/* A refused email waits longer each time, and only a row waiting for
 * another try can be taken again, by one run. */
START_TEST(outbox_retries_back_off_and_reclaim_once)
{
	ck_assert_int_eq(digest_retry_wait(1), 300);
	ck_assert_int_eq(digest_retry_wait(2), 600);
	ck_assert_int_eq(digest_retry_wait(4), 2400);
	unsigned char h[32] = { 3 };
	int64_t id = 0;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(outbox_claim(db, who.rep_a1, "rep_daily", "2026-03-09",
	                     h, 100, &id),
	    DB_OK);
	ck_assert_int_eq(outbox_reclaim(db, id, h, 150), DB_CONFLICT);
	ck_assert_int_eq(outbox_mark_refused(db, id, "550 no such user", 400,
	                     false),
	    DB_OK);
	ck_assert_int_eq(outbox_reclaim(db, id, h, 450), DB_OK);
	ck_assert_int_eq(outbox_reclaim(db, id, h, 451), DB_CONFLICT);
	ck_assert_int_eq(outbox_mark_refused(db, id, "550 no such user", 0,
	                     true),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	int64_t counts[OUTBOX__MAX];
	ck_assert_int_eq(outbox_counts(db, counts), DB_OK);
	ck_assert_int_eq(counts[OUTBOX_FAILED], 1);
	ck_assert_int_eq(counts[OUTBOX_RETRY], 0);
}
END_TEST

Suite *
suite_digest(void)
{
	Suite *s = suite_create("digest");
	TCase *tc = tcase_create("due");
	tcase_add_test(tc, berlin_monday_follows_summer_time);
	tcase_add_test(tc, new_york_monday_follows_its_own_switch);
	tcase_add_test(tc, skipped_hour_is_due_after_the_jump);
	tcase_add_test(tc, repeated_hour_is_one_period);
	tcase_add_test(tc, period_is_the_local_day);
	tcase_add_test(tc, daily_skips_weekends_weekly_keeps_its_day);
	tcase_add_test(tc, zone_names_from_the_database_only);
	tcase_add_test(tc, local_time_leaves_the_zone_alone);
	tcase_add_test(tc, unescape_undoes_html_escaping_only);
	suite_add_tcase(s, tc);
	tc = tcase_create("content");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rep_with_nothing_due_gets_nothing);
	tcase_add_test(tc, rep_reminder_names_due_and_missing_steps);
	tcase_add_test(tc, weekly_with_nothing_to_compare_is_empty);
	tcase_add_test(tc, admin_week_warns_of_a_stale_offsite_snapshot);
	tcase_add_test(tc, manager_week_covers_the_team);
	tcase_add_test(tc, message_has_the_headers_and_both_parts);
	tcase_add_test(tc, outbox_claims_each_period_once);
	tcase_add_test(tc, outbox_retries_back_off_and_reclaim_once);
	suite_add_tcase(s, tc);
	return s;
}
