/*
 * h_org.c - the sales leader's pages: /org compares the managers of
 * every team the viewer sees (is each one's coaching time shifting to
 * the early stages?), with the org's whole pipeline below; /org.csv
 * exports the same rows; /org/targets sets each team's targets.  A
 * strip of tiles heads /org, each the sum of the rows below.  Each
 * row comes from rollup.c, as the team's own pages do, so they agree.
 * Directors and admins only (route.c); a director limited to some
 * teams sees only those (org_teams()).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_org.h"
#include "form.h"
#include "page.h"
#include "page_cache.h"
#include "pipeline.h"
#include "resp.h"
#include "rollup.h"
#include "route.h"
#include "session.h"
#include "strip.h"

static const int periods[] = { 30, 90, 180 };

/* What the tiles need beyond the org's pipeline, summed over teams. */
struct org_strip {
	int64_t inflow[TEAM_WEEKS]; /* new deals per week */
	int64_t inflow_target;      /* over TEAM_WEEKS, every team's reps */
	int64_t early[TEAM_WEEKS], late[TEAM_WEEKS]; /* coaching minutes */
	int64_t early_total, late_total; /* over the meter's weeks */
	int below; /* teams under their early coaching target */
};

/* The roll-up: one row per active team the viewer sees. */
struct org_view {
	struct stages stages;
	int period; /* days, for the pipeline's flow */
	struct rollup_row rows[ORG_TEAMS_MAX];
	int n;
	struct team_figures team_fig; /* room for one team's figures */
	struct team_figures total;    /* the org's pipeline */
	struct team teams[ORG_TEAMS_MAX];
	int nteams;
	struct org_strip strip;
};

/* A column of the table: its name in ?sort=, its heading, and the
 * value rows sort by (ascending; ties by team name). */
struct org_column {
	const char *key;
	const char *label;
	double (*value)(const struct rollup_row *);
};

static double
ratio(int64_t num, int64_t den)
{
	return den ? (double)num / (double)den : -1.0;
}
static double
v_early(const struct rollup_row *r)
{
	return ratio(r->meter.early_total,
	    r->meter.early_total + r->meter.late_total);
}
static double
v_minutes(const struct rollup_row *r)
{
	return (double)rollup_minutes_per_week(r);
}
static double
v_follow(const struct rollup_row *r)
{
	return ratio(r->follow_done, r->follow_created);
}
static double
v_super(const struct rollup_row *r)
{
	return ratio(r->meter.late_moves_by_other, r->meter.late_moves);
}
static double
v_inflow(const struct rollup_row *r)
{
	return ratio(r->inflow_total, (int64_t)r->nreps * TEAM_WEEKS);
}
static double
v_below(const struct rollup_row *r)
{
	return r->reps_below;
}
static double
v_late(const struct rollup_row *r)
{
	return ratio(r->late_total, r->inflow_total);
}
static double
v_stalled(const struct rollup_row *r)
{
	return (double)r->stalled_early;
}
static double
v_risk(const struct rollup_row *r)
{
	return (double)r->risk_amount;
}

static const struct org_column columns[] = {
	{ "team", "Team", NULL },
	{ "early", "Early share of coaching", v_early },
	{ "minutes", "Coaching min/week", v_minutes },
	{ "follow", "Follow-through", v_follow },
	{ "super", "Super-rep index", v_super },
	{ "inflow", "Inflow per rep/week", v_inflow },
	{ "below", "Reps below inflow", v_below },
	{ "late", "Late-entry rate", v_late },
	{ "stalled", "Stalled early deals", v_stalled },
	{ "risk", "Forecast risk", v_risk },
};

/* The sort asked for: a column index and a direction. */
struct org_sort {
	size_t col;
	bool desc;
};

static struct org_sort
chosen_sort(const struct req *r)
{
	struct org_sort s = { 0, false };
	const char *key = req_query(r, "sort");
	for (size_t i = 0; i < GW_ARRAY_LEN(columns); i++)
		if (strcmp(key, columns[i].key) == 0)
			s.col = i;
	s.desc = strcmp(req_query(r, "dir"), "desc") == 0;
	return s;
}

