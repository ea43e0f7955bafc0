/*
 * offsite.h - the off-site backups' health, shared by the command that
 * makes them (cli_offsite.c), "groundwork doctor" and /admin/offsite:
 * a small state file beside the database records the last snapshot,
 * the last failure and the last "offsite check", and one function
 * turns it into the lines both places show.
 */
#ifndef GW_OFFSITE_H
#define GW_OFFSITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the runs of "groundwork offsite" have recorded. */
struct offsite_state {
	int64_t ok_at;        /* last successful snapshot (epoch s), 0 none */
	char ok_snapshot[24]; /* its short id */
	int64_t ok_added;     /* bytes it added to the repository */
	int64_t ok_ms;        /* how long the run took */
	int64_t fail_at;      /* last failed run, 0 none */
	char fail_why[400];   /* what went wrong, in words */
	bool failing;         /* the latest run failed (no success since) */
	int64_t check_at;     /* last "offsite check", 0 none */
	bool check_ok;        /* whether it found no errors */
	char check_why[400];  /* its problem, when it found one */
	int64_t prune_at;     /* last prune (daily, after a backup) */
};

/* The state file: offsite.state in the database's directory. */
void offsite_state_path(char *out, size_t size);

/* Read the state file into s (zeroed first).  A missing file leaves s
 * empty and is not an error.  0, or -1 when it cannot be read. */
int offsite_state_read(struct offsite_state *s);

/* Write s to the state file (a temporary file renamed into place).
 * 0, or -1 after a message. */
int offsite_state_write(const struct offsite_state *s);

/* Whether the root-only file named by offsite_file exists: off-site
 * backups are configured.  Needs no permission to read it. */
bool offsite_configured(void);

enum offsite_level { OFFSITE_OK, OFFSITE_NOTE, OFFSITE_WARNING };

/* One line of the off-site health: a level, what, and what to do. */
struct offsite_line {
	enum offsite_level level;
	char what[600];
	char advice[300]; /* "" when there is nothing to do */
};

#define OFFSITE_LINES 3

/* The health as doctor and /admin/offsite show it, at time now:
 * the last snapshot and its age (a warning when older than three
 * intervals of offsite_interval minutes), the last failure, the last
 * check.  Fills out and returns how many lines it wrote. */
int offsite_health(const struct offsite_state *s, bool configured, int64_t now,
    struct offsite_line out[OFFSITE_LINES]);

/* "3 min", "2 h 5 min", "4 d 1 h": an age in seconds, for people. */
void offsite_format_age(char *out, size_t size, int64_t seconds);

/* "12.3 MiB": a size in bytes, for people. */
void offsite_format_size(char *out, size_t size, int64_t bytes);

#endif
