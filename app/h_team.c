/*
 * h_team.c - the manager's team pages: where the pipeline stands and
 * where it stalls (/team), one rep (/team/reps/{id}), the deals behind
 * every number (/team/deals) and the CSV exports.  A manager sees only
 * their own team; an admin picks any team.  All figures come from
 * measures.c, so the team page, the rep pages and the exports agree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amount.h"
#include "chart.h"
#include "coach_meter.h"
#include "config.h"
#include "csv.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_org.h"
#include "db_team.h"
#include "measures.h"
#include "page.h"
#include "page_cache.h"
#include "pipeline.h"
#include "resp.h"
#include "rollup.h"
#include "route.h"
#include "strip.h"
#include "team_scope.h"

#define TEAM_LIST_MAX 200 /* deals listed behind a number */

static const int periods[] = { 30, 90, 180 };

struct team_view {
	struct team_scope scope; /* which team, and may the viewer write */
	struct team team;        /* whose figures (scope.team) */
	struct stages stages;
	int64_t rep_ids[TEAM_REPS_MAX];
	char rep_names[TEAM_REPS_MAX][USER_NAME_MAX * 4 + 1];
	int nreps;
	int period;              /* days */
	struct team_figures fig; /* computed */
};

static int
add_rep(const struct user *u, void *arg)
{
	struct team_view *tv = arg;
	if (tv->nreps < TEAM_REPS_MAX) {
		tv->rep_ids[tv->nreps] = u->id;
		str_copy(tv->rep_names[tv->nreps], sizeof(tv->rep_names[0]),
		    u->name);
		tv->nreps++;
	}
	return 0;
}

static const char *
rep_name(const struct team_view *tv, int64_t id)
{
	for (int i = 0; i < tv->nreps; i++)
		if (tv->rep_ids[i] == id)
			return tv->rep_names[i];
	return "?";
}

struct team_choice {
	tmpl_dict *d;
	int64_t chosen;
	int64_t first;
};

/* The team switcher of admins and directors: active teams, and a
 * retired one only while it is the team shown (its history stays
 * readable).  Only teams the viewer may see are listed (org_teams()). */
static int
add_team_choice(const struct team *t, void *arg)
{
	struct team_choice *tc = arg;
	if (t->retired_at && t->id != tc->chosen)
		return 0;
	if (tc->first == 0 && t->retired_at == 0)
		tc->first = t->id;
	if (tc->d) {
		tmpl_dict *o = tmpl_add_section(tc->d, "TEAM_OPTION");
		tmpl_set_int(o, "ID", t->id);
		tmpl_set_str(o, "NAME", t->name);
		if (t->retired_at)
			tmpl_show_section(o, "RETIRED");
		if (t->id == tc->chosen)
			tmpl_show_section(o, "SELECTED");
	}
	return 0;
}

/* The period asked for in ?period=, else 90 days. */
static int
chosen_period(const struct req *r)
{
	long asked = strtol(req_query(r, "period"), NULL, 10);
	for (size_t i = 0; i < GW_ARRAY_LEN(periods); i++)
		if (asked == periods[i])
			return periods[i];
	return 90;
}

/*
 * Load the team the viewer asked for (team_scope_resolve(): 404 for one
 * they may not see) with its stages, reps and the period.  Returns
 * false after answering.
 */
static bool
load_team(struct req *r, struct team_view *tv)
{
	if (!team_scope_resolve(r, 0, &tv->scope))
		return false;
	tv->team = tv->scope.team;
	int64_t team_id = tv->team.id;
	tv->period = chosen_period(r);
	if (!page_load_stages(r, &tv->stages))
		return false;
	if (team_reps(r->db, team_id, add_rep, tv) != DB_OK) {
		resp_internal(r, "listing reps failed");
		return false;
	}
	return true;
}

/*
 * The moment every team figure is taken at: the start of the current
 * minute.  The team page, the rep pages, the lists and the exports all
 * use it, so they agree with each other and with a team page kept
 * from earlier in the same minute (page_cache.h).
 */
static int64_t
figures_at(const struct req *r)
{
	return minute_start(r->now);
}

/* Compute the figures for the team, or for one rep of it, as /org
 * does (rollup.h), so the two agree. */
static bool
compute(struct req *r, struct team_view *tv, int64_t only_owner)
{
	if (rollup_team_figures(r->db, tv->team.id, &tv->stages, tv->rep_ids,
	        tv->nreps, only_owner, figures_at(r), tv->period, &tv->fig) !=
	    DB_OK) {
		resp_internal(r, "computing team figures failed");
		return false;
	}
	return true;
}

static void
set_days_value(tmpl_dict *d, const char *key, double days, int64_t n)
{
	char text[32];
	if (n == 0)
		snprintf(text, sizeof(text), "—");
	else if (days == (int64_t)days)
		snprintf(text, sizeof(text), "%lld", (long long)days);
	else
		snprintf(text, sizeof(text), "%.1f", days);
	tmpl_set_str(d, key, text);
}

/* The effectiveness page for the same team. */
static void
set_effect_query(tmpl_dict *d, const struct team_view *tv)
{
	char q[48] = "";
	if (tv->scope.chooses)
		snprintf(q, sizeof(q), "?team=%lld", (long long)tv->team.id);
	tmpl_set_str(d, "EFFECT_Q", q);
}

/* Query string that keeps the team (for admins and directors) and the
 * period. */
static void
team_query(const struct team_view *tv, char *out, size_t size)
{
	if (tv->scope.chooses)
		snprintf(out, size, "team=%lld&period=%d",
		    (long long)tv->team.id, tv->period);
	else
		snprintf(out, size, "period=%d", tv->period);
}

