/*
 * db_deal.h - stages and deals (db_deal.c): the stage list, a deal's
 * life from creation through moves, edits, closing and reopening (each
 * recorded in stage_changes or deal_edits), the lists of one owner's
 * deals, and a deal's timeline.  Every deal query carries who is asking.
 */
#ifndef GW_DB_DEAL_H
#define GW_DB_DEAL_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_account.h"

#define STAGE_NAME_MAX 40
#define STAGES_MAX 32

struct stage {
	int64_t id;                        /* stages.id, kept forever */
	char name[STAGE_NAME_MAX * 4 + 1]; /* shown everywhere */
	int position;                      /* order in the process */
	bool early;                        /* an early stage (warm colour) */
	int probability;                   /* % for weighted amounts */
	int target_days;                   /* longer than this is stalled */
	bool active;                       /* retired stages keep history */
};

/* All stages in position order into out (up to max); returns the
 * count, or -1 on error. */
int stage_list(struct db *db, struct stage *out, int max);

/* Every stage, as most pages and the pipeline rules take them. */
struct stages {
	struct stage list[STAGES_MAX]; /* every stage, by position */
	int n;                         /* entries used */
};

/* Load every stage into out.  DB_OK or DB_ERROR. */
int stage_list_all(struct db *db, struct stages *out);
int stage_get(struct db *db, int64_t id, struct stage *out);
/* Add a stage after the last one; sets s->id and s->position. */
int stage_create(struct db *db, struct stage *s);
/* Rename, reorder, re-flag or retire; stages are never deleted. */
int stage_update(struct db *db, const struct stage *s);

enum deal_status { DEAL_OPEN, DEAL_WON, DEAL_LOST };
const char *deal_status_name(enum deal_status s); /* "open", ... */
int deal_status_from_name(const char *name);      /* -1 if unknown */

#define DEAL_TEXT_MAX 120 /* company, contact, title */
#define DEAL_SOURCE_MAX 60
#define DEAL_STEP_MAX 200      /* next step, lost reason */
#define DEAL_NOTE_MAX 500      /* stage-change note */
#define CRITERION_TEXT_MAX 200 /* an exit criterion */

struct deal {
	int64_t id;                             /* deals.id */
	int64_t owner_id;                       /* the rep who owns it */
	char owner_name[USER_NAME_MAX * 4 + 1]; /* for display */
	int64_t team_id;                        /* team at creation */
	char company[DEAL_TEXT_MAX * 4 + 1];    /* required */
	char contact[DEAL_TEXT_MAX * 4 + 1];
	char title[DEAL_TEXT_MAX * 4 + 1];
	bool has_amount;  /* amount is known */
	int64_t amount;   /* minor units */
	char currency[8]; /* ISO 4217 */
	char source[DEAL_SOURCE_MAX * 4 + 1];
	char expected_close[11]; /* YYYY-MM-DD or "" */
	char next_step[DEAL_STEP_MAX * 4 + 1];
	char next_step_due[11]; /* YYYY-MM-DD or "" */
	int64_t stage_id;       /* current stage */
	char stage_name[STAGE_NAME_MAX * 4 + 1];
	int stage_position;
	enum deal_status status;
	char lost_reason[DEAL_STEP_MAX * 4 + 1];
	int64_t first_stage_id;   /* stage it was logged at */
	bool late_entry;          /* first logged at 3+ */
	int64_t stage_entered_at; /* start of current visit */
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
	const char *field; /* form field name: "amount", ... */
	const char *before;
	const char *after;
};

/* Update the editable fields of an open or closed deal owned by
 * owner_id, recording which changed ("fields": their names,
 * comma-separated) and, for each of the n changes, its values. */
int deal_update(struct db *db, const struct deal *d, int64_t owner_id,
    const char *fields, const struct field_change *changes, int n, int64_t now);

/* The values the edits of a deal changed, newest edit first and in
 * form order within one: fn(edit id, change).  Edits made before
 * values were kept have none. */
