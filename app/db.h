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
	bool has_flash;      /* a one-time message is waiting */
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

/* Copy the secret called name (exactly size bytes) into out. */
int secret_get(struct db *db, const char *name, unsigned char *out,
    size_t size);

/* Failures for key inside the window starting at since; -1 on error. */
int throttle_failures(struct db *db, const char *key, int64_t since);
int throttle_record_failure(struct db *db, const char *key, int64_t now,
    int64_t window);
int throttle_clear(struct db *db, const char *key);

/* --- stages and deals (db_deal.c) -------------------------------- */

#define STAGE_NAME_MAX 40
#define STAGES_MAX 32

struct stage {
	int64_t id;                          /* stages.id, kept forever */
	char name[STAGE_NAME_MAX * 4 + 1];   /* shown everywhere */
	int position;                        /* order in the process */
	bool early;                          /* an early stage (warm colour) */
	int probability;                     /* % for weighted amounts */
	int target_days;                     /* longer than this is stalled */
	bool active;                         /* retired stages keep history */
};

/* All stages in position order into out (up to max); returns the
 * count, or -1 on error. */
int stage_list(struct db *db, struct stage *out, int max);

enum deal_status { DEAL_OPEN, DEAL_WON, DEAL_LOST };
const char *deal_status_name(enum deal_status s);     /* "open", ... */
int deal_status_from_name(const char *name);          /* -1 if unknown */

#define DEAL_TEXT_MAX 120     /* company, contact, title */
#define DEAL_SOURCE_MAX 60
#define DEAL_STEP_MAX 200     /* next step, lost reason */
#define DEAL_NOTE_MAX 500     /* stage-change note */

struct deal {
	int64_t id;                                /* deals.id */
	int64_t owner_id;                          /* the rep who owns it */
	char owner_name[USER_NAME_MAX * 4 + 1];    /* for display */
	int64_t team_id;                           /* team at creation */
	char company[DEAL_TEXT_MAX * 4 + 1];       /* required */
	char contact[DEAL_TEXT_MAX * 4 + 1];
	char title[DEAL_TEXT_MAX * 4 + 1];
	bool has_amount;                           /* amount is known */
	int64_t amount;                            /* minor units */
	char currency[8];                          /* ISO 4217 */
	char source[DEAL_SOURCE_MAX * 4 + 1];
	char expected_close[11];                   /* YYYY-MM-DD or "" */
	char next_step[DEAL_STEP_MAX * 4 + 1];
	char next_step_due[11];                    /* YYYY-MM-DD or "" */
	int64_t stage_id;                          /* current stage */
	char stage_name[STAGE_NAME_MAX * 4 + 1];
	int stage_position;
	enum deal_status status;
	char lost_reason[DEAL_STEP_MAX * 4 + 1];
	int64_t first_stage_id;                    /* stage it was logged at */
	bool late_entry;                           /* first logged at 3+ */
	int64_t stage_entered_at;                  /* start of current visit */
	int64_t created_at, updated_at, closed_at, last_activity_at;
};

/* Who is looking: visibility is decided inside each query. */
struct viewer {
	int64_t user_id;
	enum role role;
	int64_t team_id;
};

/* Insert d (owner, team, fields, stage) with its first stage-change
 * row; sets d->id.  Caller holds a transaction. */
int deal_create(struct db *db, struct deal *d, int64_t now);

/* The deal if v may see it: its owner, a manager of its team, or an
 * admin.  DB_NOTFOUND otherwise. */
int deal_get(struct db *db, int64_t id, const struct viewer *v,
    struct deal *out);

/* Update the editable fields of an open or closed deal owned by
 * owner_id, recording which changed ("fields": comma-separated). */
int deal_update(struct db *db, const struct deal *d, int64_t owner_id,
    const char *fields, int64_t now);

/* Move an open deal to another stage and record the change. */
int deal_move(struct db *db, int64_t id, int64_t owner_id,
    int64_t from_stage, int64_t to_stage, int skipped, const char *note,
    int64_t now);

/* Close an open deal as won or lost (lost needs a reason). */
int deal_close(struct db *db, int64_t id, int64_t owner_id,
    int64_t stage_id, enum deal_status outcome, const char *reason,
    int64_t now);

/* Reopen a closed deal in the stage it closed in. */
int deal_reopen(struct db *db, int64_t id, int64_t owner_id,
    int64_t stage_id, enum deal_status was, int64_t now);

/* Bulk loading (demo and benchmark data): insert d exactly as given,
 * times included, with no history; add history with
 * stage_change_import().  Caller holds a transaction. */
int deal_import(struct db *db, struct deal *d);
int stage_change_import(struct db *db, int64_t deal_id, int64_t from_stage,
    int64_t to_stage, const char *from_status, const char *to_status,
    int64_t by, const char *note, int skipped, int64_t at);

struct deal_filter {
	int64_t owner_id;     /* whose deals */
	int status;           /* enum deal_status, or -1 for all */
	int64_t stage_id;     /* 0 for all stages */
	const char *search;   /* company or contact contains; "" for all */
	int limit, offset;    /* paging */
};

/* Deals matching f in stage order; fn is called per deal. */
int deal_list(struct db *db, const struct deal_filter *f,
    int (*fn)(const struct deal *, void *), void *arg);

/* How many deals match f (ignoring paging). */
int64_t deal_count(struct db *db, const struct deal_filter *f);

/* One stage of f (status and stage_id set, no search), in due-date
 * order, read straight from the owner index. */
int deal_list_stage(struct db *db, const struct deal_filter *f,
    int (*fn)(const struct deal *, void *), void *arg);

/* Deals of one owner and status per stage: fn(stage_id, count). */
int deal_count_by_stage(struct db *db, int64_t owner_id, int status,
    int (*fn)(int64_t stage_id, int64_t count, void *), void *arg);

/* One entry of a deal's timeline, newest first. */
struct timeline_entry {
	bool is_edit;                              /* edit, or stage change */
	int64_t at;
	char who[USER_NAME_MAX * 4 + 1];
	char from_stage[STAGE_NAME_MAX * 4 + 1];   /* "" at creation */
	char to_stage[STAGE_NAME_MAX * 4 + 1];
	char from_status[8], to_status[8];
	char note[DEAL_NOTE_MAX * 4 + 1];          /* or the edited fields */
	int skipped_stages;
	int from_position, to_position;            /* to tell back from forward */
};

int deal_timeline(struct db *db, int64_t deal_id,
    int (*fn)(const struct timeline_entry *, void *), void *arg);

#endif
