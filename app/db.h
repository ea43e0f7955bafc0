/*
 * db.h - the core of the data layer (db.c): the connection, the writer
 * lock, transactions, migrations, checkpoints and backups, and the
 * roles.  All SQL in Groundwork lives behind the data layer: handlers
 * and the CLI call typed functions and never see a statement.  Each
 * entity file has its own header: db_account.h, db_deal.h,
 * db_playbook.h, db_team.h and db_coach.h.  SQLite itself stays in
 * db_internal.h, which only db*.c include.
 *
 * Writes: every write runs between db_tx_begin() and db_tx_commit(),
 * which hold an flock on "<db>.lock" for the whole transaction,
 * including the automatic checkpoint inside COMMIT.  Explicit
 * checkpoints take the same lock.  With NO_CKPT_ON_CLOSE set, no
 * checkpoint can ever race a WAL reset (SQLite 3.7.0 - 3.51.2 bug).
 * db_tx_commit() returns only once the commit is on disk; the fsync
 * that puts it there runs after the lock is released and may be shared
 * with other processes' commits (group_commit.h).
 */
#ifndef GW_DB_H
#define GW_DB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct db;

enum db_rc {
	DB_OK = 0,
	DB_NOTFOUND = 1, /* no such row (or not visible to this user) */
	DB_CONFLICT = 2, /* a UNIQUE or CHECK constraint refused it */
	DB_ERROR = -1,   /* logged to stderr already */
};

/* Roles are bits so a route can allow several. */
enum role {
	ROLE_NONE = 0,
	ROLE_REP = 1,
	ROLE_MANAGER = 2,
	ROLE_ADMIN = 4,
	ROLE_DIRECTOR = 8, /* reads teams' figures, changes no deal */
};

const char *role_name(enum role r);         /* "rep", ... or "" */
enum role role_from_name(const char *name); /* ROLE_NONE if unknown */

/* Open path: WAL, foreign keys, a 5 s busy timeout, no checkpoint on
 * close, and synchronous=NORMAL with the shared flush (README.md, "Why
 * some things are the way they are").  NULL on failure. */
struct db *db_open(const char *path);
void db_close(struct db *db);

/* Prepare every statement now, so a schema mismatch fails at start. */
int db_prepare_all(struct db *db);

/* Apply sql_dir/NNN_*.sql above PRAGMA user_version, each atomically.
 * Prints what it applied to log (may be NULL).  DB_OK or DB_ERROR. */
int db_migrate(struct db *db, const char *sql_dir, FILE *log);
int db_schema_version(struct db *db);

int db_tx_begin(struct db *db);     /* lock, then BEGIN IMMEDIATE */
int db_tx_commit(struct db *db);    /* COMMIT, unlock, wait for the disk */
void db_tx_rollback(struct db *db); /* ROLLBACK (if open), then unlock */

/* If a transaction is still open, roll it back and return true. */
bool db_tx_abandoned(struct db *db);

/* Did a failure since the last reset come from the disk or the file
 * (full, read-only, I/O error, a failed flush, a lock timeout) rather
 * than from the query?  Such a request can be tried again later. */
bool db_storage_failed(const struct db *db);
void db_storage_reset(struct db *db);

/* A PASSIVE checkpoint under the writer lock. */
int db_checkpoint(struct db *db);

/* The SQLite library's version, for the start-up log and doctor. */
const char *db_sqlite_version(void);

/* A TRUNCATE checkpoint under the writer lock: the WAL is emptied
 * (after a bulk load, so the next opener has nothing to recover). */
int db_checkpoint_truncate(struct db *db);

/* Inside a transaction: let the summary triggers stand aside for a bulk
 * import, then rebuild every summary from the tables in one pass. */
int db_bulk_begin(struct db *db);
int db_bulk_finish(struct db *db);

/* Let this connection cache up to mb MiB of pages (bulk loads). */
void db_set_cache_mb(struct db *db, int mb);

/* Set wal_autocheckpoint (tests use tiny values to force checkpoints). */
void db_set_autocheckpoint(struct db *db, int pages);

/* PRAGMA integrity_check == "ok"? */
bool db_integrity_ok(struct db *db);

/* PRAGMA quick_check == "ok"?  The same checks but for index contents:
 * about half the time on a large database (off-site copies). */
bool db_quick_check_ok(struct db *db);

/*
 * Copy the whole database into a new file at path with SQLite's online
 * backup API: other connections keep reading and writing meanwhile.
 * The copy is synced to disk.  DB_OK or DB_ERROR (after a message).
 */
int db_backup_to(struct db *db, const char *path);

#endif
