/*
 * chart.c - round axis steps and week labels for the SVG charts.
 */
#include "chart.h"

#include <stdio.h>

/* The smallest of 1, 2, 5, 10, 20, 50, ... that reaches max in steps. */
static int64_t
round_step(int64_t max, int steps)
{
	static const int64_t mult[] = { 1, 2, 5 };
	for (int64_t power = 1; power <= INT64_MAX / 50 / steps; power *= 10)
		for (size_t i = 0; i < sizeof(mult) / sizeof(mult[0]); i++)
			if (mult[i] * power * steps >= max)
				return mult[i] * power;
	return max;
}

int64_t
chart_axis(int64_t max, int steps, int64_t *top)
{
	if (steps < 1)
		steps = 1;
	if (max < 1)
		max = 1;
	int64_t step = round_step(max, steps);
	*top = (max + step - 1) / step * step;
	return step;
}

void
chart_day_label(const char *ymd, char *out, size_t size)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int y, m, d;
	char tail;
	if (sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
	    m <= 12 && d >= 1 && d <= 31)
		snprintf(out, size, "%d %s", d, months[m - 1]);
	else
		snprintf(out, size, "%s", ymd);
}