static int
chosen_period(const struct req *r)
{
	long asked = strtol(req_query(r, "period"), NULL, 10);
	for (size_t i = 0; i < GW_ARRAY_LEN(periods); i++)
		if (asked == periods[i])
			return periods[i];
	return 90;
}

/* qsort has no context argument: sort an index array by the chosen
 * column with insertion sort instead (at most ORG_TEAMS_MAX rows). */
static int
compare_rows(const struct rollup_row *a, const struct rollup_row *b,
    struct org_sort s)
{
	int c = 0;
	if (columns[s.col].value) {
		double x = columns[s.col].value(a);
		double y = columns[s.col].value(b);
		/* A row without the figure (no minutes, no reps) goes last
		 * either way. */
		if ((x < 0) != (y < 0))
			return x < 0 ? 1 : -1;
		c = x < y ? -1 : x > y ? 1 : 0;
	}
	if (c == 0)
		c = strcmp(a->team.name, b->team.name);
	return s.desc ? -c : c;
}

static void
sort_rows(const struct org_view *v, struct org_sort s, int *order)
{
	for (int i = 0; i < v->n; i++) {
		int k = i;
		order[k] = i;
		while (k > 0 && compare_rows(&v->rows[order[k]],
		                    &v->rows[order[k - 1]], s) < 0) {
			int t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
			k--;
		}
	}
}

static int
add_team(const struct team *t, void *arg)
{
	struct org_view *v = arg;
	if (t->retired_at == 0 && v->nteams < ORG_TEAMS_MAX)
		v->teams[v->nteams++] = *t;
	return 0;
}

/* One team's part of the tiles: its reps' new deals week by week, its
 * inflow target, and its manager's coaching minutes. */
static void
strip_add(struct org_strip *s, const struct team_figures *f,
    const struct rollup_row *row)
{
	for (int k = 0; k < f->nreps; k++)
		for (int w = 0; w < TEAM_WEEKS; w++)
			s->inflow[w] += f->reps[k].inflow[w];
	s->inflow_target += (int64_t)f->inflow_target * TEAM_WEEKS * f->nreps;
	const struct meter *m = &row->meter;
	for (int w = 0; w < TEAM_WEEKS; w++) {
		s->early[w] += m->early[METER_WEEKS - TEAM_WEEKS + w];
		s->late[w] += m->late[METER_WEEKS - TEAM_WEEKS + w];
	}
	s->early_total += m->early_total;
	s->late_total += m->late_total;
	int pct = rollup_early_percent(row);
	s->below += pct < 0 || pct < row->target.early;
}

/*
 * Compute every row and the org's totals for the viewer.  Returns false
 * after answering 500.
 */
static bool
load_org(struct req *r, struct org_view *v)
{
	v->period = chosen_period(r);
	if (!page_load_stages(r, &v->stages))
		return false;
	if (org_teams(r->db, r->session.user.id, add_team, v) != DB_OK) {
		resp_internal(r, "listing teams failed");
		return false;
	}
	int64_t at = minute_start(r->now);
	measure_team_init(&v->total, v->stages.list, v->stages.n, NULL, 0, 0,
	    at, v->period);
	for (int i = 0; i < v->nteams; i++) {
		if (rollup_team(r->db, &v->stages, &v->teams[i], r->now, at,
		        v->period, &v->team_fig, &v->rows[v->n]) != DB_OK) {
			resp_internal(r, "computing the roll-up failed");
			return false;
		}
		rollup_add(&v->total, &v->team_fig);
		strip_add(&v->strip, &v->team_fig, &v->rows[v->n]);
		v->n++;
	}
	rollup_total_finish(&v->total);
	return true;
}

