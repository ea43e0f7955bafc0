/*
 * req.h - one HTTP request and its response, from accept to free.
 * Everything a request allocates lives in r->arena or r->body and is
 * released by req_free() alone.
 */
#ifndef GW_REQ_H
#define GW_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "db.h"
#include "db_account.h"
#include "flash.h"
#include "http.h"
#include "tmpl.h"
#include "util.h"

enum method {
	METHOD_GET = 1,
	METHOD_HEAD = 2,
	METHOD_POST = 4,
	METHOD_OTHER = 8,
};

#define REQ_MAX_COOKIES_OUT 3 /* session, pre-session and flash */

struct req {
	struct arena arena; /* request-lifetime allocations */
	struct db *db;      /* the worker's connection */
	char id[17];        /* hex request id for logs and 500s */
	int64_t now;        /* time the request arrived */

	/* parsed request */
	enum method method;      /* GET, HEAD, POST or OTHER */
	const char *path;        /* decoded path, no query */
	struct kvlist query;     /* decoded query string */
	struct kvlist form;      /* decoded urlencoded body (POST) */
	struct kvlist cookies;   /* Cookie header pairs */
	const char *origin;      /* Origin header or NULL */
	const char *fetch_site;  /* Sec-Fetch-Site header or NULL */
	const char *host;        /* host name from nginx ($host, no port) */
	const char *port;        /* the port nginx received it on */
	const char *remote_addr; /* client address from nginx */
	bool https;              /* nginx said HTTPS=on */

	/* routing */
	int page;        /* enum page from route.h */
	int64_t path_id; /* the {id} in the path, if any */

	/* who is asking */
	bool signed_in;              /* a valid session was found */
	struct session session;      /* valid when signed_in */
	const char *token;           /* session or pre-session cookie value */
	char csrf[TOKEN_TEXT_SIZE];  /* value for hidden form fields */
	char flash[FLASH_TEXT_SIZE]; /* one-time message, "" if none */
	char zone[72];               /* the person's time zone, "" for the
	                              * install's; every date shown follows
	                              * it (tz_use) */
	bool csrf_failed;            /* POST failed the CSRF/origin check */
	bool storage_failed;         /* the disk refused a write (503) */
	bool save_refused;           /* a POST run again after that: forms
	                              * show what was typed and say so */

	/* response */
	int status;               /* HTTP status to send */
	const char *content_type; /* defaults to text/html */
	const char *location;     /* Location for redirects */
	const char *disposition;  /* Content-Disposition (downloads) */
	const char *set_cookie[REQ_MAX_COOKIES_OUT]; /* Set-Cookie values */
	int nset_cookie;   /* entries used in set_cookie */
	struct buf body;   /* response body */
	tmpl_dict *layout; /* page being built, or NULL */
	bool sent;         /* the response has been produced */
};

/* Release everything the request owns; safe to call twice. */
void req_free(struct req *r);

/* A random request id into r->id. */
void req_new_id(struct req *r);

/* The value of a form field, "" when absent. */
const char *req_form(const struct req *r, const char *name);
/* The value of a query parameter, "" when absent. */
const char *req_query(const struct req *r, const char *name);

#endif
