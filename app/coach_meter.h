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

/* The meter of team_id as of r->now, into *m (the tiles of the team
 * page draw from it).  Returns false on a database error. */
bool coach_meter_load(struct req *r, int64_t team_id, struct meter *m);

#endif
