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
 * db_tx_commit() returns only once the commit is on disk; the fsync
 * that puts it there runs after the lock is released and may be shared
 * with other processes' commits (group_commit.h).
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
int db_tx_commit(struct db *db);   /* COMMIT, unlock, wait for the disk */
void db_tx_rollback(struct db *db);/* ROLLBACK (if open), then unlock */

/* If a transaction is still open, roll it back and return true. */
bool db_tx_abandoned(struct db *db);

/* Did a failure since the last reset come from the disk or the file
 * (full, read-only, I/O error, a failed flush, a lock timeout) rather
 * than from the query?  Such a request can be tried again later. */
bool db_storage_failed(const struct db *db);
void db_storage_reset(struct db *db);

/* A PASSIVE checkpoint under the writer lock. */
int db_checkpoint(struct db *db);

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

/*
 * Copy the whole database into a new file at path with SQLite's online
 * backup API: other connections keep reading and writing meanwhile.
 * The copy is synced to disk.  DB_OK or DB_ERROR (after a message).
 */
int db_backup_to(struct db *db, const char *path);

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
	int64_t retired_at;                /* 0 while active */
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
/* Every team, active ones first, each group by name. */
int team_each(struct db *db, int (*fn)(const struct team *, void *),
    void *arg);
/* DB_CONFLICT when another team has the name (any case). */
int team_rename(struct db *db, int64_t id, const char *name);
/* Retire an active team at time `at`, or bring a retired one back
 * (at 0).  Its members are the caller's to move first.  DB_NOTFOUND
 * when there is no such team, or it already is so. */
int team_set_retired(struct db *db, int64_t id, int64_t at);

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
/* Every session of user_id but keep_id (the one making a change). */
int session_delete_others(struct db *db, int64_t user_id, int64_t keep_id);
/* Delete up to limit expired sessions, oldest first: those last seen
 * before idle_before or created before created_before.  Sets *deleted
 * to how many went.  Caller holds a transaction. */
int session_purge(struct db *db, int64_t idle_before,
    int64_t created_before, int limit, int *deleted);
/* How many sessions session_purge() with these limits would find; -1
 * on error. */
int64_t session_count_expired(struct db *db, int64_t idle_before,
    int64_t created_before);

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

/* Every stage, as most pages and the pipeline rules take them. */
struct stages {
	struct stage list[STAGES_MAX];  /* every stage, by position */
	int n;                          /* entries used */
};

/* Load every stage into out.  DB_OK or DB_ERROR. */
int stage_list_all(struct db *db, struct stages *out);
int stage_get(struct db *db, int64_t id, struct stage *out);
/* Add a stage after the last one; sets s->id and s->position. */
int stage_create(struct db *db, struct stage *s);
/* Rename, reorder, re-flag or retire; stages are never deleted. */
int stage_update(struct db *db, const struct stage *s);

enum deal_status { DEAL_OPEN, DEAL_WON, DEAL_LOST };
const char *deal_status_name(enum deal_status s);     /* "open", ... */
int deal_status_from_name(const char *name);          /* -1 if unknown */

#define DEAL_TEXT_MAX 120     /* company, contact, title */
#define DEAL_SOURCE_MAX 60
#define DEAL_STEP_MAX 200     /* next step, lost reason */
#define DEAL_NOTE_MAX 500     /* stage-change note */
#define CRITERION_TEXT_MAX 200 /* an exit criterion */

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

/* A field an edit changed, with its values as stored before and after
 * ("" for none, an amount in minor units, a date as YYYY-MM-DD). */
struct field_change {
	const char *field;     /* form field name: "amount", ... */
	const char *before;
	const char *after;
};

/* Update the editable fields of an open or closed deal owned by
 * owner_id, recording which changed ("fields": their names,
 * comma-separated) and, for each of the n changes, its values. */
int deal_update(struct db *db, const struct deal *d, int64_t owner_id,
    const char *fields, const struct field_change *changes, int n,
    int64_t now);

/* The values the edits of a deal changed, newest edit first and in
 * form order within one: fn(edit id, change).  Edits made before
 * values were kept have none. */
int deal_edit_values(struct db *db, int64_t deal_id,
    int (*fn)(int64_t edit_id, const struct field_change *c, void *arg),
    void *arg);

/* Move an open deal to another stage and record the change. */
int deal_move(struct db *db, int64_t id, int64_t owner_id,
    int64_t from_stage, int64_t to_stage, int skipped, const char *note,
    const char *skipped_criteria, int skipped_criteria_count, int64_t now);

/* Close an open deal as won or lost (lost needs a reason); skipped is
 * the stages a win passed over (pipeline_win_skips). */
