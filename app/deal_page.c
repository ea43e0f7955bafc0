/*
 * deal_page.c - the deal page (/deals/{id}): the deal, its forms
 * (edit, move, close or reopen, the exit-criteria checklist and job-aid
 * use), its timeline, and what every form posted from it does alike:
 * load the deal for its owner, audit, commit and go back to it.  The
 * deal handlers (h_deals.c, h_deal_playbook.c) render it through here,
 * and My deals and the new-deal form share its stage chip, amount, next
 * step, days in stage and stage options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "db_step.h"
#include "deal_page.h"
#include "page.h"
#include "pipeline.h"
#include "resp.h"
#include "session.h"

/* ----------------------------------------------------------------- */
/* What an edit changed                                              */

/* The deal fields each form may change, for the edit history. */
static const struct {
	const char *field; /* form field */
	const char *label; /* what the timeline says */
} edit_labels[] = {
	{ "company", "company" },
	{ "contact", "contact" },
	{ "next_step", "next step" },
	{ "next_step_due", "next step due" },
	{ "amount", "amount" },
	{ "title", "title" },
	{ "source", "source" },
	{ "expected_close", "expected close" },
};

#define EDIT_VALUE_SIZE (DEAL_STEP_MAX * 4 + 1)

/* A field's stored value as people read it: an amount with its
 * currency, a date as the deal page shows it, "none" for nothing. */
static void
edit_value_text(const char *field, const char *value, const char *currency,
    char *out, size_t size)
{
	if (*value == '\0')
		snprintf(out, size, "none");
	else if (strcmp(field, "amount") == 0)
		amount_format(out, size, strtoll(value, NULL, 10), currency);
	else
		snprintf(out, size, "%s", value);
}

/* The label people see for a form field of the edit form. */
static const char *
edit_label(const char *field)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(edit_labels); i++)
		if (strcmp(edit_labels[i].field, field) == 0)
			return edit_labels[i].label;
	return field;
}

_Static_assert(GW_ARRAY_LEN(edit_labels) == DEAL_PAGE_EDIT_FIELDS,
    "deal_page.h sizes the changes of an edit");

int
deal_page_edit_changes(struct req *r, const struct deal *before,
    const struct deal *after, struct field_change *out, const char **fields,
    const char **detail)
{
	const char *old_amount = before->has_amount
	                             ? arena_printf(&r->arena, "%lld",
	                                   (long long)before->amount)
	                             : "";
	const char *new_amount = after->has_amount
	                             ? arena_printf(&r->arena, "%lld",
	                                   (long long)after->amount)
	                             : "";
	/* In the order of edit_labels. */
	const char *old_values[] = { before->company, before->contact,
		before->next_step, before->next_step_due, old_amount,
		before->title, before->source, before->expected_close };
	const char *new_values[] = { after->company, after->contact,
		after->next_step, after->next_step_due, new_amount,
		after->title, after->source, after->expected_close };
	int n = 0;
	struct buf names = { 0 }, said = { 0 };
	for (size_t i = 0; i < GW_ARRAY_LEN(edit_labels); i++) {
		if (strcmp(old_values[i], new_values[i]) == 0)
			continue;
		out[n++] = (struct field_change){ edit_labels[i].field,
			old_values[i], new_values[i] };
		buf_printf(&names, "%s%s", names.len ? ", " : "",
		    edit_labels[i].label);
		char was[EDIT_VALUE_SIZE], is[EDIT_VALUE_SIZE];
		edit_value_text(edit_labels[i].field, old_values[i],
		    before->currency, was, sizeof(was));
		edit_value_text(edit_labels[i].field, new_values[i],
		    before->currency, is, sizeof(is));
		buf_printf(&said, "%s%s: %s → %s", said.len ? "; " : "",
		    edit_labels[i].label, was, is);
	}
	*fields = arena_strdup(&r->arena, names.data ? names.data : "");
	*detail = arena_strdup(&r->arena, said.data ? said.data : "");
	buf_free(&names);
	buf_free(&said);
	return n;
}

/* ----------------------------------------------------------------- */
/* Pieces My deals and the new-deal form share                       */

/* Stage chip values: name, rank (colour) and early/late family. */
void
deal_page_set_stage(tmpl_dict *d, const struct stages *s, int64_t stage_id)
{
	const struct stage *st = pipeline_find(s->list, s->n, stage_id);
	int rank = pipeline_rank(s->list, s->n, st);
	tmpl_set_str(d, "STAGE_NAME", st ? st->name : "?");
	tmpl_set_int(d, "STAGE_RANK", rank > 8 ? 8 : rank);
	tmpl_set_str(d, "STAGE_FAMILY", st && st->early ? "early" : "late");
}

void
deal_page_set_amount(tmpl_dict *d, const char *key, const struct deal *deal)
{
	char text[64] = "—";
	if (deal->has_amount)
		amount_format(text, sizeof(text), deal->amount, deal->currency);
	tmpl_set_str(d, key, text);
}

/* Next step and its due date, as every page shows it; a NO_NEXT_STEP
 * section when an open deal has none. */
