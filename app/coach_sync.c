/*
 * coach_sync.c - gather what the rules read, run them, store the items.
 */
#include "coach_sync.h"

#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_team.h"
#include "util.h"

#define DAY 86400
#define COACH_ITEMS_MAX 2000 /* items stored per run, most urgent first */

struct gathered {
	struct coach_deal *deals;
	size_t ndeals;
	struct coach_event *events;
	size_t nevents;
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
add_deal(const struct coach_deal *d, void *arg)
{
	struct gathered *g = arg;
	g->deals = xrealloc(g->deals, (g->ndeals + 1) * sizeof(*g->deals));
	g->deals[g->ndeals++] = *d;
	const struct stage *st = NULL;
	for (int i = 0; i < g->nstages; i++)
		if (g->stages[i].id == d->stage_id)
			st = &g->stages[i];
	struct coach_rep *r = rep(g, d->owner_id);
	if (r && st && st->early)
		r->open_early++;
	return 0;
}

static int
add_event(const struct coach_event *e, void *arg)
{
	struct gathered *g = arg;
	g->events = xrealloc(g->events, (g->nevents + 1) * sizeof(*g->events));
	g->events[g->nevents++] = *e;
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
by_priority(const void *a, const void *b)
{
	const struct coach_item *x = a, *y = b;
	return (x->priority > y->priority) - (x->priority < y->priority);
}

int
coach_sync(struct db *db, int64_t team_id, int64_t now)
{
	struct stage stages[STAGES_MAX];
	int nstages = stage_list(db, stages, STAGES_MAX);
	if (nstages < 0)
		return DB_ERROR;
	struct gathered *g = xcalloc(1, sizeof(*g));
	g->stages = stages;
	g->nstages = nstages;
	g->first_week = measure_week(now) - TEAM_WEEKS + 1;
	int rc = team_reps(db, team_id, add_rep, g);
	if (rc == DB_OK)
		rc = coach_open_deals(db, team_id, add_deal, g);
	if (rc == DB_OK)
		rc = coach_events(db, team_id,
		    now - (int64_t)COACH_RECENT_DAYS * DAY, add_event, g);
	if (rc == DB_OK)
		rc = coach_early_aid_uses(db, team_id, add_aid, g);
	if (rc == DB_OK)
		rc = team_inflow_since(db, team_id, g->first_week, add_inflow,
		    g);
	char today[DATE_SIZE];
	date_of(now, today);
	struct coach_item *items = NULL;
	size_t n = 0;
	if (rc == DB_OK) {
		struct coach_input in = { stages, nstages, now, today, g->deals,
			g->ndeals, g->events, g->nevents, g->reps, g->nreps };
		items = xcalloc(COACH_ITEMS_MAX, sizeof(*items));
		n = coach_rules_run(&in, items, COACH_ITEMS_MAX);
		/* Keep the most urgent; then resolving "gone" items is only
		 * safe when nothing was left out. */
		qsort(items, n < COACH_ITEMS_MAX ? n : COACH_ITEMS_MAX,
		    sizeof(*items), by_priority);
	}
	bool complete = n <= COACH_ITEMS_MAX;
	if (!complete)
		n = COACH_ITEMS_MAX;
	if (rc == DB_OK && (rc = db_tx_begin(db)) == DB_OK) {
		rc = coach_store(db, team_id, items, n, now, today, complete);
		if (rc == DB_OK)
			rc = db_tx_commit(db);
		else
			db_tx_rollback(db);
	}
	free(items);
	free(g->deals);
	free(g->events);
	free(g);
	return rc;
}
