/*
 * h_admin_playbook.c - the admin pages for the process itself: stages
 * (rename, reorder, early flag, probability, target days, retire; never
 * deleted), their exit criteria, and the job-aid library.  Every change
 * is validated, audited, and a form with errors keeps what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "form.h"
#include "page.h"
#include "pipeline.h"
#include "resp.h"
#include "route.h"
#include "session.h"

/* An integer in [lo, hi] written in plain digits; -1 if not. */
static long
int_in(const char *v, long lo, long hi)
{
	char *end = NULL;
	if (*v == '\0' || *v == '+' || *v == '-' || strlen(v) > 9)
		return -1;
	long n = strtol(v, &end, 10);
	return *end || n < lo || n > hi ? -1 : n;
}

static const char *
valid_percent(const char *v)
{
	return int_in(v, 0, 100) < 0 ? "Enter a whole number from 0 to 100."
	                             : NULL;
}

static const char *
valid_days(const char *v)
{
	return int_in(v, 1, 365) < 0 ? "Enter a number of days from 1 to 365."
	                             : NULL;
}

static const char *
valid_position(const char *v)
{
	return int_in(v, 1, 999) < 0 ? "Enter a position from 1 to 999." : NULL;
}

static const char *
valid_flag(const char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "0") == 0
	           ? NULL
	           : "Choose yes or no.";
}

static const char *
valid_kind(const char *v)
{
	return aid_kind_from_name(v) < 0 ? "Choose one of the listed kinds."
	                                 : NULL;
}

static const char *
valid_link(const char *v)
{
	if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
		return "A link starts with https:// (or http://).";
	if (strpbrk(v, " \t\r\n\"<>"))
		return "A link has no spaces, quotes or angle brackets.";
	return NULL;
}

static const struct field stage_fields[] = {
	{ "name", "Name", STAGE_NAME_MAX, true, NULL },
	{ "position", "Position", 3, true, valid_position },
	{ "early", "Early stage", 1, true, valid_flag },
	{ "probability", "Probability", 3, true, valid_percent },
	{ "target_days", "Target days", 3, true, valid_days },
	{ "active", "In use", 1, true, valid_flag },
};

static const struct field new_stage_fields[] = {
	{ "name", "Name", STAGE_NAME_MAX, true, NULL },
	{ "early", "Early stage", 1, true, valid_flag },
	{ "probability", "Probability", 3, true, valid_percent },
	{ "target_days", "Target days", 3, true, valid_days },
};

static const struct field criterion_fields[] = {
	{ "text", "Criterion", CRITERION_TEXT_MAX, true, NULL },
	{ "position", "Position", 3, true, valid_position },
	{ "active", "In use", 1, true, valid_flag },
};

static const struct field new_criterion_fields[] = {
	{ "text", "New criterion", CRITERION_TEXT_MAX, true, NULL },
};

static const struct field aid_fields[] = {
	{ "title", "Title", AID_TITLE_MAX, true, NULL },
	{ "stage_id", "Stage", 19, true, valid_id_or_empty },
	{ "kind", "Kind", 20, true, valid_kind },
	{ "body", "Text", AID_BODY_BYTES, false, NULL },
	{ "link", "Link", AID_LINK_MAX, false, valid_link },
	{ "active", "In use", 1, true, valid_flag },
};

static void
yes_no(tmpl_dict *d, const char *key, bool yes)
{
	char name[48];
	snprintf(name, sizeof(name), "%s_%s", key, yes ? "YES" : "NO");
	tmpl_show_section(d, name);
}

/* Commit with a flash and go to `to`, or answer 500. */
static void
finish(struct req *r, int rc, const char *flash, const char *to)
{
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving a playbook change failed (%d)", rc);
		return;
	}
	session_flash(r, flash);
	resp_redirect(r, to);
}

