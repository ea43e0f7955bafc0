/*
 * coach_meter.h - the shift-and-lift meter into a page dictionary
 * (coach_meter.c).
 */
#ifndef GW_COACH_METER_H
#define GW_COACH_METER_H

#include <stdbool.h>
#include <stdint.h>

#include "measures.h"
#include "req.h"

/*
 * Fill d with the meter of team_id as of r->now: TARGET, a WEEK
 * section per week (table and chart), TICK sections for the axis,
 * EARLY_SHARE, the trend, ON_TARGET or BELOW_TARGET, and the super-rep
 * index.  Returns false on a database error (nothing answered yet).
 */
bool coach_meter_fill(struct req *r, tmpl_dict *d, int64_t team_id);

struct db;
struct meter;

/* The meter's figures for team_id as of now into *m (/org reads them
 * too).  false on a database error. */
bool coach_meter_compute(struct db *db, int64_t team_id, int64_t now,
    struct meter *m);

/* "rising", "flat" or "falling": the early share of the last six weeks
 * against the first six; NULL when either has no deal coaching. */
const char *coach_meter_trend(const struct meter *m);


#endif