int deal_close(struct db *db, int64_t id, int64_t owner_id,
    int64_t stage_id, enum deal_status outcome, const char *reason,
    int skipped, const char *skipped_criteria, int skipped_criteria_count,
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
    int64_t by, const char *note, int skipped, const char *skipped_criteria,
    int skipped_criteria_count, int64_t at);

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
enum timeline_kind {
	TL_CHANGE,   /* creation, move, close or reopen */
	TL_EDIT,     /* fields edited (note holds their names; id the
	              * edit's, for deal_edit_values) */
	TL_TICK,     /* criterion ticked (to_stage holds its text) */
	TL_UNTICK,   /* criterion unticked */
	TL_AID,      /* job-aid used (to_stage: title, from_status: outcome) */
};

struct timeline_entry {
	enum timeline_kind kind;
	int64_t id;                                /* row id in its own table */
	int64_t at;
	char who[USER_NAME_MAX * 4 + 1];
	char from_stage[STAGE_NAME_MAX * 4 + 1];   /* "" at creation */
	char to_stage[CRITERION_TEXT_MAX * 4 + 1];
	char from_status[16], to_status[16];
	char note[DEAL_NOTE_MAX * 4 + 1];          /* or the edited fields */
	int skipped_stages;
	int skipped_criteria;
	const char *skipped_ids;   /* "3,4": criteria left; valid in the call */
	int from_position, to_position;            /* to tell back from forward */
};

int deal_timeline(struct db *db, int64_t deal_id,
    int (*fn)(const struct timeline_entry *, void *), void *arg);

/* --- the playbook: exit criteria and job-aids (db_playbook.c) ----- */

#define CRITERIA_MAX 64
#define EVIDENCE_MAX 300

struct criterion {
	int64_t id;                              /* exit_criteria.id */
	int64_t stage_id;                        /* the stage it leads out of */
	int position;                            /* order within the stage */
	char text[CRITERION_TEXT_MAX * 4 + 1];   /* a buyer outcome */
	bool active;                             /* retired ones keep history */
};

/* How many criteria one stage (or every stage, stage_id 0) has, active
 * and retired, to size what criteria_list() fills; -1 on error. */
int criteria_count(struct db *db, int64_t stage_id);

/* Criteria of one stage (or every stage, stage_id 0) in order, active
 * and retired; returns the count or -1. */
int criteria_list(struct db *db, int64_t stage_id, struct criterion *out,
    int max);
int criterion_get(struct db *db, int64_t id, struct criterion *out);
/* Add at the end of its stage; sets *id. */
int criterion_create(struct db *db, int64_t stage_id, const char *text,
    int64_t *id);
int criterion_update(struct db *db, int64_t id, const char *text,
    int position, bool active);

/* A current tick of a criterion on a deal. */
struct criterion_tick {
	int64_t criterion_id;
	int64_t ticked_at;
	char ticked_by[USER_NAME_MAX * 4 + 1];
	char evidence[EVIDENCE_MAX * 4 + 1];
	int64_t verified_at;                      /* 0 until a manager checks */
	char verified_by[USER_NAME_MAX * 4 + 1];
};

/* How many current ticks the deal has; -1 on error. */
int deal_ticks_count(struct db *db, int64_t deal_id);

/* The deal's current ticks; returns the count or -1. */
int deal_ticks(struct db *db, int64_t deal_id, struct criterion_tick *out,
    int max);
/* Tick criterion on an open deal owned by owner_id: DB_NOTFOUND when
 * the deal is not theirs (or closed), DB_CONFLICT when already ticked. */
int deal_tick(struct db *db, int64_t deal_id, int64_t owner_id,
    int64_t criterion_id, const char *evidence, int64_t now);
/* Untick (the tick row is closed, not deleted): DB_NOTFOUND when there
 * is no current tick on a deal of owner_id. */
int deal_untick(struct db *db, int64_t deal_id, int64_t owner_id,
    int64_t criterion_id, int64_t now);

/* A manager of the deal's team confirms a current tick: DB_NOTFOUND
 * when the deal is not their team's or there is no unverified tick. */
int deal_verify_tick(struct db *db, int64_t deal_id, int64_t team_id,
    int64_t manager_id, int64_t criterion_id, int64_t now);

/* Sum of skipped stages and skipped criteria over a deal's moves. */
int deal_skips(struct db *db, int64_t deal_id, int *stages, int *criteria);

