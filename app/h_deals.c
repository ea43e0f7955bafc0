/*
 * h_deals.c - a rep's deals: My deals, the new-deal form, and what the
 * deal page's edit, move, close and reopen forms do (the page itself,
 * with its timeline, is deal_page.c).  Every query carries the owner
 * (or the viewer's team or role), so a deal someone may not see is
 * answered 404 and nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "db_deal.h"
#include "db_team.h"
#include "db_import.h"
#include "deal_page.h"
#include "import.h"
#include "form.h"
#include "page.h"
#include "page_cache.h"
#include "pipeline.h"
#include "resp.h"
#include "route.h"
#include "session.h"

#define DEALS_PER_PAGE 50
#define DEALS_PER_STAGE 10 /* on the overview, before "show all" */
#define DEALS_FIRST 20     /* in each Today-first list */
#define STEP_DUE_YEARS 2   /* a new next step is due by then */
#define CLOSE_YEARS 5      /* an expected close is at most this far off */

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
	/* After a duplicate warning: log it all the same (CSV import
	 * feature: duplicate warnings). */
	{ "anyway", "Log it anyway", 1, false, NULL },
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

static const char *
valid_from(const char *v)
{
	return strcmp(v, "board") == 0 ? NULL : "Leave this as it was.";
}

static const struct field move_fields[] = {
	{ "to_stage_id", "Move to", 19, true, valid_id_or_empty },
	{ "note", "Note", DEAL_NOTE_MAX, false, NULL },
	/* What's next, optional: closes the open step and sets this. */
	{ "next", "What's next?", DEAL_STEP_MAX, false, NULL },
	{ "next_due", "Due", 10, false, valid_date },
	/* "board" when posted from the board, to go back there. */
	{ "from", "From", 5, false, valid_from },
};

