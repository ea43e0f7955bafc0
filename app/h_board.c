/*
 * h_board.c - the board (/deals/board): open deals as columns by
 * stage, each card with its company, amount, open step and days in
 * stage.  A rep's board is their own deals, each card with a Move form
 * that posts what the deal page's move form posts (static/board.js
 * adds dragging and arrow keys over the same form); a manager's is
 * their team's, read-only, filterable by rep.  Each column is bounded
 * and read from an index, so the page costs the same at any size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "db_deal.h"
#include "db_team.h"
#include "deal_page.h"
#include "page.h"
#include "page_cache.h"
#include "pipeline.h"
#include "resp.h"
#include "route.h"

/* Cards a column shows: the most pressing, as a column of a rep with
 * thousands of deals would otherwise make a page too long to read (and
 * to serve); the rest are a link away, in the list. */
#define BOARD_PER_STAGE 15

struct board {
	struct req *r;
	const struct stages *s;
	tmpl_dict *col;             /* the column being filled */
	int64_t counts[STAGES_MAX]; /* open deals per stage */
	int64_t rep;                /* manager: the rep chosen, or 0 */
	bool editable;              /* the rep's own board */
	int shown;                  /* cards in the column */
	int64_t at;                 /* the minute the board is as of */
	char today[DATE_SIZE];      /* for overdue steps */
};

static int
stage_index(const struct stages *s, int64_t stage_id)
{
	for (int i = 0; i < s->n; i++)
		if (s->list[i].id == stage_id)
			return i;
	return -1;
}

static int
note_count(int64_t stage_id, int64_t count, void *arg)
{
	struct board *b = arg;
	int i = stage_index(b->s, stage_id);
	if (i >= 0)
		b->counts[i] += count;
	return 0;
}

static int
note_team_count(const struct count_row *c, void *arg)
{
	struct board *b = arg;
	if (b->rep == 0 || c->owner_id == b->rep)
		note_count(c->stage_id, c->deals, b);
	return 0;
}

static int
add_card(const struct deal *deal, void *arg)
{
	struct board *b = arg;
	tmpl_dict *card = tmpl_add_section(b->col, "CARD");
	tmpl_set_int(card, "ID", deal->id);
	tmpl_set_str(card, "COMPANY", deal->company);
	deal_page_set_amount(card, "AMOUNT", deal);
	deal_page_set_next_step(card, b->today, deal);
	deal_page_set_days(card, days_between(deal->stage_entered_at, b->at));
	b->shown++;
	if (!b->editable) {
		tmpl_set_str(tmpl_add_section(card, "OWNER"), "NAME",
		    deal->owner_name);
		return 0;
	}
	tmpl_show_section(card, "DRAG");
	/* The same form as the deal page's move, the next stage chosen. */
	tmpl_dict *mv = tmpl_add_section(card, "MOVE");
	tmpl_set_int(mv, "ID", deal->id);
	tmpl_set_str(mv, "COMPANY", deal->company);
	const struct stage *next = pipeline_next(b->s->list, b->s->n,
	    deal->stage_position);
	deal_page_stage_options(mv, b->s, next ? next->id : 0, deal->stage_id);
	return 0;
}

/* One stage's column: its first cards, and how many there are. */
static int
fill_column(struct board *b, tmpl_dict *d, int i, bool current)
{
	const struct stage *st = &b->s->list[i];
	b->col = tmpl_add_section(d, "COLUMN");
	tmpl_set_int(b->col, "ID", st->id);
	tmpl_set_int(b->col, "COUNT", b->counts[i]);
	deal_page_set_stage(b->col, b->s, st->id);
	if (current)
		tmpl_show_section(b->col, "CURRENT");
	b->shown = 0;
	int rc;
	if (b->editable) {
		struct deal_filter f = { b->r->session.user.id, DEAL_OPEN,
			st->id, "", BOARD_PER_STAGE, 0 };
		rc = b->counts[i] ? deal_list_stage(b->r->db, &f, add_card, b)
		                  : DB_OK;
	} else {
		struct team_filter f = { b->r->session.user.team_id, b->rep,
			st->id, DEAL_OPEN, BOARD_PER_STAGE, 0 };
		rc = b->counts[i] ? team_deals(b->r->db, &f, add_card, b)
		                  : DB_OK;
	}
	if (b->shown == 0)
		tmpl_show_section(b->col, "EMPTY");
	if (b->counts[i] > b->shown) {
		tmpl_dict *more = tmpl_add_section(b->col, "MORE");
		tmpl_set_int(more, "SHOWN", b->shown);
		tmpl_set_int(more, "COUNT", b->counts[i]);
		if (b->editable)
			tmpl_set_int(tmpl_add_section(more, "LINK"), "ID",
			    st->id);
	}
	return rc;
}

struct rep_pick {
	tmpl_dict *d;
	int64_t chosen;
	bool found;
};

static int
add_rep(const struct user *u, void *arg)
{
	struct rep_pick *p = arg;
	tmpl_dict *o = tmpl_add_section(p->d, "REP");
	tmpl_set_int(o, "ID", u->id);
	tmpl_set_str(o, "NAME", u->name);
	if (u->id == p->chosen) {
		tmpl_show_section(o, "SELECTED");
		p->found = true;
	}
	return 0;
}

