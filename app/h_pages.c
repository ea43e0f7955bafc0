/*
 * h_pages.c - the pages that belong to no family: the health check and
 * the test-only failure page.  Each role's home ("/") is in h_auth.c,
 * beside the sign-in that sends people there.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "page.h"
#include "resp.h"
#include "route.h"

/*
 * GET /healthz - 200 "ok <version> schema <n>" when the database
 * answers, else 503.  When the database's filesystem has less than
 * low_space_mb free, the first word is "low-space" instead of "ok" and
 * the line says how much is left: still 200, since reads go on, but a
 * monitor matching "ok" warns before saves start failing.  It is the
 * trivial page benchmarks compare against.
 */
void
h_pages_healthz_get(struct req *r)
{
	int version = db_schema_version(r->db);
	if (version <= 0) {
		resp_text(r, 503, "unavailable\n");
		return;
	}
	char text[160];
	int64_t bytes = free_bytes_at(cfg.db);
	int64_t mb = bytes / (1024 * 1024);
	if (bytes >= 0 && mb < cfg.low_space_mb)
		snprintf(text, sizeof(text),
		    "low-space %s schema %d: %lld MiB free for the database, "
		    "below %d MiB\n",
		    GW_VERSION, version, (long long)mb, cfg.low_space_mb);
	else
		snprintf(text, sizeof(text), "ok %s schema %d\n", GW_VERSION,
		    version);
	resp_text(r, 200, text);
}

/*
 * GET /_debug/fail - only with debug_routes on: an internal error, so
 * tests can see what a 500 looks like.
 */
void
h_pages_debug_fail_get(struct req *r)
{
	resp_internal(r, "deliberate failure for testing");
}