void
deal_page_set_next_step(tmpl_dict *d, const char *today_date,
    const struct deal *deal)
{
	if (page_next_step(d, "NEXT_STEP", deal->next_step, deal->next_step_due,
	        today_date, deal->status == DEAL_OPEN))
		tmpl_show_section(d, "NO_NEXT_STEP");
}

/* "N days in stage", in a DAYS section. */
void
deal_page_set_days(tmpl_dict *d, int days)
{
	page_set_count(tmpl_add_section(d, "DAYS"), "TEXT", days, "day",
	    "days");
}

/* Stage <option>s: active stages, the chosen one selected. */
void
deal_page_stage_options(tmpl_dict *d, const struct stages *s, int64_t chosen,
    int64_t except)
{
	for (int i = 0; i < s->n; i++) {
		const struct stage *st = &s->list[i];
		if (!st->active || st->id == except)
			continue;
		tmpl_dict *o = tmpl_add_section(d, "STAGE_OPTION");
		tmpl_set_int(o, "ID", st->id);
		tmpl_set_str(o, "NAME", st->name);
		tmpl_set_int(o, "RANK", pipeline_rank(s->list, s->n, st));
		if (st->id == chosen)
			tmpl_show_section(o, "SELECTED");
	}
}

/* ----------------------------------------------------------------- */
/* What every form on the page does alike                            */

/* Write an audit row for a deal. */
int
deal_page_audit(struct req *r, const char *action, int64_t id,
    const char *detail)
{
	char subject[32];
	snprintf(subject, sizeof(subject), "deal:%lld", (long long)id);
	return audit_add(r->db, r->session.user.id, action, subject, detail,
	    r->remote_addr);
}

void
deal_page_commit(struct req *r, int rc, const char *flash, int64_t id)
{
	char to[48];
	snprintf(to, sizeof(to), "/deals/%lld", (long long)id);
	deal_page_commit_to(r, rc, flash, to);
}

void
deal_page_commit_to(struct req *r, int rc, const char *flash, const char *to)
{
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		resp_error(r, 404);
		return;
	}
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving a deal failed (%d)", rc);
		return;
	}
	session_flash(r, flash);
	resp_redirect(r, to);
}

/* ----------------------------------------------------------------- */
/* Next steps: the rules and the audited writes every form shares    */

void
deal_page_check_step(struct req *r, struct form *f, bool need_text)
{
	char now[DATE_SIZE], last[DATE_SIZE];
	date_of(r->now, now);
	date_add_years(now, DEAL_PAGE_STEP_YEARS, last);
	const char *text = form_value(f, "next");
	const char *due = form_value(f, "next_due");
	if (*text == '\0' && (need_text || *due))
		form_fail(f, "next", "Say what the next step is.");
	if (*due && date_problem(due) == NULL && !date_within(due, now, last))
		form_fail(f, "next_due",
		    arena_printf(&r->arena,
		        "Choose a due date from today (%s) to %s, two years "
		        "ahead.",
		        now, last));
}

/* "Call Ana (due 2026-12-08)" for the audit log. */
static const char *
step_said(struct req *r, const char *text, const char *due)
{
	return *due ? arena_printf(&r->arena, "%s (due %s)", text, due)
	            : arena_strdup(&r->arena, text);
}

int
deal_page_step_next(struct req *r, const struct deal *deal, const char *outcome,
    const char *text, const char *due)
{
	int rc = DB_OK;
	if (deal->next_step[0] || deal->next_step_due[0]) {
		rc = step_done(r->db, deal->id, r->session.user.id, outcome,
		    r->now);
		if (rc == DB_OK)
			rc = deal_page_audit(r, "step-done", deal->id,
			    arena_printf(&r->arena, "%s: %s",
			        step_said(r, deal->next_step,
			            deal->next_step_due),
			        *outcome ? outcome : "done"));
	}
	if (rc == DB_OK && *text) {
		rc = step_create(r->db, deal->id, r->session.user.id, text, due,
		    r->now);
		if (rc == DB_OK)
			rc = deal_page_audit(r, "step-create", deal->id,
			    step_said(r, text, due));
	}
	return rc;
}

int
deal_page_step_reschedule(struct req *r, const struct deal *deal,
    const char *due)
{
	int rc = step_reschedule(r->db, deal->id, r->session.user.id, due,
	    r->now);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "step-reschedule", deal->id,
		    arena_printf(&r->arena, "%s: %s -> %s", deal->next_step,
		        *deal->next_step_due ? deal->next_step_due : "none",
		        *due ? due : "none"));
	return rc;
}

/* ----------------------------------------------------------------- */
/* The playbook: skip badge, exit-criteria checklist, job-aids       */

/* The current stage's criteria and which are ticked, all of them:
 * arrays sized by count from the request's arena. */
struct checklist {
	struct criterion *criteria;
	int ncriteria;
	struct criterion_tick *ticks;
	int nticks;
};

