/*
 * writer_lock.c - stress test for the writer lock in app/db.c.
 *
 * Debian's SQLite 3.40.1 has the WAL-reset race: a checkpoint running
 * while another connection restarts the WAL can lose committed
 * transactions or corrupt the database.  Groundwork prevents it by
 * running every write transaction (with the automatic checkpoint inside
 * its COMMIT) and every explicit checkpoint under one flock.  This test
 * hammers that lock:
 *
 *   - W writer processes (default 6), each with its own connection and
 *     wal_autocheckpoint=2 so that most commits also checkpoint, each
 *     committing N one-row transactions (default 400) through
 *     db_tx_begin / audit_add / db_tx_commit and appending every
 *     acknowledged "<k>-<i>" to its own ack file;
 *   - one checkpointer process calling db_checkpoint() in a loop until
 *     the writers are done.
 *
 * Afterwards the database must pass integrity_check, hold exactly one
 * "stress" audit row per acknowledged commit, and every acknowledged
 * value must be there.  The check query uses the sqlite3 API directly
 * (tests may use SQL; app code may not).
 *
 *   build/stress_writer_lock [writers [transactions-per-writer]]
 *
 * Run from the repository root (migrations are read from sql/).
 * GW_STRESS_TIMEOUT (seconds, default 600) bounds each child.
 * The last line is "stress: 1 passed, 0 failed" or
 * "stress: 0 passed, 1 failed"; the exit status matches.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_account.h"

#define MAX_WRITERS 64
#define MAX_TX 1000000
#define ACTION "stress"

/* Shared between the parent and the checkpointer. */
struct shared {
	atomic_int stop;         /* set once every writer has exited */
	atomic_long checkpoints; /* db_checkpoint() calls that succeeded */
};

/* The directory name is kept well short of PATH_MAX so every file
 * name built from it fits. */
static char tmpdir[PATH_MAX - 64];
static char dbpath[PATH_MAX];

static double
now_monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
parse_count(const char *s, const char *what, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "stress: %s must be 1..%ld, not \"%s\"\n", what,
		    max, s);
		return -1;
	}
	*out = v;
	return 0;
}

static void
ack_path(char *dst, size_t size, long k)
{
	snprintf(dst, size, "%s/ack-%ld", tmpdir, k);
}

/* Arm a watchdog so a wedged child dies instead of hanging the run. */
static void
arm_watchdog(void)
{
	long secs = 600;
	const char *env = getenv("GW_STRESS_TIMEOUT");
	if (env && *env)
		secs = strtol(env, NULL, 10);
	if (secs > 0)
		alarm((unsigned)secs);
}

/* Writer k: n transactions of one audit row each. */
static int
run_writer(long k, long n)
{
	arm_watchdog();
	char path[PATH_MAX];
	ack_path(path, sizeof(path), k);
	int ack = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (ack < 0) {
		fprintf(stderr, "stress: writer %ld: open %s: %s\n", k, path,
		    strerror(errno));
		return 1;
	}
	struct db *db = db_open(dbpath);
	if (db == NULL) {
		fprintf(stderr, "stress: writer %ld: db_open failed\n", k);
		close(ack);
		return 1;
	}
	db_set_autocheckpoint(db, 2);

	char subject[32], detail[64], line[80];
	snprintf(subject, sizeof(subject), "w%ld", k);
	int status = 0;
	for (long i = 0; i < n; i++) {
		snprintf(detail, sizeof(detail), "%ld-%ld", k, i);
		if (db_tx_begin(db) != DB_OK) {
			fprintf(stderr,
			    "stress: writer %ld: begin %ld failed\n", k, i);
			status = 1;
			break;
		}
		if (audit_add(db, 0, ACTION, subject, detail, NULL) != DB_OK) {
			fprintf(stderr,
			    "stress: writer %ld: insert %ld failed\n", k, i);
			db_tx_rollback(db);
			status = 1;
			break;
		}
		if (db_tx_commit(db) != DB_OK) {
			/* Not acknowledged: the row must then be absent. */
			fprintf(stderr,
			    "stress: writer %ld: commit %ld failed\n", k, i);
			status = 1;
			break;
		}
		int len = snprintf(line, sizeof(line), "%s\n", detail);
		if (write(ack, line, (size_t)len) != (ssize_t)len) {
			fprintf(stderr, "stress: writer %ld: ack write: %s\n",
			    k, strerror(errno));
			status = 1;
			break;
		}
	}
	db_close(db);
	if (close(ack) != 0)
		status = 1;
	return status;
}

