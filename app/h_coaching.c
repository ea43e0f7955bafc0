/*
 * h_coaching.c - the manager's coaching queue (/team/coaching: This
 * week, All items, closed), the coaching-session form
 * (/team/sessions/new), the page of the
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
#include "coach_reps.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_team.h"
#include "form.h"
#include "measures.h"
#include "page.h"
#include "page_cache.h"
#include "resp.h"
#include "rollup.h"
#include "route.h"
#include "session.h"
#include "team_scope.h"

#define DAY 86400
#define FOLLOW_DAYS 30
#define SESSION_BACKDATE_DAYS 14 /* a session may be logged this late */

/* The form of a date; its range is checked with today. */
static const char *
valid_date(const char *v)
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

static const struct field snooze_fields[] = {
	{ "until", "Snooze until", 10, true, valid_date },
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
	{ "deal_id", "Deal", 19, false, valid_id_or_empty },
	{ "minutes", "Minutes", 3, true, valid_minutes },
	{ "kind", "Kind", 20, true, valid_kind },
	{ "on", "Date", 10, false, valid_date },
	{ "notes", "Notes", SESSION_NOTES_MAX, false, NULL },
	{ "private", "Private", 1, false, valid_flag },
};
/* A session logged on an item: the rep and deal are the item's. */
static const struct field item_session_fields[] = {
	{ "minutes", "Minutes", 3, true, valid_minutes },
	{ "kind", "Kind", 20, true, valid_kind },
	{ "on", "Date", 10, false, valid_date },
	{ "notes", "Notes", SESSION_NOTES_MAX, false, NULL },
	{ "private", "Private", 1, false, valid_flag },
};

/*
 * Which team a coaching page is about, and whether this viewer may
 * change it (team_scope_resolve()): a manager on their own team writes;
 * an admin or a director reads the team of ?team=; anyone else gets
 * 404.  Returns false when answered.
 */
static bool
coaching_team(struct req *r, struct team *t, bool *may_write)
{
	struct team_scope s;
	if (!team_scope_resolve(r, 0, &s))
		return false;
	*t = s.team;
	*may_write = s.writable;
	return true;
}