static void
stage_chip(tmpl_dict *d, const struct team_view *tv, int i)
{
	const struct stage *st = &tv->stages.list[i];
	int rank = pipeline_rank(tv->stages.list, tv->stages.n, st);
	tmpl_set_str(d, "STAGE_NAME", st->name);
	tmpl_set_int(d, "STAGE_ID", st->id);
	tmpl_set_int(d, "STAGE_RANK", rank > 8 ? 8 : (rank ? rank : 8));
	tmpl_set_int(d, "TARGET_DAYS", st->target_days);
	tmpl_set_str(d, "STAGE_FAMILY", st->early ? "early" : "late");
	if (st->early)
		tmpl_show_section(d, "EARLY");
}

/*
 * The bar chart of open deals per stage, as inline SVG numbers: a
 * value axis on the left in round steps with grid lines, a bar per
 * stage with its count above it and its name below.
 */
static void
fill_chart(tmpl_dict *d, const struct team_view *tv)
{
	const struct team_figures *f = &tv->fig;
	int64_t max = 0;
	for (int i = 0; i < tv->stages.n; i++)
		if (f->st[i].deals > max)
			max = f->st[i].deals;
	int64_t top;
	int64_t step = chart_axis(max, 4, &top);
	/* The plot: left of it the axis labels, above it the axis name and
	 * the bars' counts, below it the stage names. */
	const int left = 40, plot_top = 32, height = 160, width = 80, gap = 16;
	const int base = plot_top + height;
	int x = left + gap, bars = 0;
	struct buf label = { 0 };
	for (int i = 0; i < tv->stages.n; i++) {
		if (!tv->stages.list[i].active && f->st[i].deals == 0)
			continue;
		int h = (int)(f->st[i].deals * height / top);
		tmpl_dict *bar = tmpl_add_section(d, "BAR");
		stage_chip(bar, tv, i);
		tmpl_set_int(bar, "X", x);
		tmpl_set_int(bar, "Y", base - h);
		tmpl_set_int(bar, "W", width);
		tmpl_set_int(bar, "H", h);
		tmpl_set_int(bar, "LABEL_X", x + width / 2);
		tmpl_set_int(bar, "VALUE_Y", base - h - 4);
		tmpl_set_int(bar, "DEALS", f->st[i].deals);
		buf_printf(&label, "%s%s %lld", bars ? ", " : "",
		    tv->stages.list[i].name, (long long)f->st[i].deals);
		x += width + gap;
		bars++;
	}
	for (int64_t v = 0; v <= top; v += step) {
		tmpl_dict *tick = tmpl_add_section(d, "TICK");
		int y = base - (int)(v * height / top);
		tmpl_set_int(tick, "Y", y);
		tmpl_set_int(tick, "TEXT_Y", y + 4);
		tmpl_set_int(tick, "VALUE", v);
	}
	tmpl_set_int(d, "PLOT_LEFT", left);
	tmpl_set_int(d, "PLOT_TOP", plot_top);
	tmpl_set_int(d, "TICK_X", left - 6);
	tmpl_set_int(d, "CHART_W", x);
	tmpl_set_int(d, "CHART_H", base + 28);
	tmpl_set_int(d, "AXIS_Y", base);
	tmpl_set_int(d, "NAME_Y", base + 18);
	tmpl_set_str(d, "CHART_LABEL",
	    label.data ? label.data : "no open deals");
	buf_free(&label);
}

/* A sparkline of weekly inflow: points for an SVG polyline. */
static void
fill_sparkline(tmpl_dict *d, const int64_t *weeks, int target)
{
	int64_t max = target > 0 ? target : 1;
	for (int w = 0; w < TEAM_WEEKS; w++)
		if (weeks[w] > max)
			max = weeks[w];
	char points[256] = "";
	char label[128] = "";
	for (int w = 0; w < TEAM_WEEKS; w++) {
		size_t len = strlen(points);
		snprintf(points + len, sizeof(points) - len, "%s%d,%d",
		    w ? " " : "", w * 12 + 2, (int)(26 - weeks[w] * 24 / max));
		len = strlen(label);
		snprintf(label + len, sizeof(label) - len, "%s%lld",
		    w ? ", " : "", (long long)weeks[w]);
	}
	tmpl_set_str(d, "SPARK_POINTS", points);
	tmpl_set_int(d, "TARGET_Y", (int)(26 - target * 24 / max));
	tmpl_set_str(d, "SPARK_LABEL", label);
}

/* The period menu and the figures' settings above the page. */
static void
fill_period(tmpl_dict *d, const struct req *r, const struct team_view *tv,
    const char *query)
{
	tmpl_set_str(d, "Q", query);
	page_set_as_of(d, r);
	page_set_count(d, "PERIOD", tv->period, "day", "days");
	page_set_count(d, "WEEKS", TEAM_WEEKS, "week", "weeks");
	tmpl_set_int(d, "INFLOW_TARGET", tv->fig.inflow_target);
	page_set_count(d, "STALE_DAYS", STALE_DAYS, "day", "days");
	for (size_t i = 0; i < GW_ARRAY_LEN(periods); i++) {
		tmpl_dict *p = tmpl_add_section(d, "PERIOD_OPTION");
		tmpl_set_int(p, "VALUE", periods[i]);
		page_set_count(p, "DAYS", periods[i], "day", "days");
		if (periods[i] == tv->period)
			tmpl_show_section(p, "SELECTED");
	}
}

