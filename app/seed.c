/*
 * seed.c - the demo company, and the same generator at any size for
 * benchmarks.  Deterministic: a fixed pseudo-random sequence decides
 * every name, amount and stage history, so screenshots and tests are
 * stable (times are relative to now).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "db.h"
#include "db_account.h"
#include "db_coach.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "seed.h"
#include "config.h"
#include "date.h"
#include "pipeline.h"
#include "seed_aids.h"
#include "util.h"

#define DEMO_PASSWORD "groundwork-demo"
#define DAY 86400
#define HISTORY_DAYS 90 /* the shortest history the generator writes */
/* New deals per rep per week.  A larger data set is a longer history at
 * this pace, not a busier week: 1M deals over 320 reps is ~19 years. */
#define INFLOW_PER_REP_WEEK 3.2
/* A deal left in one stage this long with no move is closed as lost at
 * a pipeline review, as a team that reviews its pipeline would.  Longer
 * than the demo's 90 days, so the demo never meets it. */
#define REVIEW_DAYS 120
#define REPS_PER_TEAM 8

static const char *const demo_teams[] = { "North", "South", "East" };
#define EAST 2 /* the team whose manager barely coaches */

static const struct {
	const char *email; /* sign-in */
	const char *name;  /* display name */
	enum role role;    /* what they do */
	int team;          /* index into demo_teams, or -1 */
} demo_users[] = {
	{ "admin@example.com", "Avery Admin", ROLE_ADMIN, -1 },
	{ "vp@example.com", "Victoria Park", ROLE_DIRECTOR, -1 },
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
	/* East comes last, and its deals after everyone else's, so North
	 * and South draw exactly the data they drew before it existed. */
	{ "priya@example.com", "Priya Shah", ROLE_MANAGER, EAST },
	{ "omar@example.com", "Omar Haddad", ROLE_REP, EAST },
	{ "zoe@example.com", "Zoe Brooks", ROLE_REP, EAST },
};

static const char *const company_first[] = { "Northwind", "Bluebird", "Granite",
	"Harbor", "Juniper", "Keystone", "Lakeside", "Maple", "Nimbus",
	"Orchard", "Pioneer", "Quarry", "Redwood", "Summit", "Tidewater",
	"Upland", "Vantage", "Willow", "Copper", "Evergreen" };
static const char *const company_second[] = { "Logistics", "Health", "Foods",
	"Analytics", "Dental", "Freight", "Energy", "Labs", "Insurance",
	"Robotics", "Hotels", "Builders", "Media", "Pharma", "Outfitters",
	"Software", "Clinics", "Farms" };
static const char *const first_names[] = { "Alex", "Bea", "Chris", "Dana",
	"Eli", "Fatima", "Gus", "Hana", "Ivan", "Jess", "Kai", "Luca", "Mira",
	"Noor", "Owen", "Priya", "Quinn", "Rosa", "Sven", "Tara" };
static const char *const last_names[] = { "Abbott", "Brandt", "Costa", "Dubois",
	"Evans", "Fujita", "Garcia", "Holm", "Iqbal", "Jensen", "Khan",
	"Larsen", "Meyer", "Novak", "Olsen", "Perez", "Rossi", "Silva" };
static const char *const titles[] = { "Fleet tracking pilot", "Annual licence",
	"Team rollout", "Expansion to second site",
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
	"Buyer confirmed the problem on the call", "", "Met the decision maker",
	"", "Pushed for a faster timeline", "" };

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
	int64_t *reps;         /* rep user ids */
	int64_t *rep_teams;    /* their team ids */
	int64_t *rep_managers; /* their team's manager */
	size_t nreps;
	int64_t demo_teams[GW_ARRAY_LEN(demo_teams)]; /* North, South, East */
	int64_t demo_managers[GW_ARRAY_LEN(demo_teams)]; /* Maria, Sam, Priya */
	int64_t east_reps[2];                            /* Omar, Zoe */
	int neast;
};

