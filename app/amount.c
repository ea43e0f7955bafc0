/*
 * amount.c - parsing and formatting of money amounts.
 */
#include "amount.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Currency symbols accepted before a number and used for display. */
static const struct {
	const char *symbol;   /* UTF-8 */
	const char *code;     /* ISO 4217 */
} symbols[] = {
	{ "$", "USD" },
	{ "€", "EUR" },
	{ "£", "GBP" },
};

/* Multipliers accepted after a number. */
static const struct {
	char suffix;
	int64_t factor;
} suffixes[] = {
	{ 'k', 1000 }, { 'K', 1000 }, { 'm', 1000000 }, { 'M', 1000000 },
};

static const char *
skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

const char *
amount_parse(const char *text, int64_t *minor)
{
	static const char *const not_a_number =
	    "Enter an amount such as 12500, 12,500.00 or 12.5k.";
	const char *p = skip_spaces(text);
	for (size_t i = 0; i < GW_ARRAY_LEN(symbols); i++) {
		size_t n = strlen(symbols[i].symbol);
		if (strncmp(p, symbols[i].symbol, n) == 0) {
			p = skip_spaces(p + n);
			break;
		}
	}
	if (*p == '-')
		return "An amount cannot be negative.";

	/* Digits, with ',' or ' ' as thousands separators. */
	int64_t mantissa = 0;  /* all digits read, as one integer */
	int digits = 0;        /* digits read in total */
	int decimals = 0;      /* digits after the point */
	int group = 0;         /* digits since the last separator */
	char separator = 0;    /* the separator in use, if any */
	bool seen_point = false;
	for (; *p; p++) {
		char c = *p;
		if (c >= '0' && c <= '9') {
			if (++digits > 15)
				return "That amount is too large.";
			mantissa = mantissa * 10 + (c - '0');
			if (seen_point)
				decimals++;
			else
				group++;
		} else if ((c == ',' || (c == ' ' && p[1] >= '0' && p[1] <= '9')) &&
		           !seen_point && digits > 0 &&
		           (separator == 0 || separator == c) &&
		           (separator != 0 ? group == 3 : group <= 3)) {
			separator = c;
			group = 0;
		} else if (c == '.' && !seen_point && digits > 0) {
			seen_point = true;
		} else {
			break;
		}
	}
	if (digits == 0 || digits == decimals)
		return not_a_number;
	if (separator && group != 3)
		return "Group thousands in threes, like 12,500.";
	if (seen_point && decimals == 0)
		return not_a_number;

	int64_t factor = 1;
	for (size_t i = 0; i < GW_ARRAY_LEN(suffixes); i++) {
		if (*p == suffixes[i].suffix) {
			factor = suffixes[i].factor;
			p++;
			break;
		}
	}
	p = skip_spaces(p);
	if (*p != '\0')
		return not_a_number;

	/* value = mantissa / 10^decimals * factor, in cents (x100). */
	int64_t scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	int64_t numerator = mantissa; /* < 10^15, times 10^8 would overflow */
	int64_t multiplier = 100 * factor;
	/* Reduce multiplier/scale before multiplying to stay in range. */
	while (scale > 1 && multiplier % 10 == 0) {
		multiplier /= 10;
		scale /= 10;
	}
	if (numerator % scale != 0)
		return "Use at most two decimal places (whole cents).";
	numerator /= scale;
	if (numerator > AMOUNT_MAX_MINOR / multiplier)
		return "That amount is too large.";
	*minor = numerator * multiplier;
	if (*minor > AMOUNT_MAX_MINOR)
		return "That amount is too large.";
	return NULL;
}

static void
group_thousands(char *out, size_t size, int64_t whole)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%lld", (long long)whole);
	size_t len = strlen(digits), o = 0;
	for (size_t i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void
amount_format(char *out, size_t size, int64_t minor, const char *currency)
{
	char whole[40];
	group_thousands(whole, sizeof(whole), minor / 100);
	char cents[8] = "";
	if (minor % 100)
		snprintf(cents, sizeof(cents), ".%02d", (int)(minor % 100));
	for (size_t i = 0; i < GW_ARRAY_LEN(symbols); i++) {
		if (strcmp(currency, symbols[i].code) == 0) {
			snprintf(out, size, "%s%s%s", symbols[i].symbol, whole, cents);
			return;
		}
	}
	snprintf(out, size, "%s%s %s", whole, cents, currency);
}

void
amount_format_plain(char *out, size_t size, int64_t minor)
{
	if (minor % 100)
		snprintf(out, size, "%lld.%02d", (long long)(minor / 100),
		    (int)(minor % 100));
	else
		snprintf(out, size, "%lld", (long long)(minor / 100));
}