/* Stage distribution and flow over the period: the chart, and a
 * STAGE_ROW per stage with its open deals and flow. */
static void
fill_stage_rows(tmpl_dict *d, const struct team_view *tv)
{
	const struct team_figures *f = &tv->fig;
	fill_chart(d, tv);
	tmpl_set_int(d, "OPEN", f->open);
	page_set_money(d, "AMOUNT", f->amount);
	page_set_money(d, "WEIGHTED", f->weighted);
	page_set_share(d, "EARLY_SHARE", f->open_early, f->open);
	for (int i = 0; i < tv->stages.n; i++) {
		const struct stage_figures *s = &f->st[i];
		if (!tv->stages.list[i].active && s->deals == 0 &&
		    s->entries == 0)
			continue;
		tmpl_dict *row = tmpl_add_section(d, "STAGE_ROW");
		stage_chip(row, tv, i);
		tmpl_set_int(row, "DEALS", s->deals);
		page_set_money(row, "AMOUNT", s->amount);
		page_set_money(row, "WEIGHTED", s->weighted);
		tmpl_set_int(row, "PROBABILITY",
		    tv->stages.list[i].probability);
		tmpl_set_int(row, "STALLED", s->stalled);
		tmpl_set_int(row, "TARGET_DAYS",
		    tv->stages.list[i].target_days);
		/* Flow over the period. */
		tmpl_set_int(row, "ENTRIES", s->entries);
		if (s->next_index >= 0) {
			tmpl_dict *c = tmpl_add_section(row, "CONVERSION");
			page_set_share(c, "RATIO", s->next_entries, s->entries);
			tmpl_set_str(c, "NEXT",
			    tv->stages.list[s->next_index].name);
		} else {
			tmpl_show_section(row, "LAST_STAGE");
		}
		set_days_value(row, "MEDIAN", s->median_days, s->visits);
		set_days_value(row, "P75", s->p75_days, s->visits);
		page_set_count(row, "VISITS", s->visits, "visit", "visits");
		tmpl_set_int(row, "REGRESSIONS", s->regressions);
		tmpl_set_int(row, "SKIPS", s->skips);
		tmpl_set_int(row, "WON", s->won);
		tmpl_set_int(row, "LOST", s->lost);
	}
	page_set_share(d, "WIN_RATE", f->won, f->won + f->lost);
	page_set_count(d, "REGRESSIONS", f->regressions, "move", "moves");
	page_set_count(d, "SKIPS", f->skips, "move", "moves");
}

/* The rep-by-stage matrix and each rep's early-stage health. */
static void
fill_rep_rows(tmpl_dict *d, const struct team_view *tv, const char *query)
{
	const struct team_figures *f = &tv->fig;
	for (int s = 0; s < tv->stages.n; s++) {
		if (!tv->stages.list[s].active)
			continue;
		tmpl_dict *h = tmpl_add_section(d, "MATRIX_HEAD");
		stage_chip(h, tv, s);
	}
	for (int k = 0; k < f->nreps; k++) {
		const struct rep_figures *rep = &f->reps[k];
		tmpl_dict *row = tmpl_add_section(d, "REP");
		tmpl_set_int(row, "ID", rep->user_id);
		tmpl_set_str(row, "NAME", rep_name(tv, rep->user_id));
		tmpl_set_str(row, "Q", query);
		tmpl_set_int(row, "OPEN", rep->open);
		page_set_share(row, "EARLY_SHARE", rep->open_early, rep->open);
		tmpl_set_int(row, "INFLOW", rep->inflow_total);
		int target = tv->fig.inflow_target;
		tmpl_set_int(row, "INFLOW_TARGET_TOTAL", target * TEAM_WEEKS);
		if (rep->inflow_total < target * TEAM_WEEKS)
			tmpl_show_section(row, "INFLOW_LOW");
		fill_sparkline(row, rep->inflow, target);
		page_set_share(row, "LATE_RATE", rep->late_total,
		    rep->inflow_total);
		tmpl_set_int(row, "STALLED_EARLY", rep->stalled_early);
		tmpl_set_int(row, "STALLED", rep->stalled);
		for (int s = 0; s < tv->stages.n; s++) {
			if (!tv->stages.list[s].active)
				continue;
			tmpl_dict *cell = tmpl_add_section(row, "CELL");
			tmpl_set_int(cell, "DEALS", rep->stage_deals[s]);
			page_set_money(cell, "AMOUNT", rep->stage_amount[s]);
			tmpl_set_int(cell, "STAGE_ID", tv->stages.list[s].id);
			tmpl_set_str(cell, "STAGE_NAME",
			    tv->stages.list[s].name);
			tmpl_set_int(cell, "REP_ID", rep->user_id);
			tmpl_set_str(cell, "Q", query);
		}
	}
	int64_t inflow = 0;
	for (int k = 0; k < f->nreps; k++)
		inflow += f->reps[k].inflow_total;
	tmpl_set_int(d, "INFLOW_TOTAL", inflow);
	tmpl_set_int(d, "INFLOW_TARGET_ALL",
	    (int64_t)f->inflow_target * TEAM_WEEKS * f->nreps);
	if (f->nreps == 0)
		tmpl_show_section(d, "NO_REPS");
}

