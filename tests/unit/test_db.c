/*
 * test_db.c - the core of the data layer (app/db.c) on a scratch
 * database file: migrations, statements prepared up front, roles,
 * transactions, and the writer lock's invariant.
 *
 * Every write runs inside db_tx_begin()/db_tx_commit(), as the data
 * layer demands (it aborts otherwise; a test below checks that).  The
 * tests use the sqlite3 API directly only to look at the file from
 * outside, never to change it, and to hook the commits.
 *
 * The writer lock: every COMMIT on a Groundwork connection runs while
 * the lock on "<db>.lock" is held, and an explicit checkpoint waits for
 * it (README: "One writer lock").  The lock is an flock(2), owned by
 * an open file description, so a second open() of the lock file in the
 * same process is a competing locker: its LOCK_NB attempt fails
 * exactly while the data layer holds the lock.  The first test asks
 * that question from inside SQLite's commit hook, which runs as COMMIT
 * starts writing; the others hold the lock in the parent and have a
 * child checkpoint, which must wait.  The commit hook needs the
 * connection itself, so this file looks inside struct db
 * (db_internal.h), as the data-layer files do.
 */
#include <dirent.h>
#include <time.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
#include <sys/file.h>
#include <poll.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "db_account.h"
#include "db_internal.h"
#include "unit.h"
#include "util.h"

#define SQL_DIR "sql"

static struct db *db;
static char dbpath[512];

/* A database path unique to this forked test, with no leftovers from
 * an earlier test that happened to get the same pid. */
static const char *
fresh_path(const char *tag)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s-%d.db", unit_tmpdir(), tag,
	    (int)getpid());
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	for (size_t i = 0; i < 4; i++) {
		char p[600];
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
	return path;
}

/* The highest NNN of sql/NNN_*.sql: what a full migration reaches. */
static int
highest_migration(const char *dir)
{
	DIR *dh = opendir(dir);
	ck_assert_ptr_nonnull(dh);
	int best = -1;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		const char *n = e->d_name;
		size_t len = strlen(n);
		if (len >= 8 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' &&
		    n[1] <= '9' && n[2] >= '0' && n[2] <= '9' && n[3] == '_' &&
		    strcmp(n + len - 4, ".sql") == 0) {
			int v = (n[0] - '0') * 100 + (n[1] - '0') * 10 +
			        (n[2] - '0');
			if (v > best)
				best = v;
		}
	}
	closedir(dh);
	ck_assert_msg(best > 0, "no migrations found in %s", dir);
	return best;
}

/* Does table exist in the file at path?  Asked over a separate,
 * read-only sqlite3 connection, so nothing the data layer holds in
 * its own connection can hide the answer. */
static bool
table_exists(const char *path, const char *table)
{
	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY,
	                     NULL),
	    SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(conn,
	                     "SELECT count(*) FROM sqlite_master "
	                     "WHERE type = 'table' AND name = ?1",
	                     -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	bool found = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return found;
}

