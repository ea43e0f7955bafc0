/*
 * db.c - connection set-up, the writer lock, transactions,
 * checkpoints and migrations.
 */
#include "db_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "db_coach.h"
#include "group_commit.h"
#include "util.h"

static const char *const role_names[] = {
	[ROLE_REP] = "rep",
	[ROLE_MANAGER] = "manager",
	[ROLE_ADMIN] = "admin",
	[ROLE_DIRECTOR] = "director",
};

const char *
role_name(enum role r)
{
	if ((size_t)r < GW_ARRAY_LEN(role_names) && role_names[r])
		return role_names[r];
	return "";
}

enum role
role_from_name(const char *name)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(role_names); i++)
		if (role_names[i] && name && strcmp(role_names[i], name) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

/* Results that mean the disk or the file failed us, not the query:
 * the request may be tried again once the disk is fixed. */
static const int storage_codes[] = {
	SQLITE_FULL,
	SQLITE_IOERR,
	SQLITE_READONLY,
	SQLITE_CANTOPEN,
	SQLITE_BUSY,
	SQLITE_LOCKED,
	SQLITE_NOMEM,
	SQLITE_PROTOCOL,
	SQLITE_CORRUPT,
	SQLITE_NOTADB,
	SQLITE_NOLFS,
};

static bool
is_storage_code(int code)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(storage_codes); i++)
		if ((code & 0xff) == storage_codes[i])
			return true;
	return false;
}

/*
 * Log a failure.  A storage failure marks the connection (see
 * db_storage_failed) and is logged at most once a minute per process,
 * with a count of those left out, so a full disk does not fill what
 * is left of it with one line per request.
 */
static void
note_failure(struct db *db, bool storage, const char *what, const char *msg)
{
	static int64_t logged_minute = -1; /* of the last storage line */
	static long unlogged;              /* storage lines left out since */
	if (storage) {
		db->storage_failed = true;
		int64_t minute = now_seconds() / 60;
		if (minute == logged_minute) {
			unlogged++;
			return;
		}
		logged_minute = minute;
	}
	fprintf(stderr, "groundwork: db %s: %s: %s", db->path, what, msg);
	if (storage && unlogged)
		fprintf(stderr,
		    " (and %ld more storage failures in the "
		    "minutes before)",
		    unlogged);
	fputc('\n', stderr);
	if (storage)
		unlogged = 0;
}

void
db_log_error(struct db *db, const char *what)
{
	int code = db->conn ? sqlite3_extended_errcode(db->conn)
	                    : SQLITE_CANTOPEN;
	note_failure(db, is_storage_code(code), what,
	    db->conn ? sqlite3_errmsg(db->conn) : "no connection");
}

bool
db_storage_failed(const struct db *db)
{
	return db->storage_failed;
}

void
db_storage_reset(struct db *db)
{
	db->storage_failed = false;
}

static int
exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		note_failure(db, is_storage_code(rc), sql,
		    msg ? msg : sqlite3_errmsg(db->conn));
		sqlite3_free(msg);
		return DB_ERROR;
	}
	return DB_OK;
}

