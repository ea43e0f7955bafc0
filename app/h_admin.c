/*
 * h_admin.c - /admin/users and /admin/teams: list users, add one,
 * change a role or team, reset a password, disable or re-enable; list
 * teams with their managers and members, add one, rename it, retire it
 * (its people move to another team) or bring it back.  Teams are never
 * deleted.  Every change is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_import.h"
#include "db_org.h"
#include "form.h"
#include "page.h"
#include "resp.h"
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

/* "none", or a team id. */
static const char *
valid_move_to(const char *v)
{
	return strcmp(v, "none") == 0 ? NULL : valid_id_or_empty(v);
}

static const struct field retire_fields[] = {
	{ "move_to", "Move its people to", 19, true, valid_move_to },
};

static const char *const role_choices[] = { "rep", "manager", "admin",
	"director" };

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
	tmpl_dict *d;        /* where options go */
	int64_t chosen;      /* selected team id */
	const char *section; /* section name per team */
};

/* A team <option>: active teams, and a retired one only while it is
 * the one chosen (a person still in it keeps it until moved). */
static int
add_team_option(const struct team *t, void *arg)
{
	struct team_fill *tf = arg;
	if (t->retired_at && t->id != tf->chosen)
		return 0;
	tmpl_dict *o = tmpl_add_section(tf->d, tf->section);
	tmpl_set_int(o, "ID", t->id);
	tmpl_set_str(o, "NAME", t->name);
	tmpl_set_int(o, "MEMBERS", t->members);
	if (t->retired_at)
		tmpl_show_section(o, "RETIRED");
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

/* The users page, with the add-user form as given. */
static void
render_users(struct req *r, int status, const struct form *add)
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
	page_finish(r, status);
}

/*
 * GET /admin/users - every user and the form to add one.  200.
 */
void
h_admin_users_get(struct req *r)
{
	render_users(r, 200, NULL);
}

/* Checks that a chosen team id exists and takes members: an active
 * team, or current, the one the person is in now.  "" means no team. */
