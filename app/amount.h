/*
 * amount.h - money as people type it, stored exactly as integer minor
 * units (cents), never as a float.
 */
#ifndef GW_AMOUNT_H
#define GW_AMOUNT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The largest amount one deal may hold: one billion in major units
 * ($1,000,000,000).  Larger single deals are not a sales team's
 * pipeline; and with it, a team's totals stay exact for any number of
 * deals its reps could ever log.
 */
#define AMOUNT_MAX_MINOR INT64_C(100000000000)
#define AMOUNT_MAX_TEXT "1,000,000,000"

/* A sum that does not fit in 64 bits.  amount_add() saturates to it
 * and amount_format() says so in words instead of showing a number. */
#define AMOUNT_TOO_LARGE INT64_MAX

/*
 * Parse an amount into minor units.  Accepted forms:
 *   12500   12,500   12 500   12500.00   12500.5   $12,500   €900
 *   12.5k   $1.2m   USD 12,500   12500 usd   (k = thousand, m = million)
 * A currency sign or ISO code must be the configured currency's (a "$"
 * fits every dollar); another is refused, since saving "£20,000" as
 * dollars would be a wrong number.  Commas must group thousands
 * properly.  Returns NULL with *minor set, or a message for the person
 * who typed it, valid until the next call.  Empty input is an error
 * here; callers treat an empty optional field before calling.
 */
const char *amount_parse(const char *text, const char *currency,
    int64_t *minor);

/* a + b for amounts >= 0, or AMOUNT_TOO_LARGE when the sum (or either
 * side) does not fit. */
int64_t amount_add(int64_t a, int64_t b);

/* minor x percent / 100, rounded down, exactly and without overflow
 * for 0 <= percent <= 100; AMOUNT_TOO_LARGE stays so. */
int64_t amount_weighted(int64_t minor, int percent);

/* Format minor units for display: "$12,500", "$12,500.50", "€900",
 * "-$5", or "12,500 CHF" for currencies without a symbol here;
 * AMOUNT_TOO_LARGE reads "too large to show". */
void amount_format(char *out, size_t size, int64_t minor, const char *currency);

/* Format for an input field, so it parses back to the same value:
 * "12500" or "12500.50". */
void amount_format_plain(char *out, size_t size, int64_t minor);

#endif
