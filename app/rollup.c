/*
 * rollup.c - one team's figures for the team pages and for its row of
 * /org (rollup.h).  Everything comes from measures.c over the summary
 * tables, so the cost per team is bounded however many deals there are.
 */
#include <string.h>

#include "coach_meter.h"
#include "date.h"
#include "db_coach.h"
#include "db_team.h"
#include "rollup.h"

static int
feed_count(const struct count_row *r, void *f)
{
	measure_team_count(f, r);
	return 0;
}
static int
feed_inflow(const struct inflow_row *r, void *f)
{
	measure_team_inflow(f, r);
	return 0;
}
static int
feed_flow(const struct flow_row *r, void *f)
{
	measure_team_flow(f, r);
	return 0;
}
static int
feed_visit(const struct visit_row *r, void *f)
{
	measure_team_visit(f, r);
	return 0;
}
static int
feed_open(const struct open_row *r, void *f)
{
	measure_team_open(f, r);
	return 0;
}

static int
feed_week_flow(const struct week_flow_row *r, void *f)
{
	measure_team_week_flow(f, r);
	return 0;
}

static int
feed_week_visit(const struct day_visit_row *r, void *f)
{
	measure_team_week_visit(f, r);
	return 0;
}

int
rollup_team_figures(struct db *db, int64_t id, const struct stages *s,
    const int64_t *rep_ids, int nreps, int64_t only_owner, int64_t at,
    int period, struct team_figures *f)
{
	measure_team_init(f, s->list, s->n, rep_ids, nreps, only_owner, at,
	    period);
	struct org_target target;
	int rc = org_team_targets(db, id, &target);
	if (rc == DB_OK)
		f->inflow_target = target.inflow;
	else if (rc == DB_NOTFOUND)
		rc = DB_OK;
	if (rc == DB_OK)
		rc = team_open_counts(db, id, feed_count, f);
	if (rc == DB_OK)
		rc = team_inflow_since(db, id, f->first_week, feed_inflow, f);
	if (rc == DB_OK)
		rc = team_flow_since(db, id, f->period_first_day, feed_flow, f);
	if (rc == DB_OK)
		rc = team_visits_since(db, id, f->period_first_day, feed_visit,
		    f);
	if (rc == DB_OK)
		rc = team_open_deals(db, id, feed_open, f);
	/* The tiles' weeks (tiles.h), for the whole team only. */
	int64_t first_day = (f->first_week * 604800 - 259200) / 86400;
	if (rc == DB_OK && only_owner == 0)
		rc = team_week_flow(db, id, first_day, feed_week_flow, f);
	if (rc == DB_OK && only_owner == 0)
		rc = team_week_visits(db, id, first_day, feed_week_visit, f);
	if (rc != DB_OK)
		return DB_ERROR;
	measure_team_finish(f);
	return DB_OK;
}

static int
add_follow_week(int64_t week, int64_t items, int64_t followed, void *arg)
{
	int64_t *sum = arg;
	(void)week;
	sum[0] += followed;
	sum[1] += items;
	return 0;
}

int
rollup_follow_through(struct db *db, int64_t team_id, int64_t now,
    int64_t *done, int64_t *created)
{
	int64_t sum[2] = { 0, 0 };
	int rc = coach_week_follow(db, team_id,
	    measure_week(now) - METER_WEEKS + 1, add_follow_week, sum);
	*done = sum[0];
	*created = sum[1];
	return rc;
}

struct rep_ids {
	int64_t ids[TEAM_REPS_MAX];
	int n;
};

static int
add_rep_id(const struct user *u, void *arg)
{
	struct rep_ids *r = arg;
	if (r->n < TEAM_REPS_MAX)
		r->ids[r->n++] = u->id;
	return 0;
}

