/*
 * util.h - memory helpers that abort on exhaustion, a growable byte
 * buffer, and a per-request arena.  Callers never test for NULL.
 */
#ifndef GW_UTIL_H
#define GW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define GW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable, always NUL-terminated byte buffer.  Owns its data. */
struct buf {
	char *data; /* bytes, NUL-terminated; NULL until first append */
	size_t len; /* bytes used, excluding the terminator */
	size_t cap; /* bytes allocated */
};

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/*
 * A bump allocator for one request.  Everything a request allocates
 * comes from here and is released by one arena_free() call.
 */
struct arena_block;
struct arena {
	struct arena_block *head; /* newest block first */
};

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

/* Seconds since the epoch; tests may pin it with GROUNDWORK_NOW. */
int64_t now_seconds(void);

/* Copy with truncation check: returns 0, or -1 if src did not fit.
 * A cut never falls inside a UTF-8 character. */
int str_copy(char *dst, size_t dstsize, const char *src);

/* Bytes free for an unprivileged writer on the filesystem holding
 * path (a file or a directory); -1 when it cannot be told. */
int64_t free_bytes_at(const char *path);

/*
 * The noun to put after a count of n: one for 1 and -1, many for every
 * other count, 0 included ("1 day", "0 days", "12 days").  Every count
 * shown beside a noun takes its noun from here.  Returns one or many.
 */
const char *plural(long long n, const char *one, const char *many);

#endif