static int
load_checklist(struct req *r, const struct deal *deal, struct checklist *c)
{
	int ncr = criteria_count(r->db, deal->stage_id);
	int nt = deal_ticks_count(r->db, deal->id);
	if (ncr < 0 || nt < 0)
		return -1;
	c->criteria = arena_alloc(&r->arena,
	    (size_t)(ncr + 1) * sizeof(*c->criteria));
	c->ticks = arena_alloc(&r->arena, (size_t)(nt + 1) * sizeof(*c->ticks));
	c->ncriteria = criteria_list(r->db, deal->stage_id, c->criteria, ncr);
	c->nticks = deal_ticks(r->db, deal->id, c->ticks, nt);
	return c->ncriteria < 0 || c->nticks < 0 ? -1 : 0;
}

static const struct criterion_tick *
tick_of(const struct checklist *c, int64_t criterion_id)
{
	for (int i = 0; i < c->nticks; i++)
		if (c->ticks[i].criterion_id == criterion_id)
			return &c->ticks[i];
	return NULL;
}

int
deal_page_unticked(struct req *r, const struct deal *deal, const char **ids,
    tmpl_dict *list)
{
	struct checklist *c = arena_alloc(&r->arena, sizeof(*c));
	if (load_checklist(r, deal, c) != 0)
		return -1;
	/* Room for every id: up to 19 digits and a comma each. */
	size_t size = (size_t)c->ncriteria * 20 + 1, len = 0;
	char *out = ids ? arena_alloc(&r->arena, size) : NULL;
	if (out)
		out[0] = '\0';
	int count = 0;
	tmpl_dict *warn = NULL;
	for (int i = 0; i < c->ncriteria; i++) {
		if (!c->criteria[i].active || tick_of(c, c->criteria[i].id))
			continue;
		count++;
		if (out)
			len += (size_t)snprintf(out + len, size - len, "%s%lld",
			    len ? "," : "", (long long)c->criteria[i].id);
		if (list) {
			if (warn == NULL)
				warn = tmpl_add_section(list, "UNTICKED");
			tmpl_set_str(tmpl_add_section(warn, "SKIPPED"), "TEXT",
			    c->criteria[i].text);
		}
	}
	if (ids)
		*ids = out;
	return count;
}

struct use_list {
	tmpl_dict *d;
	int n;
};

static int
add_use_row(const struct aid_use *u, void *arg)
{
	struct use_list *ul = arg;
	tmpl_dict *row = tmpl_add_section(ul->d, "USE");
	char when[32];
	page_format_time(when, sizeof(when), u->used_at);
	tmpl_set_int(row, "AID_ID", u->aid_id);
	tmpl_set_str(row, "TITLE", u->aid_title);
	tmpl_set_str(row, "OUTCOME", aid_outcome_label(u->outcome));
	tmpl_set_str(row, "OUTCOME_NAME", aid_outcome_name(u->outcome));
	tmpl_set_str(row, "WHO", u->user_name);
	tmpl_set_str(row, "WHEN", when);
	if (u->note[0])
		tmpl_set_str(tmpl_add_section(row, "NOTE"), "TEXT", u->note);
	ul->n++;
	return 0;
}

struct aid_options {
	tmpl_dict *d;   /* where AID / AID_OPTION sections go */
	int64_t chosen; /* selected aid in the use form */
	int n;
	int64_t stage_id; /* the deal's stage (listed first) */
	bool first_pass;  /* listing that stage's aids */
};

static int
add_stage_aid(const struct job_aid *a, void *arg)
{
	struct aid_options *o = arg;
	tmpl_dict *row = tmpl_add_section(o->d, "AID");
	tmpl_set_int(row, "ID", a->id);
	tmpl_set_str(row, "TITLE", a->title);
	tmpl_set_str(row, "KIND", aid_kind_label(a->kind));
	o->n++;
	return 0;
}

static int
add_aid_option(const struct job_aid *a, void *arg)
{
	struct aid_options *o = arg;
	if (!o->first_pass && a->stage_id == o->stage_id)
		return 0; /* listed already */
	tmpl_dict *opt = tmpl_add_section(o->d, "AID_OPTION");
	tmpl_set_int(opt, "ID", a->id);
	tmpl_set_str(opt, "TITLE", a->title);
	if (a->id == o->chosen)
		tmpl_show_section(opt, "SELECTED");
	o->n++;
	return 0;
}

static void
fill_outcomes(tmpl_dict *d, const char *chosen)
{
	for (int i = 0; i < AID_OUTCOME__MAX; i++) {
		tmpl_dict *o = tmpl_add_section(d, "OUTCOME_OPTION");
		tmpl_set_str(o, "VALUE", aid_outcome_name((enum aid_outcome)i));
		tmpl_set_str(o, "LABEL",
		    aid_outcome_label((enum aid_outcome)i));
		if (chosen &&
		    strcmp(chosen, aid_outcome_name((enum aid_outcome)i)) == 0)
			tmpl_show_section(o, "CHECKED");
	}
}

/* A SKIP_BADGE when the deal's moves skipped stages or criteria.
 * Returns false after answering 500. */
