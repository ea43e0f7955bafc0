/*
 * h_settings.c - a person's own settings (/settings: their time zone,
 * which emails they get, and on which day and hour), and the
 * unsubscribe link of every email (/unsubscribe), which works without
 * signing in and turns off only the kind of email it came in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "db_account.h"
#include "db_mail.h"
#include "digest.h"
#include "form.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "session.h"
#include "tz.h"

static const char *const day_names[8] = { "", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday" };

static const char *
valid_zone(const char *v)
{
	if (*v == '\0' || tz_valid(v))
		return NULL;
	return "There is no time zone of that name on this server. Use a name "
	       "from the time zone database, such as Europe/Berlin or "
	       "America/New_York, or leave it empty for the default.";
}

static const char *
valid_day(const char *v)
{
	return strlen(v) == 1 && v[0] >= '1' && v[0] <= '7'
	           ? NULL
	           : "Choose a day of the week.";
}

static const char *
valid_hour(const char *v)
{
	size_t n = strlen(v);
	if (n < 1 || n > 2 || v[0] < '0' || v[0] > '9' ||
	    (n == 2 && (v[1] < '0' || v[1] > '9')))
		return "Choose an hour from 0 to 23.";
	int h = n == 1 ? v[0] - '0' : (v[0] - '0') * 10 + v[1] - '0';
	return h <= 23 ? NULL : "Choose an hour from 0 to 23.";
}

/* The checkbox of kind k is named "mail_<kind name>". */
static const struct field settings_fields[] = {
	{ "timezone", "Time zone", ZONE_NAME_MAX, false, valid_zone },
	{ "send_day", "Day for weekly emails", 1, true, valid_day },
	{ "send_hour", "Hour", 2, true, valid_hour },
	{ "mail_manager_weekly", "Weekly coaching digest", 2, false, NULL },
	{ "mail_rep_daily", "Daily reminder", 2, false, NULL },
	{ "mail_admin_weekly", "Weekly summary", 2, false, NULL },
};
_Static_assert(DIGEST__KINDS == 3, "a checkbox per kind in settings_fields");

/* The kinds this person's role gets, each a checkbox. */
static void
fill_kinds(tmpl_dict *d, const struct user *u, const struct user_settings *s,
    const struct form *f, int day)
{
	bool weekly = false;
	for (int k = 0; k < DIGEST__KINDS; k++) {
		if (digest_kinds[k].role != u->role)
			continue;
		char name[48];
		snprintf(name, sizeof(name), "mail_%s", digest_kinds[k].name);
		tmpl_dict *row = tmpl_add_section(d, "KIND");
		tmpl_set_str(row, "NAME", name);
		tmpl_set_str(row, "LABEL", digest_kinds[k].label);
		bool on = f ? *form_value(f, name) != '\0'
		            : !(s->mail_off & (1 << k));
		if (on)
			tmpl_show_section(row, "CHECKED");
		weekly = weekly || digest_kinds[k].weekly;
	}
	if (weekly)
		tmpl_show_section(d, "WEEKLY");
	else /* kept for when the role changes */
		tmpl_set_int(tmpl_add_section(d, "DAY_HIDDEN"), "VALUE", day);
}

/* <option>s of a select with chosen selected. */
static void
fill_choices(tmpl_dict *d, const char *section, int from, int to, int chosen,
    bool hours)
{
	for (int i = from; i <= to; i++) {
		tmpl_dict *o = tmpl_add_section(d, section);
		char label[16];
		if (hours)
			snprintf(label, sizeof(label), "%02d:00", i);
		tmpl_set_int(o, "VALUE", i);
		tmpl_set_str(o, "LABEL", hours ? label : day_names[i]);
		if (i == chosen)
			tmpl_show_section(o, "SELECTED");
	}
}

static void
render_settings(struct req *r, int status, const struct user_settings *s,
    const struct form *f)
{
	tmpl_dict *d = page_begin(r, "Your settings", "settings.tpl");
	const struct user *u = &r->session.user;
	tmpl_set_str(d, "EMAIL", u->email);
	tmpl_set_str(d, "DEFAULT_ZONE", cfg.timezone);
	int day = s->send_day, hour = s->send_hour;
	if (f) {
		form_fill(f, d);
		if (!form_has_error(f, "send_day"))
			day = form_value(f, "send_day")[0] - '0';
		if (!form_has_error(f, "send_hour"))
			hour = atoi(form_value(f, "send_hour"));
	} else {
		tmpl_set_str(d, "TIMEZONE_VALUE", s->timezone);
	}
	fill_kinds(d, u, s, f, day);
	fill_choices(d, "DAY_OPTION", 1, 7, day, false);
	fill_choices(d, "HOUR_OPTION", 0, 23, hour, true);
	char now[32];
	page_format_time(now, sizeof(now), r->now);
	tmpl_set_str(d, "NOW", now);
	page_finish(r, status);
}

