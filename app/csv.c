/*
 * csv.c - CSV fields with quoting and formula neutralising.
 */
#include "csv.h"

#include <stdbool.h>
#include <string.h>

void
csv_text(struct buf *b, const char *text, int first)
{
	if (!first)
		buf_puts(b, ",");
	bool formula = strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
	bool quote = formula || strpbrk(text, ",\"\r\n") != NULL;
	if (quote)
		buf_puts(b, "\"");
	if (formula)
		buf_puts(b, "'");
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			buf_puts(b, "\"\"");
		else
			buf_append(b, p, 1);
	}
	if (quote)
		buf_puts(b, "\"");
}

void
csv_int(struct buf *b, int64_t n, int first)
{
	buf_printf(b, "%s%lld", first ? "" : ",", (long long)n);
}

void
csv_end(struct buf *b)
{
	buf_puts(b, "\r\n");
}
