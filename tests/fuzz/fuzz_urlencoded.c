/*
 * fuzz_urlencoded.c - libFuzzer harness for http_parse_urlencoded().
 *
 * Each input is one request body (or query string).  The parser gets
 * a fresh arena per input, freed afterwards, and every field it
 * returns is checked against the contract in app/http.h.
 *
 *   tests/fuzz/run.sh builds and runs this; see there for flags.
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
			    "fuzz_urlencoded: invariant failed: " \
			    "%s (line %d)\n",                     \
			    #cond, __LINE__);                     \
			abort();                                  \
		}                                                 \
	} while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so ASan sees any read past the end. */
	char *s = malloc(size ? size : 1);
	CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);

	size_t amps = 0;
	bool has_pct = false;
	for (size_t i = 0; i < size; i++) {
		if (s[i] == '&')
			amps++;
		else if (s[i] == '%')
			has_pct = true;
	}

	struct arena a = { 0 };
	struct kvlist out = { (struct kv *)1, 12345 }; /* must be reset */
	enum http_parse rc = http_parse_urlencoded(&a, s, size, &out);

	CHECK(rc == HTTP_PARSE_OK || rc == HTTP_PARSE_MALFORMED ||
	      rc == HTTP_PARSE_TOO_LARGE);
	if (rc != HTTP_PARSE_OK) {
		/* "On error *out is left empty." */
		CHECK(out.n == 0);
		CHECK(out.items == NULL);
	}
	/* Only a bad percent escape makes a body malformed. */
	if (rc == HTTP_PARSE_MALFORMED)
		CHECK(has_pct);
	/* Too large needs too many fields or one long field. */
	if (rc == HTTP_PARSE_TOO_LARGE)
		CHECK(amps >= HTTP_MAX_FIELDS || size > HTTP_MAX_FIELD);

	if (rc == HTTP_PARSE_OK) {
		CHECK(out.n <= HTTP_MAX_FIELDS);
		CHECK(out.n <= amps + 1);
		CHECK(out.n == 0 || out.items != NULL);
		if (size == 0)
			CHECK(out.n == 0);
		for (size_t i = 0; i < out.n; i++) {
			const struct kv *kv = &out.items[i];
			CHECK(kv->key != NULL);
			CHECK(kv->val != NULL);
			size_t klen = strlen(kv->key);
			CHECK(klen > 0);
			CHECK(klen <= HTTP_MAX_FIELD);
			CHECK(text_valid(kv->key, klen));
			CHECK(kv->vlen <= HTTP_MAX_FIELD);
			CHECK(kv->vlen <= size);
			CHECK(kv->val[kv->vlen] == '\0');
			CHECK(kv->valid == text_valid(kv->val, kv->vlen));
			/* A valid value has no NUL, so strlen agrees. */
			if (kv->valid)
				CHECK(strlen(kv->val) == kv->vlen);
			/* Lookups find the first field with this name. */
			const struct kv *found = kv_find(&out, kv->key);
			CHECK(found != NULL);
			CHECK(found <= kv);
			CHECK(strcmp(found->key, kv->key) == 0);
			CHECK(kv_get(&out, kv->key) == found->val);
		}
	}

	arena_free(&a);
	CHECK(a.head == NULL);
	free(s);
	return 0;
}
