/*
 * h_deals.c - a rep's deals: My deals, the new-deal form, the deal
 * page with its edit, move, close and reopen forms, and the timeline.
 * Every query carries the owner (or the viewer's team or role), so a
 * deal someone may not see is answered 404 and nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "config.h"
#include "date.h"
#include "deal_page.h"
#include "form.h"
#include "page.h"
#include "page_cache.h"
#include "pipeline.h"
#include "route.h"
#include "session.h"

#define DEALS_PER_PAGE 50
#define DEALS_PER_STAGE 10  /* on the overview, before "show all" */
#define STEP_DUE_YEARS 2    /* a new next step is due by then */
#define CLOSE_YEARS 5       /* an expected close is at most this far off */

static const char *
valid_amount(const char *v)
{
	int64_t minor;
	return amount_parse(v, cfg.currency, &minor);
}

/* The form of a date; each date field's range is in check_dates. */
static const char *
valid_date(const char *v)
{
	return date_problem(v);
}

/* The new-deal form.  Indexes matter: the edit form is the same table
 * without stage_id (see edit_fields). */
static const struct field new_fields[] = {
	{ "company", "Company", DEAL_TEXT_MAX, true, NULL },
	{ "stage_id", "Stage", 19, false, valid_id_or_empty },
	{ "contact", "Contact", DEAL_TEXT_MAX, false, NULL },
	{ "next_step", "Next step", DEAL_STEP_MAX, false, NULL },
	{ "next_step_due", "Next step due", 10, false, valid_date },
	{ "amount", "Amount", 32, false, valid_amount },
	{ "title", "Deal title", DEAL_TEXT_MAX, false, NULL },
	{ "source", "Source", DEAL_SOURCE_MAX, false, NULL },
	{ "expected_close", "Expected close", 10, false, valid_date },
};

static const struct field edit_fields[] = {
	{ "company", "Company", DEAL_TEXT_MAX, true, NULL },
	{ "contact", "Contact", DEAL_TEXT_MAX, false, NULL },
	{ "next_step", "Next step", DEAL_STEP_MAX, false, NULL },
	{ "next_step_due", "Next step due", 10, false, valid_date },
	{ "amount", "Amount", 32, false, valid_amount },
	{ "title", "Deal title", DEAL_TEXT_MAX, false, NULL },
	{ "source", "Source", DEAL_SOURCE_MAX, false, NULL },
	{ "expected_close", "Expected close", 10, false, valid_date },
};

static const struct field move_fields[] = {
	{ "to_stage_id", "Move to", 19, true, valid_id_or_empty },
	{ "note", "Note", DEAL_NOTE_MAX, false, NULL },
};

static const char *
valid_outcome(const char *v)
{
	return strcmp(v, "won") == 0 || strcmp(v, "lost") == 0
	           ? NULL : "Choose won or lost.";
}

static const char *
valid_confirm(const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "Tick the box or leave it.";
}

static const struct field close_fields[] = {
	{ "outcome", "Outcome", 4, true, valid_outcome },
	{ "lost_reason", "Reason", DEAL_STEP_MAX, false, NULL },
	/* A win from an early stage is confirmed first. */
	{ "confirm_win", "Confirm the win", 1, false, valid_confirm },
};

