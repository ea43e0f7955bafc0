/*
 * strip.c - the ten-second strip's tiles from a team's figures: see
 * strip.h.
 */
#include "strip.h"

#include "page.h"
#include "req.h"
#include "tiles.h"

void
strip_early_share(struct req *r, tmpl_dict *d, const struct team_figures *f,
    const char *href)
{
	struct tile t = { .id = "early-share",
		.name = "Early share of open deals",
		.href = href,
		.series = "Early share of open deals at each week's end",
		.first_week = f->first_week,
		.percent = true };
	page_share_parts(r, f->open_early, f->open, &t.value, &t.count);
	for (int w = 0; w < TEAM_WEEKS; w++) {
		t.known[w] = f->wk.open[w] > 0;
		if (t.known[w])
			t.points[w] = 100.0 * (double)f->wk.open_early[w] /
			              (double)f->wk.open[w];
	}
	/* Fewer deals logged early is the problem Groundwork exists for. */
	if (t.known[0] && t.known[TEAM_WEEKS - 1] &&
	    t.points[TEAM_WEEKS - 1] < t.points[0] - 5)
		t.attention = arena_printf(&r->arena,
		    "Down from %.0f%% eight weeks ago", t.points[0]);
	tiles_add(d, &t);
}

void
strip_stalled_early(struct req *r, tmpl_dict *d, const struct team_figures *f,
    const char *href)
{
	struct tile t = { .id = "stalled-early",
		.name = "Stalled early deals",
		.href = href,
		.series = "Stalled early deals at each week's end",
		.first_week = f->first_week };
	t.value = arena_printf(&r->arena, "%lld", (long long)f->stalled_early);
	t.count = arena_printf(&r->arena, "of %lld open early",
	    (long long)f->open_early);
	for (int w = 0; w < TEAM_WEEKS; w++) {
		t.known[w] = true;
		t.points[w] = (double)f->wk.stalled_early[w];
	}
	/* A few stalled deals are normal; more than a quarter of the early
	 * ones is a pattern to coach. */
	if (4 * f->stalled_early > f->open_early)
		t.attention = "Over a quarter of early deals stalled";
	tiles_add(d, &t);
}

void
strip_inflow(struct req *r, tmpl_dict *d, const struct team_figures *f,
    const int64_t week[TEAM_WEEKS], int64_t total, int64_t target,
    const char *href)
{
	struct tile t = { .id = "inflow",
		.name = "New deals against the target",
		.href = href,
		.series = "New deals per week",
		.first_week = f->first_week };
	page_share_parts(r, total, target, &t.value, &t.count);
	for (int w = 0; w < TEAM_WEEKS; w++) {
		t.known[w] = true;
		t.points[w] = (double)week[w];
	}
	/* A week's dip is noise; a fifth short over eight weeks is not. */
	if (5 * total < 4 * target)
		t.attention = "Over a fifth below target";
	tiles_add(d, &t);
}

void
strip_coaching(struct req *r, tmpl_dict *d, const struct strip_coaching *c)
{
	struct tile t = { .id = "coaching",
		.name = c->name,
		.href = c->href,
		.series = c->series,
		.first_week = c->first_week,
		.percent = true,
		.attention = c->attention };
	page_share_parts(r, c->early_total, c->early_total + c->late_total,
	    &t.value, &t.count);
	for (int w = 0; w < TEAM_WEEKS; w++) {
		int64_t tied = c->early[w] + c->late[w];
		t.known[w] = tied > 0;
		if (tied > 0)
			t.points[w] = 100.0 * (double)c->early[w] /
			              (double)tied;
	}
	tiles_add(d, &t);
}

void
strip_risk(struct req *r, tmpl_dict *d, const struct team_figures *f,
    const char *href)
{
	struct tile t = { .id = "risk",
		.name = "Forecast risk",
		.href = href,
		.series = "Moves that skipped a stage or criteria, per week",
		.first_week = f->first_week };
	char money[64];
	page_format_money(money, sizeof(money), f->risk_amount);
	t.value = money;
	t.count = arena_printf(&r->arena, "%lld of %lld late-stage deals",
	    (long long)f->risk_deals,
	    (long long)(f->risk_deals + f->safe_deals));
	for (int w = 0; w < TEAM_WEEKS; w++) {
		t.known[w] = true;
		t.points[w] = (double)f->wk.skips[w];
	}
	if (4 * f->risk_deals > f->risk_deals + f->safe_deals)
		t.attention = "Over a quarter of late deals skipped steps";
	tiles_add(d, &t);
}
