/*
 * group_commit.c - one fsync for many commits, across processes.
 * See group_commit.h for the protocol.
 */
#include "group_commit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The counters must be lock-free to be shared between processes. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free");

/* The first bytes of "<db>.lock"; a new file reads as zeros. */
struct shared_counts {
	_Atomic unsigned long long
	    written; /* commits whose frames are in the WAL */
	_Atomic unsigned long long synced;  /* commits known to be on disk */
	_Atomic unsigned long long flushes; /* fsyncs made for them */
};

#define SHARED_SIZE 64 /* one cache line; the file is grown to this */

struct group_commit {
	int fd;
	struct shared_counts *counts;
};

struct group_commit *
group_commit_open(int lock_fd)
{
	struct stat st;
	if (fstat(lock_fd, &st) != 0)
		goto fail;
	/* Growing only ever adds zeros, so two processes racing here
	 * cannot clear counters a third has already raised. */
	if (st.st_size < SHARED_SIZE && ftruncate(lock_fd, SHARED_SIZE) != 0)
		goto fail;
	void *map = mmap(NULL, SHARED_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
	    lock_fd, 0);
	if (map == MAP_FAILED)
		goto fail;
	struct group_commit *gc = xmalloc(sizeof(*gc));
	gc->fd = lock_fd;
	gc->counts = map;
	return gc;
fail:
	fprintf(stderr, "groundwork: cannot map the commit counters: %s\n",
	    strerror(errno));
	return NULL;
}

void
group_commit_close(struct group_commit *gc)
{
	if (gc == NULL)
		return;
	munmap(gc->counts, SHARED_SIZE);
	free(gc);
}

uint64_t
group_commit_written(struct group_commit *gc)
{
	return (uint64_t)atomic_fetch_add(&gc->counts->written, 1) + 1;
}

/* The sync lock: a record lock on byte 0, owned by the open file
 * description like the writer's flock, and independent of it. */
static int
sync_lock(int fd, short type)
{
	struct flock fl;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0;
	fl.l_len = 1;
	while (fcntl(fd, type == F_UNLCK ? F_OFD_SETLK : F_OFD_SETLKW, &fl) !=
	       0) {
		if (errno != EINTR) {
			fprintf(stderr, "groundwork: sync lock: %s\n",
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

int
group_commit_wait(struct group_commit *gc, uint64_t n, int (*sync)(void *arg),
    void *arg)
{
	if (atomic_load(&gc->counts->synced) >= n)
		return 0;
	if (sync_lock(gc->fd, F_WRLCK) != 0)
		return -1;
	int rc = 0;
	/* Another process may have synced past n while this one waited. */
	if (atomic_load(&gc->counts->synced) < n) {
		/* Every commit counted by now has its frames written, so the
		 * fsync that starts after this load covers them all. */
		unsigned long long upto = atomic_load(&gc->counts->written);
		rc = sync(arg);
		/* Only the sync lock's holder stores, and written never falls,
		 * so synced only rises. */
		if (rc == 0) {
			atomic_store(&gc->counts->synced, upto);
			atomic_fetch_add(&gc->counts->flushes, 1);
		}
	}
	sync_lock(gc->fd, F_UNLCK);
	return rc;
}

uint64_t
group_commit_written_count(const struct group_commit *gc)
{
	return (uint64_t)atomic_load(&gc->counts->written);
}

uint64_t
group_commit_synced_count(const struct group_commit *gc)
{
	return (uint64_t)atomic_load(&gc->counts->synced);
}

uint64_t
group_commit_flush_count(const struct group_commit *gc)
{
	return (uint64_t)atomic_load(&gc->counts->flushes);
}
