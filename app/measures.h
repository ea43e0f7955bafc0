/*
 * measures.h - the figures Groundwork shows, computed in one place by
 * pure functions over rows the data layer hands over.  Every ratio
 * comes with the counts behind it.
 */
#ifndef GW_MEASURES_H
#define GW_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Below this many deals a figure is shown but marked "too few". */
#define MEASURE_MIN_DEALS 5

/* One group of deals in an effectiveness comparison. */
struct aid_group {
	int deals;            /* deals that visited the stage */
	int advanced;         /* of them, left it forward (or won there) */
	double median_days;   /* median days in the stage, per deal */
	bool too_few;         /* deals < MEASURE_MIN_DEALS */
};

struct aid_effect {
	int64_t aid_id;
	int64_t stage_id;
	struct aid_group used;      /* used the aid while in the stage */
	struct aid_group not_used;  /* visited the stage without it */
};

/*
 * Job-aid effectiveness for the aid at stage_id.
 *
 * A deal counts if it was ever in stage_id.  It "used" the aid if any
 * use was logged while it was in that stage (use.stage_id).  It
 * "advanced" if its last visit to the stage ended by moving to a stage
 * of higher position, or by being won there.  Its days in the stage add
 * up every visit; a visit still going counts until now.
 *
 * history: every stage change of the deals considered, ordered by deal
 * then time.  uses: their job-aid uses.  positions: stage id ->
 * position, from stages[].
 */
void measure_aid_effect(const struct history_row *history, size_t nhistory,
    const struct use_row *uses, size_t nuses, const struct stage *stages,
    int nstages, int64_t aid_id, int64_t stage_id, int64_t now,
    struct aid_effect *out);

/* The median of values (sorted in place); 0 for none. */
double measure_median(double *values, size_t n);

#endif