static int
run_checkpointer(struct shared *sh)
{
	arm_watchdog();
	struct db *db = db_open(dbpath);
	if (db == NULL) {
		fprintf(stderr, "stress: checkpointer: db_open failed\n");
		return 1;
	}
	int status = 0;
	/* A short pause between checkpoints keeps this process from
	 * monopolising the lock (flock is not fair). */
	const struct timespec pause = { 0, 200 * 1000 };
	while (!atomic_load(&sh->stop)) {
		if (db_checkpoint(db) != DB_OK) {
			fprintf(stderr, "stress: checkpointer: checkpoint "
			                "failed\n");
			status = 1;
			break;
		}
		atomic_fetch_add(&sh->checkpoints, 1);
		nanosleep(&pause, NULL);
	}
	db_close(db);
	return status;
}

/* Fork writer k (or, for k < 0, the checkpointer). */
static pid_t
spawn(long k, long n, struct shared *sh)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "stress: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(k < 0 ? run_checkpointer(sh) : run_writer(k, n));
	return pid;
}

/* True when the child exited with status 0; says why otherwise. */
static int
reap(pid_t pid, const char *who)
{
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "stress: waitpid %s: %s\n", who,
			    strerror(errno));
			return 0;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	if (WIFSIGNALED(st))
		fprintf(stderr, "stress: %s killed by signal %d%s\n", who,
		    WTERMSIG(st),
		    WTERMSIG(st) == SIGALRM ? " (watchdog timeout)" : "");
	else
		fprintf(stderr, "stress: %s exited with status %d\n", who,
		    WEXITSTATUS(st));
	return 0;
}

/*
 * Read writer k's acks into acked[k * n + i].  Returns how many, or -1
 * if the file is malformed (a duplicate, a foreign or out-of-range
 * value, a torn line).
 */
static long
read_acks(long k, long n, unsigned char *acked)
{
	char path[PATH_MAX];
	ack_path(path, sizeof(path), k);
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "stress: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[128];
	long count = 0;
	while (fgets(line, sizeof(line), f)) {
		long wk, i;
		int used = 0;
		if (sscanf(line, "%ld-%ld\n%n", &wk, &i, &used) != 2 ||
		    used == 0 || line[used] != '\0' || wk != k || i < 0 ||
		    i >= n || acked[k * n + i]) {
			fprintf(stderr, "stress: %s: bad ack line \"%s\"\n",
			    path, line);
			fclose(f);
			return -1;
		}
		acked[k * n + i] = 1;
		count++;
	}
	fclose(f);
	return count;
}

/*
 * Check the rows against the acks with SQL.  Every acknowledged value
 * must be present exactly once with the right subject.  Returns 0 if so.
 */
static int
verify_rows(long w, long n, const unsigned char *acked, long *rows_out)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *seen = calloc((size_t)(w * n), 1);
	int bad = 0;
	long rows = 0, unacked = 0, missing = 0;

	if (seen == NULL ||
	    sqlite3_open_v2(dbpath, &conn, SQLITE_OPEN_READONLY, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(conn,
	        "SELECT subject, detail FROM audit_log WHERE action = ?1 "
	        "ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "stress: verify: %s\n",
		    conn ? sqlite3_errmsg(conn) : "out of memory");
		bad = 1;
		goto out;
	}
	sqlite3_bind_text(st, 1, ACTION, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *subject = (const char *)sqlite3_column_text(st, 0);
		const char *detail = (const char *)sqlite3_column_text(st, 1);
		long k, i, sk;
		int used = 0;
		rows++;
		if (subject == NULL || detail == NULL ||
		    sscanf(detail, "%ld-%ld%n", &k, &i, &used) != 2 ||
		    detail[used] != '\0' || k < 0 || k >= w || i < 0 ||
		    i >= n || sscanf(subject, "w%ld", &sk) != 1 || sk != k) {
			fprintf(stderr,
			    "stress: verify: unexpected row "
			    "subject=%s detail=%s\n",
			    subject ? subject : "NULL",
			    detail ? detail : "NULL");
			bad = 1;
			continue;
		}
		if (seen[k * n + i]) {
			fprintf(stderr, "stress: verify: duplicate row %s\n",
			    detail);
			bad = 1;
		}
		seen[k * n + i] = 1;
		if (!acked[k * n + i])
			unacked++;
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "stress: verify: %s\n", sqlite3_errmsg(conn));
		bad = 1;
	}
	for (long j = 0; j < w * n; j++) {
		if (acked[j] && !seen[j]) {
			if (missing < 10)
				fprintf(stderr,
				    "stress: verify: acknowledged "
				    "%ld-%ld is missing\n",
				    j / n, j % n);
			missing++;
		}
	}
	if (missing) {
		fprintf(stderr,
		    "stress: verify: %ld acknowledged rows missing\n", missing);
		bad = 1;
	}
	if (unacked) {
		fprintf(stderr,
		    "stress: verify: %ld rows committed but never "
		    "acknowledged\n",
		    unacked);
		bad = 1;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(conn);
	free(seen);
	*rows_out = rows;
	return bad;
}

