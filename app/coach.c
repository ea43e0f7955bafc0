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
	/* 5: inflow below the team's target in 2 of the last 3 weeks. */
	int target = in->inflow_target > 0 ? in->inflow_target : INFLOW_TARGET;
	int low = 0;
	for (int w = TEAM_WEEKS - 3; w < TEAM_WEEKS; w++)
		if (rep->inflow[w] < target)
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
			    (long long)rep->inflow[TEAM_WEEKS - 1], target);
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

/* ---- The queue: one item per deal, its causes and its score. ---- */

static const char *const cause_labels[CAUSE__MAX] = {
	[CAUSE_HAND] = "added by hand",
	[CAUSE_STALLED] = "stalled",
	[CAUSE_NO_STEP] = "no next step",
	[CAUSE_SKIPPED] = "skipped steps",
	[CAUSE_LATE] = "late entry",
	[CAUSE_LOW_INFLOW] = "low inflow",
	[CAUSE_NO_AIDS] = "no early job-aids",
	[CAUSE_BACK] = "moved back",
	[CAUSE_OVERDUE] = "next step overdue",
};

const char *
coach_cause_label(enum coach_cause c)
{
	return (size_t)c < CAUSE__MAX ? cause_labels[c] : "";
}

/*
 * COACH_WEIGHTS: what a cause adds to the score.  A person's own item
 * first, then what the rep can fix today (a missing next step, a deal
 * moved back, low inflow), then lessons from the past.  The stall and
 * an overdue step weigh nothing of their own: their urgency is the days
 * they have run, which the score counts.
 */
static const int cause_weight[CAUSE__MAX] = {
	[CAUSE_HAND] = 40,
	[CAUSE_STALLED] = 0,
	[CAUSE_NO_STEP] = 30,
	[CAUSE_SKIPPED] = 20,
	[CAUSE_LATE] = 15,
	[CAUSE_LOW_INFLOW] = 35,
	[CAUSE_NO_AIDS] = 10,
	[CAUSE_BACK] = 25,
	[CAUSE_OVERDUE] = 0,
};

#define VALUE_UNIT 100000 /* 1,000 in minor units: one point */
#define VALUE_MAX 50
#define EARLY_KEY ((int64_t)1 << 50)

static bool
recent(int64_t at, int64_t now)
{
	return at > 0 && now - at <= (int64_t)COACH_RECENT_DAYS * DAY;
}

unsigned
coach_deal_causes(const struct stage *stages, int nstages,
    const struct coach_facts *f, int64_t now, const char *today,
    struct coach_causes *out)
{
	memset(out, 0, sizeof(*out));
	(void)today;
	const struct stage *st = pipeline_find(stages, nstages, f->stage_id);
	if (!f->open || st == NULL)
		return 0;
	out->early = st->early;
	if (st->early) {
		int64_t by_time = f->entered_at +
		                  (int64_t)st->target_days * DAY;
		int64_t by_quiet = f->last_activity_at +
		                   (int64_t)STALE_DAYS * DAY;
		out->at[CAUSE_STALLED] = by_time < by_quiet ? by_time : by_quiet;
	}
	if (!f->has_next_step)
		out->at[CAUSE_NO_STEP] = f->last_activity_at;
	else if (f->next_step_due[0])
		out->at[CAUSE_OVERDUE] = day_start(f->next_step_due) + DAY;
	if (f->late_entry && recent(f->created_at, now)) {
		out->at[CAUSE_LATE] = f->created_at;
		out->early = true; /* the coaching is about logging early */
	}
	if (recent(f->back_at, now))
		out->at[CAUSE_BACK] = f->back_at;
	if (recent(f->skip_at, now) &&
	    (f->skip_stages > 0 || f->skip_criteria > 0))
		out->at[CAUSE_SKIPPED] = f->skip_at;
	unsigned mask = 0;
	for (int c = 0; c < CAUSE__MAX; c++)
		if (out->at[c])
			mask |= 1u << c;
	return mask;
}

unsigned
coach_causes_active(const struct coach_causes *c, unsigned mask, int64_t now)
{
	unsigned active = 0;
	for (int i = 0; i < CAUSE__MAX; i++)
		if ((mask & (1u << i)) && c->at[i] && c->at[i] <= now)
			active |= 1u << i;
	return active;
}

int64_t
coach_causes_since(const struct coach_causes *c, unsigned mask)
{
	int64_t since = 0;
	for (int i = 0; i < CAUSE__MAX; i++)
		if ((mask & (1u << i)) && c->at[i] &&
		    (since == 0 || c->at[i] < since))
			since = c->at[i];
	return since;
}

static int
weight_of(unsigned mask)
{
	int w = 0;
	for (int i = 0; i < CAUSE__MAX; i++)
		if (mask & (1u << i))
			w += cause_weight[i];
	return w;
}

static int
value_points(int64_t amount)
{
	int64_t v = amount > 0 ? amount / VALUE_UNIT : 0;
	return v > VALUE_MAX ? VALUE_MAX : (int)v;
}

