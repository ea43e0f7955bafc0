/*
 * h_aids.c - the job-aid library (/aids, /aids/{id}) and job-aid
 * effectiveness for managers and admins (/aids/effectiveness).  The
 * aids in a rep's hands on a deal are h_deal_playbook.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "measures.h"
#include "page.h"
#include "pipeline.h"
#include "resp.h"
#include "route.h"
#include "team_scope.h"

/* ----------------------------------------------------------------- */
/* The job-aid library                                               */

struct library {
	struct req *r;
	const struct stages *s;
	tmpl_dict *d;
	tmpl_dict *group;
	int64_t group_stage;
	int n;
};

static int
add_library_aid(const struct job_aid *a, void *arg)
{
	struct library *lib = arg;
	if (lib->group == NULL || lib->group_stage != a->stage_id) {
		const struct stage *st = pipeline_find(lib->s->list, lib->s->n,
		    a->stage_id);
		int rank = pipeline_rank(lib->s->list, lib->s->n, st);
		lib->group = tmpl_add_section(lib->d, "STAGE");
		lib->group_stage = a->stage_id;
		tmpl_set_str(lib->group, "STAGE_NAME", st ? st->name : "?");
		tmpl_set_int(lib->group, "STAGE_RANK", rank > 8 ? 8 : rank);
		tmpl_set_str(lib->group, "STAGE_FAMILY",
		    st && st->early ? "early" : "late");
	}
	tmpl_dict *row = tmpl_add_section(lib->group, "AID");
	tmpl_set_int(row, "ID", a->id);
	tmpl_set_str(row, "TITLE", a->title);
	tmpl_set_str(row, "KIND", aid_kind_label(a->kind));
	lib->n++;
	return 0;
}

/*
 * GET /aids - the job-aid library by stage (optionally one stage).
 * 200.
 */
void
h_aids_get(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	int64_t stage = strtoll(req_query(r, "stage"), NULL, 10);
	if (pipeline_find(s.list, s.n, stage) == NULL)
		stage = 0;
	tmpl_dict *d = page_begin(r, "Job-aids", "aids.tpl");
	for (int i = 0; i < s.n; i++) {
		if (!s.list[i].active)
			continue;
		tmpl_dict *o = tmpl_add_section(d, "STAGE_OPTION");
		tmpl_set_int(o, "ID", s.list[i].id);
		tmpl_set_str(o, "NAME", s.list[i].name);
		if (s.list[i].id == stage)
			tmpl_show_section(o, "SELECTED");
	}
	struct library lib = { r, &s, d, NULL, 0, 0 };
	if (aid_list(r->db, stage, true, add_library_aid, &lib) != DB_OK) {
		resp_internal(r, "listing aids failed");
		return;
	}
	if (lib.n == 0)
		tmpl_show_section(d, "EMPTY");
	if (r->session.user.role != ROLE_REP)
		tmpl_show_section(d, "EFFECT_LINK");
	page_finish(r, 200);
}

/* What one line of an aid's body is. */
static const char *
line_kind(const char *line, const char **text)
{
	*text = line;
	if ((line[0] == '-' || line[0] == '*') && line[1] == ' ') {
		*text = line + 2;
		return "BULLETS";
	}
	const char *q = line;
	while (*q >= '0' && *q <= '9')
		q++;
	if (q > line && q[0] == '.' && q[1] == ' ') {
		*text = q + 2;
		return "NUMBERED";
	}
	return "PARA";
}

/*
 * Put plain text into d as BLOCK sections of paragraphs and lists:
 * blank lines separate blocks; lines starting "- " or "* " make a
 * bulleted list, "1. " a numbered one.  Every piece is escaped by the
 * template; no markup is ever passed through.
 */
static void
fill_body(tmpl_dict *d, const char *body)
{
	tmpl_dict *block = NULL; /* the block being filled */
	const char *kind = "";   /* its kind */
	char line[AID_BODY_BYTES + 1];
	const char *p = body;
	while (*p) {
		size_t len = strcspn(p, "\n");
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (p[len] == '\n');
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0) {
			block = NULL;
			continue;
		}
		const char *text;
		const char *k = line_kind(line, &text);
		if (block == NULL || strcmp(k, kind) != 0) {
			block = tmpl_add_section(tmpl_add_section(d, "BLOCK"),
			    k);
			kind = k;
		}
		tmpl_set_str(tmpl_add_section(block,
		                 strcmp(k, "PARA") == 0 ? "LINE" : "ITEM"),
		    "TEXT", text);
	}
}

