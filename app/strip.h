/*
 * strip.h - the five tiles of the ten-second strip, built from a
 * team's figures (strip.c): /team builds its strip from the team's,
 * /org from every team's summed, so a tile means the same on both.
 * Each function adds one TILE to d; tiles.c draws it.  The caller
 * gives what differs: the link, and for inflow and coaching the weekly
 * figures and why a tile needs attention.
 */
#ifndef GW_STRIP_H
#define GW_STRIP_H

#include <stdint.h>

#include "measures.h"
#include "tmpl.h"

struct req;

/* Early share of open deals, week by week. */
void strip_early_share(struct req *r, tmpl_dict *d,
    const struct team_figures *f, const char *href);

/* Stalled early deals, of the open early ones. */
void strip_stalled_early(struct req *r, tmpl_dict *d,
    const struct team_figures *f, const char *href);

/* New deals: total against target over TEAM_WEEKS, week by week
 * (oldest first). */
void strip_inflow(struct req *r, tmpl_dict *d, const struct team_figures *f,
    const int64_t week[TEAM_WEEKS], int64_t total, int64_t target,
    const char *href);

/* Coaching minutes on early-stage deals against all deal coaching. */
struct strip_coaching {
	const char *name, *href, *series;
	int64_t first_week;
	const int64_t *early, *late; /* TEAM_WEEKS each, oldest first */
	int64_t early_total, late_total;
	const char *attention; /* or NULL */
};
void strip_coaching(struct req *r, tmpl_dict *d,
    const struct strip_coaching *c);

/* Forecast risk: the value of late deals that skipped a stage or
 * criteria, and the skips week by week. */
void strip_risk(struct req *r, tmpl_dict *d, const struct team_figures *f,
    const char *href);

#endif