static int
audit(struct req *r, const char *action, const char *subject,
    const char *detail)
{
	return audit_add(r->db, r->session.user.id, action, subject, detail,
	    r->remote_addr);
}

/* ----------------------------------------------------------------- */
/* Stages                                                            */

static void
render_stages(struct req *r, int status, const struct stages *s,
    const struct form *add)
{
	tmpl_dict *d = page_begin(r, "Stages", "admin_stages.tpl");
	int ncr = criteria_count(r->db, 0);
	struct criterion *cr = arena_alloc(&r->arena,
	    (size_t)(ncr > 0 ? ncr : 1) * sizeof(*cr));
	if (ncr > 0)
		ncr = criteria_list(r->db, 0, cr, ncr);
	if (ncr < 0) {
		resp_internal(r, "listing criteria failed");
		return;
	}
	for (int i = 0; i < s->n; i++) {
		const struct stage *st = &s->list[i];
		tmpl_dict *row = tmpl_add_section(d, "STAGE");
		tmpl_set_int(row, "ID", st->id);
		tmpl_set_str(row, "NAME", st->name);
		tmpl_set_int(row, "POSITION", st->position);
		tmpl_set_int(row, "PROBABILITY", st->probability);
		tmpl_set_int(row, "TARGET_DAYS", st->target_days);
		int rank = pipeline_rank(s->list, s->n, st);
		tmpl_set_int(row, "STAGE_RANK", rank > 8 ? 8 : rank);
		tmpl_set_str(row, "STAGE_FAMILY", st->early ? "early" : "late");
		tmpl_show_section(row, st->early ? "EARLY" : "LATE");
		tmpl_show_section(row, st->active ? "ACTIVE" : "RETIRED");
		int n = 0;
		for (int k = 0; k < ncr; k++)
			if (cr[k].stage_id == st->id && cr[k].active)
				n++;
		tmpl_set_int(row, "CRITERIA", n);
	}
	tmpl_dict *af = tmpl_add_section(d, "ADD_FORM");
	if (add) {
		form_fill(add, af);
		yes_no(af, "EARLY", strcmp(form_value(add, "early"), "1") == 0);
	} else {
		tmpl_set_str(af, "PROBABILITY_VALUE", "50");
		tmpl_set_str(af, "TARGET_DAYS_VALUE", "21");
		yes_no(af, "EARLY", false);
	}
	page_finish(r, status);
}

/*
 * GET /admin/stages - the stages in order, with their criteria counts
 * and a form to add one.  200.
 */
void
h_admin_stages_get(struct req *r)
{
	struct stages s;
	if (page_load_stages(r, &s))
		render_stages(r, 200, &s, NULL);
}

/*
 * POST /admin/stages - add a stage at the end.  303 to its page; 422
 * with the form kept.
 */
void
h_admin_stages_post(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	struct form f;
	form_read(&f, r, new_stage_fields, GW_ARRAY_LEN(new_stage_fields));
	if (f.errors == 0 && s.n >= STAGES_MAX)
		form_fail(&f, "name", "Groundwork keeps at most 32 stages.");
	if (f.errors) {
		render_stages(r, 422, &s, &f);
		return;
	}
	struct stage st;
	memset(&st, 0, sizeof(st));
	str_copy(st.name, sizeof(st.name), form_value(&f, "name"));
	st.early = strcmp(form_value(&f, "early"), "1") == 0;
	st.probability = (int)int_in(form_value(&f, "probability"), 0, 100);
	st.target_days = (int)int_in(form_value(&f, "target_days"), 1, 365);
	st.active = true;
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = stage_create(r->db, &st);
	if (rc == DB_OK)
		rc = audit(r, "stage-add", st.name, NULL);
	char to[48], flash[256];
	snprintf(to, sizeof(to), "/admin/stages/%lld", (long long)st.id);
	snprintf(flash, sizeof(flash), "Added the stage %s.", st.name);
	finish(r, rc, flash, to);
}