/*
 * GET /aids/{id} - one job-aid: its body or link, and how often the
 * viewer's team used it (all teams for an admin).  A retired aid is
 * still shown, marked retired, so past uses keep their link.  200, or
 * 404 for an unknown aid.
 */
void
h_aid_get(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	struct job_aid *a = arena_alloc(&r->arena, sizeof(*a));
	int rc = aid_get(r->db, r->path_id, a);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return;
	}
	if (rc != DB_OK) {
		resp_internal(r, "loading an aid failed");
		return;
	}
	int64_t team = r->session.user.role == ROLE_ADMIN
	                   ? 0
	                   : r->session.user.team_id;
	int64_t uses = 0, deals = 0;
	if (team != 0 || r->session.user.role == ROLE_ADMIN)
		if (aid_use_count(r->db, a->id, team, &uses, &deals) != DB_OK) {
			resp_internal(r, "counting aid uses failed");
			return;
		}
	tmpl_dict *d = page_begin(r, a->title, "aid.tpl");
	tmpl_set_str(d, "TITLE", a->title);
	tmpl_set_str(d, "KIND", aid_kind_label(a->kind));
	const struct stage *st = pipeline_find(s.list, s.n, a->stage_id);
	tmpl_set_str(d, "STAGE_NAME", st ? st->name : "?");
	int rank = pipeline_rank(s.list, s.n, st);
	tmpl_set_int(d, "STAGE_RANK", rank > 8 ? 8 : rank);
	tmpl_set_str(d, "STAGE_FAMILY", st && st->early ? "early" : "late");
	if (!a->active)
		tmpl_show_section(d, "RETIRED");
	fill_body(d, a->body);
	if (a->link[0])
		tmpl_set_str(tmpl_add_section(d, "LINK"), "URL", a->link);
	tmpl_set_int(d, "USES", uses);
	tmpl_set_str(d, "TIMES_WORD", plural(uses, "time", "times"));
	tmpl_set_int(d, "USE_DEALS", deals);
	tmpl_set_str(d, "DEALS_WORD", plural(deals, "deal", "deals"));
	tmpl_set_str(d, "USES_WHO", team ? "your team" : "all teams");
	page_finish(r, 200);
}

/* ----------------------------------------------------------------- */
/* Effectiveness                                                     */

struct rows {
	struct history_row *history;
	size_t nhistory, caphistory;
	struct use_row *uses;
	size_t nuses, capuses;
};

static int
keep_history(const struct history_row *h, void *arg)
{
	struct rows *rw = arg;
	if (rw->nhistory == rw->caphistory) {
		rw->caphistory = rw->caphistory ? rw->caphistory * 2 : 1024;
		rw->history = xrealloc(rw->history,
		    rw->caphistory * sizeof(*rw->history));
	}
	rw->history[rw->nhistory++] = *h;
	return 0;
}

static int
keep_use(const struct use_row *u, void *arg)
{
	struct rows *rw = arg;
	if (rw->nuses == rw->capuses) {
		rw->capuses = rw->capuses ? rw->capuses * 2 : 256;
		rw->uses = xrealloc(rw->uses, rw->capuses * sizeof(*rw->uses));
	}
	rw->uses[rw->nuses++] = *u;
	return 0;
}

struct effect_state {
	struct req *r;
	const struct stages *s;
	const struct rows *rows;
	tmpl_dict *d;
	int n;
};

static void
fill_group(tmpl_dict *d, const char *prefix, const struct aid_group *g)
{
	char key[48];
	snprintf(key, sizeof(key), "%s_DEALS", prefix);
	tmpl_set_int(d, key, g->deals);
	snprintf(key, sizeof(key), "%s_ADVANCED", prefix);
	tmpl_set_int(d, key, g->advanced);
	snprintf(key, sizeof(key), "%s_SHARE", prefix);
	char text[32];
	if (g->deals)
		snprintf(text, sizeof(text), "%d%%",
		    (int)(100.0 * g->advanced / g->deals + 0.5));
	else
		snprintf(text, sizeof(text), "—");
	tmpl_set_str(d, key, text);
	snprintf(key, sizeof(key), "%s_MEDIAN", prefix);
	snprintf(text, sizeof(text), "%.1f", g->median_days);
	tmpl_set_str(d, key, g->deals ? text : "—");
	snprintf(key, sizeof(key), "%s_TOO_FEW", prefix);
	if (g->too_few)
		tmpl_show_section(d, key);
}

