/*
 * test_db_account.c - people in the data layer (app/db_account.c) on a
 * scratch database migrated from sql/: users and teams, session rows
 * and their purge, the audit log and the sign-in throttle.
 *
 * Every write runs inside db_tx_begin()/db_tx_commit(), as the data
 * layer demands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "unit.h"
#include "util.h"

static struct db *db;
static char dbpath[512];

static void
setup(void)
{
	db = fixture_db("db_account", dbpath, sizeof(dbpath));
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

static void
begin(void)
{
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
}

static void
commit(void)
{
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
}

/* Creates a user in its own transaction; returns the new id. */
static int64_t
add_user(const char *email, const char *name, enum role role, int64_t team_id)
{
	return fixture_user(db, email, name, (int)role, team_id);
}

static int64_t
add_team(const char *name)
{
	return fixture_team(db, name);
}

/* A recognisable fake token hash: 32 copies of byte b. */
static const unsigned char *
hash_of(unsigned char b)
{
	static unsigned char h[4][SESSION_HASH_LEN];
	static int next;
	unsigned char *p = h[next++ % 4];
	memset(p, b, SESSION_HASH_LEN);
	return p;
}

static int64_t
add_session(unsigned char b, int64_t user_id, int64_t now)
{
	begin();
	ck_assert_int_eq(session_create(db, hash_of(b), user_id, now), DB_OK);
	commit();
	struct session s;
	ck_assert_int_eq(session_get(db, hash_of(b), &s), DB_OK);
	return s.id;
}

/* --- users and teams ------------------------------------------------ */

START_TEST(user_create_and_get)
{
	int64_t id = add_user("Ada@Example.com", "Ada Lovelace", ROLE_MANAGER,
	    0);
	struct user u;
	/* Email lookups ignore case. */
	ck_assert_int_eq(user_get_by_email(db, "ada@example.COM", &u), DB_OK);
	ck_assert_int_eq(u.id, id);
	ck_assert_str_eq(u.email, "Ada@Example.com");
	ck_assert_str_eq(u.name, "Ada Lovelace");
	ck_assert_int_eq(u.role, ROLE_MANAGER);
	ck_assert_int_eq(u.team_id, 0);
	ck_assert_str_eq(u.team_name, "");
	ck_assert_str_eq(u.password_hash, "$argon2id$fake");
	ck_assert(u.active);

	struct user v;
	ck_assert_int_eq(user_get_by_id(db, id, &v), DB_OK);
	ck_assert_str_eq(v.email, "Ada@Example.com");
	ck_assert_int_eq(v.role, ROLE_MANAGER);

	ck_assert_int_eq(user_get_by_email(db, "nobody@example.com", &u),
	    DB_NOTFOUND);
	ck_assert_int_eq(user_get_by_email(db, "Ada@Example.co", &u),
	    DB_NOTFOUND);
	ck_assert_int_eq(user_get_by_id(db, id + 1000, &u), DB_NOTFOUND);
}
END_TEST

START_TEST(user_duplicate_email)
{
	add_user("dup@example.com", "First", ROLE_REP, 0);
	struct user u = { 0 };
	snprintf(u.email, sizeof(u.email), "DUP@example.com");
	snprintf(u.name, sizeof(u.name), "Second");
	u.role = ROLE_ADMIN;
	snprintf(u.password_hash, sizeof(u.password_hash), "x");
	begin();
	ck_assert_int_eq(user_create(db, &u), DB_CONFLICT);
	commit();
	struct user got;
	ck_assert_int_eq(user_get_by_email(db, "dup@example.com", &got), DB_OK);
	ck_assert_str_eq(got.name, "First");
}
END_TEST

