/*
 * test_tiles.c - app/tiles.c: the direction word of a tile's trend
 * (the team page's browser test checks what a tile shows).
 */
#include "tiles.h"
#include "unit.h"

static struct tile
series(const double *points, const bool *known, bool percent)
{
	struct tile t = { .id = "x",
		.name = "X",
		.href = "/x",
		.value = "1",
		.count = "1 of 2",
		.series = "X per week",
		.first_week = 2818,
		.percent = percent };
	for (int w = 0; w < TILE_WEEKS; w++) {
		t.points[w] = points[w];
		t.known[w] = known == NULL || known[w];
	}
	return t;
}

/* Counts: the later half's mean against the earlier half's, with a
 * tenth of the earlier mean (at least 1) as noise. */
START_TEST(direction_of_counts)
{
	static const double up[] = { 10, 10, 10, 10, 12, 12, 12, 12 };
	static const double flat[] = { 10, 10, 10, 10, 11, 11, 11, 11 };
	static const double down[] = { 3, 3, 3, 3, 1, 1, 1, 1 };
	static const double small[] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	struct tile t = series(up, NULL, false);
	ck_assert_str_eq(tiles_direction(&t), "rising");
	t = series(flat, NULL, false);
	ck_assert_str_eq(tiles_direction(&t), "steady");
	t = series(down, NULL, false);
	ck_assert_str_eq(tiles_direction(&t), "falling");
	t = series(small, NULL, false);
	ck_assert_str_eq(tiles_direction(&t), "steady");
}
END_TEST

/* Shares: 3 points either way is noise; a half with no known week
 * cannot tell. */
START_TEST(direction_of_shares)
{
	static const double p[] = { 50, 50, 50, 50, 54, 54, 54, 54 };
	static const double q[] = { 50, 50, 50, 50, 52, 52, 52, 52 };
	static const bool late_only[] = { false, false, false, false, true,
		true, true, true };
	struct tile t = series(p, NULL, true);
	ck_assert_str_eq(tiles_direction(&t), "rising");
	t = series(q, NULL, true);
	ck_assert_str_eq(tiles_direction(&t), "steady");
	t = series(p, late_only, true);
	ck_assert_str_eq(tiles_direction(&t), "too little data");
}
END_TEST

Suite *
suite_tiles(void)
{
	Suite *s = suite_create("tiles");
	TCase *tc = tcase_create("direction");
	tcase_add_test(tc, direction_of_counts);
	tcase_add_test(tc, direction_of_shares);
	suite_add_tcase(s, tc);
	return s;
}
