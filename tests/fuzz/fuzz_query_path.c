/*
 * fuzz_query_path.c - libFuzzer harness for http_decode_path(), the
 * query-string side of http_parse_urlencoded(), http_pct_decode() and
 * utf8_valid().
 *
 * The input is treated as a REQUEST_URI: split at the first '?', the
 * path goes to http_decode_path() and the query to
 * http_parse_urlencoded().  The whole input is also run through
 * http_pct_decode() in both '+' modes and compared with a reference
 * decoder, percent-encoded and decoded back (a true round trip), and
 * checked by an independent UTF-8 validator built from the byte
 * ranges of Unicode table 3-7.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                               \
	do {                                                      \
		if (!(cond)) {                                    \
			fprintf(stderr,                           \
			    "fuzz_query_path: invariant failed: " \
			    "%s (line %d)\n",                     \
			    #cond, __LINE__);                     \
			abort();                                  \
		}                                                 \
	} while (0)

/* An exact-size heap copy, so ASan sees any access past the end. */
static char *
copy(const uint8_t *p, size_t n)
{
	char *s = malloc(n ? n : 1);
	CHECK(s != NULL);
	if (n)
		memcpy(s, p, n);
	return s;
}

static int
ref_hex(unsigned char c)
{
	static const char digits[] = "0123456789abcdef";
	if (c >= 'A' && c <= 'F')
		c = (unsigned char)(c - 'A' + 'a');
	const char *d = c ? strchr(digits, c) : NULL;
	return d ? (int)(d - digits) : -1;
}

/* Reference decoder: -1 on a bad escape, else the decoded length. */
static long
ref_decode(unsigned char *dst, const unsigned char *src, size_t n, bool plus)
{
	size_t o = 0, i = 0;
	while (i < n) {
		if (src[i] == '%') {
			if (n - i < 3)
				return -1;
			int hi = ref_hex(src[i + 1]), lo = ref_hex(src[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			dst[o++] = (unsigned char)(hi * 16 + lo);
			i += 3;
		} else {
			dst[o++] = (plus && src[i] == '+') ? ' ' : src[i];
			i++;
		}
	}
	return (long)o;
}

/* Reference UTF-8 check from the well-formed byte sequences table. */
static bool
ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t len;
		if (c <= 0x7F) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c == 0xE0) {
			len = 3, lo = 0xA0;
		} else if (c == 0xED) {
			len = 3, hi = 0x9F;
		} else if (c >= 0xE1 && c <= 0xEF) {
			len = 3;
		} else if (c == 0xF0) {
			len = 4, lo = 0x90;
		} else if (c == 0xF4) {
			len = 4, hi = 0x8F;
		} else if (c >= 0xF1 && c <= 0xF3) {
			len = 4;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += len;
	}
	return true;
}

static void
check_path(const uint8_t *p, size_t n)
{
	char *path = copy(p, n);
	struct arena a = { 0 };
	const char *got = http_decode_path(&a, path, n);

	/* What the contract says the answer should be. */
	unsigned char *want = malloc(n + 1);
	CHECK(want != NULL);
	long wlen = ref_decode(want, p, n, false);
	bool ok = n > 0 && p[0] == '/' && n <= HTTP_MAX_FIELD && wlen >= 0 &&
	          ref_utf8(want, (size_t)wlen) &&
	          text_valid((const char *)want, (size_t)wlen) &&
	          memchr(want, '\0', (size_t)wlen) == NULL &&
	          memchr(want, '\r', (size_t)wlen) == NULL &&
	          memchr(want, '\n', (size_t)wlen) == NULL &&
	          memchr(want, '\t', (size_t)wlen) == NULL;
	if (ok && got == NULL) {
		fprintf(stderr, "fuzz_query_path: good path refused\n");
		abort();
	}

	if (got != NULL) {
		CHECK(ok);
		size_t len = strlen(got);
		CHECK(len > 0 && got[0] == '/');
		CHECK(len <= n);
		/* strlen == decoded length: no NUL hides inside. */
		CHECK((long)len == wlen);
		CHECK(memcmp(got, want, len) == 0);
		CHECK(text_valid(got, len));
		CHECK(strpbrk(got, "\r\n\t") == NULL);
	}
	free(want);
	arena_free(&a);
	free(path);
}

static void
check_query(const uint8_t *p, size_t n)
{
	char *q = copy(p, n);
	struct arena a = { 0 };
	struct kvlist out;
	enum http_parse rc = http_parse_urlencoded(&a, q, n, &out);
	CHECK(rc == HTTP_PARSE_OK || rc == HTTP_PARSE_MALFORMED ||
	      rc == HTTP_PARSE_TOO_LARGE);
	if (rc != HTTP_PARSE_OK)
		CHECK(out.n == 0 && out.items == NULL);
	else
		CHECK(out.n <= HTTP_MAX_FIELDS);
	for (size_t i = 0; i < out.n; i++) {
		const struct kv *kv = &out.items[i];
		size_t klen = strlen(kv->key);
		CHECK(klen > 0 && text_valid(kv->key, klen));
		CHECK(kv->vlen <= HTTP_MAX_FIELD);
		CHECK(kv->val[kv->vlen] == '\0');
		CHECK(kv->valid == text_valid(kv->val, kv->vlen));
	}
	arena_free(&a);
	free(q);
}

/* Percent-encode every byte that is not unreserved; '+' mode spells a
 * space as '+' and so must escape '+' itself. */
static size_t
encode(char *dst, const uint8_t *src, size_t n, bool plus)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = src[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			dst[o++] = (char)c;
		} else if (plus && c == ' ') {
			dst[o++] = '+';
		} else {
			dst[o++] = '%';
			dst[o++] = hex[c >> 4];
			dst[o++] = (i & 1) ? (char)(hex[c & 15] | 0x20)
			                   : hex[c & 15]; /* mix cases */
		}
	}
	return o;
}

static void
check_pct(const uint8_t *data, size_t size)
{
	char *src = copy(data, size);
	char *dst = malloc(size + 1); /* exactly what the contract asks */
	unsigned char *want = malloc(size + 1);
	char *enc = malloc(size * 3 + 1);
	char *back = malloc(size * 3 + 1);
	CHECK(dst && want && enc && back);

	for (int plus = 0; plus <= 1; plus++) {
		/* Arbitrary input: agree with the reference decoder. */
		ssize_t got = http_pct_decode(dst, src, size, plus);
		long wlen = ref_decode(want, data, size, plus);
		CHECK(got >= -1);
		CHECK(got == (ssize_t)wlen);
		if (got >= 0) {
			CHECK((size_t)got <= size);
			CHECK(dst[got] == '\0');
			CHECK(memcmp(dst, want, (size_t)got) == 0);
		}

		/* Round trip: decode(encode(x)) == x. */
		size_t elen = encode(enc, data, size, plus);
		ssize_t blen = http_pct_decode(back, enc, elen, plus);
		CHECK(blen == (ssize_t)size);
		CHECK(back[size] == '\0');
		CHECK(size == 0 || memcmp(back, data, size) == 0);
	}
	free(back);
	free(enc);
	free(want);
	free(dst);
	free(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *qm = size ? memchr(data, '?', size) : NULL;
	size_t plen = qm ? (size_t)(qm - data) : size;
	check_path(data, plen);
	if (qm)
		check_query(qm + 1, size - plen - 1);
	else
		check_query(data + size, 0);

	check_pct(data, size);
	CHECK(utf8_valid((const char *)data, size) == ref_utf8(data, size));
	return 0;
}
