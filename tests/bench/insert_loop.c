/*
 * insert_loop.c - the physical limit for the create-deal POST: the same
 * transaction the handler runs (a deal, its first stage change, an
 * audit row), committed one at a time on the same disk, in a plain loop
 * with no HTTP in front.  Each commit is on disk before the next
 * begins: alone, db_tx_commit() makes one fsync per commit, as
 * synchronous=FULL does (measured the same, within this disk's swings).
 *
 *   insert_loop DB OWNER_ID TEAM_ID SECONDS
 * Prints "insert loop: N commits in S s = R commits/s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "util.h"

static double
seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr,
		    "usage: insert_loop DB OWNER_ID TEAM_ID SECONDS\n");
		return 2;
	}
	struct db *db = db_open(argv[1]);
	if (db == NULL || db_prepare_all(db) != DB_OK)
		return 1;
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = strtoll(argv[2], NULL, 10);
	d.team_id = strtoll(argv[3], NULL, 10);
	str_copy(d.company, sizeof(d.company), "Bench Company");
	str_copy(d.contact, sizeof(d.contact), "Pat Lee");
	str_copy(d.currency, sizeof(d.currency), "USD");
	d.has_amount = true;
	d.amount = 1250000;
	d.stage_id = 1;
	double limit = atof(argv[4]), start = seconds_now(), now = start;
	long commits = 0;
	while (now - start < limit) {
		int64_t t = now_seconds();
		if (db_tx_begin(db) != DB_OK ||
		    deal_create(db, &d, t) != DB_OK ||
		    audit_add(db, d.owner_id, "deal-create", "deal", "bench",
		        "127.0.0.1") != DB_OK ||
		    db_tx_commit(db) != DB_OK) {
			fprintf(stderr, "insert loop: a commit failed\n");
			db_close(db);
			return 1;
		}
		commits++;
		now = seconds_now();
	}
	printf("insert loop: %ld commits in %.1f s = %.1f commits/s\n", commits,
	    now - start, (double)commits / (now - start));
	db_close(db);
	return 0;
}
