/*
 * test_group_commit.c - the shared fsync (app/group_commit.c) and the
 * data layer's use of it: a commit is on disk when db_tx_commit()
 * returns; one flush covers every commit written before it started and
 * none written while it ran; a failed flush marks nothing; processes
 * share the counters and the flushes; and the flush runs outside the
 * writer lock, in the module and in db_tx_commit().
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "db_account.h"
#include "group_commit.h"
#include "unit.h"

static char lockpath[512];

static int
open_lock_file(void)
{
	int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	ck_assert_int_ge(fd, 0);
	return fd;
}

static void
setup(void)
{
	snprintf(lockpath, sizeof(lockpath), "%s/gc-%d.lock", unit_tmpdir(),
	    (int)getpid());
	unlink(lockpath);
}

/* A stand-in for the WAL flush that counts its calls. */
struct flush {
	int calls;
	int result;
	struct group_commit *commit_during; /* writes a commit while flushing */
	uint64_t written_during;
};

static int
flush(void *arg)
{
	struct flush *f = arg;
	f->calls++;
	if (f->commit_during)
		f->written_during = group_commit_written(f->commit_during);
	return f->result;
}

START_TEST(counters_start_at_zero_and_are_shared)
{
	int fd = open_lock_file();
	struct group_commit *gc = group_commit_open(fd);
	ck_assert_ptr_nonnull(gc);
	ck_assert_uint_eq(group_commit_written_count(gc), 0);
	ck_assert_uint_eq(group_commit_synced_count(gc), 0);
	ck_assert_uint_eq(group_commit_flush_count(gc), 0);
	ck_assert_uint_eq(group_commit_written(gc), 1);
	ck_assert_uint_eq(group_commit_written(gc), 2);

	/* A second handle (another open of the file, as another process
	 * makes) sees the same numbers; opening never resets them. */
	int fd2 = open_lock_file();
	struct group_commit *other = group_commit_open(fd2);
	ck_assert_ptr_nonnull(other);
	ck_assert_uint_eq(group_commit_written_count(other), 2);
	ck_assert_uint_eq(group_commit_written(other), 3);
	ck_assert_uint_eq(group_commit_written_count(gc), 3);
	group_commit_close(other);
	group_commit_close(gc);
	close(fd2);
	close(fd);
}
END_TEST

START_TEST(a_commit_waits_for_one_flush_then_never_again)
{
	int fd = open_lock_file();
	struct group_commit *gc = group_commit_open(fd);
	struct flush f = { 0 };
	uint64_t n = group_commit_written(gc);
	ck_assert_int_eq(group_commit_wait(gc, n, flush, &f), 0);
	ck_assert_int_eq(f.calls, 1);
	ck_assert_uint_eq(group_commit_synced_count(gc), n);
	ck_assert_int_eq(group_commit_wait(gc, n, flush, &f), 0);
	ck_assert_int_eq(f.calls, 1);
	group_commit_close(gc);
	close(fd);
}
END_TEST

/* Two commits written before either waits: the first to wait flushes
 * for both, and the second returns without a flush. */
START_TEST(one_flush_covers_every_commit_written_before_it)
{
	int fd1 = open_lock_file(), fd2 = open_lock_file();
	struct group_commit *a = group_commit_open(fd1);
	struct group_commit *b = group_commit_open(fd2);
	uint64_t na = group_commit_written(a);
	uint64_t nb = group_commit_written(b);
	struct flush fa = { 0 }, fb = { 0 };
	ck_assert_int_eq(group_commit_wait(a, na, flush, &fa), 0);
	ck_assert_int_eq(group_commit_wait(b, nb, flush, &fb), 0);
	ck_assert_int_eq(fa.calls, 1);
	ck_assert_int_eq(fb.calls, 0);
	ck_assert_uint_eq(group_commit_synced_count(a), 2);
	ck_assert_uint_eq(group_commit_flush_count(b), 1);
	group_commit_close(a);
	group_commit_close(b);
	close(fd1);
	close(fd2);
}
END_TEST

/* A commit written while a flush is running may have missed it, so it
 * is not counted as synced and waits for a flush of its own. */
START_TEST(a_commit_written_during_a_flush_needs_another)
{
	int fd1 = open_lock_file(), fd2 = open_lock_file();
	struct group_commit *a = group_commit_open(fd1);
	struct group_commit *b = group_commit_open(fd2);
	uint64_t na = group_commit_written(a);
	struct flush fa = { .commit_during = b };
	ck_assert_int_eq(group_commit_wait(a, na, flush, &fa), 0);
	ck_assert_uint_eq(fa.written_during, 2);
	ck_assert_uint_eq(group_commit_synced_count(a), 1);
	struct flush fb = { 0 };
	ck_assert_int_eq(group_commit_wait(b, fa.written_during, flush, &fb),
	    0);
	ck_assert_int_eq(fb.calls, 1);
	ck_assert_uint_eq(group_commit_synced_count(b), 2);
	group_commit_close(a);
	group_commit_close(b);
	close(fd1);
	close(fd2);
}
END_TEST