/* "2.4" (one decimal) for a rate, or "—" without reps. */
static void
set_rate(tmpl_dict *d, const char *key, int64_t num, int64_t den)
{
	char text[32] = "—";
	if (den > 0)
		snprintf(text, sizeof(text), "%.1f", (double)num / (double)den);
	tmpl_set_str(d, key, text);
}

/*
 * The sparkline of the weekly early share over the meter's weeks: a
 * point per week with deal coaching (a gap for a week without), the
 * target as a dashed line, and every week's figure in its label.
 */
static void
fill_spark(tmpl_dict *d, const struct rollup_row *row)
{
	const struct meter *m = &row->meter;
	struct buf points = { 0 }, label = { 0 };
	buf_puts(&label, "Early share of coaching minutes per week:");
	for (int w = 0; w < METER_WEEKS; w++) {
		int64_t tied = m->early[w] + m->late[w];
		if (tied == 0) {
			buf_printf(&label, "%s none", w ? "," : "");
			continue;
		}
		int pct = (int)((100 * m->early[w] + tied / 2) / tied);
		buf_printf(&points, "%s%d,%d", points.len ? " " : "", w * 8 + 2,
		    26 - pct * 24 / 100);
		buf_printf(&label, "%s %d%%", w ? "," : "", pct);
	}
	tmpl_set_str(d, "SPARK_POINTS", points.data ? points.data : "");
	tmpl_set_str(d, "SPARK_LABEL", label.data);
	tmpl_set_int(d, "TARGET_Y", 26 - row->target.early * 24 / 100);
	buf_free(&points);
	buf_free(&label);
}

static void
fill_row(tmpl_dict *d, const struct rollup_row *row)
{
	tmpl_dict *t = tmpl_add_section(d, "ROW");
	tmpl_set_int(t, "TEAM_ID", row->team.id);
	tmpl_set_str(t, "TEAM_NAME", row->team.name);
	page_set_count(t, "REPS", row->nreps, "rep", "reps");
	const struct meter *m = &row->meter;
	page_set_share(t, "EARLY", m->early_total,
	    m->early_total + m->late_total);
	tmpl_set_int(t, "EARLY_TARGET", row->target.early);
	int pct = rollup_early_percent(row);
	if (pct >= 0 && pct >= row->target.early)
		tmpl_show_section(t, "ON_TARGET");
	else
		tmpl_show_section(t, "BELOW_TARGET");
	tmpl_set_str(t, "TREND", row->trend);
	fill_spark(t, row);
	tmpl_set_int(t, "MINUTES", rollup_minutes_per_week(row));
	page_set_count(t, "MINUTES_TOTAL",
	    m->early_total + m->late_total + m->untied_total, "minute",
	    "minutes");
	page_set_share(t, "FOLLOW", row->follow_done, row->follow_created);
	page_set_share(t, "SUPER", m->late_moves_by_other, m->late_moves);
	set_rate(t, "INFLOW", row->inflow_total,
	    (int64_t)row->nreps * TEAM_WEEKS);
	tmpl_set_int(t, "INFLOW_TARGET", row->target.inflow);
	page_set_count(t, "INFLOW_DEALS", row->inflow_total, "deal", "deals");
	tmpl_set_int(t, "BELOW", row->reps_below);
	tmpl_set_int(t, "NREPS", row->nreps);
	page_set_share(t, "LATE", row->late_total, row->inflow_total);
	tmpl_set_int(t, "STALLED_EARLY", row->stalled_early);
	page_set_money(t, "RISK_AMOUNT", row->risk_amount);
	page_set_count(t, "RISK_DEALS", row->risk_deals, "deal", "deals");
}

/* The column headings, each a link that sorts by it (again: the other
 * way), with aria-sort on the one the rows follow. */
