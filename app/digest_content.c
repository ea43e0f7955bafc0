/*
 * digest_content.c - what each email says, read from the same data the
 * pages show.  Every read is bounded by the people and open deals of
 * one team or one rep (summaries and indexed queries), never by the
 * history, so a run costs in proportion to the users it writes to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "coach_reps.h"
#include "config.h"
#include "date.h"
#include "db_coach.h"
#include "db_mail.h"
#include "db_org.h"
#include "db_team.h"
#include "digest.h"
#include "measures.h"
#include "offsite.h"
#include "page.h"
#include "rollup.h"

#define TOP_ITEMS 5      /* This week, unless the team chose another number */
#define REP_ITEMS 64     /* rep items considered, as the queue page does */
#define STALLED_LISTED 5 /* stalled early deals named */
#define REMINDERS 20     /* deals a daily reminder names */
#define WEEK 604800
#define DAY 86400

const char *
digest_base_url(void)
{
	return cfg.base_url[0] ? cfg.base_url : "http://localhost";
}

/* A link into the app: the base URL and a path. */
static void
set_link(tmpl_dict *d, const char *key, const char *path)
{
	char url[512];
	snprintf(url, sizeof(url), "%s%s", digest_base_url(), path);
	tmpl_set_str(d, key, url);
}

/* The same for a path ending in an id: prefix "/deals/" and 42. */
static void
set_url(tmpl_dict *d, const char *key, const char *prefix, int64_t id)
{
	char path[128];
	snprintf(path, sizeof(path), "%s%lld", prefix, (long long)id);
	set_link(d, key, path);
}

/* --- the manager's week ------------------------------------------- */

struct week_items {
	tmpl_dict *m;
	int n;
};

static void
item_row(struct week_items *w, const char *reason, const char *rep,
    const char *prefix, int64_t id)
{
	tmpl_dict *row = tmpl_add_section(w->m, "ITEM");
	tmpl_set_str(row, "REASON", reason);
	tmpl_set_str(row, "REP", rep);
	set_url(row, "URL", prefix, id);
	w->n++;
}

static void
deal_item(const struct coaching_item *i, void *arg)
{
	if (i->deal_id)
		item_row(arg, i->reason, i->rep_name, "/deals/", i->deal_id);
	else
		item_row(arg, i->reason, i->rep_name, "/team/reps/", i->rep_id);
}

static void
rep_item(const struct coach_rep_item *ri, void *arg)
{
	item_row(arg, ri->reason, ri->name, "/team/reps/", ri->rep_id);
}

/* The queue's "This week", as /team/coaching shows it now (the team's
 * own number of items).  Returns how many, or -1 on a database error. */
static int
fill_items(struct db *db, int64_t team_id, int64_t now, tmpl_dict *m)
{
	int top = TOP_ITEMS;
	struct coach_rep_item *reps = xcalloc(REP_ITEMS, sizeof(*reps));
	char today[DATE_SIZE];
	date_of(now, today);
	struct coach_filter f = { team_id, now, today, 0, 0, 0, top, 0 };
	struct week_items w = { m, 0 };
	static const struct coach_week_fns fns = { deal_item, rep_item };
	int nreps = -1;
	if (coach_top(db, team_id, &top) != DB_ERROR) {
		f.limit = top;
		nreps = coach_reps_due(db, team_id, now, reps, REP_ITEMS);
	}
	bool ok = nreps >= 0 && coach_this_week(db, &f, reps, nreps, &fns, &w);
	free(reps);
	if (!ok)
		return -1;
	if (w.n == 0)
		tmpl_show_section(m, "NO_ITEMS");
	return w.n;
}

static int
minutes_cb(int64_t week, int tie, int64_t minutes, void *arg)
{
	meter_minutes(arg, week, tie, minutes);
	return 0;
}

/* Early share of a week's deal minutes as "40% · 120 of 300 minutes". */
static void
set_week_share(tmpl_dict *d, const char *key, int64_t early, int64_t late)
{
	char text[96];
	int64_t tied = early + late;
	if (tied)
		snprintf(text, sizeof(text), "%d%% · %lld of %lld minutes",
		    (int)((100 * early + tied / 2) / tied), (long long)early,
		    (long long)tied);
	else
		snprintf(text, sizeof(text), "no coaching on deals logged");
	tmpl_set_str(d, key, text);
}