struct db *
db_open(const char *path)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->lock_fd = -1;
	str_copy(db->path, sizeof(db->path), path);

	char lockpath[600];
	snprintf(lockpath, sizeof(lockpath), "%s.lock", path);
	db->lock_fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (db->lock_fd < 0) {
		fprintf(stderr, "groundwork: cannot open lock file %s: %s\n",
		    lockpath, strerror(errno));
		goto fail;
	}
	db->commits = group_commit_open(db->lock_fd);
	if (db->commits == NULL)
		goto fail;
	if (sqlite3_open_v2(path, &db->conn,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	        NULL) != SQLITE_OK) {
		db_log_error(db, "open");
		goto fail;
	}
	/* Closing must never checkpoint: checkpoints only run locked. */
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_busy_timeout(db->conn, 5000);
	/* A 32 MiB page cache, and no memory map: in WAL mode SQLite drops
	 * a connection's map whenever another process has committed, so
	 * with several workers writing, every transaction paid to unmap it
	 * and fault pages back in while holding the writer lock.  Without
	 * it the create-deal POST went from 57% to 68% of the plain insert
	 * loop; uncached reads of a 1M-deal database lost about 5%.
	 * synchronous=NORMAL: COMMIT writes the WAL without waiting for
	 * the disk, and db_tx_commit() waits for a shared fsync after the
	 * lock is released (group_commit.h), so every commit it reports
	 * is on disk as with FULL, but workers share the flushes. */
	if (exec(db, "PRAGMA journal_mode=WAL;"
	             "PRAGMA synchronous=NORMAL;"
	             "PRAGMA foreign_keys=ON;"
	             "PRAGMA mmap_size=0;"
	             "PRAGMA cache_size=-32768;") != DB_OK)
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->in_tx)
		db_tx_rollback(db);
	for (size_t i = 0; i < db->nbulk_indexes; i++)
		free(db->bulk_indexes[i]);
	free(db->bulk_indexes);
	for (int i = 0; i < ST__MAX; i++) {
		sqlite3_finalize(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	if (db->conn)
		sqlite3_close(db->conn);
	group_commit_close(db->commits);
	if (db->lock_fd >= 0)
		close(db->lock_fd);
	free(db);
}

sqlite3_stmt *
db_stmt(struct db *db, enum stmt id)
{
	sqlite3_stmt *st = db->stmts[id];
	if (st == NULL) {
		if (sqlite3_prepare_v3(db->conn, stmt_sql[id], -1,
		        SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			fprintf(stderr,
			    "groundwork: preparing statement %d: %s\n", (int)id,
			    sqlite3_errmsg(db->conn));
			return NULL;
		}
		db->stmts[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

int
db_prepare_all(struct db *db)
{
	for (int i = 0; i < ST__MAX; i++)
		if (db_stmt(db, (enum stmt)i) == NULL)
			return DB_ERROR;
	return DB_OK;
}

int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	if (!sqlite3_stmt_readonly(st) && !db->in_tx) {
		/* A write outside the lock could race a checkpoint. */
		fprintf(stderr, "groundwork: write outside a transaction: %s\n",
		    sqlite3_sql(st));
		abort();
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return DB_OK;
	if (rc == SQLITE_CONSTRAINT)
		return DB_CONFLICT;
	db_log_error(db, "step");
	return DB_ERROR;
}

int
db_each(struct db *db, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, void *),
    void *arg, const char *what)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(st, arg) != 0)
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, what);
		return DB_ERROR;
	}
	return DB_OK;
}

void
db_col_text(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	str_copy(dst, size, t ? (const char *)t : "");
}

static int
lock_writer(struct db *db)
{
	while (flock(db->lock_fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			note_failure(db, true, "flock of the lock file",
			    strerror(errno));
			return DB_ERROR;
		}
	}
	return DB_OK;
}

static void
unlock_writer(struct db *db)
{
	flock(db->lock_fd, LOCK_UN);
}

int
db_tx_begin(struct db *db)
{
	if (db->in_tx) {
		fprintf(stderr, "groundwork: nested transaction\n");
		abort();
	}
	if (lock_writer(db) != DB_OK)
		return DB_ERROR;
	if (exec(db, "BEGIN IMMEDIATE") != DB_OK) {
		unlock_writer(db);
		return DB_ERROR;
	}
	db->in_tx = true;
	return DB_OK;
}

/* Flush the WAL through SQLite's own handle on it, so the flush
 * reaches the file this connection writes. */
static int
sync_wal(void *arg)
{
	struct db *db = arg;
	sqlite3_file *wal = NULL;
	if (sqlite3_file_control(db->conn, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	        &wal) != SQLITE_OK ||
	    wal == NULL || wal->pMethods == NULL ||
	    wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL) != SQLITE_OK) {
		note_failure(db, true, "sync", "cannot sync the WAL");
		return -1;
	}
	return 0;
}

int
db_tx_commit(struct db *db)
{
	if (!db->in_tx)
		return DB_ERROR;
	int rc = exec(db, "COMMIT");
	uint64_t commit = 0;
	if (rc == DB_OK)
		commit = group_commit_written(db->commits);
	else if (!sqlite3_get_autocommit(db->conn))
		exec(db, "ROLLBACK");
	db->in_tx = false;
	unlock_writer(db);
	/* Nothing is answered before the commit is on disk.  If the flush
	 * fails, the commit stands but is reported as failed: after a
	 * failed fsync nothing about the disk can be promised. */
	if (rc == DB_OK &&
	    group_commit_wait(db->commits, commit, sync_wal, db) != 0)
		rc = DB_ERROR;
	return rc;
}