/*
 * GET /settings - the signed-in person's own settings.  200.
 */
void
h_settings_get(struct req *r)
{
	struct user_settings s;
	if (settings_get(r->db, r->session.user.id, &s) != DB_OK) {
		resp_internal(r, "loading settings failed");
		return;
	}
	render_settings(r, 200, &s, NULL);
}

/*
 * POST /settings - save them.  303 back to /settings; 422 with
 * everything typed kept when the zone is unknown or the day or hour
 * is not one of the choices.
 */
void
h_settings_post(struct req *r)
{
	struct user_settings s;
	if (settings_get(r->db, r->session.user.id, &s) != DB_OK) {
		resp_internal(r, "loading settings failed");
		return;
	}
	struct form f;
	form_read(&f, r, settings_fields, GW_ARRAY_LEN(settings_fields));
	if (f.errors) {
		render_settings(r, 422, &s, &f);
		return;
	}
	str_copy(s.timezone, sizeof(s.timezone), form_value(&f, "timezone"));
	s.send_day = form_value(&f, "send_day")[0] - '0';
	s.send_hour = atoi(form_value(&f, "send_hour"));
	for (int k = 0; k < DIGEST__KINDS; k++) {
		char name[48];
		snprintf(name, sizeof(name), "mail_%s", digest_kinds[k].name);
		/* Kinds of other roles keep what they were. */
		if (digest_kinds[k].role != r->session.user.role)
			continue;
		if (*form_value(&f, name))
			s.mail_off &= ~(1 << k);
		else
			s.mail_off |= 1 << k;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	if (settings_set(r->db, r->session.user.id, &s) != DB_OK ||
	    db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving settings failed");
		return;
	}
	session_flash(r, "Settings saved.");
	resp_redirect(r, "/settings");
}

/* The kind and user an unsubscribe token names; false after answering
 * 404 (not a token, or no email was sent with it). */
static bool
token_target(struct req *r, const char *token, int64_t *user_id, int *kind)
{
	unsigned char hash[TOKEN_HASH_LEN];
	char name[32];
	if (token_hash(token, hash) != 0 ||
	    outbox_by_token(r->db, hash, user_id, name, sizeof(name)) != DB_OK ||
	    (*kind = digest_kind_from_name(name)) < 0) {
		resp_error(r, 404);
		return false;
	}
	return true;
}

static const char *
unsubscribe_token(struct req *r)
{
	const char *t = req_query(r, "t");
	return *t ? t : req_form(r, "t");
}

/*
 * GET /unsubscribe?t=TOKEN - what the link in an email opens: names the
 * email and offers one button, so a mail scanner that follows links
 * turns nothing off.  200; 404 for a token no email was sent with.
 */
void
h_settings_unsubscribe_get(struct req *r)
{
	int64_t user_id;
	int kind;
	const char *token = unsubscribe_token(r);
	if (!token_target(r, token, &user_id, &kind))
		return;
	tmpl_dict *d = page_begin(r, "Stop an email", "unsubscribe.tpl");
	tmpl_set_str(d, "TOKEN", token);
	tmpl_set_str(d, "LABEL", digest_kinds[kind].label);
	tmpl_show_section(d, "ASK");
	page_finish(r, 200);
}

/*
 * POST /unsubscribe?t=TOKEN - one click (RFC 8058: the body is
 * "List-Unsubscribe=One-Click") or the button: turns off that kind of
 * email for the person it was sent to, and nothing else.  The token is
 * the proof, so no session or CSRF value is needed.  200; 404 for an
 * unknown token.
 */
void
h_settings_unsubscribe_post(struct req *r)
{
	int64_t user_id;
	int kind;
	if (!token_target(r, unsubscribe_token(r), &user_id, &kind))
		return;
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	if (settings_mail_off(r->db, user_id, 1 << kind) != DB_OK ||
	    audit_add(r->db, user_id, "mail-off", digest_kinds[kind].name, NULL,
	        r->remote_addr) != DB_OK ||
	    db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "unsubscribing failed");
		return;
	}
	tmpl_dict *d = page_begin(r, "Email stopped", "unsubscribe.tpl");
	tmpl_set_str(d, "LABEL", digest_kinds[kind].label);
	tmpl_show_section(d, "DONE");
	page_finish(r, 200);
}