static void
setup(void)
{
	snprintf(dbpath, sizeof(dbpath), "%s", fresh_path("db"));
	db = db_open(dbpath);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(db_migrate(db, SQL_DIR, NULL), DB_OK);
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

/* --- migrations and set-up ----------------------------------------- */

/* These tests open their own database, without the fixture. */
START_TEST(migrate_fresh_and_again)
{
	const char *path = fresh_path("mig");
	struct db *d = db_open(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(db_schema_version(d), 0);

	char *log = NULL;
	size_t loglen = 0;
	FILE *f = open_memstream(&log, &loglen);
	ck_assert_int_eq(db_migrate(d, SQL_DIR, f), DB_OK);
	fflush(f);
	ck_assert_int_eq(db_schema_version(d), highest_migration(SQL_DIR));
	ck_assert_ptr_nonnull(strstr(log, "001_accounts.sql"));
	ck_assert(table_exists(path, "users"));

	/* A second run finds nothing to do and says nothing. */
	fclose(f);
	free(log);
	log = NULL;
	f = open_memstream(&log, &loglen);
	ck_assert_int_eq(db_migrate(d, SQL_DIR, f), DB_OK);
	fflush(f);
	ck_assert_uint_eq(loglen, 0);
	ck_assert_int_eq(db_schema_version(d), highest_migration(SQL_DIR));
	fclose(f);
	free(log);
	db_close(d);

	/* A new connection to the migrated file also has nothing to do. */
	d = db_open(path);
	ck_assert_int_eq(db_schema_version(d), highest_migration(SQL_DIR));
	ck_assert_int_eq(db_migrate(d, SQL_DIR, NULL), DB_OK);
	ck_assert_int_eq(db_schema_version(d), highest_migration(SQL_DIR));
	db_close(d);
}
END_TEST

START_TEST(migrate_missing_dir)
{
	unit_quiet_stderr();
	struct db *d = db_open(fresh_path("nodir"));
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(db_migrate(d, "no/such/dir", NULL), DB_ERROR);
	ck_assert_int_eq(db_schema_version(d), 0);
	db_close(d);
}
END_TEST

static void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		ck_assert_uint_eq(fwrite(chunk, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* A migration that fails half-way must leave nothing behind: not the
 * table its first statement made, not a version bump, and not the
 * writer lock. */
START_TEST(migrate_failure_is_atomic)
{
	unit_quiet_stderr();
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/sql-broken-%d", unit_tmpdir(),
	    (int)getpid());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	DIR *dh = opendir(SQL_DIR);
	ck_assert_ptr_nonnull(dh);
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0) {
			char from[1024], to[1024];
			snprintf(from, sizeof(from), "%s/%s", SQL_DIR,
			    e->d_name);
			snprintf(to, sizeof(to), "%s/%s", dir, e->d_name);
			copy_file(from, to);
		}
	}
	closedir(dh);
	char broken[1024];
	snprintf(broken, sizeof(broken), "%s/999_broken.sql", dir);
	FILE *f = fopen(broken, "w");
	ck_assert_ptr_nonnull(f);
	fputs("CREATE TABLE broken_marker (x INTEGER);\n"
	      "INSERT INTO broken_marker VALUES (1);\n"
	      "THIS IS NOT SQL;\n",
	    f);
	ck_assert_int_eq(fclose(f), 0);

	int previous = highest_migration(SQL_DIR);
	ck_assert_int_lt(previous, 999);
	const char *path = fresh_path("migfail");
	struct db *d = db_open(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(db_migrate(d, dir, NULL), DB_ERROR);
	ck_assert_int_eq(db_schema_version(d), previous);
	ck_assert(!table_exists(path, "broken_marker"));
	ck_assert(table_exists(path, "users")); /* earlier files committed */

	/* The writer lock was released: a second connection (its own
	 * open file description, so its own flock) can write. */
	struct db *other = db_open(path);
	ck_assert_ptr_nonnull(other);
	ck_assert_int_eq(db_tx_begin(other), DB_OK);
	ck_assert_int_eq(audit_add(other, 0, "after.failure", NULL, NULL, NULL),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(other), DB_OK);
	db_close(other);

	/* Running again fails the same way and changes nothing. */
	ck_assert_int_eq(db_migrate(d, dir, NULL), DB_ERROR);
	ck_assert_int_eq(db_schema_version(d), previous);
	ck_assert(!table_exists(path, "broken_marker"));
	ck_assert_int_eq(audit_count(d, "after.failure"), 1);
	db_close(d);
}
END_TEST

/* Run sql on path's database with a connection of its own; the
 * SQLite result code. */
static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *conn = NULL;
	ck_assert_int_eq(sqlite3_open(path, &conn), SQLITE_OK);
	int rc = sqlite3_exec(conn, sql, NULL, NULL, NULL);
	sqlite3_close(conn);
	return rc;
}

/* One number from path's database. */
static int64_t
raw_int(const char *path, const char *sql)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_open(path, &conn), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(conn, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return v;
}

/* Migration 015 (directors) on a database made before it: every user,
 * team and session stays, a team's early-share target stays as set,
 * inflow targets start at 3, a director can be saved and an unknown
 * role still cannot. */
START_TEST(migrate_015_keeps_every_row)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/sql-011-%d", unit_tmpdir(),
	    (int)getpid());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	DIR *dh = opendir(SQL_DIR);
	ck_assert_ptr_nonnull(dh);
	struct dirent *e;
	while ((e = readdir(dh)) != NULL)
		if (strlen(e->d_name) > 4 && atoi(e->d_name) >= 1 &&
		    atoi(e->d_name) <= 11) {
			char from[1024], to[1024];
			snprintf(from, sizeof(from), "%s/%s", SQL_DIR,
			    e->d_name);
			snprintf(to, sizeof(to), "%s/%s", dir, e->d_name);
			copy_file(from, to);
		}
	closedir(dh);
	const char *path = fresh_path("mig015");
	struct db *d = db_open(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(db_migrate(d, dir, NULL), DB_OK);
	ck_assert_int_eq(db_schema_version(d), 11);
	db_close(d);
	ck_assert_int_eq(
	    raw_exec(path,
	        "INSERT INTO teams (name, created_at, early_target) "
	        "VALUES ('North', 1, 70), ('South', 1, 50);"
	        "INSERT INTO users (email, name, role, team_id, "
	        "password_hash, created_at, updated_at) VALUES "
	        "('a@x', 'A', 'admin', NULL, 'h', 1, 1), "
	        "('m@x', 'M', 'manager', 1, 'h', 1, 1), "
	        "('r@x', 'R', 'rep', 2, 'h', 1, 1);"
	        "INSERT INTO sessions (token_hash, user_id, "
	        "created_at, last_seen) VALUES (x'01', 2, 1, 1);"),
	    SQLITE_OK);
	ck_assert_int_eq(raw_exec(path,
	                     "INSERT INTO users (email, name, role, "
	                     "password_hash, created_at, updated_at) "
	                     "VALUES ('d@x', 'D', 'director', 'h', 1, 1)"),
	    SQLITE_CONSTRAINT);
	d = db_open(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(db_migrate(d, SQL_DIR, NULL), DB_OK);
	ck_assert_int_ge(db_schema_version(d), 15);
	/* This connection, open across the migration, takes a director. */
	struct user u = { 0 };
	snprintf(u.email, sizeof(u.email), "d@x");
	snprintf(u.name, sizeof(u.name), "D");
	snprintf(u.password_hash, sizeof(u.password_hash), "h");
	u.role = ROLE_DIRECTOR;
	ck_assert_int_eq(db_tx_begin(d), DB_OK);
	ck_assert_int_eq(user_create(d, &u), DB_OK);
	ck_assert_int_eq(db_tx_commit(d), DB_OK);
	ck_assert(db_integrity_ok(d));
	db_close(d);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM users"), 4);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sessions"), 1);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM teams"), 2);
	ck_assert_int_eq(raw_int(path, "SELECT early_target FROM teams "
	                               "WHERE name = 'North'"),
	    70);
	ck_assert_int_eq(raw_int(path, "SELECT sum(inflow_target) FROM teams"),
	    6);
	ck_assert_int_eq(raw_exec(path,
	                     "INSERT INTO users (email, name, role, "
	                     "password_hash, created_at, updated_at) "
	                     "VALUES ('b@x', 'B', 'boss', 'h', 1, 1)"),
	    SQLITE_CONSTRAINT);
}
END_TEST

