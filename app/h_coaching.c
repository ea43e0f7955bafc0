/*
 * h_coaching.c - the manager's coaching to-do list (/team/coaching), the
 * coaching-session form (/team/sessions/new), the page of the
 * shift-and-lift meter (/team/time; the meter itself is coach_meter.c),
 * and a rep's view of their coaching (/coaching).  A
 * manager works only on their own team; every write names the team in
 * its statement, so another team's item or rep is simply not found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "coach_meter.h"
#include "coach_sync.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_team.h"
#include "form.h"
#include "measures.h"
#include "page.h"
#include "resp.h"
#include "rollup.h"
#include "route.h"
#include "session.h"
#include "team_scope.h"

#define DAY 86400
#define FOLLOW_DAYS ROLLUP_FOLLOW_DAYS

/* The form of a date; the snooze's range is checked with today. */
static const char *
valid_future_date(const char *v)
{
	return date_problem(v);
}

static const char *
valid_minutes(const char *v)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > 480 || *v == '+' || *v == '-'
	           ? "Enter minutes from 1 to 480."
	           : NULL;
}

static const char *
valid_kind(const char *v)
{
	return session_kind_from_name(v) < 0 ? "Choose what kind of session."
	                                     : NULL;
}

static const char *
valid_flag(const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "Tick the box or leave it.";
}

static const struct field done_fields[] = {
	{ "note", "Note", COACH_NOTE_MAX, false, NULL },
	{ "private", "Private", 1, false, valid_flag },
};
static const struct field snooze_fields[] = {
	{ "until", "Snooze until", 10, true, valid_future_date },
};
static const struct field dismiss_fields[] = {
	{ "reason", "Reason", COACH_REASON_MAX, true, NULL },
};
static const struct field add_fields[] = {
	{ "rep_id", "Rep", 19, true, valid_id_or_empty },
	{ "deal_id", "Deal number", 19, false, valid_id_or_empty },
	{ "reason", "What to coach", COACH_REASON_MAX, true, NULL },
};
static const struct field session_fields[] = {
	/* Required unless the deal names it (session_rep). */
	{ "rep_id", "Rep", 19, false, valid_id_or_empty },
	{ "deal_id", "Deal number", 19, false, valid_id_or_empty },
	{ "minutes", "Minutes", 3, true, valid_minutes },
	{ "kind", "Kind", 20, true, valid_kind },
	{ "notes", "Notes", SESSION_NOTES_MAX, false, NULL },
	{ "private", "Private", 1, false, valid_flag },
};

/*
 * The team shown (team_scope_resolve()), or 404.  With writable NULL
 * the request writes, and only the team's manager may: anyone else gets
 * 404 and nothing changes.  Returns false when answered.
 */
static bool
my_team(struct req *r, struct team *t, bool *writable)
{
	struct team_scope s;
	if (!team_scope_resolve(r, 0, &s))
		return false;
	if (writable == NULL && !s.writable) {
		resp_error(r, 404);
		return false;
	}
	*t = s.team;
	if (writable)
		*writable = s.writable;
	return true;
}

struct rep_choice {
	tmpl_dict *d;
	const char *section;
	int64_t chosen;
	int n;
};

static int
add_rep_option(const struct user *u, void *arg)
{
	struct rep_choice *rc = arg;
	if (u->role != ROLE_REP)
		return 0;
	tmpl_dict *o = tmpl_add_section(rc->d, rc->section);
	tmpl_set_int(o, "ID", u->id);
	tmpl_set_str(o, "NAME", u->name);
	if (u->id == rc->chosen)
		tmpl_show_section(o, "SELECTED");
	rc->n++;
	return 0;
}

struct item_list {
	struct req *r;
	tmpl_dict *d;
	tmpl_dict *group;
	int64_t group_rep;
	const struct form *failed; /* a form that came back with errors */
	int64_t failed_id;
	const char *failed_action;
	int n;
	bool read_only; /* no forms, no private notes (team_scope.h) */
	int64_t team_id;
};

