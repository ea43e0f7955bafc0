/*
 * h_admin.c - /admin/users and /admin/teams: list users, add one,
 * change a role or team, reset a password, disable or re-enable.
 * Every change is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "page.h"
#include "route.h"
#include "session.h"

static const char *
valid_password(const char *v)
{
	return auth_password_problem(v);
}

static const struct field add_user_fields[] = {
	{ "email", "Email", USER_EMAIL_MAX, true, valid_email },
	{ "name", "Name", USER_NAME_MAX, true, NULL },
	{ "role", "Role", 10, true, valid_role },
	{ "team_id", "Team", 19, false, valid_id_or_empty },
	{ "password", "Password", PASSWORD_MAX, true, valid_password },
};

static const struct field edit_user_fields[] = {
	{ "name", "Name", USER_NAME_MAX, true, NULL },
	{ "role", "Role", 10, true, valid_role },
	{ "team_id", "Team", 19, false, valid_id_or_empty },
};

static const struct field password_fields[] = {
	{ "password", "New password", PASSWORD_MAX, true, valid_password },
};

static const struct field team_fields[] = {
	{ "team_name", "Team name", TEAM_NAME_MAX, true, NULL },
};

static const char *const role_choices[] = { "rep", "manager", "admin" };

/* Role <option>s with the chosen one selected. */
static void
fill_roles(tmpl_dict *d, const char *chosen)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(role_choices); i++) {
		tmpl_dict *o = tmpl_add_section(d, "ROLE_OPTION");
		tmpl_set_str(o, "VALUE", role_choices[i]);
		if (strcmp(role_choices[i], chosen) == 0)
			tmpl_show_section(o, "SELECTED");
	}
}

struct team_fill {
	tmpl_dict *d;          /* where options go */
	int64_t chosen;        /* selected team id */
	const char *section;   /* section name per team */
};

static int
add_team_option(const struct team *t, void *arg)
{
	struct team_fill *tf = arg;
	tmpl_dict *o = tmpl_add_section(tf->d, tf->section);
	tmpl_set_int(o, "ID", t->id);
	tmpl_set_str(o, "NAME", t->name);
	tmpl_set_int(o, "MEMBERS", t->members);
	if (t->id == tf->chosen)
		tmpl_show_section(o, "SELECTED");
	return 0;
}

static int
fill_teams(struct req *r, tmpl_dict *d, const char *section, int64_t chosen)
{
	struct team_fill tf = { d, chosen, section };
	return team_each(r->db, add_team_option, &tf);
}

static int
add_user_row(const struct user *u, void *arg)
{
	tmpl_dict *row = tmpl_add_section(arg, "USER");
	tmpl_set_int(row, "ID", u->id);
	tmpl_set_str(row, "NAME", u->name);
	tmpl_set_str(row, "EMAIL", u->email);
	tmpl_set_str(row, "ROLE", role_name(u->role));
	tmpl_set_str(row, "TEAM", u->team_name[0] ? u->team_name : "—");
	tmpl_show_section(row, u->active ? "ACTIVE" : "DISABLED");
	return 0;
}

/* The users page, with the add-user and add-team forms as given. */
static void
render_users(struct req *r, int status, const struct form *add,
    const struct form *team)
{
	tmpl_dict *d = page_begin(r, "Users", "admin_users.tpl");
	if (user_each(r->db, add_user_row, d) != DB_OK) {
		resp_internal(r, "listing users failed");
		return;
	}
	tmpl_dict *af = tmpl_add_section(d, "ADD_FORM");
	if (add) {
		struct form shown = *add;
		/* A password is never sent back. */
		shown.value[4] = "";
		shown.len[4] = 0;
		form_fill(&shown, af);
	}
	fill_roles(af, add ? form_value(add, "role") : "rep");
	fill_teams(r, af, "TEAM_OPTION",
	    add ? strtoll(form_value(add, "team_id"), NULL, 10) : 0);
	tmpl_dict *tf = tmpl_add_section(d, "TEAM_FORM");
	if (team)
		form_fill(team, tf);
	fill_teams(r, d, "TEAM", 0);
	page_finish(r, status);
}

/*
 * GET /admin/users - every user and the forms to add users and
 * teams.  200.
 */
void
h_admin_users_get(struct req *r)
{
	render_users(r, 200, NULL, NULL);
}

