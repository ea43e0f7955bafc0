/*
 * measures.c - pure computations over history rows.
 */
#include "measures.h"

#include <stdlib.h>

#include "util.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double
measure_median(double *values, size_t n)
{
	if (n == 0)
		return 0;
	qsort(values, n, sizeof(*values), cmp_double);
	if (n % 2)
		return values[n / 2];
	return (values[n / 2 - 1] + values[n / 2]) / 2;
}

static int
position_of(const struct stage *stages, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (stages[i].id == id)
			return stages[i].position;
	return 0;
}

/* Did this deal log a use of aid while in stage? */
static bool
deal_used(const struct use_row *uses, size_t nuses, int64_t deal_id,
    int64_t aid_id, int64_t stage_id)
{
	for (size_t i = 0; i < nuses; i++)
		if (uses[i].deal_id == deal_id && uses[i].aid_id == aid_id &&
		    uses[i].stage_id == stage_id)
			return true;
	return false;
}

/* Per deal: was it in the stage, for how long, and how did it leave. */
struct deal_visit {
	bool visited;
	bool advanced;
	int64_t seconds;
};

/*
 * Walk one deal's rows [from, to): a visit to stage starts with a row
 * that enters it open (creation, a move into it, a reopen in it) and
 * ends at the deal's next row.
 */
static struct deal_visit
walk_deal(const struct history_row *h, size_t from, size_t to,
    const struct stage *stages, int nstages, int64_t stage_id, int64_t now)
{
	struct deal_visit v = { false, false, 0 };
	int stage_pos = position_of(stages, nstages, stage_id);
	for (size_t i = from; i < to; i++) {
		bool enters = h[i].to_stage == stage_id &&
		              h[i].to_status == DEAL_OPEN &&
		              (h[i].from_stage != stage_id ||
		                  h[i].from_status != DEAL_OPEN);
		if (!enters)
			continue;
		v.visited = true;
		if (i + 1 < to) {
			const struct history_row *next = &h[i + 1];
			v.seconds += next->at - h[i].at;
			v.advanced =
			    (next->to_status == DEAL_WON) ||
			    (next->to_status == DEAL_OPEN &&
			        position_of(stages, nstages, next->to_stage) >
			            stage_pos);
		} else {
			v.seconds += now > h[i].at ? now - h[i].at : 0;
			v.advanced = false; /* still in the stage */
		}
	}
	return v;
}

void
measure_aid_effect(const struct history_row *history, size_t nhistory,
    const struct use_row *uses, size_t nuses, const struct stage *stages,
    int nstages, int64_t aid_id, int64_t stage_id, int64_t now,
    struct aid_effect *out)
{
	out->aid_id = aid_id;
	out->stage_id = stage_id;
	double *days[2] = { xcalloc(nhistory + 1, sizeof(double)),
		xcalloc(nhistory + 1, sizeof(double)) };
	struct aid_group *groups[2] = { &out->not_used, &out->used };
	for (int g = 0; g < 2; g++)
		*groups[g] = (struct aid_group){ 0, 0, 0, true };

	size_t start = 0;
	while (start < nhistory) {
		size_t end = start;
		while (end < nhistory && history[end].deal_id ==
		                             history[start].deal_id)
			end++;
		struct deal_visit v = walk_deal(history, start, end, stages,
		    nstages, stage_id, now);
		if (v.visited) {
			int g = deal_used(uses, nuses, history[start].deal_id, aid_id,
			            stage_id) ? 1 : 0;
			days[g][groups[g]->deals] = (double)v.seconds / 86400.0;
			groups[g]->deals++;
			if (v.advanced)
				groups[g]->advanced++;
		}
		start = end;
	}
	for (int g = 0; g < 2; g++) {
		groups[g]->median_days = measure_median(days[g],
		    (size_t)groups[g]->deals);
		groups[g]->too_few = groups[g]->deals < MEASURE_MIN_DEALS;
		free(days[g]);
	}
}
