/*
 * fuzz_cookies.c - libFuzzer harness for http_parse_cookies().
 *
 * Each input is one Cookie header value.  It is copied and
 * NUL-terminated (an embedded NUL simply ends the header early, as it
 * would in a FastCGI parameter), parsed into a fresh arena, and every
 * cookie kept is checked against the contract in app/http.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                            \
	do {                                                   \
		if (!(cond)) {                                 \
			fprintf(stderr,                        \
			    "fuzz_cookies: invariant failed: " \
			    "%s (line %d)\n",                  \
			    #cond, __LINE__);                  \
			abort();                               \
		}                                              \
	} while (0)

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Compared as integers: relational operators on pointers into
 * different objects are undefined. */
static bool
points_into(const char *p, const char *base, size_t n)
{
	uintptr_t u = (uintptr_t)p, b = (uintptr_t)base;
	return u >= b && u - b < n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	size_t len = strlen(s);

	struct arena a = { 0 };
	struct kvlist out = { (struct kv *)1, 12345 }; /* must be reset */
	http_parse_cookies(&a, s, &out);

	CHECK(out.n <= HTTP_MAX_COOKIES);
	CHECK(out.n == 0 || out.items != NULL);
	if (len == 0)
		CHECK(out.n == 0 && out.items == NULL);
	for (size_t i = 0; i < out.n; i++) {
		const struct kv *kv = &out.items[i];
		CHECK(kv->key != NULL);
		CHECK(kv->val != NULL);
		size_t klen = strlen(kv->key);
		CHECK(klen > 0);
		CHECK(klen <= 256);
		CHECK(klen <= len);
		CHECK(text_valid(kv->key, klen));
		/* The name is trimmed and holds no separator. */
		CHECK(!is_space(kv->key[0]));
		CHECK(!is_space(kv->key[klen - 1]));
		CHECK(strchr(kv->key, '=') == NULL);
		CHECK(strchr(kv->key, ';') == NULL);
		/* The value is text, NUL-terminated at vlen. */
		CHECK(kv->valid);
		CHECK(kv->vlen <= 4096);
		CHECK(kv->vlen <= len);
		CHECK(kv->val[kv->vlen] == '\0');
		CHECK(strlen(kv->val) == kv->vlen);
		CHECK(text_valid(kv->val, kv->vlen));
		CHECK(strchr(kv->val, ';') == NULL);
		/* Both were copied out of the header, not pointed into it. */
		CHECK(!points_into(kv->key, s, size + 1));
		CHECK(!points_into(kv->val, s, size + 1));
		const struct kv *found = kv_find(&out, kv->key);
		CHECK(found != NULL && found <= kv);
	}

	arena_free(&a);
	free(s);
	return 0;
}