int
rollup_team(struct db *db, const struct stages *s, const struct team *t,
    int64_t now, int64_t at, int period, struct team_figures *f,
    struct rollup_row *row)
{
	memset(row, 0, sizeof(*row));
	row->team = *t;
	struct rep_ids reps = { { 0 }, 0 };
	if (team_reps(db, t->id, add_rep_id, &reps) != DB_OK ||
	    org_team_targets(db, t->id, &row->target) == DB_ERROR ||
	    rollup_team_figures(db, t->id, s, reps.ids, reps.n, 0, at, period,
	        f) != DB_OK ||
	    !coach_meter_compute(db, t->id, now, &row->meter) ||
	    rollup_follow_through(db, t->id, now, &row->follow_done,
	        &row->follow_created) != DB_OK)
		return DB_ERROR;
	row->nreps = reps.n;
	const char *trend = coach_meter_trend(&row->meter);
	row->trend = trend ? trend : "—";
	row->inflow_total = f->inflow_total;
	row->late_total = f->late_total;
	for (int i = 0; i < f->nreps; i++)
		row->reps_below += f->reps[i].weeks_below_target >= 2;
	row->stalled_early = f->stalled_early;
	row->risk_deals = f->risk_deals;
	row->risk_amount = f->risk_amount;
	return DB_OK;
}

int64_t
rollup_minutes_per_week(const struct rollup_row *row)
{
	const struct meter *m = &row->meter;
	int64_t all = m->early_total + m->late_total + m->untied_total;
	return (all + METER_WEEKS / 2) / METER_WEEKS;
}

int
rollup_early_percent(const struct rollup_row *row)
{
	int64_t tied = row->meter.early_total + row->meter.late_total;
	if (tied == 0)
		return -1;
	return (int)((100 * row->meter.early_total + tied / 2) / tied);
}

void
rollup_add(struct team_figures *t, const struct team_figures *f)
{
	for (int i = 0; i < f->nstages; i++) {
		struct stage_figures *a = &t->st[i];
		const struct stage_figures *b = &f->st[i];
		a->deals += b->deals;
		a->amount += b->amount;
		a->weighted += b->weighted;
		a->stalled += b->stalled;
		a->entries += b->entries;
		a->regressions += b->regressions;
		a->skips += b->skips;
		a->won += b->won;
		a->lost += b->lost;
		a->visits += b->visits;
		a->next_entries += b->next_entries;
		a->next_index = b->next_index;
		for (int d = 0; d <= MAX_DAYS; d++)
			a->histogram[d] += b->histogram[d];
	}
	t->open += f->open;
	t->open_early += f->open_early;
	t->amount += f->amount;
	t->weighted += f->weighted;
	t->stalled += f->stalled;
	t->stalled_early += f->stalled_early;
	t->inflow_total += f->inflow_total;
	t->late_total += f->late_total;
	t->won += f->won;
	t->lost += f->lost;
	t->regressions += f->regressions;
	t->skips += f->skips;
	t->risk_deals += f->risk_deals;
	t->risk_amount += f->risk_amount;
	t->safe_deals += f->safe_deals;
	t->safe_amount += f->safe_amount;
	for (int w = 0; w < TEAM_WEEKS; w++) {
		t->wk.open[w] += f->wk.open[w];
		t->wk.open_early[w] += f->wk.open_early[w];
		t->wk.stalled_early[w] += f->wk.stalled_early[w];
		t->wk.skips[w] += f->wk.skips[w];
		t->wk.in[w] += f->wk.in[w];
		t->wk.in_early[w] += f->wk.in_early[w];
		t->wk.out[w] += f->wk.out[w];
		t->wk.out_early[w] += f->wk.out_early[w];
	}
}

void
rollup_total_finish(struct team_figures *t)
{
	for (int i = 0; i < t->nstages; i++) {
		struct stage_figures *s = &t->st[i];
		s->median_days = measure_histogram_quantile(s->histogram,
		    MAX_DAYS, 0.5);
		s->p75_days = measure_histogram_quantile(s->histogram, MAX_DAYS,
		    0.75);
	}
}
