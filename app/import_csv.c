/*
 * import_csv.c - a CSV file to import, read as a stream: its encoding
 * and separator (one pass over the file), then its rows through
 * libcsv (a second pass).  Only a block of the file, the cell libcsv is
 * building and the current row are ever in memory.
 */
#include "import_csv.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define BLOCK (64 * 1024)
#define PROGRESS_EVERY 1000 /* rows between progress calls */

const char *
import_csv_encoding_name(enum import_encoding e)
{
	static const char *const names[] = { "UTF-8", "UTF-8 with a BOM",
		"Windows-1252" };
	return (size_t)e < GW_ARRAY_LEN(names) ? names[e] : "?";
}

const char *
import_csv_separator_name(char sep)
{
	return sep == ';' ? "semicolon" : sep == '\t' ? "tab" : "comma";
}

/* --- encoding and separator ----------------------------------------- */

/* What the first pass learns, block by block. */
struct sniff {
	int64_t offset;        /* bytes seen */
	long line;             /* 1-based line of the current byte */
	int need;              /* UTF-8 continuation bytes still expected */
	uint32_t cp, min;      /* code point so far, least it may be */
	int64_t bad_at;        /* first byte that is not UTF-8, or -1 */
	long bad_line;         /* its line */
	long multibyte;        /* well-formed multi-byte characters */
	bool cp1252_undefined; /* a byte Windows-1252 leaves undefined */
	bool nul;              /* a NUL byte: not a text file */
	bool head_done;        /* past the heading line */
	bool in_quotes;        /* inside quotes in the heading line */
	long seps[3];          /* ',' ';' '\t' in the heading line */
};

static void
utf8_bad(struct sniff *s)
{
	if (s->bad_at < 0) {
		s->bad_at = s->offset;
		s->bad_line = s->line;
	}
	s->need = 0;
}

/* Feed one byte to the UTF-8 check (no overlongs, surrogates or code
 * points past U+10FFFF). */
static void
utf8_step(struct sniff *s, unsigned char c)
{
	if (s->need > 0) {
		if ((c & 0xC0) != 0x80) {
			utf8_bad(s);
			utf8_step(s, c); /* c starts something new */
			return;
		}
		s->cp = (s->cp << 6) | (c & 0x3F);
		if (--s->need == 0) {
			if (s->cp < s->min || s->cp > 0x10FFFF ||
			    (s->cp >= 0xD800 && s->cp <= 0xDFFF))
				utf8_bad(s);
			else
				s->multibyte++;
		}
		return;
	}
	if (c < 0x80)
		return;
	static const struct {
		unsigned char mask, lead;
		int need;
		uint32_t min;
	} leads[] = { { 0xE0, 0xC0, 1, 0x80 }, { 0xF0, 0xE0, 2, 0x800 },
		{ 0xF8, 0xF0, 3, 0x10000 } };
	for (size_t i = 0; i < GW_ARRAY_LEN(leads); i++)
		if ((c & leads[i].mask) == leads[i].lead) {
			s->need = leads[i].need;
			s->min = leads[i].min;
			s->cp = c & (unsigned char)~leads[i].mask;
			return;
		}
	utf8_bad(s);
}

/* The heading line: separators outside quotes, up to its end. */
static void
heading_step(struct sniff *s, unsigned char c)
{
	if (s->head_done)
		return;
	if (c == '"')
		s->in_quotes = !s->in_quotes;
	else if (s->in_quotes)
		return;
	else if (c == '\n' || c == '\r')
		s->head_done = s->offset > 0;
	else if (c == ',')
		s->seps[0]++;
	else if (c == ';')
		s->seps[1]++;
	else if (c == '\t')
		s->seps[2]++;
}

static void
sniff_block(struct sniff *s, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, s->offset++) {
		unsigned char c = p[i];
		if (c == 0)
			s->nul = true;
		if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 ||
		    c == 0x9D)
			s->cp1252_undefined = true;
		utf8_step(s, c);
		heading_step(s, c);
		if (c == '\n')
			s->line++;
		if (s->offset >= BLOCK)
			s->head_done = true; /* a heading past 64 KiB: give up */
	}
}

static bool
refuse(char *msg, size_t msize, const char *text)
{
	snprintf(msg, msize, "%s", text);
	return false;
}