START_TEST(a_failed_flush_marks_nothing)
{
	int fd = open_lock_file();
	struct group_commit *gc = group_commit_open(fd);
	uint64_t n = group_commit_written(gc);
	struct flush bad = { .result = -1 };
	ck_assert_int_eq(group_commit_wait(gc, n, flush, &bad), -1);
	ck_assert_int_eq(bad.calls, 1);
	ck_assert_uint_eq(group_commit_synced_count(gc), 0);
	ck_assert_uint_eq(group_commit_flush_count(gc), 0);
	/* The next wait tries again, and the sync lock was let go. */
	struct flush good = { 0 };
	ck_assert_int_eq(group_commit_wait(gc, n, flush, &good), 0);
	ck_assert_int_eq(good.calls, 1);
	ck_assert_uint_eq(group_commit_synced_count(gc), n);
	ck_assert_uint_eq(group_commit_flush_count(gc), 1);
	group_commit_close(gc);
	close(fd);
}
END_TEST

/* --- across processes ----------------------------------------------- */

#define CHILDREN 4
#define COMMITS_EACH 250

static int data_fd;

static int
flush_data(void *arg)
{
	int *calls = arg;
	(*calls)++;
	return fdatasync(data_fd);
}

/* One child: COMMITS_EACH times, append a record under the writer
 * flock and count it, then wait for it to be flushed.  Exits 0 only if
 * every wait came back with its commit counted as synced; writes how
 * many flushes it made itself to out. */
static void
child(int out)
{
	int fd = open_lock_file();
	struct group_commit *gc = group_commit_open(fd);
	if (gc == NULL)
		_exit(10);
	int calls = 0;
	for (int i = 0; i < COMMITS_EACH; i++) {
		if (flock(fd, LOCK_EX) != 0)
			_exit(11);
		if (write(data_fd, "commit\n", 7) != 7)
			_exit(12);
		uint64_t n = group_commit_written(gc);
		flock(fd, LOCK_UN);
		if (group_commit_wait(gc, n, flush_data, &calls) != 0)
			_exit(13);
		if (group_commit_synced_count(gc) < n)
			_exit(14);
	}
	if (write(out, &calls, sizeof(calls)) != (ssize_t)sizeof(calls))
		_exit(15);
	_exit(0);
}

START_TEST(processes_share_counters_and_flushes)
{
	char datapath[600];
	snprintf(datapath, sizeof(datapath), "%s.data", lockpath);
	data_fd = open(datapath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0640);
	ck_assert_int_ge(data_fd, 0);
	int pipefd[2];
	ck_assert_int_eq(pipe(pipefd), 0);
	pid_t pids[CHILDREN];
	for (int i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0)
			child(pipefd[1]);
	}
	close(pipefd[1]);
	for (int i = 0; i < CHILDREN; i++) {
		int status;
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
	int flushes = 0, calls;
	while (read(pipefd[0], &calls, sizeof(calls)) == (ssize_t)sizeof(calls))
		flushes += calls;
	close(pipefd[0]);

	int fd = open_lock_file();
	struct group_commit *gc = group_commit_open(fd);
	ck_assert_uint_eq(group_commit_written_count(gc),
	    CHILDREN * COMMITS_EACH);
	ck_assert_uint_eq(group_commit_synced_count(gc),
	    CHILDREN * COMMITS_EACH);
	/* Never more flushes than commits; fewer when they overlapped. */
	ck_assert_int_ge(flushes, 1);
	ck_assert_int_le(flushes, CHILDREN * COMMITS_EACH);
	ck_assert_uint_eq(group_commit_flush_count(gc), (uint64_t)flushes);
	struct stat st;
	ck_assert_int_eq(fstat(data_fd, &st), 0);
	ck_assert_int_eq(st.st_size, 7 * CHILDREN * COMMITS_EACH);
	group_commit_close(gc);
	close(fd);
	close(data_fd);
}
END_TEST

/* While one process flushes, it holds the sync lock, and the writer
 * lock is free for the next commit. */
static int hold_in;  /* the flush blocks until the parent writes here */
static int hold_out; /* and reports here that it has started */

static int
flush_and_hold(void *arg)
{
	(void)arg;
	char c = 'f';
	if (write(hold_out, &c, 1) != 1 || read(hold_in, &c, 1) != 1)
		return -1;
	return 0;
}

START_TEST(the_flush_runs_outside_the_writer_lock)
{
	int go[2], started[2];
	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(started), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		hold_in = go[0];
		hold_out = started[1];
		int fd = open_lock_file();
		struct group_commit *gc = group_commit_open(fd);
		uint64_t n = group_commit_written(gc);
		_exit(group_commit_wait(gc, n, flush_and_hold, NULL) == 0 ? 0
		                                                          : 1);
	}
	char c;
	ck_assert_int_eq(read(started[0], &c, 1), 1);

	int fd = open_lock_file();
	ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	flock(fd, LOCK_UN);
	struct flock fl = { .l_type = F_WRLCK,
		.l_whence = SEEK_SET,
		.l_start = 0,
		.l_len = 1 };
	ck_assert_int_eq(fcntl(fd, F_OFD_SETLK, &fl), -1);
	ck_assert(errno == EAGAIN || errno == EACCES);

	ck_assert_int_eq(write(go[1], "g", 1), 1);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	/* The sync lock is free again once the flush is over. */
	fl.l_type = F_WRLCK;
	ck_assert_int_eq(fcntl(fd, F_OFD_SETLK, &fl), 0);
	close(fd);
}
END_TEST