/* The deal fields each form may change, for the edit history. */
static const struct {
	const char *field;   /* form field */
	const char *label;   /* what the timeline says */
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

static void
today(const struct req *r, char out[DATE_SIZE])
{
	date_of(r->now, out);
}

static struct viewer
viewer_of(const struct req *r)
{
	struct viewer v = { r->session.user.id, r->session.user.role,
		r->session.user.team_id };
	return v;
}

/* Stage chip values: name, rank (colour) and early/late family. */
static void
set_stage(tmpl_dict *d, const struct stages *s, int64_t stage_id)
{
	const struct stage *st = pipeline_find(s->list, s->n, stage_id);
	int rank = pipeline_rank(s->list, s->n, st);
	tmpl_set_str(d, "STAGE_NAME", st ? st->name : "?");
	tmpl_set_int(d, "STAGE_RANK", rank > 8 ? 8 : rank);
	tmpl_set_str(d, "STAGE_FAMILY", st && st->early ? "early" : "late");
}

static void
set_amount(tmpl_dict *d, const char *key, const struct deal *deal)
{
	char text[64] = "—";
	if (deal->has_amount)
		amount_format(text, sizeof(text), deal->amount, deal->currency);
	tmpl_set_str(d, key, text);
}

/* Next step and its due date, as every page shows it; a NO_NEXT_STEP
 * section when an open deal has none. */
static void
set_next_step(tmpl_dict *d, const char *today_date, const struct deal *deal)
{
	if (page_next_step(d, "NEXT_STEP", deal->next_step, deal->next_step_due,
	        today_date, deal->status == DEAL_OPEN))
		tmpl_show_section(d, "NO_NEXT_STEP");
}

/* "N days in stage", in a DAYS section. */
static void
set_days(tmpl_dict *d, int days)
{
	page_set_count(tmpl_add_section(d, "DAYS"), "TEXT", days, "day", "days");
}

/* ----------------------------------------------------------------- */
/* My deals                                                          */

struct list_state {
	struct req *r;
	const struct stages *stages;
	tmpl_dict *page;          /* the body dictionary */
	tmpl_dict *group;         /* current stage group */
	int64_t group_stage;      /* its stage id */
	int64_t stage_counts[STAGES_MAX]; /* overview: deals per stage */
	int64_t at;               /* the list's moment: the minute */
	char today[DATE_SIZE];    /* for overdue next steps */
};

/* A group header for a stage, with its count when known. */
static void
start_group(struct list_state *ls, int64_t stage_id)
{
	ls->group = tmpl_add_section(ls->page, "GROUP");
	ls->group_stage = stage_id;
	set_stage(ls->group, ls->stages, stage_id);
}

static int
add_deal_row(const struct deal *deal, void *arg)
{
	struct list_state *ls = arg;
	if (ls->group == NULL || ls->group_stage != deal->stage_id)
		start_group(ls, deal->stage_id);
	tmpl_dict *row = tmpl_add_section(ls->group, "DEAL");
	tmpl_set_int(row, "ID", deal->id);
	tmpl_set_str(row, "COMPANY", deal->company);
	tmpl_set_str(row, "CONTACT", deal->contact);
	set_amount(row, "AMOUNT", deal);
	set_next_step(row, ls->today, deal);
	if (deal->status == DEAL_OPEN)
		set_days(row, days_between(deal->stage_entered_at, ls->at));
	else
		tmpl_set_str(tmpl_add_section(row, "CLOSED"), "STATUS",
		    deal_status_name(deal->status));
	return 0;
}

static int
note_stage_count(int64_t stage_id, int64_t count, void *arg)
{
	struct list_state *ls = arg;
	for (int i = 0; i < ls->stages->n; i++)
		if (ls->stages->list[i].id == stage_id)
			ls->stage_counts[i] = count;
	return 0;
}

/* The overview: each stage's first deals, most urgent first, with a
 * link to the whole stage when there are more.  Returns the total. */
static int64_t
list_overview(struct list_state *ls, int64_t owner)
{
	if (deal_count_by_stage(ls->r->db, owner, DEAL_OPEN, note_stage_count,
	        ls) != DB_OK)
		return -1;
	int64_t total = 0;
	for (int i = 0; i < ls->stages->n; i++) {
		int64_t count = ls->stage_counts[i];
		if (count == 0)
			continue;
		total += count;
		struct deal_filter f = { owner, DEAL_OPEN,
			ls->stages->list[i].id, "", DEALS_PER_STAGE, 0 };
		start_group(ls, f.stage_id);
		tmpl_set_int(ls->group, "COUNT", count);
		if (deal_list_stage(ls->r->db, &f, add_deal_row, ls) != DB_OK)
			return -1;
		if (count > DEALS_PER_STAGE) {
			tmpl_dict *more = tmpl_add_section(ls->group, "MORE");
			tmpl_set_int(more, "STAGE_ID", f.stage_id);
			tmpl_set_int(more, "COUNT", count);
			tmpl_set_str(more, "NAME", ls->stages->list[i].name);
		}
	}
	return total;
}

/* Status filter choices; "" is open (the default). */
static const struct {
	const char *value;   /* in the query string */
	const char *label;   /* in the menu */
	const char *counted; /* in "31 open deals" */
	int status;          /* enum deal_status, -1 for all */
} status_choices[] = {
	{ "open", "Open", "open", DEAL_OPEN },
	{ "won", "Won", "won", DEAL_WON },
	{ "lost", "Lost", "lost", DEAL_LOST },
	{ "all", "All", "", -1 },
};

/*
 * GET /deals - the rep's deals grouped by stage, with filters for
 * stage and status, a search by company or contact, and paging.  200.
 */
void
h_deals_get(struct req *r)
{
	struct deal_filter f = { r->session.user.id, DEAL_OPEN, 0, "",
		DEALS_PER_PAGE, 0 };
	const char *status = req_query(r, "status");
	size_t status_i = 0;
	for (size_t i = 0; i < GW_ARRAY_LEN(status_choices); i++)
		if (strcmp(status, status_choices[i].value) == 0)
			status_i = i;
	f.status = status_choices[status_i].status;
	const struct kv *stage_kv = kv_find(&r->query, "stage");
	if (stage_kv && stage_kv->valid)
		f.stage_id = strtoll(stage_kv->val, NULL, 10);
	const struct kv *q = kv_find(&r->query, "q");
	if (q && q->valid && utf8_chars(q->val, q->vlen) <= DEAL_TEXT_MAX)
		f.search = q->val;
	long page = strtol(req_query(r, "page"), NULL, 10);
	if (page < 1 || page > 100000)
		page = 1;
	f.offset = (int)((page - 1) * DEALS_PER_PAGE);

	/* The overview, the page a rep opens most, is kept per worker,
	 * stamped with the rep's revision and the minute it was taken at
	 * (page_cache.h); the days it shows are counted to that minute. */
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "deals/%lld", (long long)f.owner_id);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	struct cached_page kept;
	bool keep = f.stage_id == 0 && *f.search == '\0' &&
	            f.status == DEAL_OPEN && page == 1 &&
	            owner_revision(r->db, f.owner_id, &stamp[0]) == DB_OK;
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}

	struct stages stages;
	if (!page_load_stages(r, &stages))
		return;
	if (pipeline_find(stages.list, stages.n, f.stage_id) == NULL)
		f.stage_id = 0;
	/* The open overview and one open stage read the owner index in
	 * order; a search or another status needs the general query. */
	bool indexed = *f.search == '\0' && f.status >= 0;
	bool overview = indexed && f.stage_id == 0 && f.status == DEAL_OPEN;

	tmpl_dict *d = tmpl_dict_new("deals");
	struct list_state ls;
	memset(&ls, 0, sizeof(ls));
	ls.r = r;
	ls.stages = &stages;
	ls.page = d;
	ls.at = stamp[1];
	date_of(ls.at, ls.today);
	int64_t total;
	int rc = DB_OK;
	if (overview) {
		total = list_overview(&ls, f.owner_id);
	} else if (indexed && f.stage_id) {
		total = -1;
		if (deal_count_by_stage(r->db, f.owner_id, f.status,
		        note_stage_count, &ls) == DB_OK) {
			const struct stage *st = pipeline_find(stages.list, stages.n,
			    f.stage_id);
			total = ls.stage_counts[st - stages.list];
			rc = deal_list_stage(r->db, &f, add_deal_row, &ls);
		}
	} else {
		total = deal_count(r->db, &f);
		if (total >= 0)
			rc = deal_list(r->db, &f, add_deal_row, &ls);
	}
	if (total < 0 || rc != DB_OK) {
		tmpl_dict_free(d);
		resp_internal(r, "listing deals failed");
		return;
	}
	bool filtered = f.stage_id || *f.search || f.status != DEAL_OPEN;
	if (total == 0 && !filtered)
		tmpl_show_section(d, "FIRST_DEAL");
	else
		tmpl_show_section(d, "FILTERS");
	if (total == 0 && filtered)
		tmpl_show_section(d, "NO_MATCH");
	tmpl_set_int(d, "TOTAL", total);
	tmpl_set_str(d, "TOTAL_WORD", plural(total, "deal", "deals"));
	tmpl_set_str(d, "STATUS_LABEL", status_choices[status_i].counted);
	page_set_text(d, "Q_VALUE", f.search, strlen(f.search));
	for (size_t i = 0; i < GW_ARRAY_LEN(status_choices); i++) {
		tmpl_dict *o = tmpl_add_section(d, "STATUS_OPTION");
		tmpl_set_str(o, "VALUE", status_choices[i].value);
		tmpl_set_str(o, "LABEL", status_choices[i].label);
		if (i == status_i)
			tmpl_show_section(o, "SELECTED");
	}
	for (int i = 0; i < stages.n; i++) {
		if (!stages.list[i].active && stages.list[i].id != f.stage_id)
			continue;
		tmpl_dict *o = tmpl_add_section(d, "STAGE_OPTION");
		tmpl_set_int(o, "ID", stages.list[i].id);
		tmpl_set_str(o, "NAME", stages.list[i].name);
		if (stages.list[i].id == f.stage_id)
			tmpl_show_section(o, "SELECTED");
	}
	/* Paging links keep the filters. */
	int64_t pages = overview ? 1 : (total + DEALS_PER_PAGE - 1) /
	                                     DEALS_PER_PAGE;
	if (pages > 1) {
		tmpl_dict *pg = tmpl_add_section(d, "PAGING");
		tmpl_set_int(pg, "PAGE", page);
		tmpl_set_int(pg, "PAGES", pages);
		const char *links[] = { "PREV", "NEXT" };
		long targets[] = { page - 1, page + 1 };
		for (int i = 0; i < 2; i++) {
			if (targets[i] < 1 || targets[i] > pages)
				continue;
			tmpl_dict *l = tmpl_add_section(pg, links[i]);
			tmpl_set_str(l, "STATUS", status_choices[status_i].value);
			tmpl_set_int(l, "STAGE", f.stage_id);
			page_set_text(l, "Q", f.search, strlen(f.search));
			tmpl_set_int(l, "PAGE", targets[i]);
		}
	}
	size_t len = 0;
	char *body = page_render_body("deals.tpl", d, &len);
	tmpl_dict_free(d);
	if (body == NULL) {
		resp_internal(r, "rendering my deals failed");
		return;
	}
	if (keep)
		page_cache_put(key, stamp, "My deals", body, len);
	page_finish_body(r, 200, "My deals", body, len);
	free(body);
}

