/*
 * session.h - who is asking.  Reads the session cookie (only its hash
 * is stored), applies the idle and absolute timeouts, and starts and
 * ends sessions.  Before sign-in a "pre-session" cookie carries the
 * token that the sign-in form's CSRF value is bound to.
 */
#ifndef GW_SESSION_H
#define GW_SESSION_H

#include "req.h"

/* Fill r->signed_in, r->session, r->token, r->csrf and r->flash.
 * Returns 0, or -1 on a database error (already logged). */
int session_load(struct req *r);

/* Make sure a pre-session token exists (sets its cookie if new). */
void session_ensure_pre(struct req *r);

/* Inside a write transaction: create a session for user_id and set
 * its cookie.  Returns a db_rc. */
int session_begin(struct req *r, int64_t user_id);

/* Inside a write transaction: delete this session and clear cookies. */
int session_end(struct req *r);

/* After the commit (so a failed save shows no success message): set
 * the cookie carrying the message the next page shows once. */
void session_flash(struct req *r, const char *message);

/* The cookie names in force (secure cookies take the __Host- form). */
const char *session_cookie_name(void);
const char *session_pre_cookie_name(void);
const char *session_flash_cookie_name(void);

#endif
