/*
 * page_cache.c - rendered page bodies kept in this worker's memory.
 */
#include "page_cache.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"

struct slot {
	char key[PAGE_CACHE_KEY_SIZE]; /* "" while empty */
	int64_t stamp[2];
	char title[PAGE_CACHE_TITLE_SIZE];
	char *body;
	size_t len;
	uint64_t used; /* tick of the last hit or store */
};

static struct slot slots[PAGE_CACHE_SLOTS];
static uint64_t ticks;

static struct slot *
find(const char *key)
{
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
		if (slots[i].key[0] && strcmp(slots[i].key, key) == 0)
			return &slots[i];
	return NULL;
}

bool
page_cache_get(const char *key, const int64_t stamp[2], struct cached_page *out)
{
	if (!cfg.page_cache)
		return false;
	struct slot *s = find(key);
	if (s == NULL || s->stamp[0] != stamp[0] || s->stamp[1] != stamp[1])
		return false;
	s->used = ++ticks;
	out->title = s->title;
	out->body = s->body;
	out->len = s->len;
	return true;
}

void
page_cache_put(const char *key, const int64_t stamp[2], const char *title,
    const char *body, size_t len)
{
	if (!cfg.page_cache || strlen(key) >= PAGE_CACHE_KEY_SIZE ||
	    strlen(title) >= PAGE_CACHE_TITLE_SIZE)
		return; /* too long to keep whole: simply not kept */
	struct slot *s = find(key);
	if (s == NULL) {
		s = &slots[0];
		for (size_t i = 1; i < PAGE_CACHE_SLOTS; i++)
			if (slots[i].used < s->used)
				s = &slots[i];
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	free(s->body);
	str_copy(s->key, sizeof(s->key), key);
	str_copy(s->title, sizeof(s->title), title);
	s->stamp[0] = stamp[0];
	s->stamp[1] = stamp[1];
	s->body = copy;
	s->len = len;
	s->used = ++ticks;
}

void
page_cache_clear(void)
{
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++) {
		free(slots[i].body);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
	ticks = 0;
}