static int64_t
checked_team(struct req *r, struct form *f, int64_t current)
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
	if (t.retired_at && id != current) {
		form_fail(f, "team_id",
		    "That team is retired and takes no new "
		    "members; choose one of the listed teams.");
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
	int64_t team_id = checked_team(r, &f, 0);
	if (f.errors) {
		render_users(r, 422, &f);
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
		form_fail(&f, "email",
		    "A user with this email already exists.");
		render_users(r, 422, &f);
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

/* --------------------------------------------------------------- */
/* Teams                                                           */

/* A person as the teams pages list them (arena copies). */
struct member {
	int64_t id;
	int64_t team_id;
	enum role role;
	bool active;
	const char *name;
	const char *email;
};

struct members {
	struct arena *arena;
	struct member *list;
	int n, cap;
	int64_t only_team; /* 0: everyone */
};

static int
keep_member(const struct user *u, void *arg)
{
	struct members *m = arg;
	if (u->team_id == 0 || (m->only_team && u->team_id != m->only_team))
		return 0;
	if (m->n == m->cap) {
		int cap = m->cap ? 2 * m->cap : 64;
		struct member *l = arena_alloc(m->arena,
		    (size_t)cap * sizeof(*l));
		if (m->n)
			memcpy(l, m->list, (size_t)m->n * sizeof(*l));
		m->list = l;
		m->cap = cap;
	}
	m->list[m->n++] = (struct member){ u->id, u->team_id, u->role,
		u->active, arena_strdup(m->arena, u->name),
		arena_strdup(m->arena, u->email) };
	return 0;
}

/* The people in team_id (0: in any team), by name.  false on error. */
static bool
load_members(struct req *r, int64_t team_id, struct members *m)
{
	memset(m, 0, sizeof(*m));
	m->arena = &r->arena;
	m->only_team = team_id;
	return user_each(r->db, keep_member, m) == DB_OK;
}

/* "Maria Santos, Sam Okafor": the active members of team_id in role. */
static void
set_names(tmpl_dict *d, const char *key, const struct members *m,
    int64_t team_id, enum role role, const char *none)
{
	struct buf names = { 0 };
	for (int i = 0; i < m->n; i++)
		if (m->list[i].team_id == team_id && m->list[i].role == role &&
		    m->list[i].active)
			buf_printf(&names, "%s%s", names.len ? ", " : "",
			    m->list[i].name);
	tmpl_set_str(d, key, names.data ? names.data : none);
	buf_free(&names);
}

/* "Retired on 2025-03-14" for a retired team, in section RETIRED. */
static void
set_team_status(tmpl_dict *d, const struct team *t)
{
	if (t->retired_at == 0) {
		tmpl_show_section(d, "ACTIVE");
		return;
	}
	char day[DATE_SIZE];
	date_of(t->retired_at, day);
	tmpl_set_str(tmpl_add_section(d, "RETIRED"), "ON", day);
}

struct team_rows {
	tmpl_dict *d;
	const struct members *m;
};

static int
add_team_row(const struct team *t, void *arg)
{
	struct team_rows *tr = arg;
	tmpl_dict *row = tmpl_add_section(tr->d, "TEAM");
	tmpl_set_int(row, "ID", t->id);
	tmpl_set_str(row, "NAME", t->name);
	tmpl_set_int(row, "MEMBERS", t->members);
	set_names(row, "MANAGERS", tr->m, t->id, ROLE_MANAGER, "no manager");
	set_names(row, "REPS", tr->m, t->id, ROLE_REP, "no reps");
	set_team_status(row, t);
	return 0;
}

/* The teams page, with the add-team form as given. */
static void
render_teams(struct req *r, int status, const struct form *add)
{
	tmpl_dict *d = page_begin(r, "Teams", "admin_teams.tpl");
	struct members m;
	struct team_rows tr = { d, &m };
	if (!load_members(r, 0, &m) ||
	    team_each(r->db, add_team_row, &tr) != DB_OK) {
		resp_internal(r, "listing teams failed");
		return;
	}
	tmpl_dict *af = tmpl_add_section(d, "ADD_FORM");
	if (add)
		form_fill(add, af);
	page_finish(r, status);
}

/*
 * GET /admin/teams - every team with its managers, reps and status,
 * and the form to add one.  200.
 */
void
h_admin_teams_get(struct req *r)
{
	render_teams(r, 200, NULL);
}

/*
 * POST /admin/teams - add a team.  303 to the teams page; 422 with the
 * name kept when it is empty, too long or taken.
 */
void
h_admin_teams_post(struct req *r)
{
	struct form f;
	form_read(&f, r, team_fields, GW_ARRAY_LEN(team_fields));
	if (f.errors) {
		render_teams(r, 422, &f);
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
		form_fail(&f, "team_name",
		    "A team with this name already exists.");
		render_teams(r, 422, &f);
		return;
	}
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "team-add", name,
		    NULL, r->remote_addr);
	char flash[300];
	snprintf(flash, sizeof(flash), "Added team %s.", name);
	finish_change(r, rc, flash, "/admin/teams");
}

struct move_choice {
	tmpl_dict *d;
	int64_t self; /* the team being retired */
	int64_t chosen;
};

/* Where a retiring team's people may go: another active team. */
static int
add_move_option(const struct team *t, void *arg)
{
	struct move_choice *mc = arg;
	if (t->retired_at || t->id == mc->self)
		return 0;
	tmpl_dict *o = tmpl_add_section(mc->d, "MOVE_OPTION");
	tmpl_set_int(o, "ID", t->id);
	tmpl_set_str(o, "NAME", t->name);
	if (t->id == mc->chosen)
		tmpl_show_section(o, "SELECTED");
	return 0;
}

/* One team's page, with its forms as given and a page-level problem. */
static void
render_team(struct req *r, int status, const struct team *t,
    const struct form *rename, const struct form *retire, const char *problem)
{
	char title[300];
	snprintf(title, sizeof(title), "Team: %s", t->name);
	tmpl_dict *d = page_begin(r, title, "admin_team.tpl");
	tmpl_set_int(d, "ID", t->id);
	tmpl_set_str(d, "NAME", t->name);
	set_team_status(d, t);
	if (problem)
		tmpl_set_str(tmpl_add_section(d, "PROBLEM"), "MESSAGE",
		    problem);
	struct members m;
	if (!load_members(r, t->id, &m)) {
		resp_internal(r, "listing members failed");
		return;
	}
	for (int i = 0; i < m.n; i++) {
		tmpl_dict *row = tmpl_add_section(d, "MEMBER");
		tmpl_set_int(row, "ID", m.list[i].id);
		tmpl_set_str(row, "NAME", m.list[i].name);
		tmpl_set_str(row, "ROLE", role_name(m.list[i].role));
		if (!m.list[i].active)
			tmpl_show_section(row, "DISABLED");
	}
	if (m.n == 0)
		tmpl_show_section(d, "NO_MEMBERS");
	tmpl_dict *rf = tmpl_add_section(d, "RENAME_FORM");
	tmpl_set_int(rf, "ID", t->id);
	if (rename)
		form_fill(rename, rf);
	else
		tmpl_set_str(rf, "TEAM_NAME_VALUE", t->name);
	if (t->retired_at) {
		tmpl_set_int(tmpl_add_section(d, "RESTORE_FORM"), "ID", t->id);
	} else {
		tmpl_dict *xf = tmpl_add_section(d, "RETIRE_FORM");
		tmpl_set_int(xf, "ID", t->id);
		tmpl_set_int(xf, "PEOPLE", m.n);
		tmpl_set_str(xf, "PEOPLE_WORD", m.n == 1 ? "person" : "people");
		const char *to = retire ? form_value(retire, "move_to") : "";
		if (retire)
			form_fill(retire, xf);
		if (strcmp(to, "none") == 0)
			tmpl_show_section(xf, "NONE_SELECTED");
		struct move_choice mc = { xf, t->id, strtoll(to, NULL, 10) };
		if (team_each(r->db, add_move_option, &mc) != DB_OK) {
			resp_internal(r, "listing teams failed");
			return;
		}
	}
	page_finish(r, status);
}

/* Load the {id} team or answer 404.  Returns false when answered. */
static bool
load_team(struct req *r, struct team *t)
{
	int rc = team_get_by_id(r->db, r->path_id, t);
	if (rc == DB_NOTFOUND) {
		resp_error(r, 404);
		return false;
	}
	if (rc != DB_OK) {
		resp_internal(r, "team lookup failed");
		return false;
	}
	return true;
}

/*
 * GET /admin/teams/{id} - one team: its people, and the forms to
 * rename it and to retire it (or bring it back).  200, or 404.
 */
void
h_admin_team_get(struct req *r)
{
	struct team t;
	if (load_team(r, &t))
		render_team(r, 200, &t, NULL, NULL, NULL);
}

/*
 * POST /admin/teams/{id} - rename the team; its history follows the
 * name.  303 back to it; 422 with the name kept when it is empty, too
 * long or taken; 404 for an unknown team.
 */
void
h_admin_team_post(struct req *r)
{
	struct team t;
	if (!load_team(r, &t))
		return;
	struct form f;
	form_read(&f, r, team_fields, GW_ARRAY_LEN(team_fields));
	if (f.errors) {
		render_team(r, 422, &t, &f, NULL, NULL);
		return;
	}
	const char *name = form_value(&f, "team_name");
	char to[64];
	snprintf(to, sizeof(to), "/admin/teams/%lld", (long long)t.id);
	if (strcmp(name, t.name) == 0) {
		session_flash(r, "Nothing changed.");
		resp_redirect(r, to);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = team_rename(r->db, t.id, name);
	if (rc == DB_CONFLICT) {
		db_tx_rollback(r->db);
		form_fail(&f, "team_name",
		    "A team with this name already exists.");
		render_team(r, 422, &t, &f, NULL, NULL);
		return;
	}
	char subject[32];
	snprintf(subject, sizeof(subject), "team:%lld", (long long)t.id);
	char *detail = arena_printf(&r->arena, "%s → %s", t.name, name);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "team-rename",
		    subject, detail, r->remote_addr);
	char *flash = arena_printf(&r->arena, "Renamed team %s to %s.", t.name,
	    name);
	finish_change(r, rc, flash, to);
}

/*
 * Inside a transaction: move every member of team t to dest (0: no
 * team), ending their sessions (what they may see changes) and auditing
 * each move.  *moved gets how many.
 */
static int
move_members(struct req *r, const struct team *t, const struct team *dest,
    int *moved)
{
	struct members m;
	if (!load_members(r, t->id, &m))
		return DB_ERROR;
	int rc = DB_OK;
	for (int i = 0; i < m.n && rc == DB_OK; i++) {
		const struct member *p = &m.list[i];
		rc = user_update(r->db, p->id, p->name, p->role,
		    dest ? dest->id : 0);
		if (rc == DB_OK && p->id != r->session.user.id)
			rc = session_delete_for_user(r->db, p->id);
		char *detail = arena_printf(&r->arena,
		    "team %s -> %s (team retired)", t->name,
		    dest ? dest->name : "none");
		if (rc == DB_OK)
			rc = audit_add(r->db, r->session.user.id, "user-update",
			    p->email, detail, r->remote_addr);
	}
	*moved = m.n;
	return rc;
}

/*
 * POST /admin/teams/{id}/active - active=0 retires the team: its people
 * move to move_to (another active team, or "none"), and it keeps its
 * history but takes no new members; active=1 brings a retired team
 * back.  303 back to the team; 422 with the choice kept; 404.
 */
void
h_admin_team_active_post(struct req *r)
{
	struct team t;
	if (!load_team(r, &t))
		return;
	const char *v = req_form(r, "active");
	bool restore = strcmp(v, "1") == 0;
	if (!restore && strcmp(v, "0") != 0) {
		render_team(r, 422, &t, NULL, NULL,
		    "Choose to retire the team or "
		    "to bring it back.");
		return;
	}
	if (restore != (t.retired_at != 0)) {
		render_team(r, 422, &t, NULL, NULL,
		    restore ? "This team is active."
		            : "This team is already retired.");
		return;
	}
	char subject[32], to[64];
	snprintf(subject, sizeof(subject), "team:%lld", (long long)t.id);
	snprintf(to, sizeof(to), "/admin/teams/%lld", (long long)t.id);
	if (restore) {
		if (db_tx_begin(r->db) != DB_OK) {
			resp_internal(r, "cannot begin");
			return;
		}
		int rc = team_set_retired(r->db, t.id, 0);
		if (rc == DB_OK)
			rc = audit_add(r->db, r->session.user.id,
			    "team-restore", subject, t.name, r->remote_addr);
		finish_change(r, rc,
		    arena_printf(&r->arena,
		        "Team %s is active "
		        "again.",
		        t.name),
		    to);
		return;
	}
	struct form f;
	form_read(&f, r, retire_fields, GW_ARRAY_LEN(retire_fields));
	struct team dest;
	bool to_team = f.errors == 0 &&
	               strcmp(form_value(&f, "move_to"), "none") != 0;
	if (to_team &&
	    (team_get_by_id(r->db, strtoll(form_value(&f, "move_to"), NULL, 10),
	         &dest) != DB_OK ||
	        dest.retired_at || dest.id == t.id))
		form_fail(&f, "move_to",
		    "Choose another active team, or no team.");
	if (f.errors) {
		render_team(r, 422, &t, NULL, &f, NULL);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int moved = 0;
	int rc = move_members(r, &t, to_team ? &dest : NULL, &moved);
	if (rc == DB_OK)
		rc = team_set_retired(r->db, t.id, r->now);
	const char *where = to_team ? dest.name : "no team";
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "team-retire",
		    subject,
		    arena_printf(&r->arena, "%s; %d moved to %s", t.name, moved,
		        where),
		    r->remote_addr);
	finish_change(r, rc,
	    arena_printf(&r->arena,
	        "Retired team %s; %d %s "
	        "moved to %s.",
	        t.name, moved, moved == 1 ? "person" : "people", where),
	    to);
}

/* The teams a director form offers, each ticked when in chosen. */
struct see_fill {
	tmpl_dict *d;
	const int64_t *chosen;
	int n;
};

static int
add_see_option(const struct team *t, void *arg)
{
	struct see_fill *sf = arg;
	tmpl_dict *o = tmpl_add_section(sf->d, "SEE_TEAM");
	tmpl_set_int(o, "ID", t->id);
	tmpl_set_str(o, "NAME", t->name);
	if (t->retired_at)
		tmpl_show_section(o, "RETIRED");
	for (int i = 0; i < sf->n; i++)
		if (sf->chosen[i] == t->id)
			tmpl_show_section(o, "CHECKED");
	return 0;
}

/*
 * A director's teams form: every team, the ones they are limited to
 * ticked (none ticked: every team).  typed/ntyped are the ids sent by
 * a refused form, error its message; typed NULL reads the database.
 */
static bool
fill_director_teams(struct req *r, tmpl_dict *d, const struct user *u,
    const int64_t *typed, int ntyped, const char *error)
{
	int64_t ids[ORG_TEAMS_MAX];
	int n = ntyped;
	if (typed == NULL &&
	    org_director_teams(r->db, u->id, ids, ORG_TEAMS_MAX, &n) != DB_OK)
		return false;
	tmpl_dict *sf = tmpl_add_section(d, "TEAMS_FORM");
	tmpl_set_int(sf, "ID", u->id);
	if (error)
		tmpl_set_str(tmpl_add_section(sf, "SEE_INVALID"), "MESSAGE",
		    error);
	struct see_fill fill = { sf, typed ? typed : ids, n };
	return team_each(r->db, add_see_option, &fill) == DB_OK;
}

/* --- handing a rep's open deals over (CSV import feature) ----------- */

struct reassign_fill {
	struct req *r;
	tmpl_dict *d;
	int64_t from;
	int64_t chosen;
	bool posted; /* ticks come from the form, not "all" */
};

/* Was deal id ticked on the form that was sent? */
static bool
deal_ticked(const struct req *r, int64_t id)
{
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].key, "deal") == 0 &&
		    strtoll(r->form.items[i].val, NULL, 10) == id)
			return true;
	return false;
}