static int
create_user(struct db *db, const char *email, const char *name, enum role role,
    int64_t team_id, const char *hash, int64_t *id)
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
create_people(struct db *db, const char *hash, size_t nreps, struct people *p)
{
	p->reps = xcalloc(nreps, sizeof(*p->reps));
	p->rep_teams = xcalloc(nreps, sizeof(*p->rep_teams));
	p->rep_managers = xcalloc(nreps, sizeof(*p->rep_managers));
	p->nreps = 0;
	int64_t *team_ids = p->demo_teams;
	int rc = DB_OK;
	for (size_t i = 0; i < GW_ARRAY_LEN(demo_teams) && rc == DB_OK; i++)
		rc = team_create(db, demo_teams[i], &team_ids[i]);
	for (size_t i = 0; i < GW_ARRAY_LEN(demo_users) && rc == DB_OK; i++) {
		int64_t team = demo_users[i].team >= 0
		                   ? team_ids[demo_users[i].team]
		                   : 0;
		int64_t id;
		rc = create_user(db, demo_users[i].email, demo_users[i].name,
		    demo_users[i].role, team, hash, &id);
		if (rc == DB_OK && demo_users[i].role == ROLE_MANAGER)
			p->demo_managers[demo_users[i].team] = id;
		if (rc == DB_OK && demo_users[i].role == ROLE_REP &&
		    demo_users[i].team == EAST && p->neast < 2)
			p->east_reps[p->neast++] = id;
		else if (rc == DB_OK && demo_users[i].role == ROLE_REP &&
		         p->nreps < nreps) {
			p->reps[p->nreps] = id;
			p->rep_managers[p->nreps] =
			    p->demo_managers[demo_users[i].team];
			p->rep_teams[p->nreps++] = team;
		}
	}
	int64_t team = 0, manager = 0;
	for (size_t k = 0; p->nreps < nreps && rc == DB_OK; k++) {
		char email[64], name[64];
		if (k % REPS_PER_TEAM == 0) {
			snprintf(name, sizeof(name), "Team %03zu",
			    k / REPS_PER_TEAM + 1);
			rc = team_create(db, name, &team);
			snprintf(email, sizeof(email),
			    "manager%03zu@example.com", k / REPS_PER_TEAM + 1);
			snprintf(name, sizeof(name), "Manager %03zu",
			    k / REPS_PER_TEAM + 1);
			if (rc == DB_OK)
				rc = create_user(db, email, name, ROLE_MANAGER,
				    team, hash, &manager);
		}
		snprintf(email, sizeof(email), "rep%05zu@example.com", k + 1);
		snprintf(name, sizeof(name), "%s %s %zu",
		    first_names[k % GW_ARRAY_LEN(first_names)],
		    last_names[k % GW_ARRAY_LEN(last_names)], k + 1);
		int64_t id;
		if (rc == DB_OK)
			rc = create_user(db, email, name, ROLE_REP, team, hash,
			    &id);
		if (rc == DB_OK) {
			p->reps[p->nreps] = id;
			p->rep_managers[p->nreps] = manager;
			p->rep_teams[p->nreps++] = team;
		}
	}
	return rc;
}

#define MAX_PER_STAGE 8 /* criteria or aids per stage the generator uses */
#define MAX_RANKS 8

/* One history row of a generated deal, by stage rank. */
struct change {
	int from, to;            /* ranks; from is 0 at creation */
	const char *from_status; /* "open", "won", "lost" */
	const char *to_status;
	const char *note;
	int skipped;          /* stages passed over */
	char skipped_ids[64]; /* criteria left unticked, "3,4" */
	int skipped_count;
	int64_t at;      /* when */
	bool by_manager; /* recorded by the rep's manager */
};

/* A tick or a job-aid use, waiting for the deal's id. */
struct activity {
	bool is_use;
	int64_t id; /* criterion or aid */
	int64_t stage_id;
	enum aid_outcome outcome;
	int64_t at;
};

/* What the generator knows: the stages by rank, with their criteria
 * and job-aids. */
struct gen {
	struct rng rng;
	int64_t now;
	int64_t history_days;                       /* span of created_at */
	int ranks;                                  /* active stages */
	const struct stage *by_rank[MAX_RANKS + 1]; /* 1-based */
	int64_t criteria[MAX_RANKS + 1][MAX_PER_STAGE];
	int ncriteria[MAX_RANKS + 1];
	int64_t aids[MAX_RANKS + 1][MAX_PER_STAGE];
	int naids[MAX_RANKS + 1];
	/* Deals of the named demo reps and their history, for coaching
	 * sessions. */
	struct demo_deal {
		int64_t id, rep;
		int n;          /* history rows */
		int64_t at[32]; /* when each row happened */
		int rank[32];   /* the stage it went to */
		bool open[32];  /* and whether the deal stayed open */
	} demo[1024];
	int ndemo;
};

