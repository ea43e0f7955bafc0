/*
 * test_import_csv.c - reading a file to import (app/import_csv.h):
 * encoding and separator detection, rows as libcsv parses them, and
 * each kind of bad file refused with a message that names the row.
 */
#include <stdlib.h>
#include <string.h>

#include "import_csv.h"
#include "unit.h"
#include "util.h"

/* The rows of a file, each as "cell|cell|...", one per line. */
static struct buf got;

static int
collect(const struct import_row *row, void *arg)
{
	(void)arg;
	for (int i = 0; i < row->n; i++) {
		if (i)
			buf_puts(&got, "|");
		buf_puts(&got, row->cells[i]);
	}
	buf_puts(&got, "\n");
	return 0;
}

static struct import_shape shape;
static char msg[IMPORT_MESSAGE_MAX];

/* Read text of n bytes; the rows in got.data, rc returned. */
static int
read_n(const char *text, size_t n)
{
	buf_free(&got);
	buf_puts(&got, "");
	msg[0] = '\0';
	return import_csv_read_mem(text, n, &shape, collect, NULL, msg,
	    sizeof(msg));
}

static int
read_text(const char *text)
{
	return read_n(text, strlen(text));
}

START_TEST(utf8_comma_rows)
{
	ck_assert_int_eq(read_text("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n"
	                           "\"two\nlines\",z\n"),
	    0);
	ck_assert_int_eq(shape.encoding, IMPORT_UTF8);
	ck_assert_int_eq(shape.separator, ',');
	ck_assert_str_eq(got.data, "a|b\nx, y|say \"hi\"\ntwo\nlines|z\n");
}
END_TEST

/* A BOM is noted and never reaches the first heading. */
START_TEST(utf8_bom_stripped)
{
	ck_assert_int_eq(read_text("\xEF\xBB\xBFid,company\n1,Caf\xC3\xA9\n"),
	    0);
	ck_assert_int_eq(shape.encoding, IMPORT_UTF8_BOM);
	ck_assert_str_eq(got.data, "id|company\n1|Caf\xC3\xA9\n");
}
END_TEST

/* The separator is the commonest in the heading line outside quotes. */
START_TEST(separator_detected)
{
	ck_assert_int_eq(read_text("\"a,b\";c;d\n1,5;2;3\n"), 0);
	ck_assert_int_eq(shape.separator, ';');
	ck_assert_str_eq(got.data, "a,b|c|d\n1,5|2|3\n");
	ck_assert_int_eq(read_text("a\tb\n1\t2\n"), 0);
	ck_assert_int_eq(shape.separator, '\t');
	ck_assert_str_eq(got.data, "a|b\n1|2\n");
	ck_assert_int_eq(read_text("only\nx\n"), 0);
	ck_assert_int_eq(shape.separator, ',');
}
END_TEST

/* Windows-1252 bytes become UTF-8, the euro sign and accents included. */
START_TEST(cp1252_converted)
{
	ck_assert_int_eq(read_text("Firma;Wert\nM\xFCller \x80;Caf\xE9\n"), 0);
	ck_assert_int_eq(shape.encoding, IMPORT_CP1252);
	ck_assert_str_eq(got.data,
	    "Firma|Wert\nM\xC3\xBCller \xE2\x82\xAC|Caf\xC3\xA9\n");
}
END_TEST

/* UTF-8 that breaks partway is refused, not misread as Windows-1252. */
START_TEST(invalid_utf8_refused)
{
	ck_assert_int_eq(read_text("a,b\nCaf\xC3\xA9,x\nbad \xC3(,y\n"), -1);
	ck_assert_ptr_nonnull(strstr(msg, "not valid UTF-8"));
	ck_assert_ptr_nonnull(strstr(msg, "line 3"));
	ck_assert_int_eq(read_text("\xEF\xBB\xBF"
	                           "a\n\xFF\n"),
	    -1);
	ck_assert_ptr_nonnull(strstr(msg, "not valid UTF-8"));
	ck_assert_str_eq(got.data, "");
}
END_TEST