static int
add_reassign_deal(const struct deal *deal, void *arg)
{
	struct reassign_fill *rf = arg;
	tmpl_dict *row = tmpl_add_section(rf->d, "REASSIGN_DEAL");
	tmpl_set_int(row, "ID", deal->id);
	tmpl_set_str(row, "COMPANY", deal->company);
	tmpl_set_str(row, "STAGE", deal->stage_name);
	if (!rf->posted || deal_ticked(rf->r, deal->id))
		tmpl_show_section(row, "CHECKED");
	return 0;
}

static int
add_reassign_target(const struct user *u, void *arg)
{
	struct reassign_fill *rf = arg;
	if (!u->active || u->id == rf->from || u->role == ROLE_ADMIN)
		return 0;
	tmpl_dict *o = tmpl_add_section(rf->d, "TARGET_OPTION");
	tmpl_set_int(o, "ID", u->id);
	tmpl_set_str(o, "NAME", u->name);
	tmpl_set_str(o, "TEAM", u->team_name[0] ? u->team_name : "no team");
	if (u->id == rf->chosen)
		tmpl_show_section(o, "SELECTED");
	return 0;
}

/* The form that hands u's open deals (all ticked at first) to someone
 * else, with what was sent kept when it comes back with an error. */
static void
fill_reassign(struct req *r, tmpl_dict *d, const struct user *u,
    const char *error)
{
	struct deal_filter f = { u->id, DEAL_OPEN, 0, "", 500, 0 };
	if (deal_count(r->db, &f) <= 0)
		return;
	tmpl_dict *rd = tmpl_add_section(d, "REASSIGN_FORM");
	tmpl_set_int(rd, "ID", u->id);
	bool posted = error != NULL;
	struct reassign_fill rf = { r, rd, u->id,
		posted ? strtoll(req_form(r, "to"), NULL, 10) : 0, posted };
	deal_list(r->db, &f, add_reassign_deal, &rf);
	user_each(r->db, add_reassign_target, &rf);
	if (error) {
		tmpl_dict *e = tmpl_add_section(rd, "TO_INVALID");
		tmpl_set_str(e, "TO_ERROR", error);
	}
}