static void
render_stage(struct req *r, int status, const struct stage *st,
    const struct form *edit, const struct form *add_criterion,
    const struct form *criterion, int64_t criterion_id)
{
	char title[256];
	snprintf(title, sizeof(title), "Stage: %s", st->name);
	tmpl_dict *d = page_begin(r, title, "admin_stage.tpl");
	tmpl_set_int(d, "ID", st->id);
	tmpl_set_str(d, "CURRENT_NAME", st->name);
	tmpl_dict *ef = tmpl_add_section(d, "EDIT_FORM");
	tmpl_set_int(ef, "ID", st->id);
	if (edit) {
		form_fill(edit, ef);
		yes_no(ef, "EARLY",
		    strcmp(form_value(edit, "early"), "1") == 0);
		yes_no(ef, "ACTIVE",
		    strcmp(form_value(edit, "active"), "1") == 0);
	} else {
		tmpl_set_str(ef, "NAME_VALUE", st->name);
		tmpl_set_int(ef, "POSITION_VALUE", st->position);
		tmpl_set_int(ef, "PROBABILITY_VALUE", st->probability);
		tmpl_set_int(ef, "TARGET_DAYS_VALUE", st->target_days);
		yes_no(ef, "EARLY", st->early);
		yes_no(ef, "ACTIVE", st->active);
	}
	int n = criteria_count(r->db, st->id);
	struct criterion *cr = arena_alloc(&r->arena,
	    (size_t)(n > 0 ? n : 1) * sizeof(*cr));
	if (n > 0)
		n = criteria_list(r->db, st->id, cr, n);
	if (n < 0) {
		resp_internal(r, "listing criteria failed");
		return;
	}
	for (int i = 0; i < n; i++) {
		tmpl_dict *row = tmpl_add_section(d, "CRITERION");
		tmpl_set_int(row, "ID", cr[i].id);
		if (criterion && cr[i].id == criterion_id) {
			form_fill(criterion, row);
			yes_no(row, "ACTIVE",
			    strcmp(form_value(criterion, "active"), "1") == 0);
		} else {
			tmpl_set_str(row, "TEXT_VALUE", cr[i].text);
			tmpl_set_int(row, "POSITION_VALUE", cr[i].position);
			yes_no(row, "ACTIVE", cr[i].active);
		}
	}
	if (n == 0)
		tmpl_show_section(d, "NO_CRITERIA");
	tmpl_dict *nf = tmpl_add_section(d, "NEW_CRITERION");
	tmpl_set_int(nf, "ID", st->id);
	if (add_criterion)
		form_fill(add_criterion, nf);
	page_finish(r, status);
}

static bool
load_stage(struct req *r, int64_t id, struct stage *st)
{
	int rc = stage_get(r->db, id, st);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return false;
	}
	if (rc != DB_OK) {
		resp_internal(r, "loading a stage failed");
		return false;
	}
	return true;
}

/*
 * GET /admin/stages/{id} - edit a stage and its exit criteria.  200;
 * 404 for an unknown stage.
 */
void
h_admin_stage_get(struct req *r)
{
	struct stage st;
	if (load_stage(r, r->path_id, &st))
		render_stage(r, 200, &st, NULL, NULL, NULL, 0);
}

/*
 * POST /admin/stages/{id} - rename, reorder, change the early flag,
 * probability or target, or retire.  303; 422 with the form kept (the
 * last stage in use cannot be retired); 404.
 */