/* Checks that a chosen team id exists; "" means no team. */
static int64_t
checked_team(struct req *r, struct form *f)
{
	const char *v = form_value(f, "team_id");
	if (*v == '\0')
		return 0;
	struct team t;
	int64_t id = strtoll(v, NULL, 10);
	if (team_get_by_id(r->db, id, &t) != DB_OK) {
		form_fail(f, "team_id", "Choose one of the listed teams.");
		return 0;
	}
	return id;
}

/* Commit with a flash and redirect, or report the failure. */
static void
finish_change(struct req *r, int rc, const char *flash, const char *to)
{
	if (rc != DB_OK || db_tx_commit(r->db) != DB_OK) {
		db_tx_rollback(r->db);
		resp_internal(r, "saving an admin change failed (%d)", rc);
		return;
	}
	session_flash(r, flash);
	resp_redirect(r, to);
}

/*
 * POST /admin/users - add a user.  303 to the list; 422 with the
 * form kept when a field is wrong or the email is taken.
 */
void
h_admin_users_post(struct req *r)
{
	struct form f;
	form_read(&f, r, add_user_fields, GW_ARRAY_LEN(add_user_fields));
	int64_t team_id = checked_team(r, &f);
	if (f.errors) {
		render_users(r, 422, &f, NULL);
		return;
	}
	struct user u;
	memset(&u, 0, sizeof(u));
	str_copy(u.email, sizeof(u.email), form_value(&f, "email"));
	str_copy(u.name, sizeof(u.name), form_value(&f, "name"));
	u.role = role_from_name(form_value(&f, "role"));
	u.team_id = team_id;
	if (auth_hash_password(form_value(&f, "password"), u.password_hash)) {
		resp_internal(r, "password hashing failed");
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = user_create(r->db, &u);
	if (rc == DB_CONFLICT) {
		db_tx_rollback(r->db);
		form_fail(&f, "email", "A user with this email already exists.");
		render_users(r, 422, &f, NULL);
		return;
	}
	char detail[128];
	snprintf(detail, sizeof(detail), "role=%s team=%lld", role_name(u.role),
	    (long long)u.team_id);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "user-add", u.email,
		    detail, r->remote_addr);
	char flash[600];
	snprintf(flash, sizeof(flash), "Added %s.", u.name);
	finish_change(r, rc, flash, "/admin/users");
}

/*
 * POST /admin/teams - add a team.  303 to the users page; 422 with
 * the name kept when it is empty, too long or taken.
 */
void
h_admin_teams_post(struct req *r)
{
	struct form f;
	form_read(&f, r, team_fields, GW_ARRAY_LEN(team_fields));
	if (f.errors) {
		render_users(r, 422, NULL, &f);
		return;
	}
	const char *name = form_value(&f, "team_name");
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = team_create(r->db, name, NULL);
	if (rc == DB_CONFLICT) {
		db_tx_rollback(r->db);
		form_fail(&f, "team_name", "A team with this name already exists.");
		render_users(r, 422, NULL, &f);
		return;
	}
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "team-add", name, NULL,
		    r->remote_addr);
	char flash[300];
	snprintf(flash, sizeof(flash), "Added team %s.", name);
	finish_change(r, rc, flash, "/admin/users");
}

/* The edit page for u, with the forms as given. */
static void
render_user(struct req *r, int status, const struct user *u,
    const struct form *edit, const struct form *pw)
{
	char title[600];
	snprintf(title, sizeof(title), "User: %s", u->name);
	tmpl_dict *d = page_begin(r, title, "admin_user.tpl");
	tmpl_set_int(d, "ID", u->id);
	tmpl_set_str(d, "EMAIL", u->email);
	tmpl_set_str(d, "CURRENT_NAME", u->name);
	tmpl_show_section(d, u->active ? "ACTIVE" : "DISABLED");
	if (u->id == r->session.user.id)
		tmpl_show_section(d, "SELF");
	else
		tmpl_show_section(d, u->active ? "DISABLE_FORM" : "ENABLE_FORM");
	tmpl_dict *ef = tmpl_add_section(d, "EDIT_FORM");
	tmpl_set_int(ef, "ID", u->id);
	if (edit) {
		form_fill(edit, ef);
	} else {
		tmpl_set_str(ef, "NAME_VALUE", u->name);
	}
	fill_roles(ef, edit ? form_value(edit, "role") : role_name(u->role));
	fill_teams(r, ef, "TEAM_OPTION",
	    edit ? strtoll(form_value(edit, "team_id"), NULL, 10) : u->team_id);
	tmpl_dict *pf = tmpl_add_section(d, "PASSWORD_FORM");
	tmpl_set_int(pf, "ID", u->id);
	if (pw) {
		struct form shown = *pw;
		shown.value[0] = "";
		shown.len[0] = 0;
		form_fill(&shown, pf);
	}
	page_finish(r, status);
}

