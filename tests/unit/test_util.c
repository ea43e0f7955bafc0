/*
 * test_util.c - byte buffers, the request arena, str_copy() and
 * plural().
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "util.h"

/* --- buf ------------------------------------------------------------ */

START_TEST(buf_append_small)
{
	struct buf b = { 0 };
	buf_append(&b, "abc", 3);
	buf_puts(&b, "def");
	ck_assert_uint_eq(b.len, 6);
	ck_assert_str_eq(b.data, "abcdef");
	ck_assert_uint_gt(b.cap, b.len);
	buf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
}
END_TEST

/* An empty append must still leave a terminated string behind, since
 * callers print b.data without checking for NULL. */
START_TEST(buf_append_empty_terminates)
{
	struct buf b = { 0 };
	buf_append(&b, "", 0);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, "");
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

/* Many appends force several reallocations; the contents must survive
 * each move and stay NUL-terminated right after the last byte. */
START_TEST(buf_append_grows)
{
	struct buf b = { 0 };
	char expect[10000];
	for (size_t i = 0; i < sizeof(expect); i++) {
		char c = (char)('a' + i % 26);
		expect[i] = c;
		buf_append(&b, &c, 1);
		ck_assert_uint_eq(b.len, i + 1);
		ck_assert_int_eq(b.data[b.len], '\0');
		ck_assert_uint_gt(b.cap, b.len);
	}
	ck_assert_mem_eq(b.data, expect, sizeof(expect));
	buf_free(&b);
}
END_TEST

START_TEST(buf_append_binary)
{
	struct buf b = { 0 };
	buf_append(&b, "a\0b", 3);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_mem_eq(b.data, "a\0b", 4); /* includes the terminator */
	buf_free(&b);
}
END_TEST

START_TEST(buf_printf_appends)
{
	struct buf b = { 0 };
	buf_puts(&b, "x=");
	buf_printf(&b, "%d,%s", 42, "y");
	ck_assert_str_eq(b.data, "x=42,y");
	ck_assert_uint_eq(b.len, strlen("x=42,y"));
	buf_free(&b);
}
END_TEST

/* One printf far larger than the first allocation (256 bytes). */
START_TEST(buf_printf_grows)
{
	struct buf b = { 0 };
	char big[5000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_puts(&b, "<");
	buf_printf(&b, "%s>", big);
	ck_assert_uint_eq(b.len, sizeof(big) + 1);
	ck_assert_int_eq(b.data[0], '<');
	ck_assert_int_eq(b.data[b.len - 1], '>');
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert_uint_eq(strlen(b.data), b.len);
	buf_free(&b);
}
END_TEST

START_TEST(buf_reset_keeps_memory)
{
	struct buf b = { 0 };
	buf_puts(&b, "hello");
	size_t cap = b.cap;
	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.data, "");
	ck_assert_uint_eq(b.cap, cap);
	buf_puts(&b, "hi");
	ck_assert_str_eq(b.data, "hi");
	buf_free(&b);
}
END_TEST

/* --- arena ---------------------------------------------------------- */

static bool
aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

/* Odd sizes must not push later allocations off max_align_t, and the
 * regions handed out must not overlap. */
START_TEST(arena_alignment)
{
	struct arena a = { 0 };
	static const size_t sizes[] = { 1, 3, 7, 8, 13, 16, 17, 31, 0, 100 };
	char *prev = NULL;
	size_t prev_n = 0;
	for (size_t i = 0; i < GW_ARRAY_LEN(sizes); i++) {
		char *p = arena_alloc(&a, sizes[i]);
		ck_assert_ptr_nonnull(p);
		ck_assert_msg(aligned(p),
		    "allocation %zu (size %zu) misaligned", i, sizes[i]);
		if (prev && p > prev)
			ck_assert((uintptr_t)p >= (uintptr_t)(prev + prev_n));
		memset(p, 0xAB, sizes[i]);
		prev = p;
		prev_n = sizes[i];
	}
	arena_free(&a);
	ck_assert_ptr_null(a.head);
}
END_TEST

/* Requests bigger than a block (16 KiB) get their own block; they must
 * be usable end to end and leave earlier allocations intact. */
START_TEST(arena_large)
{
	struct arena a = { 0 };
	char *small = arena_strdup(&a, "keep me");
	size_t big_n = 1024 * 1024 + 5;
	unsigned char *big = arena_alloc(&a, big_n);
	ck_assert(aligned(big));
	memset(big, 0x5A, big_n);
	ck_assert_int_eq(big[0], 0x5A);
	ck_assert_int_eq(big[big_n - 1], 0x5A);
	char *after = arena_strdup(&a, "after");
	ck_assert(aligned(after));
	ck_assert_str_eq(small, "keep me");
	ck_assert_str_eq(after, "after");
	ck_assert_int_eq(big[big_n - 1], 0x5A);
	arena_free(&a);
}
END_TEST

