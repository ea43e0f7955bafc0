/*
 * group_commit.h - one fsync for many commits, across processes.
 *
 * Every worker's COMMIT writes its frames to the WAL while holding the
 * writer lock, but does not wait for the disk there (synchronous =
 * NORMAL).  After releasing the lock, and before anything is answered,
 * group_commit_wait() makes sure an fsync of the WAL has finished
 * since the frames were written.  Whoever syncs first covers every
 * commit written by then, so workers that committed meanwhile return
 * without an fsync of their own.  A saved deal is still on disk before
 * its answer leaves, power loss included; what changes is that the
 * disk's flush is shared and no longer made while the lock is held.
 *
 * The two counters live in the first bytes of "<db>.lock", mapped by
 * every process.  The sync lock is an open-file-description record
 * lock on that file's first byte; it never nests with the writer flock.
 */
#ifndef GW_GROUP_COMMIT_H
#define GW_GROUP_COMMIT_H

#include <stdint.h>

struct group_commit;

/* Map the counters of lock_fd's file (growing it if new); NULL on error. */
struct group_commit *group_commit_open(int lock_fd);
void group_commit_close(struct group_commit *gc);

/* A commit's frames are in the WAL: its number.  Under the writer lock. */
uint64_t group_commit_written(struct group_commit *gc);

/* Return once commit n is on disk: 0 at once if an fsync since it was
 * written has finished, else sync(arg) under the sync lock, covering
 * every commit written by then.  sync returns 0 on success; any other
 * value is passed back and nothing is marked done. */
int group_commit_wait(struct group_commit *gc, uint64_t n,
    int (*sync)(void *arg), void *arg);

/* The counters, for tests.  The bench reads the same three numbers
 * straight from the file: 64-bit words at offsets 0, 8 and 16. */
uint64_t group_commit_written_count(const struct group_commit *gc);
uint64_t group_commit_synced_count(const struct group_commit *gc);
uint64_t group_commit_flush_count(const struct group_commit *gc);

#endif