enum aid_kind {
	AID_QUESTION_GUIDE,
	AID_CHECKLIST,
	AID_WORKSHEET,
	AID_TEMPLATE,
	AID_CASE_STUDY,
	AID_OTHER,
	AID_KIND__MAX
};
const char *aid_kind_name(enum aid_kind k);    /* "question_guide", ... */
const char *aid_kind_label(enum aid_kind k);   /* "Question guide", ... */
int aid_kind_from_name(const char *name);      /* -1 if unknown */

enum aid_outcome { AID_HELPED, AID_NEUTRAL, AID_NOT_HELPED, AID_OUTCOME__MAX };
const char *aid_outcome_name(enum aid_outcome o);  /* "helped", ... */
const char *aid_outcome_label(enum aid_outcome o); /* "Helped", ... */
int aid_outcome_from_name(const char *name);       /* -1 if unknown */

#define AID_TITLE_MAX 120
#define AID_LINK_MAX 500
#define AID_BODY_BYTES 8192

struct job_aid {
	int64_t id;                           /* job_aids.id */
	int64_t stage_id;                     /* the stage it helps with */
	char title[AID_TITLE_MAX * 4 + 1];
	enum aid_kind kind;
	char body[AID_BODY_BYTES + 1];        /* plain text: paragraphs, lists */
	char link[AID_LINK_MAX * 4 + 1];      /* or a link; either may be "" */
	bool active;                          /* retired: hidden from new use */
};

int aid_get(struct db *db, int64_t id, struct job_aid *out);
/* Aids of a stage (0: all), active only or all, by stage then title. */
int aid_list(struct db *db, int64_t stage_id, bool active_only,
    int (*fn)(const struct job_aid *, void *), void *arg);
int aid_create(struct db *db, struct job_aid *a, int64_t now);
int aid_update(struct db *db, const struct job_aid *a, int64_t now);

struct aid_use {
	int64_t id;
	int64_t aid_id;
	char aid_title[AID_TITLE_MAX * 4 + 1];
	char user_name[USER_NAME_MAX * 4 + 1];
	int64_t stage_id;                  /* the deal's stage at the time */
	int64_t used_at;
	enum aid_outcome outcome;
	char note[DEAL_NOTE_MAX * 4 + 1];
};

/* Log a use on an open deal of owner_id, of an active aid, at the
 * deal's current stage: DB_NOTFOUND when any of that is not so. */
int aid_use_add(struct db *db, int64_t deal_id, int64_t owner_id,
    int64_t aid_id, enum aid_outcome outcome, const char *note, int64_t now);
int aid_uses_for_deal(struct db *db, int64_t deal_id,
    int (*fn)(const struct aid_use *, void *), void *arg);
/* Uses of an aid on deals of a team (0: every team), and how many
 * distinct deals they were on. */
int aid_use_count(struct db *db, int64_t aid_id, int64_t team_id,
    int64_t *uses, int64_t *deals);

/* Raw material for the measures: a team's (0: all) stage history in
 * deal order, and its job-aid uses. */
struct history_row {
	int64_t deal_id;
	int64_t from_stage;       /* 0 at creation */
	int64_t to_stage;
	int from_status;          /* enum deal_status */
	int to_status;
	int64_t at;
	int skipped_stages;
	int skipped_criteria;
};
int history_for_team(struct db *db, int64_t team_id,
    int (*fn)(const struct history_row *, void *), void *arg);

struct use_row {
	int64_t deal_id;
	int64_t aid_id;
	int64_t stage_id;
	int64_t used_at;
};
int uses_for_team(struct db *db, int64_t team_id,
    int (*fn)(const struct use_row *, void *), void *arg);

/* Bulk loading (demo data): a tick and a use exactly as given. */
int deal_tick_import(struct db *db, int64_t deal_id, int64_t criterion_id,
    int64_t by, const char *evidence, int64_t at);
int aid_use_import(struct db *db, int64_t deal_id, int64_t aid_id,
    int64_t by, int64_t stage_id, enum aid_outcome outcome,
    const char *note, int64_t at);

/* --- team pages (db_team.c): summaries kept by triggers ----------- */

/* Open deals (count, amount) per rep and stage, from deal_counts. */
struct count_row {
	int64_t owner_id;
	int64_t stage_id;
	int64_t deals;
	int64_t amount;        /* minor units; unknown amounts count 0 */
};
int team_open_counts(struct db *db, int64_t team_id,
    int (*fn)(const struct count_row *, void *), void *arg);

/* Active reps of a team, by name. */
int team_reps(struct db *db, int64_t team_id,
    int (*fn)(const struct user *, void *), void *arg);