/* --- the data layer ------------------------------------------------- */

/*
 * A VFS that is the default one with the WAL's writes and syncs
 * counted: it shows whether anything written to the WAL is still
 * waiting for a sync when db_tx_commit() returns.
 */
static sqlite3_vfs *real_vfs;
static sqlite3_vfs counting_vfs;
static const sqlite3_io_methods *real_wal_methods;
static sqlite3_io_methods counting_wal_methods;
static int wal_writes, wal_syncs, wal_syncs_locked;
static bool wal_unsynced;
static int writer_probe = -1; /* another open of "<db>.lock" */

static int
wal_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int rc = real_wal_methods->xWrite(f, buf, n, off);
	if (rc == SQLITE_OK) {
		wal_writes++;
		wal_unsynced = true;
	}
	return rc;
}

static int
wal_sync(sqlite3_file *f, int flags)
{
	/* Is some connection holding the writer lock during this sync? */
	if (writer_probe >= 0) {
		if (flock(writer_probe, LOCK_EX | LOCK_NB) == 0)
			flock(writer_probe, LOCK_UN);
		else
			wal_syncs_locked++;
	}
	int rc = real_wal_methods->xSync(f, flags);
	if (rc == SQLITE_OK) {
		wal_syncs++;
		wal_unsynced = false;
	}
	return rc;
}

static int
counting_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out_flags)
{
	(void)vfs;
	int rc = real_vfs->xOpen(real_vfs, name, f, flags, out_flags);
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && f->pMethods) {
		real_wal_methods = f->pMethods;
		counting_wal_methods = *f->pMethods;
		counting_wal_methods.xWrite = wal_write;
		counting_wal_methods.xSync = wal_sync;
		f->pMethods = &counting_wal_methods;
	}
	return rc;
}

static void
count_wal_io(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	ck_assert_ptr_nonnull(real_vfs);
	counting_vfs = *real_vfs;
	counting_vfs.zName = "gw-counting";
	counting_vfs.xOpen = counting_open;
	ck_assert_int_eq(sqlite3_vfs_register(&counting_vfs, 1), SQLITE_OK);
}

START_TEST(every_commit_is_on_disk_when_it_returns)
{
	count_wal_io();
	char path[512];
	struct db *db = fixture_db("gc-db", path, sizeof(path));
	/* No checkpoints (they sync the WAL under the lock, rightly), so
	 * every sync counted below is a commit's flush. */
	db_set_autocheckpoint(db, 0);
	char lock[600];
	snprintf(lock, sizeof(lock), "%s.lock", path);
	writer_probe = open(lock, O_RDWR | O_CLOEXEC);
	ck_assert_int_ge(writer_probe, 0);
	int syncs = wal_syncs, writes = wal_writes;
	for (int i = 0; i < 20; i++) {
		ck_assert_int_eq(db_tx_begin(db), DB_OK);
		ck_assert_int_eq(audit_add(db, 0, "gc.test", NULL, NULL, NULL),
		    DB_OK);
		ck_assert_int_eq(db_tx_commit(db), DB_OK);
		ck_assert_msg(!wal_unsynced,
		    "commit %d returned before its sync", i);
	}
	/* Alone, each commit needs a flush of its own. */
	ck_assert_int_gt(wal_writes, writes);
	ck_assert_int_eq(wal_syncs - syncs, 20);
	/* ...made after the writer lock was released. */
	ck_assert_int_eq(wal_syncs_locked, 0);
	ck_assert_int_eq(audit_count(db, "gc.test"), 20);

	/* A rollback has nothing to flush. */
	syncs = wal_syncs;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(audit_add(db, 0, "gc.test", NULL, NULL, NULL), DB_OK);
	db_tx_rollback(db);
	ck_assert_int_eq(wal_syncs, syncs);
	ck_assert_int_eq(audit_count(db, "gc.test"), 20);
	close(writer_probe);
	writer_probe = -1;
	db_close(db);
}
END_TEST

Suite *
suite_group_commit(void)
{
	Suite *s = suite_create("group_commit");
	TCase *tc = tcase_create("counters");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, counters_start_at_zero_and_are_shared);
	tcase_add_test(tc, a_commit_waits_for_one_flush_then_never_again);
	tcase_add_test(tc, one_flush_covers_every_commit_written_before_it);
	tcase_add_test(tc, a_commit_written_during_a_flush_needs_another);
	tcase_add_test(tc, a_failed_flush_marks_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("processes");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, processes_share_counters_and_flushes);
	tcase_add_test(tc, the_flush_runs_outside_the_writer_lock);
	suite_add_tcase(s, tc);

	tc = tcase_create("db");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, every_commit_is_on_disk_when_it_returns);
	suite_add_tcase(s, tc);
	return s;
}
