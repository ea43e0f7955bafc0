/*
 * restic.c - running Debian's restic as a child process for
 * "groundwork offsite" (cli_offsite.c): an argument vector and an
 * environment built by the caller, never a shell; its stdout captured
 * or sent to a file, its stderr passed on with its tail kept, and its
 * failures put in words an admin can act on.
 */
#include "restic.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static void
err_keep(struct restic_run *r, const char *buf, size_t n)
{
	fwrite(buf, 1, n, stderr);
	if (n >= sizeof(r->err)) {
		buf += n - (sizeof(r->err) - 1);
		n = sizeof(r->err) - 1;
	}
	if (r->err_len + n >= sizeof(r->err)) {
		size_t drop = r->err_len + n - (sizeof(r->err) - 1);
		memmove(r->err, r->err + drop, r->err_len - drop);
		r->err_len -= drop;
	}
	memcpy(r->err + r->err_len, buf, n);
	r->err_len += n;
	r->err[r->err_len] = '\0';
}

static void
out_keep(struct restic_run *r, const char *buf, size_t n)
{
	r->out = xrealloc(r->out, r->out_len + n + 1);
	memcpy(r->out + r->out_len, buf, n);
	r->out_len += n;
	r->out[r->out_len] = '\0';
}

/* Read the child's stdout (when out < 0 it goes to a pipe) and stderr
 * until both close. */
static void
drain(struct restic_run *r, int out_pipe, int err_pipe)
{
	struct pollfd p[2] = { { out_pipe, POLLIN, 0 },
		{ err_pipe, POLLIN, 0 } };
	char buf[8192];
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof(buf));
			if (n <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
			} else if (i == 0) {
				out_keep(r, buf, (size_t)n);
			} else {
				err_keep(r, buf, (size_t)n);
			}
		}
	}
}

/*
 * Run restic with args (NULL-terminated, after the program and its
 * cache option), stdin from in_fd (-1: /dev/null) and stdout to out_fd
 * (-1: captured in r->out).  Its stderr is passed on and its tail kept
 * in r->err.  Returns r->status; the caller frees r->out.
 */