static int
gen_init(struct db *db, struct gen *g, const struct stage *stages, int nstages)
{
	memset(g, 0, sizeof(*g));
	g->rng.state = 20261126;
	g->now = now_seconds();
	for (int i = 0; i < nstages; i++) {
		int rank = pipeline_rank(stages, nstages, &stages[i]);
		if (rank >= 1 && rank <= MAX_RANKS) {
			g->by_rank[rank] = &stages[i];
			if (rank > g->ranks)
				g->ranks = rank;
		}
	}
	struct criterion cr[CRITERIA_MAX];
	int n = criteria_list(db, 0, cr, CRITERIA_MAX);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		for (int rank = 1; rank <= g->ranks; rank++) {
			if (g->by_rank[rank]->id == cr[i].stage_id &&
			    cr[i].active && g->ncriteria[rank] < MAX_PER_STAGE)
				g->criteria[rank]
				           [g->ncriteria[rank]++] = cr[i].id;
		}
	}
	return 0;
}

/* The starter library, each aid at the stage of its default rank. */
static int
create_aids(struct db *db, struct gen *g)
{
	struct job_aid *a = xcalloc(1, sizeof(*a));
	int rc = DB_OK;
	for (int i = 0; i < starter_aid_count && rc == DB_OK; i++) {
		int rank = starter_aids[i].stage_position;
		if (rank > g->ranks)
			continue;
		memset(a, 0, sizeof(*a));
		a->stage_id = g->by_rank[rank]->id;
		a->kind = starter_aids[i].kind;
		a->active = true;
		str_copy(a->title, sizeof(a->title), starter_aids[i].title);
		str_copy(a->body, sizeof(a->body), starter_aids[i].body);
		rc = aid_create(db, a, g->now - g->history_days * DAY);
		if (rc == DB_OK && g->naids[rank] < MAX_PER_STAGE)
			g->aids[rank][g->naids[rank]++] = a->id;
	}
	free(a);
	return rc;
}

/* A deal's history as generate_deal() draws it, before the deal has
 * an id. */
struct history {
	struct change hist[32]; /* its stage changes, oldest first */
	int nh;
	struct activity act[96]; /* its ticks and job-aid uses */
	int na;
	uint32_t ticked[MAX_RANKS + 1]; /* criteria ticked, bits per rank */
};

/* Who the deal is with and what it is worth: names from the lists, an
 * amount for most. */
static void
draw_deal_facts(struct gen *g, struct deal *d)
{
	struct rng *r = &g->rng;
	snprintf(d->company, sizeof(d->company), "%s %s",
	    PICK(r, company_first), PICK(r, company_second));
	snprintf(d->contact, sizeof(d->contact), "%s %s", PICK(r, first_names),
	    PICK(r, last_names));
	str_copy(d->title, sizeof(d->title), PICK(r, titles));
	str_copy(d->source, sizeof(d->source), PICK(r, sources));
	str_copy(d->currency, sizeof(d->currency), cfg.currency);
	d->has_amount = rng_unit(r) < 0.85;
	if (d->has_amount) /* log-uniform 2,000 .. 250,000, whole hundreds */
		d->amount = (int64_t)(exp(log(2000.0) +
		                          rng_unit(r) *
		                              (log(250000.0) - log(2000.0))) /
		                      100) *
		            10000;
}

/* What the rep does during a visit to stage st (rank) from t to until:
 * maybe uses one of its job-aids (use), and ticks criteria, most
 * before leaving (ends), fewer while the visit is still going. */
