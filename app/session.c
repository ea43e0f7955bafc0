/*
 * session.c - session cookies, timeouts and the flash cookie.
 */
#include "session.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "db_account.h"
#include "flash.h"
#include "resp.h"

/* last_seen is refreshed at most this often (or at half the idle
 * timeout, if that is shorter), to keep most reads read-only. */
#define TOUCH_INTERVAL 60

const char *
session_cookie_name(void)
{
	return cfg.secure_cookies ? "__Host-gw_session" : "gw_session";
}

const char *
session_pre_cookie_name(void)
{
	return cfg.secure_cookies ? "__Host-gw_pre" : "gw_pre";
}

const char *
session_flash_cookie_name(void)
{
	return cfg.secure_cookies ? "__Host-gw_flash" : "gw_flash";
}

static void
set_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	char *c = arena_printf(&r->arena,
	    "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", name, value,
	    max_age, cfg.secure_cookies ? "; Secure" : "");
	resp_cookie(r, c);
}

/* Delete an expired session, or note that this one is in use. */
static int
keep_up(struct req *r, bool expired)
{
	if (db_tx_begin(r->db) != DB_OK)
		return DB_ERROR;
	int rc = expired ? session_delete(r->db, r->session.id)
	                 : session_touch(r->db, r->session.id, r->now);
	if (rc != DB_OK) {
		db_tx_rollback(r->db);
		return rc;
	}
	return db_tx_commit(r->db);
}

/* The session (or pre-session) from the cookies; 0, or -1 on a
 * database error. */
static int
load_session(struct req *r)
{
	const char *token = kv_get(&r->cookies, session_cookie_name());
	unsigned char hash[SESSION_HASH_LEN];
	if (token && token_hash(token, hash) == 0) {
		int rc = session_get(r->db, hash, &r->session);
		if (rc == DB_ERROR)
			return -1;
		if (rc == DB_OK) {
			bool idle = r->now - r->session.last_seen >
			            cfg.idle_timeout;
			bool old = r->now - r->session.created_at >
			           cfg.absolute_timeout;
			int interval = cfg.idle_timeout / 2 < TOUCH_INTERVAL
			                   ? cfg.idle_timeout / 2
			                   : TOUCH_INTERVAL;
			bool touch = r->now - r->session.last_seen >= interval;
			if ((idle || old || touch) &&
			    keep_up(r, idle || old) != DB_OK) {
				/* On a full disk pages can still be read: an
				 * untouched session only ends a little sooner,
				 * and an expired one is refused all the same. */
				if (!db_storage_failed(r->db))
					return -1;
				db_storage_reset(r->db);
			}
			if (!idle && !old) {
				r->signed_in = true;
				r->token = token;
				csrf_for(token, r->csrf);
				return 0;
			}
		}
	}
	const char *pre = kv_get(&r->cookies, session_pre_cookie_name());
	if (pre && token_hash(pre, hash) == 0) {
		r->token = pre;
		csrf_for(pre, r->csrf);
	}
	return 0;
}

/* Shows a flash cookie once, and only to the session it was made for:
 * after sign-out or expiry the token differs and the MAC fails.  Any
 * flash cookie, good or not, is cleared. */
static void
load_flash(struct req *r)
{
	const char *value = kv_get(&r->cookies, session_flash_cookie_name());
	if (value == NULL)
		return;
	if (r->signed_in)
		(void)flash_open(r->token, value, r->flash);
	set_cookie(r, session_flash_cookie_name(), "", 0);
}

int
session_load(struct req *r)
{
	r->signed_in = false;
	r->token = NULL;
	r->csrf[0] = '\0';
	r->flash[0] = '\0';
	if (load_session(r) != 0)
		return -1;
	load_flash(r);
	return 0;
}

void
session_ensure_pre(struct req *r)
{
	if (r->token)
		return;
	char *t = arena_alloc(&r->arena, TOKEN_TEXT_SIZE);
	token_new(t);
	r->token = t;
	csrf_for(t, r->csrf);
	set_cookie(r, session_pre_cookie_name(), t, cfg.absolute_timeout);
}

int
session_begin(struct req *r, int64_t user_id)
{
	char *t = arena_alloc(&r->arena, TOKEN_TEXT_SIZE);
	unsigned char hash[SESSION_HASH_LEN];
	token_new(t);
	token_hash(t, hash);
	int rc = session_create(r->db, hash, user_id, r->now);
	if (rc != DB_OK)
		return rc;
	set_cookie(r, session_cookie_name(), t, cfg.absolute_timeout);
	/* The pre-session token has served its purpose. */
	set_cookie(r, session_pre_cookie_name(), "", 0);
	return DB_OK;
}

int
session_end(struct req *r)
{
	int rc = DB_OK;
	if (r->signed_in)
		rc = session_delete(r->db, r->session.id);
	set_cookie(r, session_cookie_name(), "", 0);
	return rc;
}

void
session_flash(struct req *r, const char *message)
{
	if (!r->signed_in)
		return;
	char value[FLASH_VALUE_SIZE];
	if (flash_seal(r->token, message, value))
		set_cookie(r, session_flash_cookie_name(), value,
		    FLASH_MAX_AGE);
}