/* A manager's rep filter: the team's reps, the chosen one (?rep=)
 * kept only if it is one of them.  DB_OK or DB_ERROR. */
static int
fill_rep_filter(struct board *b, tmpl_dict *d)
{
	const struct kv *rep = kv_find(&b->r->query, "rep");
	struct rep_pick p = { tmpl_add_section(d, "REP_FILTER"),
		rep && rep->valid ? strtoll(rep->val, NULL, 10) : 0, false };
	int rc = team_reps(b->r->db, b->r->session.user.team_id, add_rep, &p);
	b->rep = p.found ? p.chosen : 0;
	return rc;
}

/* The stage tabs (a phone shows one column at a time) and the columns
 * of the active stages; current is the stage the tabs show. */
static int
fill_columns(struct board *b, tmpl_dict *d, int64_t current)
{
	int rc = DB_OK;
	for (int i = 0; i < b->s->n && rc == DB_OK; i++) {
		const struct stage *st = &b->s->list[i];
		if (!st->active)
			continue;
		tmpl_dict *tab = tmpl_add_section(d, "TAB");
		tmpl_set_int(tab, "ID", st->id);
		tmpl_set_str(tab, "NAME", st->name);
		tmpl_set_int(tab, "COUNT", b->counts[i]);
		if (b->rep)
			tmpl_set_int(tmpl_add_section(tab, "FOR_REP"), "REP_ID",
			    b->rep);
		if (st->id == current)
			tmpl_show_section(tab, "CURRENT");
		rc = fill_column(b, d, i, st->id == current);
	}
	return rc;
}

/* The board's body for b into d: the heading, the rep filter or the
 * script, and the columns.  DB_OK or DB_ERROR. */
static int
fill_board(struct board *b, tmpl_dict *d, int64_t current)
{
	struct req *r = b->r;
	tmpl_set_str(d, "CSRF", r->csrf);
	tmpl_set_str(d, "HEADING", b->editable ? "Board" : "Team board");
	tmpl_set_str(d, "LIST_HREF", b->editable ? "/deals" : "/team/deals");
	tmpl_set_str(d, "LIST_LABEL", b->editable ? "List" : "Team's deals");
	int rc;
	if (b->editable) {
		tmpl_show_section(d, "EDITABLE");
		tmpl_show_section(d, "HELP");
		rc = deal_count_by_stage(r->db, r->session.user.id, DEAL_OPEN,
		    note_count, b);
	} else {
		rc = fill_rep_filter(b, d);
		if (rc == DB_OK)
			rc = team_open_counts(r->db, r->session.user.team_id,
			    note_team_count, b);
	}
	return rc == DB_OK ? fill_columns(b, d, current) : rc;
}

/*
 * GET /deals/board - a rep's open deals by stage, each card movable;
 * for a manager, the team's (?rep= for one rep), read-only.  ?stage=
 * is the column a phone shows.  200.  Like My deals, the page is kept
 * per worker, stamped with the owner's (or team's) revision and the
 * minute, and per session, since its forms carry the session's CSRF
 * value.
 */
void
h_board_get(struct req *r)
{
	bool editable = r->session.user.role == ROLE_REP;
	int64_t stage_q = strtoll(req_query(r, "stage"), NULL, 10);
	char key[PAGE_CACHE_KEY_SIZE];
	snprintf(key, sizeof(key), "board/%lld/%lld/%lld/%.16s",
	    (long long)r->session.user.id, (long long)stage_q,
	    (long long)strtoll(req_query(r, "rep"), NULL, 10), r->csrf);
	int64_t stamp[2] = { 0, minute_start(r->now) };
	bool keep = (editable ? owner_revision(r->db, r->session.user.id,
	                            &stamp[0])
	                      : team_revision(r->db, r->session.user.team_id,
	                            &stamp[0])) == DB_OK;
	struct cached_page kept;
	const char *title = editable ? "Board" : "Team board";
	if (keep && page_cache_get(key, stamp, &kept)) {
		page_finish_body(r, 200, kept.title, kept.body, kept.len);
		return;
	}
	struct stages s;
	if (!page_load_stages(r, &s))
		return;
	struct board b;
	memset(&b, 0, sizeof(b));
	b.r = r;
	b.s = &s;
	b.editable = editable;
	b.at = stamp[1];
	date_of(b.at, b.today);
	const struct stage *cur = pipeline_find(s.list, s.n, stage_q);
	if (cur == NULL || !cur->active)
		cur = pipeline_first(s.list, s.n);
	tmpl_dict *d = tmpl_dict_new("board");
	int rc = fill_board(&b, d, cur ? cur->id : 0);
	size_t len = 0;
	char *body = rc == DB_OK ? page_render_body("board.tpl", d, &len)
	                         : NULL;
	tmpl_dict_free(d);
	if (body == NULL) {
		resp_internal(r, "loading the board failed");
		return;
	}
	if (keep)
		page_cache_put(key, stamp, title, body, len);
	page_finish_body(r, 200, title, body, len);
	free(body);
}