/* A page that changes the team: its manager only. */
static bool
my_team(struct req *r, struct team *t)
{
	bool may_write;
	if (!coaching_team(r, t, &may_write))
		return false;
	if (!may_write) {
		resp_error(r, 404);
		return false;
	}
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

/* The kinds of session, with one chosen. */
static void
kind_options(tmpl_dict *d, const char *chosen)
{
	for (int k = 0; k < SK__MAX; k++) {
		tmpl_dict *o = tmpl_add_section(d, "KIND_OPTION");
		const char *name = session_kind_name((enum session_kind)k);
		tmpl_set_str(o, "VALUE", name);
		tmpl_set_str(o, "LABEL",
		    session_kind_label((enum session_kind)k));
		if (strcmp(chosen, name) == 0)
			tmpl_show_section(o, "SELECTED");
	}
}

#define QUEUE_PAGE 25   /* items on a page of All items */
#define QUEUE_COUNT 100 /* counted up to this: "100+" beyond */
#define REP_ITEMS_MAX 64

/* A failed inline form comes back open on its item, with what was
 * typed. */
struct failed {
	const struct form *form;
	int64_t item_id; /* or the rep, for a rep item */
	bool rep;
	const char *action; /* "session", "snooze" or "dismiss" */
};

struct queue_view {
	struct req *r;
	tmpl_dict *d;
	const char *section;
	const struct stages *stages;
	const struct failed *failed;
	bool may_write;
	int64_t focus_id;  /* the item of a refused form, shown first */
	int64_t focus_rep; /* or the rep of a rep item's refused form */
	char today[DATE_SIZE];
	char week_later[DATE_SIZE];
	char earliest[DATE_SIZE];
	int n;
};

/* The inline actions of an item (session, snooze a week, dismiss). */
static void
item_actions(struct queue_view *qv, tmpl_dict *row, const char *base,
    int64_t key, bool rep)
{
	if (!qv->may_write)
		return;
	tmpl_dict *a = tmpl_add_section(row, "ACTIONS");
	tmpl_set_str(a, "BASE", base);
	tmpl_set_int(a, "KEY", key);
	tmpl_set_str(a, "CSRF", qv->r->csrf);
	tmpl_set_str(a, "TODAY", qv->today);
	tmpl_set_str(a, "EARLIEST", qv->earliest);
	tmpl_set_str(a, "WEEK_LATER", qv->week_later);
	const struct failed *f = qv->failed;
	bool mine = f && f->form && f->rep == rep && f->item_id == key;
	const char *kind = "deal_review";
	tmpl_set_str(a, "MINUTES_VALUE", "30");
	tmpl_set_str(a, "ON_VALUE", qv->today);
	tmpl_set_str(a, "UNTIL_VALUE", qv->week_later);
	if (mine) {
		form_fill(f->form, a);
		tmpl_show_section(a, strcmp(f->action, "session") == 0
		                         ? "SESSION_OPEN"
		                         : "NOTNOW_OPEN");
		if (strcmp(form_value(f->form, "private"), "1") == 0)
			tmpl_show_section(a, "PRIVATE_CHECKED");
		if (*form_value(f->form, "kind"))
			kind = form_value(f->form, "kind");
	}
	kind_options(a, kind);
}

static void
why_line(tmpl_dict *row, unsigned mask, bool early, int64_t since,
    int64_t amount, int64_t now)
{
	struct coach_score sc;
	coach_score(mask, early, since, amount, now, &sc);
	char why[512];
	coach_score_line(&sc, mask, why, sizeof(why));
	tmpl_set_str(row, "WHY", why);
}

/* One item's row: This week and All items share coach_item.tpl. */
static tmpl_dict *
item_dict(struct queue_view *qv, const char *section)
{
	return tmpl_add_include(tmpl_add_section(qv->d, section), "ITEM_TPL",
	    "coach_item.tpl");
}

static int
add_queue_item(const struct coaching_item *i, void *arg)
{
	struct queue_view *qv = arg;
	if (i->id == qv->focus_id && strcmp(qv->section, "FOCUS") != 0)
		return 0;
	tmpl_dict *row = item_dict(qv,
	    strcmp(qv->section, "FOCUS") == 0 ? "TOP" : qv->section);
	tmpl_set_int(row, "ID", i->id);
	unsigned mask = i->causes;
	int64_t amount = 0;
	/* An item added by hand says what the manager wrote. */
	bool by_hand = (mask & (1u << CAUSE_HAND)) != 0;
	if (i->deal_id && !by_hand) {
		struct coach_facts f;
		struct coach_causes c;
		char line[2048];
		if (coach_deal_facts(qv->r->db, i->deal_id, 0, &f) == DB_OK) {
			coach_deal_causes(qv->stages->list, qv->stages->n, &f,
			    qv->r->now, qv->today, &c);
			/* Shown: the stored causes (what a person closed stays
			 * away), as they stand now. */
			unsigned active = coach_causes_active(&c, mask,
			    qv->r->now);
			coach_deal_line(qv->stages->list, qv->stages->n, &f, &c,
			    active, qv->r->now, false, line, sizeof(line));
			tmpl_set_str(row, "REASON", line);
			amount = f.amount;
		} else {
			tmpl_set_str(row, "REASON", i->reason);
		}
	} else {
		tmpl_set_str(row, "REASON", i->reason);
	}
	if (i->deal_id) {
		tmpl_dict *deal = tmpl_add_section(row, "DEAL");
		tmpl_set_int(deal, "ID", i->deal_id);
		tmpl_set_int(deal, "REP_ID", i->rep_id);
		if (qv->may_write)
			tmpl_set_int(tmpl_add_section(row, "SESSION_LINK"),
			    "DEAL_ID", i->deal_id);
	}
	if (i->early)
		tmpl_show_section(row, "EARLY");
	why_line(row, mask, i->early, i->active_at, amount, qv->r->now);
	tmpl_set_str(row, "REP_NAME", i->rep_name);
	tmpl_set_int(row, "REP_ID", i->rep_id);
	item_actions(qv, row, "/team/coaching/", i->id, false);
	qv->n++;
	return 0;
}

static void
add_rep_row(struct queue_view *qv, const struct coach_rep_item *ri)
{
	if (ri->rep_id == qv->focus_rep && strcmp(qv->section, "FOCUS") != 0)
		return;
	tmpl_dict *row = item_dict(qv,
	    strcmp(qv->section, "FOCUS") == 0 ? "TOP" : qv->section);
	tmpl_set_str(row, "REASON", ri->reason);
	tmpl_show_section(row, "EARLY");
	why_line(row, ri->causes, true, ri->since, 0, qv->r->now);
	tmpl_set_str(row, "REP_NAME", ri->name);
	tmpl_set_int(row, "REP_ID", ri->rep_id);
	item_actions(qv, row, "/team/coaching/reps/", ri->rep_id, true);
	qv->n++;
}

static void
week_deal(const struct coaching_item *i, void *qv)
{
	add_queue_item(i, qv);
}

static void
week_rep(const struct coach_rep_item *ri, void *qv)
{
	add_rep_row(qv, ri);
}

/* This week (coach_this_week()), after the item of a refused form,
 * which comes first wherever it ranks. */
static bool
fill_this_week(struct queue_view *qv, int64_t team_id, int top,
    const struct coach_rep_item *reps, int nreps)
{
	struct coaching_item *focus = arena_alloc(&qv->r->arena,
	    sizeof(*focus));
	if (qv->focus_id &&
	    coach_item_get(qv->r->db, qv->focus_id, team_id, focus) == DB_OK) {
		qv->section = "FOCUS";
		add_queue_item(focus, qv);
		qv->n--;
	}
	for (int k = 0; qv->focus_rep && k < nreps; k++)
		if (reps[k].rep_id == qv->focus_rep) {
			qv->section = "FOCUS";
			add_rep_row(qv, &reps[k]);
			qv->n--;
		}
	qv->section = "TOP";
	struct coach_filter f = { team_id, qv->r->now, qv->today, 0, 0, 0, top,
		0 };
	static const struct coach_week_fns fns = { week_deal, week_rep };
	return coach_this_week(qv->r->db, &f, reps, nreps, &fns, qv);
}

static int64_t
query_id(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	char *end = NULL;
	long long n = strtoll(v, &end, 10);
	return *v && end && *end == '\0' && n > 0 ? n : 0;
}

/* All items: the filters, a page of items, and the pager. */
static bool
fill_all(struct queue_view *qv, int64_t team_id, bool open,
    const struct coach_rep_item *reps, int nreps)
{
	int64_t total_reps = nreps;
	struct req *r = qv->r;
	struct coach_filter f = { team_id, r->now, qv->today,
		query_id(r, "rep"), query_id(r, "stage"), 0, QUEUE_PAGE, 0 };
	/* A cause by its number; 0 is an item added by hand. */
	const char *cv = req_query(r, "cause");
	int64_t cause = *cv ? query_id(r, "cause") : -1;
	if (strcmp(cv, "0") == 0)
		cause = 0;
	if (cause >= 0 && cause < CAUSE__MAX)
		f.causes = 1u << cause;
	else
		cause = -1;
	int64_t page = query_id(r, "page");
	if (page < 1 || page > 10000)
		page = 1;
	f.offset = (int)(page - 1) * QUEUE_PAGE;
	int64_t count = 0;
	if (coach_queue_count(r->db, &f, QUEUE_COUNT, &count) != DB_OK)
		return false;
	char shown[32];
	page_format_count(shown, sizeof(shown), count + total_reps);
	tmpl_set_str(qv->d, "ALL_COUNT",
	    count >= QUEUE_COUNT ? arena_printf(&r->arena, "%s+", shown)
	                         : shown);
	/* Listed only when asked for: This week is the page. */
	if (!open) {
		tmpl_show_section(qv->d, "ALL_CLOSED");
		return true;
	}
	tmpl_dict *all = tmpl_add_section(qv->d, "ALL");
	for (int s = 0; s < qv->stages->n; s++) {
		tmpl_dict *o = tmpl_add_section(all, "STAGE_OPTION");
		tmpl_set_int(o, "ID", qv->stages->list[s].id);
		tmpl_set_str(o, "NAME", qv->stages->list[s].name);
		if (qv->stages->list[s].id == f.stage_id)
			tmpl_show_section(o, "SELECTED");
	}
	for (int c = 0; c < CAUSE__MAX; c++) {
		tmpl_dict *o = tmpl_add_section(all, "CAUSE_OPTION");
		tmpl_set_int(o, "ID", c);
		tmpl_set_str(o, "NAME", coach_cause_label((enum coach_cause)c));
		if (c == cause)
			tmpl_show_section(o, "SELECTED");
	}
	struct rep_choice rc = { all, "REP_FILTER", f.rep_id, 0 };
	if (team_reps(r->db, team_id, add_rep_option, &rc) != DB_OK)
		return false;
	qv->d = all;
	qv->section = "ITEM";
	/* The rep items lead the first page when no filter leaves them
	 * out. */
	for (int i = 0; page == 1 && i < nreps; i++)
		if ((f.rep_id == 0 || f.rep_id == reps[i].rep_id) &&
		    f.stage_id == 0 &&
		    (f.causes == 0 || (f.causes & reps[i].causes)))
			add_rep_row(qv, &reps[i]);
	if (coach_queue(r->db, &f, add_queue_item, qv) != DB_OK)
		return false;
	if (qv->n == 0)
		tmpl_show_section(all, "NONE_MATCH");
	char base[160];
	/* A reader's pages keep the team they chose. */
	char team[32] = "";
	if (!qv->may_write)
		snprintf(team, sizeof(team), "&team=%lld", (long long)team_id);
	snprintf(base, sizeof(base), "all=1&rep=%lld&stage=%lld&cause=%s%s",
	    (long long)f.rep_id, (long long)f.stage_id,
	    cause >= 0 ? arena_printf(&r->arena, "%lld", (long long)cause) : "",
	    team);
	if (page > 1)
		tmpl_set_str(tmpl_add_section(all, "PREV"), "HREF",
		    arena_printf(&r->arena, "/team/coaching?%s&page=%lld#all",
		        base, (long long)(page - 1)));
	if ((int64_t)page * QUEUE_PAGE < count)
		tmpl_set_str(tmpl_add_section(all, "NEXT"), "HREF",
		    arena_printf(&r->arena, "/team/coaching?%s&page=%lld#all",
		        base, (long long)(page + 1)));
	tmpl_set_int(all, "PAGE", page);
	return true;
}

static int
add_closed(const struct coaching_item *i, void *arg)
{
	struct queue_view *qv = arg;
	tmpl_dict *row = tmpl_add_section(qv->d, "CLOSED");
	char when[32];
	page_format_time(when, sizeof(when), i->closed_at);
	tmpl_set_str(row, "WHEN", when);
	tmpl_set_str(row, "REP_NAME", i->rep_name);
	tmpl_set_str(row, "REASON", i->reason);
	tmpl_set_str(row, "STATUS",
	    i->by_person || i->status == COACH_DONE
	        ? coach_status_name(i->status)
	        : "resolved");
	tmpl_set_str(row, "BY", i->closed_by[0] ? i->closed_by : "Groundwork");
	/* A reader who is not the manager never sees a private note. */
	if (i->close_note[0] && !(i->private_note && !qv->may_write)) {
		tmpl_dict *n = tmpl_add_section(row, "NOTE");
		tmpl_set_str(n, "TEXT", i->close_note);
		if (i->private_note)
			tmpl_show_section(n, "PRIVATE");
	}
	qv->n++;
	return 0;
}

static void
queue_dates(struct queue_view *qv, int64_t now)
{
	date_of(now, qv->today);
	date_of(now + 7 * DAY, qv->week_later);
	date_of(now - (int64_t)SESSION_BACKDATE_DAYS * DAY, qv->earliest);
}

/* The queue page; failed is an inline form that came back with errors,
 * add the add-an-item form's. */
static bool
fill_list(struct req *r, tmpl_dict *d, const struct team *t, bool may_write,
    const struct failed *failed, const struct form *add)
{
	tmpl_set_str(d, "CSRF", r->csrf);
	tmpl_set_str(d, "TEAM_NAME", t->name);
	tmpl_set_int(d, "TEAM_ID", t->id);
	/* The manager works the queue; an admin or a director reads it, and
	 * its links keep the team they chose. */
	tmpl_show_section(d, may_write ? "CAN_WRITE" : "READER");
	struct stages *stages = arena_alloc(&r->arena, sizeof(*stages));
	if (!page_load_stages(r, stages))
		return false;
	struct queue_view qv = { r, d, "TOP", stages, failed, may_write,
		failed && !failed->rep ? failed->item_id : 0,
		failed && failed->rep ? failed->item_id : 0, "", "", "", 0 };
	queue_dates(&qv, r->now);
	int top = 5;
	if (coach_top(r->db, t->id, &top) == DB_ERROR) {
		resp_internal(r, "reading the queue size failed");
		return false;
	}
	struct coach_rep_item *reps = arena_alloc(&r->arena,
	    REP_ITEMS_MAX * sizeof(*reps));
	int nreps = coach_reps_due(r->db, t->id, r->now, reps, REP_ITEMS_MAX);
	if (nreps < 0 || !fill_this_week(&qv, t->id, top, reps, nreps)) {
		resp_internal(r, "listing the coaching queue failed");
		return false;
	}
	if (qv.n == 0)
		tmpl_show_section(d, "NOTHING_OPEN");
	tmpl_set_int(d, "TOP_N", top);
	if (may_write) {
		tmpl_dict *tf = tmpl_add_section(d, "TOP_FORM");
		if (failed && strcmp(failed->action, "top") == 0)
			form_fill(failed->form, tf);
		else
			tmpl_set_int(tf, "TOP_VALUE", top);
		tmpl_set_str(tf, "CSRF", r->csrf);
	}
	qv.n = 0;
	if (!fill_all(&qv, t->id, *req_query(r, "all") || failed || add, reps,
	        nreps)) {
		resp_internal(r, "listing coaching items failed");
		return false;
	}
	struct queue_view cl = qv;
	cl.d = d;
	cl.n = 0;
	if (coach_items_closed(r->db, t->id, add_closed, &cl) != DB_OK) {
		resp_internal(r, "listing closed items failed");
		return false;
	}
	if (cl.n == 0)
		tmpl_show_section(d, "NONE_CLOSED");
	if (may_write) {
		tmpl_dict *af = tmpl_add_section(d, "ADD_FORM");
		if (add)
			form_fill(add, af);
		struct rep_choice rc = { af, "REP_OPTION",
			add ? strtoll(form_value(add, "rep_id"), NULL, 10) : 0,
			0 };
		if (team_reps(r->db, t->id, add_rep_option, &rc) != DB_OK) {
			resp_internal(r, "listing reps failed");
			return false;
		}
	}
	return true;
}

/*
 * Finish r with the body of tpl expanded from d (which is freed), kept
 * for key at stamp when key is not NULL (page_cache.h).
 */
static void
finish_body(struct req *r, int status, const char *title, const char *tpl,
    tmpl_dict *d, const char *key, const int64_t stamp[2])
{
	size_t len = 0;
	char *body = page_render_body(tpl, d, &len);
	tmpl_dict_free(d);
	if (body == NULL) {
		resp_internal(r, "rendering the page failed");
		return;
	}
	if (key)
		page_cache_put(key, stamp, title, body, len);
	page_finish_body(r, status, title, body, len);
	free(body);
}

static void
render_list_kept(struct req *r, int status, const struct team *t,
    bool may_write, const struct failed *failed, const struct form *add,
    const char *key, const int64_t stamp[2])
{
	tmpl_dict *d = tmpl_dict_new("coaching");
	if (!fill_list(r, d, t, may_write, failed, add)) {
		tmpl_dict_free(d);
		return;
	}
	finish_body(r, status, "Coaching", "coaching.tpl", d, key, stamp);
}

static void
render_list(struct req *r, int status, const struct team *t, bool may_write,
    const struct failed *failed, const struct form *add)
{
	render_list_kept(r, status, t, may_write, failed, add, NULL, NULL);
}

/*
 * GET /team/coaching - the queue: This week (the top N, each with why
 * it is first and its two actions), All items with filters and pages,
 * and the items closed lately.  Writes nothing.  200; 404 for a manager
 * without a team.
 *
 * The queue as it opens (no filter, page or form) is kept per worker
 * for (team, viewer, zone, the session's form token), stamped with the
 * team's revision, which every change to its deals, items and sessions
 * raises, and the minute: while neither moves, a view costs its
 * session and one small read.
 */
void
h_coaching_get(struct req *r)
{
	struct team t;
	bool may_write;
	if (!coaching_team(r, &t, &may_write))
		return;
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "coaching/%lld/%lld/%s/%s", (long long)t.id,
	    (long long)r->session.user.id, r->zone, r->csrf);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	struct cached_page kept;
	bool keep = r->query.n == 0 &&
	            team_revision(r->db, t.id, &stamp[0]) == DB_OK;
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	render_list_kept(r, 200, &t, may_write, NULL, NULL, keep ? key : NULL,
	    stamp);
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
	if (!my_team(r, &t))
		return;
	struct form f;
	form_read(&f, r, add_fields, GW_ARRAY_LEN(add_fields));
	if (f.errors) {
		render_list(r, 422, &t, true, NULL, &f);
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
		render_list(r, 422, &t, true, NULL, &f);
		return;
	}
	if (rc == DB_OK)
		rc = coach_week_mark(r->db, t.id, r->now);
	if (rc == DB_OK)
		rc = audit(r, "coaching-add", 0, form_value(&f, "reason"));
	finish(r, rc, "Added to your coaching list.", "/team/coaching");
}

