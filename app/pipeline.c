/*
 * pipeline.c - stage-move rules.
 */
#include "pipeline.h"
#include "db_deal.h"

#include <stddef.h>

const struct stage *
pipeline_find(const struct stage *stages, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (stages[i].id == id)
			return &stages[i];
	return NULL;
}

const struct stage *
pipeline_first(const struct stage *stages, int n)
{
	const struct stage *best = NULL;
	for (int i = 0; i < n; i++)
		if (stages[i].active &&
		    (best == NULL || stages[i].position < best->position))
			best = &stages[i];
	return best;
}

const struct stage *
pipeline_next(const struct stage *stages, int n, int position)
{
	const struct stage *best = NULL;
	for (int i = 0; i < n; i++)
		if (stages[i].active && stages[i].position > position &&
		    (best == NULL || stages[i].position < best->position))
			best = &stages[i];
	return best;
}

int
pipeline_rank(const struct stage *stages, int n, const struct stage *s)
{
	if (s == NULL || !s->active)
		return 0;
	int rank = 1;
	for (int i = 0; i < n; i++)
		if (stages[i].active && stages[i].position < s->position)
			rank++;
	return rank;
}

bool
pipeline_late_entry(const struct stage *stages, int n, const struct stage *s)
{
	return pipeline_rank(stages, n, s) >= LATE_ENTRY_RANK;
}

const char *
pipeline_check_move(const struct stage *stages, int n, const struct deal *d,
    int64_t to_id, enum move_kind *kind, int *skipped)
{
	if (d->status != DEAL_OPEN)
		return "This deal is closed. Reopen it to move it.";
	const struct stage *from = pipeline_find(stages, n, d->stage_id);
	const struct stage *to = pipeline_find(stages, n, to_id);
	if (to == NULL || !to->active)
		return "Choose one of the listed stages.";
	if (to->id == d->stage_id)
		return "The deal is already in this stage.";
	int from_pos = from ? from->position : 0;
	*skipped = 0;
	if (to->position < from_pos) {
		*kind = MOVE_BACK;
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if (stages[i].active && stages[i].position > from_pos &&
		    stages[i].position < to->position)
			(*skipped)++;
	*kind = *skipped ? MOVE_SKIP : MOVE_FORWARD;
	return NULL;
}

int
pipeline_win_skips(const struct stage *stages, int n, const struct deal *d)
{
	const struct stage *from = pipeline_find(stages, n, d->stage_id);
	int from_pos = from ? from->position : 0;
	int skipped = 0;
	for (int i = 0; i < n; i++)
		if (stages[i].active && stages[i].position > from_pos)
			skipped++;
	return skipped;
}

bool
pipeline_win_needs_confirm(const struct stage *stages, int n,
    const struct deal *d)
{
	const struct stage *s = pipeline_find(stages, n, d->stage_id);
	return s != NULL && s->early;
}

const char *
pipeline_check_close(const struct deal *d, int outcome, const char *reason)
{
	if (d->status != DEAL_OPEN)
		return "This deal is already closed.";
	if (outcome != DEAL_WON && outcome != DEAL_LOST)
		return "Choose won or lost.";
	if (outcome == DEAL_LOST && (reason == NULL || *reason == '\0'))
		return "Say why the deal was lost; it helps the team learn.";
	return NULL;
}

const char *
pipeline_check_reopen(const struct stage *stages, int n, const struct deal *d)
{
	if (d->status == DEAL_OPEN)
		return "This deal is already open.";
	const struct stage *s = pipeline_find(stages, n, d->stage_id);
	if (s == NULL || !s->active)
		return "Its stage has been retired; the deal cannot be reopened.";
	return NULL;
}