static void
draw_visit(struct gen *g, struct history *h, int rank, const struct stage *st,
    bool use, bool ends, int64_t t, int64_t until)
{
	struct rng *r = &g->rng;
	if (use && h->na < 90) {
		double o = rng_unit(r);
		h->act[h->na++] = (struct activity){ true,
			g->aids[rank][rng_below(r, (size_t)g->naids[rank])],
			st->id,
			o < 0.65  ? AID_HELPED
			: o < 0.9 ? AID_NEUTRAL
			          : AID_NOT_HELPED,
			t + (int64_t)(rng_unit(r) * (double)(until - t)) };
	}
	double tick_p = ends ? (use ? 0.9 : 0.75) : 0.4;
	for (int k = 0; k < g->ncriteria[rank] && h->na < 90; k++) {
		if ((h->ticked[rank] >> k & 1) || rng_unit(r) >= tick_p)
			continue;
		h->ticked[rank] |= 1u << k;
		h->act[h->na++] = (struct activity){ false,
			g->criteria[rank][k], st->id, AID_HELPED,
			t + (int64_t)(rng_unit(r) * (double)(until - t)) };
	}
}

enum visit_end {
	VISIT_LEAVES, /* a move in c, or a close in the deal's status */
	VISIT_WAITS,  /* in the last stage, still waiting for the signature */
	VISIT_STAYS,  /* stays in the stage until now */
};

/* How a visit at rank ends: advances, skips a stage, slips back, is
 * won or lost; or no change at all.  A move goes into c, a close into
 * d->status. */
static enum visit_end
draw_visit_end(struct gen *g, int rank, bool use, struct deal *d,
    struct change *c)
{
	struct rng *r = &g->rng;
	double p = rng_unit(r) - (use ? 0.15 : 0.0);
	if (rank == g->ranks) {
		if (p < 0.2)
			return VISIT_WAITS;
		d->status = p < 0.80 ? DEAL_WON : DEAL_LOST;
	} else if (p < 0.60) {
		c->to = rank + 1;
		c->note = PICK(r, move_notes);
	} else if (p < 0.66 && rank + 2 <= g->ranks) {
		c->to = rank + 2;
		c->skipped = 1;
	} else if (p < 0.73 && rank > 1) {
		c->to = rank - 1;
		c->note = "Buyer asked to revisit the problem";
	} else if (p < 0.86) {
		d->status = DEAL_LOST;
	} else {
		return VISIT_STAYS;
	}
	return VISIT_LEAVES;
}

/* Leaving rank forward (or winning) with criteria unticked skips them:
 * their ids into c. */
static void
note_skipped_criteria(const struct gen *g, const struct history *h, int rank,
    struct change *c)
{
	for (int k = 0; k < g->ncriteria[rank]; k++) {
		if (h->ticked[rank] >> k & 1)
			continue;
		size_t len = strlen(c->skipped_ids);
		snprintf(c->skipped_ids + len, sizeof(c->skipped_ids) - len,
		    "%s%lld", len ? "," : "", (long long)g->criteria[rank][k]);
		c->skipped_count++;
	}
}

/*
 * Draw the deal's visits from t, the time it was logged at rank, into
 * h: each visit's activity, then how it ends, until it is closed or
 * stays in a stage until now.  Sets d's status (and lost reason and
 * closing time); returns the rank it is in, and the time of its last
 * change in *last.
 */
static int
draw_visits(struct gen *g, struct history *h, struct deal *d, int rank,
    int64_t t, double super_share, int64_t *last)
{
	struct rng *r = &g->rng;
	for (;;) {
		const struct stage *st = g->by_rank[rank];
		bool use = g->naids[rank] > 0 && rng_unit(r) < 0.40;
		double speed = use ? 0.8 : 1.0;
		int64_t dwell = (int64_t)(st->target_days * DAY * speed *
		                          (0.15 + 1.1 * rng_unit(r)));
		bool ends = t + dwell <= g->now && h->nh < 30;
		draw_visit(g, h, rank, st, use, ends, t,
		    ends ? t + dwell : g->now);
		if (!ends)
			break;
		t += dwell;
		struct change c = { rank, rank, "open", "open", "", 0, "", 0, t,
			false };
		enum visit_end end = draw_visit_end(g, rank, use, d, &c);
		if (end == VISIT_WAITS)
			break;
		if (end == VISIT_STAYS) {
			t -= dwell;
			break;
		}
		if (c.to > rank || d->status == DEAL_WON)
			note_skipped_criteria(g, h, rank, &c);
		/* A manager who rides in late records some late moves and wins
		 * themselves: the super-rep index. */
		if (((c.to > rank && c.to >= 4) || d->status == DEAL_WON) &&
		    rng_unit(r) < super_share)
			c.by_manager = true;
		if (d->status != DEAL_OPEN) {
			if (d->status == DEAL_LOST)
				str_copy(d->lost_reason, sizeof(d->lost_reason),
				    PICK(r, lost_reasons));
			c.to_status = deal_status_name(d->status);
			c.note = d->lost_reason;
			h->hist[h->nh++] = c;
			d->closed_at = t;
			break;
		}
		h->hist[h->nh++] = c;
		rank = c.to;
	}
	*last = t;
	return rank;
}

