/*
 * csv.h - RFC 4180 CSV fields, safe to open in a spreadsheet: a cell
 * that starts with =, +, - or @ (or tab or CR) is prefixed with an
 * apostrophe so it is never run as a formula.
 */
#ifndef GW_CSV_H
#define GW_CSV_H

#include <stdint.h>

#include "util.h"

/* Append one text field (with a leading comma unless first). */
void csv_text(struct buf *b, const char *text, int first);

/* Append one integer field. */
void csv_int(struct buf *b, int64_t n, int first);

/* End the record (CRLF, as RFC 4180 says). */
void csv_end(struct buf *b);

#endif