static void
fill_heads(tmpl_dict *d, struct org_sort s, int period)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(columns); i++) {
		tmpl_dict *h = tmpl_add_section(d, i ? "HEAD" : "TEAM_HEAD");
		tmpl_set_str(h, "KEY", columns[i].key);
		tmpl_set_str(h, "LABEL", columns[i].label);
		tmpl_set_int(h, "PERIOD", period);
		bool current = i == s.col;
		tmpl_set_str(h, "DIR", current && !s.desc ? "desc" : "asc");
		tmpl_set_str(h, "ARIA_SORT",
		    !current ? "none"
		    : s.desc ? "descending"
		             : "ascending");
		if (current)
			tmpl_set_str(tmpl_add_section(h, "CURRENT"), "ARROW",
			    s.desc ? "▼" : "▲");
		/* The same choice as a form: a phone shows no headings. */
		tmpl_dict *o = tmpl_add_section(d, "SORT_OPTION");
		tmpl_set_str(o, "KEY", columns[i].key);
		tmpl_set_str(o, "LABEL", columns[i].label);
		if (current)
			tmpl_show_section(o, "SELECTED");
	}
	tmpl_show_section(d, s.desc ? "DESC" : "ASC");
}

/* The org's stage distribution and flow, as the team page shows one
 * team's. */
static void
fill_pipeline(tmpl_dict *d, const struct org_view *v)
{
	const struct team_figures *f = &v->total;
	tmpl_set_int(d, "OPEN", f->open);
	page_set_money(d, "AMOUNT", f->amount);
	page_set_money(d, "WEIGHTED", f->weighted);
	page_set_share(d, "OPEN_EARLY", f->open_early, f->open);
	page_set_share(d, "WIN_RATE", f->won, f->won + f->lost);
	page_set_count(d, "PERIOD_TEXT", v->period, "day", "days");
	for (int i = 0; i < v->stages.n; i++) {
		const struct stage *st = &v->stages.list[i];
		const struct stage_figures *s = &f->st[i];
		if (!st->active && s->deals == 0 && s->entries == 0)
			continue;
		tmpl_dict *row = tmpl_add_section(d, "STAGE_ROW");
		int rank = pipeline_rank(v->stages.list, v->stages.n, st);
		tmpl_set_str(row, "STAGE_NAME", st->name);
		tmpl_set_int(row, "STAGE_RANK",
		    rank > 8 ? 8 : (rank ? rank : 8));
		tmpl_set_str(row, "STAGE_FAMILY", st->early ? "early" : "late");
		tmpl_set_int(row, "DEALS", s->deals);
		page_set_money(row, "AMOUNT", s->amount);
		tmpl_set_int(row, "ENTRIES", s->entries);
		if (s->next_index >= 0)
			page_set_share(tmpl_add_section(row, "CONVERSION"),
			    "RATIO", s->next_entries, s->entries);
		else
			tmpl_show_section(row, "LAST_STAGE");
		tmpl_set_int(row, "WON", s->won);
		tmpl_set_int(row, "LOST", s->lost);
		char days[32] = "—";
		if (s->visits)
			snprintf(days, sizeof(days), "%g", s->median_days);
		tmpl_set_str(row, "MEDIAN", days);
		page_set_count(row, "VISITS", s->visits, "visit", "visits");
	}
}

static void
fill_periods(tmpl_dict *d, const struct org_view *v, struct org_sort s)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(periods); i++) {
		tmpl_dict *o = tmpl_add_section(d, "PERIOD_OPTION");
		tmpl_set_int(o, "VALUE", periods[i]);
		if (periods[i] == v->period)
			tmpl_show_section(o, "SELECTED");
	}
	tmpl_set_str(d, "SORT", columns[s.col].key);
	tmpl_set_str(d, "DIR", s.desc ? "desc" : "asc");
	tmpl_set_int(d, "PERIOD", v->period);
}

/* --- the strip: the team page's tiles, summed over the teams ------- */

/* The link of a tile: the teams sorted by its column. */
static const char *
sorted_by(struct req *r, const struct org_view *v, const char *col,
    const char *dir)
{
	return arena_printf(&r->arena, "/org?sort=%s&dir=%s&period=%d#teams",
	    col, dir, v->period);
}