/*
 * The session's day: YYYY-MM-DD, today or up to SESSION_BACKDATE_DAYS
 * before.  Returns the time to stamp (now, moved back whole days), or
 * fails the field.
 */
static int64_t
session_at(struct req *r, struct form *f)
{
	const char *on = form_value(f, "on");
	char today[DATE_SIZE];
	date_of(r->now, today);
	if (*on == '\0' || form_has_error(f, "on"))
		return r->now;
	int back = date_diff(on, today);
	if (back < 0) {
		form_fail(f, "on",
		    "Choose today or a day before: not a later day.");
		return 0;
	}
	if (back > SESSION_BACKDATE_DAYS) {
		form_fail(f, "on",
		    arena_printf(&r->arena,
		        "Log sessions of the last %d days: from %s on.",
		        SESSION_BACKDATE_DAYS, "two weeks ago"));
		return 0;
	}
	return r->now - (int64_t)back * DAY;
}

/* The three actions on an item share their shape. */
enum item_action { ACT_SNOOZE, ACT_DISMISS, ACT_SESSION };

static const struct {
	const struct field *fields;
	size_t n;
	const char *name;
} item_forms[] = {
	[ACT_SNOOZE] = { snooze_fields, GW_ARRAY_LEN(snooze_fields), "snooze" },
	[ACT_DISMISS] = { dismiss_fields, GW_ARRAY_LEN(dismiss_fields),
	    "dismiss" },
	[ACT_SESSION] = { item_session_fields,
	    GW_ARRAY_LEN(item_session_fields), "session" },
};

