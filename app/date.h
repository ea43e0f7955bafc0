/*
 * date.h - calendar dates as people pick them ("YYYY-MM-DD"), in the
 * configured time zone.
 */
#ifndef GW_DATE_H
#define GW_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_SIZE 11 /* "YYYY-MM-DD" plus NUL */

/* The years a stored date may fall in, and their first and last day. */
#define DATE_FIRST_YEAR 2000
#define DATE_LAST_YEAR 2199
#define DATE_FIRST "2000-01-01"
#define DATE_LAST "2199-12-31"

/* True for a real date in "YYYY-MM-DD" form, years 2000-2199. */
bool date_valid(const char *s);

/*
 * What is wrong with s as a date someone typed, or NULL: not written
 * YYYY-MM-DD, or no such month or day.  Any year 0000-9999 passes, so
 * that a field can then say which dates it takes (date_within).  The
 * message is a constant.
 */
const char *date_problem(const char *s);

/* Is s a real day from `from` to `to` (both YYYY-MM-DD), ends included? */
bool date_within(const char *s, const char *from, const char *to);

/* The day `years` after s (before, when negative), on the same day of
 * the month; 29 February becomes 28 February outside leap years.  ""
 * when s is not a real day or the year leaves 0000-9999. */
void date_add_years(const char *s, int years, char out[DATE_SIZE]);

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