/* Stalled deals, early stages first. */
static void
fill_stalled(struct req *r, tmpl_dict *d, const struct team_view *tv)
{
	const struct team_figures *f = &tv->fig;
	char today[DATE_SIZE];
	date_of(figures_at(r), today);
	tmpl_set_int(d, "STALLED", f->stalled);
	tmpl_set_int(d, "STALLED_EARLY", f->stalled_early);
	for (int k = 0; k < f->nstalled_list; k++) {
		const struct stalled_deal *sd = &f->stalled_list[k];
		struct deal deal;
		if (team_deal(r->db, tv->team.id, sd->deal_id, &deal) != DB_OK)
			continue;
		tmpl_dict *row = tmpl_add_section(d, "STALLED_DEAL");
		tmpl_set_int(row, "ID", deal.id);
		tmpl_set_str(row, "COMPANY", deal.company);
		tmpl_set_str(row, "OWNER", deal.owner_name);
		stage_chip(row, tv, sd->stage_index);
		tmpl_set_int(row, "DAYS", sd->days_in_stage);
		page_set_count(row, "QUIET", sd->days_quiet, "day", "days");
		page_next_step(row, "NEXT_STEP", deal.next_step,
		    deal.next_step_due, today, true);
	}
	if (f->stalled > f->nstalled_list)
		tmpl_set_int(tmpl_add_section(d, "STALLED_MORE"), "N",
		    f->stalled);
	if (f->stalled == 0)
		tmpl_show_section(d, "NO_STALLED");
}

/* Forecast risk: stage 4-5 value that skipped steps, beside the rest. */
static void
fill_risk(tmpl_dict *d, const struct team_view *tv)
{
	const struct team_figures *f = &tv->fig;
	page_set_money(d, "RISK_AMOUNT", f->risk_amount);
	page_set_count(d, "RISK_DEALS", f->risk_deals, "deal", "deals");
	page_set_money(d, "SAFE_AMOUNT", f->safe_amount);
	page_set_count(d, "SAFE_DEALS", f->safe_deals, "deal", "deals");
	page_set_share(d, "RISK_SHARE", f->risk_deals,
	    f->risk_deals + f->safe_deals);
}

/* The manager's own early share of coaching time: the meter's figure
 * over its weeks, and its last TEAM_WEEKS weeks one by one. */
static void
tile_coaching(struct req *r, tmpl_dict *d, const struct meter *m)
{
	int64_t tied = m->early_total + m->late_total;
	struct strip_coaching c = { .name = "Your coaching time on early stages",
		.href = "/team/time",
		.series = "Early share of your deal-coaching minutes per week",
		.first_week = m->first_week + METER_WEEKS - TEAM_WEEKS,
		.early = m->early + METER_WEEKS - TEAM_WEEKS,
		.late = m->late + METER_WEEKS - TEAM_WEEKS,
		.early_total = m->early_total,
		.late_total = m->late_total };
	if (tied == 0 || 100 * m->early_total < (int64_t)m->target * tied)
		c.attention = arena_printf(&r->arena, "Below the %d%% target",
		    m->target);
	strip_coaching(r, d, &c);
}

/*
 * The ten-second strip at the top of /team: each tile's number is a
 * figure the page shows further down or the page it links to shows.
 * New deals add up as the health table's rows do, against the reps'
 * targets.  The coaching tile is the manager's own meter, so an admin
 * has four.
 */
static bool
fill_tiles(struct req *r, tmpl_dict *d, const struct team_view *tv,
    const char *query)
{
	const struct team_figures *f = &tv->fig;
	strip_early_share(r, d, f, "#distribution");
	strip_stalled_early(r, d, f,
	    arena_printf(&r->arena, "/team/deals?%s&only=stalled-early", query));
	int64_t week[TEAM_WEEKS] = { 0 }, total = 0;
	for (int k = 0; k < f->nreps; k++) {
		total += f->reps[k].inflow_total;
		for (int w = 0; w < TEAM_WEEKS; w++)
			week[w] += f->reps[k].inflow[w];
	}
	strip_inflow(r, d, f, week, total,
	    (int64_t)f->inflow_target * TEAM_WEEKS * f->nreps, "#health");
	if (tv->scope.writable) {
		struct meter m;
		if (!coach_meter_compute(r->db, tv->team.id, r->now, &m))
			return false;
		tile_coaching(r, d, &m);
	}
	strip_risk(r, d, f,
	    arena_printf(&r->arena, "/team/deals?%s&only=risk", query));
	return true;
}

/* Everything /team and /team/reps/{id} share. */
static void
fill_figures(struct req *r, tmpl_dict *d, const struct team_view *tv,
    const char *query)
{
	fill_period(d, r, tv, query);
	fill_stage_rows(d, tv);
	fill_rep_rows(d, tv, query);
	fill_stalled(r, d, tv);
	fill_risk(d, tv);
}

/* Render the body of /team for tv, headed heading, into a malloc'd
 * string; NULL after answering. */
static char *
render_team(struct req *r, struct team_view *tv, const char *heading,
    size_t *len)
{
	char query[96];
	team_query(tv, query, sizeof(query));
	tmpl_dict *d = tmpl_dict_new("team");
	tmpl_set_str(d, "HEADING", heading);
	tmpl_set_str(d, "SELF", "/team");
	tmpl_set_str(d, "TEAM_NAME", tv->team.name);
	tmpl_set_int(d, "TEAM_ID", tv->team.id);
	tmpl_set_str(d, "REP_FILTER", "");
	tmpl_show_section(d, "TEAM_VIEW");
	set_effect_query(d, tv);
	bool ok = true;
	if (tv->scope.chooses) {
		struct team_choice tc = { tmpl_add_section(d, "SWITCHER"),
			tv->team.id, 0 };
		ok = org_teams(r->db, r->session.user.id, add_team_choice,
		         &tc) == DB_OK;
	}
	fill_figures(r, d, tv, query);
	ok = ok && fill_tiles(r, tmpl_add_include(d, "TILES", "tiles.tpl"), tv,
	               query);
	if (tv->scope.writable)
		tmpl_show_section(d, "CAN_COACH_TEAM");
	char *html = ok ? page_render_body("team.tpl", d, len) : NULL;
	tmpl_dict_free(d);
	if (html == NULL)
		resp_internal(r, "rendering the team page failed");
	return html;
}

