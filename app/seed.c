/*
 * seed.c - the demo company, and the same generator at any size for
 * benchmarks.  Deterministic: a fixed pseudo-random sequence decides
 * every name, amount and stage history, so screenshots and tests are
 * stable (times are relative to now).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "config.h"
#include "date.h"
#include "pipeline.h"
#include "util.h"

#define DEMO_PASSWORD "groundwork-demo"
#define DAY 86400
#define HISTORY_DAYS 90
#define REPS_PER_TEAM 8

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

static const char *const company_first[] = { "Northwind", "Bluebird",
	"Granite", "Harbor", "Juniper", "Keystone", "Lakeside", "Maple",
	"Nimbus", "Orchard", "Pioneer", "Quarry", "Redwood", "Summit",
	"Tidewater", "Upland", "Vantage", "Willow", "Copper", "Evergreen" };
static const char *const company_second[] = { "Logistics", "Health",
	"Foods", "Analytics", "Dental", "Freight", "Energy", "Labs",
	"Insurance", "Robotics", "Hotels", "Builders", "Media", "Pharma",
	"Outfitters", "Software", "Clinics", "Farms" };
static const char *const first_names[] = { "Alex", "Bea", "Chris", "Dana",
	"Eli", "Fatima", "Gus", "Hana", "Ivan", "Jess", "Kai", "Luca", "Mira",
	"Noor", "Owen", "Priya", "Quinn", "Rosa", "Sven", "Tara" };
static const char *const last_names[] = { "Abbott", "Brandt", "Costa",
	"Dubois", "Evans", "Fujita", "Garcia", "Holm", "Iqbal", "Jensen",
	"Khan", "Larsen", "Meyer", "Novak", "Olsen", "Perez", "Rossi", "Silva" };
static const char *const titles[] = { "Fleet tracking pilot",
	"Annual licence", "Team rollout", "Expansion to second site",
	"Replacement of legacy tool", "Reporting add-on", "Starter plan",
	"Enterprise agreement" };
static const char *const sources[] = { "Inbound", "Outbound", "Referral",
	"Event", "Partner" };
static const char *const next_steps[] = { "Send discovery questions",
	"Book a call with the finance lead", "Share the case study",
	"Agree evaluation plan", "Review proposal together",
	"Confirm budget owner", "Send the mutual plan", "Demo for the team",
	"Follow up on security questions", "Walk through the pricing" };
static const char *const lost_reasons[] = { "No budget this year",
	"Chose a competitor", "No decision; went quiet",
	"Timing: project postponed", "Did not see enough value" };
static const char *const move_notes[] = { "",
	"Buyer confirmed the problem on the call", "",
	"Met the decision maker", "", "Pushed for a faster timeline", "" };

/* splitmix64: small, fast and the same everywhere. */
struct rng {
	uint64_t state;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_unit(r) * (double)n);
}

#define PICK(r, list) ((list)[rng_below((r), GW_ARRAY_LEN(list))])

struct people {
	int64_t *reps;       /* rep user ids */
	int64_t *rep_teams;  /* their team ids */
	size_t nreps;
};

static int
create_user(struct db *db, const char *email, const char *name,
    enum role role, int64_t team_id, const char *hash, int64_t *id)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	str_copy(u.email, sizeof(u.email), email);
	str_copy(u.name, sizeof(u.name), name);
	u.role = role;
	u.team_id = team_id;
	str_copy(u.password_hash, sizeof(u.password_hash), hash);
	int rc = user_create(db, &u);
	if (id)
		*id = u.id;
	return rc;
}

/* The named demo people, then generated reps in teams of eight (each
 * team with a manager) until there are nreps reps. */