/* ----------------------------------------------------------------- */
/* New deal                                                          */

/* Stage <option>s: active stages, the chosen one selected. */
static void
fill_stage_options(tmpl_dict *d, const struct stages *s, int64_t chosen,
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

static void
render_new(struct req *r, int status, const struct stages *s,
    const struct form *f)
{
	tmpl_dict *d = page_begin(r, "Log a deal", "deal_new.tpl");
	int64_t chosen = 0;
	if (f) {
		form_fill(f, d);
		chosen = strtoll(form_value(f, "stage_id"), NULL, 10);
		/* Open "More details" when something in it needs fixing, or
		 * holds what was typed. */
		const char *more[] = { "title", "source", "expected_close" };
		for (size_t i = 0; i < GW_ARRAY_LEN(more); i++)
			if (*form_value(f, more[i]))
				tmpl_show_section(d, "MORE_OPEN");
	} else {
		tmpl_show_section(d, "FRESH");
	}
	if (chosen == 0) {
		const struct stage *first = pipeline_first(s->list, s->n);
		chosen = first ? first->id : 0;
	}
	fill_stage_options(d, s, chosen, 0);
	tmpl_set_str(d, "CURRENCY", cfg.currency);
	page_finish(r, status);
}

/*
 * GET /deals/new - the quick form: company and stage first.  200.
 */
void
h_deal_new_get(struct req *r)
{
	struct stages s;
	if (page_load_stages(r, &s))
		render_new(r, 200, &s, NULL);
}

/*
 * Checks that involve more than one field or today, shared by new and
 * edit; old is the deal before the edit, or NULL for a new deal.  A
 * next step set now is due from today to two years ahead; an open
 * deal's expected close, when set now, is from today to five years
 * ahead; a closed deal's records history, so any day from 2000 on.  A
 * date kept as it was may have slipped into the past.
 */
static void
check_dates(struct req *r, struct form *f, const struct deal *old)
{
	char now[DATE_SIZE], last[DATE_SIZE];
	today(r, now);
	const char *step = form_value(f, "next_step");
	const char *due = form_value(f, "next_step_due");
	if (*due && *step == '\0')
		form_fail(f, "next_step", "Say what the next step is.");
	bool new_step = old == NULL || strcmp(old->next_step_due, due) ||
	                strcmp(old->next_step, step);
	date_add_years(now, STEP_DUE_YEARS, last);
	if (*due && new_step && date_problem(due) == NULL &&
	    !date_within(due, now, last))
		form_fail(f, "next_step_due", arena_printf(&r->arena,
		    "Choose a due date from today (%s) to %s, two years ahead.",
		    now, last));
	const char *close = form_value(f, "expected_close");
	bool open = old == NULL || old->status == DEAL_OPEN;
	bool changed = old == NULL || strcmp(old->expected_close, close) != 0;
	date_add_years(now, CLOSE_YEARS, last);
	if (*close && changed && date_problem(close) == NULL &&
	    !date_within(close, open ? now : DATE_FIRST, last))
		form_fail(f, "expected_close", open
		    ? arena_printf(&r->arena, "Choose an expected close from today "
		                              "(%s) to %s, five years ahead.",
		          now, last)
		    : arena_printf(&r->arena, "Choose a date from %s to %s.",
		          DATE_FIRST, last));
}

/* Copy the form's values into d (amount parsed; form already valid). */
static void
deal_from_form(struct deal *d, const struct form *f)
{
	str_copy(d->company, sizeof(d->company), form_value(f, "company"));
	str_copy(d->contact, sizeof(d->contact), form_value(f, "contact"));
	str_copy(d->title, sizeof(d->title), form_value(f, "title"));
	str_copy(d->source, sizeof(d->source), form_value(f, "source"));
	str_copy(d->expected_close, sizeof(d->expected_close),
	    form_value(f, "expected_close"));
	str_copy(d->next_step, sizeof(d->next_step), form_value(f, "next_step"));
	str_copy(d->next_step_due, sizeof(d->next_step_due),
	    form_value(f, "next_step_due"));
	const char *amount = form_value(f, "amount");
	d->has_amount = *amount != '\0' &&
	                amount_parse(amount, cfg.currency, &d->amount) == NULL;
	if (!d->has_amount)
		d->amount = 0;
}

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
	char to[48];
	snprintf(to, sizeof(to), "/deals/%lld", (long long)id);
	resp_redirect(r, to);
}