void
coach_score(unsigned mask, bool early, int64_t since, int64_t amount,
    int64_t now, struct coach_score *out)
{
	out->early = early;
	out->weight = weight_of(mask);
	int64_t days = since > 0 && now > since ? (now - since) / DAY : 0;
	out->days = days > 100000 ? 100000 : (int)days;
	out->value = value_points(amount);
	out->total = out->weight + out->days + out->value;
}

int64_t
coach_rank(unsigned mask, bool early, int64_t since, int64_t amount)
{
	/* score(now) = points + (now - since) / DAY: the order of
	 * points * DAY - since is the order of the score at any now, and
	 * the earlier start wins a tie within a day. */
	int64_t points = weight_of(mask) + value_points(amount);
	return (early ? EARLY_KEY : 0) + points * DAY - since;
}

void
coach_score_line(const struct coach_score *s, unsigned mask, char *out,
    size_t size)
{
	size_t n = (size_t)snprintf(out, size, "%s",
	    s->early ? "early stage · " : "");
	for (int i = 0; i < CAUSE__MAX && n < size; i++)
		if ((mask & (1u << i)) && cause_weight[i])
			n += (size_t)snprintf(out + n, size - n, "%s %d + ",
			    cause_labels[i], cause_weight[i]);
	if (n < size)
		n += (size_t)snprintf(out + n, size - n, "%d %s", s->days,
		    plural(s->days, "day", "days"));
	if (n < size && s->value)
		n += (size_t)snprintf(out + n, size - n, " + value %d",
		    s->value);
	if (n < size)
		snprintf(out + n, size - n, " = %d", s->total);
}

static const char *
stage_name(const struct stage *stages, int nstages, int64_t id)
{
	const struct stage *st = pipeline_find(stages, nstages, id);
	return st ? st->name : "a retired stage";
}

/* One cause in words, as part of an item's line. */
static size_t
cause_words(const struct stage *stages, int nstages,
    const struct coach_facts *f, enum coach_cause c, int64_t now, char *out,
    size_t size)
{
	long long days_in = (now - f->entered_at) / DAY;
	long long quiet = (now - f->last_activity_at) / DAY;
	const struct stage *st = pipeline_find(stages, nstages, f->stage_id);
	int target = st ? st->target_days : 0;
	switch (c) {
	case CAUSE_STALLED:
		if (days_in > target)
			return (size_t)snprintf(out, size, "%lld %s in %s",
			    days_in, plural(days_in, "day", "days"),
			    stage_name(stages, nstages, f->stage_id));
		return (size_t)snprintf(out, size, "quiet for %lld %s", quiet,
		    plural(quiet, "day", "days"));
	case CAUSE_OVERDUE:
		return (size_t)snprintf(out, size, "next step was due on %s",
		    f->next_step_due);
	case CAUSE_SKIPPED:
		if (f->skip_stages > 0)
			return (size_t)snprintf(out, size,
			    "skipped %d %s on the way to %s", f->skip_stages,
			    plural(f->skip_stages, "stage", "stages"),
			    stage_name(stages, nstages, f->skip_to));
		return (size_t)snprintf(out, size, "%d %s skipped leaving %s",
		    f->skip_criteria,
		    plural(f->skip_criteria, "criterion", "criteria"),
		    stage_name(stages, nstages, f->skip_from));
	case CAUSE_LATE:
		return (size_t)snprintf(out, size, "first logged at %s",
		    stage_name(stages, nstages, f->first_stage_id));
	case CAUSE_BACK:
		return (size_t)snprintf(out, size, "moved back from %s to %s",
		    stage_name(stages, nstages, f->back_from),
		    stage_name(stages, nstages, f->back_to));
	default:
		return (size_t)snprintf(out, size, "%s", coach_cause_label(c));
	}
}

/* The order causes are named in: what to fix first. */
static const enum coach_cause line_order[] = { CAUSE_NO_STEP, CAUSE_OVERDUE,
	CAUSE_BACK, CAUSE_SKIPPED, CAUSE_LATE, CAUSE_STALLED };

void
coach_deal_line(const struct stage *stages, int nstages,
    const struct coach_facts *f, const struct coach_causes *c, unsigned mask,
    int64_t now, bool yours, char *out, size_t size)
{
	size_t n;
	if (yours)
		n = (size_t)snprintf(out, size,
		    "Your %s deal (%s): ", f->company,
		    stage_name(stages, nstages, f->stage_id));
	else
		n = (size_t)snprintf(out, size,
		    "%s's %s deal (%s): ", f->owner_name, f->company,
		    stage_name(stages, nstages, f->stage_id));
	bool first = true;
	for (size_t i = 0; i < GW_ARRAY_LEN(line_order) && n < size; i++) {
		enum coach_cause k = line_order[i];
		if (!(mask & (1u << k)) || c->at[k] == 0 || c->at[k] > now)
			continue;
		if (!first && n < size)
			n += (size_t)snprintf(out + n, size - n, " · ");
		if (n < size)
			n += cause_words(stages, nstages, f, k, now, out + n,
			    size - n);
		first = false;
	}
}
