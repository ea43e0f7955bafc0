/*
 * amount.h - money as people type it, stored exactly as integer minor
 * units (cents), never as a float.
 */
#ifndef GW_AMOUNT_H
#define GW_AMOUNT_H

#include <stddef.h>
#include <stdint.h>

/* Largest accepted amount: 100 billion in major units. */
#define AMOUNT_MAX_MINOR INT64_C(10000000000000)

/*
 * Parse an amount into minor units.  Accepted forms:
 *   12500   12,500   12 500   12500.00   12500.5   $12,500   €900
 *   12.5k   $1.2m   (k = thousand, m = million, either case)
 * Commas must group thousands properly.  Returns NULL with *minor set,
 * or a message for the person who typed it.  Empty input is an error
 * here; callers treat an empty optional field before calling.
 */
const char *amount_parse(const char *text, int64_t *minor);

/* Format minor units for display: "$12,500", "$12,500.50", "€900",
 * or "12,500 CHF" for currencies without a symbol here. */
void amount_format(char *out, size_t size, int64_t minor,
    const char *currency);

/* Format for an input field, so it parses back to the same value:
 * "12500" or "12500.50". */
void amount_format_plain(char *out, size_t size, int64_t minor);

#endif
