/*
 * tiles.c - the tiles of a page's ten-second strip: see tiles.h.
 */
#include "tiles.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "date.h"

/* The sparkline's box, in SVG units; the page stretches it. */
#define SPARK_W 100
#define SPARK_H 28

const char *
tiles_direction(const struct tile *t)
{
	double sum[2] = { 0, 0 };
	int n[2] = { 0, 0 };
	for (int w = 0; w < TILE_WEEKS; w++) {
		if (!t->known[w])
			continue;
		int half = w >= TILE_WEEKS / 2;
		sum[half] += t->points[w];
		n[half]++;
	}
	if (n[0] == 0 || n[1] == 0)
		return "too little data";
	double before = sum[0] / n[0], after = sum[1] / n[1];
	/* A change smaller than this is noise: 3 points of a share, or a
	 * tenth of a count (and at least 1). */
	double noise = t->percent ? 3.0 : fmax(1.0, fabs(before) / 10);
	if (after > before + noise)
		return "rising";
	if (after < before - noise)
		return "falling";
	return "steady";
}

/* The polyline through the known points, scaled to the box: shares
 * from 0 to 100, counts from 0 to their largest. */
static void
spark_points(const struct tile *t, char *out, size_t size)
{
	double top = t->percent ? 100 : 0;
	for (int w = 0; w < TILE_WEEKS; w++)
		if (t->known[w] && t->points[w] > top)
			top = t->points[w];
	if (top <= 0)
		top = 1;
	size_t len = 0;
	out[0] = 0;
	for (int w = 0; w < TILE_WEEKS && len < size; w++) {
		if (!t->known[w])
			continue;
		int x = w * SPARK_W / (TILE_WEEKS - 1);
		int y = SPARK_H - 2 -
		        (int)lround(t->points[w] * (SPARK_H - 4) / top);
		int n = snprintf(out + len, size - len, "%s%d,%d",
		    len ? " " : "", x, y);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

void
tiles_add(tmpl_dict *d, const struct tile *t)
{
	tmpl_dict *s = tmpl_add_section(d, "TILE");
	tmpl_set_str(s, "ID", t->id);
	tmpl_set_str(s, "NAME", t->name);
	tmpl_set_str(s, "HREF", t->href);
	tmpl_set_str(s, "VALUE", t->value);
	tmpl_set_str(s, "COUNT", t->count);
	tmpl_set_str(s, "SERIES", t->series);
	tmpl_set_str(s, "DIRECTION", tiles_direction(t));
	if (t->attention)
		tmpl_set_str(tmpl_add_section(s, "ATTENTION"), "REASON",
		    t->attention);
	char points[TILE_WEEKS * 12];
	spark_points(t, points, sizeof(points));
	tmpl_set_str(s, "POINTS", points);
	for (int w = 0; w < TILE_WEEKS; w++) {
		tmpl_dict *row = tmpl_add_section(s, "POINT");
		char date[DATE_SIZE], day[16], value[32];
		date_of((t->first_week + w) * 604800 - 259200, date);
		chart_day_label(date, day, sizeof(day));
		tmpl_set_str(row, "WEEK", day);
		if (!t->known[w])
			snprintf(value, sizeof(value), "—");
		else if (t->percent)
			snprintf(value, sizeof(value), "%.0f%%", t->points[w]);
		else
			snprintf(value, sizeof(value), "%.0f", t->points[w]);
		tmpl_set_str(row, "V", value);
	}
}