void
db_tx_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (!sqlite3_get_autocommit(db->conn))
		exec(db, "ROLLBACK");
	db->in_tx = false;
	unlock_writer(db);
}

bool
db_tx_abandoned(struct db *db)
{
	if (!db->in_tx)
		return false;
	db_tx_rollback(db);
	return true;
}

static int
checkpoint(struct db *db, int mode)
{
	if (lock_writer(db) != DB_OK)
		return DB_ERROR;
	int rc = sqlite3_wal_checkpoint_v2(db->conn, NULL, mode, NULL, NULL);
	unlock_writer(db);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		db_log_error(db, "checkpoint");
		return DB_ERROR;
	}
	return DB_OK;
}

int
db_checkpoint(struct db *db)
{
	return checkpoint(db, SQLITE_CHECKPOINT_PASSIVE);
}

int
db_checkpoint_truncate(struct db *db)
{
	return checkpoint(db, SQLITE_CHECKPOINT_TRUNCATE);
}

/* The rebuild, in order: empty each summary, then fill it. */
static const enum stmt rebuild[] = {
	ST_REBUILD_COUNTS_CLEAR,
	ST_REBUILD_COUNTS,
	ST_REBUILD_INFLOW_CLEAR,
	ST_REBUILD_INFLOW,
	ST_REBUILD_FLOW_CLEAR,
	ST_REBUILD_FLOW,
	ST_REBUILD_VISITS_CLEAR,
	ST_REBUILD_VISITS,
	ST_REBUILD_SKIPPED,
	ST_REVISION_BUMP_ALL,
	ST_BULK_END,
};

/*
 * Drop the big tables' secondary indexes, keeping their DDL (the
 * schema's own text, from sqlite_master) to run again at the end:
 * building an index once over sorted data is much faster than keeping
 * it up to date row by row.
 */
static int
drop_indexes(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, ST_BULK_INDEXES);
	if (st == NULL)
		return DB_ERROR;
	char **names = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = xrealloc(names, (n + 1) * sizeof(*names));
		db->bulk_indexes = xrealloc(db->bulk_indexes,
		    (n + 1) * sizeof(*db->bulk_indexes));
		names[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		db->bulk_indexes[n] = xstrdup(
		    (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	db->nbulk_indexes = n;
	int rc = DB_OK;
	for (size_t i = 0; i < n; i++) {
		/* An index name is an identifier from the schema itself. */
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		if (rc == DB_OK)
			rc = exec(db, sql);
		sqlite3_free(sql);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int
rebuild_indexes(struct db *db)
{
	int rc = DB_OK;
	for (size_t i = 0; i < db->nbulk_indexes; i++) {
		if (rc == DB_OK)
			rc = exec(db, db->bulk_indexes[i]);
		free(db->bulk_indexes[i]);
	}
	free(db->bulk_indexes);
	db->bulk_indexes = NULL;
	db->nbulk_indexes = 0;
	return rc;
}

int
db_bulk_begin(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, ST_BULK_BEGIN);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now_seconds());
	int rc = db_step_done(db, st);
	return rc == DB_OK ? drop_indexes(db) : rc;
}

int
db_bulk_finish(struct db *db)
{
	if (rebuild_indexes(db) != DB_OK)
		return DB_ERROR;
	for (size_t i = 0; i < GW_ARRAY_LEN(rebuild); i++) {
		sqlite3_stmt *st = db_stmt(db, rebuild[i]);
		if (st == NULL)
			return DB_ERROR;
		int rc = db_step_done(db, st);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

void
db_set_cache_mb(struct db *db, int mb)
{
	char pragma[64];
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size=-%d", mb * 1024);
	exec(db, pragma);
}

void
db_set_autocheckpoint(struct db *db, int pages)
{
	sqlite3_wal_autocheckpoint(db->conn, pages);
}

/* Run a check pragma; true when its one answer is "ok". */
static bool
check_ok(struct db *db, const char *pragma)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(db->conn, pragma, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		ok = t && strcmp((const char *)t, "ok") == 0;
	}
	sqlite3_finalize(st);
	return ok;
}

bool
db_integrity_ok(struct db *db)
{
	return check_ok(db, "PRAGMA integrity_check");
}

bool
db_quick_check_ok(struct db *db)
{
	return check_ok(db, "PRAGMA quick_check");
}

int
db_backup_to(struct db *db, const char *path)
{
	sqlite3 *dest = NULL;
	int rc = DB_ERROR;
	if (sqlite3_open_v2(path, &dest,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "groundwork: cannot create %s: %s\n", path,
		    dest ? sqlite3_errmsg(dest) : "out of memory");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->conn, "main");
	if (b == NULL) {
		fprintf(stderr, "groundwork: backup: %s\n",
		    sqlite3_errmsg(dest));
		goto out;
	}
	/* One step: one read transaction, so the copy is a consistent
	 * snapshot; in WAL mode writers carry on meanwhile. */
	int step;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	       step == SQLITE_LOCKED)
		sqlite3_sleep(20);
	if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE) {
		fprintf(stderr, "groundwork: backup failed: %s\n",
		    sqlite3_errmsg(dest));
		goto out;
	}
	rc = DB_OK;
out:
	if (dest)
		sqlite3_close(dest);
	if (rc == DB_OK) {
		/* The file is complete; make sure it is on the disk. */
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0) {
			fprintf(stderr, "groundwork: cannot sync %s: %s\n",
			    path, strerror(errno));
			rc = DB_ERROR;
		}
		if (fd >= 0)
			close(fd);
	}
	return rc;
}

