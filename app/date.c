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

/* What read_date() found wrong, if anything. */
enum date_fault { DATE_FINE, DATE_FORM, DATE_MONTH, DATE_DAY };

/* Read "YYYY-MM-DD", any year 0000-9999, into its parts. */
static enum date_fault
read_date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return DATE_FORM;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return DATE_FORM;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	     (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*m < 1 || *m > 12)
		return DATE_MONTH;
	if (*d < 1 || *d > days_in_month(*y, *m))
		return DATE_DAY;
	return DATE_FINE;
}

/* A real day within the years Groundwork stores. */
static bool
parse(const char *s, int *y, int *m, int *d)
{
	return read_date(s, y, m, d) == DATE_FINE && *y >= DATE_FIRST_YEAR &&
	       *y <= DATE_LAST_YEAR;
}

bool
date_valid(const char *s)
{
	int y, m, d;
	return parse(s, &y, &m, &d);
}

const char *
date_problem(const char *s)
{
	int y, m, d;
	switch (read_date(s, &y, &m, &d)) {
	case DATE_FINE:
		return NULL;
	case DATE_MONTH:
		return "There is no such month: months go from 01 to 12.";
	case DATE_DAY:
		return "There is no such day in that month.";
	case DATE_FORM:
		break;
	}
	return "Enter a date as YYYY-MM-DD, for example 2025-03-14.";
}

bool
date_within(const char *s, const char *from, const char *to)
{
	/* Same length, digits in the same places: text order is date
	 * order. */
	return date_problem(s) == NULL && strcmp(s, from) >= 0 &&
	       strcmp(s, to) <= 0;
}

void
date_add_years(const char *s, int years, char out[DATE_SIZE])
{
	int y, m, d;
	if (read_date(s, &y, &m, &d) != DATE_FINE || y + years < 0 ||
	    y + years > 9999) {
		out[0] = '\0';
		return;
	}
	y += years;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	snprintf(out, DATE_SIZE, "%04d-%02d-%02d", y, m, d);
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
