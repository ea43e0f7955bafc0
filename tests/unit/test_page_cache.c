/*
 * test_page_cache.c - the per-worker store of rendered bodies
 * (app/page_cache.c): a hit needs the exact key and both numbers of the
 * stamp; a full store gives up the slot used longest ago; what is too
 * long to keep whole is not kept.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "page_cache.h"
#include "unit.h"

static void
setup(void)
{
	config_defaults(&cfg);
	page_cache_clear();
}

START_TEST(empty_misses)
{
	int64_t stamp[2] = { 1, 60 };
	struct cached_page p;
	ck_assert(!page_cache_get("team/1/2/90", stamp, &p));
}
END_TEST

START_TEST(hit_gives_back_title_and_body)
{
	int64_t stamp[2] = { 7, 120 };
	const char body[] = "<p>a\0b</p>"; /* bytes, not a C string */
	page_cache_put("team/1/2/90", stamp, "Team North", body, sizeof(body));
	struct cached_page p;
	ck_assert(page_cache_get("team/1/2/90", stamp, &p));
	ck_assert_str_eq(p.title, "Team North");
	ck_assert_uint_eq(p.len, sizeof(body));
	ck_assert(memcmp(p.body, body, sizeof(body)) == 0);
}
END_TEST

START_TEST(any_other_stamp_or_key_misses)
{
	int64_t stamp[2] = { 7, 120 };
	page_cache_put("team/1/2/90", stamp, "t", "body", 4);
	struct cached_page p;
	int64_t newer_rev[2] = { 8, 120 }, next_minute[2] = { 7, 180 };
	int64_t older_rev[2] = { 6, 120 };
	ck_assert(!page_cache_get("team/1/2/90", newer_rev, &p));
	ck_assert(!page_cache_get("team/1/2/90", older_rev, &p));
	ck_assert(!page_cache_get("team/1/2/90", next_minute, &p));
	ck_assert(!page_cache_get("team/1/2/30", stamp, &p));
	ck_assert(!page_cache_get("team/1/3/90", stamp, &p));
	ck_assert(!page_cache_get("team/1/2/9", stamp, &p));
	ck_assert(page_cache_get("team/1/2/90", stamp, &p));
}
END_TEST

START_TEST(put_replaces_the_keys_entry)
{
	int64_t old[2] = { 1, 60 }, now[2] = { 2, 60 };
	page_cache_put("deals/5", old, "My deals", "old", 3);
	page_cache_put("deals/5", now, "My deals", "newer", 5);
	struct cached_page p;
	ck_assert(!page_cache_get("deals/5", old, &p));
	ck_assert(page_cache_get("deals/5", now, &p));
	ck_assert_uint_eq(p.len, 5);
	ck_assert(memcmp(p.body, "newer", 5) == 0);
	/* One key took one slot: every other slot is still free. */
	for (int i = 0; i < PAGE_CACHE_SLOTS - 1; i++) {
		char key[32];
		snprintf(key, sizeof(key), "k/%d", i);
		page_cache_put(key, now, "t", "x", 1);
	}
	ck_assert(page_cache_get("deals/5", now, &p));
}
END_TEST

START_TEST(full_store_drops_the_least_recently_used)
{
	int64_t stamp[2] = { 1, 60 };
	char key[32];
	for (int i = 0; i < PAGE_CACHE_SLOTS; i++) {
		snprintf(key, sizeof(key), "k/%d", i);
		page_cache_put(key, stamp, "t", key, strlen(key));
	}
	struct cached_page p;
	/* k/0 is read, so k/1 is now the one used longest ago. */
	ck_assert(page_cache_get("k/0", stamp, &p));
	page_cache_put("k/new", stamp, "t", "new", 3);
	ck_assert(page_cache_get("k/new", stamp, &p));
	ck_assert(page_cache_get("k/0", stamp, &p));
	ck_assert(!page_cache_get("k/1", stamp, &p));
	for (int i = 2; i < PAGE_CACHE_SLOTS; i++) {
		snprintf(key, sizeof(key), "k/%d", i);
		ck_assert_msg(page_cache_get(key, stamp, &p), "%s kept", key);
	}
}
END_TEST

START_TEST(too_long_to_keep_is_not_kept)
{
	int64_t stamp[2] = { 1, 60 };
	char key[PAGE_CACHE_KEY_SIZE + 8], title[PAGE_CACHE_TITLE_SIZE + 8];
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	memset(title, 't', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	page_cache_put(key, stamp, "t", "b", 1);
	page_cache_put("short", stamp, title, "b", 1);
	struct cached_page p;
	ck_assert(!page_cache_get(key, stamp, &p));
	ck_assert(!page_cache_get("short", stamp, &p));
	/* A key one shorter than the limit is kept, and not confused with
	 * the long one that shares its beginning. */
	key[PAGE_CACHE_KEY_SIZE - 1] = '\0';
	page_cache_put(key, stamp, "t", "b", 1);
	ck_assert(page_cache_get(key, stamp, &p));
}
END_TEST

START_TEST(switched_off_keeps_nothing)
{
	int64_t stamp[2] = { 1, 60 };
	page_cache_put("a", stamp, "t", "b", 1);
	cfg.page_cache = false;
	struct cached_page p;
	ck_assert(!page_cache_get("a", stamp, &p));
	page_cache_put("c", stamp, "t", "d", 1);
	cfg.page_cache = true;
	ck_assert(!page_cache_get("c", stamp, &p));
}
END_TEST

START_TEST(clear_forgets_everything)
{
	int64_t stamp[2] = { 1, 60 };
	page_cache_put("a", stamp, "t", "b", 1);
	page_cache_clear();
	struct cached_page p;
	ck_assert(!page_cache_get("a", stamp, &p));
}
END_TEST

Suite *
suite_page_cache(void)
{
	Suite *s = suite_create("page_cache");
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, empty_misses);
	tcase_add_test(tc, hit_gives_back_title_and_body);
	tcase_add_test(tc, any_other_stamp_or_key_misses);
	tcase_add_test(tc, put_replaces_the_keys_entry);
	tcase_add_test(tc, full_store_drops_the_least_recently_used);
	tcase_add_test(tc, too_long_to_keep_is_not_kept);
	tcase_add_test(tc, switched_off_keeps_nothing);
	tcase_add_test(tc, clear_forgets_everything);
	suite_add_tcase(s, tc);
	return s;
}