/*
 * GET /team - the team's pipeline, early stages first: distribution,
 * early-stage health per rep, stalled deals, flow over 30/90/180 days,
 * and forecast risk.  200; 404 for a manager without a team or an
 * unknown ?team=.
 *
 * The body is kept per worker for (team, viewer, period), stamped with
 * the team's revision and the figures' minute: while neither moves, a
 * request costs its session and one small read.  The viewer is in the
 * key because a manager's body carries their meter and an admin's the
 * team switcher.
 */
void
h_team_get(struct req *r)
{
	struct team_scope scope;
	if (!team_scope_resolve(r, 0, &scope))
		return;
	int64_t team_id = scope.team.id;
	int period = chosen_period(r);
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "team/%lld/%lld/%d/%s", (long long)team_id,
	    (long long)r->session.user.id, period, r->zone);
	int64_t stamp[2] = { 0, figures_at(r) };
	struct cached_page kept;
	if (team_id != 0 && team_revision(r->db, team_id, &stamp[0]) == DB_OK &&
	    page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	struct team_view *tv = arena_alloc(&r->arena, sizeof(*tv));
	memset(tv, 0, sizeof(*tv));
	if (!load_team(r, tv) || !compute(r, tv, 0))
		return;
	char title[300];
	snprintf(title, sizeof(title), "Team %s%s", tv->team.name,
	    tv->team.retired_at ? " (retired)" : "");
	size_t len = 0;
	char *body = render_team(r, tv, title, &len);
	if (body == NULL)
		return;
	if (stamp[0] != 0 && tv->team.id == team_id)
		page_cache_put(key, stamp, title, body, len);
	page_finish_body(r, 200, title, body, len);
	free(body);
}

/*
 * The rep {id} as seen from a team: a manager's own team, or for an
 * admin or a director ?team= (else the rep's current team).  The rep must be one the
 * team page lists: a rep of the team, or anyone whose deals count in it
 * (a disabled rep, or one who moved on).  404 otherwise.
 */
static bool
load_rep(struct req *r, struct team_view *tv, struct user *rep)
{
	int rc = user_get_by_id(r->db, r->path_id, rep);
	if (rc == DB_ERROR) {
		resp_internal(r, "loading a rep failed");
		return false;
	}
	if (rc != DB_OK) {
		resp_error(r, 404);
		return false;
	}
	if (!team_scope_resolve(r, rep->team_id, &tv->scope))
		return false;
	tv->team = tv->scope.team;
	int64_t team_id = tv->team.id;
	if (team_reps(r->db, team_id, add_rep, tv) != DB_OK) {
		resp_internal(r, "listing reps failed");
		return false;
	}
	bool listed = false;
	for (int i = 0; i < tv->nreps; i++)
		listed |= tv->rep_ids[i] == rep->id;
	if (!listed) {
		resp_error(r, 404);
		return false;
	}
	tv->period = chosen_period(r);
	if (!page_load_stages(r, &tv->stages))
		return false;
	tv->rep_ids[0] = rep->id;
	str_copy(tv->rep_names[0], sizeof(tv->rep_names[0]), rep->name);
	tv->nreps = 1;
	return true;
}

struct deal_rows {
	struct req *r;
	const struct team_view *tv;
	tmpl_dict *d;
	int n;
	char today[DATE_SIZE];
};

static int
add_team_deal_row(const struct deal *deal, void *arg)
{
	struct deal_rows *dr = arg;
	tmpl_dict *row = tmpl_add_section(dr->d, "DEAL");
	tmpl_set_int(row, "ID", deal->id);
	tmpl_set_str(row, "COMPANY", deal->company);
	tmpl_set_str(row, "OWNER", deal->owner_name);
	int i = -1;
	for (int k = 0; k < dr->tv->stages.n; k++)
		if (dr->tv->stages.list[k].id == deal->stage_id)
			i = k;
	if (i >= 0)
		stage_chip(row, dr->tv, i);
	char amount[64] = "—";
	if (deal->has_amount)
		amount_format(amount, sizeof(amount), deal->amount,
		    deal->currency);
	tmpl_set_str(row, "AMOUNT", amount);
	tmpl_set_str(row, "STATUS", deal_status_name(deal->status));
	page_next_step(row, "NEXT_STEP", deal->next_step, deal->next_step_due,
	    dr->today, deal->status == DEAL_OPEN);
	if (deal->status == DEAL_OPEN) {
		int days = days_between(deal->stage_entered_at,
		    figures_at(dr->r));
		tmpl_dict *s = tmpl_add_section(row, "DAYS");
		tmpl_set_int(s, "N", days);
		page_set_count(s, "TEXT", days, "day", "days");
	}
	dr->n++;
	return 0;
}

/*
 * GET /team/reps/{id} - the same figures for one rep, with their open
 * deals.  200; 404 for a rep outside the manager's team.
 */
