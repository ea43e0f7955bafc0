/*
 * date.c - calendar arithmetic without time zones getting in the way:
 * dates are counted as days since 1970-01-01 (civil calendar).
 */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static bool
parse(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	     (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *y >= 2000 && *y <= 2199 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= days_in_month(*y, *m);
}

bool
date_valid(const char *s)
{
	int y, m, d;
	return parse(s, &y, &m, &d);
}

/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
static long
day_number(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
date_diff(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;
	if (!parse(a, &ya, &ma, &da) || !parse(b, &yb, &mb, &db))
		return 0;
	return (int)(day_number(yb, mb, db) - day_number(ya, ma, da));
}

void
date_of(int64_t t, char out[DATE_SIZE])
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	if (strftime(out, DATE_SIZE, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

int64_t
minute_start(int64_t t)
{
	return t - t % 60;
}

int
days_between(int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	return (int)((to - from) / 86400);
}
