/*
 * req.c - request lifetime helpers.
 */
#include "req.h"

#include <sodium.h>

#include "page.h"

void
req_free(struct req *r)
{
	page_discard(r);
	buf_free(&r->body);
	arena_free(&r->arena);
}

void
req_new_id(struct req *r)
{
	unsigned char raw[8];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(r->id, sizeof(r->id), raw, sizeof(raw));
}

const char *
req_form(const struct req *r, const char *name)
{
	const char *v = kv_get(&r->form, name);
	return v ? v : "";
}

const char *
req_query(const struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v ? v : "";
}
