/*
 * h_admin_mail.c - the admin's mail page (/admin/mail): whether the
 * mailer can be used, the emails given up on or left half-sent, the
 * latest emails, and "send me a test email".  Sending happens in
 * "groundwork digest" (its timer runs every 15 minutes), never in a
 * serving worker, so the test email is queued for the next run.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db_mail.h"
#include "digest.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "session.h"

#define RECENT_SHOWN 20

struct rows {
	tmpl_dict *d;        /* the page */
	const char *section; /* PROBLEM or RECENT */
};

static int
add_row(const struct outbox_row *o, void *arg)
{
	const struct rows *rows = arg;
	tmpl_dict *row = tmpl_add_section(rows->d, rows->section);
	char at[32];
	page_format_time(at, sizeof(at), o->claimed_at);
	tmpl_set_str(row, "EMAIL", o->email);
	tmpl_set_str(row, "KIND", o->kind);
	tmpl_set_str(row, "PERIOD", o->period);
	tmpl_set_str(row, "STATE",
	    o->state == OUTBOX_SENDING ? "outcome unknown (run stopped)"
	                               : outbox_state_name(o->state));
	tmpl_set_int(row, "TRIES", o->tries);
	tmpl_set_str(row, "AT", at);
	page_set_text(row, "ERROR", o->error, strlen(o->error));
	return 0;
}

/*
 * GET /admin/mail - the mailer's state, problems and latest emails.
 * 200.
 */
void
h_admin_mail_get(struct req *r)
{
	struct digest_health h;
	if (digest_health_read(r->db, r->now, &h) != DB_OK) {
		resp_internal(r, "reading the outbox failed");
		return;
	}
	tmpl_dict *d = page_begin(r, "Mail", "admin_mail.tpl");
	tmpl_set_str(d, "MAILER", cfg.sendmail);
	if (h.mailer_ok)
		tmpl_show_section(d, "MAILER_OK");
	else
		tmpl_set_str(tmpl_add_section(d, "MAILER_MISSING"), "WHY",
		    h.why);
	tmpl_set_int(d, "SENT", h.sent);
	tmpl_set_int(d, "WAITING", h.waiting);
	tmpl_set_int(d, "FAILED", h.failed);
	tmpl_set_int(d, "STUCK", h.stuck);
	tmpl_set_str(d, "ME", r->session.user.email);
	struct rows problems = { d, "PROBLEM" }, recent = { d, "RECENT" };
	if (outbox_problems(r->db, r->now - DIGEST_STUCK_AFTER, add_row,
	        &problems) != DB_OK ||
	    outbox_recent(r->db, RECENT_SHOWN, add_row, &recent) != DB_OK) {
		page_discard(r);
		resp_internal(r, "listing the outbox failed");
		return;
	}
	if (h.failed == 0 && h.stuck == 0)
		tmpl_show_section(d, "NO_PROBLEMS");
	page_finish(r, 200);
}

/*
 * POST /admin/mail/test - queue a test email to the signed-in admin;
 * the next digest run sends it.  303 to /admin/mail.
 */
void
h_admin_mail_test_post(struct req *r)
{
	char period[32];
	time_t t = (time_t)r->now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(period, sizeof(period), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = outbox_queue(r->db, r->session.user.id, "test", period,
	    r->now);
	if (rc == DB_ERROR || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "queueing a test email failed");
		return;
	}
	char flash[400];
	snprintf(flash, sizeof(flash),
	    "A test email to %s is queued: the next digest run (every 15 "
	    "minutes) sends it, and this page shows how it went.",
	    r->session.user.email);
	session_flash(r, flash);
	resp_redirect(r, "/admin/mail");
}