/* Filling many blocks: every string must still read back correctly. */
START_TEST(arena_many_blocks)
{
	struct arena a = { 0 };
	char *ptrs[3000];
	for (int i = 0; i < 3000; i++)
		ptrs[i] = arena_printf(&a, "item-%d", i);
	for (int i = 0; i < 3000; i++) {
		char expect[32];
		snprintf(expect, sizeof(expect), "item-%d", i);
		ck_assert_str_eq(ptrs[i], expect);
	}
	arena_free(&a);
	ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(arena_strings)
{
	struct arena a = { 0 };
	const char *src = "hello, world";
	char *d = arena_strdup(&a, src);
	ck_assert_str_eq(d, src);
	ck_assert_ptr_ne(d, src);
	char *n = arena_strndup(&a, src, 5);
	ck_assert_str_eq(n, "hello");
	char *e = arena_strdup(&a, "");
	ck_assert_str_eq(e, "");
	char *f = arena_printf(&a, "%s-%03d-%c", "id", 7, 'z');
	ck_assert_str_eq(f, "id-007-z");
	char *empty = arena_printf(&a, "%s", "");
	ck_assert_str_eq(empty, "");
	arena_free(&a);
}
END_TEST

/* arena_printf must size its result exactly, even above a block. */
START_TEST(arena_printf_long)
{
	struct arena a = { 0 };
	char big[20000];
	memset(big, 'w', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *p = arena_printf(&a, "[%s]", big);
	ck_assert_uint_eq(strlen(p), sizeof(big) + 1);
	ck_assert_int_eq(p[0], '[');
	ck_assert_int_eq(p[sizeof(big)], ']');
	arena_free(&a);
}
END_TEST

/* --- str_copy ------------------------------------------------------- */

START_TEST(str_copy_fits)
{
	char dst[8];
	ck_assert_int_eq(str_copy(dst, sizeof(dst), "1234567"), 0);
	ck_assert_str_eq(dst, "1234567");
	ck_assert_int_eq(str_copy(dst, sizeof(dst), ""), 0);
	ck_assert_str_eq(dst, "");
}
END_TEST

/* One byte too many: -1, and the result is truncated but terminated. */
START_TEST(str_copy_truncates)
{
	char dst[8];
	memset(dst, 'X', sizeof(dst));
	ck_assert_int_eq(str_copy(dst, sizeof(dst), "12345678"), -1);
	ck_assert_str_eq(dst, "1234567");
	ck_assert_int_eq(str_copy(dst, 1, "abc"), -1);
	ck_assert_str_eq(dst, "");
	ck_assert_int_eq(str_copy(dst, 0, "abc"), -1);
}
END_TEST

/* A cut never falls inside a UTF-8 character: with room for 7 bytes,
 * "abcdeé€" keeps "abcdeé" (7 bytes); with room for 6 it keeps
 * "abcde", not half of the é. */
START_TEST(str_copy_keeps_characters_whole)
{
	char dst[8];
	ck_assert_int_eq(str_copy(dst, 8, "abcde\xc3\xa9\xe2\x82\xac"), -1);
	ck_assert_str_eq(dst, "abcde\xc3\xa9");
	ck_assert_int_eq(str_copy(dst, 7, "abcde\xc3\xa9"), -1);
	ck_assert_str_eq(dst, "abcde");
	ck_assert_int_eq(str_copy(dst, 4, "\xf0\x9f\x98\x80"), -1);
	ck_assert_str_eq(dst, "");
	ck_assert_int_eq(str_copy(dst, 5, "\xf0\x9f\x98\x80"), 0);
	ck_assert_str_eq(dst, "\xf0\x9f\x98\x80");
}
END_TEST

/* --- plural ----------------------------------------------------------- */

/* One is singular, every other count plural, zero and negatives too. */
START_TEST(plural_one_and_many)
{
	ck_assert_str_eq(plural(1, "day", "days"), "day");
	ck_assert_str_eq(plural(-1, "day", "days"), "day");
	ck_assert_str_eq(plural(0, "day", "days"), "days");
	ck_assert_str_eq(plural(2, "day", "days"), "days");
	ck_assert_str_eq(plural(-3, "day", "days"), "days");
	ck_assert_str_eq(plural(11, "criterion", "criteria"), "criteria");
	ck_assert_str_eq(plural(1, "criterion", "criteria"), "criterion");
}
END_TEST

Suite *
suite_util(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("buf");
	tcase_add_test(tc, buf_append_small);
	tcase_add_test(tc, buf_append_empty_terminates);
	tcase_add_test(tc, buf_append_grows);
	tcase_add_test(tc, buf_append_binary);
	tcase_add_test(tc, buf_printf_appends);
	tcase_add_test(tc, buf_printf_grows);
	tcase_add_test(tc, buf_reset_keeps_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("arena");
	tcase_add_test(tc, arena_alignment);
	tcase_add_test(tc, arena_large);
	tcase_add_test(tc, arena_many_blocks);
	tcase_add_test(tc, arena_strings);
	tcase_add_test(tc, arena_printf_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("str_copy");
	tcase_add_test(tc, str_copy_fits);
	tcase_add_test(tc, str_copy_truncates);
	tcase_add_test(tc, str_copy_keeps_characters_whole);
	suite_add_tcase(s, tc);

	tc = tcase_create("plural");
	tcase_add_test(tc, plural_one_and_many);
	suite_add_tcase(s, tc);
	return s;
}