/* The managers' coaching time together: every team's early minutes
 * against its deal-coaching minutes, and how many teams are below
 * their own target. */
static void
org_tile_coaching(struct req *r, tmpl_dict *d, const struct org_view *v)
{
	const struct org_strip *s = &v->strip;
	struct strip_coaching c = {
		.name = "Managers' coaching time on early stages",
		.href = sorted_by(r, v, "early", "asc"),
		.series = "Early share of deal-coaching minutes per week",
		.first_week = v->total.first_week,
		.early = s->early,
		.late = s->late,
		.early_total = s->early_total,
		.late_total = s->late_total
	};
	if (s->below > 0)
		c.attention = arena_printf(&r->arena,
		    "%d of %d %s below %s target", s->below, v->n,
		    v->n == 1 ? "team" : "teams", v->n == 1 ? "its" : "their");
	strip_coaching(r, d, &c);
}

/*
 * The ten-second strip at the top of /org: the team page's five tiles
 * for every team together.  Each number is the sum the table's "All
 * teams" row or the pipeline below shows; each links to the teams
 * sorted by it.
 */
static void
fill_tiles(struct req *r, tmpl_dict *d, const struct org_view *v)
{
	if (v->n == 0)
		return;
	tmpl_dict *strip = tmpl_add_include(d, "TILES", "tiles.tpl");
	const struct team_figures *f = &v->total;
	strip_early_share(r, strip, f, "#pipeline");
	strip_stalled_early(r, strip, f, sorted_by(r, v, "stalled", "desc"));
	strip_inflow(r, strip, f, v->strip.inflow, f->inflow_total,
	    v->strip.inflow_target, sorted_by(r, v, "inflow", "asc"));
	org_tile_coaching(r, strip, v);
	strip_risk(r, strip, f, sorted_by(r, v, "risk", "desc"));
}

/* The "All teams" row: each column's sum over the rows above. */
static void
fill_totals(tmpl_dict *d, const struct org_view *v)
{
	if (v->n == 0)
		return;
	tmpl_dict *t = tmpl_add_section(d, "TOTAL");
	const struct org_strip *s = &v->strip;
	const struct team_figures *f = &v->total;
	int64_t minutes = 0, per_week = 0, follow_done = 0, follow_created = 0;
	int64_t moves_by_other = 0, moves = 0;
	int nreps = 0, below = 0;
	for (int i = 0; i < v->n; i++) {
		const struct rollup_row *row = &v->rows[i];
		minutes += row->meter.early_total + row->meter.late_total +
		           row->meter.untied_total;
		/* the rows' figures as shown, so the column adds up */
		per_week += rollup_minutes_per_week(row);
		follow_done += row->follow_done;
		follow_created += row->follow_created;
		moves_by_other += row->meter.late_moves_by_other;
		moves += row->meter.late_moves;
		nreps += row->nreps;
		below += row->reps_below;
	}
	page_set_share(t, "EARLY", s->early_total,
	    s->early_total + s->late_total);
	tmpl_set_int(t, "MINUTES", per_week);
	page_set_count(t, "MINUTES_TOTAL", minutes, "minute", "minutes");
	page_set_share(t, "FOLLOW", follow_done, follow_created);
	page_set_share(t, "SUPER", moves_by_other, moves);
	set_rate(t, "INFLOW", f->inflow_total, (int64_t)nreps * TEAM_WEEKS);
	page_set_count(t, "INFLOW_DEALS", f->inflow_total, "deal", "deals");
	tmpl_set_int(t, "INFLOW_TARGET_DEALS", s->inflow_target);
	tmpl_set_int(t, "BELOW", below);
	tmpl_set_int(t, "NREPS", nreps);
	page_set_share(t, "LATE", f->late_total, f->inflow_total);
	tmpl_set_int(t, "STALLED_EARLY", f->stalled_early);
	page_set_money(t, "RISK_AMOUNT", f->risk_amount);
	page_set_count(t, "RISK_DEALS", f->risk_deals, "deal", "deals");
}

