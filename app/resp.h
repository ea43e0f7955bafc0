/*
 * resp.h - the one place responses are written (resp.c): redirects,
 * plain text and error pages, the 503 of a refused save, the 500 that
 * shows only the request id, cookies, and the head every response
 * carries with its security headers.  Pages are built with page.h and
 * end here too.
 */
#ifndef GW_RESP_H
#define GW_RESP_H

#include "req.h"
#include "util.h"

/* 303 See Other to location (a path on this site). */
void resp_redirect(struct req *r, const char *location);

/* A plain-text body with the given status. */
void resp_text(struct req *r, int status, const char *text);

/* A plain error page for status (404, 405, 403, 413, ...). */
void resp_error(struct req *r, int status);

/* Seconds a 503 asks the client to wait before trying again. */
#define RESP_RETRY_AFTER 60

/* 503 with Retry-After: the disk refused a write.  Nothing was saved. */
void resp_storage_failed(struct req *r);

/* Log msg with the request id to stderr, then answer 500 showing only
 * the id. */
void resp_internal(struct req *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Add a Set-Cookie header value (copied into the arena); it replaces
 * one already added for the same cookie name. */
void resp_cookie(struct req *r, const char *value);

/* Build the FastCGI/CGI response head (Status line, security headers,
 * Content-Type, Content-Length, ...) into out. */
void resp_head(const struct req *r, struct buf *out);

/* The reason phrase for a status code. */
const char *resp_status_text(int status);

#endif
