/*
 * amount.c - parsing and formatting of money amounts.
 */
#include "amount.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Currency symbols used for display. */
static const struct {
	const char *symbol; /* UTF-8 */
	const char *code;   /* ISO 4217 */
} symbols[] = {
	{ "$", "USD" },
	{ "€", "EUR" },
	{ "£", "GBP" },
};

/* Signs people type, and the currencies each may stand for.  Longer
 * signs come before their prefixes ("R$" before "$"). */
static const struct {
	const char *sign;  /* UTF-8 */
	const char *codes; /* ISO 4217 codes it may mean */
} signs[] = {
	{ "R$", "BRL" },
	{ "$", "USD CAD AUD NZD SGD HKD MXN" },
	{ "€", "EUR" },
	{ "£", "GBP" },
	{ "¥", "JPY CNY" },
	{ "₹", "INR" },
	{ "₩", "KRW" },
	{ "₽", "RUB" },
	{ "₺", "TRY" },
	{ "₪", "ILS" },
	{ "₱", "PHP" },
	{ "₦", "NGN" },
	{ "฿", "THB" },
};

/* Multipliers accepted after a number. */
static const struct {
	char suffix;
	int64_t factor;
} suffixes[] = {
	{ 'k', 1000 },
	{ 'K', 1000 },
	{ 'm', 1000000 },
	{ 'M', 1000000 },
};

/* The currency an amount names, by sign or code, if any. */
struct mark {
	int sign;     /* index into signs[], or -1 */
	char code[4]; /* three letters, upper-cased, or "" */
};

static const char
    not_a_number[] = "Enter an amount such as 12500, 12,500.00 or 12.5k.";
static const char too_large[] =
    "That amount is too large: a deal can be worth at most " AMOUNT_MAX_TEXT
    ".";

static const char *
skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Read a sign or a three-letter code at p into m; returns past it. */
static const char *
read_mark(const char *p, struct mark *m)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(signs); i++) {
		size_t n = strlen(signs[i].sign);
		if (strncmp(p, signs[i].sign, n) == 0) {
			m->sign = (int)i;
			return skip_spaces(p + n);
		}
	}
	if (is_letter(p[0]) && is_letter(p[1]) && is_letter(p[2]) &&
	    !is_letter(p[3])) {
		for (int i = 0; i < 3; i++)
			m->code[i] = (char)(p[i] & ~0x20);
		m->code[3] = '\0';
		return skip_spaces(p + 3);
	}
	return p;
}

/* Is the marked currency the configured one?  Else a message naming
 * both, in a buffer valid until the next call. */
static const char *
check_mark(const struct mark *m, const char *currency)
{
	static char message[160];
	const char *named = NULL;
	if (m->code[0] && strcasecmp(m->code, currency) != 0)
		named = m->code;
	if (m->sign >= 0) {
		const char *codes = signs[m->sign].codes;
		const char *hit = strstr(codes, currency);
		if (strlen(currency) != 3 || hit == NULL)
			named = signs[m->sign].sign;
	}
	if (named == NULL)
		return NULL;
	snprintf(message, sizeof(message),
	    "Amounts are kept in %s, and %s is another currency: enter the "
	    "amount in %s.",
	    currency, named, currency);
	return message;
}

/* The digits of an amount, as read by read_number(). */
struct number {
	int64_t mantissa; /* all digits read, as one integer */
	int digits;       /* digits read in total */
	int decimals;     /* digits after the point */
};

/* Digits, with ',' or ' ' as thousands separators and one point.
 * Returns past them, or NULL with *message set. */