START_TEST(other_encodings_refused)
{
	ck_assert_int_eq(read_n("\xFF\xFE"
	                        "a\0,\0b\0",
	                     8),
	    -1);
	ck_assert_ptr_nonnull(strstr(msg, "UTF-16"));
	ck_assert_int_eq(read_n("a,b\n\0\0\0\n", 8), -1);
	ck_assert_ptr_nonnull(strstr(msg, "not a text file"));
	/* 0x81 is undefined in Windows-1252 */
	ck_assert_int_eq(read_text("a\n\x81\n"), -1);
	ck_assert_ptr_nonnull(strstr(msg, "not valid UTF-8"));
}
END_TEST

START_TEST(empty_refused)
{
	ck_assert_int_eq(read_n("", 0), -1);
	ck_assert_str_eq(msg, "The file is empty.");
	ck_assert_int_eq(read_text("\xEF\xBB\xBF"), -1);
	ck_assert_str_eq(msg, "The file is empty.");
}
END_TEST

START_TEST(unbalanced_quotes_refused)
{
	ck_assert_int_eq(read_text("a,b\n1,2\n\"open,3\n4,5\n"), -1);
	ck_assert_ptr_nonnull(strstr(msg, "Row 3 has unbalanced quotes"));
	ck_assert_int_eq(read_text("a,b\n\"x\"y,2\n"), -1);
	ck_assert_ptr_nonnull(strstr(msg, "Row 2 has unbalanced quotes"));
}
END_TEST

/* A 1 MB cell stops the reading at its row; memory stays bounded. */
START_TEST(huge_cell_refused)
{
	size_t n = 1024 * 1024;
	char *text = xmalloc(n + 16);
	memcpy(text, "a\nx\n\"", 5);
	memset(text + 5, 'z', n);
	memcpy(text + 5 + n, "\"\n", 3);
	ck_assert_int_eq(read_text(text), -1);
	ck_assert_ptr_nonnull(strstr(msg,
	    "Row 3 has a cell longer than 64 KiB"));
	ck_assert_str_eq(got.data, "a\nx\n");
	free(text);
}
END_TEST

/* A cell just under the limit is read whole. */
START_TEST(long_cell_read)
{
	size_t n = IMPORT_CELL_MAX - 1;
	char *text = xmalloc(n + 8);
	memcpy(text, "a\n", 2);
	memset(text + 2, 'q', n);
	memcpy(text + 2 + n, "\n", 2);
	ck_assert_int_eq(read_text(text), 0);
	ck_assert_uint_eq(got.len, 2 + n + 1);
	free(text);
}
END_TEST

START_TEST(ten_thousand_columns_refused)
{
	struct buf b = { 0 };
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, i ? ",h" : "h");
	buf_puts(&b, "\n");
	ck_assert_int_eq(read_text(b.data), -1);
	ck_assert_ptr_nonnull(strstr(msg, "Row 1 has more than 200 columns"));
	ck_assert_str_eq(got.data, "");
	buf_free(&b);
}
END_TEST

Suite *
suite_import_csv(void)
{
	Suite *s = suite_create("import_csv");
	TCase *tc = tcase_create("read");
	tcase_add_test(tc, utf8_comma_rows);
	tcase_add_test(tc, utf8_bom_stripped);
	tcase_add_test(tc, separator_detected);
	tcase_add_test(tc, cp1252_converted);
	tcase_add_test(tc, invalid_utf8_refused);
	tcase_add_test(tc, other_encodings_refused);
	tcase_add_test(tc, empty_refused);
	tcase_add_test(tc, unbalanced_quotes_refused);
	tcase_add_test(tc, huge_cell_refused);
	tcase_add_test(tc, long_cell_read);
	tcase_add_test(tc, ten_thousand_columns_refused);
	suite_add_tcase(s, tc);
	return s;
}