/* When the deal's current visit began: its last change of stage, or its
 * creation. */
static int64_t
visit_start(const struct history *h)
{
	for (int i = h->nh - 1; i >= 0; i--)
		if (h->hist[i].from != h->hist[i].to || h->hist[i].from == 0)
			return h->hist[i].at;
	return h->hist[0].at;
}

/* An open deal's last activity (most were touched recently), its next
 * step (as the form asks, due the day it was set or later; it may have
 * fallen due since) and its expected close.  t is its last change. */
static void
draw_open_deal(struct gen *g, struct deal *d, int64_t t)
{
	struct rng *r = &g->rng;
	int64_t now = g->now;
	if (rng_unit(r) < 0.7)
		d->last_activity_at = t + (int64_t)(rng_unit(r) *
		                                    (double)(now - t));
	d->updated_at = d->last_activity_at;
	if (rng_unit(r) < 0.8) {
		str_copy(d->next_step, sizeof(d->next_step),
		    PICK(r, next_steps));
		date_of(now + ((int64_t)rng_below(r, 32) - 10) * DAY,
		    d->next_step_due);
		char set_on[DATE_SIZE];
		date_of(d->last_activity_at, set_on);
		if (strcmp(d->next_step_due, set_on) < 0)
			str_copy(d->next_step_due, sizeof(d->next_step_due),
			    set_on);
	}
	date_of(now + (int64_t)(15 + rng_below(r, 90)) * DAY,
	    d->expected_close);
}

/* Write d and its history h; a demo rep's deal is remembered for the
 * coaching sessions.  Changes are recorded by the rep, or by manager
 * where the history says so.  Returns a db_rc. */
static int
import_deal(struct db *db, struct gen *g, struct deal *d,
    const struct history *h, int64_t manager, bool demo_rep)
{
	int rc = deal_import(db, d);
	if (rc == DB_OK && demo_rep && g->ndemo < (int)GW_ARRAY_LEN(g->demo)) {
		struct demo_deal *dd = &g->demo[g->ndemo++];
		dd->id = d->id;
		dd->rep = d->owner_id;
		dd->n = h->nh;
		for (int i = 0; i < h->nh; i++) {
			dd->at[i] = h->hist[i].at;
			dd->rank[i] = h->hist[i].to;
			dd->open[i] = strcmp(h->hist[i].to_status, "open") == 0;
		}
	}
	for (int i = 0; i < h->nh && rc == DB_OK; i++) {
		const struct change *c = &h->hist[i];
		int64_t from = c->from ? g->by_rank[c->from]->id : 0;
		rc = stage_change_import(db, d->id, from, g->by_rank[c->to]->id,
		    c->from_status, c->to_status,
		    c->by_manager && manager ? manager : d->owner_id, c->note,
		    c->skipped, c->skipped_ids, c->skipped_count, c->at);
	}
	for (int i = 0; i < h->na && rc == DB_OK; i++) {
		const struct activity *a = &h->act[i];
		if (a->is_use)
			rc = aid_use_import(db, d->id, a->id, d->owner_id,
			    a->stage_id, a->outcome, "", a->at);
		else
			rc = deal_tick_import(db, d->id, a->id, d->owner_id, "",
			    a->at);
	}
	return rc;
}

/*
 * One deal and its history: it starts at a stage (mostly the first),
 * then at each visit's end advances, skips, slips back, is lost, or
 * stays put until now.  During a visit the rep may use one of the
 * stage's job-aids (which makes advancing more likely, so the
 * effectiveness page has something to show) and ticks most of the
 * stage's exit criteria before moving on; the rest are recorded as
 * skipped.  Returns a db_rc.
 */
