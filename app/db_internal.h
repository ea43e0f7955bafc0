/*
 * db_internal.h - what the data-layer files share: the connection
 * struct and the statement table.  Nothing outside db*.c includes it.
 */
#ifndef GW_DB_INTERNAL_H
#define GW_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"
#include "db_deal.h"

struct group_commit;
struct user;

/* Every statement Groundwork runs: one enum entry each, with its SQL
 * at the same index of stmt_sql[] in db_sql.c. */
enum stmt {
	ST_USER_BY_EMAIL,
	ST_USER_BY_ID,
	ST_USER_INSERT,
	ST_USER_SET_HASH,
	ST_USER_UPDATE,
	ST_USER_SET_ACTIVE,
	ST_USER_LIST,
	ST_TEAM_BY_NAME,
	ST_TEAM_BY_ID,
	ST_TEAM_INSERT,
	ST_TEAM_LIST,
	ST_TEAM_RENAME,
	ST_TEAM_SET_RETIRED,
	ST_SESSION_INSERT,
	ST_SESSION_GET,
	ST_SESSION_TOUCH,
	ST_SESSION_DELETE,
	ST_SESSION_DELETE_USER,
	ST_SESSION_DELETE_OTHERS,
	ST_SESSION_PURGE,
	ST_SESSION_COUNT_EXPIRED,
	ST_AUDIT_INSERT,
	ST_AUDIT_COUNT,
	ST_THROTTLE_GET,
	ST_THROTTLE_FAIL,
	ST_THROTTLE_DELETE,
	ST_STAGE_LIST,
	ST_DEAL_INSERT,
	ST_DEAL_GET,
	ST_DEAL_UPDATE,
	ST_DEAL_MOVE,
	ST_DEAL_CLOSE,
	ST_DEAL_REOPEN,
	ST_CHANGE_INSERT,
	ST_EDIT_INSERT,
	ST_EDIT_VALUE_INSERT,
	ST_EDIT_VALUES,
	ST_DEAL_LIST,
	ST_DEAL_COUNT,
	ST_DEAL_LIST_STAGE,
	ST_DEAL_COUNT_BY_STAGE,
	ST_DEAL_TIMELINE,
	ST_DEAL_IMPORT,
	ST_SECRET_GET,
	ST_CRITERIA_LIST,
	ST_CRITERIA_COUNT,
	ST_CRITERION_GET,
	ST_CRITERION_INSERT,
	ST_CRITERION_UPDATE,
	ST_DEAL_TICKS,
	ST_DEAL_TICKS_COUNT,
	ST_DEAL_TICK,
	ST_DEAL_UNTICK,
	ST_DEAL_SKIPS,
	ST_AID_GET,
	ST_AID_LIST,
	ST_AID_INSERT,
	ST_AID_UPDATE,
	ST_AID_USE_INSERT,
	ST_AID_USES_DEAL,
	ST_AID_USE_COUNT,
	ST_HISTORY_TEAM,
	ST_USES_TEAM,
	ST_TICK_IMPORT,
	ST_AID_USE_IMPORT,
	ST_STAGE_GET,
	ST_STAGE_INSERT,
	ST_STAGE_UPDATE,
	ST_DEAL_VERIFY,
	ST_TEAM_OPEN_COUNTS,
	ST_TEAM_REPS,
	ST_TEAM_INFLOW,
	ST_TEAM_FLOW,
	ST_TEAM_VISITS,
	ST_TEAM_OPEN_DEALS,
	ST_TEAM_DEALS,
	ST_TEAM_DEALS_OF_REP,
	ST_TEAM_DEAL,
	ST_TEAM_HISTORY,
	ST_BULK_BEGIN,
	ST_BULK_INDEXES,
	ST_COACH_EARLY_AIDS,
	ST_COACH_CLOSED,
	ST_COACH_CLOSE,
	ST_COACH_SNOOZE,
	ST_COACH_ADD,
	ST_SESSION_ADD_DEAL,
	ST_SESSION_ADD,
	ST_SESSIONS_TEAM,
	ST_SESSIONS_REP,
	ST_SESSION_MINUTES,
	ST_COACH_CHANGES_BY,
	ST_TEAM_TARGET_GET,
	ST_TEAM_TARGET_SET,
	ST_SESSION_IMPORT,
	ST_BULK_END,
	ST_REBUILD_COUNTS_CLEAR,
	ST_REBUILD_COUNTS,
	ST_REBUILD_INFLOW_CLEAR,
	ST_REBUILD_INFLOW,
	ST_REBUILD_FLOW_CLEAR,
	ST_REBUILD_FLOW,
	ST_REBUILD_VISITS_CLEAR,
	ST_REBUILD_VISITS,
	ST_REBUILD_SKIPPED,
	ST_TEAM_REVISION,
	ST_OWNER_REVISION,
	ST_REVISION_BUMP_ALL,
	/* The team page's tiles (the ten-second strip). */
	ST_TEAM_WEEK_FLOW,
	ST_TEAM_WEEK_VISITS,
	/* The coaching queue (db_coach.c): one item per deal or rep. */
	ST_COACH_FACTS,
	ST_COACH_FACTS_OPEN,
	ST_COACH_CLOSINGS,
	ST_COACH_ITEM_UPDATE,
	ST_COACH_ITEM_INSERT,
	ST_COACH_ITEM_RESOLVE,
	ST_COACH_QUEUE,
	ST_COACH_QUEUE_COUNT,
	ST_COACH_LIVE_SUBJECT,
	ST_COACH_ITEM_GET,
	ST_COACH_REP_INSERT,
	ST_COACH_TOP_GET,
	ST_COACH_TOP_SET,
	ST_COACH_WEEK_HAS,
	ST_COACH_WEEK_MARK,
	ST_COACH_WEEK_FOLLOW,
	ST_COACH_SESSION_ITEM,
	ST_COACH_REP_DEALS,
	ST_COACH_MINE,
	ST_COACH_ITEM_RANK,
	/* directors and /org (db_org.c) */
	ST_ORG_TEAM_VISIBLE,
	ST_ORG_TEAMS,
	ST_ORG_DIRECTOR_TEAMS,
	ST_ORG_DIRECTOR_CLEAR,
	ST_ORG_DIRECTOR_ADD,
	ST_ORG_TEAM_TARGETS,
	ST_ORG_DEFAULT_TARGETS,
	ST_ORG_SET_TEAM_TARGETS,
	ST_ORG_SET_DEFAULT_TARGETS,
	ST_ORG_APPLY_DEFAULT_TARGETS,
	ST_ORG_REVISION,
	/* email: settings, the outbox, reminders (db_mail.c) */
	ST_SETTINGS_GET,
	ST_SETTINGS_SET,
	ST_SETTINGS_MAIL_OFF,
	ST_MAIL_RECIPIENTS,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_EMPTY,
	ST_OUTBOX_RECLAIM,
	ST_OUTBOX_SENT,
	ST_OUTBOX_REFUSED,
	ST_OUTBOX_RETRIES,
	ST_OUTBOX_PROBLEMS,
	ST_OUTBOX_COUNTS,
	ST_OUTBOX_BY_TOKEN,
	ST_REMINDER_DEALS,
	ST_MAIL_MANAGERS,
	ST_OUTBOX_HAS,
	ST_OUTBOX_SET_EMPTY,
	ST_OUTBOX_QUEUE,
	ST_OUTBOX_RECENT,
	/* Next steps (db_step.c), Today first (db_deal.c) and the
	 * calendar feed (db_step.c). */
	ST_STEP_OPEN_GET,
	ST_STEP_DONE_GET,
	ST_STEP_INSERT,
	ST_STEP_DONE,
	ST_STEP_RESCHEDULE,
	ST_STEP_REOPEN,
	ST_STEP_IMPORT,
	ST_STEP_MIRROR,
	ST_STEP_MIRROR_CHECK,
	ST_DEAL_DUE_TODAY,
	ST_DEAL_NO_STEP,
	ST_FEED_SET,
	ST_FEED_DELETE,
	ST_FEED_USER,
	ST_FEED_STEPS,
	ST_FEED_OF_USER,
	/* CSV import, reassigning deals, duplicate warnings (db_import.c) */
	ST_IMPORT_FIND,
	ST_IMPORT_INSERT,
	ST_IMPORT_UPDATE,
	ST_IMPORT_RESTAGE,
	ST_IMPORT_CHANGE,
	ST_ALIAS_LIST,
	ST_ALIAS_SET,
	ST_REASSIGN_LIST,
	ST_REASSIGN_ONE,
	ST_DUPLICATE_CANDIDATES,
	ST__MAX
};

