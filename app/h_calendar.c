/*
 * h_calendar.c - the calendar feed: /calendar, where a user makes or
 * revokes the secret address of their feed, and /calendar/feed.ics,
 * which serves it to whoever holds the address: no cookie, no
 * session, only the token, stored as its hash like a session's.  An
 * unknown or revoked token is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "calendar.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_step.h"
#include "form.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "session.h"

#define FEED_STEPS_MAX 500 /* events a feed lists, soonest first */

/*
 * GET /calendar - whether the user has a feed address, with the forms
 * to make one (or a new one) and to revoke it.  200.
 */
void
h_calendar_get(struct req *r)
{
	int64_t made = 0;
	int rc = step_feed_of(r->db, r->session.user.id, &made);
	if (rc == DB_ERROR) {
		resp_internal(r, "reading the calendar feed failed");
		return;
	}
	tmpl_dict *d = page_begin(r, "Calendar", "calendar.tpl");
	if (rc == DB_OK) {
		char day[DATE_SIZE];
		date_of(made, day);
		tmpl_set_str(tmpl_add_section(d, "HAS_FEED"), "DATE", day);
	} else {
		tmpl_show_section(d, "NO_FEED");
	}
	page_finish(r, 200);
}

static const char *
valid_action(const char *v)
{
	return strcmp(v, "create") == 0 || strcmp(v, "revoke") == 0
	           ? NULL
	           : "Choose to make or revoke the address.";
}

static const struct field calendar_fields[] = {
	{ "action", "Action", 6, true, valid_action },
};

/* Where the feed is, for the flash: the configured public origin, or
 * this request's host. */
static const char *
feed_url(struct req *r, const char *token)
{
	if (cfg.base_url[0])
		return arena_printf(&r->arena, "%s/calendar/feed.ics?t=%s",
		    cfg.base_url, token);
	return arena_printf(&r->arena, "%s://%s/calendar/feed.ics?t=%s",
	    cfg.secure_cookies ? "https" : "http", r->host ? r->host : "",
	    token);
}

/*
 * POST /calendar - action=create makes a new secret address (the old
 * one stops working) and shows it once, in the flash; action=revoke
 * ends it.  303 to /calendar; 422 for another action.
 */
void
h_calendar_post(struct req *r)
{
	struct form f;
	form_read(&f, r, calendar_fields, GW_ARRAY_LEN(calendar_fields));
	if (f.errors) {
		resp_error(r, 422);
		return;
	}
	bool create = strcmp(form_value(&f, "action"), "create") == 0;
	char token[TOKEN_TEXT_SIZE];
	unsigned char hash[TOKEN_HASH_LEN];
	token_new(token);
	if (token_hash(token, hash) != 0 || db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = create ? step_feed_set(r->db, r->session.user.id, hash,
	                      sizeof(hash), r->now)
	                : step_feed_revoke(r->db, r->session.user.id);
	if (rc == DB_NOTFOUND)
		rc = DB_OK; /* revoking what is not there: nothing to do */
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id,
		    create ? "calendar-feed-create" : "calendar-feed-revoke",
		    arena_printf(&r->arena, "user:%lld",
		        (long long)r->session.user.id),
		    NULL, r->remote_addr);
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving the calendar feed failed");
		return;
	}
	session_flash(r,
	    create ? arena_printf(&r->arena,
	                 "Your calendar address, shown only now: %s — "
	                 "subscribe to it in your phone's calendar.",
	                 feed_url(r, token))
	           : "Calendar address revoked; it no longer works.");
	resp_redirect(r, "/calendar");
}

struct feed {
	struct req *r;
	struct calendar_step *steps; /* FEED_STEPS_MAX, in the arena */
	int n;
};

static int
keep_step(const struct calendar_step *s, void *arg)
{
	struct feed *f = arg;
	struct arena *a = &f->r->arena;
	f->steps[f->n++] = (struct calendar_step){ s->deal_id,
		arena_strdup(a, s->company), arena_strdup(a, s->text),
		arena_strdup(a, s->due) };
	return 0;
}

/* The token of ?t= if it has the form of one, else NULL. */
static const char *
feed_token(const struct req *r)
{
	const struct kv *t = kv_find(&r->query, "t");
	if (t == NULL || !t->valid || t->vlen != TOKEN_TEXT_LEN)
		return NULL;
	for (size_t i = 0; i < t->vlen; i++) {
		char c = t->val[i];
		if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '_')
			return NULL;
	}
	return t->val;
}

/*
 * GET /calendar/feed.ics?t=TOKEN - the token's owner's open steps with
 * due dates as an iCalendar feed (RFC 5545).  200 text/calendar; 404
 * for a missing, unknown or revoked token or a disabled user.
 */
void
h_calendar_feed_get(struct req *r)
{
	const char *token = feed_token(r);
	unsigned char hash[TOKEN_HASH_LEN];
	int64_t user = 0, made = 0;
	int rc = token && token_hash(token, hash) == 0
	             ? step_feed_owner(r->db, hash, sizeof(hash), &user, &made)
	             : DB_NOTFOUND;
	if (rc != DB_OK) {
		if (rc == DB_NOTFOUND)
			resp_error(r, 404);
		else
			resp_internal(r, "reading a calendar feed failed");
		return;
	}
	struct feed f = { r,
		arena_alloc(&r->arena, FEED_STEPS_MAX * sizeof(*f.steps)), 0 };
	if (step_feed_list(r->db, user, FEED_STEPS_MAX, keep_step, &f) !=
	    DB_OK) {
		resp_internal(r, "listing a calendar feed failed");
		return;
	}
	size_t len = 0;
	char *ics = calendar_feed(f.steps, f.n, cfg.base_url, r->now, &len);
	if (ics == NULL) {
		resp_internal(r, "writing a calendar feed failed");
		return;
	}
	buf_reset(&r->body);
	buf_append(&r->body, ics, len);
	free(ics);
	r->status = 200;
	r->content_type = "text/calendar; charset=utf-8";
	r->sent = true;
}
