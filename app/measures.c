/*
 * measures.c - pure computations over history rows.
 */
#include "measures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "db_team.h"
#include "pipeline.h"
#include "util.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double
measure_median(double *values, size_t n)
{
	if (n == 0)
		return 0;
	qsort(values, n, sizeof(*values), cmp_double);
	if (n % 2)
		return values[n / 2];
	return (values[n / 2 - 1] + values[n / 2]) / 2;
}

static int
position_of(const struct stage *stages, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (stages[i].id == id)
			return stages[i].position;
	return 0;
}

/* Did this deal log a use of aid while in stage? */
static bool
deal_used(const struct use_row *uses, size_t nuses, int64_t deal_id,
    int64_t aid_id, int64_t stage_id)
{
	for (size_t i = 0; i < nuses; i++)
		if (uses[i].deal_id == deal_id && uses[i].aid_id == aid_id &&
		    uses[i].stage_id == stage_id)
			return true;
	return false;
}

/* Per deal: was it in the stage, for how long, and how did it leave. */
struct deal_visit {
	bool visited;
	bool advanced;
	int64_t seconds;
};

/*
 * Walk one deal's rows [from, to): a visit to stage starts with a row
 * that enters it open (creation, a move into it, a reopen in it) and
 * ends at the deal's next row.
 */
static struct deal_visit
walk_deal(const struct history_row *h, size_t from, size_t to,
    const struct stage *stages, int nstages, int64_t stage_id, int64_t now)
{
	struct deal_visit v = { false, false, 0 };
	int stage_pos = position_of(stages, nstages, stage_id);
	for (size_t i = from; i < to; i++) {
		bool enters = h[i].to_stage == stage_id &&
		              h[i].to_status == DEAL_OPEN &&
		              (h[i].from_stage != stage_id ||
		                  h[i].from_status != DEAL_OPEN);
		if (!enters)
			continue;
		v.visited = true;
		if (i + 1 < to) {
			const struct history_row *next = &h[i + 1];
			v.seconds += next->at - h[i].at;
			v.advanced = (next->to_status == DEAL_WON) ||
			             (next->to_status == DEAL_OPEN &&
			                 position_of(stages, nstages,
			                     next->to_stage) > stage_pos);
		} else {
			v.seconds += now > h[i].at ? now - h[i].at : 0;
			v.advanced = false; /* still in the stage */
		}
	}
	return v;
}

void
measure_aid_effect(const struct history_row *history, size_t nhistory,
    const struct use_row *uses, size_t nuses, const struct stage *stages,
    int nstages, int64_t aid_id, int64_t stage_id, int64_t now,
    struct aid_effect *out)
{
	out->aid_id = aid_id;
	out->stage_id = stage_id;
	double *days[2] = { xcalloc(nhistory + 1, sizeof(double)),
		xcalloc(nhistory + 1, sizeof(double)) };
	struct aid_group *groups[2] = { &out->not_used, &out->used };
	for (int g = 0; g < 2; g++)
		*groups[g] = (struct aid_group){ 0, 0, 0, true };

	size_t start = 0;
	while (start < nhistory) {
		size_t end = start;
		while (end < nhistory &&
		       history[end].deal_id == history[start].deal_id)
			end++;
		struct deal_visit v = walk_deal(history, start, end, stages,
		    nstages, stage_id, now);
		if (v.visited) {
			int g = deal_used(uses, nuses, history[start].deal_id,
			            aid_id, stage_id)
			            ? 1
			            : 0;
			days[g][groups[g]->deals] = (double)v.seconds / 86400.0;
			groups[g]->deals++;
			if (v.advanced)
				groups[g]->advanced++;
		}
		start = end;
	}
	for (int g = 0; g < 2; g++) {
		groups[g]->median_days = measure_median(days[g],
		    (size_t)groups[g]->deals);
		groups[g]->too_few = groups[g]->deals < MEASURE_MIN_DEALS;
		free(days[g]);
	}
}

/* --- team figures ------------------------------------------------- */


#define DAY 86400

int64_t
measure_week(int64_t t)
{
	return (t + 259200) / 604800;
}

static int
stage_index(const struct team_figures *f, int64_t stage_id)
{
	for (int i = 0; i < f->nstages; i++)
		if (f->stages[i].id == stage_id)
			return i;
	return -1;
}

static struct rep_figures *
rep_of(struct team_figures *f, int64_t user_id)
{
	for (int i = 0; i < f->nreps; i++)
		if (f->reps[i].user_id == user_id)
			return &f->reps[i];
	return NULL;
}

