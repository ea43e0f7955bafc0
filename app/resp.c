/*
 * resp.c - the one path every response takes: status, security
 * headers (on errors too), Content-Length, body.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "page.h"
#include "resp.h"

static const struct {
	int code;
	const char *text;
} statuses[] = {
	{ 200, "OK" },
	{ 303, "See Other" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

/* What the user reads on an error page, by status. */
static const struct {
	int code;
	const char *title;
	const char *message;
} error_pages[] = {
	{ 400, "Bad request", "The request could not be read." },
	{ 403, "Not allowed",
	    "This form has expired or came from another site. Go back, "
	    "reload the page and try again." },
	{ 404, "Page not found",
	    "There is nothing here, or it is not yours "
	    "to see." },
	{ 405, "Method not allowed",
	    "This page does not take that kind of "
	    "request." },
	{ 413, "Too much data",
	    "The form sent more data than Groundwork "
	    "accepts." },
	{ 415, "Unsupported form",
	    "Forms must be sent as ordinary HTML "
	    "forms." },
	{ 429, "Too many attempts", "Please wait a little and try again." },
	{ 500, "Something went wrong",
	    "Groundwork could not finish this "
	    "request." },
	{ 503, "Unavailable", "Groundwork is not available right now." },
};

static const char *const security_headers =
    "Content-Security-Policy: default-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: same-origin\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cache-Control: no-store\r\n";

const char *
resp_status_text(int status)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(statuses); i++)
		if (statuses[i].code == status)
			return statuses[i].text;
	return "Unknown";
}

void
resp_head(const struct req *r, struct buf *out)
{
	/* A form shown again because the disk refused it is not the
	 * person's mistake: 503, and when to come back. */
	int status = r->save_refused && r->status == 422 ? 503 : r->status;
	buf_printf(out, "Status: %d %s\r\n", status, resp_status_text(status));
	buf_puts(out, security_headers);
	if (status == 503)
		buf_printf(out, "Retry-After: %d\r\n", RESP_RETRY_AFTER);
	buf_printf(out, "Content-Type: %s\r\n",
	    r->content_type ? r->content_type : "text/html; charset=utf-8");
	buf_printf(out, "Content-Length: %lu\r\n", (unsigned long)r->body.len);
	if (r->location)
		buf_printf(out, "Location: %s\r\n", r->location);
	if (r->disposition)
		buf_printf(out, "Content-Disposition: %s\r\n", r->disposition);
	for (int i = 0; i < r->nset_cookie; i++)
		buf_printf(out, "Set-Cookie: %s\r\n", r->set_cookie[i]);
	buf_puts(out, "\r\n");
}

/* Length of the "name=" that starts a Set-Cookie value. */
static size_t
cookie_name_len(const char *value)
{
	const char *eq = strchr(value, '=');
	return eq ? (size_t)(eq - value) + 1 : strlen(value);
}

void
resp_cookie(struct req *r, const char *value)
{
	/* A later value for the same cookie replaces the earlier one (say,
	 * a new flash after clearing the one just shown), so a response
	 * never carries two answers for one name. */
	size_t n = cookie_name_len(value);
	int i = 0;
	while (i < r->nset_cookie &&
	       !(cookie_name_len(r->set_cookie[i]) == n &&
	           strncmp(r->set_cookie[i], value, n) == 0))
		i++;
	if (i == REQ_MAX_COOKIES_OUT) {
		fprintf(stderr,
		    "groundwork: [%s] too many cookies; dropped one\n", r->id);
		return;
	}
	r->set_cookie[i] = arena_strdup(&r->arena, value);
	if (i == r->nset_cookie)
		r->nset_cookie++;
}

void
resp_redirect(struct req *r, const char *location)
{
	buf_reset(&r->body);
	r->status = 303;
	r->location = arena_strdup(&r->arena, location);
	r->sent = true;
}

void
resp_text(struct req *r, int status, const char *text)
{
	buf_reset(&r->body);
	buf_puts(&r->body, text);
	r->status = status;
	r->content_type = "text/plain; charset=utf-8";
	r->sent = true;
}

/* A page saying status and message, with the request id for 5xx. */
static void
error_page(struct req *r, int status, const char *title, const char *message)
{
	page_discard(r);
	tmpl_dict *d = page_begin(r, title, "error.tpl");
	if (d == NULL) {
		resp_text(r, status, title);
		return;
	}
	tmpl_set_int(d, "STATUS", status);
	tmpl_set_str(d, "MESSAGE_TITLE", title);
	tmpl_set_str(d, "MESSAGE", message);
	if (status >= 500)
		tmpl_set_str(tmpl_add_section(d, "REQUEST_ID"), "ID", r->id);
	page_finish(r, status);
	if (!r->sent) /* the layout itself failed: say it plainly */
		resp_text(r, status, title);
}

void
resp_error(struct req *r, int status)
{
	const char *title = resp_status_text(status), *message = "";
	for (size_t i = 0; i < GW_ARRAY_LEN(error_pages); i++) {
		if (error_pages[i].code == status) {
			title = error_pages[i].title;
			message = error_pages[i].message;
		}
	}
	error_page(r, status, title, message);
}

void
resp_storage_failed(struct req *r)
{
	/* The data layer has logged the cause, at most once a minute. */
	r->storage_failed = true;
	r->save_refused = false; /* this page says it; no form banner too */
	r->sent = false;
	error_page(r, 503, "Not saved",
	    "The server could not save this just "
	    "now: its storage is full or failing. Nothing was changed. "
	    "Please try again in a minute.");
}

void
resp_internal(struct req *r, const char *fmt, ...)
{
	if (r->db && db_storage_failed(r->db)) {
		resp_storage_failed(r);
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	struct buf msg = { 0 };
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "groundwork: request %s: %s %s: %s\n", r->id,
	    r->method == METHOD_POST ? "POST" : "GET", r->path ? r->path : "?",
	    msg.data ? msg.data : "");
	buf_free(&msg);
	r->sent = false;
	resp_error(r, 500);
	if (!r->sent)
		resp_text(r, 500, "Internal error");
}
