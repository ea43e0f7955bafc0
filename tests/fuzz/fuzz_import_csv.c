/*
 * fuzz_import_csv.c - libFuzzer harness for the CSV importer's reader
 * (app/import_csv.c): encoding and separator detection, then libcsv's
 * rows.
 *
 * Each input is a whole file.  It is either refused with a message, or
 * read into rows; every row handed over is checked against the
 * contract in app/import_csv.h: numbered from 1 without gaps, at most
 * IMPORT_COLUMNS_MAX cells, each NUL-terminated, valid UTF-8 and at
 * most IMPORT_CELL_MAX bytes, whatever encoding the file was in.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "import_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                               \
	do {                                                      \
		if (!(cond)) {                                    \
			fprintf(stderr,                           \
			    "fuzz_import_csv: invariant failed: " \
			    "%s (line %d)\n",                     \
			    #cond, __LINE__);                     \
			abort();                                  \
		}                                                 \
	} while (0)

static int
check_row(const struct import_row *row, void *arg)
{
	long *rows = arg;
	CHECK(row->number == *rows + 1);
	*rows = row->number;
	CHECK(row->n >= 0 && row->n <= IMPORT_COLUMNS_MAX);
	for (int i = 0; i < row->n; i++) {
		size_t n = strlen(row->cells[i]);
		CHECK(n <= IMPORT_CELL_MAX);
		CHECK(utf8_valid(row->cells[i], n));
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_shape shape;
	char msg[IMPORT_MESSAGE_MAX] = "";
	long rows = 0;
	int rc = import_csv_read_mem(data, size, &shape, check_row, &rows, msg,
	    sizeof(msg));
	CHECK(rc == 0 || rc == -1);
	if (rc != 0)
		CHECK(msg[0] != '\0'); /* a refusal always says why */
	else
		CHECK(shape.separator == ',' || shape.separator == ';' ||
		      shape.separator == '\t');
	return 0;
}