int
db_schema_version(struct db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA user_version", -1, &st,
	        NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Migration files are NNN_name.sql; returns NNN or -1. */
static int
migration_number(const char *name)
{
	size_t n = strlen(name);
	if (n < 8 || strcmp(name + n - 4, ".sql") != 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return -1;
	if (name[3] != '_')
		return -1;
	return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

/* What some migrations need done in C, in the same transaction as the
 * file: 012 evaluates every open deal's coaching item, which merged
 * the old items into one per deal. */
static int
after_migration(struct db *db, int number)
{
	static int (*const after[])(struct db *, int64_t) = {
		[12] = coach_items_rebuild,
	};
	if (number < 0 || (size_t)number >= GW_ARRAY_LEN(after) ||
	    after[number] == NULL)
		return DB_OK;
	return after[number](db, (int64_t)time(NULL));
}

int
db_migrate(struct db *db, const char *sql_dir, FILE *log)
{
	DIR *dh = opendir(sql_dir);
	if (dh == NULL) {
		fprintf(stderr,
		    "groundwork: cannot open migrations in %s: %s\n", sql_dir,
		    strerror(errno));
		return DB_ERROR;
	}
	char **names = NULL;
	size_t count = 0;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (migration_number(e->d_name) < 0)
			continue;
		names = xrealloc(names, (count + 1) * sizeof(*names));
		names[count++] = xstrdup(e->d_name);
	}
	closedir(dh);
	if (count > 1)
		qsort(names, count, sizeof(*names), cmp_names);

	int rc = DB_OK;
	for (size_t i = 0; i < count && rc == DB_OK; i++) {
		int number = migration_number(names[i]);
		if (number <= db_schema_version(db))
			continue;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", sql_dir, names[i]);
		char *sql = read_file(path);
		if (sql == NULL) {
			fprintf(stderr, "groundwork: cannot read %s\n", path);
			rc = DB_ERROR;
			break;
		}
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d;",
		    number);
		/* The file and the version bump commit together or not at all. */
		rc = db_tx_begin(db);
		if (rc == DB_OK && number <= db_schema_version(db)) {
			db_tx_rollback(db); /* another process got there first */
		} else if (rc == DB_OK) {
			rc = exec(db, sql);
			if (rc == DB_OK)
				rc = after_migration(db, number);
			if (rc == DB_OK)
				rc = exec(db, pragma);
			if (rc == DB_OK)
				rc = db_tx_commit(db);
			else
				db_tx_rollback(db);
			if (rc != DB_OK)
				fprintf(stderr,
				    "groundwork: migration %s failed; the "
				    "database is unchanged by it\n",
				    names[i]);
			else if (log)
				fprintf(log,
				    "groundwork: applied migration %s\n",
				    names[i]);
		}
		free(sql);
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}

const char *
db_sqlite_version(void)
{
	return sqlite3_libversion();
}