static int
add_item(const struct coaching_item *i, void *arg)
{
	struct item_list *il = arg;
	if (il->group == NULL || il->group_rep != i->rep_id) {
		il->group = tmpl_add_section(il->d, "REP_GROUP");
		il->group_rep = i->rep_id;
		tmpl_set_str(il->group, "REP_NAME", i->rep_name);
		tmpl_set_int(il->group, "REP_ID", i->rep_id);
		tmpl_set_int(il->group, "TEAM_ID", il->team_id);
		if (!il->read_only)
			tmpl_show_section(il->group, "CAN_WRITE");
	}
	tmpl_dict *row = tmpl_add_section(il->group, "ITEM");
	tmpl_set_int(row, "ID", i->id);
	tmpl_set_str(row, "RULE", coach_rule_label((enum coach_rule)i->rule));
	tmpl_set_str(row, "REASON", i->reason);
	tmpl_set_str(row, "CSRF", il->r->csrf);
	if (!il->read_only)
		tmpl_show_section(row, "CAN_WRITE");
	if (i->early)
		tmpl_show_section(row, "EARLY");
	if (i->deal_id) {
		tmpl_dict *deal = tmpl_add_section(row, "DEAL");
		tmpl_set_int(deal, "ID", i->deal_id);
		tmpl_set_int(deal, "REP_ID", i->rep_id);
		if (!il->read_only)
			tmpl_show_section(deal, "CAN_WRITE");
	}
	if (i->status == COACH_SNOOZED)
		tmpl_set_str(tmpl_add_section(row, "SNOOZED"), "UNTIL",
		    i->snooze_until);
	if (il->failed && il->failed_id == i->id) {
		/* The refused form comes back open, with what was typed. */
		form_fill(il->failed, row);
		if (strcmp(form_value(il->failed, "private"), "1") == 0)
			tmpl_show_section(row, "PRIVATE_CHECKED");
		tmpl_show_section(row, "OPEN_ACTIONS");
	}
	il->n++;
	return 0;
}

static int
add_closed(const struct coaching_item *i, void *arg)
{
	struct item_list *il = arg;
	tmpl_dict *row = tmpl_add_section(il->d, "CLOSED");
	char when[32];
	page_format_time(when, sizeof(when), i->closed_at);
	tmpl_set_str(row, "WHEN", when);
	tmpl_set_str(row, "REP_NAME", i->rep_name);
	tmpl_set_str(row, "REASON", i->reason);
	tmpl_set_str(row, "STATUS", coach_status_name(i->status));
	tmpl_set_str(row, "BY", i->closed_by[0] ? i->closed_by : "Groundwork");
	if (i->close_note[0] && !(i->private_note && il->read_only)) {
		tmpl_dict *n = tmpl_add_section(row, "NOTE");
		tmpl_set_str(n, "TEXT", i->close_note);
		if (i->private_note)
			tmpl_show_section(n, "PRIVATE");
	}
	il->n++;
	return 0;
}

/* The list page; failed is a form that came back with errors.  Without
 * writable, it shows no forms and no private notes. */
static void
render_list(struct req *r, int status, const struct team *t, bool writable,
    const struct form *failed, int64_t failed_id, const char *action,
    const struct form *add)
{
	tmpl_dict *d = page_begin(r, "Coaching", "coaching.tpl");
	tmpl_set_str(d, "TEAM_NAME", t->name);
	bool read_only = !writable;
	if (writable)
		tmpl_show_section(d, "CAN_WRITE");
	char today[DATE_SIZE];
	date_of(r->now, today);
	tmpl_set_str(d, "TODAY", today);
	tmpl_set_int(d, "TEAM_ID", t->id);
	struct item_list il = { r, d, NULL, 0, failed, failed_id, action, 0,
		read_only, t->id };
	if (coach_items_live(r->db, t->id, add_item, &il) != DB_OK) {
		resp_internal(r, "listing coaching items failed");
		return;
	}
	if (il.n == 0)
		tmpl_show_section(d, "NOTHING_OPEN");
	struct item_list cl = { r, d, NULL, 0, NULL, 0, NULL, 0, read_only,
		t->id };
	if (coach_items_closed(r->db, t->id, add_closed, &cl) != DB_OK) {
		resp_internal(r, "listing closed items failed");
		return;
	}
	if (cl.n == 0)
		tmpl_show_section(d, "NONE_CLOSED");
	int64_t created = 0, done = 0;
	if (rollup_follow_through(r->db, t->id, r->now, &done, &created) !=
	    DB_OK) {
		resp_internal(r, "follow-through failed");
		return;
	}
	page_set_share(d, "FOLLOW", done, created);
	tmpl_set_str(d, "FOLLOW_NOUN", plural(created, "item", "items"));
	page_set_count(d, "FOLLOW_DAYS", FOLLOW_DAYS, "day", "days");
	if (read_only) {
		page_finish(r, status);
		return;
	}
	tmpl_dict *af = tmpl_add_section(d, "ADD_FORM");
	if (add)
		form_fill(add, af);
	struct rep_choice rc = { af, "REP_OPTION",
		add ? strtoll(form_value(add, "rep_id"), NULL, 10) : 0, 0 };
	if (team_reps(r->db, t->id, add_rep_option, &rc) != DB_OK) {
		resp_internal(r, "listing reps failed");
		return;
	}
	page_finish(r, status);
}

