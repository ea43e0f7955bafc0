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

#endif