/* Load the {id} user or answer 404.  Returns false when answered. */
static bool
load_target(struct req *r, struct user *u)
{
	int rc = user_get_by_id(r->db, r->path_id, u);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return false;
	}
	if (rc != DB_OK) {
		resp_internal(r, "user lookup failed");
		return false;
	}
	return true;
}

/*
 * GET /admin/users/{id} - edit one user.  200, or 404.
 */
void
h_admin_user_get(struct req *r)
{
	struct user u;
	if (load_target(r, &u))
		render_user(r, 200, &u, NULL, NULL);
}

/*
 * POST /admin/users/{id} - change name, role or team.  303 back to
 * the user; 422 with the form kept; 404 for an unknown user.
 */
void
h_admin_user_post(struct req *r)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	struct form f;
	form_read(&f, r, edit_user_fields, GW_ARRAY_LEN(edit_user_fields));
	int64_t team_id = checked_team(r, &f);
	enum role role = role_from_name(form_value(&f, "role"));
	if (u.id == r->session.user.id && role != ROLE_NONE && role != u.role)
		form_fail(&f, "role", "You cannot change your own role.");
	if (f.errors) {
		render_user(r, 422, &u, &f, NULL);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = user_update(r->db, u.id, form_value(&f, "name"), role, team_id);
	char detail[128];
	snprintf(detail, sizeof(detail), "role %s->%s team %lld->%lld",
	    role_name(u.role), role_name(role), (long long)u.team_id,
	    (long long)team_id);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "user-update", u.email,
		    detail, r->remote_addr);
	/* A new role or team changes what the person may see: sign them out. */
	if (rc == DB_OK && (role != u.role || team_id != u.team_id) &&
	    u.id != r->session.user.id)
		rc = session_delete_for_user(r->db, u.id);
	char to[64];
	snprintf(to, sizeof(to), "/admin/users/%lld", (long long)u.id);
	finish_change(r, rc, "Saved.", to);
}

/*
 * POST /admin/users/{id}/password - set a new password and end the
 * user's sessions (all but this one, for one's own).  303; 422 with a
 * message; 404.
 */
void
h_admin_user_password_post(struct req *r)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	struct form f;
	form_read(&f, r, password_fields, GW_ARRAY_LEN(password_fields));
	if (f.errors) {
		render_user(r, 422, &u, NULL, &f);
		return;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (auth_hash_password(form_value(&f, "password"), hash) != 0) {
		resp_internal(r, "password hashing failed");
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = user_set_password_hash(r->db, u.id, hash);
	/* Every other session ends, the admin's own ones included, so a
	 * stolen session dies with the old password; this one goes on. */
	if (rc == DB_OK)
		rc = session_delete_others(r->db, u.id, r->session.id);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "user-password",
		    u.email, NULL, r->remote_addr);
	char to[64];
	snprintf(to, sizeof(to), "/admin/users/%lld", (long long)u.id);
	finish_change(r, rc, u.id == r->session.user.id
	    ? "Password changed; your other sessions have ended."
	    : "Password changed; their sessions have ended.", to);
}

/*
 * POST /admin/users/{id}/active - disable (active=0, ends every
 * session) or re-enable (active=1).  303; 422 for yourself; 404.
 */
void
h_admin_user_active_post(struct req *r)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	const char *v = req_form(r, "active");
	bool active = strcmp(v, "1") == 0;
	if ((!active && strcmp(v, "0") != 0) || u.id == r->session.user.id) {
		render_user(r, 422, &u, NULL, NULL);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = user_set_active(r->db, u.id, active);
	if (rc == DB_OK && !active)
		rc = session_delete_for_user(r->db, u.id);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id,
		    active ? "user-enable" : "user-disable", u.email, NULL,
		    r->remote_addr);
	char to[64];
	snprintf(to, sizeof(to), "/admin/users/%lld", (long long)u.id);
	finish_change(r, rc,
	    active ? "Account enabled." : "Account disabled; signed out.", to);
}