/* Preparing every statement up front catches a schema mismatch at
 * start-up: it fails on an empty database and passes once migrated. */
START_TEST(prepare_all)
{
	unit_quiet_stderr();
	struct db *d = db_open(fresh_path("prep"));
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(db_prepare_all(d), DB_ERROR);
	ck_assert_int_eq(db_migrate(d, SQL_DIR, NULL), DB_OK);
	ck_assert_int_eq(db_prepare_all(d), DB_OK);
	ck_assert(db_integrity_ok(d));
	ck_assert_int_eq(db_checkpoint(d), DB_OK);
	db_close(d);
}
END_TEST

/* quick_check, as off-site copies are checked, passes a sound file
 * and fails one with a table page overwritten, as integrity_check does. */
START_TEST(quick_check_finds_a_broken_page)
{
	unit_quiet_stderr();
	char path[512];
	struct db *d = fixture_db("quick", path, sizeof(path));
	ck_assert(db_quick_check_ok(d));
	ck_assert_int_eq(db_checkpoint_truncate(d), DB_OK);
	db_close(d);
	FILE *f = fopen(path, "r+b");
	ck_assert_ptr_nonnull(f);
	char junk[3000];
	memset(junk, 0x47, sizeof(junk));
	ck_assert_int_eq(fseek(f, 4096 * 3, SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(junk, 1, sizeof(junk), f), sizeof(junk));
	fclose(f);
	d = db_open(path);
	ck_assert_ptr_nonnull(d);
	ck_assert(!db_quick_check_ok(d));
	ck_assert(!db_integrity_ok(d));
	db_close(d);
}
END_TEST

START_TEST(roles)
{
	ck_assert_str_eq(role_name(ROLE_REP), "rep");
	ck_assert_str_eq(role_name(ROLE_MANAGER), "manager");
	ck_assert_str_eq(role_name(ROLE_ADMIN), "admin");
	ck_assert_str_eq(role_name(ROLE_NONE), "");
	ck_assert_str_eq(role_name((enum role)(ROLE_REP | ROLE_MANAGER)), "");
	ck_assert_str_eq(role_name((enum role)(ROLE_REP | ROLE_ADMIN)), "");
	ck_assert_str_eq(role_name((enum role)64), "");
	ck_assert_int_eq(role_from_name("rep"), ROLE_REP);
	ck_assert_int_eq(role_from_name("manager"), ROLE_MANAGER);
	ck_assert_int_eq(role_from_name("admin"), ROLE_ADMIN);
	ck_assert_str_eq(role_name(ROLE_DIRECTOR), "director");
	ck_assert_int_eq(role_from_name("director"), ROLE_DIRECTOR);
	ck_assert_int_eq(role_from_name("Admin"), ROLE_NONE);
	ck_assert_int_eq(role_from_name(""), ROLE_NONE);
	ck_assert_int_eq(role_from_name(NULL), ROLE_NONE);
}
END_TEST

/* --- transactions --------------------------------------------------- */

START_TEST(tx_rollback_discards)
{
	struct user u = { 0 };
	snprintf(u.email, sizeof(u.email), "gone@example.com");
	snprintf(u.name, sizeof(u.name), "Gone");
	u.role = ROLE_REP;
	snprintf(u.password_hash, sizeof(u.password_hash), "x");
	begin();
	ck_assert_int_eq(user_create(db, &u), DB_OK);
	ck_assert_int_eq(audit_add(db, 0, "tx.test", NULL, NULL, NULL), DB_OK);
	/* Visible inside the transaction... */
	struct user got;
	ck_assert_int_eq(user_get_by_email(db, "gone@example.com", &got),
	    DB_OK);
	db_tx_rollback(db);
	/* ...and gone after the rollback. */
	ck_assert_int_eq(user_get_by_email(db, "gone@example.com", &got),
	    DB_NOTFOUND);
	ck_assert_int_eq(audit_count(db, "tx.test"), 0);
	/* Rolling back with no transaction open is harmless. */
	db_tx_rollback(db);
	ck_assert_int_eq(db_tx_commit(db), DB_ERROR);
}
END_TEST

/* db_tx_abandoned() is the request loop's safety net: it rolls back a
 * transaction a handler left open, and reports whether it had to. */
START_TEST(tx_abandoned)
{
	ck_assert(!db_tx_abandoned(db));
	begin();
	ck_assert_int_eq(audit_add(db, 0, "left.open", NULL, NULL, NULL),
	    DB_OK);
	ck_assert(db_tx_abandoned(db));
	ck_assert_int_eq(audit_count(db, "left.open"), 0);
	ck_assert(!db_tx_abandoned(db));
	/* And the connection can start a new transaction afterwards. */
	begin();
	commit();
}
END_TEST

/* A commit is durable and visible to another connection. */
START_TEST(tx_commit_visible)
{
	int64_t id = add_user("kept@example.com", "Kept", ROLE_REP, 0);
	struct db *other = db_open(dbpath);
	ck_assert_ptr_nonnull(other);
	struct user got;
	ck_assert_int_eq(user_get_by_id(other, id, &got), DB_OK);
	ck_assert_str_eq(got.email, "kept@example.com");
	db_close(other);
}
END_TEST

/* The data layer aborts on a write outside a transaction, since such
 * a write would skip the writer lock (expects SIGABRT). */
START_TEST(write_outside_tx_aborts)
{
	unit_quiet_stderr();
	audit_add(db, 0, "no.tx", NULL, NULL, NULL);
}
END_TEST

START_TEST(nested_tx_aborts)
{
	unit_quiet_stderr();
	begin();
	db_tx_begin(db);
}
END_TEST

/* --- the writer lock ---------------------------------------------- */

/* A generous bound on every wait below: long enough for a very busy
 * machine, and only ever reached when the test is failing. */
#define WAIT_SECONDS 60

static char lock_dbpath[512];
static char lock_path[600];

/* A database path unique to this forked test, with no leftovers. */
static void
fresh_lock_paths(const char *tag)
{
	snprintf(lock_dbpath, sizeof(lock_dbpath), "%s/%s-%d.d", unit_tmpdir(),
	    tag, (int)getpid());
	snprintf(lock_path, sizeof(lock_path), "%s.lock", lock_dbpath);
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char p[600];
		snprintf(p, sizeof(p), "%s%s", lock_dbpath, suffix[i]);
		unlink(p);
	}
}

