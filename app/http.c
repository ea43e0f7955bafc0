/*
 * http.c - request decoders.  Every length is checked before a copy;
 * every output lives in the caller's arena.
 */
#include "http.h"

#include <string.h>

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

ssize_t
http_pct_decode(char *dst, const char *src, size_t n, bool plus_is_space)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1; /* needs two more bytes */
			int hi = hexval((unsigned char)src[i + 1]);
			int lo = hexval((unsigned char)src[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			dst[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			dst[o++] = ' ';
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
	return (ssize_t)o;
}

bool
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false; /* continuation byte, C0/C1, or F5..FF */
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

bool
text_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7F)
			return false;
	}
	return utf8_valid(s, n);
}

enum http_parse
http_parse_urlencoded(struct arena *a, const char *s, size_t n,
    struct kvlist *out)
{
	out->items = NULL;
	out->n = 0;
	if (n == 0)
		return HTTP_PARSE_OK;

	/* Count pairs first so the array is allocated once. */
	size_t pairs = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '&')
			pairs++;
	if (pairs > HTTP_MAX_FIELDS * 4)
		return HTTP_PARSE_TOO_LARGE;

	struct kv *items = arena_alloc(a, pairs * sizeof(*items));
	size_t count = 0;
	size_t start = 0;
	while (start <= n) {
		size_t end = start;
		while (end < n && s[end] != '&')
			end++;
		if (end > start) {
			const char *pair = s + start;
			size_t plen = end - start;
			const char *eq = memchr(pair, '=', plen);
			size_t klen = eq ? (size_t)(eq - pair) : plen;
			size_t vraw = eq ? plen - klen - 1 : 0;
			if (vraw > HTTP_MAX_FIELD * 3 || klen > HTTP_MAX_FIELD)
				return HTTP_PARSE_TOO_LARGE;

			char *key = arena_alloc(a, klen + 1);
			ssize_t kd = http_pct_decode(key, pair, klen, true);
			char *val = arena_alloc(a, vraw + 1);
			ssize_t vd = eq ? http_pct_decode(val, eq + 1, vraw,
			                      true)
			                : (val[0] = '\0', 0);
			if (kd < 0 || vd < 0)
				return HTTP_PARSE_MALFORMED;
			if ((size_t)vd > HTTP_MAX_FIELD)
				return HTTP_PARSE_TOO_LARGE;
			if (kd > 0 && text_valid(key, (size_t)kd)) {
				if (count == HTTP_MAX_FIELDS)
					return HTTP_PARSE_TOO_LARGE;
				items[count].key = key;
				items[count].val = val;
				items[count].vlen = (size_t)vd;
				items[count].valid = text_valid(val,
				    (size_t)vd);
				count++;
			}
		}
		start = end + 1;
	}
	out->items = items;
	out->n = count;
	return HTTP_PARSE_OK;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

void
http_parse_cookies(struct arena *a, const char *s, struct kvlist *out)
{
	out->items = NULL;
	out->n = 0;
	if (s == NULL || *s == '\0')
		return;
	struct kv *items = arena_alloc(a, HTTP_MAX_COOKIES * sizeof(*items));
	size_t count = 0;
	const char *p = s;
	while (*p && count < HTTP_MAX_COOKIES) {
		while (is_space(*p) || *p == ';')
			p++;
		const char *start = p;
		while (*p && *p != ';')
			p++;
		const char *end = p;
		while (end > start && is_space(end[-1]))
			end--;
		const char *eq = memchr(start, '=', (size_t)(end - start));
		if (eq == NULL || eq == start)
			continue;
		const char *kend = eq;
		while (kend > start && is_space(kend[-1]))
			kend--;
		const char *vstart = eq + 1;
		while (vstart < end && is_space(*vstart))
			vstart++;
		size_t klen = (size_t)(kend - start);
		size_t vlen = (size_t)(end - vstart);
		if (vlen >= 2 && vstart[0] == '"' && vstart[vlen - 1] == '"') {
			vstart++;
			vlen -= 2;
		}
		if (klen == 0 || klen > 256 || vlen > 4096 ||
		    !text_valid(start, klen) || !text_valid(vstart, vlen))
			continue;
		items[count].key = arena_strndup(a, start, klen);
		items[count].val = arena_strndup(a, vstart, vlen);
		items[count].vlen = vlen;
		items[count].valid = true;
		count++;
	}
	out->items = items;
	out->n = count;
}

const char *
http_decode_path(struct arena *a, const char *s, size_t n)
{
	if (n == 0 || s[0] != '/' || n > HTTP_MAX_FIELD)
		return NULL;
	char *dst = arena_alloc(a, n + 1);
	ssize_t d = http_pct_decode(dst, s, n, false);
	if (d < 0 || !text_valid(dst, (size_t)d) ||
	    memchr(dst, '\n', (size_t)d) || memchr(dst, '\r', (size_t)d) ||
	    memchr(dst, '\t', (size_t)d))
		return NULL;
	return dst;
}

const struct kv *
kv_find(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return &l->items[i];
	return NULL;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	const struct kv *kv = kv_find(l, key);
	return kv ? kv->val : NULL;
}
