/*
 * measures.h - the figures Groundwork shows, computed in one place by
 * pure functions over rows the data layer hands over.  Every ratio
 * comes with the counts behind it.
 */
#ifndef GW_MEASURES_H
#define GW_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_coach.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "db_team.h"

/* Below this many deals a figure is shown but marked "too few". */
#define MEASURE_MIN_DEALS 5

/* One group of deals in an effectiveness comparison. */
struct aid_group {
	int deals;          /* deals that visited the stage */
	int advanced;       /* of them, left it forward (or won there) */
	double median_days; /* median days in the stage, per deal */
	bool too_few;       /* deals < MEASURE_MIN_DEALS */
};

struct aid_effect {
	int64_t aid_id;
	int64_t stage_id;
	struct aid_group used;     /* used the aid while in the stage */
	struct aid_group not_used; /* visited the stage without it */
};

/*
 * Job-aid effectiveness for the aid at stage_id.
 *
 * A deal counts if it was ever in stage_id.  It "used" the aid if any
 * use was logged while it was in that stage (use.stage_id).  It
 * "advanced" if its last visit to the stage ended by moving to a stage
 * of higher position, or by being won there.  Its days in the stage add
 * up every visit; a visit still going counts until now.
 *
 * history: every stage change of the deals considered, ordered by deal
 * then time.  uses: their job-aid uses.  positions: stage id ->
 * position, from stages[].
 */
void measure_aid_effect(const struct history_row *history, size_t nhistory,
    const struct use_row *uses, size_t nuses, const struct stage *stages,
    int nstages, int64_t aid_id, int64_t stage_id, int64_t now,
    struct aid_effect *out);

/* The median of values (sorted in place); 0 for none. */
double measure_median(double *values, size_t n);

/* --- team figures ------------------------------------------------- */

#define TEAM_WEEKS 8     /* inflow is shown over the last 8 weeks */
#define INFLOW_TARGET 3  /* new deals per rep per week */
#define STALE_DAYS 14    /* no activity for longer: stalled */
#define MAX_DAYS 400     /* longer visits count as this many days */
#define STALLED_SHOWN 25 /* stalled deals listed on a page */
#define TEAM_REPS_MAX 64

struct rep_figures {
	int64_t user_id;
	int64_t open;                     /* open deals */
	int64_t open_early;               /* of them, in early stages */
	int64_t stage_deals[STAGES_MAX];  /* open deals per stage index */
	int64_t stage_amount[STAGES_MAX]; /* their amounts */
	int64_t inflow[TEAM_WEEKS];       /* new deals per week, oldest first */
	int64_t inflow_total;             /* over the TEAM_WEEKS weeks */
	int64_t late_total;               /* of them, late entries */
	int weeks_below_target;           /* of the last 3 weeks */
	int64_t stalled;                  /* open deals stalled */
	int64_t stalled_early;            /* of them, in early stages */
};

struct stage_figures {
	int64_t deals;        /* open deals now */
	int64_t amount;       /* their amount, minor units */
	int64_t weighted;     /* amount x probability / 100 */
	int64_t stalled;      /* open deals stalled in this stage */
	int64_t entries;      /* entries in the period */
	int64_t regressions;  /* moves back out of it in the period */
	int64_t skips;        /* moves out of it that skipped something */
	int64_t won, lost;    /* closed in it in the period */
	int64_t visits;       /* visits behind the time figures */
	double median_days;   /* time in stage: median ... */
	double p75_days;      /* ... and 75th percentile */
	int64_t next_entries; /* entries into the next active stage */
	int next_index;       /* that stage's index, or -1 */
	int64_t histogram[MAX_DAYS + 1]; /* visits by whole days */
};

struct stalled_deal {
	int64_t deal_id;
	int64_t owner_id;
	int stage_index;
	int days_in_stage;
	int days_quiet; /* since the last activity */
	bool early;
};

/*
 * The team over the last TEAM_WEEKS weeks, oldest first, for the tiles
 * of the team page: each figure at the end of its week, the current
 * week's as of now.  Open deals are counted back from today's through
 * the weeks' entries and exits (team_flow, team_visits), so the last
 * slot is exactly today's figure.  A stalled early deal in a past week
 * is one past its stage's target days then, or quiet for STALE_DAYS
 * when its last activity is known to be older; a visit that has ended
 * since counts by its days alone.
 */
struct team_weeks {
	int64_t open[TEAM_WEEKS];          /* open deals at the week's end */
	int64_t open_early[TEAM_WEEKS];    /* of them, in early stages */
	int64_t stalled_early[TEAM_WEEKS]; /* early deals stalled then */
	int64_t skips[TEAM_WEEKS]; /* moves that skipped a stage or criteria */
	int64_t in[TEAM_WEEKS], in_early[TEAM_WEEKS];   /* stage entries */
	int64_t out[TEAM_WEEKS], out_early[TEAM_WEEKS]; /* stage exits */
};

