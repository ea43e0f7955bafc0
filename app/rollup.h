/*
 * rollup.h - a team's figures as the team pages and /org both show
 * them (rollup.c).  The team page, /team/time, /team/coaching and each
 * row of /org read the same functions, so a team's row on /org always
 * equals its own pages.
 */
#ifndef GW_ROLLUP_H
#define GW_ROLLUP_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_account.h"
#include "db_org.h"
#include "measures.h"


/*
 * Compute team_id's figures (only_owner: one rep, else 0) for the reps
 * rep_ids as of at over period days, with the team's inflow target.
 * DB_OK or DB_ERROR.
 */
int rollup_team_figures(struct db *db, int64_t team_id, const struct stages *s,
    const int64_t *rep_ids, int nreps, int64_t only_owner, int64_t at,
    int period, struct team_figures *f);

/*
 * The coaching queue's follow-through over the meter's 12 weeks: of
 * the items in each week's "This week", how many got a session or were
 * closed as done that week (coach_week_follow()), summed.  /team/time
 * and /org both call this one function.
 */
int rollup_follow_through(struct db *db, int64_t team_id, int64_t now,
    int64_t *done, int64_t *created);

/* One team's row of /org: every ratio with its counts. */
struct rollup_row {
	struct team team;
	struct org_target target;
	int nreps;
	struct meter meter;     /* coaching minutes, weekly early share */
	const char *trend;      /* "rising", "flat", "falling" or "—" */
	int64_t follow_done;    /* follow-through: done ... */
	int64_t follow_created; /* ... of created */
	int64_t inflow_total;   /* new deals over TEAM_WEEKS */
	int64_t late_total;     /* of them, late entries */
	int reps_below;         /* reps below target 2 of the last 3 weeks */
	int64_t stalled_early;  /* stalled open early-stage deals */
	int64_t risk_deals;     /* forecast risk: late deals that skipped */
	int64_t risk_amount;    /* their value, minor units */
};

/*
 * Fill row for team t as of now (the figures at at, the team pages'
 * minute), using f as room for the team figures (left holding them,
 * for the org's totals).  DB_OK or DB_ERROR.
 */
int rollup_team(struct db *db, const struct stages *s, const struct team *t,
    int64_t now, int64_t at, int period, struct team_figures *f,
    struct rollup_row *row);

/* Minutes of coaching per week over the meter's weeks, rounded. */
int64_t rollup_minutes_per_week(const struct rollup_row *row);

/* The early share of coaching minutes in percent, or -1 without any. */
int rollup_early_percent(const struct rollup_row *row);

/*
 * The org's pipeline: add one team's figures f into total (set up with
 * measure_team_init() for no reps), the tiles' weeks with the rest;
 * then rollup_total_finish() derives the medians, percentiles and
 * conversion from the sums.
 */
void rollup_add(struct team_figures *total, const struct team_figures *f);
void rollup_total_finish(struct team_figures *total);

#endif