static const char *
valid_outcome(const char *v)
{
	return strcmp(v, "won") == 0 || strcmp(v, "lost") == 0
	           ? NULL
	           : "Choose won or lost.";
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

static void
today(const struct req *r, char out[DATE_SIZE])
{
	date_of(r->now, out);
}

/* ----------------------------------------------------------------- */
/* My deals                                                          */

struct list_state {
	struct req *r;
	const struct stages *stages;
	tmpl_dict *page;                  /* the body dictionary */
	tmpl_dict *group;                 /* current stage group */
	int64_t group_stage;              /* its stage id */
	int64_t stage_counts[STAGES_MAX]; /* overview: deals per stage */
	int64_t at;                       /* the list's moment: the minute */
	char today[DATE_SIZE];            /* for overdue next steps */
};

/* A group header for a stage, with its count when known. */
static void
start_group(struct list_state *ls, int64_t stage_id)
{
	ls->group = tmpl_add_section(ls->page, "GROUP");
	ls->group_stage = stage_id;
	deal_page_set_stage(ls->group, ls->stages, stage_id);
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
	deal_page_set_amount(row, "AMOUNT", deal);
	deal_page_set_next_step(row, ls->today, deal);
	if (deal->status == DEAL_OPEN)
		deal_page_set_days(row,
		    days_between(deal->stage_entered_at, ls->at));
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

/* The deals of a Today-first list, kept to show once counted. */
struct first_list {
	struct deal *deals; /* DEALS_FIRST of them, in the arena */
	int n;
};

static int
keep_first(const struct deal *deal, void *arg)
{
	struct first_list *fl = arg;
	fl->deals[fl->n++] = *deal;
	return 0;
}

/* A deal of the Today or No next step list, with its stage chip. */
static void
add_first_row(struct list_state *ls, tmpl_dict *list, const struct deal *deal)
{
	tmpl_dict *row = tmpl_add_section(list, "DEAL");
	tmpl_set_int(row, "ID", deal->id);
	tmpl_set_str(row, "COMPANY", deal->company);
	deal_page_set_stage(row, ls->stages, deal->stage_id);
	deal_page_set_amount(row, "AMOUNT", deal);
	deal_page_set_next_step(row, ls->today, deal);
	deal_page_set_days(row, days_between(deal->stage_entered_at, ls->at));
}

/* Today first: the overdue and due-today steps, then the deals with
 * no open step, each list bounded, above the stages; a list with no
 * deal is left out.  DB_OK or DB_ERROR. */
static int
list_today_first(struct list_state *ls, int64_t owner)
{
	const char *lists[] = { "TODAY_LIST", "NO_STEP_LIST" };
	struct first_list fl;
	fl.deals = arena_alloc(&ls->r->arena, DEALS_FIRST * sizeof(*fl.deals));
	for (int i = 0; i < 2; i++) {
		fl.n = 0;
		int rc = i == 0 ? deal_list_due(ls->r->db, owner, ls->today,
		                      DEALS_FIRST, keep_first, &fl)
		                : deal_list_no_step(ls->r->db, owner,
		                      DEALS_FIRST, keep_first, &fl);
		if (rc != DB_OK)
			return rc;
		if (fl.n == 0)
			continue;
		tmpl_dict *list = tmpl_add_section(ls->page, lists[i]);
		tmpl_set_int(list, "COUNT", fl.n);
		for (int j = 0; j < fl.n; j++)
			add_first_row(ls, list, &fl.deals[j]);
	}
	return DB_OK;
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

/* What /deals was asked for: the filter and the choices behind it. */
struct deals_query {
	struct deal_filter f; /* owner, status, stage, search, paging */
	size_t status_i;      /* the status chosen, in status_choices */
	long page;            /* 1-based */
};

/* Read status, stage, q and page from the query string; anything
 * unknown, invalid or out of range leaves its default. */
static void
read_deals_query(const struct req *r, struct deals_query *dq)
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
	dq->f = f;
	dq->status_i = status_i;
	dq->page = page;
}

/* The deals of f into ls: the overview, one stage read from the owner
 * index, or the general query (a search or another status).  Returns
 * how many match, or -1 on a database error. */
static int64_t
list_deals(struct list_state *ls, const struct deal_filter *f, bool overview,
    bool indexed)
{
	struct db *db = ls->r->db;
	if (overview)
		return list_today_first(ls, f->owner_id) == DB_OK
		           ? list_overview(ls, f->owner_id)
		           : -1;
	if (indexed && f->stage_id) {
		if (deal_count_by_stage(db, f->owner_id, f->status,
		        note_stage_count, ls) != DB_OK)
			return -1;
		const struct stage *st = pipeline_find(ls->stages->list,
		    ls->stages->n, f->stage_id);
		int64_t total = ls->stage_counts[st - ls->stages->list];
		return deal_list_stage(db, f, add_deal_row, ls) == DB_OK
		           ? total
		           : -1;
	}
	int64_t total = deal_count(db, f);
	if (total >= 0 && deal_list(db, f, add_deal_row, ls) != DB_OK)
		return -1;
	return total;
}

/* The count above the list, the first-deal or no-match message, and
 * the status and stage menus with the current choices selected. */
static void
fill_deals_filters(tmpl_dict *d, const struct deals_query *dq,
    const struct stages *stages, int64_t total)
{
	const struct deal_filter *f = &dq->f;
	bool filtered = f->stage_id || *f->search || f->status != DEAL_OPEN;
	if (total == 0 && !filtered)
		tmpl_show_section(d, "FIRST_DEAL");
	else
		tmpl_show_section(d, "FILTERS");
	if (total == 0 && filtered)
		tmpl_show_section(d, "NO_MATCH");
	tmpl_set_int(d, "TOTAL", total);
	tmpl_set_str(d, "TOTAL_WORD", plural(total, "deal", "deals"));
	tmpl_set_str(d, "STATUS_LABEL", status_choices[dq->status_i].counted);
	page_set_text(d, "Q_VALUE", f->search, strlen(f->search));
	for (size_t i = 0; i < GW_ARRAY_LEN(status_choices); i++) {
		tmpl_dict *o = tmpl_add_section(d, "STATUS_OPTION");
		tmpl_set_str(o, "VALUE", status_choices[i].value);
		tmpl_set_str(o, "LABEL", status_choices[i].label);
		if (i == dq->status_i)
			tmpl_show_section(o, "SELECTED");
	}
	for (int i = 0; i < stages->n; i++) {
		if (!stages->list[i].active &&
		    stages->list[i].id != f->stage_id)
			continue;
		tmpl_dict *o = tmpl_add_section(d, "STAGE_OPTION");
		tmpl_set_int(o, "ID", stages->list[i].id);
		tmpl_set_str(o, "NAME", stages->list[i].name);
		if (stages->list[i].id == f->stage_id)
			tmpl_show_section(o, "SELECTED");
	}
}

/* Previous and next links that keep the filters, when there is more
 * than one page. */
static void
fill_deals_paging(tmpl_dict *d, const struct deals_query *dq, int64_t pages)
{
	if (pages <= 1)
		return;
	tmpl_dict *pg = tmpl_add_section(d, "PAGING");
	tmpl_set_int(pg, "PAGE", dq->page);
	tmpl_set_int(pg, "PAGES", pages);
	const char *links[] = { "PREV", "NEXT" };
	long targets[] = { dq->page - 1, dq->page + 1 };
	for (int i = 0; i < 2; i++) {
		if (targets[i] < 1 || targets[i] > pages)
			continue;
		tmpl_dict *l = tmpl_add_section(pg, links[i]);
		tmpl_set_str(l, "STATUS", status_choices[dq->status_i].value);
		tmpl_set_int(l, "STAGE", dq->f.stage_id);
		page_set_text(l, "Q", dq->f.search, strlen(dq->f.search));
		tmpl_set_int(l, "PAGE", targets[i]);
	}
}

/*
 * GET /deals - the rep's deals grouped by stage, with filters for
 * stage and status, a search by company or contact, and paging.  200.
 */
void
h_deals_get(struct req *r)
{
	struct deals_query dq;
	read_deals_query(r, &dq);
	struct deal_filter *f = &dq.f;

	/* The overview, the page a rep opens most, is kept per worker,
	 * stamped with the rep's revision and the minute it was taken at
	 * (page_cache.h); the days it shows are counted to that minute. */
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "deals/%lld/%s", (long long)f->owner_id,
	    r->zone);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	struct cached_page kept;
	bool keep = f->stage_id == 0 && *f->search == '\0' &&
	            f->status == DEAL_OPEN && dq.page == 1 &&
	            owner_revision(r->db, f->owner_id, &stamp[0]) == DB_OK;
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}

	struct stages stages;
	if (!page_load_stages(r, &stages))
		return;
	if (pipeline_find(stages.list, stages.n, f->stage_id) == NULL)
		f->stage_id = 0;
	/* The open overview and one open stage read the owner index in
	 * order; a search or another status needs the general query. */
	bool indexed = *f->search == '\0' && f->status >= 0;
	bool overview = indexed && f->stage_id == 0 && f->status == DEAL_OPEN;

	tmpl_dict *d = tmpl_dict_new("deals");
	struct list_state ls;
	memset(&ls, 0, sizeof(ls));
	ls.r = r;
	ls.stages = &stages;
	ls.page = d;
	ls.at = stamp[1];
	date_of(ls.at, ls.today);
	int64_t total = list_deals(&ls, f, overview, indexed);
	if (total < 0) {
		tmpl_dict_free(d);
		resp_internal(r, "listing deals failed");
		return;
	}
	fill_deals_filters(d, &dq, &stages, total);
	fill_deals_paging(d, &dq,
	    overview ? 1 : (total + DEALS_PER_PAGE - 1) / DEALS_PER_PAGE);
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

/* --- duplicate warning (CSV import feature) ------------------------- */

struct dup_search {
	char key[DEAL_TEXT_MAX * 4 + 1]; /* the typed company, normalised */
	struct duplicate found;
	bool any;
};

static int
same_company(const struct duplicate *d, void *arg)
{
	struct dup_search *ds = arg;
	char key[sizeof(ds->key)];
	import_company_key(d->company, key, sizeof(key));
	if (strcmp(key, ds->key) != 0)
		return 0;
	ds->found = *d;
	ds->any = true;
	return 1;
}

/* An open deal of the team whose company is the typed one, ignoring
 * case, spacing, punctuation and suffixes such as Ltd or Inc. */
static bool
find_duplicate(struct req *r, const char *company, struct duplicate *out)
{
	struct dup_search *ds = arena_alloc(&r->arena, sizeof(*ds));
	memset(ds, 0, sizeof(*ds));
	import_company_key(company, ds->key, sizeof(ds->key));
	/* The first word as typed narrows the team's open deals in SQL. */
	const char *p = company;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strcspn(p, " \t,.;:-&()/");
	if (r->session.user.team_id == 0 || n == 0 || ds->key[0] == '\0')
		return false;
	duplicate_candidates(r->db, r->session.user.team_id,
	    arena_strndup(&r->arena, p, n), same_company, ds);
	*out = ds->found;
	return ds->any;
}

static void
render_new(struct req *r, int status, const struct stages *s,
    const struct form *f, const struct duplicate *dup)
{
	tmpl_dict *d = page_begin(r, "Log a deal", "deal_new.tpl");
	if (dup) {
		tmpl_dict *w = tmpl_add_section(d, "DUPLICATE");
		tmpl_set_int(w, "DEAL_ID", dup->deal_id);
		tmpl_set_str(w, "DUP_COMPANY", dup->company);
		tmpl_set_str(w, "DUP_OWNER", dup->owner_name);
	}
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
	deal_page_stage_options(d, s, chosen, 0);
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
		render_new(r, 200, &s, NULL, NULL);
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
		form_fail(f, "next_step_due",
		    arena_printf(&r->arena,
		        "Choose a due date from today (%s) to %s, two years ahead.",
		        now, last));
	const char *close = form_value(f, "expected_close");
	bool open = old == NULL || old->status == DEAL_OPEN;
	bool changed = old == NULL || strcmp(old->expected_close, close) != 0;
	date_add_years(now, CLOSE_YEARS, last);
	if (*close && changed && date_problem(close) == NULL &&
	    !date_within(close, open ? now : DATE_FIRST, last))
		form_fail(f, "expected_close",
		    open ? arena_printf(&r->arena,
		               "Choose an expected close from today "
		               "(%s) to %s, five years ahead.",
		               now, last)
		         : arena_printf(&r->arena,
		               "Choose a date from %s to %s.", DATE_FIRST,
		               last));
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
	str_copy(d->next_step, sizeof(d->next_step),
	    form_value(f, "next_step"));
	str_copy(d->next_step_due, sizeof(d->next_step_due),
	    form_value(f, "next_step_due"));
	const char *amount = form_value(f, "amount");
	d->has_amount = *amount != '\0' &&
	                amount_parse(amount, cfg.currency, &d->amount) == NULL;
	if (!d->has_amount)
		d->amount = 0;
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
	                                ? pipeline_find(s.list, s.n,
	                                      strtoll(stage_text, NULL, 10))
	                                : pipeline_first(s.list, s.n);
	if (stage == NULL || !stage->active)
		form_fail(&f, "stage_id", "Choose one of the listed stages.");
	check_dates(r, &f, NULL);
	if (f.errors) {
		render_new(r, 422, &s, &f, NULL);
		return;
	}
	struct duplicate dup;
	if (strcmp(form_value(&f, "anyway"), "1") != 0 &&
	    find_duplicate(r, form_value(&f, "company"), &dup)) {
		render_new(r, 422, &s, &f, &dup);
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
	if (rc == DB_OK && (d.next_step[0] || d.next_step_due[0]))
		rc = deal_page_audit(r, "step-create", d.id,
		    arena_printf(&r->arena, "%s (due %s)", d.next_step,
		        *d.next_step_due ? d.next_step_due : "none"));
	char flash[400];
	if (d.late_entry)
		snprintf(flash, sizeof(flash),
		    "Deal saved at %s. Deals first logged at stage %d or later "
		    "count as late entries; logging them at the first "
		    "conversation lets your manager help earlier.",
		    stage->name, LATE_ENTRY_RANK);
	else
		snprintf(flash, sizeof(flash), "Deal saved at %s.",
		    stage->name);
	deal_page_commit(r, rc, flash, d.id);
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
	if (page_load_stages(r, &s) && deal_page_load(r, &deal))
		deal_page_render(r, 200, &s, &deal, NULL);
}

/* A next step changed in the edit form goes into the trail: a new due
 * date alone reschedules the open step; a new text closes it and opens
 * the new one. */
static int
edit_step(struct req *r, const struct deal *old, const struct deal *now)
{
	bool same_text = strcmp(old->next_step, now->next_step) == 0;
	if (same_text && strcmp(old->next_step_due, now->next_step_due) == 0)
		return DB_OK;
	if (same_text && (old->next_step[0] || old->next_step_due[0]))
		return deal_page_step_reschedule(r, old, now->next_step_due);
	return deal_page_step_next(r, old, "", now->next_step,
	    now->next_step_due);
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
	struct field_change changes[DEAL_PAGE_EDIT_FIELDS];
	const char *fields, *audit_detail;
	int n = deal_page_edit_changes(r, &deal, &updated, changes, &fields,
	    &audit_detail);
	if (n == 0) {
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
	if (rc == DB_OK)
		rc = edit_step(r, &deal, &updated);
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
		const char *problem = pipeline_check_move(s.list, s.n, &deal,
		    to_id, &kind, &skipped);
		if (problem)
			form_fail(&f, "to_stage_id", problem);
	}
	deal_page_check_step(r, &f, false);
	if (f.errors) {
		struct deal_forms forms = { .move = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	const struct stage *to = pipeline_find(s.list, s.n, to_id);
	/* Leaving a stage forward with criteria unticked skips them. */
	const char *skipped_ids = "";
	int skipped_criteria = 0;
	if (kind != MOVE_BACK && (skipped_criteria = deal_page_unticked(r,
	                              &deal, &skipped_ids, NULL)) < 0) {
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
	snprintf(detail, sizeof(detail), "%s -> %s%s", deal.stage_name,
	    to->name,
	    kind == MOVE_BACK   ? " (back)"
	    : kind == MOVE_SKIP ? " (skip)"
	                        : "");
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-move", deal.id, detail);
	const char *next = form_value(&f, "next");
	if (rc == DB_OK && *next)
		rc = deal_page_step_next(r, &deal,
		    arena_printf(&r->arena, "Moved to %s", to->name), next,
		    form_value(&f, "next_due"));
	snprintf(flash, sizeof(flash), "Moved to %s.%s", to->name,
	    *next ? " Next step set." : "");
	if (*form_value(&f, "from"))
		deal_page_commit_to(r, rc, flash, "/deals/board");
	else
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
			form_fail(&f,
			    outcome == DEAL_LOST ? "lost_reason" : "outcome",
			    problem);
	}
	/* A win passes over the stages after this one, which then count as
	 * skipped; from an early stage that is asked about once. */
	int skipped = outcome == DEAL_WON
	                  ? pipeline_win_skips(s.list, s.n, &deal)
	                  : 0;
	if (f.errors == 0 && outcome == DEAL_WON &&
	    pipeline_win_needs_confirm(s.list, s.n, &deal) &&
	    *form_value(&f, "confirm_win") == '\0') {
		struct buf names = { 0 };
		const struct stage *at = pipeline_find(s.list, s.n,
		    deal.stage_id);
		for (int i = 0; i < s.n; i++)
			if (s.list[i].active &&
			    s.list[i].position > at->position)
				buf_printf(&names, "%s%s",
				    names.len ? ", " : "", s.list[i].name);
		form_fail(&f, "confirm_win",
		    skipped == 0
		        ? arena_printf(&r->arena,
		              "%s is an early stage. Tick the box "
		              "to close the deal as won from it.",
		              at->name)
		        : arena_printf(&r->arena,
		              "%s is an early stage. Closing as won "
		              "now passes over %s, and counts %s "
		              "skipped. Tick the box if the buyer "
		              "has really committed.",
		              at->name, names.data,
		              skipped == 1 ? "it as" : "them as"));
		buf_free(&names);
	}
	if (f.errors) {
		struct deal_forms forms = { .close = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	const char *reason = outcome == DEAL_LOST
	                         ? form_value(&f, "lost_reason")
	                         : "";
	/* A win with criteria unticked skipped them too. */
	const char *skipped_ids = "";
	int skipped_criteria = 0;
	if (outcome == DEAL_WON && (skipped_criteria = deal_page_unticked(r,
	                                &deal, &skipped_ids, NULL)) < 0) {
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
		rc = deal_page_audit(r, "deal-close", deal.id,
		    skipped
		        ? arena_printf(&r->arena,
		              "won at %s, skipping %d stage%s", deal.stage_name,
		              skipped, skipped == 1 ? "" : "s")
		        : deal_status_name((enum deal_status)outcome));
	deal_page_commit(r, rc,
	    outcome == DEAL_WON ? "Closed as won. Well done."
	                        : "Closed as lost.",
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
