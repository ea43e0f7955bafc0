/*
 * coach.c - the seven coaching rules.
 */
#include "coach.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "db_deal.h"
#include "pipeline.h"
#include "util.h"

#define DAY 86400

static const char *const rule_labels[RULE__MAX] = {
	[RULE_BY_HAND] = "Added by hand",
	[RULE_STALLED_EARLY] = "Stalled early deal",
	[RULE_NEXT_STEP] = "Next step missing or overdue",
	[RULE_SKIPPED] = "Skipped steps",
	[RULE_LATE_ENTRY] = "Late entry",
	[RULE_LOW_INFLOW] = "Low inflow",
	[RULE_NO_AIDS] = "No early job-aids",
	[RULE_MOVED_BACK] = "Moved back",
};

const char *
coach_rule_label(enum coach_rule rule)
{
	return (size_t)rule < RULE__MAX ? rule_labels[rule] : "";
}

struct sink {
	struct coach_item *out;
	size_t max;
	size_t n;
};

/* Early-stage items first; then by rule; then by stage rank. */
static int
priority(bool early, enum coach_rule rule, int rank)
{
	return (early ? 0 : 1000) + (int)rule * 10 + rank;
}

static struct coach_item *
emit(struct sink *s)
{
	struct coach_item *it = s->n < s->max ? &s->out[s->n] : NULL;
	s->n++;
	if (it)
		memset(it, 0, sizeof(*it));
	return it;
}

static const char *
rep_name(const struct coach_input *in, int64_t id)
{
	for (size_t i = 0; i < in->nreps; i++)
		if (in->reps[i].id == id)
			return in->reps[i].name;
	return "The rep";
}

/* Seconds since the epoch at the start of a YYYY-MM-DD day (UTC). */
static int64_t
day_start(const char *date)
{
	return ((int64_t)date_diff("2000-01-01", date) + 10957) * DAY;
}

static void
deal_rules(const struct coach_input *in, const struct coach_deal *d,
    struct sink *s)
{
	const struct stage *st = pipeline_find(in->stages, in->nstages,
	    d->stage_id);
	if (st == NULL)
		return;
	int rank = pipeline_rank(in->stages, in->nstages, st);
	const char *who = rep_name(in, d->owner_id);

	/* 1: an early-stage deal is stalled. */
	if (st->early && measure_is_stalled(st, d->entered_at,
	                     d->last_activity_at, in->now)) {
		int64_t by_time = d->entered_at +
		                  (int64_t)st->target_days * DAY;
		int64_t by_quiet = d->last_activity_at +
		                   (int64_t)STALE_DAYS * DAY;
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_STALLED_EARLY;
			snprintf(it->subject, sizeof(it->subject),
			    "stalled:deal:%lld", (long long)d->id);
			it->rep_id = d->owner_id;
			it->deal_id = d->id;
			it->early = true;
			it->priority = priority(true, it->rule, rank);
			/* It became stalled when the first threshold passed. */
			bool time_first = in->now > by_time &&
			                  (by_time <= by_quiet ||
			                      in->now <= by_quiet);
			it->cause_at = time_first ? by_time : by_quiet;
			long long days_in = (in->now - d->entered_at) / DAY;
			long long days_quiet = (in->now - d->last_activity_at) /
			                       DAY;
			if (in->now > by_time)
				snprintf(it->reason, sizeof(it->reason),
				    "%s's %s deal has been in %s for %lld %s; the "
				    "target is %d.",
				    who, d->company, st->name, days_in,
				    plural(days_in, "day", "days"),
				    st->target_days);
			else
				snprintf(it->reason, sizeof(it->reason),
				    "Nothing has happened on %s's %s deal (%s) for %lld "
				    "%s.",
				    who, d->company, st->name, days_quiet,
				    plural(days_quiet, "day", "days"));
		}
	}

	/* 2: no next step, or it is overdue. */
	bool overdue = d->next_step_due[0] &&
	               date_diff(in->today, d->next_step_due) < 0;
	if (!d->has_next_step || overdue) {
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_NEXT_STEP;
			snprintf(it->subject, sizeof(it->subject),
			    "nextstep:deal:%lld", (long long)d->id);
			it->rep_id = d->owner_id;
			it->deal_id = d->id;
			it->early = st->early;
			it->priority = priority(st->early, it->rule, rank);
			if (!d->has_next_step) {
				it->cause_at = d->last_activity_at;
				snprintf(it->reason, sizeof(it->reason),
				    "%s's %s deal (%s) has no next step.", who,
				    d->company, st->name);
			} else {
				it->cause_at = day_start(d->next_step_due) +
				               DAY;
				snprintf(it->reason, sizeof(it->reason),
				    "The next step on %s's %s deal (%s) was due on %s.",
				    who, d->company, st->name,
				    d->next_step_due);
			}
		}
	}
}

static void
event_rules(const struct coach_input *in, const struct coach_event *e,
    struct sink *s)
{
	const char *who = rep_name(in, e->owner_id);
	const struct stage *from = pipeline_find(in->stages, in->nstages,
	    e->from_stage);
	const struct stage *to = pipeline_find(in->stages, in->nstages,
	    e->to_stage);
	if (to == NULL)
		return;
	int rank = pipeline_rank(in->stages, in->nstages, to);