/* The print header: what the sheet shows, in what order, as of when. */
static void
fill_print_head(struct req *r, tmpl_dict *d, struct org_sort s)
{
	tmpl_set_str(d, "SORT_LABEL", columns[s.col].label);
	tmpl_set_str(d, "DIR_LABEL", s.desc ? "highest first" : "lowest first");
	page_set_as_of(d, r);
}

/* Render the body of /org into a malloc'd string; NULL after
 * answering. */
static char *
render_org(struct req *r, struct org_sort s, size_t *len)
{
	struct org_view *v = arena_alloc(&r->arena, sizeof(*v));
	memset(v, 0, sizeof(*v));
	if (!load_org(r, v))
		return NULL;
	int order[ORG_TEAMS_MAX];
	sort_rows(v, s, order);
	tmpl_dict *d = tmpl_dict_new("org");
	fill_heads(d, s, v->period);
	fill_periods(d, v, s);
	for (int i = 0; i < v->n; i++)
		fill_row(d, &v->rows[order[i]]);
	if (v->n == 0)
		tmpl_show_section(d, "NO_TEAMS");
	page_set_count(d, "WEEKS", TEAM_WEEKS, "week", "weeks");
	fill_pipeline(d, v);
	fill_tiles(r, d, v);
	fill_totals(d, v);
	fill_print_head(r, d, s);
	char *html = page_render_body("org.tpl", d, len);
	tmpl_dict_free(d);
	if (html == NULL)
		resp_internal(r, "rendering /org failed");
	return html;
}

/*
 * GET /org - one row per team the viewer sees, sortable by any column
 * (?sort=, ?dir=), each ratio with its counts and links to the team's
 * pages (read-only for a director or an admin); then the org's stage
 * distribution and flow over ?period= days.  200.
 *
 * The body is kept per worker for (viewer, period, sort), stamped with
 * the sum of every team's revision and the figures' minute: while
 * neither moves, a request costs its session and one small read.
 */
void
h_org_get(struct req *r)
{
	struct org_sort s = chosen_sort(r);
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "org/%lld/%d/%zu/%d/%s",
	    (long long)r->session.user.id, chosen_period(r), s.col, s.desc,
	    r->zone);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	struct cached_page kept;
	bool stamped = org_revision(r->db, &stamp[0]) == DB_OK;
	if (stamped && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	size_t len = 0;
	char *body = render_org(r, s, &len);
	if (body == NULL)
		return;
	if (stamped)
		page_cache_put(key, stamp, "Org", body, len);
	page_finish_body(r, 200, "Org", body, len);
	free(body);
}

/* One row of the export: each ratio as its two counts and a percent. */
static void
csv_row(struct buf *b, const struct rollup_row *row)
{
	const struct meter *m = &row->meter;
	int pct = rollup_early_percent(row);
	csv_text(b, row->team.name, 1);
	csv_int(b, row->nreps, 0);
	csv_int(b, m->early_total, 0);
	csv_int(b, m->early_total + m->late_total, 0);
	char pct_text[12] = "";
	if (pct >= 0)
		snprintf(pct_text, sizeof(pct_text), "%d", pct);
	csv_text(b, pct_text, 0);
	csv_int(b, row->target.early, 0);
	csv_text(b, row->trend, 0);
	csv_int(b, rollup_minutes_per_week(row), 0);
	csv_int(b, row->follow_done, 0);
	csv_int(b, row->follow_created, 0);
	csv_int(b, m->late_moves_by_other, 0);
	csv_int(b, m->late_moves, 0);
	csv_int(b, row->inflow_total, 0);
	csv_int(b, row->target.inflow, 0);
	csv_int(b, row->reps_below, 0);
	csv_int(b, row->late_total, 0);
	csv_int(b, row->stalled_early, 0);
	csv_int(b, row->risk_deals, 0);
	csv_int(b, row->risk_amount, 0);
	csv_end(b);
}