static bool
fill_skip_badge(struct req *r, tmpl_dict *d, const struct deal *deal)
{
	int skipped_stages = 0, skipped_criteria = 0;
	if (deal_skips(r->db, deal->id, &skipped_stages, &skipped_criteria) !=
	    DB_OK) {
		resp_internal(r, "reading skips failed");
		return false;
	}
	if (skipped_stages || skipped_criteria) {
		char text[96] = "";
		if (skipped_stages)
			snprintf(text, sizeof(text), "%d %s", skipped_stages,
			    plural(skipped_stages, "stage", "stages"));
		if (skipped_criteria) {
			size_t len = strlen(text);
			snprintf(text + len, sizeof(text) - len, "%s%d %s",
			    len ? ", " : "", skipped_criteria,
			    plural(skipped_criteria, "criterion", "criteria"));
		}
		tmpl_set_str(tmpl_add_section(d, "SKIP_BADGE"), "SKIP_TEXT",
		    text);
	}
	return true;
}

/* What a ticked criterion's row shows: who ticked it, when and with
 * what evidence; who verified it, or the verify form for a manager of
 * the deal's team; and the untick form when the checklist is
 * editable. */
static void
fill_tick(struct req *r, tmpl_dict *row, const struct deal *deal,
    const struct criterion_tick *t, bool editable)
{
	char when[32];
	page_format_time(when, sizeof(when), t->ticked_at);
	tmpl_dict *td = tmpl_add_section(row, "TICKED");
	tmpl_set_str(td, "WHEN", when);
	tmpl_set_str(td, "WHO", t->ticked_by);
	if (t->evidence[0])
		tmpl_set_str(tmpl_add_section(td, "EVIDENCE"), "TEXT",
		    t->evidence);
	if (t->verified_at) {
		char vwhen[32];
		page_format_time(vwhen, sizeof(vwhen), t->verified_at);
		tmpl_dict *vd = tmpl_add_section(td, "VERIFIED");
		tmpl_set_str(vd, "WHO", t->verified_by);
		tmpl_set_str(vd, "WHEN", vwhen);
	} else if (r->session.user.role == ROLE_MANAGER &&
	           deal->team_id == r->session.user.team_id) {
		tmpl_show_section(row, "VERIFY_FORM");
	}
	if (editable)
		tmpl_show_section(row, "UNTICK_FORM");
}

/* The CHECKLIST of the deal's current stage: a CRITERION row for each
 * active criterion and each retired one still ticked, ticked or with a
 * tick form (holding what was typed, for the one that came back).
 * Returns false after answering 500. */
static bool
fill_checklist(struct req *r, tmpl_dict *d, const struct deal *deal,
    bool editable, const struct deal_forms *forms)
{
	struct checklist *c = arena_alloc(&r->arena, sizeof(*c));
	if (load_checklist(r, deal, c) != 0) {
		resp_internal(r, "reading the checklist failed");
		return false;
	}
	tmpl_dict *cl = tmpl_add_section(d, "CHECKLIST");
	tmpl_set_str(cl, "STAGE_NAME", deal->stage_name);
	int64_t failed_id = forms && forms->tick
	                        ? strtoll(form_value(forms->tick,
	                                      "criterion_id"),
	                              NULL, 10)
	                        : 0;
	int shown = 0, ticked = 0;
	for (int i = 0; i < c->ncriteria; i++) {
		const struct criterion *cr = &c->criteria[i];
		const struct criterion_tick *t = tick_of(c, cr->id);
		if (!cr->active && t == NULL)
			continue;
		tmpl_dict *row = tmpl_add_section(cl, "CRITERION");
		tmpl_set_int(row, "ID", cr->id);
		tmpl_set_int(row, "DEAL_ID", deal->id);
		tmpl_set_str(row, "TEXT", cr->text);
		tmpl_set_str(row, "CSRF", r->csrf);
		shown++;
		if (t) {
			ticked++;
			fill_tick(r, row, deal, t, editable);
		} else {
			tmpl_show_section(row, "NOT_TICKED");
			if (editable) {
				tmpl_dict *tf = tmpl_add_section(row,
				    "TICK_FORM");
				if (cr->id == failed_id)
					form_fill(forms->tick, tf);
			}
		}
	}
	tmpl_set_int(cl, "TICKED", ticked);
	tmpl_set_int(cl, "TOTAL", shown);
	if (shown == 0)
		tmpl_show_section(cl, "NO_CRITERIA");
	return true;
}

/* The AIDS part: this stage's job-aids, the use form when editable
 * (this stage's aids first, then the rest of the library), and the
 * deal's uses.  Returns false after answering 500. */
static bool
fill_aids(struct req *r, tmpl_dict *d, const struct deal *deal, bool editable,
    const struct deal_forms *forms)
{
	tmpl_dict *ja = tmpl_add_section(d, "AIDS");
	tmpl_set_str(ja, "STAGE_NAME", deal->stage_name);
	struct aid_options ao = { ja, 0, 0, deal->stage_id, true };
	if (aid_list(r->db, deal->stage_id, true, add_stage_aid, &ao) !=
	    DB_OK) {
		resp_internal(r, "listing aids failed");
		return false;
	}
	if (ao.n == 0)
		tmpl_show_section(ja, "NO_AIDS");
	if (editable) {
		tmpl_dict *uf = tmpl_add_section(ja, "USE_FORM");
		tmpl_set_int(uf, "DEAL_ID", deal->id);
		const struct form *f = forms ? forms->aid : NULL;
		if (f) {
			form_fill(f, uf);
			tmpl_show_section(ja, "AIDS_OPEN");
		}
		/* This stage's aids first, then the rest of the library. */
		struct aid_options opts = { uf,
			f ? strtoll(form_value(f, "aid_id"), NULL, 10) : 0, 0,
			deal->stage_id, true };
		int rc = aid_list(r->db, deal->stage_id, true, add_aid_option,
		    &opts);
		opts.first_pass = false;
		if (rc == DB_OK)
			rc = aid_list(r->db, 0, true, add_aid_option, &opts);
		if (rc != DB_OK) {
			resp_internal(r, "listing aids failed");
			return false;
		}
		fill_outcomes(uf, f ? form_value(f, "outcome") : NULL);
	}
	struct use_list ul = { ja, 0 };
	if (aid_uses_for_deal(r->db, deal->id, add_use_row, &ul) != DB_OK) {
		resp_internal(r, "listing aid uses failed");
		return false;
	}
	if (ul.n == 0)
		tmpl_show_section(ja, "NO_USES");
	return true;
}

