/*
 * coach.h - the coaching rules: pure functions that look at a team's
 * current data and say which coaching items it calls for, each with a
 * stable subject, a reason in plain words and a priority that puts
 * early-stage items first.  Storing and closing items is db_coach.c's.
 */
#ifndef GW_COACH_H
#define GW_COACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_coach.h"
#include "db_deal.h"
#include "measures.h"

#define COACH_RECENT_DAYS 30 /* rules look back this far at events */
#define COACH_NO_AID_DAYS 30 /* rule 6: no early job-aid for this long */
#define COACH_REASON_MAX 300

/* The seven rules README.md lists under "Coaching", and items added by
 * hand. */
enum coach_rule {
	RULE_BY_HAND = 0,
	RULE_STALLED_EARLY = 1, /* an early-stage deal is stalled */
	RULE_NEXT_STEP = 2,     /* no next step, or it is overdue */
	RULE_SKIPPED = 3,    /* left a stage with criteria skipped, or jumped */
	RULE_LATE_ENTRY = 4, /* first logged at stage 3 or later */
	RULE_LOW_INFLOW = 5, /* inflow below target 2 of the last 3 weeks */
	RULE_NO_AIDS = 6,    /* no early job-aid in 30 days, early deals open */
	RULE_MOVED_BACK = 7, /* a deal moved back a stage */
	RULE__MAX
};

/* An open deal, as the rules need it. */
struct coach_deal {
	int64_t id;
	int64_t owner_id;
	int64_t stage_id;
	int64_t entered_at; /* start of the current visit */
	int64_t last_activity_at;
	bool has_next_step;
	char next_step_due[11]; /* YYYY-MM-DD or "" */
	char company[DEAL_TEXT_MAX * 4 + 1];
};

/* A recent deal event: a stage change (moved back or skipped), or a
 * deal created as a late entry (from_stage 0, late set). */
struct coach_event {
	int64_t change_id; /* stage_changes.id, or 0 for a late entry */
	int64_t deal_id;
	int64_t owner_id;
	int64_t from_stage;
	int64_t to_stage;
	int skipped_stages;
	int skipped_criteria;
	bool late_entry;
	int64_t at;
	char company[DEAL_TEXT_MAX * 4 + 1];
};

struct coach_rep {
	int64_t id;
	char name[USER_NAME_MAX * 4 + 1];
	int64_t inflow[TEAM_WEEKS]; /* new deals per week, oldest first */
	int64_t last_early_aid;     /* last early-stage job-aid use, or 0 */
	int64_t open_early;         /* open early-stage deals */
};

struct coach_item {
	enum coach_rule rule;
	char subject[64]; /* stable: "stalled:deal:42" */
	int64_t rep_id;
	int64_t deal_id;   /* 0 for an item about the rep */
	char reason[2048]; /* plain words, shown as text */
	bool early;        /* about the early stages */
	int priority;      /* lower first; early items first */
	int64_t cause_at;  /* when the cause began */
};

struct coach_input {
	const struct stage *stages;
	int nstages;
	int64_t now;
	const char *today; /* YYYY-MM-DD, local */
	const struct coach_deal *deals;
	size_t ndeals;
	const struct coach_event *events; /* the last COACH_RECENT_DAYS */
	size_t nevents;
	const struct coach_rep *reps;
	size_t nreps;
	int inflow_target; /* the team's new deals per rep per week; 0:
	                      INFLOW_TARGET */
};

/*
 * Run every rule.  Writes at most max items to out and returns how many
 * the rules call for (which may be more than max).  Deterministic: the
 * same input gives the same items in the same order.
 */
size_t coach_rules_run(const struct coach_input *in, struct coach_item *out,
    size_t max);

/* A label for a rule, for pages ("Stalled early deal"). */
const char *coach_rule_label(enum coach_rule rule);

/*
 * The queue: one item per subject (a deal, or a rep), carrying every
 * cause it has now.  A cause's number is its old rule's, so items made
 * before the queue keep their meaning; an overdue next step is a cause
 * of its own.  An item stores its causes as a mask of (1 << cause).
 */
