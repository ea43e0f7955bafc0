/*
 * restic.h - restic as a child process (restic.c), for cli_offsite.c.
 */
#ifndef GW_RESTIC_H
#define GW_RESTIC_H

#include <stdbool.h>
#include <stddef.h>

#define RESTIC "/usr/bin/restic"

/* What a run of restic left: its status and the tail of its stderr. */
struct restic_run {
	int status;     /* exit status, or -1 when it could not run */
	char *out;      /* stdout, when captured (malloc'd) */
	size_t out_len; /* bytes in out */
	char err[4096]; /* the last of stderr */
	size_t err_len; /* bytes in err */
};

/*
 * Run restic with args (NULL-terminated, after the program and its
 * --cache-dir), in the environment env (NULL-terminated "NAME=value"),
 * stdin from in_fd (-1: /dev/null) and stdout to out_fd (-1: captured
 * in r->out).  Its stderr is passed on and its tail kept in r->err.
 * Returns r->status; the caller frees r->out.
 */
int restic_run(struct restic_run *r, const char *const *args, char *const *env,
    const char *cache, int in_fd, int out_fd);

/* Why a run failed, in words: "step: a known fault (restic: its
 * Fatal line)", or restic's last line. */
void restic_explain(const struct restic_run *r, const char *step, char *out,
    size_t size);

/* The value of "key":"..." or "key":N after p in restic's JSON, into
 * out; false when there is none. */
bool restic_json_field(const char *p, const char *key, char *out, size_t size);

#endif