void
h_admin_stage_post(struct req *r)
{
	struct stage st;
	struct stages s;
	if (!load_stage(r, r->path_id, &st) || !page_load_stages(r, &s))
		return;
	struct form f;
	form_read(&f, r, stage_fields, GW_ARRAY_LEN(stage_fields));
	bool active = strcmp(form_value(&f, "active"), "1") == 0;
	if (f.errors == 0 && !active && st.active) {
		int in_use = 0;
		for (int i = 0; i < s.n; i++)
			in_use += s.list[i].active;
		if (in_use <= 1)
			form_fail(&f, "active",
			    "At least one stage must stay in use.");
	}
	if (f.errors) {
		render_stage(r, 422, &st, &f, NULL, NULL, 0);
		return;
	}
	struct stage updated = st;
	str_copy(updated.name, sizeof(updated.name), form_value(&f, "name"));
	updated.position = (int)int_in(form_value(&f, "position"), 1, 999);
	updated.early = strcmp(form_value(&f, "early"), "1") == 0;
	updated.probability = (int)int_in(form_value(&f, "probability"), 0,
	    100);
	updated.target_days = (int)int_in(form_value(&f, "target_days"), 1,
	    365);
	updated.active = active;
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = stage_update(r->db, &updated);
	char detail[512];
	snprintf(detail, sizeof(detail),
	    "name %s->%s position %d->%d early %d->%d probability %d->%d "
	    "target %d->%d active %d->%d",
	    st.name, updated.name, st.position, updated.position, st.early,
	    updated.early, st.probability, updated.probability, st.target_days,
	    updated.target_days, st.active, updated.active);
	if (rc == DB_OK)
		rc = audit(r, "stage-update", st.name, detail);
	char to[48];
	snprintf(to, sizeof(to), "/admin/stages/%lld", (long long)st.id);
	finish(r, rc,
	    active ? "Stage saved."
	           : "Stage retired; its history is "
	             "kept.",
	    to);
}

/*
 * POST /admin/stages/{id}/criteria - add an exit criterion at the end
 * of the stage's list.  303; 422 with the text kept; 404.
 */