/*
 * POST /deals/new - create a deal.  303 to its page with a
 * confirmation; 422 with everything typed kept when a field is wrong.
 */
void
h_deal_new_post(struct req *r)
{
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	struct form f;
	form_read(&f, r, new_fields, GW_ARRAY_LEN(new_fields));
	const char *stage_text = form_value(&f, "stage_id");
	const struct stage *stage = *stage_text
	    ? pipeline_find(s.list, s.n, strtoll(stage_text, NULL, 10))
	    : pipeline_first(s.list, s.n);
	if (stage == NULL || !stage->active)
		form_fail(&f, "stage_id", "Choose one of the listed stages.");
	check_dates(r, &f, NULL);
	if (f.errors) {
		render_new(r, 422, &s, &f);
		return;
	}
	struct deal d;
	memset(&d, 0, sizeof(d));
	deal_from_form(&d, &f);
	d.owner_id = r->session.user.id;
	d.team_id = r->session.user.team_id;
	d.stage_id = stage->id;
	d.late_entry = pipeline_late_entry(s.list, s.n, stage);
	str_copy(d.currency, sizeof(d.currency), cfg.currency);

	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_create(r->db, &d, r->now);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-create", d.id, stage->name);
	char flash[400];
	if (d.late_entry)
		snprintf(flash, sizeof(flash),
		    "Deal saved at %s. Deals first logged at stage %d or later "
		    "count as late entries; logging them at the first "
		    "conversation lets your manager help earlier.",
		    stage->name, LATE_ENTRY_RANK);
	else
		snprintf(flash, sizeof(flash), "Deal saved at %s.", stage->name);
	deal_page_commit(r, rc, flash, d.id);
}