static const char *
read_number(const char *p, struct number *n, const char **message)
{
	int group = 0;      /* digits since the last separator */
	char separator = 0; /* the separator in use, if any */
	bool seen_point = false;
	for (; *p; p++) {
		char c = *p;
		if (c >= '0' && c <= '9') {
			if (++n->digits > 15) {
				*message = too_large;
				return NULL;
			}
			n->mantissa = n->mantissa * 10 + (c - '0');
			if (seen_point)
				n->decimals++;
			else
				group++;
		} else if ((c == ',' ||
		               (c == ' ' && p[1] >= '0' && p[1] <= '9')) &&
		           !seen_point && n->digits > 0 &&
		           (separator == 0 || separator == c) &&
		           (separator != 0 ? group == 3 : group <= 3)) {
			separator = c;
			group = 0;
		} else if (c == '.' && !seen_point && n->digits > 0) {
			seen_point = true;
		} else {
			break;
		}
	}
	*message = not_a_number;
	if (n->digits == 0 || n->digits == n->decimals)
		return NULL;
	if (separator && group != 3) {
		*message = "Group thousands in threes, like 12,500.";
		return NULL;
	}
	if (seen_point && n->decimals == 0)
		return NULL;
	*message = NULL;
	return p;
}

/* value = mantissa / 10^decimals * factor, in cents (x100). */
static const char *
scale_number(const struct number *n, int64_t factor, int64_t *minor)
{
	int64_t scale = 1;
	for (int i = 0; i < n->decimals; i++)
		scale *= 10;
	int64_t numerator = n->mantissa; /* < 10^15: x 10^8 would overflow */
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
		return too_large;
	*minor = numerator * multiplier;
	return *minor > AMOUNT_MAX_MINOR ? too_large : NULL;
}

const char *
amount_parse(const char *text, const char *currency, int64_t *minor)
{
	struct mark before = { -1, "" }, after = { -1, "" };
	const char *p = read_mark(skip_spaces(text), &before);
	if (*p == '-')
		return "An amount cannot be negative.";
	struct number n = { 0, 0, 0 };
	const char *message;
	if ((p = read_number(p, &n, &message)) == NULL)
		return message;

	int64_t factor = 1;
	for (size_t i = 0; i < GW_ARRAY_LEN(suffixes); i++) {
		if (*p == suffixes[i].suffix && !is_letter(p[1])) {
			factor = suffixes[i].factor;
			p++;
			break;
		}
	}
	p = skip_spaces(p);
	if (before.sign < 0 && before.code[0] == '\0')
		p = read_mark(p, &after);
	if (*p != '\0')
		return not_a_number;
	if ((message = check_mark(&before, currency)) != NULL ||
	    (message = check_mark(&after, currency)) != NULL)
		return message;
	return scale_number(&n, factor, minor);
}

int64_t
amount_add(int64_t a, int64_t b)
{
	int64_t sum;
	if (a == AMOUNT_TOO_LARGE || b == AMOUNT_TOO_LARGE ||
	    __builtin_add_overflow(a, b, &sum))
		return AMOUNT_TOO_LARGE;
	return sum;
}

int64_t
amount_weighted(int64_t minor, int percent)
{
	if (minor == AMOUNT_TOO_LARGE)
		return AMOUNT_TOO_LARGE;
	/* (100q + r) * p / 100 = q * p + r * p / 100, and q * p <= minor. */
	return minor / 100 * percent + minor % 100 * percent / 100;
}

/* "1,234,567" for a magnitude; unsigned, so INT64_MIN's fits too. */
static void
group_thousands(char *out, size_t size, uint64_t whole)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)whole);
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
	if (minor == AMOUNT_TOO_LARGE) {
		snprintf(out, size, "too large to show");
		return;
	}
	const char *minus = minor < 0 ? "-" : "";
	uint64_t magnitude = minor < 0 ? -(uint64_t)minor : (uint64_t)minor;
	char whole[40];
	group_thousands(whole, sizeof(whole), magnitude / 100);
	char cents[8] = "";
	if (magnitude % 100)
		snprintf(cents, sizeof(cents), ".%02u",
		    (unsigned)(magnitude % 100));
	for (size_t i = 0; i < GW_ARRAY_LEN(symbols); i++) {
		if (strcmp(currency, symbols[i].code) == 0) {
			snprintf(out, size, "%s%s%s%s", minus,
			    symbols[i].symbol, whole, cents);
			return;
		}
	}
	snprintf(out, size, "%s%s%s %s", minus, whole, cents, currency);
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
