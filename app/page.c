/*
 * page.c - the shared layout and helpers for filling templates.
 */
#include "page.h"

#include "amount.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "db_deal.h"
#include "resp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * The top bar: each link with the roles that may follow it and the
 * paths it stands for.  A page is under the link whose path is the
 * longest prefix of its own, at a "/" boundary, among this role's
 * links: /team/coaching is Coaching, not Team as well.
 */
#define NAV_PATHS 3
static const struct {
	const char *label;           /* link text */
	const char *path;            /* where it goes */
	int roles;                   /* enum role bits allowed */
	const char *more[NAV_PATHS]; /* other paths it stands for */
} nav[] = {
	{ "My deals", "/deals", ROLE_REP, { NULL } },
	/* The leader's comparison of every team they see. */
	{ "Org", "/org", ROLE_DIRECTOR | ROLE_ADMIN, { NULL } },
	/* A manager, admin or director reads a deal from the team pages. */
	{ "Team", "/team", ROLE_MANAGER | ROLE_ADMIN | ROLE_DIRECTOR,
	    { "/deals", NULL } },
	{ "Coaching", "/team/coaching", ROLE_MANAGER,
	    { "/team/sessions", NULL } },
	{ "My time", "/team/time", ROLE_MANAGER, { NULL } },
	{ "My coaching", "/coaching", ROLE_REP, { NULL } },
	{ "Job-aids", "/aids", ROLE_REP | ROLE_MANAGER, { NULL } },
	{ "Users", "/admin/users", ROLE_ADMIN, { NULL } },
	{ "Teams", "/admin/teams", ROLE_ADMIN, { NULL } },
	{ "Import", "/admin/import", ROLE_ADMIN, { NULL } },
	{ "Stages", "/admin/stages", ROLE_ADMIN, { "/admin/criteria", NULL } },
	{ "Job-aids", "/admin/aids", ROLE_ADMIN, { "/aids", NULL } },
	{ "Mail", "/admin/mail", ROLE_ADMIN, { NULL } },
	{ "Backups", "/admin/offsite", ROLE_ADMIN, { NULL } },
};

/* The length of prefix when path is prefix itself or below it, else 0. */
static size_t
nav_match(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0 ||
	    (path[n] != '\0' && path[n] != '/'))
		return 0;
	return n;
}

/* The index in nav[] of the one link role sees as current on path, or
 * -1 when the page is under none of them. */
static int
nav_current(const char *path, int role)
{
	int best = -1;
	size_t best_len = 0;
	for (size_t i = 0; path && i < GW_ARRAY_LEN(nav); i++) {
		if (!(nav[i].roles & role))
			continue;
		size_t len = nav_match(path, nav[i].path);
		for (int k = 0; k < NAV_PATHS && nav[i].more[k]; k++) {
			size_t more = nav_match(path, nav[i].more[k]);
			if (more > len)
				len = more;
		}
		if (len > best_len) {
			best = (int)i;
			best_len = len;
		}
	}
	return best;
}

/* The layout's dictionary for r, without its body. */
static tmpl_dict *
layout_new(struct req *r, const char *title)
{
	tmpl_dict *d = tmpl_dict_new("layout");
	tmpl_set_str(d, "TITLE", title);
	if (r->signed_in) {
		tmpl_dict *who = tmpl_add_section(d, "SIGNED_IN");
		tmpl_set_str(who, "USER_NAME", r->session.user.name);
		tmpl_set_str(who, "USER_ROLE", role_name(r->session.user.role));
		tmpl_set_str(who, "CSRF", r->csrf);
		int role = (int)r->session.user.role;
		int current = nav_current(r->path, role);
		for (size_t i = 0; i < GW_ARRAY_LEN(nav); i++) {
			if (!(nav[i].roles & role))
				continue;
			tmpl_dict *link = tmpl_add_section(who, "NAV");
			tmpl_set_str(link, "LABEL", nav[i].label);
			tmpl_set_str(link, "HREF", nav[i].path);
			if ((int)i == current)
				tmpl_show_section(link, "CURRENT");
		}
	}
	if (r->flash[0])
		tmpl_set_str(tmpl_add_section(d, "FLASH"), "MESSAGE", r->flash);
	if (r->save_refused)
		tmpl_show_section(d, "SAVE_REFUSED");
	return d;
}