/* --- every COMMIT runs under the writer lock ----------------------- */

struct probe {
	int fd;      /* another open of "<db>.lock" */
	int commits; /* how many times the hook ran */
	int locked;  /* ...and found the writer lock taken */
	int free;    /* ...and could take it itself */
	int errors;  /* flock failed for another reason */
};

static int
commit_hook(void *arg)
{
	struct probe *p = arg;
	p->commits++;
	if (flock(p->fd, LOCK_EX | LOCK_NB) == 0) {
		p->free++;
		flock(p->fd, LOCK_UN);
	} else if (errno == EWOULDBLOCK) {
		p->locked++;
	} else {
		p->errors++;
	}
	return 0; /* let the COMMIT go ahead */
}

START_TEST(every_commit_runs_under_the_writer_lock)
{
	fresh_lock_paths("wl-commit");
	struct db *d = db_open(lock_dbpath);
	ck_assert_ptr_nonnull(d);
	struct probe p = { .fd = open(lock_path, O_RDWR | O_CLOEXEC) };
	ck_assert_int_ge(p.fd, 0);
	sqlite3_commit_hook(d->conn, commit_hook, &p);

	/* The migrations commit one transaction per file. */
	ck_assert_int_eq(db_migrate(d, "sql", NULL), DB_OK);
	int migrations = p.commits;
	ck_assert_int_gt(migrations, 0);

	/* Writes of every size, and a rollback, which commits nothing. */
	int64_t team = fixture_team(d, "Lock Team");
	fixture_user(d, "lock@example.com", "Lock User", ROLE_REP, team);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(db_tx_begin(d), DB_OK);
		for (int j = 0; j <= i; j++)
			ck_assert_int_eq(audit_add(d, 0, "lock.test", NULL,
			                     NULL, NULL),
			    DB_OK);
		ck_assert_int_eq(db_tx_commit(d), DB_OK);
	}
	ck_assert_int_eq(db_tx_begin(d), DB_OK);
	ck_assert_int_eq(audit_add(d, 0, "lock.test", NULL, NULL, NULL), DB_OK);
	db_tx_rollback(d);
	ck_assert_int_eq(audit_count(d, "lock.test"), 55);

	ck_assert_int_eq(p.commits, migrations + 2 + 10);
	ck_assert_int_eq(p.errors, 0);
	ck_assert_msg(p.free == 0,
	    "%d of %d COMMITs ran while the writer lock was free", p.free,
	    p.commits);
	ck_assert_int_eq(p.locked, p.commits);

	/* And the lock is let go once each transaction is over. */
	ck_assert_int_eq(flock(p.fd, LOCK_EX | LOCK_NB), 0);
	flock(p.fd, LOCK_UN);
	sqlite3_commit_hook(d->conn, NULL, NULL);
	close(p.fd);
	db_close(d);
}
END_TEST

