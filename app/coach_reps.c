/*
 * coach_reps.c - the rep-level coaching items: gather what the rep
 * rules read (bounded by the team's reps), run them, merge each rep's
 * causes into one item.
 */
#include "coach_reps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_org.h"
#include "db_team.h"
#include "pipeline.h"
#include "util.h"

#define DAY 86400

struct gathered {
	struct coach_rep reps[TEAM_REPS_MAX];
	size_t nreps;
	const struct stage *stages;
	int nstages;
	int64_t first_week;
};

static struct coach_rep *
rep(struct gathered *g, int64_t id)
{
	for (size_t i = 0; i < g->nreps; i++)
		if (g->reps[i].id == id)
			return &g->reps[i];
	return NULL;
}

static int
add_rep(const struct user *u, void *arg)
{
	struct gathered *g = arg;
	if (g->nreps < TEAM_REPS_MAX && u->role == ROLE_REP) {
		struct coach_rep *r = &g->reps[g->nreps++];
		memset(r, 0, sizeof(*r));
		r->id = u->id;
		str_copy(r->name, sizeof(r->name), u->name);
	}
	return 0;
}

static int
add_aid(int64_t user_id, int64_t at, void *arg)
{
	struct coach_rep *r = rep(arg, user_id);
	if (r)
		r->last_early_aid = at;
	return 0;
}

static int
add_inflow(const struct inflow_row *row, void *arg)
{
	struct gathered *g = arg;
	struct coach_rep *r = rep(g, row->owner_id);
	int64_t slot = row->week - g->first_week;
	if (r && slot >= 0 && slot < TEAM_WEEKS)
		r->inflow[slot] += row->deals;
	return 0;
}

static int
add_count(const struct count_row *row, void *arg)
{
	struct gathered *g = arg;
	struct coach_rep *r = rep(g, row->owner_id);
	const struct stage *st = pipeline_find(g->stages, g->nstages,
	    row->stage_id);
	if (r && st && st->early)
		r->open_early += row->deals;
	return 0;
}

static int
by_urgency(const void *a, const void *b)
{
	const struct coach_rep_item *x = a, *y = b;
	if (x->urgency != y->urgency)
		return x->urgency < y->urgency ? 1 : -1;
	return (x->rep_id > y->rep_id) - (x->rep_id < y->rep_id);
}

/* One rep's rule items into one item, less what a person closed. */
static int
merge_rep(struct db *db, int64_t team_id, const struct coach_rep *rp,
    const struct coach_item *items, size_t n, const char *today,
    struct coach_rep_item *out)
{
	memset(out, 0, sizeof(*out));
	int64_t at[CAUSE__MAX] = { 0 };
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].rep_id == rp->id && items[i].deal_id == 0) {
			at[items[i].rule] = items[i].cause_at;
			mask |= 1u << items[i].rule;
		}
	char subject[40], until[11];
	snprintf(subject, sizeof(subject), "rep:%lld", (long long)rp->id);
	unsigned closed = 0;
	bool snoozed = false;
	if (mask &&
	    (coach_closed_causes(db, subject, at, mask, &closed) != DB_OK ||
	        coach_live_subject(db, team_id, subject, &out->item_id,
	            &snoozed, until) != DB_OK))
		return -1;
	mask &= ~closed;
	if (mask == 0 || (snoozed && strcmp(until, today) > 0))
		return 0;
	out->rep_id = rp->id;
	str_copy(out->name, sizeof(out->name), rp->name);
	out->causes = mask;
	struct coach_causes c = { { 0 }, true };
	memcpy(c.at, at, sizeof(at));
	out->since = coach_causes_since(&c, mask);
	out->urgency = coach_rank(mask, true, out->since, 0);
	size_t k = 0, j = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].rep_id != rp->id || items[i].deal_id != 0 ||
		    !(mask & (1u << items[i].rule)))
			continue;
		const char *r = items[i].reason;
		size_t len = strlen(r);
		size_t name = strlen(rp->name);
		k += (size_t)snprintf(out->reason + k,
		    k < sizeof(out->reason) ? sizeof(out->reason) - k : 0,
		    "%s%s", k ? " " : "", r);
		/* The rule's sentence starts with the rep's name. */
		const char *rest = len > name && strncmp(r, rp->name, name) == 0
		                       ? r + name
		                       : NULL;
		j += (size_t)snprintf(out->yours + j,
		    j < sizeof(out->yours) ? sizeof(out->yours) - j : 0,
		    "%s%s%s", j ? " " : "", rest ? "You" : "", rest ? rest : r);
	}
	return 1;
}

