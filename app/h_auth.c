/*
 * h_auth.c - sign-in, sign-out, and "/" which sends each role home.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "db_account.h"
#include "form.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "session.h"

#define THROTTLE_WINDOW (15 * 60) /* seconds a failure counts against */
#define THROTTLE_ACCOUNT 5        /* failures per account per window */
#define THROTTLE_ADDRESS 20       /* failures per address per window */

static const char *const
    bad_credentials = "That email and password do not match an active account.";

static const struct field login_fields[] = {
	{ "email", "Email", USER_EMAIL_MAX, true, NULL },
	{ "password", "Password", PASSWORD_MAX, true, NULL },
	/* Checked by safe_next(); a bad one is ignored, never an error. */
	{ "next", "Next page", HTTP_MAX_FIELD, false, NULL },
};

/* Each role's home page. */
static const struct {
	enum role role;
	const char *path;
} homes[] = {
	{ ROLE_REP, "/deals" },
	{ ROLE_MANAGER, "/team" },
	{ ROLE_ADMIN, "/admin/users" },
	{ ROLE_DIRECTOR, "/org" },
};

static const char *
home_for(enum role role)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(homes); i++)
		if (homes[i].role == role)
			return homes[i].path;
	return "/login";
}

/* Only local paths may be a destination after sign-in: one leading
 * slash, and no control characters or backslashes anywhere (browsers
 * drop tabs and newlines, so "/\t/evil" would become "//evil"). */
static bool
safe_next(const char *next)
{
	if (next[0] != '/' || next[1] == '/' || strlen(next) > 512)
		return false;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7F || *p == '\\')
			return false;
	return true;
}

/*
 * GET / - 303 to the signed-in user's home page, or to /login.
 */
void
h_auth_home_get(struct req *r)
{
	resp_redirect(r,
	    r->signed_in ? home_for(r->session.user.role) : "/login");
}

/* Notices /login shows after a redirect, by query parameter. */
static const struct {
	const char *param;
	const char *message;
} login_notices[] = {
	{ "expired", "Your session ended. Please sign in again." },
	{ "signed_out", "You are signed out." },
};

static void
render_login(struct req *r, int status, const struct form *f,
    const char *problem)
{
	session_ensure_pre(r);
	tmpl_dict *d = page_begin(r, "Sign in", "login.tpl");
	if (f) {
		/* Never send a password back to the browser. */
		struct form shown = *f;
		for (size_t i = 0; i < shown.n; i++)
			if (strcmp(shown.fields[i].name, "password") == 0)
				shown.value[i] = "", shown.len[i] = 0;
		form_fill(&shown, d);
	} else {
		page_set_text(d, "NEXT_VALUE", req_query(r, "next"),
		    strlen(req_query(r, "next")));
	}
	if (problem)
		tmpl_set_str(tmpl_add_section(d, "PROBLEM"), "MESSAGE",
		    problem);
	for (size_t i = 0; i < GW_ARRAY_LEN(login_notices); i++)
		if (*req_query(r, login_notices[i].param))
			tmpl_set_str(tmpl_add_section(d, "NOTICE"), "MESSAGE",
			    login_notices[i].message);
	page_finish(r, status);
}

/*
 * GET /login - the sign-in form (303 home if already signed in).
 */
void
h_auth_login_get(struct req *r)
{
	if (r->signed_in) {
		resp_redirect(r, home_for(r->session.user.role));
		return;
	}
	render_login(r, 200, NULL, NULL);
}

/* prefix + value, lower-cased, as the throttle's key. */
static void
throttle_key(char *out, size_t size, const char *prefix, const char *value)
{
	size_t o = strlen(prefix) < size ? strlen(prefix) : 0;
	memcpy(out, prefix, o);
	for (const char *p = value; *p && o + 1 < size; p++)
		out[o++] = (char)tolower((unsigned char)*p);
	out[o] = '\0';
}