static const char *const csv_heads[] = {
	"team",
	"reps",
	"early_minutes",
	"deal_minutes",
	"early_percent",
	"early_target",
	"trend",
	"minutes_per_week",
	"follow_done",
	"follow_created",
	"late_moves_by_other",
	"late_moves",
	"new_deals_8w",
	"inflow_target",
	"reps_below_inflow",
	"late_entries",
	"stalled_early",
	"risk_deals",
	"risk_amount_minor",
};

/*
 * GET /org.csv - the rows of /org in the same order (?sort=, ?dir=),
 * each ratio as its counts; text cells formula-safe (csv.h).  200.
 */
void
h_org_csv_get(struct req *r)
{
	struct org_view *v = arena_alloc(&r->arena, sizeof(*v));
	memset(v, 0, sizeof(*v));
	if (!load_org(r, v))
		return;
	int order[ORG_TEAMS_MAX];
	sort_rows(v, chosen_sort(r), order);
	for (size_t i = 0; i < GW_ARRAY_LEN(csv_heads); i++)
		csv_text(&r->body, csv_heads[i], i == 0);
	csv_end(&r->body);
	for (int i = 0; i < v->n; i++)
		csv_row(&r->body, &v->rows[order[i]]);
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	r->disposition = "attachment; filename=\"org.csv\"";
	r->sent = true;
}

/* --------------------------------------------------------------- */
/* Targets                                                         */

static const char *
valid_percent(const char *v)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	return *v < '0' || *v > '9' || *end || n > 100
	           ? "Enter a whole percentage from 0 to 100."
	           : NULL;
}

static const char *
valid_inflow(const char *v)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	return *v < '0' || *v > '9' || *end || n > 100
	           ? "Enter a whole number of deals from 0 to 100."
	           : NULL;
}

static const struct field target_fields[] = {
	/* Empty: the default for every team. */
	{ "team_id", "Team", 19, false, valid_id_or_empty },
	{ "early_target", "Early share target", 3, true, valid_percent },
	{ "inflow_target", "Inflow target", 3, true, valid_inflow },
};

/* May the viewer set the default for every team?  An admin, or a
 * director who sees every team. */
static int
may_set_default(struct req *r, bool *may)
{
	*may = r->session.user.role == ROLE_ADMIN;
	if (*may)
		return DB_OK;
	int64_t ids[1];
	int n = 0;
	int rc = org_director_teams(r->db, r->session.user.id, ids, 1, &n);
	*may = rc == DB_OK && n == 0;
	return rc;
}

struct target_rows {
	struct req *r;
	tmpl_dict *d;
	const struct form *failed; /* a refused team form */
	int64_t failed_id;
	int n;
};

static int
add_target_row(const struct team *t, void *arg)
{
	struct target_rows *tr = arg;
	if (t->retired_at)
		return 0;
	struct org_target target = { 50, INFLOW_TARGET };
	if (org_team_targets(tr->r->db, t->id, &target) == DB_ERROR)
		return 1;
	tmpl_dict *row = tmpl_add_section(tr->d, "TEAM_FORM");
	tmpl_set_int(row, "TEAM_ID", t->id);
	tmpl_set_str(row, "NAME", t->name);
	tmpl_set_str(row, "CSRF", tr->r->csrf);
	if (tr->failed && tr->failed_id == t->id) {
		form_fill(tr->failed, row);
	} else {
		tmpl_set_int(row, "EARLY_TARGET_VALUE", target.early);
		tmpl_set_int(row, "INFLOW_TARGET_VALUE", target.inflow);
	}
	tr->n++;
	return 0;
}

/* The targets page; failed is a refused form (team_id "" for the
 * default's). */
