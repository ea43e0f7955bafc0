/*
 * seed.c - the demo company.  Deterministic: the same people, teams
 * and roles every time, so screenshots and tests are stable.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "util.h"

#define DEMO_PASSWORD "groundwork-demo"

static const char *const demo_teams[] = { "North", "South" };

static const struct {
	const char *email;   /* sign-in */
	const char *name;    /* display name */
	enum role role;      /* what they do */
	int team;            /* index into demo_teams, or -1 */
} demo_users[] = {
	{ "admin@example.com", "Avery Admin", ROLE_ADMIN, -1 },
	{ "maria@example.com", "Maria Santos", ROLE_MANAGER, 0 },
	{ "sam@example.com", "Sam Okafor", ROLE_MANAGER, 1 },
	{ "ravi@example.com", "Ravi Patel", ROLE_REP, 0 },
	{ "lena@example.com", "Lena Fischer", ROLE_REP, 0 },
	{ "tom@example.com", "Tom Nguyen", ROLE_REP, 0 },
	{ "ines@example.com", "Inès Moreau", ROLE_REP, 0 },
	{ "kofi@example.com", "Kofi Mensah", ROLE_REP, 1 },
	{ "julia@example.com", "Julia Kowalski", ROLE_REP, 1 },
	{ "diego@example.com", "Diego Alvarez", ROLE_REP, 1 },
	{ "mei@example.com", "Mei Chen", ROLE_REP, 1 },
};

int
seed_demo(struct db *db, FILE *out)
{
	struct user existing;
	if (user_get_by_email(db, demo_users[0].email, &existing) == DB_OK) {
		fprintf(out, "groundwork: demo data is already loaded\n");
		return 0;
	}
	/* One hash serves every demo account; each costs ~0.1 s. */
	char hash[crypto_pwhash_STRBYTES];
	if (auth_hash_password(DEMO_PASSWORD, hash) != 0)
		return -1;
	if (db_tx_begin(db) != DB_OK)
		return -1;
	int64_t team_ids[GW_ARRAY_LEN(demo_teams)];
	int rc = DB_OK;
	for (size_t i = 0; i < GW_ARRAY_LEN(demo_teams) && rc == DB_OK; i++)
		rc = team_create(db, demo_teams[i], &team_ids[i]);
	for (size_t i = 0; i < GW_ARRAY_LEN(demo_users) && rc == DB_OK; i++) {
		struct user u;
		memset(&u, 0, sizeof(u));
		str_copy(u.email, sizeof(u.email), demo_users[i].email);
		str_copy(u.name, sizeof(u.name), demo_users[i].name);
		u.role = demo_users[i].role;
		u.team_id = demo_users[i].team >= 0
		                ? team_ids[demo_users[i].team] : 0;
		memcpy(u.password_hash, hash, sizeof(hash));
		rc = user_create(db, &u);
	}
	if (rc == DB_OK)
		rc = audit_add(db, 0, "seed-demo", NULL, NULL, NULL);
	if (rc != DB_OK || db_tx_commit(db) != DB_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "groundwork: loading demo data failed\n");
		return -1;
	}
	fprintf(out, "groundwork: demo data loaded: %zu users in %zu teams\n",
	    GW_ARRAY_LEN(demo_users), GW_ARRAY_LEN(demo_teams));
	return 0;
}