static int
add_effect_row(const struct job_aid *a, void *arg)
{
	struct effect_state *es = arg;
	struct aid_effect e;
	measure_aid_effect(es->rows->history, es->rows->nhistory,
	    es->rows->uses, es->rows->nuses, es->s->list, es->s->n, a->id,
	    a->stage_id, es->r->now, &e);
	tmpl_dict *row = tmpl_add_section(es->d, "ROW");
	tmpl_set_int(row, "ID", a->id);
	tmpl_set_str(row, "TITLE", a->title);
	const struct stage *st = pipeline_find(es->s->list, es->s->n,
	    a->stage_id);
	tmpl_set_str(row, "STAGE_NAME", st ? st->name : "?");
	fill_group(row, "USED", &e.used);
	fill_group(row, "NOT", &e.not_used);
	if (!a->active)
		tmpl_show_section(row, "RETIRED");
	es->n++;
	return 0;
}

struct team_choice {
	tmpl_dict *d;
	int64_t chosen;
};

/* A team <option>; a retired team only when it is the one shown. */
static int
add_team_choice(const struct team *t, void *arg)
{
	struct team_choice *tc = arg;
	if (t->retired_at && t->id != tc->chosen)
		return 0;
	tmpl_dict *o = tmpl_add_section(tc->d, "TEAM_OPTION");
	tmpl_set_int(o, "ID", t->id);
	tmpl_set_str(o, "NAME", t->name);
	if (t->retired_at)
		tmpl_show_section(o, "RETIRED");
	if (t->id == tc->chosen)
		tmpl_show_section(o, "SELECTED");
	return 0;
}

/*
 * GET /aids/effectiveness - for each aid and its stage: deals that used
 * it while there against deals that did not, by share advanced and
 * median days in the stage.  A manager sees their team (none without
 * one); an admin all teams (or one, with ?team=).  200; 404 for an
 * unknown team.
 */
void
h_aids_effect_get(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	bool admin = r->session.user.role == ROLE_ADMIN;
	int64_t team = admin ? strtoll(req_query(r, "team"), NULL, 10)
	                     : r->session.user.team_id;
	/* A director reads one team they see (team_scope.h). */
	struct team_scope scope;
	if (r->session.user.role == ROLE_DIRECTOR) {
		if (!team_scope_resolve(r, 0, &scope))
			return;
		team = scope.team.id;
	}
	/* Team 0 means "all teams" below, which only an admin may read. */
	if (!admin && team == 0) {
		tmpl_dict *d = page_begin(r, "Job-aid effectiveness",
		    "aids_effect.tpl");
		tmpl_set_str(d, "SCOPE", "No team");
		page_set_count(d, "MIN_DEALS", MEASURE_MIN_DEALS, "deal",
		    "deals");
		tmpl_show_section(d, "NO_TEAM");
		page_finish(r, 200);
		return;
	}
	struct team t;
	memset(&t, 0, sizeof(t));
	if (team && team_get_by_id(r->db, team, &t) != DB_OK) {
		resp_error(r, 404);
		return;
	}
	struct rows rows = { 0 };
	int rc = history_for_team(r->db, team, keep_history, &rows);
	if (rc == DB_OK)
		rc = uses_for_team(r->db, team, keep_use, &rows);
	tmpl_dict *d = NULL;
	if (rc == DB_OK) {
		d = page_begin(r, "Job-aid effectiveness", "aids_effect.tpl");
		tmpl_set_str(d, "SCOPE", team ? t.name : "All teams");
		if (admin) {
			struct team_choice tc = {
				tmpl_add_section(d, "SWITCHER"), team
			};
			rc = team_each(r->db, add_team_choice, &tc);
		}
		page_set_count(d, "MIN_DEALS", MEASURE_MIN_DEALS, "deal",
		    "deals");
	}
	if (rc == DB_OK) {
		tmpl_dict *figures = tmpl_add_section(d, "FIGURES");
		struct effect_state es = { r, &s, &rows, figures, 0 };
		rc = aid_list(r->db, 0, false, add_effect_row, &es);
		if (es.n == 0)
			tmpl_show_section(d, "EMPTY");
	}
	free(rows.history);
	free(rows.uses);
	if (rc != DB_OK) {
		resp_internal(r, "computing effectiveness failed");
		return;
	}
	page_finish(r, 200);
}
