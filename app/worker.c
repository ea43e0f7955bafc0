/*
 * worker.c - the request lifecycle: accept, parse, route,
 * authenticate, authorize, CSRF, handle, send, free.
 */
#include "worker.h"

#include <fcgiapp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "db_account.h"
#include "db_mail.h"
#include "flash.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "upload.h"
#include "session.h"
#include "tz.h"

static volatile sig_atomic_t stop_requested;

/* How often an idle worker wakes to notice that it should stop. */
#define ACCEPT_WAKE_MS 250

/*
 * SIGTERM only asks: the request in hand (being read, handled or
 * written) is always finished, and an idle worker notices within
 * ACCEPT_WAKE_MS, when its accept() times out.
 */
static void
on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
	FCGX_ShutdownPending();
}

/* Let accept() on the shared socket return now and then; a connection
 * once accepted gets no timeout (nginx sends promptly anyway). */
static void
set_timeout(int fd, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void
paths(char *views, size_t vsize)
{
	snprintf(views, vsize, "%s/views", cfg.share_dir);
}

static int
worker_setup(struct db **dbp)
{
	char views[600], err[1024];
	paths(views, sizeof(views));
	if (tmpl_preload(views, err, sizeof(err)) != 0) {
		fprintf(stderr, "groundwork: %s\n", err);
		return -1;
	}
	struct db *db = db_open(cfg.db);
	if (db == NULL)
		return -1;
	unsigned char key[TOKEN_BYTES];
	if (db_prepare_all(db) != DB_OK ||
	    secret_get(db, "csrf", key, sizeof(key)) != DB_OK) {
		fprintf(stderr,
		    "groundwork: the database schema does not match "
		    "this version; run 'groundwork migrate'\n");
		db_close(db);
		return -1;
	}
	csrf_set_key(key);
	flash_set_key(key);
	sodium_memzero(key, sizeof(key));
	*dbp = db;
	return 0;
}

int
worker_preflight(void)
{
	struct db *db = NULL;
	if (worker_setup(&db) != 0)
		return -1;
	db_close(db);
	return 0;
}

static const struct {
	const char *name;
	enum method method;
} methods[] = {
	{ "GET", METHOD_GET },
	{ "HEAD", METHOD_HEAD },
	{ "POST", METHOD_POST },
};

static enum method
parse_method(const char *m)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(methods); i++)
		if (m && strcmp(m, methods[i].name) == 0)
			return methods[i].method;
	return METHOD_OTHER;
}

static const char *
param(FCGX_Request *fr, const char *name)
{
	const char *v = FCGX_GetParam(name, fr->envp);
	return v ? v : "";
}

/* The upload page's body reads straight from FastCGI (upload.h). */
static int
read_upload_chunk(void *arg, char *buf, int n)
{
	return FCGX_GetStr(buf, n, ((FCGX_Request *)arg)->in);
}

/* A file upload, only where a page takes one: the CSV import. */
static bool
is_upload(const struct req *r, const char *ct)
{
	return strncasecmp(ct, "multipart/form-data", 19) == 0 &&
	       strcmp(r->path, page_paths[PAGE_ADMIN_IMPORT_UPLOAD]) == 0;
}

/* Read and decode the body.  Returns 0 or an HTTP status. */
static int
read_body(struct req *r, FCGX_Request *fr)
{
	const char *cl = param(fr, "CONTENT_LENGTH");
	char *end = NULL;
	long long length = *cl ? strtoll(cl, &end, 10) : 0;
	if (*cl && (*end || length < 0))
		return 400;
	if (is_upload(r, param(fr, "CONTENT_TYPE")))
		return upload_receive(&r->arena, param(fr, "CONTENT_TYPE"),
		    length, read_upload_chunk, fr, &r->form);
	if (length > HTTP_MAX_BODY)
		return 413;
	if (length == 0)
		return 0;
	const char *ct = param(fr, "CONTENT_TYPE");
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return 415;
	char *body = arena_alloc(&r->arena, (size_t)length + 1);
	int got = FCGX_GetStr(body, (int)length, fr->in);
	if (got != length)
		return 400; /* truncated */
	body[length] = '\0';
	enum http_parse pr = http_parse_urlencoded(&r->arena, body,
	    (size_t)length, &r->form);
	return pr == HTTP_PARSE_OK ? 0 : (int)pr;
}