static void
render_targets(struct req *r, int status, const struct form *failed)
{
	bool may = false;
	struct org_target def = { 50, INFLOW_TARGET };
	if (may_set_default(r, &may) != DB_OK ||
	    org_default_targets(r->db, &def) == DB_ERROR) {
		resp_internal(r, "reading targets failed");
		return;
	}
	tmpl_dict *d = page_begin(r, "Targets", "org_targets.tpl");
	int64_t failed_id = failed ? strtoll(form_value(failed, "team_id"),
	                                 NULL, 10)
	                           : -1;
	if (may) {
		tmpl_dict *df = tmpl_add_section(d, "DEFAULT_FORM");
		if (failed && failed_id == 0) {
			form_fill(failed, df);
		} else {
			tmpl_set_int(df, "EARLY_TARGET_VALUE", def.early);
			tmpl_set_int(df, "INFLOW_TARGET_VALUE", def.inflow);
		}
	}
	struct target_rows tr = { r, d, failed, failed_id, 0 };
	if (org_teams(r->db, r->session.user.id, add_target_row, &tr) !=
	    DB_OK) {
		resp_internal(r, "listing teams failed");
		return;
	}
	if (tr.n == 0)
		tmpl_show_section(d, "NO_TEAMS");
	page_finish(r, status);
}

/*
 * GET /org/targets - each team's early-share and inflow targets, a form
 * per team, and the default for every team (for a viewer who sees every
 * team).  200.
 */
void
h_org_targets_get(struct req *r)
{
	render_targets(r, 200, NULL);
}

/* Set the default (team 0) or one team's targets, audited, inside a
 * transaction.  DB_NOTFOUND for a team the viewer may not set. */
static int
save_targets(struct req *r, int64_t team_id, const struct org_target *t)
{
	struct org_target before = { 0, 0 };
	int rc;
	const char *subject = "default";
	if (team_id == 0) {
		rc = org_default_targets(r->db, &before);
		if (rc == DB_OK)
			rc = org_set_default_targets(r->db, t);
	} else {
		struct team team;
		rc = org_team_visible(r->db, r->session.user.id, team_id,
		    &team);
		if (rc == DB_OK)
			rc = org_team_targets(r->db, team_id, &before);
		if (rc == DB_OK)
			rc = org_set_team_targets(r->db, team_id, t);
		subject = arena_printf(&r->arena, "team:%lld",
		    (long long)team_id);
	}
	char *detail = arena_printf(&r->arena, "early %d->%d inflow %d->%d%s",
	    before.early, t->early, before.inflow, t->inflow,
	    team_id ? "" : " (every team)");
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "org-targets",
		    subject, detail, r->remote_addr);
	return rc;
}

/*
 * POST /org/targets - set one team's targets (team_id), or with no
 * team_id the default, applied to every team.  303 to the page; 422
 * with what was typed; 404 for a team the viewer does not see, or the
 * default for a director limited to some teams.
 */
void
h_org_targets_post(struct req *r)
{
	struct form f;
	form_read(&f, r, target_fields, GW_ARRAY_LEN(target_fields));
	int64_t team_id = strtoll(form_value(&f, "team_id"), NULL, 10);
	bool may = false;
	if (team_id == 0 && (may_set_default(r, &may) != DB_OK || !may)) {
		resp_error(r, 404);
		return;
	}
	if (f.errors) {
		struct team t;
		if (team_id && org_team_visible(r->db, r->session.user.id,
		                   team_id, &t) != DB_OK) {
			resp_error(r, 404);
			return;
		}
		render_targets(r, 422, &f);
		return;
	}
	struct org_target t = { atoi(form_value(&f, "early_target")),
		atoi(form_value(&f, "inflow_target")) };
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = save_targets(r, team_id, &t);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		resp_error(r, 404);
		return;
	}
	if (rc == DB_OK)
		rc = db_tx_commit(r->db);
	else
		db_tx_rollback(r->db);
	if (rc != DB_OK) {
		resp_internal(r, "saving targets failed");
		return;
	}
	session_flash(r, team_id ? "Targets saved."
	                         : "Default saved and applied to every team.");
	resp_redirect(r, "/org/targets");
}