/* Add the skip badge, the checklist and the job-aid parts to d.  Returns
 * false after answering 500. */
static bool
fill_playbook(struct req *r, tmpl_dict *d, const struct deal *deal, bool owner,
    const struct deal_forms *forms)
{
	bool editable = owner && deal->status == DEAL_OPEN;
	return fill_skip_badge(r, d, deal) &&
	       fill_checklist(r, d, deal, editable, forms) &&
	       fill_aids(r, d, deal, editable, forms);
}

/* ----------------------------------------------------------------- */
/* The timeline and the page itself                                  */

/* One value an edit changed, kept for the timeline (arena copies). */
struct edit_value {
	int64_t edit_id;
	const char *field, *before, *after;
};

struct timeline_state {
	struct req *r;
	const struct deal *deal;
	tmpl_dict *d;
	int entries;
	struct criterion *criteria; /* every criterion, to name skipped ones */
	int ncriteria;
	struct edit_value *values; /* every edit's values, newest first */
	int nvalues, values_cap;
	bool owner; /* the viewer owns the deal (may reopen a step) */
};

static int
keep_edit_value(int64_t edit_id, const struct field_change *c, void *arg)
{
	struct timeline_state *ts = arg;
	if (ts->nvalues == ts->values_cap) {
		int cap = ts->values_cap ? 2 * ts->values_cap : 32;
		struct edit_value *v = arena_alloc(&ts->r->arena,
		    (size_t)cap * sizeof(*v));
		if (ts->nvalues)
			memcpy(v, ts->values, (size_t)ts->nvalues * sizeof(*v));
		ts->values = v;
		ts->values_cap = cap;
	}
	struct arena *a = &ts->r->arena;
	ts->values[ts->nvalues++] = (struct edit_value){ edit_id,
		arena_strdup(a, c->field), arena_strdup(a, c->before),
		arena_strdup(a, c->after) };
	return 0;
}

/* An edit's changes under its timeline entry: "amount: $20,000 ->
 * $250,000", one per field. */
static void
add_edit_values(struct timeline_state *ts, tmpl_dict *row, int64_t edit_id)
{
	tmpl_dict *list = NULL;
	for (int i = 0; i < ts->nvalues; i++) {
		const struct edit_value *v = &ts->values[i];
		if (v->edit_id != edit_id)
			continue;
		if (list == NULL)
			list = tmpl_add_section(row, "CHANGES");
		tmpl_dict *c = tmpl_add_section(list, "CHANGE");
		char text[EDIT_VALUE_SIZE];
		tmpl_set_str(c, "LABEL", edit_label(v->field));
		edit_value_text(v->field, v->before, ts->deal->currency, text,
		    sizeof(text));
		tmpl_set_str(c, "OLD", text);
		edit_value_text(v->field, v->after, ts->deal->currency, text,
		    sizeof(text));
		tmpl_set_str(c, "NEW", text);
	}
}

/* "Buyer described the problem; We know who else decides" for "3,4". */
static void
criteria_names(const struct timeline_state *ts, const char *ids,
    struct buf *out)
{
	const char *p = ids;
	while (*p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		for (int i = 0; i < ts->ncriteria; i++)
			if (ts->criteria[i].id == id)
				buf_printf(out, "%s%s", out->len ? "; " : "",
				    ts->criteria[i].text);
		p = *end == ',' ? end + 1 : end + (*end != '\0');
	}
}

/* A step's timeline entry: "Next step: call Ana (due 8 Dec)" when set,
 * "Done: call Ana" when done, with a form to reopen a done step while
 * the deal has none open.  Returns the entry's kind. */
static const char *
step_entry(struct timeline_state *ts, tmpl_dict *row,
    const struct timeline_entry *e, char *what, size_t size)
{
	const char *due = e->from_status;
	if (e->kind == TL_STEP_SET) {
		snprintf(what, size, "Next step: %s%s%s%s", e->to_stage,
		    *due ? " (due " : "", due, *due ? ")" : "");
		return "step";
	}
	snprintf(what, size, "Done: %s", e->to_stage);
	const struct deal *d = ts->deal;
	if (ts->owner && d->status == DEAL_OPEN && d->next_step[0] == '\0' &&
	    d->next_step_due[0] == '\0') {
		tmpl_dict *f = tmpl_add_section(row, "STEP_REOPEN");
		tmpl_set_int(f, "DEAL_ID", d->id);
		tmpl_set_int(f, "STEP_ID", e->id);
		tmpl_set_str(f, "CSRF", ts->r->csrf);
	}
	return "done";
}

