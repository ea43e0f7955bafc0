/*
 * team_scope.h - which team a team page shows, and whether the viewer
 * may change anything on it (team_scope.c).  Every team handler
 * (/team, /team/reps/{id}, /team/deals and its CSVs, /team/time,
 * /team/coaching and their forms) asks this one function, so the rule
 * is written once: a manager works on their own team; an admin or a
 * director chooses a team with ?team= and only reads it.  Whether the
 * viewer may see the team is decided inside the query
 * (org_team_visible()).
 */
#ifndef GW_TEAM_SCOPE_H
#define GW_TEAM_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "db_account.h"
#include "req.h"

struct team_scope {
	struct team team; /* the team shown */
	bool writable;    /* the viewer is its manager: forms that write */
	bool chooses;     /* the viewer picks the team: links keep ?team= */
};

/*
 * Resolve r's team into *s.  A manager gets their own team.  An admin
 * or a director gets ?team=, else fallback (a rep's team; 0 for none),
 * else the first active team they may see.  Answers 404 (a team the
 * viewer may not see, or none) or 500 and returns false.
 */
bool team_scope_resolve(struct req *r, int64_t fallback, struct team_scope *s);

/* "team=ID&" when the viewer chooses the team, else "": the start of a
 * query string for links that stay on the same team. */
const char *team_scope_query(struct req *r, const struct team_scope *s);

#endif