	/* 4: a late entry. */
	if (e->late_entry && e->change_id == 0) {
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_LATE_ENTRY;
			snprintf(it->subject, sizeof(it->subject),
			    "late:deal:%lld", (long long)e->deal_id);
			it->rep_id = e->owner_id;
			it->deal_id = e->deal_id;
			it->early = true; /* the coaching is about logging early */
			it->priority = priority(true, it->rule, rank);
			it->cause_at = e->at;
			snprintf(it->reason, sizeof(it->reason),
			    "%s first logged the %s deal at %s: a late entry. What kept "
			    "it out of the pipeline until then?",
			    who, e->company, to->name);
		}
		return;
	}
	if (from == NULL || e->change_id == 0)
		return;

	/* 7: moved back a stage. */
	if (to->position < from->position) {
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_MOVED_BACK;
			snprintf(it->subject, sizeof(it->subject),
			    "back:change:%lld", (long long)e->change_id);
			it->rep_id = e->owner_id;
			it->deal_id = e->deal_id;
			it->early = to->early;
			it->priority = priority(to->early, it->rule, rank);
			it->cause_at = e->at;
			snprintf(it->reason, sizeof(it->reason),
			    "%s's %s deal moved back from %s to %s.", who,
			    e->company, from->name, to->name);
		}
	}

	/* 3: left a stage with criteria skipped, or jumped a stage. */
	if (e->skipped_stages > 0 || e->skipped_criteria > 0) {
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_SKIPPED;
			snprintf(it->subject, sizeof(it->subject),
			    "skip:change:%lld", (long long)e->change_id);
			it->rep_id = e->owner_id;
			it->deal_id = e->deal_id;
			it->early = from->early;
			it->priority = priority(from->early, it->rule,
			    pipeline_rank(in->stages, in->nstages, from));
			it->cause_at = e->at;
			if (e->skipped_stages > 0)
				snprintf(it->reason, sizeof(it->reason),
				    "%s moved the %s deal from %s to %s, skipping %d "
				    "%s.",
				    who, e->company, from->name, to->name,
				    e->skipped_stages,
				    plural(e->skipped_stages, "stage",
				        "stages"));
			else
				snprintf(it->reason, sizeof(it->reason),
				    "%s moved the %s deal out of %s with %d exit "
				    "%s unticked.",
				    who, e->company, from->name,
				    e->skipped_criteria,
				    plural(e->skipped_criteria, "criterion",
				        "criteria"));
		}
	}
}

static void
rep_rules(const struct coach_input *in, const struct coach_rep *rep,
    struct sink *s)
{
	/* 5: inflow below target in 2 of the last 3 weeks. */
	int low = 0;
	for (int w = TEAM_WEEKS - 3; w < TEAM_WEEKS; w++)
		if (rep->inflow[w] < INFLOW_TARGET)
			low++;
	if (low >= 2) {
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_LOW_INFLOW;
			snprintf(it->subject, sizeof(it->subject),
			    "inflow:rep:%lld", (long long)rep->id);
			it->rep_id = rep->id;
			it->early = true;
			it->priority = priority(true, it->rule, 0);
			/* Once a week at most: the week's start is the cause. */
			it->cause_at = measure_week(in->now) * 604800 - 259200;
			snprintf(it->reason, sizeof(it->reason),
			    "%s logged %lld, %lld and %lld new deals in the last three "
			    "weeks; the target is %d a week.",
			    rep->name, (long long)rep->inflow[TEAM_WEEKS - 3],
			    (long long)rep->inflow[TEAM_WEEKS - 2],
			    (long long)rep->inflow[TEAM_WEEKS - 1],
			    INFLOW_TARGET);
		}
	}

	/* 6: no early-stage job-aid in 30 days, with early deals open. */
	int64_t limit = (int64_t)COACH_NO_AID_DAYS * DAY;
	if (rep->open_early > 0 && in->now - rep->last_early_aid > limit) {
		struct coach_item *it = emit(s);
		if (it) {
			it->rule = RULE_NO_AIDS;
			snprintf(it->subject, sizeof(it->subject),
			    "noaids:rep:%lld", (long long)rep->id);
			it->rep_id = rep->id;
			it->early = true;
			it->priority = priority(true, it->rule, 0);
			it->cause_at = rep->last_early_aid + limit;
			snprintf(it->reason, sizeof(it->reason),
			    "%s holds %lld open early-stage %s but has logged no "
			    "early-stage job-aid in %d days.",
			    rep->name, (long long)rep->open_early,
			    plural(rep->open_early, "deal", "deals"),
			    COACH_NO_AID_DAYS);
		}
	}
}

size_t
coach_rules_run(const struct coach_input *in, struct coach_item *out,
    size_t max)
{
	struct sink s = { out, max, 0 };
	for (size_t i = 0; i < in->ndeals; i++)
		deal_rules(in, &in->deals[i], &s);
	for (size_t i = 0; i < in->nevents; i++)
		if (in->now - in->events[i].at <=
		    (int64_t)COACH_RECENT_DAYS * DAY)
			event_rules(in, &in->events[i], &s);
	for (size_t i = 0; i < in->nreps; i++)
		rep_rules(in, &in->reps[i], &s);
	return s.n;
}