/*
 * GET /team/coaching - run the rules, then list the open items grouped
 * by rep (early stages first), the closed ones, and the follow-through
 * rate.  200; 404 for a manager without a team.  An admin or a
 * director reads any team they may see (?team=), without the forms.
 */
void
h_coaching_get(struct req *r)
{
	struct team t;
	bool writable;
	if (!my_team(r, &t, &writable))
		return;
	if (coach_sync(r->db, t.id, r->now) != DB_OK) {
		resp_internal(r, "running the coaching rules failed");
		return;
	}
	render_list(r, 200, &t, writable, NULL, 0, NULL, NULL);
}

static void
finish(struct req *r, int rc, const char *flash, const char *to)
{
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		resp_error(r, 404);
		return;
	}
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving coaching failed (%d)", rc);
		return;
	}
	session_flash(r, flash);
	resp_redirect(r, to);
}

static int
audit(struct req *r, const char *action, int64_t id, const char *detail)
{
	char subject[40];
	snprintf(subject, sizeof(subject), "coaching:%lld", (long long)id);
	return audit_add(r->db, r->session.user.id, action, subject, detail,
	    r->remote_addr);
}

/*
 * POST /team/coaching - add an item by hand about a rep of the team
 * (optionally one of their deals).  303; 422 with the form kept.
 */
void
h_coaching_post(struct req *r)
{
	struct team t;
	if (!my_team(r, &t, NULL))
		return;
	struct form f;
	form_read(&f, r, add_fields, GW_ARRAY_LEN(add_fields));
	if (f.errors) {
		render_list(r, 422, &t, true, NULL, 0, NULL, &f);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = coach_item_add(r->db, t.id,
	    strtoll(form_value(&f, "rep_id"), NULL, 10),
	    strtoll(form_value(&f, "deal_id"), NULL, 10),
	    form_value(&f, "reason"), r->session.user.id, r->now);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		form_fail(&f, *form_value(&f, "deal_id") ? "deal_id" : "rep_id",
		    "Choose a rep of your team, and one of their deals.");
		render_list(r, 422, &t, true, NULL, 0, NULL, &f);
		return;
	}
	if (rc == DB_OK)
		rc = audit(r, "coaching-add", 0, form_value(&f, "reason"));
	finish(r, rc, "Added to your coaching list.", "/team/coaching");
}

/* The three actions on an item share their shape. */
enum item_action { ACT_DONE, ACT_SNOOZE, ACT_DISMISS };