static int
add_timeline_entry(const struct timeline_entry *e, void *arg)
{
	struct timeline_state *ts = arg;
	tmpl_dict *row = tmpl_add_section(ts->d, "ENTRY");
	char when[32], what[2400];
	page_format_time(when, sizeof(when), e->at);
	tmpl_set_str(row, "WHEN", when);
	tmpl_set_str(row, "WHO", e->who);
	const char *kind = "move";
	char criteria_note[64] = "";
	if (e->skipped_criteria > 0)
		snprintf(criteria_note, sizeof(criteria_note),
		    ", leaving %d %s unticked", e->skipped_criteria,
		    plural(e->skipped_criteria, "criterion", "criteria"));
	if (e->kind == TL_EDIT) {
		snprintf(what, sizeof(what), "Edited %s", e->note);
		kind = "edit";
		add_edit_values(ts, row, e->id);
	} else if (e->kind == TL_TICK) {
		snprintf(what, sizeof(what), "Ticked: %s", e->to_stage);
		kind = "tick";
	} else if (e->kind == TL_UNTICK) {
		snprintf(what, sizeof(what), "Unticked: %s", e->to_stage);
		kind = "untick";
	} else if (e->kind == TL_AID) {
		int o = aid_outcome_from_name(e->from_status);
		snprintf(what, sizeof(what), "Used %s (%s)", e->to_stage,
		    o < 0 ? "" : aid_outcome_label((enum aid_outcome)o));
		kind = "aid";
	} else if (e->kind == TL_STEP_SET || e->kind == TL_STEP_DONE) {
		kind = step_entry(ts, row, e, what, sizeof(what));
	} else if (e->kind == TL_IMPORT) { /* CSV import */
		char day[DATE_SIZE];
		date_of(e->at, day);
		snprintf(what, sizeof(what), "%s at %s on %s%s%s",
		    e->from_stage[0] ? "Updated by an import" : "Imported",
		    e->to_stage, day, strcmp(e->to_status, "open") ? ", " : "",
		    strcmp(e->to_status, "open") ? e->to_status : "");
		kind = "create";
	} else if (e->from_stage[0] == '\0') {
		snprintf(what, sizeof(what), "Logged at %s", e->to_stage);
		kind = "create";
	} else if (strcmp(e->from_status, "open") != 0) {
		snprintf(what, sizeof(what), "Reopened in %s", e->to_stage);
		kind = "reopen";
	} else if (strcmp(e->to_status, "open") != 0) {
		char stages_note[48] = "";
		if (e->skipped_stages > 0)
			snprintf(stages_note, sizeof(stages_note),
			    ", skipping %d "
			    "stage%s",
			    e->skipped_stages,
			    e->skipped_stages == 1 ? "" : "s");
		snprintf(what, sizeof(what), "Closed as %s at %s%s%s",
		    e->to_status, e->to_stage, stages_note, criteria_note);
		kind = strcmp(e->to_status, "won") == 0 ? "won" : "lost";
	} else if (e->to_position < e->from_position) {
		snprintf(what, sizeof(what), "Moved back from %s to %s",
		    e->from_stage, e->to_stage);
		kind = "back";
	} else if (e->skipped_stages > 0) {
		snprintf(what, sizeof(what),
		    "Moved from %s to %s, skipping %d "
		    "%s%s",
		    e->from_stage, e->to_stage, e->skipped_stages,
		    plural(e->skipped_stages, "stage", "stages"),
		    criteria_note);
		kind = "skip";
	} else {
		snprintf(what, sizeof(what), "Moved from %s to %s%s",
		    e->from_stage, e->to_stage, criteria_note);
		if (e->skipped_criteria > 0)
			kind = "skip";
	}
	tmpl_set_str(row, "WHAT", what);
	tmpl_set_str(row, "KIND", kind);
	if (e->kind != TL_EDIT && e->note[0])
		tmpl_set_str(tmpl_add_section(row, "NOTE"), "TEXT", e->note);
	if (e->kind == TL_CHANGE && e->skipped_ids[0]) {
		struct buf names = { 0 };
		criteria_names(ts, e->skipped_ids, &names);
		if (names.len)
			tmpl_set_str(tmpl_add_section(row, "SKIPPED_LIST"),
			    "NAMES", names.data);
		buf_free(&names);
	}
	ts->entries++;
	return 0;
}

static void
fill_edit_defaults(tmpl_dict *d, const struct deal *deal)
{
	tmpl_set_str(d, "COMPANY_VALUE", deal->company);
	tmpl_set_str(d, "CONTACT_VALUE", deal->contact);
	tmpl_set_str(d, "TITLE_VALUE", deal->title);
	tmpl_set_str(d, "SOURCE_VALUE", deal->source);
	tmpl_set_str(d, "EXPECTED_CLOSE_VALUE", deal->expected_close);
	tmpl_set_str(d, "NEXT_STEP_VALUE", deal->next_step);
	tmpl_set_str(d, "NEXT_STEP_DUE_VALUE", deal->next_step_due);
	char amount[40] = "";
	if (deal->has_amount)
		amount_format_plain(amount, sizeof(amount), deal->amount);
	tmpl_set_str(d, "AMOUNT_VALUE", amount);
}

