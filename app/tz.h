/*
 * tz.h - time zones by their IANA names, read from the system's zone
 * database (tzdata), and the one zone dates are shown in right now:
 * the install's, or the signed-in person's own for their request.
 */
#ifndef GW_TZ_H
#define GW_TZ_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* True when name is a zone of the system's database ("Europe/Berlin",
 * "UTC"): plain path characters only, and a TZif file there. */
bool tz_valid(const char *name);

/* Show dates in zone name from now on (the install's zone when name is
 * "" or unknown).  Every date_of() and page time follows it. */
void tz_use(const char *name);

/* The zone in use ("" before the first tz_use). */
const char *tz_current(void);

/* The broken-down local time of t in zone name, leaving the zone in
 * use as it was. */
void tz_local(const char *name, int64_t t, struct tm *out);

#endif
