/*
 * cli_purge.c - "groundwork purge": delete the sessions whose idle or
 * absolute timeout has passed.  A signed-in request already refuses an
 * expired session; this keeps the rows of sessions nobody comes back to
 * from piling up.  groundwork-purge.timer runs it hourly.
 *
 * Each batch is one short transaction under the writer lock, so the
 * serving workers wait for a batch at most, never for the whole run;
 * a run stops after PURGE_MAX_DEFAULT rows (or --max N) and the next
 * run carries on.  Running it again changes nothing until more expire.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "db_account.h"
#include "util.h"

#define PURGE_BATCH 500         /* rows per transaction */
#define PURGE_MAX_DEFAULT 10000 /* rows per run, unless --max says */
#define PURGE_MAX_LIMIT 100000000L

/* Parse "--max N"; 0, or 2 after a message. */
static int
purge_args(int argc, char **argv, long *max)
{
	*max = PURGE_MAX_DEFAULT;
	for (int i = 1; i < argc; i++) {
		char *end = NULL;
		if (strcmp(argv[i], "--max") == 0 && i + 1 < argc) {
			*max = strtol(argv[++i], &end, 10);
			if (*end == '\0' && *max >= 1 &&
			    *max <= PURGE_MAX_LIMIT)
				continue;
		}
		fprintf(stderr,
		    "usage: groundwork purge [--max N]  (N from 1 to "
		    "%ld)\n",
		    PURGE_MAX_LIMIT);
		return 2;
	}
	return 0;
}

/* Delete up to max expired sessions in batches, counting them in
 * *total; 0, or -1 after a failed batch (earlier batches stay done). */
static int
purge_batches(struct db *db, int64_t idle_before, int64_t created_before,
    long max, long *total)
{
	*total = 0;
	while (*total < max) {
		int want = max - *total < PURGE_BATCH ? (int)(max - *total)
		                                      : PURGE_BATCH;
		int gone = 0;
		if (db_tx_begin(db) != DB_OK)
			return -1;
		if (session_purge(db, idle_before, created_before, want,
		        &gone) != DB_OK) {
			db_tx_rollback(db);
			return -1;
		}
		if (db_tx_commit(db) != DB_OK)
			return -1;
		*total += gone;
		if (gone < want)
			break;
	}
	return 0;
}

int
cli_purge(int argc, char **argv)
{
	long max;
	int rc = purge_args(argc, argv, &max);
	if (rc != 0)
		return rc;
	struct db *db = cli_open_db();
	if (db == NULL)
		return 1;
	int64_t now = now_seconds();
	int64_t idle_before = now - cfg.idle_timeout;
	int64_t created_before = now - cfg.absolute_timeout;
	long gone = 0;
	int64_t left = -1;
	if (purge_batches(db, idle_before, created_before, max, &gone) == 0)
		left = session_count_expired(db, idle_before, created_before);
	db_close(db);
	if (left < 0) {
		fprintf(stderr,
		    "groundwork: the purge failed after %ld "
		    "sessions; the next run carries on\n",
		    gone);
		return 1;
	}
	printf("groundwork: purged %ld expired sessions (idle over %d s or "
	       "older than %d s); ",
	    gone, cfg.idle_timeout, cfg.absolute_timeout);
	if (left == 0)
		printf("none left\n");
	else
		printf("%lld left for the next run (at most %ld a run)\n",
		    (long long)left, max);
	return 0;
}