/* The deal's facts at the top of the page: company, contact and the
 * rest (a dash when unknown), owner, amount, stage, next step, status,
 * days in stage or closed, a lost reason, a late entry, and a problem
 * for the whole page when a form came back with one. */
static void
fill_facts(struct req *r, tmpl_dict *d, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms)
{
	tmpl_set_int(d, "ID", deal->id);
	bool rep = r->session.user.role == ROLE_REP;
	tmpl_set_str(d, "BACK_HREF", rep ? "/deals" : "/team");
	tmpl_set_str(d, "BACK_LABEL", rep ? "My deals" : "Team");
	tmpl_set_str(d, "COMPANY", deal->company);
	/* Facts show a dash when unknown, like a missing amount. */
	const struct {
		const char *key;
		const char *value;
	} facts[] = {
		{ "CONTACT", deal->contact },
		{ "TITLE", deal->title },
		{ "SOURCE", deal->source },
		{ "EXPECTED_CLOSE", deal->expected_close },
	};
	for (size_t i = 0; i < GW_ARRAY_LEN(facts); i++)
		tmpl_set_str(d, facts[i].key,
		    facts[i].value[0] ? facts[i].value : "—");
	tmpl_set_str(d, "OWNER", deal->owner_name);
	deal_page_set_amount(d, "AMOUNT", deal);
	deal_page_set_stage(d, s, deal->stage_id);
	char now[DATE_SIZE];
	date_of(r->now, now);
	deal_page_set_next_step(d, now, deal);
	tmpl_set_str(d, "STATUS", deal_status_name(deal->status));
	if (forms && forms->problem)
		tmpl_set_str(tmpl_add_section(d, "PROBLEM"), "MESSAGE",
		    forms->problem);
	if (deal->status == DEAL_OPEN)
		deal_page_set_days(d,
		    days_between(deal->stage_entered_at, r->now));
	else
		tmpl_show_section(d, "CLOSED");
	if (deal->status == DEAL_LOST && deal->lost_reason[0])
		tmpl_set_str(tmpl_add_section(d, "LOST_REASON"), "TEXT",
		    deal->lost_reason);
	if (deal->late_entry) {
		const struct stage *first = pipeline_find(s->list, s->n,
		    deal->first_stage_id);
		tmpl_set_str(tmpl_add_section(d, "LATE_ENTRY"), "STAGE",
		    first ? first->name : "?");
	}
}

/* The next action at the top of an open deal's page: "Done - what's
 * next?" (or "Set next step" when none is open), Reschedule for an
 * open step, and one tap to the next stage.  unticked is how many of
 * this stage's criteria a move forward leaves unticked. */
static void
fill_next_action(struct req *r, tmpl_dict *d, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms, int unticked)
{
	char now[DATE_SIZE];
	date_of(r->now, now);
	bool open = deal->next_step[0] || deal->next_step_due[0];
	tmpl_dict *sf = tmpl_add_section(d, "STEP_FORM");
	tmpl_set_int(sf, "ID", deal->id);
	tmpl_set_str(sf, "TODAY", now);
	tmpl_set_str(sf, "BUTTON", open ? "Done — set next" : "Set next step");
	if (open)
		tmpl_show_section(sf, "HAS_OPEN");
	else
		tmpl_show_section(sf, "NEED_TEXT");
	if (forms && forms->step)
		form_fill(forms->step, sf);
	if (open) {
		tmpl_dict *rf = tmpl_add_section(d, "RESCHEDULE_FORM");
		tmpl_set_int(rf, "ID", deal->id);
		tmpl_set_str(rf, "TODAY", now);
		if (forms && forms->reschedule) {
			form_fill(forms->reschedule, rf);
			tmpl_show_section(rf, "RESCHEDULE_OPEN");
		} else {
			tmpl_set_str(rf, "DUE_VALUE", deal->next_step_due);
		}
	}
	const struct stage *next = pipeline_next(s->list, s->n,
	    deal->stage_position);
	if (next) {
		tmpl_dict *qm = tmpl_add_section(d, "QUICK_MOVE");
		tmpl_set_int(qm, "ID", deal->id);
		tmpl_set_int(qm, "TO_ID", next->id);
		tmpl_set_str(qm, "TO_NAME", next->name);
		if (unticked > 0)
			page_set_count(tmpl_add_section(qm, "UNTICKED_COUNT"),
			    "TEXT", unticked, "criterion", "criteria");
	}
}

/* An open deal's move form (naming the criteria a move would leave
 * unticked) and close form, each as typed when it came back.  Returns
 * false after answering 500. */
