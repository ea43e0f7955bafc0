/*
 * team_scope.c - the one place that decides which team a team page
 * shows and whether its viewer may write (team_scope.h).
 */
#include <stdlib.h>

#include "db.h"
#include "db_org.h"
#include "resp.h"
#include "team_scope.h"
#include "util.h"

/* The first active team the viewer may see (0 if none). */
static int
first_active(const struct team *t, void *arg)
{
	int64_t *first = arg;
	if (t->retired_at == 0) {
		*first = t->id;
		return 1;
	}
	return 0;
}

bool
team_scope_resolve(struct req *r, int64_t fallback, struct team_scope *s)
{
	const struct user *me = &r->session.user;
	s->writable = me->role == ROLE_MANAGER;
	s->chooses = me->role == ROLE_ADMIN || me->role == ROLE_DIRECTOR;
	int64_t team_id = 0;
	if (s->writable)
		team_id = me->team_id;
	else if (s->chooses) {
		team_id = strtoll(req_query(r, "team"), NULL, 10);
		if (team_id <= 0)
			team_id = fallback;
		if (team_id <= 0 &&
		    org_teams(r->db, me->id, first_active, &team_id) != DB_OK) {
			resp_internal(r, "listing teams failed");
			return false;
		}
	}
	int rc = team_id > 0
	             ? org_team_visible(r->db, me->id, team_id, &s->team)
	             : DB_NOTFOUND;
	if (rc == DB_NOTFOUND)
		resp_error(r, 404);
	else if (rc != DB_OK)
		resp_internal(r, "checking a team failed");
	return rc == DB_OK;
}

const char *
team_scope_query(struct req *r, const struct team_scope *s)
{
	if (!s->chooses)
		return "";
	return arena_printf(&r->arena, "team=%lld&", (long long)s->team.id);
}