struct team_figures {
	const struct stage *stages; /* the stage list, by position */
	int nstages;
	int64_t only_owner; /* 0: the whole team; else one rep */
	int64_t now;
	int64_t period_first_day; /* flow counts days >= this */
	int64_t first_week;       /* inflow counts weeks >= this */
	int inflow_target;        /* new deals per rep per week (INFLOW_TARGET
	                    * unless the team's is set after init) */
	struct rep_figures reps[TEAM_REPS_MAX];
	int nreps;
	struct stage_figures st[STAGES_MAX];
	int64_t open, open_early, amount, weighted;
	int64_t stalled, stalled_early;
	int64_t inflow_total, late_total;
	int64_t won, lost, regressions, skips;
	int64_t risk_deals,
	    risk_amount; /* late-stage open deals that skipped */
	int64_t safe_deals,
	    safe_amount; /* late-stage open deals that did not */
	struct stalled_deal stalled_list[STALLED_SHOWN];
	int nstalled_list;
	struct team_weeks wk; /* the tiles' weeks (the team, not a rep) */
};

/*
 * Set up figures for a team (or one rep: only_owner) over a period of
 * period_days ending now.  rep_ids are the team's reps in display order.
 */
void measure_team_init(struct team_figures *f, const struct stage *stages,
    int nstages, const int64_t *rep_ids, int nreps, int64_t only_owner,
    int64_t now, int period_days);

/* Feed the rows the data layer hands over, in any order. */
void measure_team_count(struct team_figures *f, const struct count_row *r);
void measure_team_inflow(struct team_figures *f, const struct inflow_row *r);
void measure_team_flow(struct team_figures *f, const struct flow_row *r);
void measure_team_visit(struct team_figures *f, const struct visit_row *r);
void measure_team_open(struct team_figures *f, const struct open_row *r);

/* The tiles' weekly rows (team_week_flow, team_week_visits). */
void measure_team_week_flow(struct team_figures *f,
    const struct week_flow_row *r);
void measure_team_week_visit(struct team_figures *f,
    const struct day_visit_row *r);

/* The end of week slot w of the tiles: the next week's start, or now
 * for the current week. */
int64_t measure_team_week_end(const struct team_figures *f, int w);

/* Derive medians, percentiles, conversion and the stalled order. */
void measure_team_finish(struct team_figures *f);

/* Is an open deal stalled?  Its visit is longer than the stage's
 * target, or nothing happened on it for more than STALE_DAYS. */
bool measure_is_stalled(const struct stage *stage, int64_t entered_at,
    int64_t last_activity_at, int64_t now);

/* The q-quantile (0 < q <= 1) of a histogram of whole days: nearest
 * rank, i.e. the smallest day d with at least ceil(q * n) visits at or
 * below it.  The median (q = 0.5) of an even count is the mean of the
 * two middle values instead.  0 for no visits. */
double measure_histogram_quantile(const int64_t *histogram, int max_days,
    double q);

/* The week number of time t: weeks of 7 days from a Monday (UTC). */
int64_t measure_week(int64_t t);


/* --- the shift-and-lift meter -------------------------------------- */

#define METER_WEEKS 12

struct meter {
	int64_t first_week;          /* measure_week of slot 0 */
	int64_t early[METER_WEEKS];  /* minutes on early-stage deals */
	int64_t late[METER_WEEKS];   /* minutes on later-stage deals */
	int64_t untied[METER_WEEKS]; /* minutes on no particular deal */
	int64_t early_total, late_total, untied_total;
	int target; /* % of deal minutes to be early */
	int64_t first_half_early, first_half_tied;   /* weeks 0-5 */
	int64_t second_half_early, second_half_tied; /* weeks 6-11 */
	/* The super-rep index: moves into stages ranked 4+ and wins, and
	 * how many of them someone other than the deal's owner recorded. */
	int64_t late_moves, late_moves_by_other;
	int64_t wins, wins_by_other;
};

void meter_init(struct meter *m, int64_t now, int target);

/* Minutes of one week: tie 0 early deal, 1 later deal, 2 no deal. */
void meter_minutes(struct meter *m, int64_t week, int tie, int64_t minutes);

/* One stage's entries and wins for the super-rep index: entries into
 * stages ranked 4 and on count as late moves. */
void meter_change(struct meter *m, const struct stage *stages, int nstages,
    const struct by_other_row *row);

#endif
