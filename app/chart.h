/*
 * chart.h - the arithmetic of the charts the server draws as inline
 * SVG: a value axis in round steps, and short labels for weeks.  The
 * handlers place the marks; the templates draw them.
 */
#ifndef GW_CHART_H
#define GW_CHART_H

#include <stddef.h>
#include <stdint.h>

/*
 * An axis from 0 for values up to max, in at most steps round steps
 * (1, 2 or 5 times a power of ten).  Returns the step and sets *top to
 * the axis's end: the first multiple of the step at or above max, and
 * never 0 (an empty chart still has an axis from 0 to 1).
 */
int64_t chart_axis(int64_t max, int steps, int64_t *top);

/* "9 Nov" for the date "2026-11-09", into out (at least 8 bytes);
 * the date itself when it is not YYYY-MM-DD. */
void chart_day_label(const char *ymd, char *out, size_t size);

#endif