void
h_admin_stage_criteria_post(struct req *r)
{
	struct stage st;
	if (!load_stage(r, r->path_id, &st))
		return;
	struct form f;
	form_read(&f, r, new_criterion_fields,
	    GW_ARRAY_LEN(new_criterion_fields));
	if (f.errors) {
		render_stage(r, 422, &st, NULL, &f, NULL, 0);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int64_t id = 0;
	int rc = criterion_create(r->db, st.id, form_value(&f, "text"), &id);
	if (rc == DB_OK)
		rc = audit(r, "criterion-add", st.name, form_value(&f, "text"));
	char to[64];
	snprintf(to, sizeof(to), "/admin/stages/%lld#criteria",
	    (long long)st.id);
	finish(r, rc, "Criterion added.", to);
}

/*
 * POST /admin/criteria/{id} - edit, reorder or retire a criterion.
 * 303; 422 with the form kept; 404.
 */
void
h_admin_criterion_post(struct req *r)
{
	struct criterion cr;
	int rc = criterion_get(r->db, r->path_id, &cr);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return;
	}
	struct stage st;
	if (rc != DB_OK || !load_stage(r, cr.stage_id, &st)) {
		if (!r->sent)
			resp_internal(r, "loading a criterion failed");
		return;
	}
	struct form f;
	form_read(&f, r, criterion_fields, GW_ARRAY_LEN(criterion_fields));
	if (f.errors) {
		render_stage(r, 422, &st, NULL, NULL, &f, cr.id);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	bool active = strcmp(form_value(&f, "active"), "1") == 0;
	rc = criterion_update(r->db, cr.id, form_value(&f, "text"),
	    (int)int_in(form_value(&f, "position"), 1, 999), active);
	char detail[1024];
	snprintf(detail, sizeof(detail), "%s -> %s%s", cr.text,
	    form_value(&f, "text"), active ? "" : " (retired)");
	if (rc == DB_OK)
		rc = audit(r, "criterion-update", st.name, detail);
	char to[64];
	snprintf(to, sizeof(to), "/admin/stages/%lld#criteria",
	    (long long)st.id);
	finish(r, rc, active ? "Criterion saved." : "Criterion retired.", to);
}

/* ----------------------------------------------------------------- */
/* The job-aid library                                               */

struct aid_rows {
	const struct stages *s;
	tmpl_dict *d;
	int n;
};

static int
add_admin_aid_row(const struct job_aid *a, void *arg)
{
	struct aid_rows *ar = arg;
	tmpl_dict *row = tmpl_add_section(ar->d, "AID");
	tmpl_set_int(row, "ID", a->id);
	tmpl_set_str(row, "TITLE", a->title);
	tmpl_set_str(row, "KIND", aid_kind_label(a->kind));
	const struct stage *st = pipeline_find(ar->s->list, ar->s->n,
	    a->stage_id);
	tmpl_set_str(row, "STAGE_NAME", st ? st->name : "?");
	tmpl_show_section(row, a->active ? "ACTIVE" : "RETIRED");
	ar->n++;
	return 0;
}

/*
 * GET /admin/aids - every job-aid, retired ones included.  200.
 */
void
h_admin_aids_get(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	tmpl_dict *d = page_begin(r, "Job-aid library", "admin_aids.tpl");
	struct aid_rows ar = { &s, d, 0 };
	if (aid_list(r->db, 0, false, add_admin_aid_row, &ar) != DB_OK) {
		resp_internal(r, "listing aids failed");
		return;
	}
	if (ar.n == 0)
		tmpl_show_section(d, "EMPTY");
	page_finish(r, 200);
}

static void
render_aid_form(struct req *r, int status, const struct stages *s,
    const struct job_aid *a, const struct form *f)
{
	tmpl_dict *d = page_begin(r, a ? "Edit job-aid" : "Add a job-aid",
	    "admin_aid.tpl");
	tmpl_set_str(d, "ACTION", a ? "" : "/admin/aids/new");
	tmpl_set_str(d, "HEADING", a ? "Edit job-aid" : "Add a job-aid");
	if (a) {
		tmpl_set_int(tmpl_add_section(d, "EXISTING"), "ID", a->id);
		char action[48];
		snprintf(action, sizeof(action), "/admin/aids/%lld",
		    (long long)a->id);
		tmpl_set_str(d, "ACTION", action);
	}
	int64_t stage = 0;
	const char *kind = "checklist";
	bool active = true;
	if (f) {
		form_fill(f, d);
		stage = strtoll(form_value(f, "stage_id"), NULL, 10);
		kind = form_value(f, "kind");
		active = strcmp(form_value(f, "active"), "1") == 0;
	} else if (a) {
		tmpl_set_str(d, "TITLE_VALUE", a->title);
		tmpl_set_str(d, "BODY_VALUE", a->body);
		tmpl_set_str(d, "LINK_VALUE", a->link);
		stage = a->stage_id;
		kind = aid_kind_name(a->kind);
		active = a->active;
	}
	for (int i = 0; i < s->n; i++) {
		if (!s->list[i].active && s->list[i].id != stage)
			continue;
		tmpl_dict *o = tmpl_add_section(d, "STAGE_OPTION");
		tmpl_set_int(o, "ID", s->list[i].id);
		tmpl_set_str(o, "NAME", s->list[i].name);
		if (s->list[i].id == stage)
			tmpl_show_section(o, "SELECTED");
	}
	for (int k = 0; k < AID_KIND__MAX; k++) {
		tmpl_dict *o = tmpl_add_section(d, "KIND_OPTION");
		tmpl_set_str(o, "VALUE", aid_kind_name((enum aid_kind)k));
		tmpl_set_str(o, "LABEL", aid_kind_label((enum aid_kind)k));
		if (strcmp(kind, aid_kind_name((enum aid_kind)k)) == 0)
			tmpl_show_section(o, "SELECTED");
	}
	yes_no(d, "ACTIVE", active);
	page_finish(r, status);
}

/*
 * GET /admin/aids/new - the form for a new job-aid.  200.
 */
void
h_admin_aid_new_get(struct req *r)
{
	struct stages s;
	if (page_load_stages(r, &s))
		render_aid_form(r, 200, &s, NULL, NULL);
}

/* Read and check the aid form into a; false after re-rendering it. */
static bool
read_aid_form(struct req *r, const struct stages *s, struct job_aid *a,
    const struct job_aid *existing, struct form *f)
{
	form_read(f, r, aid_fields, GW_ARRAY_LEN(aid_fields));
	int64_t stage = strtoll(form_value(f, "stage_id"), NULL, 10);
	const struct stage *st = pipeline_find(s->list, s->n, stage);
	bool same_stage = existing && existing->stage_id == stage;
	if (*form_value(f, "stage_id") &&
	    (st == NULL || (!st->active && !same_stage)))
		form_fail(f, "stage_id", "Choose one of the listed stages.");
	if (*form_value(f, "body") == '\0' && *form_value(f, "link") == '\0')
		form_fail(f, "body",
		    "Give the job-aid some text, a link, or both.");
	if (f->errors) {
		render_aid_form(r, 422, s, existing, f);
		return false;
	}
	memset(a, 0, sizeof(*a));
	if (existing)
		a->id = existing->id;
	a->stage_id = stage;
	a->kind = (enum aid_kind)aid_kind_from_name(form_value(f, "kind"));
	a->active = strcmp(form_value(f, "active"), "1") == 0;
	str_copy(a->title, sizeof(a->title), form_value(f, "title"));
	str_copy(a->body, sizeof(a->body), form_value(f, "body"));
	str_copy(a->link, sizeof(a->link), form_value(f, "link"));
	return true;
}

/*
 * POST /admin/aids/new - add a job-aid.  303 to the library; 422 with
 * everything typed kept.
 */
void
h_admin_aid_new_post(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	struct form f;
	struct job_aid *a = arena_alloc(&r->arena, sizeof(*a));
	if (!read_aid_form(r, &s, a, NULL, &f))
		return;
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = aid_create(r->db, a, r->now);
	if (rc == DB_OK)
		rc = audit(r, "aid-add", a->title, aid_kind_name(a->kind));
	char flash[600];
	snprintf(flash, sizeof(flash), "Added %s to the library.", a->title);
	finish(r, rc, flash, "/admin/aids");
}

static bool
load_aid(struct req *r, struct job_aid *a)
{
	int rc = aid_get(r->db, r->path_id, a);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return false;
	}
	if (rc != DB_OK) {
		resp_internal(r, "loading an aid failed");
		return false;
	}
	return true;
}

