/*
 * db.h - the data layer.  All SQL in Groundwork lives behind this
 * header: handlers and the CLI call typed functions and never see a
 * statement.
 *
 * Writes: every write runs between db_tx_begin() and db_tx_commit(),
 * which hold an flock on "<db>.lock" for the whole transaction,
 * including the automatic checkpoint inside COMMIT.  Explicit
 * checkpoints take the same lock.  With NO_CKPT_ON_CLOSE set, no
 * checkpoint can ever race a WAL reset (SQLite 3.7.0 - 3.51.2 bug).
 */
#ifndef GW_DB_H
#define GW_DB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <sodium.h>

struct db;

enum db_rc {
	DB_OK = 0,
	DB_NOTFOUND = 1,  /* no such row (or not visible to this user) */
	DB_CONFLICT = 2,  /* a UNIQUE or CHECK constraint refused it */
	DB_ERROR = -1,    /* logged to stderr already */
};

/* Roles are bits so a route can allow several. */
enum role {
	ROLE_NONE = 0,
	ROLE_REP = 1,
	ROLE_MANAGER = 2,
	ROLE_ADMIN = 4,
};

const char *role_name(enum role r);           /* "rep", ... or "" */
enum role role_from_name(const char *name);   /* ROLE_NONE if unknown */

/* Open path with the pragmas from the brief; NULL on failure. */
struct db *db_open(const char *path);
void db_close(struct db *db);

/* Prepare every statement now, so a schema mismatch fails at start. */
int db_prepare_all(struct db *db);

/* Apply sql_dir/NNN_*.sql above PRAGMA user_version, each atomically.
 * Prints what it applied to log (may be NULL).  DB_OK or DB_ERROR. */
int db_migrate(struct db *db, const char *sql_dir, FILE *log);
int db_schema_version(struct db *db);

int db_tx_begin(struct db *db);    /* lock, then BEGIN IMMEDIATE */
int db_tx_commit(struct db *db);   /* COMMIT, then unlock */
void db_tx_rollback(struct db *db);/* ROLLBACK (if open), then unlock */

/* If a transaction is still open, roll it back and return true. */
bool db_tx_abandoned(struct db *db);

/* A PASSIVE checkpoint under the writer lock. */
int db_checkpoint(struct db *db);

/* Set wal_autocheckpoint (tests use tiny values to force checkpoints). */
void db_set_autocheckpoint(struct db *db, int pages);

/* PRAGMA integrity_check == "ok"? */
bool db_integrity_ok(struct db *db);

/* --- accounts ---------------------------------------------------- */

#define USER_EMAIL_MAX 254
#define USER_NAME_MAX 100
#define TEAM_NAME_MAX 60

struct user {
	int64_t id;                        /* users.id */
	char email[USER_EMAIL_MAX + 1];    /* unique, case-insensitive */
	char name[USER_NAME_MAX * 4 + 1];  /* display name, UTF-8 */
	enum role role;                    /* exactly one role bit */
	int64_t team_id;                   /* 0 when in no team */
	char team_name[TEAM_NAME_MAX * 4 + 1]; /* "" when in no team */
	char password_hash[crypto_pwhash_STRBYTES]; /* Argon2id string */
	bool active;                       /* false once disabled */
};

struct team {
	int64_t id;                        /* teams.id */
	char name[TEAM_NAME_MAX * 4 + 1];  /* unique, case-insensitive */
	int members;                       /* active users in the team */
};

int user_get_by_email(struct db *db, const char *email, struct user *out);
int user_get_by_id(struct db *db, int64_t id, struct user *out);
/* Inserts u (id ignored); sets u->id.  DB_CONFLICT if the email exists. */
int user_create(struct db *db, struct user *u);
int user_set_password_hash(struct db *db, int64_t id, const char *hash);
int user_update(struct db *db, int64_t id, const char *name,
    enum role role, int64_t team_id);
int user_set_active(struct db *db, int64_t id, bool active);

/* Calls fn for each user ordered by name; stops early if fn returns
 * non-zero. */
int user_each(struct db *db, int (*fn)(const struct user *, void *),
    void *arg);

int team_get_by_name(struct db *db, const char *name, struct team *out);
int team_get_by_id(struct db *db, int64_t id, struct team *out);
int team_create(struct db *db, const char *name, int64_t *id);
int team_each(struct db *db, int (*fn)(const struct team *, void *),
    void *arg);

/* --- sessions ---------------------------------------------------- */

#define SESSION_HASH_LEN 32 /* crypto_generichash output we store */

struct session {
	int64_t id;          /* sessions.id */
	int64_t created_at;  /* for the absolute timeout */
	int64_t last_seen;   /* for the idle timeout */
	struct user user;    /* the signed-in user */
};

int session_create(struct db *db, const unsigned char *hash,
    int64_t user_id, int64_t now);
/* Finds an active user's session by token hash. */
int session_get(struct db *db, const unsigned char *hash,
    struct session *out);
int session_touch(struct db *db, int64_t id, int64_t now);
int session_delete(struct db *db, int64_t id);
int session_delete_for_user(struct db *db, int64_t user_id);
int session_purge(struct db *db, int64_t idle_before,
    int64_t created_before);
/* The one-time message shown after a POST. */
int session_set_flash(struct db *db, int64_t id, const char *text);
/* Copies and clears the flash; out[0] == '\0' when there is none. */
int session_take_flash(struct db *db, int64_t id, char *out, size_t size);
bool session_has_flash(struct db *db, int64_t id);

/* --- audit log and sign-in throttle ------------------------------ */

int audit_add(struct db *db, int64_t actor_id, const char *action,
    const char *subject, const char *detail, const char *addr);
/* Number of audit rows with this action (for tests and doctor). */
int64_t audit_count(struct db *db, const char *action);

/* Failures for key inside the window starting at since. */
int throttle_failures(struct db *db, const char *key, int64_t since);
int throttle_record_failure(struct db *db, const char *key, int64_t now,
    int64_t window);
int throttle_clear(struct db *db, const char *key);

#endif
