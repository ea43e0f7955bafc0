/*
 * pipeline.h - the rules of moving a deal through the stages.  Pure
 * functions over the stage list and a deal, so they are unit-tested
 * without a database.
 */
#ifndef GW_PIPELINE_H
#define GW_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "db_deal.h"

enum move_kind {
	MOVE_FORWARD, /* to the next active stage */
	MOVE_SKIP,    /* forward past one or more active stages */
	MOVE_BACK,    /* to an earlier stage: a regression */
};

/* A deal first logged at this rank (1-based among active stages) or
 * later is a late entry. */
#define LATE_ENTRY_RANK 3

/* The stage with this id, or NULL. */
const struct stage *pipeline_find(const struct stage *stages, int n,
    int64_t id);

/* The first active stage, or NULL when there is none. */
const struct stage *pipeline_first(const struct stage *stages, int n);

/* The first active stage after position, or NULL when it is the last:
 * where "Move to <next stage>" goes. */
const struct stage *pipeline_next(const struct stage *stages, int n,
    int position);

/* 1-based rank of stage among active stages by position (0 if the
 * stage is retired). */
int pipeline_rank(const struct stage *stages, int n, const struct stage *s);

/* Would a deal first logged at s be a late entry? */
bool pipeline_late_entry(const struct stage *stages, int n,
    const struct stage *s);

/*
 * May an open deal in from move to to_id?  Returns NULL and sets *kind
 * and *skipped (active stages passed over), or a message.
 */
const char *pipeline_check_move(const struct stage *stages, int n,
    const struct deal *d, int64_t to_id, enum move_kind *kind, int *skipped);

/* Active stages after d's stage: a win passes over them, so they count
 * as skipped, as they would on a move from d's stage past the last. */
int pipeline_win_skips(const struct stage *stages, int n, const struct deal *d);

/* Is d in an early stage, so that a win asks to be confirmed first? */
bool pipeline_win_needs_confirm(const struct stage *stages, int n,
    const struct deal *d);

/* May d be closed with this outcome and reason?  NULL or a message. */
const char *pipeline_check_close(const struct deal *d, int outcome,
    const char *reason);

/* May d be reopened?  Only closed deals whose stage is still active. */
const char *pipeline_check_reopen(const struct stage *stages, int n,
    const struct deal *d);

#endif
