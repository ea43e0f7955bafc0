/*
 * http.h - decoders for the parts of a request: percent-encoding,
 * UTF-8, urlencoded bodies and query strings, and the Cookie header.
 * Pure functions over bytes; no FastCGI here, so they can be fuzzed.
 */
#ifndef GW_HTTP_H
#define GW_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/* What one request may carry (app/README.md, "The request path"). */
#define HTTP_MAX_BODY (64 * 1024) /* urlencoded body bytes */
#define HTTP_MAX_FIELDS 256       /* fields in a body or query */
#define HTTP_MAX_FIELD (8 * 1024) /* bytes in one decoded value */
#define HTTP_MAX_COOKIES 64       /* cookies kept from one header */

/* One decoded name/value pair; strings live in the request arena. */
struct kv {
	const char *key; /* decoded name, NUL-terminated */
	const char *val; /* decoded value, NUL-terminated */
	size_t vlen;     /* bytes in val (it may hold a NUL if !valid) */
	bool valid; /* val is UTF-8 with no NUL or other C0 but tab/CR/LF */
};

struct kvlist {
	struct kv *items; /* arena-owned array */
	size_t n;         /* number of items */
};

/* Parse outcomes; each maps onto an HTTP status. */
enum http_parse {
	HTTP_PARSE_OK = 0, /* 2xx: go on */
	HTTP_PARSE_MALFORMED = 400,
	HTTP_PARSE_TOO_LARGE = 413,
};

/*
 * Percent-decode src[0..n) into dst, which must hold n + 1 bytes.
 * With plus_is_space, '+' becomes ' ' (form encoding).  Returns the
 * decoded length, or -1 for a '%' not followed by two hex digits.
 */
ssize_t http_pct_decode(char *dst, const char *src, size_t n,
    bool plus_is_space);

/* True if s[0..n) is well-formed UTF-8 (no overlongs, surrogates, or
 * code points past U+10FFFF). */
bool utf8_valid(const char *s, size_t n);

/* True if s[0..n) is valid UTF-8 without NUL or control characters
 * other than tab, CR and LF: what a text field may hold. */
bool text_valid(const char *s, size_t n);

/*
 * Parse "a=1&b=2" (a body or a query string).  Names that are not
 * valid text are dropped.  Returns HTTP_PARSE_OK, MALFORMED for bad
 * percent-encoding, or TOO_LARGE past the field-count or field-size
 * limits.  On error *out is left empty.
 */
enum http_parse http_parse_urlencoded(struct arena *a, const char *s, size_t n,
    struct kvlist *out);

/*
 * Parse a Cookie header ("a=1; b=2").  Malformed pairs are skipped,
 * never fatal, since browsers send what other sites set.  Values are
 * not percent-decoded (our own cookies are URL-safe base64).
 */
void http_parse_cookies(struct arena *a, const char *s, struct kvlist *out);

/*
 * Decode a request path (the part of REQUEST_URI before '?').
 * Returns NULL when the encoding is malformed or the result is not
 * valid text or holds a NUL.
 */
const char *http_decode_path(struct arena *a, const char *s, size_t n);

/* The first value for key, or NULL.  Invalid values are returned too;
 * check with kv_find() when that matters. */
const char *kv_get(const struct kvlist *l, const char *key);
const struct kv *kv_find(const struct kvlist *l, const char *key);

#endif