enum coach_cause {
	CAUSE_HAND = 0,
	CAUSE_STALLED = 1,
	CAUSE_NO_STEP = 2,
	CAUSE_SKIPPED = 3,
	CAUSE_LATE = 4,
	CAUSE_LOW_INFLOW = 5,
	CAUSE_NO_AIDS = 6,
	CAUSE_BACK = 7,
	CAUSE_OVERDUE = 8,
	CAUSE__MAX
};
#define COACH_DEAL_CAUSES                                                     \
	((1u << CAUSE_STALLED) | (1u << CAUSE_NO_STEP) |                      \
	    (1u << CAUSE_SKIPPED) | (1u << CAUSE_LATE) | (1u << CAUSE_BACK) | \
	    (1u << CAUSE_OVERDUE))

/* "no next step", for the cause filter. */
const char *coach_cause_label(enum coach_cause c);

/* What one deal's item is evaluated from (db_coach.c reads it). */
struct coach_facts {
	int64_t id;
	int64_t owner_id;
	int64_t team_id;
	bool open;
	int64_t stage_id;
	int64_t entered_at; /* start of the current visit */
	int64_t last_activity_at;
	bool has_next_step;
	char next_step_due[11]; /* YYYY-MM-DD or "" */
	int64_t amount;         /* minor units, 0 without */
	bool late_entry;
	int64_t created_at;
	int64_t first_stage_id;
	int64_t back_at; /* latest move back (0: none), and its stages */
	int64_t back_from, back_to;
	int64_t skip_at; /* latest move that skipped (0: none) */
	int64_t skip_from, skip_to;
	int skip_stages, skip_criteria;
	char company[DEAL_TEXT_MAX * 4 + 1];
	char owner_name[USER_NAME_MAX * 4 + 1];
};

/* A deal's causes: at[c] is when cause c began or begins (0: none). */
struct coach_causes {
	int64_t at[CAUSE__MAX];
	bool early; /* an early-stage deal, or a late entry */
};

/*
 * Evaluate one deal as of now.  Event causes (moved back, skipped, a
 * late entry) count when the event is at most COACH_RECENT_DAYS old at
 * evaluation; the stall and an overdue next step are set to the day
 * they begin, which may be later than now.  Returns the mask.
 */
unsigned coach_deal_causes(const struct stage *stages, int nstages,
    const struct coach_facts *f, int64_t now, const char *today,
    struct coach_causes *out);

/* The causes of mask that have begun by now. */
unsigned coach_causes_active(const struct coach_causes *c, unsigned mask,
    int64_t now);
/* When the earliest cause of mask began or begins (0 without). */
int64_t coach_causes_since(const struct coach_causes *c, unsigned mask);

/*
 * The urgency score, as the page explains it in one line:
 *   early stage first (an early item always ranks above a later one);
 *   then points: the weight of each cause (COACH_WEIGHTS in coach.c),
 *   plus one a day since the first cause began, plus one per 1,000 of
 *   the deal's value (at most 50).
 * Ties go to the item that has waited longer, then the older item.
 */
struct coach_score {
	bool early;
	int weight; /* sum of the causes' weights */
	int days;   /* since the first cause began */
	int value;  /* value points */
	int total;  /* weight + days + value */
};
void coach_score(unsigned mask, bool early, int64_t since, int64_t amount,
    int64_t now, struct coach_score *out);
/* The stored order key of an item: larger first.  For any now, a
 * larger key has a score at least as high (the days are the only part
 * that moves, and they move alike for every item). */
int64_t coach_rank(unsigned mask, bool early, int64_t since, int64_t amount);
/* "Why first": "early stage · no next step 30 + 12 days + value 8 = 50". */
void coach_score_line(const struct coach_score *s, unsigned mask, char *out,
    size_t size);

/*
 * The item's line.  For the manager: "Tom Reed's Nimbus Farms deal
 * (Discovery): no next step · 2 criteria skipped · 40 days in
 * Discovery".  For the rep (yours true): "Your Nimbus Farms deal ...".
 */
void coach_deal_line(const struct stage *stages, int nstages,
    const struct coach_facts *f, const struct coach_causes *c, unsigned mask,
    int64_t now, bool yours, char *out, size_t size);

#endif