static void
item_action(struct req *r, enum item_action act)
{
	struct team t;
	if (!my_team(r, &t, NULL))
		return;
	static const struct {
		const struct field *fields;
		size_t n;
		const char *name;
	} forms[] = {
		[ACT_DONE] = { done_fields, GW_ARRAY_LEN(done_fields), "done" },
		[ACT_SNOOZE] = { snooze_fields, GW_ARRAY_LEN(snooze_fields),
		    "snooze" },
		[ACT_DISMISS] = { dismiss_fields, GW_ARRAY_LEN(dismiss_fields),
		    "dismiss" },
	};
	struct form f;
	form_read(&f, r, forms[act].fields, forms[act].n);
	char today[DATE_SIZE], last[DATE_SIZE];
	date_of(r->now, today);
	date_add_years(today, 1, last);
	const char *until = form_value(&f, "until");
	if (act == ACT_SNOOZE && f.errors == 0 && strcmp(until, today) <= 0)
		form_fail(&f, "until", "Snooze until a day after today.");
	else if (act == ACT_SNOOZE && f.errors == 0 && strcmp(until, last) > 0)
		form_fail(&f, "until",
		    arena_printf(&r->arena,
		        "Snooze for a year at most: until %s at the latest.",
		        last));
	if (f.errors) {
		render_list(r, 422, &t, true, &f, r->path_id, forms[act].name,
		    NULL);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc;
	const char *flash;
	if (act == ACT_SNOOZE) {
		rc = coach_item_snooze(r->db, r->path_id, t.id,
		    form_value(&f, "until"));
		flash = "Snoozed; it comes back on that day.";
	} else {
		bool done = act == ACT_DONE;
		rc = coach_item_close(r->db, r->path_id, t.id,
		    done ? COACH_DONE : COACH_DISMISSED, r->session.user.id,
		    form_value(&f, done ? "note" : "reason"),
		    done && strcmp(form_value(&f, "private"), "1") == 0,
		    r->now);
		flash = done ? "Marked done." : "Dismissed.";
	}
	if (rc == DB_OK)
		rc = audit(r,
		    act == ACT_DONE     ? "coaching-done"
		    : act == ACT_SNOOZE ? "coaching-snooze"
		                        : "coaching-dismiss",
		    r->path_id, NULL);
	finish(r, rc, flash, "/team/coaching");
}

/*
 * POST /team/coaching/{id}/done|snooze|dismiss - act on an item of the
 * manager's team.  303; 422 with the form kept; 404 for an item of
 * another team or one already closed.
 */
void
h_coaching_done_post(struct req *r)
{
	item_action(r, ACT_DONE);
}

void
h_coaching_snooze_post(struct req *r)
{
	item_action(r, ACT_SNOOZE);
}

void
h_coaching_dismiss_post(struct req *r)
{
	item_action(r, ACT_DISMISS);
}

/*
 * The rep a session is with: the one chosen, or else the owner of the
 * deal given, when it is a deal of team t.  Sets *deal_owner (0 when no
 * deal of the team is given) and, when deal_owner_name is not NULL,
 * copies the owner's name into it.  0 when there is neither.
 */
static int64_t
session_rep(struct req *r, const struct team *t, const char *rep_text,
    const char *deal_text, int64_t *deal_owner, char *deal_owner_name,
    size_t name_size)
{
	*deal_owner = 0;
	int64_t deal_id = strtoll(deal_text, NULL, 10);
	struct deal deal;
	if (deal_id > 0 && team_deal(r->db, t->id, deal_id, &deal) == DB_OK) {
		*deal_owner = deal.owner_id;
		if (deal_owner_name)
			str_copy(deal_owner_name, name_size, deal.owner_name);
	}
	int64_t rep = strtoll(rep_text, NULL, 10);
	return rep ? rep : *deal_owner;
}

static void
render_session_form(struct req *r, int status, const struct team *t,
    const struct form *f)
{
	tmpl_dict *d = page_begin(r, "Log a coaching session",
	    "session_new.tpl");
	tmpl_set_str(d, "TEAM_NAME", t->name);
	int64_t owner;
	int64_t rep = f ? strtoll(form_value(f, "rep_id"), NULL, 10)
	                : session_rep(r, t, req_query(r, "rep"),
	                      req_query(r, "deal"), &owner, NULL, 0);
	if (f) {
		form_fill(f, d);
	} else {
		page_set_text(d, "DEAL_ID_VALUE", req_query(r, "deal"),
		    strlen(req_query(r, "deal")));
		tmpl_set_str(d, "MINUTES_VALUE", "30");
	}
	const char *kind = f ? form_value(f, "kind") : "deal_review";
	for (int k = 0; k < SK__MAX; k++) {
		tmpl_dict *o = tmpl_add_section(d, "KIND_OPTION");
		tmpl_set_str(o, "VALUE",
		    session_kind_name((enum session_kind)k));
		tmpl_set_str(o, "LABEL",
		    session_kind_label((enum session_kind)k));
		if (strcmp(kind, session_kind_name((enum session_kind)k)) == 0)
			tmpl_show_section(o, "SELECTED");
	}
	if (f && strcmp(form_value(f, "private"), "1") == 0)
		tmpl_show_section(d, "PRIVATE_CHECKED");
	struct rep_choice rc = { d, "REP_OPTION", rep, 0 };
	if (team_reps(r->db, t->id, add_rep_option, &rc) != DB_OK) {
		resp_internal(r, "listing reps failed");
		return;
	}
	page_finish(r, status);
}

/*
 * GET /team/sessions/new - the session form (?rep= and ?deal= fill it
 * in from the rep page, a deal or the coaching list; a deal of the team
 * alone chooses its rep).  200; 404 without a team.
 */
void
h_coaching_session_new_get(struct req *r)
{
	struct team t;
	if (my_team(r, &t, NULL))
		render_session_form(r, 200, &t, NULL);
}

/*
 * POST /team/sessions/new - log a session with a rep of the team; tied
 * to a deal, it is stamped with the deal's stage now.  Without a rep,
 * the deal's owner is the rep.  303 to the meter; 422 with everything
 * typed kept.
 */
void
h_coaching_session_new_post(struct req *r)
{
	struct team t;
	if (!my_team(r, &t, NULL))
		return;
	struct form f;
	form_read(&f, r, session_fields, GW_ARRAY_LEN(session_fields));
	int64_t owner;
	char owner_name[USER_NAME_MAX * 4 + 1] = "";
	int64_t rep = session_rep(r, &t, form_value(&f, "rep_id"),
	    form_value(&f, "deal_id"), &owner, owner_name, sizeof(owner_name));
	if (rep == 0 && *form_value(&f, "deal_id") == '\0')
		form_fail(&f, "rep_id",
		    "Choose a rep, or give one of their deals.");
	else if (rep == 0)
		form_fail(&f, "deal_id",
		    "That deal is not one of your team's deals.");
	else if (owner && rep != owner)
		form_fail(&f, "deal_id",
		    arena_printf(&r->arena,
		        "That deal is %s's: choose them as the rep, or another deal.",
		        owner_name));
	if (f.errors) {
		render_session_form(r, 422, &t, &f);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int64_t deal = strtoll(form_value(&f, "deal_id"), NULL, 10);
	int rc = coaching_session_add(r->db, t.id, r->session.user.id, rep,
	    deal, atoi(form_value(&f, "minutes")),
	    (enum session_kind)session_kind_from_name(form_value(&f, "kind")),
	    form_value(&f, "notes"),
	    strcmp(form_value(&f, "private"), "1") == 0, r->now);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		form_fail(&f, deal ? "deal_id" : "rep_id",
		    deal
		        ? "That deal is not one of this rep's deals in your team."
		        : "Choose a rep of your team.");
		render_session_form(r, 422, &t, &f);
		return;
	}
	if (rc == DB_OK)
		rc = audit(r, "coaching-session", 0, form_value(&f, "kind"));
	finish(r, rc, "Coaching session logged.", "/team/time");
}

struct session_rows {
	tmpl_dict *d;
	int n;
	bool read_only; /* leave private notes out */
};

static int
add_session_row(const struct coaching_session *s, void *arg)
{
	struct session_rows *sr = arg;
	tmpl_dict *row = tmpl_add_section(sr->d, "SESSION");
	char when[32];
	page_format_time(when, sizeof(when), s->at);
	tmpl_set_str(row, "WHEN", when);
	tmpl_set_str(row, "REP", s->rep);
	tmpl_set_str(row, "MANAGER", s->manager);
	tmpl_set_int(row, "MINUTES", s->minutes);
	tmpl_set_str(row, "KIND", session_kind_label(s->kind));
	if (s->deal_id) {
		tmpl_dict *dl = tmpl_add_section(row, "DEAL");
		tmpl_set_int(dl, "ID", s->deal_id);
		tmpl_set_str(dl, "COMPANY", s->company);
		tmpl_set_str(dl, "STAGE", s->stage);
		tmpl_set_str(dl, "FAMILY", s->early ? "early" : "late");
	}
	if (s->notes[0] && !(s->private_note && sr->read_only)) {
		tmpl_dict *n = tmpl_add_section(row, "NOTES");
		tmpl_set_str(n, "TEXT", s->notes);
		if (s->private_note)
			tmpl_show_section(n, "PRIVATE");
	}
	sr->n++;
	return 0;
}

static const char *
valid_percent(const char *v)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	return *v == '\0' || *end || n < 0 || n > 100 || *v == '+' || *v == '-'
	           ? "Enter a whole percentage from 0 to 100."
	           : NULL;
}