void
h_team_rep_get(struct req *r)
{
	struct team_view *tv = arena_alloc(&r->arena, sizeof(*tv));
	memset(tv, 0, sizeof(*tv));
	struct user rep;
	if (!load_rep(r, tv, &rep) || !compute(r, tv, rep.id))
		return;
	char query[96];
	team_query(tv, query, sizeof(query));
	tmpl_dict *d = page_begin(r, rep.name, "team.tpl");
	tmpl_set_str(d, "HEADING", rep.name);
	char self[48], filter[48];
	snprintf(self, sizeof(self), "/team/reps/%lld", (long long)rep.id);
	snprintf(filter, sizeof(filter), "rep=%lld&", (long long)rep.id);
	tmpl_set_str(d, "SELF", self);
	tmpl_set_str(d, "REP_FILTER", filter);
	tmpl_set_str(d, "TEAM_NAME", tv->team.name);
	tmpl_set_int(d, "TEAM_ID", tv->team.id);
	tmpl_show_section(d, "REP_VIEW");
	if (tv->scope.chooses)
		tmpl_show_section(d, "KEEP_TEAM");
	set_effect_query(d, tv);
	fill_figures(r, d, tv, query);
	struct team_filter tf = { tv->team.id, rep.id, 0, DEAL_OPEN,
		TEAM_LIST_MAX, 0 };
	tmpl_dict *list = tmpl_add_section(d, "DEAL_LIST");
	if (tv->scope.writable) {
		tmpl_dict *cc = tmpl_add_section(list, "CAN_COACH");
		tmpl_set_int(cc, "REP_ID", rep.id);
	}
	struct deal_rows dr = { r, tv, list, 0, "" };
	date_of(figures_at(r), dr.today);
	if (team_deals(r->db, &tf, add_team_deal_row, &dr) != DB_OK) {
		resp_internal(r, "listing the rep's deals failed");
		return;
	}
	if (dr.n == 0)
		tmpl_show_section(list, "NO_DEALS");
	page_finish(r, 200);
}

/* The filters of /team/deals and its CSV. */
struct list_filter {
	struct team_filter tf;
	bool stalled;    /* only stalled open deals */
	bool early_only; /* with stalled: only early stages */
	bool risk;       /* only late-stage open deals that skipped */
};

static void
read_filter(struct req *r, const struct team_view *tv, struct list_filter *lf)
{
	memset(lf, 0, sizeof(*lf));
	lf->tf.team_id = tv->team.id;
	lf->tf.owner_id = strtoll(req_query(r, "rep"), NULL, 10);
	bool known = false;
	for (int i = 0; i < tv->nreps; i++)
		known |= tv->rep_ids[i] == lf->tf.owner_id;
	if (!known)
		lf->tf.owner_id = 0;
	lf->tf.stage_id = strtoll(req_query(r, "stage"), NULL, 10);
	if (pipeline_find(tv->stages.list, tv->stages.n, lf->tf.stage_id) ==
	    NULL)
		lf->tf.stage_id = 0;
	int status = deal_status_from_name(req_query(r, "status"));
	lf->tf.status = strcmp(req_query(r, "status"), "all") == 0 ? -1
	                : status >= 0                              ? status
	                                                           : DEAL_OPEN;
	const char *only = req_query(r, "only");
	lf->stalled = strcmp(only, "stalled") == 0 ||
	              strcmp(only, "stalled-early") == 0;
	lf->early_only = strcmp(only, "stalled-early") == 0;
	lf->risk = strcmp(only, "risk") == 0;
	if (lf->stalled || lf->risk)
		lf->tf.status = DEAL_OPEN;
	lf->tf.limit = TEAM_LIST_MAX;
}

/* Open deals that pass a stalled or risk filter, by id. */
struct picked {
	const struct team_view *tv;
	const struct list_filter *lf;
	int64_t now;
	size_t cap;   /* ids kept at most (the page) or every one */
	int64_t *ids; /* malloc'd */
	size_t n;
	int64_t total;
};

static int
pick_open(const struct open_row *o, void *arg)
{
	struct picked *p = arg;
	const struct list_filter *lf = p->lf;
	if ((lf->tf.owner_id && o->owner_id != lf->tf.owner_id) ||
	    (lf->tf.stage_id && o->stage_id != lf->tf.stage_id))
		return 0;
	const struct stage *st = pipeline_find(p->tv->stages.list,
	    p->tv->stages.n, o->stage_id);
	if (st == NULL)
		return 0;
	bool keep = lf->stalled
	                ? measure_is_stalled(st, o->stage_entered_at,
	                      o->last_activity_at, p->now) &&
	                      (!lf->early_only || st->early)
	                : o->skipped && pipeline_rank(p->tv->stages.list,
	                                    p->tv->stages.n, st) >= 4;
	if (!keep)
		return 0;
	p->total++;
	if (p->n < p->cap) {
		p->ids = xrealloc(p->ids, (p->n + 1) * sizeof(*p->ids));
		p->ids[p->n++] = o->deal_id;
	}
	return 0;
}

/*
 * Run the filter, calling fn per deal: at most TEAM_LIST_MAX unless
 * every is set (the export).  *total gets the number of matches when it
 * is known without reading them all, else -1.
 */