int
coach_reps_due(struct db *db, int64_t team_id, int64_t now,
    struct coach_rep_item *out, size_t max)
{
	struct stage stages[STAGES_MAX];
	int nstages = stage_list(db, stages, STAGES_MAX);
	if (nstages < 0)
		return -1;
	struct gathered *g = xcalloc(1, sizeof(*g));
	g->stages = stages;
	g->nstages = nstages;
	g->first_week = measure_week(now) - TEAM_WEEKS + 1;
	int rc = team_reps(db, team_id, add_rep, g);
	if (rc == DB_OK)
		rc = team_open_counts(db, team_id, add_count, g);
	if (rc == DB_OK)
		rc = coach_early_aid_uses(db, team_id, add_aid, g);
	if (rc == DB_OK)
		rc = team_inflow_since(db, team_id, g->first_week, add_inflow,
		    g);
	/* The team's own inflow target, as its team page judges by. */
	struct org_target target = { 0, 0 };
	if (rc == DB_OK && org_team_targets(db, team_id, &target) == DB_ERROR)
		rc = DB_ERROR;
	char today[DATE_SIZE];
	date_of(now, today);
	struct coach_item *items = xcalloc(2 * TEAM_REPS_MAX, sizeof(*items));
	size_t n = 0, got = 0;
	if (rc == DB_OK) {
		struct coach_input in = { stages, nstages, now, today, NULL, 0,
			NULL, 0, g->reps, g->nreps, target.inflow };
		n = coach_rules_run(&in, items, 2 * TEAM_REPS_MAX);
	}
	for (size_t i = 0; i < g->nreps && rc == DB_OK && got < max; i++) {
		int m = merge_rep(db, team_id, &g->reps[i], items, n, today,
		    &out[got]);
		if (m < 0)
			rc = DB_ERROR;
		else
			got += (size_t)m;
	}
	free(items);
	free(g);
	if (rc != DB_OK)
		return -1;
	qsort(out, got, sizeof(*out), by_urgency);
	return (int)got;
}

struct week_rows {
	struct coaching_item rows[COACH_WEEK_MAX];
	int n;
};

static int
keep_row(const struct coaching_item *i, void *arg)
{
	struct week_rows *w = arg;
	if (w->n < COACH_WEEK_MAX)
		w->rows[w->n++] = *i;
	return 0;
}

bool
coach_this_week(struct db *db, const struct coach_filter *f,
    const struct coach_rep_item *reps, int nreps,
    const struct coach_week_fns *fns, void *arg)
{
	struct week_rows *w = xcalloc(1, sizeof(*w));
	struct coach_filter top = *f;
	if (top.limit > COACH_WEEK_MAX)
		top.limit = COACH_WEEK_MAX;
	bool ok = coach_queue(db, &top, keep_row, w) == DB_OK;
	int a = 0, b = 0;
	while (ok && a + b < top.limit && (a < w->n || b < nreps)) {
		if (b >= nreps ||
		    (a < w->n && w->rows[a].urgency >= reps[b].urgency))
			fns->deal(&w->rows[a++], arg);
		else
			fns->rep(&reps[b++], arg);
	}
	free(w);
	return ok;
}
