/*
 * offsite.c - the off-site backups' state file and the health both
 * "groundwork doctor" and /admin/offsite show (offsite.h).
 *
 * The state lives in a file, not a table: a restored database must not
 * bring back another machine's (or an older day's) backup history, and
 * the timer's runs never take the writer lock the service needs.
 */
#include "offsite.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

void
offsite_state_path(char *out, size_t size)
{
	char dir[512];
	str_copy(dir, sizeof(dir), cfg.db);
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		str_copy(dir, sizeof(dir), ".");
	else
		*(slash == dir ? slash + 1 : slash) = '\0';
	snprintf(out, size, "%s/offsite.state", dir);
}

/* One key of the file: its name and where its value goes. */
enum state_type { ST_INT, ST_TEXT, ST_BOOL };
struct state_key {
	const char *name;
	enum state_type type;
	size_t offset;
	size_t size;
};

#define SK_INT(f) ST_INT, offsetof(struct offsite_state, f), 0
#define SK_BOOL(f) ST_BOOL, offsetof(struct offsite_state, f), 0
#define SK_TEXT(f)                                  \
	ST_TEXT, offsetof(struct offsite_state, f), \
	    sizeof(((struct offsite_state *)0)->f)

static const struct state_key state_keys[] = {
	{ "ok_at", SK_INT(ok_at) },
	{ "ok_snapshot", SK_TEXT(ok_snapshot) },
	{ "ok_added", SK_INT(ok_added) },
	{ "ok_ms", SK_INT(ok_ms) },
	{ "fail_at", SK_INT(fail_at) },
	{ "fail_why", SK_TEXT(fail_why) },
	{ "failing", SK_BOOL(failing) },
	{ "check_at", SK_INT(check_at) },
	{ "check_ok", SK_BOOL(check_ok) },
	{ "check_why", SK_TEXT(check_why) },
	{ "prune_at", SK_INT(prune_at) },
};

static void
state_set(struct offsite_state *s, const char *key, const char *value)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(state_keys); i++) {
		const struct state_key *k = &state_keys[i];
		if (strcmp(k->name, key) != 0)
			continue;
		char *field = (char *)s + k->offset;
		if (k->type == ST_INT)
			*(int64_t *)field = strtoll(value, NULL, 10);
		else if (k->type == ST_BOOL)
			*(bool *)field = strcmp(value, "1") == 0;
		else
			str_copy(field, k->size, value);
		return;
	}
}

int
offsite_state_read(struct offsite_state *s)
{
	memset(s, 0, sizeof(*s));
	char path[600];
	offsite_state_path(path, sizeof(path));
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char *eq = strchr(line, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		state_set(s, line, eq + 1);
	}
	fclose(f);
	return 0;
}

/* A value on one line: newlines become spaces. */
static void
put_text(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s=", key);
	for (; *v; v++)
		fputc(*v == '\n' || *v == '\r' ? ' ' : *v, f);
	fputc('\n', f);
}