/* Rows of other reps are ignored when the figures are for one rep. */
static bool
wanted(const struct team_figures *f, int64_t owner_id)
{
	return f->only_owner == 0 || f->only_owner == owner_id;
}

void
measure_team_init(struct team_figures *f, const struct stage *stages,
    int nstages, const int64_t *rep_ids, int nreps, int64_t only_owner,
    int64_t now, int period_days)
{
	memset(f, 0, sizeof(*f));
	f->stages = stages;
	f->nstages = nstages < STAGES_MAX ? nstages : STAGES_MAX;
	f->only_owner = only_owner;
	f->now = now;
	f->period_first_day = now / DAY - period_days + 1;
	f->first_week = measure_week(now) - TEAM_WEEKS + 1;
	f->inflow_target = INFLOW_TARGET;
	for (int i = 0; i < nreps && f->nreps < TEAM_REPS_MAX; i++)
		if (wanted(f, rep_ids[i]))
			f->reps[f->nreps++].user_id = rep_ids[i];
	for (int i = 0; i < STAGES_MAX; i++)
		f->st[i].next_index = -1;
}

void
measure_team_count(struct team_figures *f, const struct count_row *r)
{
	int i = stage_index(f, r->stage_id);
	if (i < 0 || !wanted(f, r->owner_id))
		return;
	struct stage_figures *s = &f->st[i];
	/* Amounts are checked: a rep can log enough deals to pass int64. */
	int64_t weighted = amount_weighted(r->amount, f->stages[i].probability);
	s->deals += r->deals;
	s->amount = amount_add(s->amount, r->amount);
	s->weighted = amount_add(s->weighted, weighted);
	f->open += r->deals;
	f->amount = amount_add(f->amount, r->amount);
	f->weighted = amount_add(f->weighted, weighted);
	if (f->stages[i].early)
		f->open_early += r->deals;
	struct rep_figures *rep = rep_of(f, r->owner_id);
	if (rep) {
		rep->open += r->deals;
		if (f->stages[i].early)
			rep->open_early += r->deals;
		rep->stage_deals[i] += r->deals;
		rep->stage_amount[i] = amount_add(rep->stage_amount[i],
		    r->amount);
	}
}

void
measure_team_inflow(struct team_figures *f, const struct inflow_row *r)
{
	int64_t slot = r->week - f->first_week;
	if (slot < 0 || slot >= TEAM_WEEKS || !wanted(f, r->owner_id))
		return;
	f->inflow_total += r->deals;
	f->late_total += r->late;
	struct rep_figures *rep = rep_of(f, r->owner_id);
	if (rep) {
		rep->inflow[slot] += r->deals;
		rep->inflow_total += r->deals;
		rep->late_total += r->late;
	}
}

void
measure_team_flow(struct team_figures *f, const struct flow_row *r)
{
	int i = stage_index(f, r->stage_id);
	if (i < 0 || !wanted(f, r->owner_id))
		return;
	struct stage_figures *s = &f->st[i];
	s->entries += r->entries;
	s->regressions += r->regressions;
	s->skips += r->skips;
	s->won += r->won;
	s->lost += r->lost;
	f->won += r->won;
	f->lost += r->lost;
	f->regressions += r->regressions;
	f->skips += r->skips;
}

void
measure_team_visit(struct team_figures *f, const struct visit_row *r)
{
	int i = stage_index(f, r->stage_id);
	if (i < 0 || !wanted(f, r->owner_id) || r->days < 0)
		return;
	int64_t d = r->days > MAX_DAYS ? MAX_DAYS : r->days;
	f->st[i].histogram[d] += r->visits;
	f->st[i].visits += r->visits;
}

bool
measure_is_stalled(const struct stage *stage, int64_t entered_at,
    int64_t last_activity_at, int64_t now)
{
	return now - entered_at > (int64_t)stage->target_days * DAY ||
	       now - last_activity_at > (int64_t)STALE_DAYS * DAY;
}

/* Keep the most urgent stalled deals: early stages first, then the
 * longest in their stage. */
static bool
more_urgent(const struct stalled_deal *a, const struct stalled_deal *b)
{
	if (a->early != b->early)
		return a->early;
	if (a->days_in_stage != b->days_in_stage)
		return a->days_in_stage > b->days_in_stage;
	return a->deal_id < b->deal_id;
}

