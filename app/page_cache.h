/*
 * page_cache.h - rendered page bodies kept in this worker's memory.
 *
 * An entry answers only for the exact key and stamp it was stored
 * with.  The stamp names everything the body was computed from (for a
 * team page: the team's revision and the minute its figures are as
 * of), so a change anywhere is a miss, never a stale hit.  Each worker
 * has its own few slots; a worker starts empty.
 */
#ifndef GW_PAGE_CACHE_H
#define GW_PAGE_CACHE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define PAGE_CACHE_SLOTS 32
#define PAGE_CACHE_KEY_SIZE 160 /* room for a zone and a form token */
#define PAGE_CACHE_TITLE_SIZE 320

struct cached_page {
	const char *title;
	const char *body;
	size_t len;
};

/* The page stored for key at exactly stamp (two numbers, such as a
 * revision and a time); false on a miss. */
bool page_cache_get(const char *key, const int64_t stamp[2],
    struct cached_page *out);

/* Keep a copy of title and body for key at stamp, replacing what key
 * held, or else the slot used longest ago. */
void page_cache_put(const char *key, const int64_t stamp[2], const char *title,
    const char *body, size_t len);

/* Forget everything (tests; a worker never needs to). */
void page_cache_clear(void);

#endif
