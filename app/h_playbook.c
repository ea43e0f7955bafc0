/*
 * h_playbook.c - the stage playbook in a rep's hands: the exit-
 * criteria checklist and job-aid use on the deal page, the job-aid
 * library (/aids), and job-aid effectiveness for managers and admins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deal_page.h"
#include "measures.h"
#include "page.h"
#include "pipeline.h"
#include "route.h"
#include "session.h"

static const struct field tick_fields[] = {
	{ "criterion_id", "Criterion", 19, true, valid_id_or_empty },
	{ "evidence", "Evidence", EVIDENCE_MAX, false, NULL },
};

static const struct field untick_fields[] = {
	{ "criterion_id", "Criterion", 19, true, valid_id_or_empty },
};

static const char *
valid_outcome(const char *v)
{
	return aid_outcome_from_name(v) < 0 ? "Choose how it went." : NULL;
}

static const struct field aid_use_fields[] = {
	{ "aid_id", "Job-aid", 19, true, valid_id_or_empty },
	{ "outcome", "Did it help?", 12, true, valid_outcome },
	{ "note", "Note", DEAL_NOTE_MAX, false, NULL },
};


/*
 * POST /deals/{id}/tick - tick a criterion of the deal's current stage
 * with optional evidence.  303 with "Ticked"; 422 with the evidence kept;
 * 404 if the deal is not the rep's.
 */
void
h_deal_tick_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, tick_fields, GW_ARRAY_LEN(tick_fields));
	int64_t cid = strtoll(form_value(&f, "criterion_id"), NULL, 10);
	struct criterion cr;
	/* Problems with the criterion itself have no form to sit beside:
	 * they are said at the top of the page. */
	const char *problem = NULL;
	if (deal.status != DEAL_OPEN)
		problem = "This deal is closed; reopen it to tick its criteria.";
	else if (criterion_get(r->db, cid, &cr) != DB_OK ||
	         cr.stage_id != deal.stage_id || !cr.active)
		problem = "That criterion is not on this stage's checklist.";
	if (problem || f.errors) {
		struct deal_forms forms = { .tick = &f, .problem = problem };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_tick(r->db, deal.id, r->session.user.id, cid,
	    form_value(&f, "evidence"), r->now);
	if (rc == DB_CONFLICT) {
		db_tx_rollback(r->db);
		struct deal_forms forms = { .problem = "That criterion is already "
		                                       "ticked." };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-tick", deal.id, cr.text);
	deal_page_commit(r, rc, "Ticked.", deal.id);
}

/*
 * POST /deals/{id}/untick - take a tick back (it stays in history).
 * 303; 422 if it was not ticked; 404 if the deal is not the rep's.
 */
void
h_deal_untick_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, untick_fields, GW_ARRAY_LEN(untick_fields));
	int64_t cid = strtoll(form_value(&f, "criterion_id"), NULL, 10);
	if (f.errors) {
		struct deal_forms forms = { .problem = "Choose a ticked criterion." };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_untick(r->db, deal.id, r->session.user.id, cid, r->now);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		struct deal_forms forms = { .problem = "That criterion was not "
		                                       "ticked." };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	char detail[32];
	snprintf(detail, sizeof(detail), "criterion %lld", (long long)cid);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-untick", deal.id, detail);
	deal_page_commit(r, rc, "Tick removed.", deal.id);
}

/*
 * POST /deals/{id}/verify - a manager confirms a tick on a deal of
 * their team (the buyer really did it).  303 with "Verified"; 404 for a
 * deal outside their team; 422 when there is no unverified tick.
 */
void
h_deal_verify_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	struct viewer v = { r->session.user.id, r->session.user.role,
		r->session.user.team_id };
	if (!page_load_stages(r, &s))
		return;
	int rc = deal_get(r->db, r->path_id, &v, &deal);
	if (rc == DB_NOTFOUND || (rc == DB_OK &&
	                             deal.team_id != r->session.user.team_id)) {
		resp_error(r, 404);
		return;
	}
	if (rc != DB_OK) {
		resp_internal(r, "loading a deal failed");
		return;
	}
	int64_t cid = strtoll(req_form(r, "criterion_id"), NULL, 10);
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	rc = deal_verify_tick(r->db, deal.id, r->session.user.team_id,
	    r->session.user.id, cid, r->now);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		struct deal_forms forms = { .problem = "There is no unverified tick "
		                                       "of that criterion." };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	char detail[32];
	snprintf(detail, sizeof(detail), "criterion %lld", (long long)cid);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-verify", deal.id, detail);
	deal_page_commit(r, rc, "Verified.", deal.id);
}

/*
 * POST /deals/{id}/aids - log that the rep used a job-aid on this deal
 * and whether it helped.  303; 422 with the form kept; 404 if the deal
 * is not the rep's.  Retired aids cannot be logged.
 */
void
h_deal_aid_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, aid_use_fields, GW_ARRAY_LEN(aid_use_fields));
	int64_t aid_id = strtoll(form_value(&f, "aid_id"), NULL, 10);
	struct job_aid *aid = arena_alloc(&r->arena, sizeof(*aid));
	if (f.errors == 0 && (aid_get(r->db, aid_id, aid) != DB_OK ||
	                         !aid->active))
		form_fail(&f, "aid_id", "Choose one of the listed job-aids.");
	const char *problem = deal.status != DEAL_OPEN
	    ? "This deal is closed; reopen it to log job-aid uses." : NULL;
	if (problem || f.errors) {
		struct deal_forms forms = { .aid = &f, .problem = problem };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	enum aid_outcome outcome =
	    (enum aid_outcome)aid_outcome_from_name(form_value(&f, "outcome"));
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = aid_use_add(r->db, deal.id, r->session.user.id, aid_id, outcome,
	    form_value(&f, "note"), r->now);
	char detail[600];
	snprintf(detail, sizeof(detail), "%s: %s", aid->title,
	    aid_outcome_name(outcome));
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-aid-use", deal.id, detail);
	deal_page_commit(r, rc, "Job-aid use logged.", deal.id);
}

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
	tmpl_dict *block = NULL;    /* the block being filled */
	const char *kind = "";      /* its kind */
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
			block = tmpl_add_section(tmpl_add_section(d, "BLOCK"), k);
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
	                   ? 0 : r->session.user.team_id;
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
	measure_aid_effect(es->rows->history, es->rows->nhistory, es->rows->uses,
	    es->rows->nuses, es->s->list, es->s->n, a->id, a->stage_id,
	    es->r->now, &e);
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
	/* Team 0 means "all teams" below, which only an admin may read. */
	if (!admin && team == 0) {
		tmpl_dict *d = page_begin(r, "Job-aid effectiveness",
		    "aids_effect.tpl");
		tmpl_set_str(d, "SCOPE", "No team");
		page_set_count(d, "MIN_DEALS", MEASURE_MIN_DEALS, "deal", "deals");
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
			struct team_choice tc = { tmpl_add_section(d, "SWITCHER"),
				team };
			rc = team_each(r->db, add_team_choice, &tc);
		}
		page_set_count(d, "MIN_DEALS", MEASURE_MIN_DEALS, "deal", "deals");
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