/* Last full week's early share against the target, and the trend
 * from the week before. */
static int
fill_share(struct db *db, int64_t team_id, int64_t now, tmpl_dict *m,
    bool *said)
{
	int target = 50;
	if (team_early_target(db, team_id, &target) == DB_ERROR)
		return DB_ERROR;
	struct meter mt;
	meter_init(&mt, now, target);
	int64_t since = mt.first_week * WEEK - 259200;
	if (coaching_minutes(db, team_id, since, minutes_cb, &mt) != DB_OK)
		return DB_ERROR;
	int last = METER_WEEKS - 2, before = METER_WEEKS - 3;
	int64_t e = mt.early[last], t = e + mt.late[last];
	int64_t pe = mt.early[before], pt = pe + mt.late[before];
	tmpl_set_int(m, "TARGET", target);
	set_week_share(m, "SHARE_LAST", e, mt.late[last]);
	set_week_share(m, "SHARE_BEFORE", pe, mt.late[before]);
	const char *trend = "not enough coaching logged to tell";
	if (t && pt) {
		double a = (double)pe / (double)pt, b = (double)e / (double)t;
		trend = b > a + 0.05   ? "rising"
		        : b < a - 0.05 ? "falling"
		                       : "flat";
	}
	tmpl_set_str(m, "TREND", trend);
	tmpl_show_section(m,
	    t && 100 * e >= (int64_t)target * t ? "ON_TARGET" : "BELOW_TARGET");
	*said = *said || t > 0;
	return DB_OK;
}

struct stalled_walk {
	struct stages stages;
	int64_t now;
	int64_t count;
	struct open_row oldest[STALLED_LISTED];
	int n;
};

static const struct stage *
find_stage(const struct stages *s, int64_t id)
{
	for (int i = 0; i < s->n; i++)
		if (s->list[i].id == id)
			return &s->list[i];
	return NULL;
}

/* Keep the stalled early deals longest in their stage. */
static int
stalled_row(const struct open_row *r, void *arg)
{
	struct stalled_walk *w = arg;
	const struct stage *s = find_stage(&w->stages, r->stage_id);
	if (s == NULL || !s->early ||
	    !measure_is_stalled(s, r->stage_entered_at, r->last_activity_at,
	        w->now))
		return 0;
	w->count++;
	int at = w->n;
	while (at > 0 &&
	       r->stage_entered_at < w->oldest[at - 1].stage_entered_at)
		at--;
	if (at >= STALLED_LISTED)
		return 0;
	int last = w->n < STALLED_LISTED ? w->n : STALLED_LISTED - 1;
	memmove(&w->oldest[at + 1], &w->oldest[at],
	    (size_t)(last - at) * sizeof(*w->oldest));
	w->oldest[at] = *r;
	if (w->n < STALLED_LISTED)
		w->n++;
	return 0;
}

static int
fill_stalled(struct db *db, int64_t team_id, int64_t now, tmpl_dict *m,
    bool *said)
{
	struct stalled_walk *w = xcalloc(1, sizeof(*w));
	w->now = now;
	int rc = DB_ERROR;
	if (stage_list_all(db, &w->stages) != DB_OK ||
	    team_open_deals(db, team_id, stalled_row, w) != DB_OK)
		goto out;
	for (int i = 0; i < w->n; i++) {
		struct deal deal;
		if (team_deal(db, team_id, w->oldest[i].deal_id, &deal) !=
		    DB_OK)
			continue;
		tmpl_dict *row = tmpl_add_section(m, "STALLED");
		tmpl_set_str(row, "COMPANY", deal.company);
		tmpl_set_str(row, "OWNER", deal.owner_name);
		const struct stage *s = find_stage(&w->stages, deal.stage_id);
		tmpl_set_str(row, "STAGE", s ? s->name : "");
		page_set_count(row, "DAYS",
		    days_between(w->oldest[i].stage_entered_at, now), "day",
		    "days");
		set_url(row, "URL", "/deals/", deal.id);
	}
	page_set_count(m, "STALLED_COUNT", w->count, "stalled early deal",
	    "stalled early deals");
	if (w->count == 0)
		tmpl_show_section(m, "NO_STALLED");
	*said = *said || w->count > 0;
	rc = DB_OK;
out:
	free(w);
	return rc;
}

