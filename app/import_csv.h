/*
 * import_csv.h - reading a CSV file to import (import_csv.c): what
 * separator and encoding it uses, and its rows one at a time, parsed
 * by Debian's libcsv.  The file is streamed in blocks and never held
 * whole; a row is at most IMPORT_COLUMNS_MAX cells of at most
 * IMPORT_CELL_MAX bytes each, so memory stays bounded however long the
 * file is.  No SQL and no deals here: import.c gives the rows meaning.
 */
#ifndef GW_IMPORT_CSV_H
#define GW_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IMPORT_CELL_MAX (64 * 1024) /* bytes in one cell, as UTF-8 */
#define IMPORT_COLUMNS_MAX 200      /* cells in one row */
#define IMPORT_MESSAGE_MAX 256      /* a message about the whole file */

enum import_encoding {
	IMPORT_UTF8,     /* UTF-8 without a byte-order mark */
	IMPORT_UTF8_BOM, /* UTF-8 starting with EF BB BF */
	IMPORT_CP1252,   /* Windows-1252 (Western European spreadsheets) */
};

/* What the file was found to be, for the preview to say. */
struct import_shape {
	enum import_encoding encoding;
	char separator; /* ',', ';' or '\t' */
	int64_t bytes;  /* the file's size */
};

const char *import_csv_encoding_name(enum import_encoding e);
const char *import_csv_separator_name(char sep); /* "comma", ... */

/*
 * Read the whole of f once (in blocks) to tell its encoding and its
 * separator.  UTF-8 (with or without a BOM) is taken as such; a file
 * that is not UTF-8 but holds only Windows-1252 characters is read as
 * Windows-1252; anything else is refused: UTF-16, binary data, or
 * UTF-8 broken partway (a file with valid multi-byte characters and
 * invalid bytes, or a BOM and invalid bytes, is broken UTF-8, not
 * Windows-1252).  The separator is the one of comma, semicolon and tab
 * that occurs most in the heading line outside quotes (comma on a
 * tie).  Returns true, or false with a message in msg.  Rewinds f.
 */
bool import_csv_sniff(FILE *f, struct import_shape *out, char *msg,
    size_t msize);

/* One row as libcsv gave it, converted to UTF-8. */
struct import_row {
	long number;              /* 1 for the heading row */
	int n;                    /* cells */
	const char *const *cells; /* each NUL-terminated UTF-8 */
};

/* Called per row; a non-zero return stops the reading. */
typedef int (*import_row_fn)(const struct import_row *row, void *arg);
/* Called every so often with the bytes read so far. */
typedef void (*import_progress_fn)(int64_t bytes, long rows, void *arg);

/*
 * Stream f (as import_csv_sniff() found it) through libcsv in strict
 * mode and call fn(row, arg) for each row, and progress(progress_arg)
 * every thousand rows.  Returns 0 when the file was read to
 * the end (or fn stopped it), or -1 with a message in msg naming the
 * row: unbalanced quotes, a cell over IMPORT_CELL_MAX, more than
 * IMPORT_COLUMNS_MAX columns, or a read error.
 */
int import_csv_read(FILE *f, const struct import_shape *shape, import_row_fn fn,
    void *arg, import_progress_fn progress, void *progress_arg, char *msg,
    size_t msize);

/* The same over a buffer in memory (the fuzz harness and unit tests):
 * sniff, then read.  Returns as import_csv_read(), or -1 if the sniff
 * refused. */
int import_csv_read_mem(const void *data, size_t n, struct import_shape *shape,
    import_row_fn fn, void *arg, char *msg, size_t msize);

#endif