/* Check the form of an action beyond its fields' own rules. */
static void
check_action(struct req *r, struct form *f, enum item_action act, int64_t *at)
{
	char today[DATE_SIZE], last[DATE_SIZE];
	date_of(r->now, today);
	date_add_years(today, 1, last);
	const char *until = form_value(f, "until");
	if (act == ACT_SNOOZE && f->errors == 0 && strcmp(until, today) <= 0)
		form_fail(f, "until", "Snooze until a day after today.");
	else if (act == ACT_SNOOZE && f->errors == 0 && strcmp(until, last) > 0)
		form_fail(f, "until",
		    arena_printf(&r->arena,
		        "Snooze for a year at most: until %s at the latest.",
		        last));
	if (act == ACT_SESSION)
		*at = session_at(r, f);
}

/* Do the action on a live item of team t, inside the transaction. */
static int
apply_action(struct req *r, const struct team *t, int64_t id,
    enum item_action act, const struct form *f, int64_t at, const char **flash)
{
	if (act == ACT_SNOOZE) {
		*flash = "Snoozed; it comes back on that day.";
		return coach_item_snooze(r->db, id, t->id,
		    form_value(f, "until"));
	}
	bool priv = strcmp(form_value(f, "private"), "1") == 0;
	if (act == ACT_DISMISS) {
		*flash = "Dismissed.";
		return coach_item_close(r->db, id, t->id, COACH_DISMISSED,
		    r->session.user.id, form_value(f, "reason"), false, r->now);
	}
	/* A session on the item: logged and the item closed as done, both
	 * or neither. */
	struct coaching_item *it = arena_alloc(&r->arena, sizeof(*it));
	int rc = coach_item_get(r->db, id, t->id, it);
	/* No check that the item is live here: closing it below refuses
	 * one that is not, and that rolls the session back too. */
	if (rc == DB_OK)
		rc = coaching_session_add(r->db, t->id, r->session.user.id,
		    it->rep_id, it->deal_id, atoi(form_value(f, "minutes")),
		    (enum session_kind)session_kind_from_name(form_value(f,
		        "kind")),
		    form_value(f, "notes"), priv, at);
	if (rc == DB_OK)
		rc = coaching_session_item(r->db, id);
	if (rc == DB_OK)
		rc = coach_item_close(r->db, id, t->id, COACH_DONE,
		    r->session.user.id, form_value(f, "notes"), priv, r->now);
	*flash = "Session logged; the item is done.";
	return rc;
}