struct inflow_walk {
	int64_t week;
	int64_t ids[TEAM_REPS_MAX];
	char names[TEAM_REPS_MAX][USER_NAME_MAX * 4 + 1];
	int64_t deals[TEAM_REPS_MAX];
	int n;
};

static int
inflow_rep(const struct user *u, void *arg)
{
	struct inflow_walk *w = arg;
	if (w->n < TEAM_REPS_MAX) {
		w->ids[w->n] = u->id;
		snprintf(w->names[w->n], sizeof(w->names[0]), "%s", u->name);
		w->n++;
	}
	return 0;
}

static int
inflow_row(const struct inflow_row *r, void *arg)
{
	struct inflow_walk *w = arg;
	for (int i = 0; i < w->n && r->week == w->week; i++)
		if (w->ids[i] == r->owner_id)
			w->deals[i] += r->deals;
	return 0;
}

/* New deals per rep last week against the inflow target. */
static int
fill_inflow(struct db *db, int64_t team_id, int64_t now, tmpl_dict *m,
    bool *said)
{
	struct inflow_walk *w = xcalloc(1, sizeof(*w));
	w->week = measure_week(now) - 1;
	int rc = DB_ERROR;
	if (team_reps(db, team_id, inflow_rep, w) != DB_OK ||
	    team_inflow_since(db, team_id, w->week, inflow_row, w) != DB_OK)
		goto out;
	/* The team's own target, as its team page and queue judge by. */
	struct org_target target = { 0, INFLOW_TARGET };
	if (org_team_targets(db, team_id, &target) == DB_ERROR)
		goto out;
	tmpl_set_int(m, "INFLOW_TARGET", target.inflow);
	for (int i = 0; i < w->n; i++) {
		tmpl_dict *row = tmpl_add_section(m, "INFLOW");
		tmpl_set_str(row, "REP", w->names[i]);
		tmpl_set_int(row, "DEALS", w->deals[i]);
		tmpl_set_int(row, "TARGET", target.inflow);
		if (w->deals[i] < target.inflow)
			tmpl_show_section(row, "BELOW");
	}
	*said = *said || w->n > 0;
	rc = DB_OK;
out:
	free(w);
	return rc;
}

static int
fill_manager(struct db *db, const struct user *u, int64_t now, tmpl_dict *d,
    bool *empty)
{
	if (u->team_id == 0) {
		*empty = true;
		return DB_OK;
	}
	tmpl_dict *m = tmpl_add_section(d, "MANAGER");
	tmpl_set_str(m, "TEAM", u->team_name);
	set_link(m, "COACHING_URL", "/team/coaching");
	set_link(m, "TEAM_URL", "/team");
	set_link(m, "TIME_URL", "/team/time");
	int items = fill_items(db, u->team_id, now, m);
	if (items < 0)
		return DB_ERROR;
	bool said = items > 0;
	if (fill_share(db, u->team_id, now, m, &said) != DB_OK ||
	    fill_stalled(db, u->team_id, now, m, &said) != DB_OK ||
	    fill_inflow(db, u->team_id, now, m, &said) != DB_OK)
		return DB_ERROR;
	*empty = !said;
	return DB_OK;
}

/* --- the rep's day ------------------------------------------------ */

struct reminder_walk {
	tmpl_dict *d;
	const char *today;
	int n;
};

static int
reminder_row(const struct reminder_deal *r, void *arg)
{
	struct reminder_walk *w = arg;
	const char *section = r->next_step[0] == '\0' ? "NO_STEP"
	                      : strcmp(r->next_step_due, w->today) < 0
	                          ? "OVERDUE"
	                          : "DUE_TODAY";
	tmpl_dict *row = tmpl_add_section(w->d, section);
	tmpl_set_str(row, "COMPANY", r->company);
	tmpl_set_str(row, "TITLE", r->title);
	tmpl_set_str(row, "STEP", r->next_step);
	tmpl_set_str(row, "DUE", r->next_step_due);
	if (strcmp(section, "OVERDUE") == 0)
		page_set_count(row, "LATE",
		    date_diff(r->next_step_due, w->today), "day", "days");
	set_url(row, "URL", "/deals/", r->id);
	w->n++;
	return 0;
}