static void
keep_stalled(struct team_figures *f, const struct stalled_deal *sd)
{
	int n = f->nstalled_list;
	if (n == STALLED_SHOWN && !more_urgent(sd, &f->stalled_list[n - 1]))
		return;
	if (n < STALLED_SHOWN)
		n = ++f->nstalled_list;
	int at = n - 1;
	while (at > 0 && more_urgent(sd, &f->stalled_list[at - 1])) {
		f->stalled_list[at] = f->stalled_list[at - 1];
		at--;
	}
	f->stalled_list[at] = *sd;
}

int64_t
measure_team_week_end(const struct team_figures *f, int w)
{
	if (w >= TEAM_WEEKS - 1)
		return f->now;
	return (f->first_week + w + 1) * 604800 - 259200;
}

/* An open early deal, at each week's end it was already in its stage:
 * stalled then by its days, or by its quiet when its last activity
 * came before that moment (else the activity before it is unknown).
 * The current week's end is now, where this is measure_is_stalled. */
static void
count_stalled_weeks(struct team_figures *f, const struct stage *stage,
    const struct open_row *r)
{
	for (int w = 0; w < TEAM_WEEKS; w++) {
		int64_t t = measure_team_week_end(f, w);
		if (r->stage_entered_at > t)
			continue;
		bool quiet = r->last_activity_at <= t &&
		             t - r->last_activity_at >
		                 (int64_t)STALE_DAYS * DAY;
		if (t - r->stage_entered_at >
		        (int64_t)stage->target_days * DAY ||
		    quiet)
			f->wk.stalled_early[w]++;
	}
}

void
measure_team_week_flow(struct team_figures *f, const struct week_flow_row *r)
{
	int i = stage_index(f, r->stage_id);
	int64_t slot = r->week - f->first_week;
	if (i < 0 || slot < 0 || slot >= TEAM_WEEKS)
		return;
	f->wk.in[slot] += r->entries;
	if (f->stages[i].early)
		f->wk.in_early[slot] += r->entries;
	f->wk.skips[slot] += r->skips;
}

/* A finished visit: an exit in the week it ended, and for an early
 * stage, a stalled deal at each earlier week's end it spanned, by its
 * days (its activity then is not kept). */
void
measure_team_week_visit(struct team_figures *f, const struct day_visit_row *r)
{
	int i = stage_index(f, r->stage_id);
	if (i < 0 || r->days < 0)
		return;
	int64_t slot = measure_week(r->day * DAY) - f->first_week;
	if (slot >= 0 && slot < TEAM_WEEKS) {
		f->wk.out[slot] += r->visits;
		if (f->stages[i].early)
			f->wk.out_early[slot] += r->visits;
	}
	if (!f->stages[i].early)
		return;
	int64_t start = r->day - r->days;
	for (int w = 0; w < TEAM_WEEKS - 1; w++) {
		int64_t day = measure_team_week_end(f, w) / DAY;
		if (start < day && r->day >= day &&
		    day - start > f->stages[i].target_days)
			f->wk.stalled_early[w] += r->visits;
	}
}

/* Open deals at each past week's end: today's, less the entries and
 * plus the exits of every later week. */
static void
finish_weeks(struct team_figures *f)
{
	struct team_weeks *wk = &f->wk;
	wk->open[TEAM_WEEKS - 1] = f->open;
	wk->open_early[TEAM_WEEKS - 1] = f->open_early;
	for (int w = TEAM_WEEKS - 2; w >= 0; w--) {
		int64_t open = wk->open[w + 1] - wk->in[w + 1] + wk->out[w + 1];
		int64_t early = wk->open_early[w + 1] - wk->in_early[w + 1] +
		                wk->out_early[w + 1];
		wk->open[w] = open < 0 ? 0 : open;
		wk->open_early[w] = early < 0 ? 0 : early > open ? open : early;
	}
}