/* --- an explicit checkpoint waits for the writer lock --------------- */

/* Is process pid waiting for an flock on the file (dev, ino)?  The
 * kernel lists each blocked request in /proc/locks with "->". */
static bool
waiting_for_flock(pid_t pid, dev_t dev, ino_t ino)
{
	FILE *f = fopen("/proc/locks", "r");
	ck_assert_ptr_nonnull(f);
	char want[128];
	snprintf(want, sizeof(want), " %ld %02x:%02x:%lu ", (long)pid,
	    major(dev), minor(dev), (unsigned long)ino);
	char line[512];
	bool found = false;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, "-> FLOCK") != NULL &&
		        strstr(line, want) != NULL;
	fclose(f);
	return found;
}

/* Has the child written to fd within ms milliseconds? */
static bool
readable(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n;
	while ((n = poll(&pfd, 1, ms)) < 0 && errno == EINTR)
		;
	ck_assert_int_ge(n, 0);
	return n > 0;
}

/* The child: open the database (its own connection, as a worker or
 * the CLI would), say it is about to checkpoint, checkpoint, and say
 * it is done.  Exits 0 when the checkpoint reported success. */
static void
checkpoint_child(int out, bool truncate)
{
	struct db *d = db_open(lock_dbpath);
	if (d == NULL)
		_exit(10);
	if (write(out, "r", 1) != 1)
		_exit(11);
	int rc = truncate ? db_checkpoint_truncate(d) : db_checkpoint(d);
	if (write(out, "d", 1) != 1)
		_exit(12);
	db_close(d);
	_exit(rc == DB_OK ? 0 : 13);
}