extern const char *const stmt_sql[ST__MAX];

struct db {
	sqlite3 *conn;                /* one connection per process */
	int lock_fd;                  /* "<db>.lock", flock'd by writers */
	struct group_commit *commits; /* the shared fsync (group_commit.h) */
	bool in_tx;                   /* inside db_tx_begin/commit */
	bool storage_failed;          /* a failure since the last reset was
	                                 * the disk's or the file's */
	char path[512];               /* for messages */
	sqlite3_stmt *stmts[ST__MAX]; /* prepared on first use */
	char **bulk_indexes; /* DDL of indexes dropped for a bulk load */
	size_t nbulk_indexes;
};

/* The prepared statement for id, reset and unbound; NULL on error. */
sqlite3_stmt *db_stmt(struct db *db, enum stmt id);

/* Step a statement that returns no rows.  A write must be in a tx. */
int db_step_done(struct db *db, sqlite3_stmt *st);

/* Log the connection's last error with context. */
void db_log_error(struct db *db, const char *what);

/* Step st to its end, calling row(st, arg) per row until it returns
 * non-zero; resets st.  DB_OK, or DB_ERROR after logging what. */
int db_each(struct db *db, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, void *),
    void *arg, const char *what);

/* Read the DEAL_COLUMNS of a row (db_deal.c). */
void db_deal_read(sqlite3_stmt *st, struct deal *d);

/* The USER_COLUMNS block from column first into u (db_account.c). */
void db_user_read(sqlite3_stmt *st, int first, struct user *u);

/* Copy column i as text into dst (always terminated). */
void db_col_text(sqlite3_stmt *st, int i, char *dst, size_t size);

#endif