void
measure_team_open(struct team_figures *f, const struct open_row *r)
{
	int i = stage_index(f, r->stage_id);
	if (i < 0 || !wanted(f, r->owner_id))
		return;
	const struct stage *stage = &f->stages[i];
	/* The current visit counts up to now in time in stage. */
	int64_t days = (f->now - r->stage_entered_at) / DAY;
	if (days < 0)
		days = 0;
	f->st[i].histogram[days > MAX_DAYS ? MAX_DAYS : days]++;
	f->st[i].visits++;

	if (pipeline_rank(f->stages, f->nstages, stage) >= 4) {
		int64_t amount = r->has_amount ? r->amount : 0;
		if (r->skipped) {
			f->risk_deals++;
			f->risk_amount = amount_add(f->risk_amount, amount);
		} else {
			f->safe_deals++;
			f->safe_amount = amount_add(f->safe_amount, amount);
		}
	}
	if (stage->early)
		count_stalled_weeks(f, stage, r);
	if (!measure_is_stalled(stage, r->stage_entered_at, r->last_activity_at,
	        f->now))
		return;
	f->st[i].stalled++;
	f->stalled++;
	if (stage->early)
		f->stalled_early++;
	struct rep_figures *rep = rep_of(f, r->owner_id);
	if (rep) {
		rep->stalled++;
		if (stage->early)
			rep->stalled_early++;
	}
	struct stalled_deal sd = { r->deal_id, r->owner_id, i, (int)days,
		(int)((f->now - r->last_activity_at) / DAY), stage->early };
	keep_stalled(f, &sd);
}

double
measure_histogram_quantile(const int64_t *histogram, int max_days, double q)
{
	int64_t n = 0;
	for (int d = 0; d <= max_days; d++)
		n += histogram[d];
	if (n == 0)
		return 0;
	/* The k-th smallest value, 1-based. */
	int64_t k = (int64_t)ceil(q * (double)n);
	if (k < 1)
		k = 1;
	int64_t seen = 0;
	int at = 0;
	for (int d = 0; d <= max_days; d++) {
		seen += histogram[d];
		if (seen >= k) {
			at = d;
			break;
		}
	}
	if (q == 0.5 && n % 2 == 0) {
		/* the mean of the two middle values */
		int next = at;
		if (seen < k + 1)
			for (next = at + 1;
			     next <= max_days && histogram[next] == 0; next++)
				;
		return (at + (next <= max_days ? next : at)) / 2.0;
	}
	return at;
}

void
measure_team_finish(struct team_figures *f)
{
	finish_weeks(f);
	for (int i = 0; i < f->nstages; i++) {
		struct stage_figures *s = &f->st[i];
		s->median_days = measure_histogram_quantile(s->histogram,
		    MAX_DAYS, 0.5);
		s->p75_days = measure_histogram_quantile(s->histogram, MAX_DAYS,
		    0.75);
		/* Conversion into the next active stage by position. */
		if (!f->stages[i].active)
			continue;
		int next = -1;
		for (int k = 0; k < f->nstages; k++)
			if (f->stages[k].active &&
			    f->stages[k].position > f->stages[i].position &&
			    (next < 0 || f->stages[k].position <
			                     f->stages[next].position))
				next = k;
		s->next_index = next;
		if (next >= 0)
			s->next_entries = f->st[next].entries;
	}
	/* Inflow below target in 2 of the last 3 weeks (coaching rule 5). */
	for (int r = 0; r < f->nreps; r++) {
		struct rep_figures *rep = &f->reps[r];
		for (int w = TEAM_WEEKS - 3; w < TEAM_WEEKS; w++)
			if (rep->inflow[w] < f->inflow_target)
				rep->weeks_below_target++;
	}
}

/* --- the shift-and-lift meter -------------------------------------- */

void
meter_init(struct meter *m, int64_t now, int target)
{
	memset(m, 0, sizeof(*m));
	m->first_week = measure_week(now) - METER_WEEKS + 1;
	m->target = target;
}

void
meter_minutes(struct meter *m, int64_t week, int tie, int64_t minutes)
{
	int64_t slot = week - m->first_week;
	if (slot < 0 || slot >= METER_WEEKS || minutes < 0)
		return;
	int64_t *row = tie == 0 ? m->early : tie == 1 ? m->late : m->untied;
	row[slot] += minutes;
	int64_t *total = tie == 0   ? &m->early_total
	                 : tie == 1 ? &m->late_total
	                            : &m->untied_total;
	*total += minutes;
	if (tie == 2)
		return;
	bool first = slot < METER_WEEKS / 2;
	*(first ? &m->first_half_tied : &m->second_half_tied) += minutes;
	if (tie == 0)
		*(first ? &m->first_half_early
		        : &m->second_half_early) += minutes;
}

void
meter_change(struct meter *m, const struct stage *stages, int nstages,
    const struct by_other_row *row)
{
	m->wins += row->won;
	m->wins_by_other += row->won_by_other;
	const struct stage *st = pipeline_find(stages, nstages, row->stage_id);
	if (st == NULL || pipeline_rank(stages, nstages, st) < 4)
		return;
	m->late_moves += row->entries;
	m->late_moves_by_other += row->entries_by_other;
}
