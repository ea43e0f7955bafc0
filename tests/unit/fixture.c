/*
 * fixture.c - what the database suites share: a fresh, migrated
 * database file in the scratch directory, and small helpers that create
 * teams and users each in their own transaction, and the two-team cast
 * the deal and coaching suites share.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "db_account.h"
#include "unit.h"
#include "util.h"

struct db *
fixture_db(const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s-%d.db", unit_tmpdir(), name, (int)getpid());
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char p[600];
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
	struct db *db = db_open(path);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(db_migrate(db, "sql", NULL), DB_OK);
	return db;
}

int64_t
fixture_team(struct db *db, const char *name)
{
	int64_t id = 0;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(team_create(db, name, &id), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_gt(id, 0);
	return id;
}

int64_t
fixture_user(struct db *db, const char *email, const char *name, int role,
    int64_t team_id)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	str_copy(u.email, sizeof(u.email), email);
	str_copy(u.name, sizeof(u.name), name);
	u.role = (enum role)role;
	u.team_id = team_id;
	str_copy(u.password_hash, sizeof(u.password_hash), "$argon2id$fake");
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(user_create(db, &u), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_gt(u.id, 0);
	return u.id;
}

void
fixture_two_teams(struct db *db, struct fixture_people *who)
{
	memset(who, 0, sizeof(*who));
	who->team_a = fixture_team(db, "Team A");
	who->team_b = fixture_team(db, "Team B");
	who->mgr_a = fixture_user(db, "mgr.a@example.com", "Mona Manager",
	    ROLE_MANAGER, who->team_a);
	who->mgr_b = fixture_user(db, "mgr.b@example.com", "Boris Manager",
	    ROLE_MANAGER, who->team_b);
	who->rep_a1 = fixture_user(db, "rep.a1@example.com", "Rita Rep",
	    ROLE_REP, who->team_a);
	who->rep_a2 = fixture_user(db, "rep.a2@example.com", "Ray Rep",
	    ROLE_REP, who->team_a);
	who->rep_b1 = fixture_user(db, "rep.b1@example.com", "Bea Rep",
	    ROLE_REP, who->team_b);
}