/* ----------------------------------------------------------------- */
/* The deal page                                                     */

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
	struct criterion *criteria;   /* every criterion, to name skipped ones */
	int ncriteria;
	struct edit_value *values;    /* every edit's values, newest first */
	int nvalues, values_cap;
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
	} else if (e->from_stage[0] == '\0') {
		snprintf(what, sizeof(what), "Logged at %s", e->to_stage);
		kind = "create";
	} else if (strcmp(e->from_status, "open") != 0) {
		snprintf(what, sizeof(what), "Reopened in %s", e->to_stage);
		kind = "reopen";
	} else if (strcmp(e->to_status, "open") != 0) {
		char stages_note[48] = "";
		if (e->skipped_stages > 0)
			snprintf(stages_note, sizeof(stages_note), ", skipping %d "
			                                           "stage%s",
			    e->skipped_stages, e->skipped_stages == 1 ? "" : "s");
		snprintf(what, sizeof(what), "Closed as %s at %s%s%s", e->to_status,
		    e->to_stage, stages_note, criteria_note);
		kind = strcmp(e->to_status, "won") == 0 ? "won" : "lost";
	} else if (e->to_position < e->from_position) {
		snprintf(what, sizeof(what), "Moved back from %s to %s",
		    e->from_stage, e->to_stage);
		kind = "back";
	} else if (e->skipped_stages > 0) {
		snprintf(what, sizeof(what), "Moved from %s to %s, skipping %d "
		                             "%s%s",
		    e->from_stage, e->to_stage, e->skipped_stages,
		    plural(e->skipped_stages, "stage", "stages"), criteria_note);
		kind = "skip";
	} else {
		snprintf(what, sizeof(what), "Moved from %s to %s%s", e->from_stage,
		    e->to_stage, criteria_note);
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
			tmpl_set_str(tmpl_add_section(row, "SKIPPED_LIST"), "NAMES",
			    names.data);
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

void
deal_page_render(struct req *r, int status, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms)
{
	tmpl_dict *d = page_begin(r, deal->company, "deal.tpl");
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
		tmpl_set_str(d, facts[i].key, facts[i].value[0] ? facts[i].value
		                                                : "—");
	tmpl_set_str(d, "OWNER", deal->owner_name);
	set_amount(d, "AMOUNT", deal);
	set_stage(d, s, deal->stage_id);
	char now[DATE_SIZE];
	today(r, now);
	set_next_step(d, now, deal);
	tmpl_set_str(d, "STATUS", deal_status_name(deal->status));
	if (forms && forms->problem)
		tmpl_set_str(tmpl_add_section(d, "PROBLEM"), "MESSAGE",
		    forms->problem);
	if (deal->status == DEAL_OPEN)
		set_days(d, days_between(deal->stage_entered_at, r->now));
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

	bool owner = deal->owner_id == r->session.user.id &&
	             r->session.user.role == ROLE_REP;
	if (r->session.user.role == ROLE_MANAGER &&
	    deal->team_id == r->session.user.team_id) {
		tmpl_dict *cl = tmpl_add_section(d, "COACH_LINK");
		tmpl_set_int(cl, "REP", deal->owner_id);
		tmpl_set_int(cl, "DEAL", deal->id);
	}
	if (!owner) {
		tmpl_show_section(d, "READ_ONLY");
	} else if (deal->status == DEAL_OPEN) {
		tmpl_dict *mv = tmpl_add_section(d, "MOVE_FORM");
		tmpl_set_int(mv, "ID", deal->id);
		if (playbook_unticked(r, deal, NULL, mv) < 0) {
			resp_internal(r, "reading the checklist failed");
			return;
		}
		if (forms && forms->move)
			form_fill(forms->move, mv);
		int64_t chosen = forms && forms->move
		    ? strtoll(form_value(forms->move, "to_stage_id"), NULL, 10)
		    : 0;
		fill_stage_options(mv, s, chosen, deal->stage_id);
		tmpl_dict *cl = tmpl_add_section(d, "CLOSE_FORM");
		tmpl_set_int(cl, "ID", deal->id);
		if (forms && forms->close) {
			form_fill(forms->close, cl);
			const char *o = form_value(forms->close, "outcome");
			if (strcmp(o, "won") == 0)
				tmpl_show_section(cl, "WON_CHECKED");
			if (strcmp(o, "lost") == 0)
				tmpl_show_section(cl, "LOST_CHECKED");
		}
	} else {
		tmpl_set_int(tmpl_add_section(d, "REOPEN_FORM"), "ID", deal->id);
	}
	if (owner) {
		tmpl_dict *ed = tmpl_add_section(d, "EDIT_FORM");
		tmpl_set_int(ed, "ID", deal->id);
		tmpl_set_str(ed, "CURRENCY", deal->currency);
		if (forms && forms->edit) {
			form_fill(forms->edit, ed);
			tmpl_show_section(ed, "EDIT_OPEN");
		} else {
			fill_edit_defaults(ed, deal);
		}
	}
	if (!playbook_fill_deal(r, d, s, deal, owner, forms))
		return;
	struct timeline_state ts = { r, deal, d, 0, NULL, 0, NULL, 0, 0 };
	int ncr = criteria_count(r->db, 0);
	ts.criteria = arena_alloc(&r->arena,
	    (size_t)(ncr > 0 ? ncr : 1) * sizeof(*ts.criteria));
	ts.ncriteria = ncr < 0 ? -1 : criteria_list(r->db, 0, ts.criteria, ncr);
	if (ts.ncriteria < 0) {
		resp_internal(r, "loading the criteria failed");
		return;
	}
	if (deal_edit_values(r->db, deal->id, keep_edit_value, &ts) != DB_OK ||
	    deal_timeline(r->db, deal->id, add_timeline_entry, &ts) != DB_OK) {
		resp_internal(r, "loading the timeline failed");
		return;
	}
	page_finish(r, status);
}

/* Load the {id} deal for this viewer, or answer 404.  false when
 * answered. */
static bool
load_deal(struct req *r, struct deal *deal)
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
	if (!page_load_stages(r, s) || !load_deal(r, deal))
		return false;
	if (deal->owner_id != r->session.user.id) {
		resp_error(r, 404);
		return false;
	}
	return true;
}