static int
generate_deal(struct db *db, struct gen *g, int64_t owner, int64_t team,
    int64_t manager, double super_share, bool demo_rep)
{
	struct rng *r = &g->rng;
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	draw_deal_facts(g, &d);

	double u = rng_unit(r);
	int rank = u < 0.70 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
	if (rank > g->ranks)
		rank = g->ranks;
	int64_t t = g->now -
	            (int64_t)(rng_unit(r) * (double)g->history_days * DAY);
	d.created_at = t;
	d.first_stage_id = g->by_rank[rank]->id;
	d.late_entry = rank >= LATE_ENTRY_RANK;

	struct history h;
	memset(&h, 0, sizeof(h));
	h.hist[h.nh++] = (struct change){ 0, rank, "open", "open", "", 0, "", 0,
		t, false };
	d.status = DEAL_OPEN;
	rank = draw_visits(g, &h, &d, rank, t, super_share, &t);
	d.stage_id = g->by_rank[rank]->id;
	d.stage_entered_at = visit_start(&h);
	/* Parked too long: closed as lost at a pipeline review.  Tested
	 * before any draw, so shorter histories keep their exact data. */
	if (d.status == DEAL_OPEN &&
	    g->now - d.stage_entered_at > REVIEW_DAYS * DAY) {
		t = d.stage_entered_at +
		    (int64_t)((0.5 + 0.5 * rng_unit(r)) * REVIEW_DAYS * DAY);
		d.status = DEAL_LOST;
		str_copy(d.lost_reason, sizeof(d.lost_reason),
		    "Went quiet; closed at the pipeline review");
		d.closed_at = t;
		h.hist[h.nh++] = (struct change){ rank, rank, "open", "lost",
			d.lost_reason, 0, "", 0, t, false };
	}
	d.updated_at = d.last_activity_at = t;
	if (d.status == DEAL_OPEN)
		draw_open_deal(g, &d, t);
	return import_deal(db, g, &d, &h, manager, demo_rep);
}

/*
 * An open deal logged in the last 60 days straight into an early or
 * middle stage and left there: the benchmark's rep who holds thousands
 * of open deals (--big-rep).
 */
static int
generate_open_deal(struct db *db, struct gen *g, int64_t owner, int64_t team,
    int64_t manager)
{
	struct rng *r = &g->rng;
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = owner;
	d.team_id = team;
	draw_deal_facts(g, &d);
	int rank = 1 + (int)(rng_unit(r) * 3);
	if (rank > g->ranks)
		rank = g->ranks;
	int64_t t = g->now - (int64_t)(rng_unit(r) * 60 * DAY);
	d.created_at = d.stage_entered_at = d.updated_at = t;
	d.last_activity_at = t;
	d.first_stage_id = d.stage_id = g->by_rank[rank]->id;
	d.late_entry = rank >= LATE_ENTRY_RANK;
	d.status = DEAL_OPEN;
	struct history h;
	memset(&h, 0, sizeof(h));
	h.hist[h.nh++] = (struct change){ 0, rank, "open", "open", "", 0, "", 0,
		t, false };
	draw_open_deal(g, &d, t);
	return import_deal(db, g, &d, &h, manager, false);
}

/* The rank of the stage dd was open in at time t; 0 before it was
 * logged or once it was closed. */
static int
demo_rank_at(const struct demo_deal *dd, int64_t t)
{
	for (int i = dd->n - 1; i >= 0; i--)
		if (dd->at[i] <= t)
			return dd->open[i] ? dd->rank[i] : 0;
	return 0;
}

static const char *const session_notes[] = {
	"Walked through the discovery questions before the call",
	"Role-played the cost-of-problem conversation",
	"Reviewed the stakeholder map; the CFO is missing",
	"Joined the call; the buyer agreed the next step",
	"Went over the proposal line by line",
	"Talked about which deals to log earlier",
};

/*
 * Twelve weeks of coaching sessions for each demo manager.  North's
 * Maria starts late-heavy and shifts toward early-stage deals week by
 * week; South's Sam stays where he is.  A session is tied to a deal
 * that was open at the time, and stamped with the stage it was in then,
 * as when a manager logs one.
 */
