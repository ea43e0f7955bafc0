/*
 * test_writer_lock.c - the writer lock's invariant, checked where it
 * matters: every COMMIT on a Groundwork connection runs while the
 * writer lock on "<db>.lock" is held, and an explicit checkpoint waits
 * for that lock (README: "One writer lock").
 *
 * The lock is an flock(2), owned by an open file description, so a
 * second open() of the lock file in the same process is a competing
 * locker: its LOCK_NB attempt fails exactly while the data layer holds
 * the lock.  The first test asks that question from inside SQLite's
 * commit hook, which runs as COMMIT starts writing; the second holds
 * the lock in the parent and has a child checkpoint, which must wait.
 *
 * The commit hook needs the connection itself, so this file looks
 * inside struct db (db_internal.h), as the data-layer files do.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "db_account.h"
#include "db_internal.h"
#include "unit.h"

/* A generous bound on every wait below: long enough for a very busy
 * machine, and only ever reached when the test is failing. */
#define WAIT_SECONDS 60

static char dbpath[512];
static char lockpath[600];

/* A database path unique to this forked test, with no leftovers. */
static void
fresh_paths(const char *tag)
{
	snprintf(dbpath, sizeof(dbpath), "%s/%s-%d.db", unit_tmpdir(), tag,
	    (int)getpid());
	snprintf(lockpath, sizeof(lockpath), "%s.lock", dbpath);
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char p[600];
		snprintf(p, sizeof(p), "%s%s", dbpath, suffix[i]);
		unlink(p);
	}
}

/* --- every COMMIT runs under the writer lock ----------------------- */

struct probe {
	int fd;            /* another open of "<db>.lock" */
	int commits;       /* how many times the hook ran */
	int locked;        /* ...and found the writer lock taken */
	int free;          /* ...and could take it itself */
	int errors;        /* flock failed for another reason */
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
	fresh_paths("wl-commit");
	struct db *db = db_open(dbpath);
	ck_assert_ptr_nonnull(db);
	struct probe p = { .fd = open(lockpath, O_RDWR | O_CLOEXEC) };
	ck_assert_int_ge(p.fd, 0);
	sqlite3_commit_hook(db->conn, commit_hook, &p);

	/* The migrations commit one transaction per file. */
	ck_assert_int_eq(db_migrate(db, "sql", NULL), DB_OK);
	int migrations = p.commits;
	ck_assert_int_gt(migrations, 0);

	/* Writes of every size, and a rollback, which commits nothing. */
	int64_t team = fixture_team(db, "Lock Team");
	fixture_user(db, "lock@example.com", "Lock User", ROLE_REP, team);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(db_tx_begin(db), DB_OK);
		for (int j = 0; j <= i; j++)
			ck_assert_int_eq(audit_add(db, 0, "lock.test", NULL, NULL,
			                     NULL), DB_OK);
		ck_assert_int_eq(db_tx_commit(db), DB_OK);
	}
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(audit_add(db, 0, "lock.test", NULL, NULL, NULL), DB_OK);
	db_tx_rollback(db);
	ck_assert_int_eq(audit_count(db, "lock.test"), 55);

	ck_assert_int_eq(p.commits, migrations + 2 + 10);
	ck_assert_int_eq(p.errors, 0);
	ck_assert_msg(p.free == 0,
	    "%d of %d COMMITs ran while the writer lock was free", p.free,
	    p.commits);
	ck_assert_int_eq(p.locked, p.commits);

	/* And the lock is let go once each transaction is over. */
	ck_assert_int_eq(flock(p.fd, LOCK_EX | LOCK_NB), 0);
	flock(p.fd, LOCK_UN);
	sqlite3_commit_hook(db->conn, NULL, NULL);
	close(p.fd);
	db_close(db);
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
		found = strstr(line, "-> FLOCK") != NULL && strstr(line, want) != NULL;
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
	struct db *db = db_open(dbpath);
	if (db == NULL)
		_exit(10);
	if (write(out, "r", 1) != 1)
		_exit(11);
	int rc = truncate ? db_checkpoint_truncate(db) : db_checkpoint(db);
	if (write(out, "d", 1) != 1)
		_exit(12);
	db_close(db);
	_exit(rc == DB_OK ? 0 : 13);
}

static void
checkpoint_waits(bool truncate)
{
	fresh_paths(truncate ? "wl-ckpt-trunc" : "wl-ckpt");
	/* A database with something in its WAL to checkpoint. */
	struct db *db = db_open(dbpath);
	ck_assert_ptr_nonnull(db);
	db_set_autocheckpoint(db, 0);
	ck_assert_int_eq(db_migrate(db, "sql", NULL), DB_OK);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(audit_add(db, 0, "ckpt.test", NULL, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	db_close(db);

	/* The parent takes the writer lock, as a writing worker would. */
	int fd = open(lockpath, O_RDWR | O_CLOEXEC);
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
	ck_assert_msg(waiting, "the checkpoint never waited for the writer lock");
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
		snprintf(wal, sizeof(wal), "%s-wal", dbpath);
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
suite_writer_lock(void)
{
	Suite *s = suite_create("writer_lock");
	TCase *tc = tcase_create("commit");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, every_commit_runs_under_the_writer_lock);
	suite_add_tcase(s, tc);

	tc = tcase_create("checkpoint");
	/* Above the test's own bounded waits, so they report first. */
	tcase_set_timeout(tc, 3 * WAIT_SECONDS);
	tcase_add_test(tc, a_checkpoint_waits_for_the_writer_lock);
	tcase_add_test(tc, a_truncating_checkpoint_waits_for_the_writer_lock);
	suite_add_tcase(s, tc);
	return s;
}
