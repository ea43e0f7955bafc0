/*
 * cli_user.c - "groundwork migrate", "user ..." and "seed".  Writing
 * commands use the same data layer, and so the same writer lock, as
 * the server.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "db.h"
#include "db_account.h"
#include "seed.h"
#include "config.h"
#include "form.h"
#include "http.h"

struct db *
cli_open_db(void)
{
	char sqldir[600];
	snprintf(sqldir, sizeof(sqldir), "%s/sql", cfg.share_dir);
	struct db *db = db_open(cfg.db);
	if (db == NULL)
		return NULL;
	if (db_migrate(db, sqldir, stderr) != DB_OK ||
	    db_prepare_all(db) != DB_OK) {
		db_close(db);
		return NULL;
	}
	return db;
}

int
cli_migrate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct db *db = cli_open_db();
	if (db == NULL)
		return 1;
	printf("groundwork: %s is at schema version %d\n", cfg.db,
	    db_schema_version(db));
	db_close(db);
	return 0;
}

/* One line of standard input as the password, checked. */
static int
read_password(char out[PASSWORD_MAX + 2])
{
	if (fgets(out, PASSWORD_MAX + 2, stdin) == NULL) {
		fprintf(stderr,
		    "groundwork: give the password on standard input\n");
		return -1;
	}
	out[strcspn(out, "\r\n")] = '\0';
	const char *problem = auth_password_problem(out);
	if (problem) {
		fprintf(stderr, "groundwork: password refused: %s\n", problem);
		return -1;
	}
	return 0;
}

/* The team called name, created if new, as an id (0 on error, or when
 * the team is retired: it takes no new members). */
static int64_t
team_id_for(struct db *db, const char *name)
{
	struct team t;
	if (team_get_by_name(db, name, &t) == DB_OK) {
		if (t.retired_at == 0)
			return t.id;
		fprintf(stderr,
		    "groundwork: team %s is retired; it takes no new "
		    "members\n",
		    t.name);
		return 0;
	}
	if (utf8_chars(name, strlen(name)) > TEAM_NAME_MAX ||
	    !text_valid(name, strlen(name)) || *name == '\0') {
		fprintf(stderr, "groundwork: bad team name\n");
		return 0;
	}
	int64_t id = 0;
	if (team_create(db, name, &id) != DB_OK ||
	    audit_add(db, 0, "team-add", name, "cli", NULL) != DB_OK)
		return 0;
	return id;
}

static int
user_add(struct db *db, int argc, char **argv)
{
	const char *email = NULL, *name = NULL, *role = NULL, *team = NULL;
	for (int i = 0; i < argc; i++) {
		const char **slot = NULL;
		if (strcmp(argv[i], "--name") == 0)
			slot = &name;
		else if (strcmp(argv[i], "--role") == 0)
			slot = &role;
		else if (strcmp(argv[i], "--team") == 0)
			slot = &team;
		if (slot && i + 1 < argc)
			*slot = argv[++i];
		else if (!slot && email == NULL && argv[i][0] != '-')
			email = argv[i];
		else {
			fprintf(stderr,
			    "groundwork user add: bad argument %s\n", argv[i]);
			return 2;
		}
	}
	if (!email || !name || !role) {
		fprintf(stderr,
		    "usage: groundwork user add EMAIL --name NAME "
		    "--role rep|manager|admin|director [--team TEAM]\n");
		return 2;
	}
	const char *problem = valid_email(email);
	if (!problem && strlen(email) > USER_EMAIL_MAX)
		problem = "The email is too long.";
	if (!problem && (utf8_chars(name, strlen(name)) > USER_NAME_MAX ||
	                    !text_valid(name, strlen(name)) || !*name))
		problem = "The name is empty, too long or not text.";
	if (!problem && role_from_name(role) == ROLE_NONE)
		problem = "The role must be rep, manager, admin or director.";
	if (problem) {
		fprintf(stderr, "groundwork: %s\n", problem);
		return 2;
	}
	char password[PASSWORD_MAX + 2];
	if (read_password(password) != 0)
		return 1;
	struct user u;
	memset(&u, 0, sizeof(u));
	str_copy(u.email, sizeof(u.email), email);
	str_copy(u.name, sizeof(u.name), name);
	u.role = role_from_name(role);
	if (auth_hash_password(password, u.password_hash) != 0)
		return 1;
	if (db_tx_begin(db) != DB_OK)
		return 1;
	int rc = DB_OK;
	if (team && (u.team_id = team_id_for(db, team)) == 0)
		rc = DB_ERROR;
	if (rc == DB_OK)
		rc = user_create(db, &u);
	if (rc == DB_OK)
		rc = audit_add(db, 0, "user-add", u.email, "cli", NULL);
	if (rc != DB_OK || db_tx_commit(db) != DB_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "groundwork: could not add %s%s\n", email,
		    rc == DB_CONFLICT ? ": that email is already taken" : "");
		return 1;
	}
	printf("added %s (%s)\n", u.email, role_name(u.role));
	return 0;
}

/* The change each simple subcommand makes to one existing user. */
enum user_change { CH_PASSWORD, CH_ROLE, CH_TEAM, CH_DISABLE, CH_ENABLE };