static int
create_sessions(struct db *db, struct gen *g, const struct people *p)
{
	struct rng *r = &g->rng;
	int *candidates = xcalloc(GW_ARRAY_LEN(g->demo), sizeof(*candidates));
	int rc = DB_OK;
	for (size_t t = 0; t < EAST && rc == DB_OK; t++) {
		for (int w = 0; w < 12 && rc == DB_OK; w++) {
			double early_share = t == 0 ? 0.15 + 0.06 * w : 0.3;
			int sessions = 3 + (int)rng_below(r, 3);
			for (int k = 0; k < sessions && rc == DB_OK; k++) {
				int64_t at = g->now -
				             (int64_t)(11 - w) * 7 * DAY -
				             (int64_t)(rng_unit(r) * 6 * DAY);
				bool want_early = rng_unit(r) < early_share;
				bool untied = rng_unit(r) < 0.15;
				/* A deal of this team, open then in a stage of the
				 * wanted family. */
				int pick = -1, pick_rank = 0, n = 0;
				for (int i = 0; i < g->ndemo && !untied; i++) {
					size_t rep_index = 0;
					for (size_t q = 0;
					     q < p->nreps && q < 8; q++)
						if (p->reps[q] ==
						    g->demo[i].rep)
							rep_index = q;
					int rank = demo_rank_at(&g->demo[i],
					    at);
					if (p->rep_teams[rep_index] ==
					        p->demo_teams[t] &&
					    rank > 0 &&
					    g->by_rank[rank]->early ==
					        want_early)
						candidates[n++] = i;
				}
				if (n > 0) {
					pick = candidates[rng_below(r,
					    (size_t)n)];
					pick_rank = demo_rank_at(&g->demo[pick],
					    at);
				}
				int64_t rep = 0;
				for (size_t q = 0;
				     q < p->nreps && q < 8 && rep == 0; q++) {
					size_t at_rep = (q + (size_t)w +
					                    (size_t)k) %
					                8;
					if (p->rep_teams[at_rep] ==
					    p->demo_teams[t])
						rep = p->reps[at_rep];
				}
				if (pick >= 0)
					rep = g->demo[pick].rep;
				int minutes = 15 + 5 * (int)rng_below(r, 10);
				rc = coaching_session_import(db,
				    p->demo_teams[t], p->demo_managers[t], rep,
				    pick >= 0 ? g->demo[pick].id : 0,
				    pick >= 0 ? g->by_rank[pick_rank]->id : 0,
				    pick >= 0 && g->by_rank[pick_rank]->early,
				    minutes,
				    (enum session_kind)rng_below(r, SK__MAX),
				    PICK(r, session_notes), at);
			}
		}
	}
	free(candidates);
	return rc;
}

/*
 * East: two reps with as many deals each as any other rep, and a
 * manager who barely coaches (two short sessions in twelve weeks, on no
 * particular deal): the third story /org tells.
 */
static int
create_east(struct db *db, struct gen *g, const struct people *p, long per_rep)
{
	int rc = DB_OK;
	for (long i = 0; i < per_rep * p->neast && rc == DB_OK; i++)
		rc = generate_deal(db, g, p->east_reps[i % p->neast],
		    p->demo_teams[EAST], p->demo_managers[EAST], 0.2, false);
	for (int k = 0; k < 2 && rc == DB_OK && p->neast > 0; k++)
		rc = coaching_session_import(db, p->demo_teams[EAST],
		    p->demo_managers[EAST], p->east_reps[k % p->neast], 0, 0,
		    false, 15, SK_DEAL_REVIEW, PICK(&g->rng, session_notes),
		    g->now - (int64_t)(9 - 6 * k) * 7 * DAY);
	return rc;
}

struct first_items {
	int64_t ids[4];
	int n;
};

static int
note_item(const struct coaching_item *i, void *arg)
{
	struct first_items *f = arg;
	if (f->n < 4)
		f->ids[f->n++] = i->id;
	return 0;
}

/* Close a few items (up to nclose) of a demo team's queue: three done,
 * one dismissed, as a manager who works the list would have. */
static int
close_some_items(struct db *db, int64_t team_id, int64_t manager, int64_t now,
    int nclose)
{
	struct first_items f = { { 0 }, 0 };
	char today[DATE_SIZE];
	date_of(now, today);
	struct coach_filter q = { team_id, now, today, 0, 0, 0, 4, 0 };
	if (coach_queue(db, &q, note_item, &f) != DB_OK ||
	    db_tx_begin(db) != DB_OK)
		return -1;
	int rc = DB_OK;
	for (int i = 0; i < f.n && i < nclose && rc == DB_OK; i++)
		rc = coach_item_close(db, f.ids[i], team_id,
		    i < 3 ? COACH_DONE : COACH_DISMISSED, manager,
		    i < 3 ? "Talked it through in our 1:1" : "Already handled",
		    false, now);
	if (rc != DB_OK) {
		db_tx_rollback(db);
		return -1;
	}
	return db_tx_commit(db) == DB_OK ? 0 : -1;
}