/* Fill r from the FastCGI parameters.  Returns 0 or an HTTP status. */
static int
parse_request(struct req *r, FCGX_Request *fr)
{
	r->method = parse_method(param(fr, "REQUEST_METHOD"));
	const char *uri = param(fr, "REQUEST_URI");
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	r->path = http_decode_path(&r->arena, uri, plen);
	if (r->path == NULL)
		return 400;
	if (q && http_parse_urlencoded(&r->arena, q + 1, strlen(q + 1),
	             &r->query) != HTTP_PARSE_OK)
		return 400;
	const char *cookie = param(fr, "HTTP_COOKIE");
	if (strlen(cookie) <= 8192)
		http_parse_cookies(&r->arena, cookie, &r->cookies);
	r->origin = FCGX_GetParam("HTTP_ORIGIN", fr->envp);
	r->fetch_site = FCGX_GetParam("HTTP_SEC_FETCH_SITE", fr->envp);
	r->host = param(fr, "HTTP_HOST");
	r->port = param(fr, "SERVER_PORT");
	r->remote_addr = param(fr, "REMOTE_ADDR");
	r->https = strcmp(param(fr, "HTTPS"), "on") == 0;
	if (r->method == METHOD_POST)
		return read_body(r, fr);
	return 0;
}

/* Same-origin checks for state-changing requests. */
static bool
origin_ok(const struct req *r)
{
	if (r->fetch_site && strcmp(r->fetch_site, "same-origin") != 0 &&
	    strcmp(r->fetch_site, "none") != 0)
		return false;
	if (r->origin == NULL)
		return true;
	if (cfg.base_url[0])
		return strcmp(r->origin, cfg.base_url) == 0;
	/* Without a configured base URL: this request's own origin, with
	 * the port written only when it is not the scheme's default. */
	const char *scheme = r->https ? "https://" : "http://";
	const char *default_port = r->https ? "443" : "80";
	char expect[512];
	if (*r->port == '\0' || strcmp(r->port, default_port) == 0)
		snprintf(expect, sizeof(expect), "%s%s", scheme, r->host);
	else
		snprintf(expect, sizeof(expect), "%s%s:%s", scheme, r->host,
		    r->port);
	return strcmp(r->origin, expect) == 0;
}

/* Route, check who may do it, and run the handler. */
static void
dispatch(struct req *r)
{
	enum page page = route_match(r->path, &r->path_id);
	if (page == PAGE__MAX ||
	    (page == PAGE_DEBUG_FAIL && !cfg.debug_routes)) {
		resp_error(r, 404);
		return;
	}
	r->page = page;
	handler_fn fn = NULL;
	if (r->method == METHOD_GET || r->method == METHOD_HEAD)
		fn = page_get[page];
	else if (r->method == METHOD_POST)
		fn = page_post[page];
	if (fn == NULL) {
		resp_error(r, 405);
		return;
	}
	int roles = page_roles[page];
	if (roles != ROLE_NONE) {
		if (!r->signed_in) {
			const char *next = r->method == METHOD_POST ? "/"
			                                            : r->path;
			struct buf loc = { 0 };
			buf_puts(&loc, "/login?next=");
			for (const char *p = next; *p; p++) {
				unsigned char c = (unsigned char)*p;
				if ((c >= 'a' && c <= 'z') ||
				    (c >= 'A' && c <= 'Z') ||
				    (c >= '0' && c <= '9') || c == '/' ||
				    c == '-' || c == '_' || c == '.')
					buf_append(&loc, p, 1);
				else
					buf_printf(&loc, "%%%02X", c);
			}
			/* A session cookie that no longer works: say why. */
			if (kv_get(&r->cookies, session_cookie_name()))
				buf_puts(&loc, "&expired=1");
			resp_redirect(r, loc.data);
			buf_free(&loc);
			return;
		}
		if (!(roles & (int)r->session.user.role)) {
			resp_error(r,
			    404); /* not 403: do not confirm it exists */
			return;
		}
	}
	if (r->method == METHOD_POST && !page_token_post[page] &&
	    (!origin_ok(r) || r->token == NULL ||
	        !csrf_ok(r->token, req_form(r, "csrf")))) {
		if (page == PAGE_LOGIN) {
			/* The form explains it and keeps the email. */
			r->csrf_failed = true;
			fn(r);
			return;
		}
		resp_error(r, 403);
		return;
	}
	fn(r);
}

