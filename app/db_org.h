/*
 * db_org.h - what a sales leader's pages read and write (db_org.c):
 * which teams a viewer may see (the check every team page runs inside
 * its query), the teams a director is limited to, and the targets each
 * team is measured against on /org.
 */
#ifndef GW_DB_ORG_H
#define GW_DB_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_account.h"

#define ORG_TEAMS_MAX 64 /* teams /org lists, and a director's limit */

/*
 * The team team_id if viewer_id may see its pages: an admin any team, a
 * manager their own, a director every team or the ones they are
 * limited to.  DB_NOTFOUND otherwise (an unknown team included).
 */
int org_team_visible(struct db *db, int64_t viewer_id, int64_t team_id,
    struct team *out);

/* The teams viewer_id may see, active ones first, by name. */
int org_teams(struct db *db, int64_t viewer_id,
    int (*fn)(const struct team *, void *), void *arg);

/* The teams a director is limited to (none: every team). */
int org_director_teams(struct db *db, int64_t user_id, int64_t *ids, int max,
    int *n);
/* Inside a transaction: limit a director to ids (n = 0: every team). */
int org_set_director_teams(struct db *db, int64_t user_id, const int64_t *ids,
    int n);

/* A team's targets: early share of coaching minutes (percent) and new
 * deals per rep per week. */
struct org_target {
	int early;
	int inflow;
};
int org_team_targets(struct db *db, int64_t team_id, struct org_target *out);
/* Inside a transaction: set one team's targets.  DB_NOTFOUND for an
 * unknown team. */
int org_set_team_targets(struct db *db, int64_t team_id,
    const struct org_target *t);
/* The default a new team starts with. */
int org_default_targets(struct db *db, struct org_target *out);
/* Inside a transaction: set the default and apply it to every team. */
int org_set_default_targets(struct db *db, const struct org_target *t);

/* The sum of every team's revision (sql/007_revisions.sql, 015): it
 * rises with any change /org shows, so it stamps a kept /org. */
int org_revision(struct db *db, int64_t *rev);

#endif