/* Decide the encoding from what the pass saw. */
static bool
sniff_encoding(const struct sniff *s, bool bom, struct import_shape *out,
    char *msg, size_t msize)
{
	if (s->nul)
		return refuse(msg, msize,
		    "This is not a text file (it holds NUL bytes; a UTF-16 "
		    "file does). Save it as CSV in UTF-8 and try again.");
	if (s->bad_at < 0 && s->need == 0) {
		out->encoding = bom ? IMPORT_UTF8_BOM : IMPORT_UTF8;
		return true;
	}
	if (bom || s->multibyte > 0 || s->cp1252_undefined) {
		long line = s->bad_at < 0 ? s->line : s->bad_line;
		snprintf(msg, msize,
		    "The file is not valid UTF-8: line %ld holds bytes that are "
		    "not UTF-8, while the rest of the file is. Save it again "
		    "as CSV in UTF-8.",
		    line);
		return false;
	}
	out->encoding = IMPORT_CP1252;
	return true;
}

bool
import_csv_sniff(FILE *f, struct import_shape *out, char *msg, size_t msize)
{
	memset(out, 0, sizeof(*out));
	struct sniff s = { .line = 1, .bad_at = -1 };
	unsigned char *block = xmalloc(BLOCK);
	size_t n;
	bool bom = false, first = true, utf16 = false;
	while ((n = fread(block, 1, BLOCK, f)) > 0) {
		size_t skip = 0;
		if (first && n >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0)
			bom = true, skip = 3;
		if (first && n >= 2 &&
		    (memcmp(block, "\xFF\xFE", 2) == 0 ||
		        memcmp(block, "\xFE\xFF", 2) == 0))
			utf16 = true;
		first = false;
		sniff_block(&s, block + skip, n - skip);
	}
	bool read_failed = ferror(f) != 0;
	free(block);
	rewind(f);
	out->bytes = s.offset + (bom ? 3 : 0);
	if (read_failed)
		return refuse(msg, msize, "The file could not be read.");
	if (utf16)
		return refuse(msg, msize,
		    "The file is UTF-16. Save it as CSV in UTF-8 and try again.");
	if (s.offset == 0)
		return refuse(msg, msize, "The file is empty.");
	if (!sniff_encoding(&s, bom, out, msg, msize))
		return false;
	out->separator = ',';
	if (s.seps[1] > s.seps[0] && s.seps[1] >= s.seps[2])
		out->separator = ';';
	else if (s.seps[2] > s.seps[0] && s.seps[2] > s.seps[1])
		out->separator = '\t';
	return true;
}

/* --- rows --------------------------------------------------------------- */

/* libcsv grows the cell it is building through this: refusing past the
 * limit makes it stop with CSV_ENOMEM, which read_block() reports as a
 * cell too long.  (libcsv asks for smaller steps after a refusal, so
 * cells up to the limit still fit.) */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > IMPORT_CELL_MAX + 1)
		return NULL;
	return realloc(p, n);
}

static int
only_space(unsigned char c)
{
	return c == ' ';
}

struct reader {
	struct buf cells;                 /* the row's cells, each NUL-ended */
	size_t start[IMPORT_COLUMNS_MAX]; /* offsets into cells */
	const char *ptr[IMPORT_COLUMNS_MAX]; /* handed to fn */
	int n;                               /* cells in the row so far */
	long rows;                           /* rows handed over */
	bool too_wide;                       /* a row past the limit */
	bool stopped;                        /* fn asked to stop */
	import_row_fn fn;
	void *arg;
};

static void
on_cell(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->stopped || r->too_wide)
		return;
	if (r->n >= IMPORT_COLUMNS_MAX) {
		r->too_wide = true;
		return;
	}
	r->start[r->n++] = r->cells.len;
	if (len > 0)
		buf_append(&r->cells, s, len);
	buf_append(&r->cells, "", 1);
}

static void
on_row(int c, void *data)
{
	(void)c;
	struct reader *r = data;
	if (r->stopped || r->too_wide)
		return;
	for (int i = 0; i < r->n; i++)
		r->ptr[i] = r->cells.data + r->start[i];
	struct import_row row = { r->rows + 1, r->n, r->ptr };
	r->rows++;
	if (r->fn(&row, r->arg) != 0)
		r->stopped = true;
	r->n = 0;
	buf_reset(&r->cells);
}

/* Windows-1252 bytes 0x80-0x9F as Unicode; 0xA0-0xFF are U+00A0-U+00FF. */
static const uint16_t cp1252_high[32] = { 0x20AC, 0x81, 0x201A, 0x0192, 0x201E,
	0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
	0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
	0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178 };