/*
 * GET /deals/{id} - the deal, its next step, the move/close/edit forms
 * (for its owner) and its timeline.  200; 404 for a deal the viewer
 * may not see.
 */
void
h_deal_get(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (page_load_stages(r, &s) && load_deal(r, &deal))
		deal_page_render(r, 200, &s, &deal, NULL);
}

/*
 * POST /deals/{id} - edit the deal's fields.  303 back with "Deal
 * updated"; 422 with the typed values kept; 404 if not the owner's.
 */
void
h_deal_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, edit_fields, GW_ARRAY_LEN(edit_fields));
	check_dates(r, &f, &deal);
	if (f.errors) {
		struct deal_forms forms = { .edit = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	struct deal updated = deal;
	deal_from_form(&updated, &f);
	/* What changed, field by field, with the values as stored; the
	 * amount compares parsed, in minor units. */
	char old_amount[24] = "", new_amount[24] = "";
	if (deal.has_amount)
		snprintf(old_amount, sizeof(old_amount), "%lld",
		    (long long)deal.amount);
	if (updated.has_amount)
		snprintf(new_amount, sizeof(new_amount), "%lld",
		    (long long)updated.amount);
	const char *old_values[] = { deal.company, deal.contact, deal.next_step,
		deal.next_step_due, old_amount, deal.title, deal.source,
		deal.expected_close };
	const char *new_values[] = { updated.company, updated.contact,
		updated.next_step, updated.next_step_due, new_amount, updated.title,
		updated.source, updated.expected_close };
	struct field_change changes[GW_ARRAY_LEN(edit_labels)];
	int n = 0;
	char fields[256] = "";
	struct buf detail = { 0 };
	for (size_t i = 0; i < GW_ARRAY_LEN(edit_labels); i++) {
		if (strcmp(old_values[i], new_values[i]) == 0)
			continue;
		changes[n++] = (struct field_change){ edit_labels[i].field,
			old_values[i], new_values[i] };
		if (fields[0])
			strncat(fields, ", ", sizeof(fields) - strlen(fields) - 1);
		strncat(fields, edit_labels[i].label,
		    sizeof(fields) - strlen(fields) - 1);
		char was[EDIT_VALUE_SIZE], is[EDIT_VALUE_SIZE];
		edit_value_text(edit_labels[i].field, old_values[i], deal.currency,
		    was, sizeof(was));
		edit_value_text(edit_labels[i].field, new_values[i], deal.currency,
		    is, sizeof(is));
		buf_printf(&detail, "%s%s: %s → %s", detail.len ? "; " : "",
		    edit_labels[i].label, was, is);
	}
	const char *audit_detail = arena_strdup(&r->arena,
	    detail.data ? detail.data : "");
	buf_free(&detail);
	if (fields[0] == '\0') {
		if (db_tx_begin(r->db) != DB_OK) {
			resp_internal(r, "cannot begin");
			return;
		}
		deal_page_commit(r, DB_OK, "Nothing changed.", deal.id);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_update(r->db, &updated, r->session.user.id, fields,
	    changes, n, r->now);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-edit", deal.id, audit_detail);
	deal_page_commit(r, rc, "Deal updated.", deal.id);
}

/*
 * POST /deals/{id}/move - move an open deal forward, back or past
 * stages, with an optional note.  303 with "Moved to <stage>"; 422
 * with the choice kept; 404 if not the owner's.
 */
void
h_deal_move_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, move_fields, GW_ARRAY_LEN(move_fields));
	enum move_kind kind = MOVE_FORWARD;
	int skipped = 0;
	int64_t to_id = strtoll(form_value(&f, "to_stage_id"), NULL, 10);
	if (f.errors == 0) {
		const char *problem = pipeline_check_move(s.list, s.n, &deal, to_id,
		    &kind, &skipped);
		if (problem)
			form_fail(&f, "to_stage_id", problem);
	}
	if (f.errors) {
		struct deal_forms forms = { .move = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	const struct stage *to = pipeline_find(s.list, s.n, to_id);
	/* Leaving a stage forward with criteria unticked skips them. */
	const char *skipped_ids = "";
	int skipped_criteria = 0;
	if (kind != MOVE_BACK &&
	    (skipped_criteria = playbook_unticked(r, &deal, &skipped_ids,
	         NULL)) < 0) {
		resp_internal(r, "reading the checklist failed");
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_move(r->db, deal.id, r->session.user.id, deal.stage_id,
	    to_id, skipped, form_value(&f, "note"), skipped_ids,
	    skipped_criteria, r->now);
	char detail[400], flash[256];
	snprintf(detail, sizeof(detail), "%s -> %s%s", deal.stage_name, to->name,
	    kind == MOVE_BACK ? " (back)" : kind == MOVE_SKIP ? " (skip)" : "");
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-move", deal.id, detail);
	snprintf(flash, sizeof(flash), "Moved to %s.", to->name);
	deal_page_commit(r, rc, flash, deal.id);
}

/*
 * POST /deals/{id}/close - close as won, or lost with a reason.  A
 * win counts the stages after the deal's as skipped; from an early
 * stage it needs confirm_win=1 first (a 422 asks for it, with the form
 * kept).  303; 422 with the form kept; 404 if not the owner's.
 */
void
h_deal_close_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, close_fields, GW_ARRAY_LEN(close_fields));
	int outcome = deal_status_from_name(form_value(&f, "outcome"));
	if (f.errors == 0) {
		const char *problem = pipeline_check_close(&deal, outcome,
		    form_value(&f, "lost_reason"));
		if (problem)
			form_fail(&f, outcome == DEAL_LOST ? "lost_reason"
			                                   : "outcome", problem);
	}
	/* A win passes over the stages after this one, which then count as
	 * skipped; from an early stage that is asked about once. */
	int skipped = outcome == DEAL_WON ? pipeline_win_skips(s.list, s.n, &deal)
	                                  : 0;
	if (f.errors == 0 && outcome == DEAL_WON &&
	    pipeline_win_needs_confirm(s.list, s.n, &deal) &&
	    *form_value(&f, "confirm_win") == '\0') {
		struct buf names = { 0 };
		const struct stage *at = pipeline_find(s.list, s.n, deal.stage_id);
		for (int i = 0; i < s.n; i++)
			if (s.list[i].active && s.list[i].position > at->position)
				buf_printf(&names, "%s%s", names.len ? ", " : "",
				    s.list[i].name);
		form_fail(&f, "confirm_win", skipped == 0
		    ? arena_printf(&r->arena, "%s is an early stage. Tick the box "
		                              "to close the deal as won from it.",
		          at->name)
		    : arena_printf(&r->arena, "%s is an early stage. Closing as won "
		                              "now passes over %s, and counts %s "
		                              "skipped. Tick the box if the buyer "
		                              "has really committed.",
		          at->name, names.data, skipped == 1 ? "it as" : "them as"));
		buf_free(&names);
	}
	if (f.errors) {
		struct deal_forms forms = { .close = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	const char *reason = outcome == DEAL_LOST ? form_value(&f, "lost_reason")
	                                          : "";
	/* A win with criteria unticked skipped them too. */
	const char *skipped_ids = "";
	int skipped_criteria = 0;
	if (outcome == DEAL_WON &&
	    (skipped_criteria = playbook_unticked(r, &deal, &skipped_ids,
	         NULL)) < 0) {
		resp_internal(r, "reading the checklist failed");
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_close(r->db, deal.id, r->session.user.id, deal.stage_id,
	    (enum deal_status)outcome, reason, skipped, skipped_ids,
	    skipped_criteria, r->now);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-close", deal.id, skipped
		    ? arena_printf(&r->arena, "won at %s, skipping %d stage%s",
		          deal.stage_name, skipped, skipped == 1 ? "" : "s")
		    : deal_status_name((enum deal_status)outcome));
	deal_page_commit(r, rc,
	    outcome == DEAL_WON ? "Closed as won. Well done." : "Closed as lost.",
	    deal.id);
}

/*
 * POST /deals/{id}/reopen - reopen a closed deal in its stage.  303;
 * 422 when it cannot be reopened; 404 if not the owner's.
 */
void
h_deal_reopen_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	const char *problem = pipeline_check_reopen(s.list, s.n, &deal);
	if (problem) {
		struct deal_forms forms = { .problem = problem };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_reopen(r->db, deal.id, r->session.user.id, deal.stage_id,
	    deal.status, r->now);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-reopen", deal.id, NULL);
	deal_page_commit(r, rc, "Deal reopened.", deal.id);
}