tmpl_dict *
page_begin(struct req *r, const char *title, const char *body_tpl)
{
	page_discard(r);
	r->layout = layout_new(r, title);
	tmpl_dict *body = tmpl_add_include(r->layout, "BODY", body_tpl);
	tmpl_set_str(body, "CSRF", r->csrf);
	return body;
}

void
page_refresh(struct req *r, int seconds)
{
	if (r->layout)
		tmpl_set_int(tmpl_add_section(r->layout, "REFRESH"), "SECONDS",
		    seconds);
}

void
page_finish(struct req *r, int status)
{
	if (r->layout == NULL)
		return;
	size_t len = 0;
	char *html = tmpl_expand("layout.tpl", r->layout, &len);
	page_discard(r);
	if (html == NULL) {
		fprintf(stderr,
		    "groundwork: request %s: template expansion "
		    "failed for %s\n",
		    r->id, r->path ? r->path : "?");
		return;
	}
	buf_reset(&r->body);
	buf_append(&r->body, html, len);
	free(html);
	r->status = status;
	r->content_type = NULL;
	r->sent = true;
}

char *
page_render_body(const char *body_tpl, tmpl_dict *d, size_t *len)
{
	char *html = tmpl_expand(body_tpl, d, len);
	if (html == NULL)
		fprintf(stderr,
		    "groundwork: template expansion failed for %s\n", body_tpl);
	return html;
}

/* Where page_finish_body puts the body: views/slot.tpl holds only this
 * comment.  Every value in the layout is HTML-escaped, so nothing a
 * user typed can spell it, and the first one is the slot. */
static const char slot_mark[] = "<!--gw:slot-->";

void
page_finish_body(struct req *r, int status, const char *title, const char *body,
    size_t len)
{
	page_discard(r);
	tmpl_dict *d = layout_new(r, title);
	tmpl_add_include(d, "BODY", "slot.tpl");
	size_t n = 0;
	char *html = tmpl_expand("layout.tpl", d, &n);
	tmpl_dict_free(d);
	const char *at = html
	                     ? memmem(html, n, slot_mark, sizeof(slot_mark) - 1)
	                     : NULL;
	if (at == NULL) {
		fprintf(stderr,
		    "groundwork: request %s: no slot in the layout "
		    "for %s\n",
		    r->id, r->path ? r->path : "?");
		free(html);
		return;
	}
	size_t head = (size_t)(at - html), tail = head + sizeof(slot_mark) - 1;
	buf_reset(&r->body);
	buf_append(&r->body, html, head);
	buf_append(&r->body, body, len);
	buf_append(&r->body, html + tail, n - tail);
	free(html);
	r->status = status;
	r->content_type = NULL;
	r->sent = true;
}

void
page_discard(struct req *r)
{
	if (r->layout) {
		tmpl_dict_free(r->layout);
		r->layout = NULL;
	}
}

void
page_set_text(tmpl_dict *d, const char *key, const char *value, size_t len)
{
	if (value == NULL) {
		tmpl_set_str(d, key, "");
		return;
	}
	if (text_valid(value, len) && strlen(value) == len) {
		tmpl_set_str(d, key, value);
		return;
	}
	/* Re-show what was typed, with each bad byte as U+FFFD. */
	struct buf b = { 0 };
	size_t i = 0;
	while (i < len) {
		/* The shortest valid character at i, if there is one. */
		size_t take = 0;
		for (size_t k = 1; k <= 4 && i + k <= len; k++) {
			if (text_valid(value + i, k)) {
				take = k;
				break;
			}
		}
		if (take == 0) {
			buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		} else {
			buf_append(&b, value + i, take);
			i += take;
		}
	}
	tmpl_set_str(d, key, b.data ? b.data : "");
	buf_free(&b);
}