/* Remove the temp directory (only what this test put there). */
static void
cleanup(long w)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal",
		".lock" };
	char path[PATH_MAX];
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dbpath, suffix[i]);
		unlink(path);
	}
	for (long k = 0; k < w; k++) {
		ack_path(path, sizeof(path), k);
		unlink(path);
	}
	rmdir(tmpdir);
}

static int
finish(int ok)
{
	printf("stress: %d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
	return ok ? 0 : 1;
}

int
main(int argc, char **argv)
{
	long w = 6, n = 400;
	if (argc > 3 || (argc > 1 && strcmp(argv[1], "-h") == 0)) {
		fprintf(stderr, "usage: %s [writers [transactions]]\n",
		    argv[0]);
		return 2;
	}
	if ((argc > 1 && parse_count(argv[1], "writers", MAX_WRITERS, &w)) ||
	    (argc > 2 && parse_count(argv[2], "transactions", MAX_TX, &n)))
		return finish(0);

	struct stat sb;
	if (stat("sql", &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "stress: no sql/ directory here; run from the "
		                "repository root\n");
		return finish(0);
	}

	const char *base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	int tlen = snprintf(tmpdir, sizeof(tmpdir), "%s/gw-stress-XXXXXX",
	    base);
	if (tlen < 0 || (size_t)tlen >= sizeof(tmpdir)) {
		fprintf(stderr, "stress: TMPDIR is too long\n");
		return finish(0);
	}
	if (mkdtemp(tmpdir) == NULL) {
		fprintf(stderr, "stress: mkdtemp %s: %s\n", tmpdir,
		    strerror(errno));
		return finish(0);
	}
	snprintf(dbpath, sizeof(dbpath), "%s/stress.db", tmpdir);

	struct db *db = db_open(dbpath);
	if (db == NULL || db_migrate(db, "sql", NULL) != DB_OK) {
		fprintf(stderr, "stress: cannot create %s\n", dbpath);
		db_close(db);
		return finish(0);
	}
	db_close(db);

	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		fprintf(stderr, "stress: mmap: %s\n", strerror(errno));
		return finish(0);
	}
	atomic_init(&sh->stop, 0);
	atomic_init(&sh->checkpoints, 0);

	printf("stress: writer lock: %ld writers x %ld transactions, "
	       "wal_autocheckpoint=2, SQLite %s, in %s\n",
	    w, n, sqlite3_libversion(), tmpdir);

	int ok = 1;
	double t0 = now_monotonic();
	pid_t ckpt = spawn(-1, 0, sh);
	pid_t writers[MAX_WRITERS];
	long started = 0;
	if (ckpt < 0)
		ok = 0;
	for (long k = 0; ok && k < w; k++) {
		writers[k] = spawn(k, n, sh);
		if (writers[k] < 0) {
			ok = 0;
			break;
		}
		started++;
	}
	for (long k = 0; k < started; k++) {
		char who[32];
		snprintf(who, sizeof(who), "writer %ld", k);
		if (!reap(writers[k], who))
			ok = 0;
	}
	double t1 = now_monotonic();
	atomic_store(&sh->stop, 1);
	if (ckpt > 0 && !reap(ckpt, "checkpointer"))
		ok = 0;
	long checkpoints = atomic_load(&sh->checkpoints);
	munmap(sh, sizeof(*sh));

	/* Acks first: they are what the writers were promised. */
	unsigned char *acked = calloc((size_t)(w * n), 1);
	long total = 0;
	if (acked == NULL) {
		fprintf(stderr, "stress: out of memory\n");
		return finish(0);
	}
	for (long k = 0; k < started; k++) {
		long c = read_acks(k, n, acked);
		if (c < 0)
			ok = 0;
		else
			total += c;
	}
	if (ok && total != w * n) {
		fprintf(stderr, "stress: %ld acks, expected %ld\n", total,
		    w * n);
		ok = 0;
	}

	double secs = t1 - t0;
	printf("stress: writer lock: %ld commits in %.2f s (%.0f/s), "
	       "%ld explicit checkpoints\n",
	    total, secs, secs > 0 ? (double)total / secs : 0.0, checkpoints);

	db = db_open(dbpath);
	bool integrity = db && db_integrity_ok(db);
	int64_t count = db ? audit_count(db, ACTION) : -1;
	db_close(db);
	if (!integrity) {
		fprintf(stderr, "stress: integrity_check failed\n");
		ok = 0;
	}
	if (count != (int64_t)total) {
		fprintf(stderr,
		    "stress: audit_count = %lld, acknowledged = %ld\n",
		    (long long)count, total);
		ok = 0;
	}
	long rows = 0;
	if (verify_rows(w, n, acked, &rows) != 0)
		ok = 0;
	free(acked);

	printf("stress: writer lock: %ld rows from %ld writers, integrity %s\n",
	    rows, w, integrity ? "ok" : "FAILED");
	if (ok)
		cleanup(w);
	else
		fprintf(stderr, "stress: keeping %s for inspection\n", tmpdir);
	return finish(ok);
}