/*
 * GET /admin/aids/{id} - edit or retire a job-aid.  200; 404.
 */
void
h_admin_aid_get(struct req *r)
{
	struct stages s;
	struct job_aid *a = arena_alloc(&r->arena, sizeof(*a));
	if (page_load_stages(r, &s) && load_aid(r, a))
		render_aid_form(r, 200, &s, a, NULL);
}

/*
 * POST /admin/aids/{id} - save a job-aid; retiring hides it from new
 * use and keeps its history.  303; 422 with the form kept; 404.
 */
void
h_admin_aid_post(struct req *r)
{
	struct stages s;
	struct job_aid *old = arena_alloc(&r->arena, sizeof(*old));
	if (!page_load_stages(r, &s) || !load_aid(r, old))
		return;
	struct form f;
	struct job_aid *a = arena_alloc(&r->arena, sizeof(*a));
	if (!read_aid_form(r, &s, a, old, &f))
		return;
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = aid_update(r->db, a, r->now);
	if (rc == DB_OK)
		rc = audit(r, "aid-update", a->title,
		    a->active == old->active ? "edited"
		    : a->active              ? "restored"
		                             : "retired");
	finish(r, rc, a->active ? "Job-aid saved." : "Job-aid retired.",
	    "/admin/aids");
}