struct inflow_row {
	int64_t owner_id;
	int64_t week;          /* (t + 259200) / 604800: weeks from a Monday */
	int64_t deals;
	int64_t late;
};
int team_inflow_since(struct db *db, int64_t team_id, int64_t first_week,
    int (*fn)(const struct inflow_row *, void *), void *arg);

struct flow_row {
	int64_t owner_id;
	int64_t stage_id;
	int64_t entries, regressions, skips, won, lost;
};
/* Flow rows (per rep, stage and day) for days >= first_day; a rep and
 * stage may come in several rows, to be added up. */
int team_flow_since(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct flow_row *, void *), void *arg);

struct visit_row {
	int64_t owner_id;
	int64_t stage_id;
	int64_t days;          /* whole days spent */
	int64_t visits;
};
/* Finished visits ended on days >= first_day, by length; rows to be
 * added up. */
int team_visits_since(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct visit_row *, void *), void *arg);

/* One open deal of the team, as the team page needs it. */
struct open_row {
	int64_t deal_id;
	int64_t owner_id;
	int64_t stage_id;
	int64_t stage_entered_at;
	int64_t last_activity_at;
	bool skipped;
	bool has_amount;
	int64_t amount;
};
int team_open_deals(struct db *db, int64_t team_id,
    int (*fn)(const struct open_row *, void *), void *arg);

/* The team's revision: it rises with every change a team page shows
 * (the team's deals and coaching sessions; any person, team or stage). */
int team_revision(struct db *db, int64_t team_id, int64_t *rev);
/* The same for one owner's deals (My deals). */
int owner_revision(struct db *db, int64_t owner_id, int64_t *rev);

/* A team's deals for its lists and CSV export: every deal of the team
 * (status < 0 for all), optionally one rep and one stage. */
struct team_filter {
	int64_t team_id;
	int64_t owner_id;      /* 0 for every rep */
	int64_t stage_id;      /* 0 for every stage */
	int status;            /* enum deal_status, -1 for all */
	int limit, offset;
};
int team_deals(struct db *db, const struct team_filter *f,
    int (*fn)(const struct deal *, void *), void *arg);

/* One deal by id within a team (for the stalled list). */
int team_deal(struct db *db, int64_t team_id, int64_t deal_id,
    struct deal *out);

/* The stage history of a team's deals (optionally one rep), deal by
 * deal, each in time order, for the CSV export: the changes made at or
 * after since (0 for the whole history). */
struct history_csv_row {
	int64_t deal_id;
	char company[DEAL_TEXT_MAX * 4 + 1];
	char owner[USER_NAME_MAX * 4 + 1];
	char from_stage[STAGE_NAME_MAX * 4 + 1];
	char to_stage[STAGE_NAME_MAX * 4 + 1];
	char from_status[8], to_status[8];
	int64_t at;
	char by[USER_NAME_MAX * 4 + 1];
	char note[DEAL_NOTE_MAX * 4 + 1];
	int skipped_stages;
	int skipped_criteria;
};
int team_history(struct db *db, int64_t team_id, int64_t owner_id,
    int64_t since, int (*fn)(const struct history_csv_row *, void *), void *arg);

/* --- coaching (db_coach.c) --------------------------------------- */

struct coach_deal;
struct coach_event;
struct coach_item;

enum coach_status { COACH_OPEN, COACH_SNOOZED, COACH_DONE, COACH_DISMISSED };
const char *coach_status_name(enum coach_status s);

/* The rules' inputs for a team. */
int coach_open_deals(struct db *db, int64_t team_id,
    int (*fn)(const struct coach_deal *, void *), void *arg);
int coach_events(struct db *db, int64_t team_id, int64_t since,
    int (*fn)(const struct coach_event *, void *), void *arg);
/* Last early-stage job-aid use per rep of the team: fn(user, at). */
int coach_early_aid_uses(struct db *db, int64_t team_id,
    int (*fn)(int64_t user_id, int64_t at, void *), void *arg);

/* Inside a transaction: store what the rules call for now.  An item
 * whose subject is live is refreshed; one a person closed after its
 * cause began stays closed; when items is complete, live rule items no
 * rule called for are resolved. */
int coach_store(struct db *db, int64_t team_id,
    const struct coach_item *items, size_t n, int64_t now,
    const char *today, bool complete);

#define COACH_NOTE_MAX 1000   /* a done note, characters */
#define COACH_REASON_MAX 300  /* a dismissal or a hand-made item's reason */