/* What a user's page shows again after a refused form; all NULL
 * (or 0) for the page as it opens. */
struct user_page {
	const struct form *edit;    /* the details form */
	const struct form *pw;      /* the password form */
	const int64_t *see;         /* a director's teams ticked ... */
	int nsee;                   /* ... how many ... */
	const char *see_error;      /* ... and why they were refused */
	const char *reassign_error; /* why the hand-over was refused */
};

/* The edit page for u, with the forms as given in p. */
static void
render_user(struct req *r, int status, const struct user *u,
    const struct user_page *p)
{
	const struct form *edit = p->edit, *pw = p->pw;
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
		tmpl_show_section(d,
		    u->active ? "DISABLE_FORM" : "ENABLE_FORM");
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
	if (u->role == ROLE_DIRECTOR &&
	    !fill_director_teams(r, d, u, p->see_error ? p->see : NULL, p->nsee,
	        p->see_error)) {
		resp_internal(r, "listing a director's teams failed");
		return;
	}
	tmpl_dict *pf = tmpl_add_section(d, "PASSWORD_FORM");
	tmpl_set_int(pf, "ID", u->id);
	if (pw) {
		struct form shown = *pw;
		shown.value[0] = "";
		shown.len[0] = 0;
		form_fill(&shown, pf);
	}
	fill_reassign(r, d, u, p->reassign_error);
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
		render_user(r, 200, &u, &(struct user_page){ 0 });
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
	int64_t team_id = checked_team(r, &f, u.team_id);
	enum role role = role_from_name(form_value(&f, "role"));
	if (u.id == r->session.user.id && role != ROLE_NONE && role != u.role)
		form_fail(&f, "role", "You cannot change your own role.");
	if (f.errors) {
		render_user(r, 422, &u, &(struct user_page){ .edit = &f });
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = user_update(r->db, u.id, form_value(&f, "name"), role,
	    team_id);
	char detail[128];
	snprintf(detail, sizeof(detail), "role %s->%s team %lld->%lld",
	    role_name(u.role), role_name(role), (long long)u.team_id,
	    (long long)team_id);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "user-update",
		    u.email, detail, r->remote_addr);
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
		render_user(r, 422, &u, &(struct user_page){ .pw = &f });
		return;
	}
	char hash[PASSWORD_HASH_SIZE];
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
	finish_change(r, rc,
	    u.id == r->session.user.id
	        ? "Password changed; your other sessions have ended."
	        : "Password changed; their sessions have ended.",
	    to);
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
		render_user(r, 422, &u, &(struct user_page){ 0 });
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

