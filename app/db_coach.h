/*
 * db_coach.h - coaching (db_coach.c): the queue's items, one per deal
 * or rep (coach.c decides their causes and order), kept up to date by
 * deal changes; items closed, snoozed or added by hand; coaching
 * sessions and their minutes for the shift-and-lift meter; the weekly
 * follow-through; and the team's target share.
 */
#ifndef GW_DB_COACH_H
#define GW_DB_COACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"


enum coach_status { COACH_OPEN, COACH_SNOOZED, COACH_DONE, COACH_DISMISSED };
const char *coach_status_name(enum coach_status s);

/* Last early-stage job-aid use per rep of the team: fn(user, at). */
int coach_early_aid_uses(struct db *db, int64_t team_id,
    int (*fn)(int64_t user_id, int64_t at, void *), void *arg);

#define COACH_NOTE_MAX 1000  /* a done note, characters */
#define COACH_REASON_MAX 300 /* a dismissal or a hand-made item's reason */

struct coaching_item {
	int64_t id;
	int64_t rep_id;
	char rep_name[USER_NAME_MAX * 4 + 1];
	int64_t deal_id; /* 0 when about the rep */
	int rule;        /* enum coach_rule */
	char reason[2048];
	bool early;
	enum coach_status status;
	char snooze_until[11];
	int64_t created_at;
	int64_t closed_at;
	char closed_by[USER_NAME_MAX * 4 + 1];
	char close_note[COACH_NOTE_MAX * 4 + 1]; /* "" for others when private */
	bool private_note;
	unsigned causes;   /* mask of (1 << enum coach_cause) */
	int64_t active_at; /* the earliest cause began */
	int64_t urgency;   /* the stored order key, larger first */
	int64_t stage_id;  /* the deal's stage (0 about a rep) */
	bool by_person;    /* closed by a person, not by Groundwork */
};

/* Closed items of a team, newest first (at most 50). */
int coach_items_closed(struct db *db, int64_t team_id,
    int (*fn)(const struct coaching_item *, void *), void *arg);
/* Items about one rep: live ones whose causes have begun, and those
 * closed since `since`; private notes are never read out. */
int coach_items_for_rep(struct db *db, int64_t rep_id, int64_t since,
    int64_t now, int (*fn)(const struct coaching_item *, void *), void *arg);

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
/*
 * The queue.  coach_item_refresh_deal() re-evaluates one deal's item:
 * every data function that changes a deal calls it in the same
 * transaction (deal_create/move/close/reopen/update in db_deal.c);
 * anything else that changes a deal (imports, reassigning) must too.
 * A deal with causes gets or keeps its one live item; without any, the
 * live item is closed as resolved by Groundwork.  A cause a person
 * closed (done or dismissed) after it began stays away until it begins
 * again.
 */
int coach_item_refresh_deal(struct db *db, int64_t deal_id, int64_t now);
/* Every open deal's item, after a bulk load or the migration. */
int coach_items_rebuild(struct db *db, int64_t now);

struct coach_facts;
/* A deal's facts with its events since `since` (0: the latest ever),
 * for showing its item.  DB_NOTFOUND without the deal. */
int coach_deal_facts(struct db *db, int64_t deal_id, int64_t since,
    struct coach_facts *out);

struct coach_filter {
	int64_t team_id;
	int64_t now;
	const char *today;
	int64_t rep_id;   /* 0: every rep */
	int64_t stage_id; /* 0: every stage */
	unsigned causes;  /* 0: any cause; else items with any of these */
	int limit, offset;
};
/* Live items whose causes have begun and that are not snoozed past
 * today, most urgent first. */
int coach_queue(struct db *db, const struct coach_filter *f,
    int (*fn)(const struct coaching_item *, void *), void *arg);
/* How many (counting stops at cap). */
int coach_queue_count(struct db *db, const struct coach_filter *f, int cap,
    int64_t *out);
/* One item of the team (any status).  DB_NOTFOUND otherwise. */
int coach_item_get(struct db *db, int64_t id, int64_t team_id,
    struct coaching_item *out);
/* The live item of a subject ("rep:7"): *id 0 without one. */
int coach_live_subject(struct db *db, int64_t team_id, const char *subject,
    int64_t *id, bool *snoozed, char until[11]);
/* The causes of mask a person closed after they began (at[] as in
 * struct coach_causes): the mask of those to keep away. */
int coach_closed_causes(struct db *db, const char *subject, const int64_t *at,
    unsigned mask, unsigned *closed);
/* Inside a transaction: the live item of a rep of the team, made now
 * with the causes given when there is none.  *id its id. */
int coach_rep_item(struct db *db, int64_t team_id, int64_t rep_id,
    unsigned causes, int64_t since, int64_t urgency, const char *reason,
    int64_t now, int64_t *id);

/* How many items This week shows (1-20). */
int coach_top(struct db *db, int64_t team_id, int *n);
int coach_set_top(struct db *db, int64_t team_id, int n);
/* Inside a transaction: record the team's This-week items for the
 * week of now, once a week (the first change of the week does it). */
int coach_week_mark(struct db *db, int64_t team_id, int64_t now);
/* Follow-through per week since first_week: fn(week, items, followed). */
int coach_week_follow(struct db *db, int64_t team_id, int64_t first_week,
    int (*fn)(int64_t week, int64_t items, int64_t followed, void *),
    void *arg);
/* Tie the session coaching_session_add() just logged to the item it
 * worked on. */
int coaching_session_item(struct db *db, int64_t item_id);

/* The deal picker: a rep's open deals in the team, by company. */
int coach_rep_deals(struct db *db, int64_t team_id, int64_t rep_id,
    const char *company_prefix, int max,
    int (*fn)(int64_t id, const char *company, const char *stage, void *),
    void *arg);

#define SESSION_NOTES_MAX 1000

enum session_kind {
	SK_DEAL_REVIEW,
	SK_JOINT_CALL,
	SK_ROLE_PLAY,
	SK_ONE_TO_ONE,
	SK_OTHER,
	SK__MAX
};
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
	char stage[STAGE_NAME_MAX * 4 + 1]; /* stamped; "" without a deal */
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
int coaching_session_import(struct db *db, int64_t team_id, int64_t manager_id,
    int64_t rep_id, int64_t deal_id, int64_t stage_id, bool early, int minutes,
    enum session_kind kind, const char *notes, int64_t at);

#endif