static void
send_response(struct req *r, FCGX_Request *fr)
{
	struct buf head = { 0 };
	resp_head(r, &head);
	FCGX_PutStr(head.data, (int)head.len, fr->out);
	if (r->method != METHOD_HEAD && r->body.len)
		FCGX_PutStr(r->body.data, (int)r->body.len, fr->out);
	buf_free(&head);
}

/*
 * The disk refused a POST's write, and the transaction was rolled back.
 * Run the handler again with r->save_refused set: form_read() then
 * counts the refusal as an error, so the handler shows its form again
 * with everything typed, as for a wrong field, and writes nothing.  A
 * handler without a form gets the 503 page from resp_storage_failed().
 */
static void
run_again_refused(struct req *r, int cookies_before)
{
	db_tx_abandoned(r->db);
	db_storage_reset(r->db);
	page_discard(r);
	buf_reset(&r->body);
	r->status = 200;
	r->content_type = NULL;
	r->location = NULL;
	r->disposition = NULL;
	r->nset_cookie = cookies_before;
	r->sent = false;
	r->save_refused = true;
	dispatch(r);
	if (!r->sent || db_storage_failed(r->db))
		resp_storage_failed(r);
}

/* Show this request's dates in the signed-in person's own zone. */
static void
use_person_zone(struct req *r)
{
	struct user_settings s;
	if (r->signed_in &&
	    settings_get(r->db, r->session.user.id, &s) == DB_OK)
		str_copy(r->zone, sizeof(r->zone), s.timezone);
	tz_use(r->zone);
}

static void
handle(struct db *db, FCGX_Request *fr)
{
	struct req r;
	memset(&r, 0, sizeof(r));
	r.db = db;
	db_storage_reset(db);
	r.now = now_seconds();
	r.status = 200;
	req_new_id(&r);

	int status = parse_request(&r, fr);
	if (status != 0) {
		resp_error(&r, status);
	} else if (session_load(&r) != 0) {
		resp_internal(&r, "loading the session failed");
	} else {
		int cookies_before = r.nset_cookie;
		use_person_zone(&r);
		dispatch(&r);
		if (r.storage_failed && r.method == METHOD_POST)
			run_again_refused(&r, cookies_before);
		if (!r.sent)
			resp_internal(&r, "handler produced no response");
	}
	/* An upload the handler did not keep goes (upload.h). */
	upload_forget_new(kv_get(&r.form, UPLOAD_TOKEN_FIELD));
	if (db_tx_abandoned(db))
		fprintf(stderr,
		    "groundwork: request %s left a transaction "
		    "open; rolled back\n",
		    r.id);
	send_response(&r, fr);
	req_free(&r);
	tz_use(NULL);
}

void
worker_main(int listen_fd)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sa.sa_flags = SA_RESTART; /* reads and writes of a request go on */
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_flags = 0;
	sa.sa_handler = SIG_DFL;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGINT, &sa, NULL); /* Ctrl-C goes to the master */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	struct db *db = NULL;
	if (worker_setup(&db) != 0)
		_exit(WORKER_EXIT_CONFIG);
	if (FCGX_Init() != 0)
		_exit(WORKER_EXIT_CONFIG);

	FCGX_Request fr;
	FCGX_InitRequest(&fr, listen_fd, 0);
	set_timeout(listen_fd, ACCEPT_WAKE_MS);
	while (!stop_requested) {
		if (FCGX_Accept_r(&fr) < 0)
			continue; /* a timeout, or a stop: the loop checks */
		set_timeout(fr.ipcFd, 0);
		handle(db, &fr);
		FCGX_Finish_r(&fr);
	}
	db_close(db);
	_exit(0);
}
