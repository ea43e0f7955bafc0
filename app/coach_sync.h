/*
 * coach_sync.h - run the coaching rules over a team's current data and
 * store the items they call for.  The list page calls it on every visit;
 * running it twice creates nothing new.
 */
#ifndef GW_COACH_SYNC_H
#define GW_COACH_SYNC_H

#include <stdint.h>

struct db;

/* Load, run, store (in its own write transaction).  A db_rc. */
int coach_sync(struct db *db, int64_t team_id, int64_t now);

#endif