int deal_edit_values(struct db *db, int64_t deal_id,
    int (*fn)(int64_t edit_id, const struct field_change *c, void *arg),
    void *arg);

/* Move an open deal to another stage and record the change. */
int deal_move(struct db *db, int64_t id, int64_t owner_id, int64_t from_stage,
    int64_t to_stage, int skipped, const char *note,
    const char *skipped_criteria, int skipped_criteria_count, int64_t now);

/* Close an open deal as won or lost (lost needs a reason); skipped is
 * the stages a win passed over (pipeline_win_skips). */
int deal_close(struct db *db, int64_t id, int64_t owner_id, int64_t stage_id,
    enum deal_status outcome, const char *reason, int skipped,
    const char *skipped_criteria, int skipped_criteria_count, int64_t now);

/* Reopen a closed deal in the stage it closed in. */
int deal_reopen(struct db *db, int64_t id, int64_t owner_id, int64_t stage_id,
    enum deal_status was, int64_t now);

/* Bulk loading (demo and benchmark data): insert d exactly as given,
 * times included, with no history; add history with
 * stage_change_import().  Caller holds a transaction. */
int deal_import(struct db *db, struct deal *d);
int stage_change_import(struct db *db, int64_t deal_id, int64_t from_stage,
    int64_t to_stage, const char *from_status, const char *to_status,
    int64_t by, const char *note, int skipped, const char *skipped_criteria,
    int skipped_criteria_count, int64_t at);

struct deal_filter {
	int64_t owner_id;   /* whose deals */
	int status;         /* enum deal_status, or -1 for all */
	int64_t stage_id;   /* 0 for all stages */
	const char *search; /* company or contact contains; "" for all */
	int limit, offset;  /* paging */
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

/* Today first on My deals: the owner's open deals whose open step is
 * due by today (YYYY-MM-DD), oldest due first; and those with no open
 * step, oldest deal first.  At most limit each, from the index by due
 * date. */
int deal_list_due(struct db *db, int64_t owner_id, const char *today, int limit,
    int (*fn)(const struct deal *, void *), void *arg);
int deal_list_no_step(struct db *db, int64_t owner_id, int limit,
    int (*fn)(const struct deal *, void *), void *arg);

/* Deals of one owner and status per stage: fn(stage_id, count). */
int deal_count_by_stage(struct db *db, int64_t owner_id, int status,
    int (*fn)(int64_t stage_id, int64_t count, void *), void *arg);

/* One entry of a deal's timeline, newest first.  The numbers are the
 * ones ST_DEAL_TIMELINE selects. */
enum timeline_kind {
	TL_CHANGE = 0, /* creation, move, close or reopen */
	TL_EDIT = 1,   /* fields edited (note holds their names; id the
	              * edit's, for deal_edit_values) */
	TL_TICK = 2,   /* criterion ticked (to_stage holds its text) */
	TL_UNTICK = 3, /* criterion unticked */
	TL_AID = 4, /* job-aid used (to_stage: title, from_status: outcome) */
	TL_STEP_SET = 5,  /* next step set (to_stage: text, from_status: due) */
	TL_STEP_DONE = 6, /* next step done (as set, note: the outcome) */
	TL_IMPORT = 7,    /* a stage change an import wrote (CSV import) */
};

struct timeline_entry {
	enum timeline_kind kind;
	int64_t id; /* row id in its own table */
	int64_t at;
	char who[USER_NAME_MAX * 4 + 1];
	char from_stage[STAGE_NAME_MAX * 4 + 1]; /* "" at creation */
	char to_stage[CRITERION_TEXT_MAX * 4 + 1];
	char from_status[16], to_status[16];
	char note[DEAL_NOTE_MAX * 4 + 1]; /* or the edited fields */
	int skipped_stages;
	int skipped_criteria;
	const char *skipped_ids; /* "3,4": criteria left; valid in the call */
	int from_position, to_position; /* to tell back from forward */
};

int deal_timeline(struct db *db, int64_t deal_id,
    int (*fn)(const struct timeline_entry *, void *), void *arg);

#endif
