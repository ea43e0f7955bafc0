/*
 * date.h - calendar dates as people pick them ("YYYY-MM-DD"), in the
 * configured time zone.
 */
#ifndef GW_DATE_H
#define GW_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_SIZE 11 /* "YYYY-MM-DD" plus NUL */

/* True for a real date in "YYYY-MM-DD" form, years 2000-2199. */
bool date_valid(const char *s);

/* The calendar date of time t in the local zone. */
void date_of(int64_t t, char out[DATE_SIZE]);

/* Days from a to b (b - a); both must be valid. */
int date_diff(const char *a, const char *b);

/* The start of t's minute: the moment kept pages and team figures
 * are taken at. */
int64_t minute_start(int64_t t);

/* Whole days between two times (for "12 days in stage"). */
int days_between(int64_t from, int64_t to);

#endif