static int
create_people(struct db *db, const char *hash, size_t nreps,
    struct people *p)
{
	p->reps = xcalloc(nreps, sizeof(*p->reps));
	p->rep_teams = xcalloc(nreps, sizeof(*p->rep_teams));
	p->nreps = 0;
	int64_t team_ids[GW_ARRAY_LEN(demo_teams)];
	int rc = DB_OK;
	for (size_t i = 0; i < GW_ARRAY_LEN(demo_teams) && rc == DB_OK; i++)
		rc = team_create(db, demo_teams[i], &team_ids[i]);
	for (size_t i = 0; i < GW_ARRAY_LEN(demo_users) && rc == DB_OK; i++) {
		int64_t team = demo_users[i].team >= 0
		                   ? team_ids[demo_users[i].team] : 0;
		int64_t id;
		rc = create_user(db, demo_users[i].email, demo_users[i].name,
		    demo_users[i].role, team, hash, &id);
		if (rc == DB_OK && demo_users[i].role == ROLE_REP &&
		    p->nreps < nreps) {
			p->reps[p->nreps] = id;
			p->rep_teams[p->nreps++] = team;
		}
	}
	int64_t team = 0;
	for (size_t k = 0; p->nreps < nreps && rc == DB_OK; k++) {
		char email[64], name[64];
		if (k % REPS_PER_TEAM == 0) {
			snprintf(name, sizeof(name), "Team %03zu", k / REPS_PER_TEAM + 1);
			rc = team_create(db, name, &team);
			snprintf(email, sizeof(email), "manager%03zu@example.com",
			    k / REPS_PER_TEAM + 1);
			snprintf(name, sizeof(name), "Manager %03zu",
			    k / REPS_PER_TEAM + 1);
			if (rc == DB_OK)
				rc = create_user(db, email, name, ROLE_MANAGER, team,
				    hash, NULL);
		}
		snprintf(email, sizeof(email), "rep%05zu@example.com", k + 1);
		snprintf(name, sizeof(name), "%s %s %zu",
		    first_names[k % GW_ARRAY_LEN(first_names)],
		    last_names[k % GW_ARRAY_LEN(last_names)], k + 1);
		int64_t id;
		if (rc == DB_OK)
			rc = create_user(db, email, name, ROLE_REP, team, hash, &id);
		if (rc == DB_OK) {
			p->reps[p->nreps] = id;
			p->rep_teams[p->nreps++] = team;
		}
	}
	return rc;
}

/* One history row of a generated deal, by stage rank. */
struct change {
	int from, to;                 /* ranks; from is 0 at creation */
	const char *from_status;      /* "open", "won", "lost" */
	const char *to_status;
	const char *note;
	int skipped;                  /* stages passed over */
	int64_t at;                   /* when */
};

/* Index of the active stage at rank (1-based), or -1. */
static int
stage_at_rank(const struct stage *s, int n, int rank)
{
	for (int i = 0; i < n; i++)
		if (s[i].active && pipeline_rank(s, n, &s[i]) == rank)
			return i;
	return -1;
}

/*
 * One deal and its history: it starts at a stage (mostly the first),
 * then at each visit's end advances, skips, slips back, is lost, or
 * stays put until now.  Returns a db_rc.
 */