int
offsite_state_write(const struct offsite_state *s)
{
	char path[600], tmp[640];
	offsite_state_path(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (f == NULL) {
		fprintf(stderr, "groundwork: cannot write %s: %s\n", tmp,
		    strerror(errno));
		return -1;
	}
	fprintf(f, "# groundwork offsite: what the last runs did\n");
	for (size_t i = 0; i < GW_ARRAY_LEN(state_keys); i++) {
		const struct state_key *k = &state_keys[i];
		const char *field = (const char *)s + k->offset;
		if (k->type == ST_INT)
			fprintf(f, "%s=%" PRId64 "\n", k->name,
			    *(const int64_t *)field);
		else if (k->type == ST_BOOL)
			fprintf(f, "%s=%d\n", k->name, *(const bool *)field);
		else
			put_text(f, k->name, field);
	}
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "groundwork: cannot write %s: %s\n", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

bool
offsite_configured(void)
{
	struct stat st;
	return cfg.offsite_file[0] && stat(cfg.offsite_file, &st) == 0;
}

void
offsite_format_age(char *out, size_t size, int64_t s)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(out, size, "%d s", (int)s);
	else if (s < 3600)
		snprintf(out, size, "%d min", (int)(s / 60));
	else if (s < 86400)
		snprintf(out, size, "%d h %d min", (int)(s / 3600),
		    (int)(s % 3600 / 60));
	else
		snprintf(out, size, "%lld d %d h", (long long)(s / 86400),
		    (int)(s % 86400 / 3600));
}

void
offsite_format_size(char *out, size_t size, int64_t b)
{
	if (b < 1024)
		snprintf(out, size, "%lld B", (long long)b);
	else if (b < 1024 * 1024)
		snprintf(out, size, "%.1f KiB", (double)b / 1024);
	else
		snprintf(out, size, "%.1f MiB", (double)b / (1024 * 1024));
}

static void
format_when(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static void
line_set(struct offsite_line *l, enum offsite_level level, const char *what,
    const char *advice)
{
	l->level = level;
	str_copy(l->what, sizeof(l->what), what);
	str_copy(l->advice, sizeof(l->advice), advice ? advice : "");
}

/* The last snapshot and its age: a warning past three intervals. */
static void
health_snapshot(const struct offsite_state *s, int64_t now,
    struct offsite_line *l)
{
	int64_t interval = (int64_t)cfg.offsite_interval * 60;
	char when[40], age[40], added[40], limit[40], what[600];
	offsite_format_age(limit, sizeof(limit), 3 * interval);
	if (s->ok_at == 0) {
		line_set(l, OFFSITE_WARNING, "no off-site snapshot yet",
		    "run 'groundwork offsite init' once, then 'groundwork "
		    "offsite backup' (the timer runs it every "
		    "offsite_interval minutes)");
		return;
	}
	format_when(when, sizeof(when), s->ok_at);
	offsite_format_age(age, sizeof(age), now - s->ok_at);
	offsite_format_size(added, sizeof(added), s->ok_added);
	bool fresh = now - s->ok_at <= 3 * interval;
	snprintf(what, sizeof(what),
	    "last off-site snapshot %s at %s, %s ago (added %s)%s%s",
	    s->ok_snapshot, when, age, added,
	    fresh ? "" : "; older than three intervals, ", fresh ? "" : limit);
	line_set(l, fresh ? OFFSITE_OK : OFFSITE_WARNING, what,
	    "check that groundwork-offsite.timer is active and read the "
	    "last failure (journalctl -u groundwork-offsite)");
}

/* The last failure: a warning while no snapshot has succeeded since. */
static void
health_failure(const struct offsite_state *s, struct offsite_line *l)
{
	char when[40], what[600];
	if (s->fail_at == 0) {
		line_set(l, OFFSITE_OK, "no off-site run has failed", NULL);
		return;
	}
	format_when(when, sizeof(when), s->fail_at);
	/* Not by time: a failure and a success can share a second. */
	bool current = s->failing;
	snprintf(what, sizeof(what), "%s off-site run failed at %s: %s",
	    current ? "the last" : "an earlier", when, s->fail_why);
	line_set(l, current ? OFFSITE_WARNING : OFFSITE_NOTE, what,
	    current ? "the next run tries again; fix the cause above" : NULL);
}

static void
health_check(const struct offsite_state *s, struct offsite_line *l)
{
	char when[40], what[600];
	if (s->check_at == 0) {
		line_set(l, OFFSITE_NOTE, "no 'offsite check' has run yet",
		    "it runs daily after the prune, or run 'groundwork "
		    "offsite check'");
		return;
	}
	format_when(when, sizeof(when), s->check_at);
	if (s->check_ok)
		snprintf(what, sizeof(what),
		    "offsite check at %s found no errors", when);
	else
		snprintf(what, sizeof(what), "offsite check at %s failed: %s",
		    when, s->check_why);
	line_set(l, s->check_ok ? OFFSITE_OK : OFFSITE_WARNING, what,
	    "run 'groundwork offsite check' and read its output");
}

int
offsite_health(const struct offsite_state *s, bool configured, int64_t now,
    struct offsite_line out[OFFSITE_LINES])
{
	if (!configured && s->ok_at == 0) {
		char what[600];
		snprintf(what, sizeof(what),
		    "off-site backups are not configured (no %.300s): the local "
		    "backups do not survive the loss of this machine",
		    cfg.offsite_file);
		line_set(&out[0], OFFSITE_NOTE, what,
		    "see \"Off-site backups\" in the README");
		return 1;
	}
	health_snapshot(s, now, &out[0]);
	health_failure(s, &out[1]);
	health_check(s, &out[2]);
	return OFFSITE_LINES;
}
