/*
 * coach_reps.h - the rep-level coaching items (low inflow, no early
 * job-aid), worked out when a page asks, from bounded reads: a team's
 * reps, their inflow of the last weeks and their last early job-aid.
 * Nothing is written; an item row is made only when the manager acts
 * on it (coach_rep_item() in db_coach.c).
 */
#ifndef GW_COACH_REPS_H
#define GW_COACH_REPS_H

#include <stddef.h>
#include <stdint.h>

#include "db_account.h"
#include "db_coach.h"

struct db;

struct coach_rep_item {
	int64_t rep_id;
	char name[USER_NAME_MAX * 4 + 1];
	unsigned causes; /* mask of (1 << enum coach_cause) */
	int64_t since;   /* when the earliest cause began */
	int64_t urgency; /* coach_rank() */
	char reason[2048];
	char yours[2048]; /* the same, said to the rep */
	int64_t item_id;  /* its live item, or 0 while it has none */
};

/* The rep items of a team that are due now (not snoozed past today,
 * causes a person closed kept away), most urgent first; at most max
 * into out; returns how many, or -1 on a database error. */
int coach_reps_due(struct db *db, int64_t team_id, int64_t now,
    struct coach_rep_item *out, size_t max);

#define COACH_WEEK_MAX 20 /* the most items "This week" shows */

/* What "This week" calls for each of its items, most urgent first. */
struct coach_week_fns {
	void (*deal)(const struct coaching_item *, void *);
	void (*rep)(const struct coach_rep_item *, void *);
};

/* "This week": the first f->limit (at most COACH_WEEK_MAX) of the deal
 * queue (coach_queue()) and of reps[] (coach_reps_due()), merged by
 * urgency.  The queue page and the manager's email both show it.
 * Returns false on a database error, before any call. */
bool coach_this_week(struct db *db, const struct coach_filter *f,
    const struct coach_rep_item *reps, int nreps,
    const struct coach_week_fns *fns, void *arg);

#endif
