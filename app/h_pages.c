/*
 * h_pages.c - each role's home page, the health check, and the
 * test-only failure page.
 */
#include <string.h>

#include "config.h"
#include "page.h"
#include "route.h"

/*
 * GET /healthz - 200 "ok" with the version; the trivial page that
 * benchmarks compare against.
 */
void
h_healthz_get(struct req *r)
{
	resp_text(r, 200, "ok " GW_VERSION "\n");
}

/*
 * GET /_debug/fail - only with debug_routes on: an internal error, so
 * tests can see what a 500 looks like.
 */
void
h_debug_fail_get(struct req *r)
{
	resp_internal(r, "deliberate failure for testing");
}
