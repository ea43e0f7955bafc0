/*
 * db_step.h - a deal's next steps (db_step.c): the trail of small steps
 * a deal moves by, at most one of them open.  Every step write goes
 * through here, and each one rewrites deals.next_step and
 * deals.next_step_due as the mirror of the open step in the same
 * transaction, so the pages and measures that read those columns read
 * the open step.  Ownership is part of every write: a deal its caller
 * does not own is not found.
 */
#ifndef GW_DB_STEP_H
#define GW_DB_STEP_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "db.h"
#include "db_deal.h"

#define STEP_OUTCOME_MAX 300 /* what came of a step, in characters */

struct step {
	int64_t id;                             /* deal_steps.id */
	int64_t deal_id;                        /* whose step */
	char text[DEAL_STEP_MAX * 4 + 1];       /* what is to be done */
	char due[11];                           /* YYYY-MM-DD or "" */
	int64_t created_by, created_at;         /* who set it, when */
	int64_t done_at, done_by;               /* 0 while open */
	char outcome[STEP_OUTCOME_MAX * 4 + 1]; /* how it went, or "" */
};

/* The deal's open step into out: DB_OK, DB_NOTFOUND when it has none,
 * or DB_ERROR. */
int step_open_get(struct db *db, int64_t deal_id, struct step *out);

/* A done step of the deal by its id: DB_OK, DB_NOTFOUND, DB_ERROR. */
int step_done_get(struct db *db, int64_t step_id, int64_t deal_id,
    struct step *out);

/* Open a step on a deal owned by owner_id.  DB_CONFLICT when the deal
 * has an open step already; DB_NOTFOUND when it is not the owner's.
 * Caller holds a transaction. */
int step_create(struct db *db, int64_t deal_id, int64_t owner_id,
    const char *text, const char *due, int64_t now);

/* Close the deal's open step with outcome (may be "").  DB_NOTFOUND
 * when there is none or the deal is not the owner's. */
int step_done(struct db *db, int64_t deal_id, int64_t owner_id,
    const char *outcome, int64_t now);

/* Change the due date of the deal's open step. */
int step_reschedule(struct db *db, int64_t deal_id, int64_t owner_id,
    const char *due, int64_t now);

/* Open again a done step of the deal, as a new open step with its text
 * and due date (the done one stays in the trail).  DB_CONFLICT when
 * the deal has an open step; DB_NOTFOUND when the step is not a done
 * step of a deal owner_id owns. */
int step_reopen(struct db *db, int64_t step_id, int64_t deal_id,
    int64_t owner_id, int64_t now);

/* Bulk loading: the deal's open step exactly as given, no mirror
 * written (deal_import wrote it).  Caller holds a transaction. */
int step_import(struct db *db, int64_t deal_id, int64_t by, const char *text,
    const char *due, int64_t at);

/* A CSV import wrote this next step (text and due, both "" for none)
 * on the deal: the trail follows.  An open step that differs is closed
 * ("Changed by an import") and the given one opened; the deal's
 * coaching item is re-evaluated either way.  Caller holds a
 * transaction. */
int step_follow_import(struct db *db, int64_t deal_id, int64_t owner_id,
    const char *text, const char *due, int64_t now);

/* Does every deal's mirror equal its open step?  Returns how many
 * deals differ, or -1 on error (for the tests and `doctor`). */
int64_t step_mirror_mismatches(struct db *db);

/* --- the calendar feed (its token is stored only as its hash) ------ */

/* Give user_id a new feed token (its hash), replacing any other. */
int step_feed_set(struct db *db, int64_t user_id, const unsigned char *hash,
    size_t hash_len, int64_t now);

/* When user_id's feed was made: DB_OK, DB_NOTFOUND (none), DB_ERROR. */
int step_feed_of(struct db *db, int64_t user_id, int64_t *created_at);

/* Revoke user_id's feed: DB_NOTFOUND when there was none. */
int step_feed_revoke(struct db *db, int64_t user_id);

/* Whose feed has this token hash (an active user's): DB_OK with
 * *user_id and *created_at, DB_NOTFOUND, or DB_ERROR. */
int step_feed_owner(struct db *db, const unsigned char *hash, size_t hash_len,
    int64_t *user_id, int64_t *created_at);

/* The user's open deals' steps with a due date, soonest first, at most
 * limit: fn(step) with strings valid during the call. */
int step_feed_list(struct db *db, int64_t user_id, int limit,
    int (*fn)(const struct calendar_step *, void *), void *arg);

#endif
