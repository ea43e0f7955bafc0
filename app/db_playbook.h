/*
 * db_playbook.h - the playbook (db_playbook.c): each stage's exit
 * criteria and their ticks on deals, the job-aid library and its uses,
 * and the rows the effectiveness measure reads.
 */
#ifndef GW_DB_PLAYBOOK_H
#define GW_DB_PLAYBOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_deal.h"

#define CRITERIA_MAX 64
#define EVIDENCE_MAX 300

struct criterion {
	int64_t id;                            /* exit_criteria.id */
	int64_t stage_id;                      /* the stage it leads out of */
	int position;                          /* order within the stage */
	char text[CRITERION_TEXT_MAX * 4 + 1]; /* a buyer outcome */
	bool active;                           /* retired ones keep history */
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
int criterion_update(struct db *db, int64_t id, const char *text, int position,
    bool active);

/* A current tick of a criterion on a deal. */
struct criterion_tick {
	int64_t criterion_id;
	int64_t ticked_at;
	char ticked_by[USER_NAME_MAX * 4 + 1];
	char evidence[EVIDENCE_MAX * 4 + 1];
	int64_t verified_at; /* 0 until a manager checks */
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
const char *aid_kind_name(enum aid_kind k);  /* "question_guide", ... */
const char *aid_kind_label(enum aid_kind k); /* "Question guide", ... */
int aid_kind_from_name(const char *name);    /* -1 if unknown */

enum aid_outcome { AID_HELPED, AID_NEUTRAL, AID_NOT_HELPED, AID_OUTCOME__MAX };
const char *aid_outcome_name(enum aid_outcome o);  /* "helped", ... */
const char *aid_outcome_label(enum aid_outcome o); /* "Helped", ... */
int aid_outcome_from_name(const char *name);       /* -1 if unknown */

#define AID_TITLE_MAX 120
#define AID_LINK_MAX 500
#define AID_BODY_BYTES 8192

struct job_aid {
	int64_t id;       /* job_aids.id */
	int64_t stage_id; /* the stage it helps with */
	char title[AID_TITLE_MAX * 4 + 1];
	enum aid_kind kind;
	char body[AID_BODY_BYTES + 1];   /* plain text: paragraphs, lists */
	char link[AID_LINK_MAX * 4 + 1]; /* or a link; either may be "" */
	bool active;                     /* retired: hidden from new use */
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
	int64_t stage_id; /* the deal's stage at the time */
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
int aid_use_count(struct db *db, int64_t aid_id, int64_t team_id, int64_t *uses,
    int64_t *deals);

/* Raw material for the measures: a team's (0: all) stage history in
 * deal order, and its job-aid uses. */
struct history_row {
	int64_t deal_id;
	int64_t from_stage; /* 0 at creation */
	int64_t to_stage;
	int from_status; /* enum deal_status */
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
int aid_use_import(struct db *db, int64_t deal_id, int64_t aid_id, int64_t by,
    int64_t stage_id, enum aid_outcome outcome, const char *note, int64_t at);

#endif