static const struct {
	const char *name;        /* subcommand */
	enum user_change change; /* what it does */
	int args;                /* arguments after EMAIL */
	const char *audit;       /* audit action */
} changes[] = {
	{ "set-password", CH_PASSWORD, 0, "user-password" },
	{ "set-role", CH_ROLE, 1, "user-update" },
	{ "set-team", CH_TEAM, 1, "user-update" },
	{ "disable", CH_DISABLE, 0, "user-disable" },
	{ "enable", CH_ENABLE, 0, "user-enable" },
};

static int
user_change(struct db *db, size_t which, int argc, char **argv)
{
	if (argc != 1 + changes[which].args) {
		fprintf(stderr,
		    "groundwork user %s: wrong arguments; see "
		    "'groundwork user --help'\n",
		    changes[which].name);
		return 2;
	}
	struct user u;
	if (user_get_by_email(db, argv[0], &u) != DB_OK) {
		fprintf(stderr, "groundwork: no user %s\n", argv[0]);
		return 1;
	}
	char hash[PASSWORD_HASH_SIZE];
	char password[PASSWORD_MAX + 2];
	enum role role = u.role;
	enum user_change ch = changes[which].change;
	if (ch == CH_PASSWORD) {
		if (read_password(password) != 0 ||
		    auth_hash_password(password, hash) != 0)
			return 1;
	}
	if (ch == CH_ROLE && (role = role_from_name(argv[1])) == ROLE_NONE) {
		fprintf(stderr, "groundwork: the role must be rep, manager, "
		                "admin or director\n");
		return 2;
	}
	if (db_tx_begin(db) != DB_OK)
		return 1;
	int rc = DB_OK;
	int64_t team_id = u.team_id;
	switch (ch) {
	case CH_PASSWORD:
		rc = user_set_password_hash(db, u.id, hash);
		if (rc == DB_OK)
			rc = session_delete_for_user(db, u.id);
		break;
	case CH_ROLE:
	case CH_TEAM:
		if (ch == CH_TEAM)
			team_id = strcmp(argv[1], "--none") == 0
			              ? 0
			              : team_id_for(db, argv[1]);
		if (ch == CH_TEAM && team_id == 0 && strcmp(argv[1], "--none"))
			rc = DB_ERROR;
		if (rc == DB_OK)
			rc = user_update(db, u.id, u.name, role, team_id);
		if (rc == DB_OK)
			rc = session_delete_for_user(db, u.id);
		break;
	case CH_DISABLE:
	case CH_ENABLE:
		rc = user_set_active(db, u.id, ch == CH_ENABLE);
		if (rc == DB_OK && ch == CH_DISABLE)
			rc = session_delete_for_user(db, u.id);
		break;
	}
	if (rc == DB_OK)
		rc = audit_add(db, 0, changes[which].audit, u.email, "cli",
		    NULL);
	if (rc != DB_OK || db_tx_commit(db) != DB_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "groundwork: could not change %s\n", u.email);
		return 1;
	}
	printf("%s: %s done\n", u.email, changes[which].name);
	return 0;
}

static int
print_user(const struct user *u, void *arg)
{
	(void)arg;
	printf("%-32s %-24s %-8s %-16s %s\n", u->email, u->name,
	    role_name(u->role), u->team_name[0] ? u->team_name : "-",
	    u->active ? "active" : "disabled");
	return 0;
}

int
cli_user(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "groundwork user: which? see 'groundwork user "
		                "--help'\n");
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct db *db = cli_open_db();
	if (db == NULL)
		return 1;
	int rc = 2;
	if (strcmp(argv[1], "add") == 0) {
		rc = user_add(db, argc - 2, argv + 2);
	} else if (strcmp(argv[1], "list") == 0) {
		rc = user_each(db, print_user, NULL) == DB_OK ? 0 : 1;
	} else {
		size_t i;
		for (i = 0; i < GW_ARRAY_LEN(changes); i++)
			if (strcmp(argv[1], changes[i].name) == 0)
				break;
		if (i < GW_ARRAY_LEN(changes))
			rc = user_change(db, i, argc - 2, argv + 2);
		else
			fprintf(stderr,
			    "groundwork user: unknown subcommand %s\n",
			    argv[1]);
	}
	db_close(db);
	return rc;
}

int
cli_seed(int argc, char **argv)
{
	/* 400: 40 for each of the ten demo reps (North, South, East). */
	long deals = 400, reps = 8, big_rep = 0;
	bool demo = false;
	for (int i = 1; i < argc; i++) {
		long *slot = NULL;
		if (strcmp(argv[i], "--demo") == 0) {
			demo = true;
			continue;
		}
		if (strcmp(argv[i], "--deals") == 0)
			slot = &deals;
		else if (strcmp(argv[i], "--reps") == 0)
			slot = &reps;
		else if (strcmp(argv[i], "--big-rep") == 0)
			slot = &big_rep;
		char *end = NULL;
		if (slot && i + 1 < argc)
			*slot = strtol(argv[++i], &end, 10);
		if (slot == NULL || end == NULL || *end || *slot < 0 ||
		    *slot > 100000000) {
			demo = false;
			break;
		}
	}
	if (!demo || reps < 8 || reps > 100000) {
		fprintf(stderr, "usage: groundwork seed --demo [--deals N] "
		                "[--reps R] [--big-rep B]   (R >= 8)\n");
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct db *db = cli_open_db();
	if (db == NULL)
		return 1;
	int rc = seed_demo(db, stdout, deals, reps, big_rep);
	db_close(db);
	return rc == 0 ? 0 : 1;
}