static const struct field target_fields[] = {
	{ "early_target", "Target early share", 3, true, valid_percent },
};

static void render_time(struct req *r, int status, const struct team *t,
    bool writable, const struct form *f);

/*
 * POST /team/time - set the team's target mix (the share of
 * deal-coaching minutes to spend on early stages).  303; 422 with the
 * typed value kept.
 */
void
h_coaching_time_post(struct req *r)
{
	struct team t;
	if (!my_team(r, &t, NULL))
		return;
	struct form f;
	form_read(&f, r, target_fields, GW_ARRAY_LEN(target_fields));
	if (f.errors) {
		render_time(r, 422, &t, true, &f);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = team_set_early_target(r->db, t.id,
	    atoi(form_value(&f, "early_target")));
	if (rc == DB_OK)
		rc = audit(r, "coaching-target", t.id,
		    form_value(&f, "early_target"));
	finish(r, rc, "Target saved.", "/team/time");
}

/*
 * GET /team/time - the shift-and-lift meter: coaching minutes by
 * stage, week by week over 12 weeks, against the target mix, with the
 * trend and the super-rep index; and the sessions logged.  200.
 */
void
h_coaching_time_get(struct req *r)
{
	struct team t;
	bool writable;
	if (my_team(r, &t, &writable))
		render_time(r, 200, &t, writable, NULL);
}

static void
render_time(struct req *r, int status, const struct team *t, bool writable,
    const struct form *f)
{
	const char *heading = writable ? "My coaching time" : "Coaching time";
	tmpl_dict *d = page_begin(r, heading, "team_time.tpl");
	tmpl_set_str(d, "HEADING", heading);
	tmpl_set_str(d, "TEAM_NAME", t->name);
	bool read_only = !writable;
	if (!coach_meter_fill(r, d, t->id)) {
		resp_internal(r, "computing the meter failed");
		return;
	}
	if (writable) {
		tmpl_show_section(d, "CAN_WRITE");
		tmpl_dict *tf = tmpl_add_section(d, "TARGET_FORM");
		int target = 50;
		if (f)
			form_fill(f, tf);
		else if (team_early_target(r->db, t->id, &target) != DB_ERROR)
			tmpl_set_int(tf, "EARLY_TARGET_VALUE", target);
	}
	struct session_rows sr = { d, 0, read_only };
	if (coaching_sessions_team(r->db, t->id,
	        r->now - (int64_t)METER_WEEKS * 7 * DAY, add_session_row,
	        &sr) != DB_OK) {
		resp_internal(r, "listing sessions failed");
		return;
	}
	if (sr.n == 0)
		tmpl_show_section(d, "NO_SESSIONS");
	page_finish(r, status);
}

/*
 * GET /coaching - a rep's own coaching: the items about them and their
 * deals (read-only) and the sessions logged with them.  The manager's
 * private notes are never shown.  200.
 */
void
h_coaching_mine_get(struct req *r)
{
	tmpl_dict *d = page_begin(r, "My coaching", "my_coaching.tpl");
	struct item_list il = { r, d, NULL, 0, NULL, 0, NULL, 0, true, 0 };
	if (coach_items_for_rep(r->db, r->session.user.id,
	        r->now - FOLLOW_DAYS * DAY, add_closed, &il) != DB_OK) {
		resp_internal(r, "listing coaching items failed");
		return;
	}
	if (il.n == 0)
		tmpl_show_section(d, "NO_ITEMS");
	struct session_rows sr = { d, 0, false };
	if (coaching_sessions_rep(r->db, r->session.user.id,
	        r->now - (int64_t)METER_WEEKS * 7 * DAY, add_session_row,
	        &sr) != DB_OK) {
		resp_internal(r, "listing sessions failed");
		return;
	}
	if (sr.n == 0)
		tmpl_show_section(d, "NO_SESSIONS");
	page_finish(r, 200);
}
