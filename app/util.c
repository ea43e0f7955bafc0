/*
 * util.c - allocation wrappers, byte buffers, the request arena, and
 * the one rule for singular and plural nouns.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>
#include <sys/statvfs.h>

static void
out_of_memory(size_t n)
{
	fprintf(stderr, "groundwork: out of memory allocating %lu bytes\n",
	    (unsigned long)n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		out_of_memory(n);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		out_of_memory(count * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		out_of_memory(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Arena blocks are at least this big; larger requests get their own. */
#define ARENA_BLOCK_MIN (16 * 1024)

struct arena_block {
	struct arena_block *next; /* older block */
	size_t used;              /* bytes handed out from data[] */
	size_t size;              /* bytes in data[] */
	max_align_t data[];       /* storage, aligned for any type */
};

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	struct arena_block *b = a->head;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

int64_t
now_seconds(void)
{
	const char *pinned = getenv("GROUNDWORK_NOW");
	if (pinned && *pinned)
		return strtoll(pinned, NULL, 10);
	return (int64_t)time(NULL);
}

int
str_copy(char *dst, size_t dstsize, const char *src)
{
	size_t n = strlen(src);
	if (dstsize == 0)
		return -1;
	if (n >= dstsize) {
		/* Never cut inside a UTF-8 character: back off from the
		 * continuation bytes (10xxxxxx) to where one starts. */
		size_t cut = dstsize - 1;
		while (cut > 0 && ((unsigned char)src[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(dst, src, cut);
		dst[cut] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

int64_t
free_bytes_at(const char *path)
{
	char dir[PATH_MAX];
	str_copy(dir, sizeof(dir), path);
	struct statvfs vfs;
	/* The file may not exist yet; its directory always does. */
	if (statvfs(dir, &vfs) != 0) {
		char *slash = strrchr(dir, '/');
		if (slash == NULL)
			str_copy(dir, sizeof(dir), ".");
		else
			slash[slash == dir] = '\0';
		if (statvfs(dir, &vfs) != 0)
			return -1;
	}
	uint64_t bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	return bytes > INT64_MAX ? INT64_MAX : (int64_t)bytes;
}

const char *
plural(long long n, const char *one, const char *many)
{
	return n == 1 || n == -1 ? one : many;
}