static int
generate_deal(struct db *db, struct rng *r, const struct stage *stages,
    int nstages, int64_t owner, int64_t team, int64_t now)
{
	int last_rank = 0;
	for (int i = 0; i < nstages; i++)
		if (stages[i].active)
			last_rank++;
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	snprintf(d.company, sizeof(d.company), "%s %s", PICK(r, company_first),
	    PICK(r, company_second));
	snprintf(d.contact, sizeof(d.contact), "%s %s", PICK(r, first_names),
	    PICK(r, last_names));
	str_copy(d.title, sizeof(d.title), PICK(r, titles));
	str_copy(d.source, sizeof(d.source), PICK(r, sources));
	str_copy(d.currency, sizeof(d.currency), cfg.currency);
	d.has_amount = rng_unit(r) < 0.85;
	if (d.has_amount) /* log-uniform 2,000 .. 250,000, whole hundreds */
		d.amount = (int64_t)(exp(log(2000.0) + rng_unit(r) *
		                                           (log(250000.0) - log(2000.0))) /
		               100) * 10000;

	double u = rng_unit(r);
	int rank = u < 0.70 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
	if (rank > last_rank)
		rank = last_rank;
	int64_t t = now - (int64_t)(rng_unit(r) * HISTORY_DAYS * DAY);
	d.created_at = t;
	d.first_stage_id = stages[stage_at_rank(stages, nstages, rank)].id;
	d.late_entry = rank >= LATE_ENTRY_RANK;

	/* Simulate the visits, keeping the history to insert after. */
	struct change hist[32];
	int nh = 0;
	hist[nh++] = (struct change){ 0, rank, "open", "open", "", 0, t };
	d.status = DEAL_OPEN;
	while (nh < 30) {
		const struct stage *st =
		    &stages[stage_at_rank(stages, nstages, rank)];
		int64_t dwell = (int64_t)(st->target_days * DAY *
		                          (0.15 + 1.1 * rng_unit(r)));
		if (t + dwell > now)
			break;
		t += dwell;
		double p = rng_unit(r);
		if (rank == last_rank) {
			if (p < 0.25)
				break; /* still waiting for the signature */
			d.status = p < 0.80 ? DEAL_WON : DEAL_LOST;
		} else if (p < 0.60) {
			hist[nh++] = (struct change){ rank, rank + 1, "open", "open",
				PICK(r, move_notes), 0, t };
			rank++;
			continue;
		} else if (p < 0.66 && rank + 2 <= last_rank) {
			hist[nh++] = (struct change){ rank, rank + 2, "open", "open",
				"", 1, t };
			rank += 2;
			continue;
		} else if (p < 0.73 && rank > 1) {
			hist[nh++] = (struct change){ rank, rank - 1, "open", "open",
				"Buyer asked to revisit the problem", 0, t };
			rank--;
			continue;
		} else if (p < 0.86) {
			d.status = DEAL_LOST;
		} else {
			t -= dwell; /* stays in this stage until now */
			break;
		}
		/* closed */
		if (d.status == DEAL_LOST)
			str_copy(d.lost_reason, sizeof(d.lost_reason),
			    PICK(r, lost_reasons));
		hist[nh++] = (struct change){ rank, rank, "open",
			deal_status_name(d.status), d.lost_reason, 0, t };
		d.closed_at = t;
		break;
	}
	d.stage_id = stages[stage_at_rank(stages, nstages, rank)].id;
	d.stage_entered_at = hist[nh - 1].at;
	for (int i = nh - 1; i >= 0; i--) {
		if (hist[i].from != hist[i].to || hist[i].from == 0) {
			d.stage_entered_at = hist[i].at;
			break;
		}
	}
	d.updated_at = d.last_activity_at = t;
	if (d.status == DEAL_OPEN) {
		/* Some deals go quiet; most were touched recently. */
		if (rng_unit(r) < 0.7)
			d.last_activity_at = t + (int64_t)(rng_unit(r) *
			                                   (double)(now - t));
		d.updated_at = d.last_activity_at;
		if (rng_unit(r) < 0.8) {
			str_copy(d.next_step, sizeof(d.next_step),
			    PICK(r, next_steps));
			date_of(now + ((int64_t)rng_below(r, 32) - 10) * DAY,
			    d.next_step_due);
		}
		date_of(now + (int64_t)(15 + rng_below(r, 90)) * DAY,
		    d.expected_close);
	}
	int rc = deal_import(db, &d);
	for (int i = 0; i < nh && rc == DB_OK; i++) {
		int64_t from = hist[i].from
		    ? stages[stage_at_rank(stages, nstages, hist[i].from)].id : 0;
		int64_t to = stages[stage_at_rank(stages, nstages, hist[i].to)].id;
		rc = stage_change_import(db, d.id, from, to, hist[i].from_status,
		    hist[i].to_status, owner, hist[i].note, hist[i].skipped, "", 0,
		    hist[i].at);
	}
	return rc;
}

int
seed_demo(struct db *db, FILE *out, long deals, long reps)
{
	struct user existing;
	if (user_get_by_email(db, demo_users[0].email, &existing) == DB_OK) {
		fprintf(out, "groundwork: demo data is already loaded\n");
		return 0;
	}
	struct stage stages[STAGES_MAX];
	int nstages = stage_list(db, stages, STAGES_MAX);
	if (nstages <= 0 || pipeline_first(stages, nstages) == NULL) {
		fprintf(stderr, "groundwork: no active stages to seed\n");
		return -1;
	}
	/* One hash serves every demo account; each costs ~0.1 s. */
	char hash[crypto_pwhash_STRBYTES];
	if (auth_hash_password(DEMO_PASSWORD, hash) != 0)
		return -1;
	if (db_tx_begin(db) != DB_OK)
		return -1;
	struct people p;
	int rc = create_people(db, hash, (size_t)reps, &p);
	struct rng r = { 20261126 };
	int64_t now = now_seconds();
	for (long i = 0; i < deals && rc == DB_OK; i++) {
		size_t k = (size_t)i % p.nreps;
		rc = generate_deal(db, &r, stages, nstages, p.reps[k],
		    p.rep_teams[k], now);
	}
	if (rc == DB_OK)
		rc = audit_add(db, 0, "seed-demo", NULL, NULL, NULL);
	free(p.reps);
	free(p.rep_teams);
	if (rc != DB_OK || db_tx_commit(db) != DB_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "groundwork: loading demo data failed\n");
		return -1;
	}
	db_checkpoint(db);
	fprintf(out, "groundwork: demo data loaded: %ld reps, %ld deals\n", reps,
	    deals);
	return 0;
}
