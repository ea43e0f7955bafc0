/*
 * db_import.h - deals that come from elsewhere or change hands
 * (db_import.c): writing an imported row (created, updated, or found
 * unchanged), the stage names other tools use, handing a rep's open
 * deals to another rep, and the open deals a new one may duplicate.
 * Every write these make to deals is in db_import.c.
 */
#ifndef GW_DB_IMPORT_H
#define GW_DB_IMPORT_H

#include <stdint.h>

#include "db.h"
#include "db_deal.h"

#define IMPORT_SOURCE_ID_MAX 200 /* bytes of an id from another tool */

enum import_outcome { IMPORT_CREATED, IMPORT_UPDATED, IMPORT_UNCHANGED };

/*
 * Write one imported deal d (owner, team, fields, stage and status):
 * found by (source, source_id), it is updated where the row differs,
 * else created.  A new deal is created at `created` (the export's
 * creation date, or now), and its history starts with one imported
 * stage change ("imported at <stage>") recorded by `by` at that time,
 * when it also entered its stage; a new stage or status from a newer
 * export is one more imported change, at `now`.  A deal found keeps
 * its creation time.  Imported changes count in no team figure
 * (sql/016_import.sql).  Caller holds a transaction.  Sets d->id and
 * *out.
 */
int imported_deal_write(struct db *db, struct deal *d, const char *source,
    const char *source_id, int64_t by, int64_t created, int64_t now,
    enum import_outcome *out);

/* Each stage alias (name as another tool calls a stage), by name. */
int stage_alias_each(struct db *db,
    int (*fn)(const char *name, int64_t stage_id, void *arg), void *arg);
/* Map name to stage_id from now on (replacing an earlier mapping). */
int stage_alias_set(struct db *db, const char *name, int64_t stage_id);

/*
 * Hand open deals of from_id to to_id (whose team is to_team): all of
 * them when n is 0, else those of ids[0..n) that are from_id's and
 * open.  Each moved deal gets an edit in its timeline ("owner: A ->
 * B", recorded by `by`, or by to_id when `by` is 0: the command
 * line).  Caller holds a transaction.  *moved counts.
 */
int deals_reassign(struct db *db, int64_t from_id, const char *from_name,
    int64_t to_id, const char *to_name, int64_t to_team, const int64_t *ids,
    int n, int64_t by, int64_t now, int *moved);

/* A possible duplicate: an open deal and its owner's name. */
struct duplicate {
	int64_t deal_id;
	char company[DEAL_TEXT_MAX * 4 + 1];
	char owner_name[USER_NAME_MAX * 4 + 1];
};

/* Open deals of team_id whose company starts with prefix (case
 * ignored), at most 200: fn(each) until it returns non-zero. */
int duplicate_candidates(struct db *db, int64_t team_id, const char *prefix,
    int (*fn)(const struct duplicate *, void *), void *arg);

#endif