/* The live item of a rep item, made now if it has none; DB_NOTFOUND
 * when the rep has no item due. */
static int
rep_item_id(struct req *r, const struct team *t, int64_t rep_id, int64_t *id)
{
	struct coach_rep_item *reps = arena_alloc(&r->arena,
	    REP_ITEMS_MAX * sizeof(*reps));
	int n = coach_reps_due(r->db, t->id, r->now, reps, REP_ITEMS_MAX);
	if (n < 0)
		return DB_ERROR;
	for (int i = 0; i < n; i++)
		if (reps[i].rep_id == rep_id)
			return coach_rep_item(r->db, t->id, rep_id,
			    reps[i].causes, reps[i].since, reps[i].urgency,
			    reps[i].reason, r->now, id);
	return DB_NOTFOUND;
}

static void
item_action(struct req *r, enum item_action act, bool rep)
{
	struct team t;
	if (!my_team(r, &t))
		return;
	struct form f;
	form_read(&f, r, item_forms[act].fields, item_forms[act].n);
	int64_t at = r->now;
	check_action(r, &f, act, &at);
	if (f.errors) {
		struct failed fl = { &f, r->path_id, rep,
			item_forms[act].name };
		render_list(r, 422, &t, true, &fl, NULL);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	/* This week is recorded before the action changes it. */
	int rc = coach_week_mark(r->db, t.id, r->now);
	int64_t id = r->path_id;
	if (rc == DB_OK && rep)
		rc = rep_item_id(r, &t, r->path_id, &id);
	const char *flash = "";
	if (rc == DB_OK)
		rc = apply_action(r, &t, id, act, &f, at, &flash);
	static const char *const actions[] = {
		[ACT_SNOOZE] = "coaching-snooze",
		[ACT_DISMISS] = "coaching-dismiss",
		[ACT_SESSION] = "coaching-session",
	};
	if (rc == DB_OK)
		rc = audit(r, actions[act], id, NULL);
	finish(r, rc, flash, "/team/coaching");
}

/*
 * POST /team/coaching/{id}/snooze|dismiss|session - act on an item
 * of the manager's team; /team/coaching/reps/{id}/... on a rep's item.
 * A session logs the session and closes the item as done in one
 * transaction.  303; 422 with the form kept; 404 for an item of another
 * team or one already closed.
 */
void
h_coaching_snooze_post(struct req *r)
{
	item_action(r, ACT_SNOOZE, false);
}

void
h_coaching_dismiss_post(struct req *r)
{
	item_action(r, ACT_DISMISS, false);
}

void
h_coaching_session_post(struct req *r)
{
	item_action(r, ACT_SESSION, false);
}

void
h_coaching_rep_snooze_post(struct req *r)
{
	item_action(r, ACT_SNOOZE, true);
}

void
h_coaching_rep_dismiss_post(struct req *r)
{
	item_action(r, ACT_DISMISS, true);
}

void
h_coaching_rep_session_post(struct req *r)
{
	item_action(r, ACT_SESSION, true);
}

static const char *
valid_top(const char *v)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	return *v == '\0' || *end || n < 1 || n > 20 || *v == '+'
	           ? "Enter a number from 1 to 20."
	           : NULL;
}