static int
each_filtered(struct req *r, const struct team_view *tv,
    const struct list_filter *lf, bool every,
    int (*fn)(const struct deal *, void *), void *arg, int64_t *total)
{
	if (!lf->stalled && !lf->risk) {
		struct team_filter tf = lf->tf;
		if (every)
			tf.limit = -1; /* no limit */
		*total = -1;
		return team_deals(r->db, &tf, fn, arg);
	}
	struct picked *p = arena_alloc(&r->arena, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->tv = tv;
	p->lf = lf;
	p->now = figures_at(r);
	p->cap = every ? SIZE_MAX : TEAM_LIST_MAX;
	int rc = team_open_deals(r->db, tv->team.id, pick_open, p);
	*total = p->total;
	for (size_t i = 0; i < p->n && rc == DB_OK; i++) {
		struct deal deal;
		rc = team_deal(r->db, tv->team.id, p->ids[i], &deal);
		if (rc == DB_OK)
			fn(&deal, arg);
	}
	free(p->ids);
	return rc;
}

/* The filters of /team/deals as one query string (its links and its
 * kept page's key). */
static void
filters_text(const struct team_view *tv, const struct list_filter *lf,
    char *out, size_t size)
{
	char query[96];
	team_query(tv, query, sizeof(query));
	snprintf(out, size, "%s&rep=%lld&stage=%lld&status=%s&only=%s", query,
	    (long long)lf->tf.owner_id, (long long)lf->tf.stage_id,
	    lf->tf.status < 0
	        ? "all"
	        : deal_status_name((enum deal_status)lf->tf.status),
	    lf->risk         ? "risk"
	    : lf->early_only ? "stalled-early"
	    : lf->stalled    ? "stalled"
	                     : "");
}

static bool
fill_team_deals(struct req *r, struct team_view *tv,
    const struct list_filter *lf, const char *filters, tmpl_dict *d)
{
	char query[96];
	team_query(tv, query, sizeof(query));
	tmpl_set_str(d, "TEAM_NAME", tv->team.name);
	tmpl_set_str(d, "Q", query);
	tmpl_set_str(d, "FILTERS", filters);
	/* What the list is, in words. */
	struct buf what = { 0 };
	const char *kind = lf->risk ? "Late-stage deals with skipped steps"
	                   : lf->early_only    ? "Stalled early-stage deals"
	                   : lf->stalled       ? "Stalled deals"
	                   : lf->tf.status < 0 ? "All deals"
	                   : lf->tf.status == DEAL_OPEN ? "Open deals"
	                   : lf->tf.status == DEAL_WON  ? "Won deals"
	                                                : "Lost deals";
	buf_puts(&what, kind);
	if (lf->tf.owner_id)
		buf_printf(&what, " of %s", rep_name(tv, lf->tf.owner_id));
	if (lf->tf.stage_id)
		buf_printf(&what, " in %s",
		    pipeline_find(tv->stages.list, tv->stages.n, lf->tf.stage_id)
		        ->name);
	tmpl_set_str(d, "WHAT", what.data);
	buf_free(&what);
	struct deal_rows dr = { r, tv, d, 0, "" };
	date_of(figures_at(r), dr.today);
	int64_t total = 0;
	if (each_filtered(r, tv, lf, false, add_team_deal_row, &dr, &total) !=
	    DB_OK) {
		resp_internal(r, "listing team deals failed");
		return false;
	}
	tmpl_set_int(d, "SHOWN", dr.n);
	if (total > dr.n)
		tmpl_set_int(tmpl_add_section(d, "MORE"), "TOTAL", total);
	if (dr.n == TEAM_LIST_MAX && total < 0)
		tmpl_show_section(d, "CAPPED");
	if (dr.n == 0)
		tmpl_show_section(d, "EMPTY");
	return true;
}

/*
 * GET /team/deals - the deals behind a number on the team pages, with
 * the same filters as the CSV export: rep, stage, status, and
 * only=stalled|stalled-early|risk.  200; 404 as /team.
 *
 * Kept per worker for (team, viewer, zone, filters), stamped like the
 * team page with the team's revision and the figures' minute.
 */
void
h_team_deals_get(struct req *r)
{
	struct team_view *tv = arena_alloc(&r->arena, sizeof(*tv));
	memset(tv, 0, sizeof(*tv));
	if (!load_team(r, tv))
		return;
	struct list_filter lf;
	read_filter(r, tv, &lf);
	char filters[200], key[PAGE_CACHE_KEY_SIZE];
	filters_text(tv, &lf, filters, sizeof(filters));
	int kn = snprintf(key, sizeof(key), "tdeals/%lld/%lld/%s/%s",
	    (long long)tv->team.id, (long long)r->session.user.id, r->zone,
	    filters);
	int64_t stamp[2] = { 0, figures_at(r) };
	struct cached_page kept;
	/* A key cut short could name another list: such a list is not
	 * kept. */
	bool keep = kn > 0 && (size_t)kn < sizeof(key) &&
	            team_revision(r->db, tv->team.id, &stamp[0]) == DB_OK;
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	tmpl_dict *d = tmpl_dict_new("team_deals");
	tmpl_set_str(d, "CSRF", r->csrf);
	if (!fill_team_deals(r, tv, &lf, filters, d)) {
		tmpl_dict_free(d);
		return;
	}
	size_t len = 0;
	char *body = page_render_body("team_deals.tpl", d, &len);
	tmpl_dict_free(d);
	if (body == NULL) {
		resp_internal(r, "rendering team deals failed");
		return;
	}
	if (keep)
		page_cache_put(key, stamp, "Team deals", body, len);
	page_finish_body(r, 200, "Team deals", body, len);
	free(body);
}

struct csv_rows {
	struct buf *out;
	int64_t now;
};

static int
add_csv_deal(const struct deal *deal, void *arg)
{
	struct csv_rows *c = arg;
	char amount[40] = "";
	if (deal->has_amount)
		amount_format_plain(amount, sizeof(amount), deal->amount);
	char created[DATE_SIZE], closed[DATE_SIZE] = "";
	date_of(deal->created_at, created);
	if (deal->closed_at)
		date_of(deal->closed_at, closed);
	csv_int(c->out, deal->id, 1);
	csv_text(c->out, deal->company, 0);
	csv_text(c->out, deal->contact, 0);
	csv_text(c->out, deal->title, 0);
	csv_text(c->out, deal->owner_name, 0);
	csv_text(c->out, deal->stage_name, 0);
	csv_text(c->out, deal_status_name(deal->status), 0);
	csv_text(c->out, amount, 0);
	csv_text(c->out, deal->currency, 0);
	csv_text(c->out, deal->source, 0);
	csv_text(c->out, deal->next_step, 0);
	csv_text(c->out, deal->next_step_due, 0);
	csv_text(c->out, deal->expected_close, 0);
	csv_text(c->out, created, 0);
	csv_text(c->out, closed, 0);
	csv_int(c->out,
	    deal->status == DEAL_OPEN
	        ? days_between(deal->stage_entered_at, c->now)
	        : 0,
	    0);
	csv_text(c->out, deal->late_entry ? "yes" : "no", 0);
	csv_text(c->out, deal->lost_reason, 0);
	csv_end(c->out);
	return 0;
}

static void
csv_response(struct req *r, const char *filename)
{
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	char *cd = arena_printf(&r->arena, "attachment; filename=\"%s\"",
	    filename);
	r->disposition = cd;
	r->sent = true;
}

/*
 * GET /team/deals.csv - the team's deals with the filters of
 * /team/deals, as RFC 4180 CSV in UTF-8.  200; 404 as /team.
 */
void
h_team_deals_csv_get(struct req *r)
{
	struct team_view *tv = arena_alloc(&r->arena, sizeof(*tv));
	memset(tv, 0, sizeof(*tv));
	if (!load_team(r, tv))
		return;
	struct list_filter lf;
	read_filter(r, tv, &lf);
	buf_reset(&r->body);
	static const char *const head[] = { "id", "company", "contact", "title",
		"owner", "stage", "status", "amount", "currency", "source",
		"next_step", "next_step_due", "expected_close", "created",
		"closed", "days_in_stage", "late_entry", "lost_reason" };
	for (size_t i = 0; i < GW_ARRAY_LEN(head); i++)
		csv_text(&r->body, head[i], i == 0);
	csv_end(&r->body);
	struct csv_rows c = { &r->body, figures_at(r) };
	int64_t total = 0;
	if (each_filtered(r, tv, &lf, true, add_csv_deal, &c, &total) !=
	    DB_OK) {
		resp_internal(r, "exporting deals failed");
		return;
	}
	csv_response(r, "team-deals.csv");
}

static int
add_csv_change(const struct history_csv_row *h, void *arg)
{
	struct csv_rows *c = arg;
	char when[32];
	page_format_time(when, sizeof(when), h->at);
	csv_int(c->out, h->deal_id, 1);
	csv_text(c->out, h->company, 0);
	csv_text(c->out, h->owner, 0);
	csv_text(c->out, h->from_stage, 0);
	csv_text(c->out, h->to_stage, 0);
	csv_text(c->out, h->from_status, 0);
	csv_text(c->out, h->to_status, 0);
	csv_text(c->out, when, 0);
	csv_text(c->out, h->by, 0);
	csv_text(c->out, h->note, 0);
	csv_int(c->out, h->skipped_stages, 0);
	csv_int(c->out, h->skipped_criteria, 0);
	csv_end(c->out);
	return 0;
}

/*
 * GET /team/history.csv - the stage changes of the team's deals over
 * the page's period (?period=, the flow figures' window: the last 30,
 * 90 or 180 days, 90 for anything else; without one, the whole
 * history), optionally one rep (?rep=), deal by deal and oldest first.
 * The file is named after what it holds.  200; 404 as /team.
 */
void
h_team_history_csv_get(struct req *r)
{
	struct team_view *tv = arena_alloc(&r->arena, sizeof(*tv));
	memset(tv, 0, sizeof(*tv));
	if (!load_team(r, tv))
		return;
	struct list_filter lf;
	read_filter(r, tv, &lf);
	/* The flow figures count whole days (UTC) from period_first_day
	 * (measure_team_init); the export covers the same days. */
	bool whole = kv_find(&r->query, "period") == NULL;
	int64_t at = figures_at(r);
	int64_t since = whole ? 0 : (at / 86400 - tv->period + 1) * 86400;
	char day[DATE_SIZE], name[64];
	date_of(at, day);
	if (whole)
		snprintf(name, sizeof(name), "stage-history-all-to-%s.csv",
		    day);
	else
		snprintf(name, sizeof(name), "stage-history-%d-days-to-%s.csv",
		    tv->period, day);
	buf_reset(&r->body);
	static const char *const head[] = { "deal_id", "company", "owner",
		"from_stage", "to_stage", "from_status", "to_status", "at",
		"by", "note", "skipped_stages", "skipped_criteria" };
	for (size_t i = 0; i < GW_ARRAY_LEN(head); i++)
		csv_text(&r->body, head[i], i == 0);
	csv_end(&r->body);
	struct csv_rows c = { &r->body, figures_at(r) };
	if (team_history(r->db, tv->team.id, lf.tf.owner_id, since,
	        add_csv_change, &c) != DB_OK) {
		resp_internal(r, "exporting history failed");
		return;
	}
	csv_response(r, name);
}
