/*
 * tz.c - time zones.  The C library shows local time in the zone of
 * the TZ variable; a worker serves one request at a time, so setting
 * it per request is the one place every date on a page follows the
 * person's own zone.
 */
#include "tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"

static char current[80];

/* Where the zone files are: $TZDIR, as the C library reads it. */
static const char *
zone_dir(void)
{
	const char *dir = getenv("TZDIR");
	return dir && *dir ? dir : "/usr/share/zoneinfo";
}

bool
tz_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 64 || name[0] == '/' || name[0] == '.' ||
	    strstr(name, "..") || strstr(name, "//"))
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		        (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		        *p == '-' || *p == '+'))
			return false;
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", zone_dir(), name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	char magic[4] = { 0 };
	bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

void
tz_use(const char *name)
{
	const char *zone = name && *name ? name : cfg.timezone;
	if (strcmp(zone, current) == 0)
		return;
	if (zone != cfg.timezone && !tz_valid(zone))
		zone = cfg.timezone;
	str_copy(current, sizeof(current), zone);
	setenv("TZ", current, 1);
	tzset();
}

const char *
tz_current(void)
{
	return current;
}

void
tz_local(const char *name, int64_t t, struct tm *out)
{
	char before[sizeof(current)];
	str_copy(before, sizeof(before), current);
	tz_use(name);
	time_t tt = (time_t)t;
	localtime_r(&tt, out);
	tz_use(before);
}