static bool
fill_move_close(struct req *r, tmpl_dict *d, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms)
{
	tmpl_dict *mv = tmpl_add_section(d, "MOVE_FORM");
	tmpl_set_int(mv, "ID", deal->id);
	int unticked = deal_page_unticked(r, deal, NULL, mv);
	if (unticked < 0) {
		resp_internal(r, "reading the checklist failed");
		return false;
	}
	fill_next_action(r, d, s, deal, forms, unticked);
	if (forms && forms->move) {
		form_fill(forms->move, mv);
		tmpl_show_section(mv, "MOVE_OPEN");
	}
	int64_t chosen = forms && forms->move
	                     ? strtoll(form_value(forms->move, "to_stage_id"),
	                           NULL, 10)
	                     : 0;
	deal_page_stage_options(mv, s, chosen, deal->stage_id);
	tmpl_dict *cl = tmpl_add_section(d, "CLOSE_FORM");
	tmpl_set_int(cl, "ID", deal->id);
	if (forms && forms->close) {
		form_fill(forms->close, cl);
		tmpl_show_section(cl, "CLOSE_OPEN");
		const char *o = form_value(forms->close, "outcome");
		if (strcmp(o, "won") == 0)
			tmpl_show_section(cl, "WON_CHECKED");
		if (strcmp(o, "lost") == 0)
			tmpl_show_section(cl, "LOST_CHECKED");
	}
	return true;
}

/* The forms only the deal's owner sees: move and close, or reopen,
 * and edit; READ_ONLY for everyone else.  Returns false after
 * answering 500. */
static bool
fill_owner_forms(struct req *r, tmpl_dict *d, const struct stages *s,
    const struct deal *deal, bool owner, const struct deal_forms *forms)
{
	if (!owner) {
		tmpl_show_section(d, "READ_ONLY");
		return true;
	}
	if (deal->status == DEAL_OPEN) {
		if (!fill_move_close(r, d, s, deal, forms))
			return false;
	} else {
		tmpl_set_int(tmpl_add_section(d, "REOPEN_FORM"), "ID",
		    deal->id);
	}
	tmpl_dict *ed = tmpl_add_section(d, "EDIT_FORM");
	tmpl_set_int(ed, "ID", deal->id);
	tmpl_set_str(ed, "CURRENCY", deal->currency);
	if (forms && forms->edit) {
		form_fill(forms->edit, ed);
		tmpl_show_section(ed, "EDIT_OPEN");
	} else {
		fill_edit_defaults(ed, deal);
	}
	return true;
}

/* The timeline, newest first, each edit with its values and each
 * skipping move naming the criteria it left.  Returns false after
 * answering 500. */
static bool
fill_timeline(struct req *r, tmpl_dict *d, const struct deal *deal, bool owner)
{
	struct timeline_state ts = { r, deal, d, 0, NULL, 0, NULL, 0, 0,
		owner };
	int ncr = criteria_count(r->db, 0);
	ts.criteria = arena_alloc(&r->arena,
	    (size_t)(ncr > 0 ? ncr : 1) * sizeof(*ts.criteria));
	ts.ncriteria = ncr < 0 ? -1 : criteria_list(r->db, 0, ts.criteria, ncr);
	if (ts.ncriteria < 0) {
		resp_internal(r, "loading the criteria failed");
		return false;
	}
	if (deal_edit_values(r->db, deal->id, keep_edit_value, &ts) != DB_OK ||
	    deal_timeline(r->db, deal->id, add_timeline_entry, &ts) != DB_OK) {
		resp_internal(r, "loading the timeline failed");
		return false;
	}
	return true;
}

void
deal_page_render(struct req *r, int status, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms)
{
	tmpl_dict *d = page_begin(r, deal->company, "deal.tpl");
	fill_facts(r, d, s, deal, forms);
	bool owner = deal->owner_id == r->session.user.id &&
	             r->session.user.role == ROLE_REP;
	if (r->session.user.role == ROLE_MANAGER &&
	    deal->team_id == r->session.user.team_id) {
		tmpl_dict *cl = tmpl_add_section(d, "COACH_LINK");
		tmpl_set_int(cl, "REP", deal->owner_id);
		tmpl_set_int(cl, "DEAL", deal->id);
	}
	if (fill_owner_forms(r, d, s, deal, owner, forms) &&
	    fill_playbook(r, d, deal, owner, forms) &&
	    fill_timeline(r, d, deal, owner))
		page_finish(r, status);
}

/* ----------------------------------------------------------------- */
/* Loading the deal                                                  */

static struct viewer
viewer_of(const struct req *r)
{
	struct viewer v = { r->session.user.id, r->session.user.role,
		r->session.user.team_id };
	return v;
}

/* Load the {id} deal for this viewer, or answer 404.  false when
 * answered. */
bool
deal_page_load(struct req *r, struct deal *deal)
{
	struct viewer v = viewer_of(r);
	int rc = deal_get(r->db, r->path_id, &v, deal);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return false;
	}
	if (rc != DB_OK) {
		resp_internal(r, "loading a deal failed");
		return false;
	}
	return true;
}

/* Load the deal for a change by its owner: 404 for anyone else. */
bool
deal_page_load_own(struct req *r, struct stages *s, struct deal *deal)
{
	if (!page_load_stages(r, s) || !deal_page_load(r, deal))
		return false;
	if (deal->owner_id != r->session.user.id) {
		resp_error(r, 404);
		return false;
	}
	return true;
}