/* The ids ticked in a director's teams form; false with a message when
 * one is not a team or there are too many. */
static bool
read_see_teams(struct req *r, int64_t *ids, int *n, const char **error)
{
	*n = 0;
	*error = NULL;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *f = &r->form.items[i];
		if (strcmp(f->key, "team") != 0)
			continue;
		struct team t;
		char *end = NULL;
		long long id = f->valid ? strtoll(f->val, &end, 10) : 0;
		if (id <= 0 || end == NULL || *end ||
		    team_get_by_id(r->db, id, &t) != DB_OK)
			*error = "Choose among the listed teams.";
		else if (*n >= ORG_TEAMS_MAX)
			*error = "Too many teams: leave all unticked to "
			         "let the director see every team.";
		else
			ids[(*n)++] = id;
	}
	return *error == NULL;
}

/*
 * POST /admin/users/{id}/teams - limit a director to the ticked teams
 * (none ticked: every team).  Audited; the director's sessions end, as
 * what they may see changed.  303 back; 422 with the ticks kept for an
 * unknown team; 404 for an unknown user or one who is no director.
 */
void
h_admin_user_teams_post(struct req *r)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	if (u.role != ROLE_DIRECTOR) {
		resp_error(r, 404);
		return;
	}
	int64_t ids[ORG_TEAMS_MAX];
	int n = 0;
	const char *error;
	if (!read_see_teams(r, ids, &n, &error)) {
		render_user(r, 422, &u,
		    &(struct user_page){ .see = ids,
		        .nsee = n,
		        .see_error = error });
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = org_set_director_teams(r->db, u.id, ids, n);
	struct buf detail = { 0 };
	buf_puts(&detail, n ? "teams" : "teams all");
	for (int i = 0; i < n; i++)
		buf_printf(&detail, " %lld", (long long)ids[i]);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "director-teams",
		    u.email, detail.data, r->remote_addr);
	buf_free(&detail);
	if (rc == DB_OK)
		rc = session_delete_for_user(r->db, u.id);
	char to[64];
	snprintf(to, sizeof(to), "/admin/users/%lld", (long long)u.id);
	finish_change(r, rc, "Saved the director's teams.", to);
}