void
page_format_count(char *out, size_t size, long long n)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (n < 0 && o + 1 < size)
		out[o++] = '-';
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 1 < size)
			out[o++] = ',';
		if (o + 1 < size)
			out[o++] = digits[i];
	}
	out[o] = '\0';
}

void
page_set_count(tmpl_dict *d, const char *key, long long n, const char *one,
    const char *many)
{
	char digits[32], text[160];
	page_format_count(digits, sizeof(digits), n);
	snprintf(text, sizeof(text), "%s %s", digits, plural(n, one, many));
	tmpl_set_str(d, key, text);
}

bool
page_next_step(tmpl_dict *d, const char *key, const char *text, const char *due,
    const char *today, bool open)
{
	if (text[0] == '\0' && due[0] == '\0') {
		if (open)
			tmpl_show_section(tmpl_add_include(d, key,
			                      "next_step.tpl"),
			    "NONE");
		return open;
	}
	tmpl_dict *ns = tmpl_add_section(
	    tmpl_add_include(d, key, "next_step.tpl"), "STEP");
	tmpl_set_str(ns, "TEXT", text);
	if (due[0] == '\0')
		return false;
	int days = date_diff(today, due);
	const char *state = "";
	tmpl_dict *when = tmpl_add_section(ns, "DUE");
	tmpl_set_str(when, "DATE", due);
	if (open && days < 0) {
		state = " overdue";
		page_set_count(tmpl_add_section(when, "LATE"), "DAYS", -days,
		    "day", "days");
	} else if (open && days == 0) {
		state = " due-today";
		tmpl_show_section(when, "TODAY");
	} else {
		tmpl_show_section(when, "ON_DATE");
	}
	tmpl_set_str(ns, "STATE", state);
	return false;
}

void
page_format_time(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

bool
page_load_stages(struct req *r, struct stages *s)
{
	if (stage_list_all(r->db, s) != DB_OK) {
		resp_internal(r, "loading stages failed");
		return false;
	}
	return true;
}

void
page_set_share(tmpl_dict *d, const char *key, int64_t num, int64_t den)
{
	char text[64];
	if (den > 0)
		snprintf(text, sizeof(text), "%d%% · %lld of %lld",
		    (int)((100 * num + den / 2) / den), (long long)num,
		    (long long)den);
	else
		snprintf(text, sizeof(text), "— · 0 of 0");
	tmpl_set_str(d, key, text);
}

void
page_format_money(char *text, size_t size, int64_t minor)
{
	/* Whole units: cents only clutter a summary.  Rounding is checked
	 * too; AMOUNT_TOO_LARGE stays so. */
	int64_t whole = minor == AMOUNT_TOO_LARGE
	                    ? minor
	                    : amount_add(minor - minor % 100,
	                          minor % 100 >= 50 ? 100 : 0);
	amount_format(text, size, whole, cfg.currency);
}

void
page_share_parts(struct req *r, int64_t num, int64_t den, const char **value,
    const char **count)
{
	*value = den > 0 ? arena_printf(&r->arena, "%d%%",
	                       (int)((100 * num + den / 2) / den))
	                 : "—";
	*count = arena_printf(&r->arena, "%lld of %lld", (long long)num,
	    (long long)den);
}

void
page_set_as_of(tmpl_dict *d, const struct req *r)
{
	char text[32];
	time_t t = (time_t)minute_start(r->now);
	struct tm tm;
	localtime_r(&t, &tm);
	if (strftime(text, sizeof(text), "%H:%M %Z", &tm) == 0)
		text[0] = '\0';
	tmpl_set_str(d, "AS_OF", text);
}

void
page_set_money(tmpl_dict *d, const char *key, int64_t minor)
{
	char text[64];
	page_format_money(text, sizeof(text), minor);
	tmpl_set_str(d, key, text);
}