/* The schema refuses what the types allow: no role, an unknown team. */
START_TEST(user_create_refused)
{
	struct user u = { 0 };
	snprintf(u.email, sizeof(u.email), "norole@example.com");
	snprintf(u.name, sizeof(u.name), "No Role");
	u.role = ROLE_NONE;
	snprintf(u.password_hash, sizeof(u.password_hash), "x");
	begin();
	ck_assert_int_eq(user_create(db, &u), DB_CONFLICT);
	u.role = ROLE_REP;
	u.team_id = 4242;
	ck_assert_int_eq(user_create(db, &u), DB_CONFLICT);
	commit();
	ck_assert_int_eq(user_get_by_email(db, "norole@example.com", &u),
	    DB_NOTFOUND);
}
END_TEST

struct team_seen {
	int n;
	char names[8][64];
	int members[8];
	int stop_after;
};

static int
collect_team(const struct team *t, void *arg)
{
	struct team_seen *s = arg;
	ck_assert_int_lt(s->n, 8);
	str_copy(s->names[s->n], sizeof(s->names[0]), t->name);
	s->members[s->n] = t->members;
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

/* Member counts include only active users. */
START_TEST(teams)
{
	int64_t west = add_team("West");
	int64_t east = add_team("east");
	add_team("Central");
	ck_assert_int_ne(west, east);
	add_user("w1@example.com", "W One", ROLE_REP, west);
	add_user("w2@example.com", "W Two", ROLE_REP, west);
	int64_t w3 = add_user("w3@example.com", "W Three", ROLE_REP, west);
	add_user("e1@example.com", "E One", ROLE_MANAGER, east);
	begin();
	ck_assert_int_eq(user_set_active(db, w3, false), DB_OK);
	commit();

	struct team t;
	ck_assert_int_eq(team_get_by_name(db, "WEST", &t), DB_OK);
	ck_assert_int_eq(t.id, west);
	ck_assert_str_eq(t.name, "West");
	ck_assert_int_eq(t.members, 2);
	ck_assert_int_eq(team_get_by_id(db, east, &t), DB_OK);
	ck_assert_str_eq(t.name, "east");
	ck_assert_int_eq(t.members, 1);
	ck_assert_int_eq(team_get_by_name(db, "North", &t), DB_NOTFOUND);
	ck_assert_int_eq(team_get_by_id(db, 9999, &t), DB_NOTFOUND);

	/* Team names are unique regardless of case. */
	begin();
	ck_assert_int_eq(team_create(db, "west", NULL), DB_CONFLICT);
	commit();

	/* Listed by name, case-insensitively. */
	struct team_seen seen = { 0 };
	ck_assert_int_eq(team_each(db, collect_team, &seen), DB_OK);
	ck_assert_int_eq(seen.n, 3);
	ck_assert_str_eq(seen.names[0], "Central");
	ck_assert_int_eq(seen.members[0], 0);
	ck_assert_str_eq(seen.names[1], "east");
	ck_assert_int_eq(seen.members[1], 1);
	ck_assert_str_eq(seen.names[2], "West");
	ck_assert_int_eq(seen.members[2], 2);

	/* A non-zero return stops the walk. */
	struct team_seen some = { .stop_after = 2 };
	ck_assert_int_eq(team_each(db, collect_team, &some), DB_OK);
	ck_assert_int_eq(some.n, 2);

	/* A user's team shows up by name. */
	struct user u;
	ck_assert_int_eq(user_get_by_email(db, "e1@example.com", &u), DB_OK);
	ck_assert_int_eq(u.team_id, east);
	ck_assert_str_eq(u.team_name, "east");
}
END_TEST

/* Teams are renamed and retired, never deleted: a retired team keeps
 * its row and id, is listed after the active ones, and can come back. */
START_TEST(team_rename_and_retire)
{
	int64_t west = add_team("West");
	int64_t east = add_team("East");
	add_team("Central");
	struct team t;
	ck_assert_int_eq(team_get_by_id(db, west, &t), DB_OK);
	ck_assert(t.retired_at == 0);

	begin();
	ck_assert_int_eq(team_rename(db, west, "Far West"), DB_OK);
	ck_assert_int_eq(team_rename(db, west, "far west"), DB_OK);
	ck_assert_int_eq(team_rename(db, east, "FAR WEST"), DB_CONFLICT);
	ck_assert_int_eq(team_rename(db, 9999, "Nowhere"), DB_NOTFOUND);
	commit();
	ck_assert_int_eq(team_get_by_id(db, west, &t), DB_OK);
	ck_assert_str_eq(t.name, "far west");
	ck_assert_int_eq(team_get_by_id(db, east, &t), DB_OK);
	ck_assert_str_eq(t.name, "East");

	begin();
	ck_assert_int_eq(team_set_retired(db, east, 1700000000), DB_OK);
	/* Already retired: nothing to do. */
	ck_assert_int_eq(team_set_retired(db, east, 1700000500), DB_NOTFOUND);
	ck_assert_int_eq(team_set_retired(db, 9999, 1700000000), DB_NOTFOUND);
	commit();
	ck_assert_int_eq(team_get_by_id(db, east, &t), DB_OK);
	ck_assert(t.retired_at == 1700000000);
	ck_assert_int_eq(team_get_by_name(db, "east", &t), DB_OK);
	ck_assert(t.retired_at == 1700000000);

	/* Active teams first, each group by name. */
	struct team_seen seen = { 0 };
	ck_assert_int_eq(team_each(db, collect_team, &seen), DB_OK);
	ck_assert_int_eq(seen.n, 3);
	ck_assert_str_eq(seen.names[0], "Central");
	ck_assert_str_eq(seen.names[1], "far west");
	ck_assert_str_eq(seen.names[2], "East");

	begin();
	ck_assert_int_eq(team_set_retired(db, east, 0), DB_OK);
	ck_assert_int_eq(team_set_retired(db, east, 0), DB_NOTFOUND);
	commit();
	ck_assert_int_eq(team_get_by_id(db, east, &t), DB_OK);
	ck_assert(t.retired_at == 0);
	seen.n = 0;
	ck_assert_int_eq(team_each(db, collect_team, &seen), DB_OK);
	ck_assert_int_eq(seen.n, 3);
	ck_assert_str_eq(seen.names[1], "East");
}
END_TEST

START_TEST(user_update_and_active)
{
	int64_t team = add_team("Sales");
	int64_t id = add_user("ed@example.com", "Ed", ROLE_REP, 0);
	begin();
	ck_assert_int_eq(user_update(db, id, "Edward", ROLE_MANAGER, team),
	    DB_OK);
	ck_assert_int_eq(user_set_password_hash(db, id, "$argon2id$new"),
	    DB_OK);
	commit();
	struct user u;
	ck_assert_int_eq(user_get_by_id(db, id, &u), DB_OK);
	ck_assert_str_eq(u.name, "Edward");
	ck_assert_int_eq(u.role, ROLE_MANAGER);
	ck_assert_int_eq(u.team_id, team);
	ck_assert_str_eq(u.team_name, "Sales");
	ck_assert_str_eq(u.password_hash, "$argon2id$new");
	ck_assert_str_eq(u.email, "ed@example.com");

	/* Team 0 takes the user out of the team. */
	begin();
	ck_assert_int_eq(user_update(db, id, "Edward", ROLE_MANAGER, 0), DB_OK);
	ck_assert_int_eq(user_set_active(db, id, false), DB_OK);
	commit();
	ck_assert_int_eq(user_get_by_id(db, id, &u), DB_OK);
	ck_assert_int_eq(u.team_id, 0);
	ck_assert_str_eq(u.team_name, "");
	ck_assert(!u.active);

	begin();
	ck_assert_int_eq(user_set_active(db, id, true), DB_OK);
	ck_assert_int_eq(user_update(db, id + 100, "X", ROLE_REP, 0),
	    DB_NOTFOUND);
	ck_assert_int_eq(user_set_active(db, id + 100, false), DB_NOTFOUND);
	commit();
	ck_assert_int_eq(user_get_by_id(db, id, &u), DB_OK);
	ck_assert(u.active);
}
END_TEST

struct user_seen {
	int n;
	char names[8][64];
};

static int
collect_user(const struct user *u, void *arg)
{
	struct user_seen *s = arg;
	ck_assert_int_lt(s->n, 8);
	str_copy(s->names[s->n++], sizeof(s->names[0]), u->name);
	return 0;
}

/* Active users first, then by name ignoring case. */
START_TEST(user_each_order)
{
	add_user("b@example.com", "bob", ROLE_REP, 0);
	int64_t z = add_user("z@example.com", "Aaron", ROLE_REP, 0);
	add_user("a@example.com", "Alice", ROLE_ADMIN, 0);
	begin();
	ck_assert_int_eq(user_set_active(db, z, false), DB_OK);
	commit();
	struct user_seen seen = { 0 };
	ck_assert_int_eq(user_each(db, collect_user, &seen), DB_OK);
	ck_assert_int_eq(seen.n, 3);
	ck_assert_str_eq(seen.names[0], "Alice");
	ck_assert_str_eq(seen.names[1], "bob");
	ck_assert_str_eq(seen.names[2], "Aaron");
}
END_TEST

/* --- sessions ------------------------------------------------------- */

START_TEST(session_lifecycle)
{
	int64_t uid = add_user("s@example.com", "Sam", ROLE_REP, 0);
	begin();
	ck_assert_int_eq(session_create(db, hash_of(1), uid, 1000), DB_OK);
	commit();

	struct session s;
	ck_assert_int_eq(session_get(db, hash_of(1), &s), DB_OK);
	ck_assert_int_gt(s.id, 0);
	ck_assert_int_eq(s.created_at, 1000);
	ck_assert_int_eq(s.last_seen, 1000);
	ck_assert_int_eq(s.user.id, uid);
	ck_assert_str_eq(s.user.email, "s@example.com");
	ck_assert_int_eq(s.user.role, ROLE_REP);
	ck_assert_int_eq(session_get(db, hash_of(2), &s), DB_NOTFOUND);

	begin();
	ck_assert_int_eq(session_touch(db, s.id, 1500), DB_OK);
	commit();
	ck_assert_int_eq(session_get(db, hash_of(1), &s), DB_OK);
	ck_assert_int_eq(s.last_seen, 1500);
	ck_assert_int_eq(s.created_at, 1000);

	begin();
	ck_assert_int_eq(session_delete(db, s.id), DB_OK);
	commit();
	ck_assert_int_eq(session_get(db, hash_of(1), &s), DB_NOTFOUND);
}
END_TEST

START_TEST(session_duplicate_hash)
{
	int64_t uid = add_user("d@example.com", "Dee", ROLE_REP, 0);
	add_session(7, uid, 100);
	begin();
	ck_assert_int_eq(session_create(db, hash_of(7), uid, 200), DB_CONFLICT);
	commit();
	struct session s;
	ck_assert_int_eq(session_get(db, hash_of(7), &s), DB_OK);
	ck_assert_int_eq(s.created_at, 100);
}
END_TEST

START_TEST(session_delete_for_user_only)
{
	int64_t a = add_user("a@example.com", "A", ROLE_REP, 0);
	int64_t b = add_user("b@example.com", "B", ROLE_REP, 0);
	add_session(1, a, 100);
	add_session(2, a, 100);
	add_session(3, b, 100);
	begin();
	ck_assert_int_eq(session_delete_for_user(db, a), DB_OK);
	commit();
	struct session s;
	ck_assert_int_eq(session_get(db, hash_of(1), &s), DB_NOTFOUND);
	ck_assert_int_eq(session_get(db, hash_of(2), &s), DB_NOTFOUND);
	ck_assert_int_eq(session_get(db, hash_of(3), &s), DB_OK);
	ck_assert_int_eq(s.user.id, b);
}
END_TEST

/* Disabling a user signs them out everywhere at once, even before the
 * sessions themselves are deleted. */
START_TEST(session_disabled_user)
{
	int64_t uid = add_user("off@example.com", "Off", ROLE_REP, 0);
	add_session(9, uid, 100);
	begin();
	ck_assert_int_eq(user_set_active(db, uid, false), DB_OK);
	commit();
	struct session s;
	ck_assert_int_eq(session_get(db, hash_of(9), &s), DB_NOTFOUND);
	begin();
	ck_assert_int_eq(user_set_active(db, uid, true), DB_OK);
	commit();
	ck_assert_int_eq(session_get(db, hash_of(9), &s), DB_OK);
}
END_TEST

/* Purge drops sessions idle since before idle_before or created
 * before created_before; the limits themselves are kept. */
START_TEST(session_purge_limits)
{
	int64_t uid = add_user("p@example.com", "Pat", ROLE_REP, 0);
	add_session(1, uid, 100); /* idle: last seen 100 */
	add_session(2, uid, 100); /* too old: created 100 */
	add_session(3, uid, 800); /* fresh */
	add_session(4, uid, 200); /* exactly at both limits */
	struct session s;
	ck_assert_int_eq(session_get(db, hash_of(2), &s), DB_OK);
	begin();
	ck_assert_int_eq(session_touch(db, s.id, 900), DB_OK);
	ck_assert_int_eq(session_get(db, hash_of(4), &s), DB_OK);
	ck_assert_int_eq(session_touch(db, s.id, 500), DB_OK);
	commit();
	ck_assert_int_eq(session_count_expired(db, 500, 200), 2);
	int gone = -1;
	begin();
	ck_assert_int_eq(session_purge(db, 500, 200, 100, &gone), DB_OK);
	commit();
	ck_assert_int_eq(gone, 2);
	ck_assert_int_eq(session_get(db, hash_of(1), &s), DB_NOTFOUND);
	ck_assert_int_eq(session_get(db, hash_of(2), &s), DB_NOTFOUND);
	ck_assert_int_eq(session_get(db, hash_of(3), &s), DB_OK);
	ck_assert_int_eq(session_get(db, hash_of(4), &s), DB_OK);
	ck_assert_int_eq(session_count_expired(db, 500, 200), 0);
	/* Nothing more has expired: a second purge deletes nothing. */
	begin();
	ck_assert_int_eq(session_purge(db, 500, 200, 100, &gone), DB_OK);
	commit();
	ck_assert_int_eq(gone, 0);
	ck_assert_int_eq(session_get(db, hash_of(3), &s), DB_OK);
}
END_TEST

/* A purge deletes no more than its limit, oldest first, and never a
 * live session, however many expired ones there are. */
START_TEST(session_purge_bounded)
{
	int64_t uid = add_user("b@example.com", "Bo", ROLE_REP, 0);
	for (unsigned char b = 1; b <= 7; b++)
		add_session(b, uid, 100 + b); /* expired, oldest first */
	add_session(50, uid, 1000);           /* live */
	add_session(51, uid, 1001);           /* live */
	ck_assert_int_eq(session_count_expired(db, 500, 0), 7);
	int gone = -1;
	begin();
	ck_assert_int_eq(session_purge(db, 500, 0, 3, &gone), DB_OK);
	commit();
	ck_assert_int_eq(gone, 3);
	ck_assert_int_eq(session_count_expired(db, 500, 0), 4);
	struct session s;
	for (unsigned char b = 1; b <= 3; b++)
		ck_assert_int_eq(session_get(db, hash_of(b), &s), DB_NOTFOUND);
	for (unsigned char b = 4; b <= 7; b++)
		ck_assert_int_eq(session_get(db, hash_of(b), &s), DB_OK);
	/* The rest goes in the next batch, which comes up short. */
	begin();
	ck_assert_int_eq(session_purge(db, 500, 0, 10, &gone), DB_OK);
	commit();
	ck_assert_int_eq(gone, 4);
	ck_assert_int_eq(session_count_expired(db, 500, 0), 0);
	ck_assert_int_eq(session_get(db, hash_of(50), &s), DB_OK);
	ck_assert_int_eq(session_get(db, hash_of(51), &s), DB_OK);
}
END_TEST

/* --- audit log and throttle ---------------------------------------- */

START_TEST(audit)
{
	int64_t uid = add_user("au@example.com", "Au", ROLE_ADMIN, 0);
	ck_assert_int_eq(audit_count(db, "user.create"), 0);
	begin();
	ck_assert_int_eq(audit_add(db, uid, "user.create", "x@example.com",
	                     "role=rep", "192.0.2.1"),
	    DB_OK);
	ck_assert_int_eq(audit_add(db, uid, "user.create", "y@example.com",
	                     NULL, NULL),
	    DB_OK);
	/* No actor (0) is allowed: e.g. a failed sign-in. */
	ck_assert_int_eq(audit_add(db, 0, "signin.fail", NULL, NULL,
	                     "192.0.2.2"),
	    DB_OK);
	commit();
	ck_assert_int_eq(audit_count(db, "user.create"), 2);
	ck_assert_int_eq(audit_count(db, "signin.fail"), 1);
	ck_assert_int_eq(audit_count(db, "user.CREATE"), 0);
	ck_assert_int_eq(audit_count(db, "nothing"), 0);
}
END_TEST

static void
fail_at(const char *key, int64_t now, int64_t window)
{
	begin();
	ck_assert_int_eq(throttle_record_failure(db, key, now, window), DB_OK);
	commit();
}

START_TEST(throttle_counts)
{
	const char *k = "account:t@example.com";
	const int64_t w = 600;
	ck_assert_int_eq(throttle_failures(db, k, 0), 0);
	fail_at(k, 1000, w);
	fail_at(k, 1100, w);
	ck_assert_int_eq(throttle_failures(db, k, 1100 - w), 2);
	/* Another key is counted apart. */
	fail_at("addr:192.0.2.9", 1100, w);
	ck_assert_int_eq(throttle_failures(db, "addr:192.0.2.9", 1100 - w), 1);
	ck_assert_int_eq(throttle_failures(db, k, 1100 - w), 2);
	/* A window that began after the first failure sees none. */
	ck_assert_int_eq(throttle_failures(db, k, 1001), 0);

	begin();
	ck_assert_int_eq(throttle_clear(db, k), DB_OK);
	commit();
	ck_assert_int_eq(throttle_failures(db, k, 0), 0);
	ck_assert_int_eq(throttle_failures(db, "addr:192.0.2.9", 0), 1);
}
END_TEST

/* A failure exactly one window after the first still counts; one
 * later than that starts a new window from 1, not from the old total. */
START_TEST(throttle_window_reset)
{
	const char *k = "account:w@example.com";
	const int64_t w = 600;
	fail_at(k, 1000, w);
	fail_at(k, 1300, w);
	fail_at(k, 1600, w); /* 1600 - 600 == 1000 */
	ck_assert_int_eq(throttle_failures(db, k, 1600 - w), 3);
	fail_at(k, 1601 + w, w); /* first one now too old */
	ck_assert_int_eq(throttle_failures(db, k, 1601), 1);
	fail_at(k, 1700 + w, w);
	ck_assert_int_eq(throttle_failures(db, k, 1700), 2);
}
END_TEST

Suite *
suite_db_account(void)
{
	Suite *s = suite_create("db_account");
	TCase *tc;
	tc = tcase_create("accounts");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, user_create_and_get);
	tcase_add_test(tc, user_duplicate_email);
	tcase_add_test(tc, user_create_refused);
	tcase_add_test(tc, teams);
	tcase_add_test(tc, team_rename_and_retire);
	tcase_add_test(tc, user_update_and_active);
	tcase_add_test(tc, user_each_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("sessions");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, session_lifecycle);
	tcase_add_test(tc, session_duplicate_hash);
	tcase_add_test(tc, session_delete_for_user_only);
	tcase_add_test(tc, session_disabled_user);
	tcase_add_test(tc, session_purge_limits);
	tcase_add_test(tc, session_purge_bounded);
	suite_add_tcase(s, tc);

	tc = tcase_create("audit_throttle");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, audit);
	tcase_add_test(tc, throttle_counts);
	tcase_add_test(tc, throttle_window_reset);
	suite_add_tcase(s, tc);
	return s;
}