static void
checkpoint_waits(bool truncate)
{
	fresh_lock_paths(truncate ? "wl-ckpt-trunc" : "wl-ckpt");
	/* A database with something in its WAL to checkpoint. */
	struct db *d = db_open(lock_dbpath);
	ck_assert_ptr_nonnull(d);
	db_set_autocheckpoint(d, 0);
	ck_assert_int_eq(db_migrate(d, "sql", NULL), DB_OK);
	ck_assert_int_eq(db_tx_begin(d), DB_OK);
	ck_assert_int_eq(audit_add(d, 0, "ckpt.test", NULL, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_tx_commit(d), DB_OK);
	db_close(d);

	/* The parent takes the writer lock, as a writing worker would. */
	int fd = open(lock_path, O_RDWR | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);

	int pipefd[2];
	ck_assert_int_eq(pipe(pipefd), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pipefd[0]);
		checkpoint_child(pipefd[1], truncate);
	}
	close(pipefd[1]);
	char c = 0;
	ck_assert_msg(readable(pipefd[0], WAIT_SECONDS * 1000),
	    "the child never got as far as the checkpoint");
	ck_assert_int_eq(read(pipefd[0], &c, 1), 1);
	ck_assert_int_eq(c, 'r');

	/* Until the kernel shows the child waiting for the lock, it must
	 * not finish; if it finishes, the checkpoint ran unlocked. */
	bool waiting = false, finished = false;
	time_t deadline = time(NULL) + WAIT_SECONDS;
	while (!waiting && !finished && time(NULL) < deadline) {
		waiting = waiting_for_flock(pid, st.st_dev, st.st_ino);
		if (!waiting)
			finished = readable(pipefd[0], 50);
	}
	if (finished || !waiting) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	ck_assert_msg(!finished,
	    "the checkpoint finished while another process held the writer lock");
	ck_assert_msg(waiting,
	    "the checkpoint never waited for the writer lock");
	/* Waiting, so certainly not done. */
	ck_assert(!readable(pipefd[0], 0));

	/* Released, the checkpoint goes ahead and succeeds. */
	ck_assert_int_eq(flock(fd, LOCK_UN), 0);
	ck_assert_msg(readable(pipefd[0], WAIT_SECONDS * 1000),
	    "the checkpoint did not finish after the lock was released");
	ck_assert_int_eq(read(pipefd[0], &c, 1), 1);
	ck_assert_int_eq(c, 'd');
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	close(pipefd[0]);
	close(fd);

	if (truncate) {
		/* The TRUNCATE checkpoint emptied the WAL. */
		char wal[600];
		snprintf(wal, sizeof(wal), "%s-wal", lock_dbpath);
		struct stat ws;
		ck_assert(stat(wal, &ws) != 0 || ws.st_size == 0);
	}
}

START_TEST(a_checkpoint_waits_for_the_writer_lock)
{
	checkpoint_waits(false);
}
END_TEST

START_TEST(a_truncating_checkpoint_waits_for_the_writer_lock)
{
	checkpoint_waits(true);
}
END_TEST

Suite *
suite_db(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("migrate");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, migrate_fresh_and_again);
	tcase_add_test(tc, migrate_missing_dir);
	tcase_add_test(tc, migrate_failure_is_atomic);
	tcase_add_test(tc, migrate_015_keeps_every_row);
	tcase_add_test(tc, prepare_all);
	tcase_add_test(tc, quick_check_finds_a_broken_page);
	tcase_add_test(tc, roles);
	suite_add_tcase(s, tc);

	tc = tcase_create("tx");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, tx_rollback_discards);
	tcase_add_test(tc, tx_abandoned);
	tcase_add_test(tc, tx_commit_visible);
	tcase_add_test_raise_signal(tc, write_outside_tx_aborts, SIGABRT);
	tcase_add_test_raise_signal(tc, nested_tx_aborts, SIGABRT);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer_lock_commit");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, every_commit_runs_under_the_writer_lock);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer_lock_checkpoint");
	/* Above the test's own bounded waits, so they report first. */
	tcase_set_timeout(tc, 3 * WAIT_SECONDS);
	tcase_add_test(tc, a_checkpoint_waits_for_the_writer_lock);
	tcase_add_test(tc, a_truncating_checkpoint_waits_for_the_writer_lock);
	suite_add_tcase(s, tc);
	return s;
}