int
restic_run(struct restic_run *r, const char *const *args, char *const *env,
    const char *cache, int in_fd, int out_fd)
{
	memset(r, 0, sizeof(*r));
	const char *argv[32] = { RESTIC, "--cache-dir", cache };
	int argc = 3;
	for (int i = 0; args[i] && argc < 31; i++)
		argv[argc++] = args[i];
	argv[argc] = NULL;
	int op[2] = { -1, -1 }, ep[2];
	if (pipe2(ep, O_CLOEXEC) != 0 ||
	    (out_fd < 0 && pipe2(op, O_CLOEXEC) != 0)) {
		snprintf(r->err, sizeof(r->err), "pipe: %s", strerror(errno));
		return r->status = -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int in = in_fd >= 0 ? in_fd : open("/dev/null", O_RDONLY);
		if (dup2(in, 0) < 0 ||
		    dup2(out_fd >= 0 ? out_fd : op[1], 1) < 0 ||
		    dup2(ep[1], 2) < 0)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execve(RESTIC, (char *const *)argv, env);
		dprintf(2, "cannot run %s: %s (apt-get install restic)\n",
		    RESTIC, strerror(errno));
		_exit(127);
	}
	close(ep[1]);
	if (op[1] >= 0)
		close(op[1]);
	if (pid < 0) {
		close(ep[0]);
		if (op[0] >= 0)
			close(op[0]);
		snprintf(r->err, sizeof(r->err), "fork: %s", strerror(errno));
		return r->status = -1;
	}
	drain(r, op[0], ep[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r->status;
}

/* restic's words, and what they mean for the admin. */
static const struct {
	const char *pattern; /* in restic's stderr */
	const char *meaning; /* what doctor says */
} faults[] = {
	{ "wrong password", "wrong password for the off-site repository "
	                    "(check password in the offsite file)" },
	{ "no space left on device", "a disk is full (here or at the "
	                             "repository)" },
	{ "disk quota exceeded", "the repository's quota is full" },
	{ "Connection refused", "the repository host is unreachable "
	                        "(connection refused)" },
	{ "No route to host", "the repository host is unreachable "
	                      "(no route to host)" },
	{ "Network is unreachable", "the repository host is unreachable "
	                            "(no network)" },
	{ "Could not resolve", "the repository host is unreachable "
	                       "(its name does not resolve)" },
	{ "Temporary failure in name resolution",
	    "the repository host is unreachable (its name does not "
	    "resolve)" },
	{ "no such host", "the repository host is unreachable (its name "
	                  "does not resolve)" },
	{ "timed out", "the repository host is unreachable (timed out)" },
	/* ssh failed before SFTP started: restic does not pass on why. */
	{ "unable to start the sftp session",
	    "the repository host is unreachable, or refused this server's "
	    "SFTP login (check that it is up and that 'runuser -u "
	    "groundwork -- ssh HOST' works)" },
	{ "Host key verification failed",
	    "the SFTP host's key is unknown or changed (accept it once: "
	    "runuser -u groundwork -- ssh HOST)" },
	{ "Permission denied", "the repository refused the login or the "
	                       "file (permission denied)" },
	{ "Access Denied", "the repository refused the keys (access "
	                   "denied)" },
	{ "connection lost", "the connection to the repository was lost "
	                     "during the upload" },
	{ "unexpected EOF", "the connection to the repository was lost "
	                    "during the upload" },
	{ "broken pipe", "the connection to the repository was lost during "
	                 "the upload" },
	{ "already locked", "the repository is locked by another run (it "
	                    "clears itself; 'restic unlock' removes a stale "
	                    "lock)" },
	{ "Is there a repository at the following location",
	    "no repository there yet: run 'groundwork offsite init'" },
	{ "repository does not exist",
	    "no repository there yet: run 'groundwork offsite init'" },
	{ "cannot run " RESTIC, "restic is not installed (apt-get install "
	                        "restic)" },
};

/* restic's own verdict: its last "Fatal:" line, else its last
 * non-empty line, in out. */
static void
last_line(const char *text, char *out, size_t size)
{
	const char *fatal = NULL;
	for (const char *p = strstr(text, "Fatal: "); p;
	     p = strstr(p + 1, "Fatal: "))
		fatal = p;
	if (fatal) {
		size_t n = strcspn(fatal, "\n");
		snprintf(out, size, "%.*s", (int)n, fatal);
		return;
	}
	const char *end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	const char *start = end;
	while (start > text && start[-1] != '\n')
		start--;
	size_t n = (size_t)(end - start);
	if (n >= size)
		n = size - 1;
	memcpy(out, start, n);
	out[n] = '\0';
}

/* Why a run failed, in words: a known fault, with restic's last line. */
void
restic_explain(const struct restic_run *r, const char *step, char *out,
    size_t size)
{
	char last[300];
	last_line(r->err, last, sizeof(last));
	if (last[0] == '\0')
		snprintf(last, sizeof(last), "exit status %d", r->status);
	for (size_t i = 0; i < GW_ARRAY_LEN(faults); i++) {
		if (strcasestr(r->err, faults[i].pattern)) {
			snprintf(out, size, "%s: %s (restic: %s)", step,
			    faults[i].meaning, last);
			return;
		}
	}
	snprintf(out, size, "%s: restic: %s", step, last);
}

/* The value of "key":"..." or "key":N after p in restic's JSON. */
bool
restic_json_field(const char *p, const char *key, char *out, size_t size)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *v = strstr(p, pat);
	if (v == NULL)
		return false;
	v += strlen(pat);
	bool quoted = *v == '"';
	v += quoted;
	size_t n = quoted ? strcspn(v, "\"") : strcspn(v, ",}");
	if (n >= size)
		n = size - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}