struct coaching_item {
	int64_t id;
	int64_t rep_id;
	char rep_name[USER_NAME_MAX * 4 + 1];
	int64_t deal_id;                       /* 0 when about the rep */
	int rule;                              /* enum coach_rule */
	char reason[2048];
	bool early;
	enum coach_status status;
	char snooze_until[11];
	int64_t created_at;
	int64_t closed_at;
	char closed_by[USER_NAME_MAX * 4 + 1];
	char close_note[COACH_NOTE_MAX * 4 + 1]; /* "" for others when private */
	bool private_note;
};

/* Live items of a team (open, and snoozed ones), by rep then priority. */
int coach_items_live(struct db *db, int64_t team_id,
    int (*fn)(const struct coaching_item *, void *), void *arg);
/* Closed items of a team, newest first (at most 50). */
int coach_items_closed(struct db *db, int64_t team_id,
    int (*fn)(const struct coaching_item *, void *), void *arg);
/* Items about one rep: live, and closed since `since`; private notes
 * are never read out. */
int coach_items_for_rep(struct db *db, int64_t rep_id, int64_t since,
    int (*fn)(const struct coaching_item *, void *), void *arg);

/* Inside a transaction, on a live item of the team only (DB_NOTFOUND
 * otherwise). */
int coach_item_close(struct db *db, int64_t id, int64_t team_id,
    enum coach_status status, int64_t by, const char *note, bool private_note,
    int64_t now);
int coach_item_snooze(struct db *db, int64_t id, int64_t team_id,
    const char *until);
/* Add an item by hand about a rep of the team (and one of their deals). */
int coach_item_add(struct db *db, int64_t team_id, int64_t rep_id,
    int64_t deal_id, const char *reason, int64_t by, int64_t now);
/* Items created since `since` and, of them, how many were done. */
int coach_follow_through(struct db *db, int64_t team_id, int64_t since,
    int64_t *created, int64_t *done);

#define SESSION_NOTES_MAX 1000

enum session_kind { SK_DEAL_REVIEW, SK_JOINT_CALL, SK_ROLE_PLAY, SK_ONE_TO_ONE,
	SK_OTHER, SK__MAX };
const char *session_kind_name(enum session_kind k);
const char *session_kind_label(enum session_kind k);
int session_kind_from_name(const char *name);

/*
 * Inside a transaction: log a coaching session of team_id's manager with
 * a rep of the team, optionally on one of the rep's deals, which stamps
 * the session with the deal's stage now.  DB_NOTFOUND when the rep or
 * deal is not the team's.
 */
int coaching_session_add(struct db *db, int64_t team_id, int64_t manager_id,
    int64_t rep_id, int64_t deal_id, int minutes, enum session_kind kind,
    const char *notes, bool private_note, int64_t at);

struct coaching_session {
	int64_t id;
	char manager[USER_NAME_MAX * 4 + 1];
	char rep[USER_NAME_MAX * 4 + 1];
	int64_t deal_id;
	char company[DEAL_TEXT_MAX * 4 + 1];
	char stage[STAGE_NAME_MAX * 4 + 1];    /* stamped; "" without a deal */
	bool early;
	int minutes;
	enum session_kind kind;
	char notes[SESSION_NOTES_MAX * 4 + 1]; /* "" for others when private */
	bool private_note;
	int64_t at;
};

/* A team's sessions since `since`, newest first (at most 100). */
int coaching_sessions_team(struct db *db, int64_t team_id, int64_t since,
    int (*fn)(const struct coaching_session *, void *), void *arg);
/* Sessions with one rep; private notes are never read out. */
int coaching_sessions_rep(struct db *db, int64_t rep_id, int64_t since,
    int (*fn)(const struct coaching_session *, void *), void *arg);

/* Minutes per week (weeks as measure_week), tied to an early deal, a
 * later one, or to no deal: fn(week, kind 0/1/2, minutes). */
int coaching_minutes(struct db *db, int64_t team_id, int64_t since,
    int (*fn)(int64_t week, int tie, int64_t minutes, void *), void *arg);

/* For the super-rep index, day rows since a day (from team_flow):
 * entries into a stage and wins in it, and how many of each someone
 * other than the deal's owner recorded; to be added up. */
struct by_other_row {
	int64_t stage_id;
	int64_t entries, entries_by_other;
	int64_t won, won_by_other;
};
int coach_changes_by(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct by_other_row *, void *), void *arg);

int team_early_target(struct db *db, int64_t team_id, int *percent);
int team_set_early_target(struct db *db, int64_t team_id, int percent);

/* Bulk loading (demo data). */
int coaching_session_import(struct db *db, int64_t team_id,
    int64_t manager_id, int64_t rep_id, int64_t deal_id, int64_t stage_id,
    bool early, int minutes, enum session_kind kind, const char *notes,
    int64_t at);

#endif