static int
fill_rep(struct db *db, const struct user *u, const char *today, tmpl_dict *d,
    bool *empty)
{
	tmpl_dict *m = tmpl_add_section(d, "REP");
	struct reminder_walk w = { m, today, 0 };
	if (reminder_deals(db, u->id, today, REMINDERS, reminder_row, &w) !=
	    DB_OK)
		return DB_ERROR;
	if (w.n >= REMINDERS)
		tmpl_show_section(m, "MORE");
	set_link(m, "DEALS_URL", "/deals");
	tmpl_set_str(m, "TODAY", today);
	*empty = w.n == 0;
	return DB_OK;
}

/* --- the admin's week --------------------------------------------- */

struct admin_walk {
	struct db *db;
	int64_t now;
	tmpl_dict *d;
	int n;
	int rc;
};

static int
admin_row(const struct user *mgr, void *arg)
{
	struct admin_walk *w = arg;
	struct meter mt;
	meter_init(&mt, w->now, 50);
	int64_t since = mt.first_week * WEEK - 259200, created = 0, done = 0;
	int target = 50;
	if (team_early_target(w->db, mgr->team_id, &target) == DB_ERROR ||
	    coaching_minutes(w->db, mgr->team_id, since, minutes_cb, &mt) !=
	        DB_OK ||
	    rollup_follow_through(w->db, mgr->team_id, w->now, &done,
	        &created) != DB_OK) {
		w->rc = DB_ERROR;
		return 1;
	}
	int last = METER_WEEKS - 2;
	tmpl_dict *row = tmpl_add_section(w->d, "ROW");
	tmpl_set_str(row, "MANAGER", mgr->name);
	tmpl_set_str(row, "TEAM", mgr->team_name);
	tmpl_set_int(row, "TARGET", target);
	set_week_share(row, "SHARE", mt.early[last], mt.late[last]);
	page_set_share(row, "FOLLOW", done, created);
	set_url(row, "URL", "/team?team=", mgr->team_id);
	w->n++;
	return 0;
}

/* The off-site backups' warnings, as doctor and /admin/offsite say
 * them (a snapshot older than three intervals, a failing run or
 * check).  Returns how many. */
static int
fill_offsite(tmpl_dict *m, int64_t now)
{
	struct offsite_state s;
	struct offsite_line lines[OFFSITE_LINES];
	if (offsite_state_read(&s) != 0)
		memset(&s, 0, sizeof(s));
	int n = offsite_health(&s, offsite_configured(), now, lines),
	    warned = 0;
	for (int i = 0; i < n; i++) {
		if (lines[i].level != OFFSITE_WARNING)
			continue;
		tmpl_dict *row = tmpl_add_section(m, "OFFSITE");
		tmpl_set_str(row, "WHAT", lines[i].what);
		tmpl_set_str(row, "ADVICE", lines[i].advice);
		warned++;
	}
	return warned;
}

static int
fill_admin(struct db *db, int64_t now, tmpl_dict *d, bool *empty)
{
	tmpl_dict *m = tmpl_add_section(d, "ADMIN");
	int warned = fill_offsite(m, now);
	struct admin_walk w = { db, now, m, 0, DB_OK };
	if (mail_team_managers(db, admin_row, &w) != DB_OK || w.rc != DB_OK)
		return DB_ERROR;
	*empty = w.n == 0 && warned == 0;
	return DB_OK;
}

int
digest_content_fill(struct db *db, enum digest_kind kind, const struct user *u,
    int64_t now, const char *today, tmpl_dict *d, bool *empty)
{
	*empty = true;
	switch (kind) {
	case DIGEST_MANAGER_WEEKLY:
		return fill_manager(db, u, now, d, empty);
	case DIGEST_REP_DAILY:
		return fill_rep(db, u, today, d, empty);
	case DIGEST_ADMIN_WEEKLY:
		return fill_admin(db, now, d, empty);
	case DIGEST__KINDS:
		break;
	}
	return DB_ERROR;
}
