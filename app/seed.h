/*
 * seed.h - the demo company and the benchmark data sets (seed.c), which
 * groundwork seed loads.
 */
#ifndef GW_SEED_H
#define GW_SEED_H

#include <stdio.h>

struct db;

/* The named demo people plus generated reps up to reps in all, and
 * deals spread over them, loaded in bulk; progress to out.  0 or -1. */
int seed_demo(struct db *db, FILE *out, long deals, long reps, long big_rep);

#endif