/* Convert n Windows-1252 bytes into out (3n bytes); returns its length. */
static size_t
cp1252_to_utf8(const unsigned char *in, size_t n, unsigned char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = in[i];
		if (cp >= 0x80 && cp < 0xA0)
			cp = cp1252_high[cp - 0x80];
		if (cp < 0x80) {
			out[o++] = (unsigned char)cp;
		} else if (cp < 0x800) {
			out[o++] = (unsigned char)(0xC0 | (cp >> 6));
			out[o++] = (unsigned char)(0x80 | (cp & 0x3F));
		} else {
			out[o++] = (unsigned char)(0xE0 | (cp >> 12));
			out[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (unsigned char)(0x80 | (cp & 0x3F));
		}
	}
	return o;
}

/* Say why libcsv stopped, naming the row it was in. */
static int
parse_failed(struct csv_parser *p, const struct reader *r, char *msg,
    size_t msize)
{
	long row = r->rows + 1;
	if (r->too_wide)
		snprintf(msg, msize,
		    "Row %ld has more than %d columns; a deals file has far "
		    "fewer. Nothing was imported.",
		    row, IMPORT_COLUMNS_MAX);
	else if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG)
		snprintf(msg, msize,
		    "Row %ld has a cell longer than %d KiB. Nothing was "
		    "imported.",
		    row, IMPORT_CELL_MAX / 1024);
	else
		snprintf(msg, msize,
		    "Row %ld has unbalanced quotes (a cell opens a quote that "
		    "never closes, or text follows a closing quote). Nothing "
		    "was imported.",
		    row);
	return -1;
}

int
import_csv_read(FILE *f, const struct import_shape *shape, import_row_fn fn,
    void *arg, import_progress_fn progress, void *progress_arg, char *msg,
    size_t msize)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		snprintf(msg, msize, "The CSV parser could not start.");
		return -1;
	}
	csv_set_delim(&p, (unsigned char)shape->separator);
	csv_set_realloc_func(&p, capped_realloc);
	csv_set_space_func(&p, only_space);
	struct reader *r = xcalloc(1, sizeof(*r));
	r->fn = fn;
	r->arg = arg;
	unsigned char *block = xmalloc(BLOCK);
	unsigned char *utf8 = xmalloc(3 * BLOCK);
	int64_t done = 0;
	long reported = 0;
	int rc = 0;
	size_t n;
	while (!r->stopped && (n = fread(block, 1, BLOCK, f)) > 0) {
		const unsigned char *in = block;
		if (done == 0 && shape->encoding == IMPORT_UTF8_BOM && n >= 3)
			in += 3, n -= 3;
		done += (int64_t)(in - block) + (int64_t)n;
		if (shape->encoding == IMPORT_CP1252) {
			n = cp1252_to_utf8(in, n, utf8);
			in = utf8;
		}
		if (csv_parse(&p, in, n, on_cell, on_row, r) != n ||
		    r->too_wide) {
			rc = parse_failed(&p, r, msg, msize);
			break;
		}
		if (progress && r->rows - reported >= PROGRESS_EVERY) {
			progress(done, r->rows, progress_arg);
			reported = r->rows;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(msg, msize, "The file could not be read.");
		rc = -1;
	}
	if (rc == 0 && !r->stopped &&
	    (csv_fini(&p, on_cell, on_row, r) != 0 || r->too_wide))
		rc = parse_failed(&p, r, msg, msize);
	if (rc == 0 && progress)
		progress(done, r->rows, progress_arg);
	csv_free(&p);
	buf_free(&r->cells);
	free(r);
	free(block);
	free(utf8);
	return rc;
}

int
import_csv_read_mem(const void *data, size_t n, struct import_shape *shape,
    import_row_fn fn, void *arg, char *msg, size_t msize)
{
	if (n == 0) {
		snprintf(msg, msize, "The file is empty.");
		return -1;
	}
	FILE *f = fmemopen((void *)data, n, "rb");
	if (f == NULL) {
		snprintf(msg, msize, "The file could not be read.");
		return -1;
	}
	int rc = -1;
	if (import_csv_sniff(f, shape, msg, msize))
		rc = import_csv_read(f, shape, fn, arg, NULL, NULL, msg, msize);
	fclose(f);
	return rc;
}