/*
 * POST /admin/users/{id}/reassign - hand the ticked open deals of the
 * user to another active rep or manager, in one transaction, each in
 * its timeline and the audit log.  303 back to the user; 422 with the
 * ticks and choice kept; 404 for an unknown user.
 */
void
h_admin_reassign_post(struct req *r)
{
	struct user u, to;
	if (!load_target(r, &u))
		return;
	int64_t to_id = strtoll(req_form(r, "to"), NULL, 10);
	int64_t *ids = arena_alloc(&r->arena, (r->form.n + 1) * sizeof(*ids));
	int n = 0;
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].key, "deal") == 0 &&
		    (ids[n] = strtoll(r->form.items[i].val, NULL, 10)) > 0)
			n++;
	const char *error = NULL;
	if (to_id <= 0 || user_get_by_id(r->db, to_id, &to) != DB_OK ||
	    !to.active || to.id == u.id || to.role == ROLE_ADMIN)
		error = "Choose who takes the deals.";
	else if (n == 0)
		error = "Tick at least one deal to hand over.";
	if (error) {
		render_user(r, 422, &u,
		    &(struct user_page){ .reassign_error = error });
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int moved = 0;
	int rc = deals_reassign(r->db, u.id, u.name, to.id, to.name, to.team_id,
	    ids, n, r->session.user.id, r->now, &moved);
	char detail[600];
	snprintf(detail, sizeof(detail), "%d open deals from %s to %s", moved,
	    u.email, to.email);
	if (rc == DB_OK)
		rc = audit_add(r->db, r->session.user.id, "deals.reassign",
		    u.email, detail, r->remote_addr);
	char flash[600], back[64];
	snprintf(flash, sizeof(flash), "%d open %s handed to %s.", moved,
	    moved == 1 ? "deal" : "deals", to.name);
	snprintf(back, sizeof(back), "/admin/users/%lld", (long long)u.id);
	finish_change(r, rc, flash, back);
}
