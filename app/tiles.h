/*
 * tiles.h - the tiles of a page's ten-second strip (tiles.c): a big
 * number with its count, an 8-week sparkline drawn as inline SVG with
 * its numbers in a table for screen readers, the direction in a word,
 * a link to what is behind the number, and the reason in words when it
 * needs attention.  strip.c decides the figures; this file draws.
 */
#ifndef GW_TILES_H
#define GW_TILES_H

#include <stdbool.h>
#include <stdint.h>

#include "tmpl.h"

#define TILE_WEEKS 8

struct tile {
	const char *id;     /* "early-share": the tile's id is tile-<id> */
	const char *name;   /* its heading, the link's text */
	const char *href;   /* the page or the deals behind the number */
	const char *value;  /* the big number, "38%" */
	const char *count;  /* its count in small type, "5 of 13" */
	const char *series; /* what the trend shows, for its table */
	int64_t first_week; /* measure_week of the oldest point */
	double points[TILE_WEEKS]; /* oldest first */
	bool known[TILE_WEEKS];    /* false: nothing to show that week */
	bool percent;              /* points are shares from 0 to 100 */
	const char *attention;     /* why it needs attention, or NULL */
};

/* Add a TILE section for t to d (the strings are copied). */
void tiles_add(tmpl_dict *d, const struct tile *t);

/* "rising", "falling", "steady", or "too little data" for a series:
 * the mean of its later half against its earlier half. */
const char *tiles_direction(const struct tile *t);

#endif