int
seed_demo(struct db *db, FILE *out, long deals, long reps, long big_rep)
{
	struct user existing;
	if (user_get_by_email(db, demo_users[0].email, &existing) == DB_OK) {
		fprintf(out, "groundwork: demo data is already loaded\n");
		return 0;
	}
	struct stage stages[STAGES_MAX];
	int nstages = stage_list(db, stages, STAGES_MAX);
	struct gen *g = xcalloc(1, sizeof(*g));
	if (nstages <= 0 || pipeline_first(stages, nstages) == NULL ||
	    gen_init(db, g, stages, nstages) != 0) {
		fprintf(stderr, "groundwork: no active stages to seed\n");
		free(g);
		return -1;
	}
	/* East's two reps get as many deals as any other rep, out of the
	 * total asked for. */
	long east_per_rep = deals / (reps + 2);
	long main_deals = deals - 2 * east_per_rep;
	double weeks = (double)main_deals / (double)reps / INFLOW_PER_REP_WEEK;
	g->history_days = (int64_t)(weeks * 7);
	if (g->history_days < HISTORY_DAYS)
		g->history_days = HISTORY_DAYS;
	/* One hash serves every demo account; each costs ~0.1 s. */
	char hash[PASSWORD_HASH_SIZE];
	if (auth_hash_password(DEMO_PASSWORD, hash) != 0) {
		free(g);
		return -1;
	}
	/* Index pages stay in memory for the whole load. */
	db_set_cache_mb(db, 512);
	if (db_tx_begin(db) != DB_OK) {
		free(g);
		return -1;
	}
	struct people p;
	memset(&p, 0, sizeof(p));
	int rc = db_bulk_begin(db);
	if (rc == DB_OK)
		rc = create_people(db, hash, (size_t)reps, &p);
	if (rc == DB_OK)
		rc = create_aids(db, g);
	for (long i = 0; i < main_deals && rc == DB_OK; i++) {
		size_t k = (size_t)i % p.nreps;
		/* South's manager rides in on late deals more than North's. */
		double share = p.rep_teams[k] == p.demo_teams[1] ? 0.35 : 0.12;
		rc = generate_deal(db, g, p.reps[k], p.rep_teams[k],
		    p.rep_managers[k], share, k < 8);
	}
	/* The first demo rep (Ravi, North) also holds big_rep open deals. */
	for (long i = 0; i < big_rep && rc == DB_OK; i++)
		rc = generate_open_deal(db, g, p.reps[0], p.rep_teams[0],
		    p.rep_managers[0]);
	if (rc == DB_OK)
		rc = create_sessions(db, g, &p);
	if (rc == DB_OK)
		rc = create_east(db, g, &p, east_per_rep);
	if (rc == DB_OK)
		rc = db_bulk_finish(db);
	if (rc == DB_OK)
		rc = coach_items_rebuild(db, g->now);
	if (rc == DB_OK)
		rc = audit_add(db, 0, "seed-demo", NULL, NULL, NULL);
	free(p.reps);
	free(p.rep_teams);
	free(p.rep_managers);
	int64_t now_at = g->now;
	free(g);
	if (rc != DB_OK || db_tx_commit(db) != DB_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "groundwork: loading demo data failed\n");
		return -1;
	}
	/* The coaching lists, with a few items already worked. */
	for (size_t t = 0; t < GW_ARRAY_LEN(demo_teams); t++)
		if (close_some_items(db, p.demo_teams[t], p.demo_managers[t],
		        now_at, t == EAST ? 0 : 4) != 0) {
			fprintf(stderr,
			    "groundwork: loading demo coaching failed\n");
			return -1;
		}
	db_checkpoint_truncate(db);
	fprintf(out, "groundwork: demo data loaded: %ld reps, %ld deals\n",
	    reps, deals);
	return 0;
}