/* Record a failed attempt against the account and the address. */
static int
record_failure(struct req *r, const char *acct_key, const char *addr_key,
    const char *email)
{
	if (db_tx_begin(r->db) != DB_OK)
		return DB_ERROR;
	int rc = throttle_record_failure(r->db, acct_key, r->now,
	    THROTTLE_WINDOW);
	if (rc == DB_OK)
		rc = throttle_record_failure(r->db, addr_key, r->now,
		    THROTTLE_WINDOW);
	if (rc == DB_OK)
		rc = audit_add(r->db, 0, "sign-in-failed", email, NULL,
		    r->remote_addr);
	if (rc != DB_OK) {
		db_tx_rollback(r->db);
		return rc;
	}
	return db_tx_commit(r->db);
}

/*
 * POST /login - check the credentials and start a session.
 * 303 on success; 401 for wrong credentials, 403 for an expired form,
 * 422 for empty fields, 429 when throttled; the email is kept.
 */
void
h_auth_login_post(struct req *r)
{
	struct form f;
	form_read(&f, r, login_fields, GW_ARRAY_LEN(login_fields));
	if (form_has_error(&f, "next") || !safe_next(form_value(&f, "next")))
		form_forget(&f, "next");
	if (r->csrf_failed) {
		r->token = NULL; /* issue a fresh pre-session token */
		render_login(r, 403, &f,
		    "This sign-in form had expired. "
		    "Please try again.");
		return;
	}
	if (f.errors) {
		render_login(r, 422, &f, NULL);
		return;
	}
	const char *email = form_value(&f, "email");
	char acct_key[USER_EMAIL_MAX + 16], addr_key[128];
	throttle_key(acct_key, sizeof(acct_key), "account:", email);
	throttle_key(addr_key, sizeof(addr_key), "addr:", r->remote_addr);

	int64_t since = r->now - THROTTLE_WINDOW;
	int acct_fails = throttle_failures(r->db, acct_key, since);
	int addr_fails = throttle_failures(r->db, addr_key, since);
	if (acct_fails < 0 || addr_fails < 0) {
		resp_internal(r, "reading the sign-in throttle failed");
		return;
	}
	if (acct_fails >= THROTTLE_ACCOUNT || addr_fails >= THROTTLE_ADDRESS) {
		render_login(r, 429, &f,
		    "Too many failed sign-ins. Please wait "
		    "15 minutes and try again.");
		return;
	}

	struct user u;
	int rc = user_get_by_email(r->db, email, &u);
	if (rc == DB_ERROR) {
		resp_internal(r, "user lookup failed");
		return;
	}
	const char *password = form_value(&f, "password");
	bool ok;
	if (rc == DB_OK && u.active) {
		ok = auth_verify_password(u.password_hash, password);
	} else {
		auth_verify_dummy(password); /* same time as a real check */
		ok = false;
	}
	if (!ok) {
		if (record_failure(r, acct_key, addr_key, email) != DB_OK) {
			resp_internal(r, "recording a failed sign-in failed");
			return;
		}
		render_login(r, 401, &f, bad_credentials);
		return;
	}

	char rehash[PASSWORD_HASH_SIZE] = "";
	if (auth_needs_rehash(u.password_hash) &&
	    auth_hash_password(password, rehash) != 0)
		rehash[0] = '\0';
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin sign-in");
		return;
	}
	rc = session_begin(r, u.id);
	if (rc == DB_OK)
		rc = throttle_clear(r->db, acct_key);
	if (rc == DB_OK && rehash[0])
		rc = user_set_password_hash(r->db, u.id, rehash);
	if (rc == DB_OK)
		rc = audit_add(r->db, u.id, "sign-in", u.email, NULL,
		    r->remote_addr);
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving the session failed");
		return;
	}
	const char *next = form_value(&f, "next");
	resp_redirect(r, safe_next(next) ? next : home_for(u.role));
}

/*
 * POST /logout - end this session.  303 to /login.
 */
void
h_auth_logout_post(struct req *r)
{
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin sign-out");
		return;
	}
	int rc = audit_add(r->db, r->session.user.id, "sign-out",
	    r->session.user.email, NULL, r->remote_addr);
	if (rc == DB_OK)
		rc = session_end(r);
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "ending the session failed");
		return;
	}
	resp_redirect(r, "/login?signed_out=1");
}