static const struct field top_fields[] = {
	{ "top", "Items this week", 2, true, valid_top },
};

/*
 * POST /team/coaching/top - how many items This week shows.  303; 422
 * with the typed value kept.
 */
void
h_coaching_top_post(struct req *r)
{
	struct team t;
	if (!my_team(r, &t))
		return;
	struct form f;
	form_read(&f, r, top_fields, GW_ARRAY_LEN(top_fields));
	if (f.errors) {
		struct failed fl = { &f, 0, false, "top" };
		render_list(r, 422, &t, true, &fl, NULL);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = coach_set_top(r->db, t.id, atoi(form_value(&f, "top")));
	if (rc == DB_OK)
		rc = audit(r, "coaching-top", t.id, form_value(&f, "top"));
	finish(r, rc, "Saved.", "/team/coaching");
}

/* ---- The session form on its own page. ---- */

struct deal_choice {
	tmpl_dict *d;
	int64_t chosen;
	int n;
};

static int
add_deal_option(int64_t id, const char *company, const char *stage, void *arg)
{
	struct deal_choice *dc = arg;
	tmpl_dict *o = tmpl_add_section(dc->d, "DEAL_OPTION");
	tmpl_set_int(o, "ID", id);
	tmpl_set_str(o, "COMPANY", company);
	tmpl_set_str(o, "STAGE", stage);
	if (id == dc->chosen)
		tmpl_show_section(o, "SELECTED");
	dc->n++;
	return 0;
}

#define PICKER_MAX 200 /* deals offered at once; a company filter narrows */

static void
render_session_form(struct req *r, int status, const struct team *t,
    const struct form *f)
{
	tmpl_dict *d = page_begin(r, "Log a coaching session",
	    "session_new.tpl");
	tmpl_set_str(d, "TEAM_NAME", t->name);
	int64_t rep = f ? strtoll(form_value(f, "rep_id"), NULL, 10)
	                : query_id(r, "rep");
	int64_t deal = f ? strtoll(form_value(f, "deal_id"), NULL, 10)
	                 : query_id(r, "deal");
	struct deal *dl = arena_alloc(&r->arena, sizeof(*dl));
	if (rep == 0 && deal && team_deal(r->db, t->id, deal, dl) == DB_OK)
		rep = dl->owner_id; /* a deal of the team alone chooses its rep */
	char today[DATE_SIZE], earliest[DATE_SIZE];
	date_of(r->now, today);
	date_of(r->now - (int64_t)SESSION_BACKDATE_DAYS * DAY, earliest);
	tmpl_set_str(d, "TODAY", today);
	tmpl_set_str(d, "EARLIEST", earliest);
	if (f) {
		form_fill(f, d);
	} else {
		tmpl_set_str(d, "MINUTES_VALUE", "30");
		tmpl_set_str(d, "ON_VALUE", today);
	}
	const char *q = req_query(r, "q");
	page_set_text(d, "Q_VALUE", q, strlen(q));
	kind_options(d, f ? form_value(f, "kind") : "deal_review");
	if (f && strcmp(form_value(f, "private"), "1") == 0)
		tmpl_show_section(d, "PRIVATE_CHECKED");
	struct rep_choice rc = { d, "REP_OPTION", rep, 0 };
	if (team_reps(r->db, t->id, add_rep_option, &rc) != DB_OK) {
		resp_internal(r, "listing reps failed");
		return;
	}
	if (rep) {
		tmpl_dict *picker = tmpl_add_section(d, "DEAL_PICKER");
		tmpl_set_int(picker, "REP_ID", rep);
		struct deal_choice dc = { picker, deal, 0 };
		if (coach_rep_deals(r->db, t->id, rep, q, PICKER_MAX,
		        add_deal_option, &dc) != DB_OK) {
			resp_internal(r, "listing deals failed");
			return;
		}
		if (dc.n >= PICKER_MAX)
			tmpl_show_section(picker, "MORE_DEALS");
		if (dc.n == 0)
			tmpl_show_section(picker, "NO_DEALS");
	} else {
		tmpl_show_section(d, "CHOOSE_REP_FIRST");
	}
	page_finish(r, status);
}

/*
 * The rep a session is with: the one chosen, or else the owner of the
 * deal given when it is a deal of team t.  Fails the form (naming the
 * deal's rep when another rep is chosen) and returns 0 otherwise.
 */
static int64_t
session_rep(struct req *r, const struct team *t, struct form *f)
{
	int64_t deal_id = strtoll(form_value(f, "deal_id"), NULL, 10);
	int64_t rep = strtoll(form_value(f, "rep_id"), NULL, 10);
	struct deal *deal = arena_alloc(&r->arena, sizeof(*deal));
	bool team_deal_found = deal_id > 0 &&
	                       team_deal(r->db, t->id, deal_id, deal) == DB_OK;
	if (rep == 0 && deal_id == 0 && !form_has_error(f, "rep_id"))
		form_fail(f, "rep_id",
		    "Choose a rep, or give one of their deals.");
	else if (deal_id && !team_deal_found && !form_has_error(f, "deal_id"))
		form_fail(f, "deal_id",
		    "That deal is not one of your team's deals.");
	else if (team_deal_found && rep && rep != deal->owner_id)
		form_fail(f, "deal_id",
		    arena_printf(&r->arena,
		        "That deal is %s's: choose them as the rep, or another deal.",
		        deal->owner_name));
	if (rep == 0 && team_deal_found)
		rep = deal->owner_id;
	return rep;
}

/*
 * GET /team/sessions/new - the session form (?rep= and ?deal= choose
 * them, from the queue, a rep page or a deal page): the rep's open
 * deals are offered by company (?q= narrows them), with a date.  200;
 * 404 without a team.
 */
void
h_coaching_session_new_get(struct req *r)
{
	struct team t;
	if (my_team(r, &t))
		render_session_form(r, 200, &t, NULL);
}

/*
 * POST /team/sessions/new - log a session with a rep of the team,
 * optionally on one of the rep's open deals (stamped with the deal's
 * stage now), on a day of the last two weeks.  303 to the meter; 422
 * with everything typed kept.
 */
void
h_coaching_session_new_post(struct req *r)
{
	struct team t;
	if (!my_team(r, &t))
		return;
	struct form f;
	form_read(&f, r, session_fields, GW_ARRAY_LEN(session_fields));
	int64_t rep = session_rep(r, &t, &f);
	int64_t deal = strtoll(form_value(&f, "deal_id"), NULL, 10);
	int64_t at = session_at(r, &f);
	if (f.errors) {
		render_session_form(r, 422, &t, &f);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = coaching_session_add(r->db, t.id, r->session.user.id, rep,
	    deal, atoi(form_value(&f, "minutes")),
	    (enum session_kind)session_kind_from_name(form_value(&f, "kind")),
	    form_value(&f, "notes"),
	    strcmp(form_value(&f, "private"), "1") == 0, at);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		form_fail(&f, deal ? "deal_id" : "rep_id",
		    deal ? "Choose one of this rep's open deals."
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
	if (!my_team(r, &t))
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

static void render_time_kept(struct req *r, int status, const struct team *t,
    bool writable, const struct form *f, const char *key,
    const int64_t stamp[2]);

/*
 * GET /team/time - the shift-and-lift meter: coaching minutes by
 * stage, week by week over 12 weeks, against the target mix, with the
 * trend and the super-rep index; follow-through; and the sessions
 * logged.  200.
 *
 * Kept per worker like the queue, for (team, viewer, zone, form
 * token), stamped with the team's revision, which its sessions, items,
 * targets and deals raise, and the minute.
 */
void
h_coaching_time_get(struct req *r)
{
	struct team t;
	bool writable;
	if (!coaching_team(r, &t, &writable))
		return;
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "time/%lld/%lld/%s/%s", (long long)t.id,
	    (long long)r->session.user.id, r->zone, r->csrf);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	struct cached_page kept;
	bool keep = team_revision(r->db, t.id, &stamp[0]) == DB_OK;
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	render_time_kept(r, 200, &t, writable, NULL, keep ? key : NULL, stamp);
}

struct weeks {
	int64_t first;
	int64_t items[METER_WEEKS], followed[METER_WEEKS];
};

static int
add_follow_week(int64_t week, int64_t items, int64_t followed, void *arg)
{
	struct weeks *w = arg;
	int64_t slot = week - w->first;
	if (slot >= 0 && slot < METER_WEEKS) {
		w->items[slot] = items;
		w->followed[slot] = followed;
	}
	return 0;
}

/* Follow-through, week by week: of the items in the week's This week,
 * the share that got a session or were closed as done that week. */
static bool
follow_trend(struct req *r, tmpl_dict *d, int64_t team_id)
{
	struct weeks w;
	memset(&w, 0, sizeof(w));
	w.first = measure_week(r->now) - METER_WEEKS + 1;
	if (coach_week_follow(r->db, team_id, w.first, add_follow_week, &w) !=
	    DB_OK)
		return false;
	for (int i = 0; i < METER_WEEKS; i++) {
		tmpl_dict *row = tmpl_add_section(d, "FOLLOW_WEEK");
		char day[DATE_SIZE];
		date_of((w.first + i) * 604800 - 259200 + 43200, day);
		tmpl_set_str(row, "WEEK", day);
		tmpl_set_int(row, "ITEMS", w.items[i]);
		tmpl_set_int(row, "FOLLOWED", w.followed[i]);
		page_set_share(row, "SHARE", w.followed[i], w.items[i]);
		int pct = w.items[i] ? (int)(100 * w.followed[i] / w.items[i])
		                     : 0;
		tmpl_set_int(row, "BAR", pct);
		if (i == METER_WEEKS - 1)
			tmpl_show_section(row, "CURRENT");
	}
	return true;
}

static bool
fill_time(struct req *r, tmpl_dict *d, const struct team *t, bool writable,
    const struct form *f)
{
	tmpl_set_str(d, "CSRF", r->csrf);
	tmpl_set_str(d, "TEAM_NAME", t->name);
	if (!coach_meter_fill(r, d, t->id)) {
		resp_internal(r, "computing the meter failed");
		return false;
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
	int64_t done = 0, items = 0;
	if (!follow_trend(r, d, t->id) || rollup_follow_through(r->db, t->id,
	                                      r->now, &done, &items) != DB_OK) {
		resp_internal(r, "follow-through failed");
		return false;
	}
	page_set_share(d, "FOLLOW_TOTAL", done, items);
	struct session_rows sr = { d, 0, !writable };
	if (coaching_sessions_team(r->db, t->id,
	        r->now - (int64_t)METER_WEEKS * 7 * DAY, add_session_row,
	        &sr) != DB_OK) {
		resp_internal(r, "listing sessions failed");
		return false;
	}
	if (sr.n == 0)
		tmpl_show_section(d, "NO_SESSIONS");
	return true;
}

static void
render_time_kept(struct req *r, int status, const struct team *t, bool writable,
    const struct form *f, const char *key, const int64_t stamp[2])
{
	/* The team's manager works on it; anyone else reads it. */
	const char *heading = writable ? "My coaching time" : "Coaching time";
	tmpl_dict *d = tmpl_dict_new("team_time");
	tmpl_set_str(d, "HEADING", heading);
	if (!fill_time(r, d, t, writable, f)) {
		tmpl_dict_free(d);
		return;
	}
	finish_body(r, status, heading, "team_time.tpl", d, key, stamp);
}

static void
render_time(struct req *r, int status, const struct team *t, bool writable,
    const struct form *f)
{
	render_time_kept(r, status, t, writable, f, NULL, NULL);
}

struct mine {
	struct req *r;
	tmpl_dict *d;
	const struct stages *stages;
	char today[DATE_SIZE];
	int n;
};

/* What became of an item, said to the rep. */
static const char *
outcome(const struct coaching_item *i)
{
	if (i->status == COACH_DONE)
		return "Done";
	if (i->status == COACH_DISMISSED && i->by_person)
		return "Set aside by your manager";
	if (i->status == COACH_DISMISSED)
		return "Closed by Groundwork: the cause went away";
	return i->status == COACH_SNOOZED ? "Later" : "Open";
}

static int
add_mine(const struct coaching_item *i, void *arg)
{
	struct mine *m = arg;
	tmpl_dict *row = tmpl_add_section(m->d, "ITEM");
	tmpl_set_str(row, "STATUS", outcome(i));
	const char *text = i->reason;
	char line[2048];
	bool live = i->status == COACH_OPEN || i->status == COACH_SNOOZED;
	struct coach_facts *f = arena_alloc(&m->r->arena, sizeof(*f));
	if (i->deal_id && live &&
	    coach_deal_facts(m->r->db, i->deal_id, 0, f) == DB_OK) {
		struct coach_causes c;
		coach_deal_causes(m->stages->list, m->stages->n, f, m->r->now,
		    m->today, &c);
		coach_deal_line(m->stages->list, m->stages->n, f, &c,
		    coach_causes_active(&c, i->causes, m->r->now), m->r->now,
		    true, line, sizeof(line));
		text = line;
	}
	tmpl_set_str(row, "REASON", text);
	if (i->deal_id)
		tmpl_set_int(tmpl_add_section(row, "DEAL"), "ID", i->deal_id);
	if (i->close_note[0])
		tmpl_set_str(tmpl_add_section(row, "NOTE"), "TEXT",
		    i->close_note);
	m->n++;
	return 0;
}

/*
 * GET /coaching - a rep's own coaching, said to them: the items about
 * them and their deals (each linked to its deal; what became of the
 * closed ones) and the sessions logged with them.  The manager's
 * private notes are never shown.  Writes nothing.  200.
 */
static bool
fill_mine(struct req *r, tmpl_dict *d)
{
	struct stages *stages = arena_alloc(&r->arena, sizeof(*stages));
	if (!page_load_stages(r, stages))
		return false;
	struct mine m = { r, d, stages, "", 0 };
	date_of(r->now, m.today);
	if (coach_items_for_rep(r->db, r->session.user.id,
	        r->now - FOLLOW_DAYS * DAY, r->now, add_mine, &m) != DB_OK) {
		resp_internal(r, "listing coaching items failed");
		return false;
	}
	if (m.n == 0)
		tmpl_show_section(d, "NO_ITEMS");
	struct session_rows sr = { d, 0, false };
	if (coaching_sessions_rep(r->db, r->session.user.id,
	        r->now - (int64_t)METER_WEEKS * 7 * DAY, add_session_row,
	        &sr) != DB_OK) {
		resp_internal(r, "listing sessions failed");
		return false;
	}
	if (sr.n == 0)
		tmpl_show_section(d, "NO_SESSIONS");
	return true;
}

/* Kept per worker for (rep, zone), stamped with the rep's revision,
 * which their deals, items and sessions raise, and the minute. */
void
h_coaching_mine_get(struct req *r)
{
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "mine/%lld/%s",
	    (long long)r->session.user.id, r->zone);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	struct cached_page kept;
	bool keep = owner_revision(r->db, r->session.user.id, &stamp[0]) ==
	            DB_OK;
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	tmpl_dict *d = tmpl_dict_new("my_coaching");
	if (!fill_mine(r, d)) {
		tmpl_dict_free(d);
		return;
	}
	finish_body(r, 200, "My coaching", "my_coaching.tpl", d,
	    keep ? key : NULL, stamp);
}
