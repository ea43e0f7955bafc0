/*
 * cli_offsite.c - "groundwork offsite init|backup|list|restore|check":
 * encrypted, deduplicated copies of the database on another machine
 * (an SFTP host or S3-compatible storage), made by Debian's restic.
 *
 * restic runs as a child process (restic.c) with an argument vector
 * and an environment built here; the repository and its password come from a
 * root-only file (offsite_file), or from the copy systemd hands the
 * timer's unit (LoadCredential=).  Each backup feeds restic a copy
 * made with SQLite's online backup (the one "groundwork backup" makes),
 * so writers are never held up, and records what happened in the
 * state file doctor and /admin/offsite read (offsite.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "offsite.h"
#include "restic.h"
#include "util.h"

/* The one file every snapshot holds, whatever the machine. */
#define SNAP_FILE "groundwork.db"
#define SNAP_PATH "/" SNAP_FILE
/* One host name for every snapshot, so a restored server carries on
 * the same series (and restic finds its parent). */
#define SNAP_HOST "groundwork"
/* Prune and check at most this often; forget runs after every backup. */
#define PRUNE_EVERY (24 * 3600)

/*
 * The prune policy (README, "Off-site backups"): every snapshot of the
 * last day (one each offsite_interval), one an hour for a week, one a
 * day for three months; older ones go.
 */
static const char *const keep_policy[] = { "--keep-within", "1d",
	"--keep-within-hourly", "7d", "--keep-within-daily", "3m" };

/* A key of the offsite file and the restic variable it becomes. */
static const struct {
	const char *key;
	const char *env;
} cred_keys[] = {
	{ "repository", "RESTIC_REPOSITORY" },
	{ "password", "RESTIC_PASSWORD" },
	{ "aws_access_key_id", "AWS_ACCESS_KEY_ID" },
	{ "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY" },
	{ "aws_default_region", "AWS_DEFAULT_REGION" },
};

#define CRED_MAX GW_ARRAY_LEN(cred_keys)
#define ENV_MAX (CRED_MAX + 5)

/* What restic is given: its environment, and where it caches. */
struct restic_env {
	char *env[ENV_MAX + 1]; /* "NAME=value", NULL-terminated */
	int n;                  /* entries used */
	char cache[600];        /* --cache-dir */
};

static struct restic_env renv;

/* Why the offsite file was refused, for the state file. */
static char creds_why[600];
/* restic in the environment offsite_setup() built. */
static int
restic(struct restic_run *r, const char *const *args, int in_fd, int out_fd)
{
	return restic_run(r, args, renv.env, renv.cache, in_fd, out_fd);
}


static void
env_add(const char *name, const char *value)
{
	if (renv.n >= (int)ENV_MAX)
		return;
	size_t len = strlen(name) + strlen(value) + 2;
	char *e = xmalloc(len);
	snprintf(e, len, "%s=%s", name, value);
	renv.env[renv.n++] = e;
	renv.env[renv.n] = NULL;
}

/* Parse the offsite file's "key = value" lines into the environment.
 * Returns how many repository lines it had (0: not configured). */
static int
parse_creds(FILE *f, const char *path)
{
	char line[2048];
	int lineno = 0, repos = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = line + strspn(line, " \t");
		s[strcspn(s, "\r\n")] = '\0';
		if (*s == '#' || *s == '\0')
			continue;
		char *eq = strchr(s, '=');
		size_t i = CRED_MAX;
		if (eq) {
			char *k = s, *ke = eq;
			while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			*ke = '\0';
			for (i = 0; i < CRED_MAX; i++)
				if (strcmp(cred_keys[i].key, k) == 0)
					break;
		}
		if (i == CRED_MAX) {
			fprintf(stderr,
			    "%s:%d: unknown key (expected %s, %s, "
			    "or aws_* for S3)\n",
			    path, lineno, cred_keys[0].key, cred_keys[1].key);
			continue;
		}
		char *v = eq + 1 + strspn(eq + 1, " \t");
		size_t vl = strlen(v);
		while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
			v[--vl] = '\0';
		env_add(cred_keys[i].env, v);
		repos += i == 0;
	}
	return repos;
}

enum creds_result { CREDS_OK, CREDS_NONE, CREDS_BAD };

/*
 * Read the repository and its password: from systemd's credential when
 * the unit passed one, else from offsite_file.  The file must be
 * readable by its owner alone, and that owner root or this user.
 */
static enum creds_result
load_creds(char *path, size_t size)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	struct stat st;
	if (dir && *dir)
		snprintf(path, size, "%s/offsite", dir);
	if (!(dir && *dir && stat(path, &st) == 0))
		str_copy(path, size, cfg.offsite_file);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return CREDS_NONE;
		snprintf(creds_why, sizeof(creds_why),
		    "cannot read %.300s: %s%s", path, strerror(errno),
		    errno == EACCES ? " (it is root-only: run this as root)"
		                    : "");
		fprintf(stderr, "groundwork: %s\n", creds_why);
		return CREDS_BAD;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 0077) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		snprintf(creds_why, sizeof(creds_why),
		    "refusing %.200s: it holds the off-site password and must "
		    "be readable by root alone (mode %04o, owner uid %d)",
		    path, (unsigned)(st.st_mode & 07777), (int)st.st_uid);
		fprintf(stderr,
		    "groundwork: %s; chown root:root %s && chmod "
		    "600 %s\n",
		    creds_why, path, path);
		close(fd);
		return CREDS_BAD;
	}
	FILE *f = fdopen(fd, "r");
	int repos = parse_creds(f, path);
	fclose(f);
	return repos > 0 ? CREDS_OK : CREDS_NONE;
}

/* The database's directory, where the copy, cache and state go. */
static void
db_dir(char *out, size_t size)
{
	str_copy(out, size, cfg.db);
	char *slash = strrchr(out, '/');
	if (slash == NULL)
		str_copy(out, size, ".");
	else
		*(slash == out ? slash + 1 : slash) = '\0';
}

/*
 * Run as root (an admin at the shell), become the owner of the
 * database's directory once the root-only file is read, so every file
 * made beside the database is the service's.  0, or -1 after a message.
 */
static int
become_db_owner(void)
{
	char dir[512];
	db_dir(dir, sizeof(dir));
	struct stat st;
	if (geteuid() != 0 || stat(dir, &st) != 0 || st.st_uid == 0)
		return 0;
	const struct passwd *pw = getpwuid(st.st_uid);
	if (pw == NULL || initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0 ||
	    setuid(0) == 0) {
		fprintf(stderr, "groundwork: cannot become the owner of %s\n",
		    dir);
		return -1;
	}
	return 0;
}

/* The environment restic runs in: nothing of ours but what it needs. */
static void
env_base(void)
{
	const struct passwd *pw = getpwuid(geteuid());
	env_add("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
	env_add("HOME", pw ? pw->pw_dir : "/");
	env_add("LANG", "C.UTF-8");
	env_add("TZ", "UTC"); /* snapshot times, as list shows them */
	const char *tmp = getenv("TMPDIR");
	if (tmp && *tmp)
		env_add("TMPDIR", tmp);
	char dir[512];
	db_dir(dir, sizeof(dir));
	snprintf(renv.cache, sizeof(renv.cache), "%s/offsite-cache", dir);
}

/*
 * Everything a subcommand needs before restic: the credentials, the
 * right user, the environment.  1: not configured (a message printed
 * unless quiet), 0: ready, -1: refused after a message.
 */
static int
offsite_setup(bool quiet)
{
	char path[700];
	enum creds_result c = load_creds(path, sizeof(path));
	if (c == CREDS_BAD)
		return -1;
	if (c == CREDS_NONE) {
		if (!quiet)
			fprintf(stderr,
			    "groundwork: off-site backups are not configured "
			    "(no repository in %s); see \"Off-site backups\" "
			    "in the README\n",
			    path);
		return 1;
	}
	if (become_db_owner() != 0)
		return -1;
	env_base();
	return 0;
}


/* Record a failure in the state file and say it. */
static int
record_failure(struct offsite_state *s, const char *why)
{
	s->fail_at = now_seconds();
	s->failing = true;
	str_copy(s->fail_why, sizeof(s->fail_why), why);
	fprintf(stderr, "groundwork: off-site backup failed: %s\n", why);
	offsite_state_write(s);
	return 1;
}


/* A snapshot as list and restore name it. */
struct snapshot {
	char id[24];   /* short id */
	char time[40]; /* as restic gives it, to the second */
};

/* The snapshots of SNAP_PATH, oldest first, from "restic snapshots
 * --json".  Returns how many (at most max), or -1 after a message. */
static int
snapshots(struct snapshot *out, int max, char *why, size_t why_size)
{
	struct restic_run r;
	const char *args[] = { "snapshots", "--json", "--path", SNAP_PATH,
		NULL };
	if (restic(&r, args, -1, -1) != 0) {
		restic_explain(&r, "listing snapshots", why, why_size);
		free(r.out);
		return -1;
	}
	int n = 0;
	for (const char *p = r.out ? strstr(r.out, "{\"time\":") : NULL; p;
	     p = strstr(p + 1, "{\"time\":")) {
		struct snapshot s;
		if (!restic_json_field(p, "time", s.time, sizeof(s.time)) ||
		    !restic_json_field(p, "short_id", s.id, sizeof(s.id)))
			continue;
		s.time[strcspn(s.time, ".Z+")] = '\0';
		char *t = strchr(s.time, 'T');
		if (t)
			*t = ' ';
		if (n < max)
			out[n++] = s;
		else {
			memmove(out, out + 1, sizeof(*out) * (size_t)(max - 1));
			out[max - 1] = s;
		}
	}
	free(r.out);
	return n;
}

static int
offsite_init(int argc, char **argv)
{
	(void)argv;
	if (argc != 1 || offsite_setup(false) != 0)
		return argc != 1 ? 2 : 1;
	struct restic_run r;
	const char *args[] = { "init", NULL };
	if (restic(&r, args, -1, -1) != 0) {
		bool there = strstr(r.err, "already exists") != NULL;
		char why[600];
		restic_explain(&r, "init", why, sizeof(why));
		fprintf(stderr, "groundwork: %s\n",
		    there ? "the repository is already initialised" : why);
		free(r.out);
		return there ? 0 : 1;
	}
	free(r.out);
	printf("groundwork: off-site repository initialised; keep a copy of "
	       "the offsite file somewhere safe: without its password the "
	       "snapshots cannot be read\n");
	return 0;
}

static int offsite_check(int argc, char **argv);

/* Milliseconds on a clock that only goes forward. */
static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The consistent copy restic is given, made by the online backup
 * beside the database, but only while that leaves low_space_mb free:
 * a full disk would stop the service's saves.  0, or -1 with why.
 */
static int
take_copy(const char *copy, char *why, size_t size)
{
	struct stat st;
	if (stat(cfg.db, &st) != 0) {
		snprintf(why, size, "the database %s: %s", cfg.db,
		    strerror(errno));
		return -1;
	}
	int64_t mib = 1024 * 1024;
	int64_t free = free_bytes_at(cfg.db);
	int64_t need = (int64_t)st.st_size + (int64_t)cfg.low_space_mb * mib;
	if (free < need) {
		snprintf(why, size,
		    "the disk here is too full for the copy restic uploads "
		    "(it needs %lld MiB and keeps low_space_mb = %d MiB for "
		    "saves; %lld MiB free)",
		    (long long)(st.st_size / mib), cfg.low_space_mb,
		    (long long)(free / mib));
		return -1;
	}
	struct db *db = db_open(cfg.db);
	/* quick_check: every 5 minutes, on a large database, the full
	 * check would cost twice the time; a restore runs the full one. */
	int rc = db ? cli_safe_copy(db, copy, true) : -1;
	db_close(db);
	if (rc != 0)
		snprintf(why, size,
		    "the local copy failed (see the messages above; "
		    "is the disk full?)");
	return rc;
}

/* restic backup of the copy; on success fills s's snapshot fields. */
static int
upload(const char *copy, struct offsite_state *s, char *why, size_t size)
{
	int fd = open(copy, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, size, "cannot open the copy %.300s: %s", copy,
		    strerror(errno));
		return -1;
	}
	struct restic_run r;
	const char *args[] = { "backup", "--json", "--quiet", "--stdin",
		"--stdin-filename", SNAP_FILE, "--host", SNAP_HOST, "--tag",
		"groundwork", NULL };
	restic(&r, args, fd, -1);
	close(fd);
	const char *sum = r.out ? strstr(r.out, "\"message_type\":\"summary\"")
	                        : NULL;
	char id[24], added[32];
	int rc = -1;
	if (r.status != 0 || sum == NULL ||
	    !restic_json_field(sum, "snapshot_id", id, sizeof(id))) {
		restic_explain(&r, "upload", why, size);
	} else {
		str_copy(s->ok_snapshot, sizeof(s->ok_snapshot), id);
		s->ok_added = restic_json_field(sum, "data_added", added,
		                  sizeof(added))
		                  ? strtoll(added, NULL, 10)
		                  : 0;
		rc = 0;
	}
	free(r.out);
	return rc;
}

/* After a snapshot: forget by the policy every run; prune the data no
 * snapshot needs and check the repository once a day.  A stale lock
 * left by a run that lost its connection is cleared first. */
static void
maintain(struct offsite_state *s)
{
	struct restic_run r;
	const char *unlock[] = { "unlock", NULL };
	restic(&r, unlock, -1, -1);
	free(r.out);
	bool prune = now_seconds() - s->prune_at >= PRUNE_EVERY;
	const char *args[16] = { "forget", "--quiet", "--host", SNAP_HOST };
	int n = 4;
	for (size_t i = 0; i < GW_ARRAY_LEN(keep_policy); i++)
		args[n++] = keep_policy[i];
	if (prune)
		args[n++] = "--prune";
	args[n] = NULL;
	char why[600];
	if (restic(&r, args, -1, -1) != 0) {
		restic_explain(&r, prune ? "forget and prune" : "forget", why,
		    sizeof(why));
		record_failure(s, why);
	} else if (prune) {
		s->prune_at = now_seconds();
	}
	free(r.out);
	if (prune && !s->failing)
		offsite_check(1, NULL);
}

/*
 * groundwork offsite backup: one snapshot, then the prune policy.
 * Not configured, it says so and exits 0 (the timer runs everywhere).
 */
static int
offsite_backup(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: groundwork offsite backup\n");
		return 2;
	}
	int ready = offsite_setup(true);
	if (ready == 1) {
		printf("groundwork: off-site backups are not configured (no "
		       "repository in %s); nothing to do\n",
		    cfg.offsite_file);
		return 0;
	}
	struct offsite_state s;
	offsite_state_read(&s);
	if (ready != 0)
		return record_failure(&s,
		    creds_why[0] ? creds_why
		                 : "cannot act as the database's owner");
	int64_t t0 = now_ms();
	char copy[600], why[600];
	snprintf(copy, sizeof(copy), "%s.offsite-%d", cfg.db, (int)getpid());
	int rc = take_copy(copy, why, sizeof(why));
	struct stat st;
	int64_t size = stat(copy, &st) == 0 ? (int64_t)st.st_size : 0;
	if (rc == 0)
		rc = upload(copy, &s, why, sizeof(why));
	unlink(copy);
	if (rc != 0)
		return record_failure(&s, why);
	s.ok_at = now_seconds();
	s.ok_ms = now_ms() - t0;
	s.failing = false;
	offsite_state_write(&s);
	char added[40], total[40];
	offsite_format_size(added, sizeof(added), s.ok_added);
	offsite_format_size(total, sizeof(total), size);
	printf("groundwork: off-site snapshot %s of %s (%s) added %s in "
	       "%.1f s\n",
	    s.ok_snapshot, cfg.db, total, added, (double)s.ok_ms / 1000);
	maintain(&s);
	offsite_state_write(&s);
	return 0;
}

/* groundwork offsite check: restic check, its verdict recorded. */
static int
offsite_check(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: groundwork offsite check\n");
		return 2;
	}
	if (renv.n == 0 && offsite_setup(false) != 0)
		return 1;
	struct offsite_state s;
	offsite_state_read(&s);
	struct restic_run r;
	const char *args[] = { "check", NULL };
	restic(&r, args, -1, -1);
	free(r.out);
	s.check_at = now_seconds();
	s.check_ok = r.status == 0;
	s.check_why[0] = '\0';
	if (!s.check_ok)
		restic_explain(&r, "check", s.check_why, sizeof(s.check_why));
	offsite_state_write(&s);
	if (s.check_ok)
		printf("groundwork: offsite check found no errors\n");
	else
		fprintf(stderr, "groundwork: offsite check failed: %s\n",
		    s.check_why);
	return s.check_ok ? 0 : 1;
}

#define SNAPSHOTS_MAX 4096

static int
offsite_list(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: groundwork offsite list\n");
		return 2;
	}
	if (offsite_setup(false) != 0)
		return 1;
	struct snapshot *list = xcalloc(SNAPSHOTS_MAX, sizeof(*list));
	char why[600];
	int n = snapshots(list, SNAPSHOTS_MAX, why, sizeof(why));
	if (n < 0)
		fprintf(stderr, "groundwork: %s\n", why);
	else if (n == 0)
		printf("no snapshots yet\n");
	for (int i = 0; i < n; i++)
		printf("%s  %s UTC\n", list[i].id, list[i].time);
	free(list);
	return n < 0 ? 1 : 0;
}

/* Where in list (n entries, oldest first) the snapshot name is;
 * "latest" is the newest.  -1 if it is not there. */
static int
find_snapshot(const struct snapshot *list, int n, const char *name)
{
	if (strcmp(name, "latest") == 0)
		return n - 1;
	for (int i = n - 1; i >= 0; i--) {
		size_t a = strlen(list[i].id), b = strlen(name);
		if (strncmp(list[i].id, name, a < b ? a : b) == 0)
			return i;
	}
	return -1;
}

/* Remove path's SQLite companions (and path itself when all). */
static void
remove_db_files(const char *path, bool all)
{
	static const char *const extra[] = { "-wal", "-shm", ".lock" };
	char side[700];
	for (size_t i = 0; i < GW_ARRAY_LEN(extra); i++) {
		snprintf(side, sizeof(side), "%s%s", path, extra[i]);
		unlink(side);
	}
	if (all)
		unlink(path);
}

/* restic dump of the snapshot into dest, synced.  0, or -1 with why. */
static int
dump(const char *id, const char *dest, char *why, size_t size)
{
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, size, "cannot create %.300s: %s", dest,
		    strerror(errno));
		return -1;
	}
	struct restic_run r;
	const char *args[] = { "dump", id, SNAP_PATH, NULL };
	int rc = restic(&r, args, -1, fd) == 0 ? 0 : -1;
	free(r.out);
	if (rc != 0)
		restic_explain(&r, "download", why, size);
	else if (fsync(fd) != 0) {
		snprintf(why, size, "cannot sync %.300s: %s", dest,
		    strerror(errno));
		rc = -1;
	}
	close(fd);
	if (rc != 0)
		unlink(dest);
	return rc;
}

/* Whether the downloaded file is a sound Groundwork database. */
static bool
sound(const char *path, int *version)
{
	struct db *db = db_open(path);
	bool ok = db && db_integrity_ok(db) &&
	          (*version = db_schema_version(db)) >= 1;
	db_close(db);
	remove_db_files(path, false);
	return ok;
}

/*
 * groundwork offsite restore [SNAPSHOT] [--to FILE]: download a
 * snapshot (the latest by default), refuse it unless integrity_check
 * passes (naming the snapshot before it), then either leave it at FILE
 * or put it in place as "groundwork restore" does.
 */
static int
offsite_restore(int argc, char **argv)
{
	const char *name = "latest", *to = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else if (argv[i][0] != '-' && strcmp(name, "latest") == 0)
			name = argv[i];
		else {
			fprintf(stderr, "usage: groundwork offsite restore "
			                "[SNAPSHOT] [--to FILE]\n");
			return 2;
		}
	}
	if (offsite_setup(false) != 0)
		return 1;
	if (to == NULL && cli_service_running()) {
		fprintf(stderr,
		    "groundwork: the service is running on %s; stop it first "
		    "(systemctl stop groundwork), or use --to FILE\n",
		    cfg.socket);
		return 1;
	}
	struct snapshot *list = xcalloc(SNAPSHOTS_MAX, sizeof(*list));
	char why[600], dest[700];
	int n = snapshots(list, SNAPSHOTS_MAX, why, sizeof(why));
	int at = n > 0 ? find_snapshot(list, n, name) : -1;
	int rc = 1;
	if (n < 0) {
		fprintf(stderr, "groundwork: %s\n", why);
		goto out;
	}
	if (at < 0) {
		fprintf(stderr,
		    "groundwork: no snapshot %s (groundwork "
		    "offsite list shows them)\n",
		    name);
		goto out;
	}
	if (to)
		str_copy(dest, sizeof(dest), to);
	else
		snprintf(dest, sizeof(dest), "%s.offsite-restore-%d", cfg.db,
		    (int)getpid());
	if (dump(list[at].id, dest, why, sizeof(why)) != 0) {
		fprintf(stderr, "groundwork: %s; nothing was changed\n", why);
		goto out;
	}
	int version = 0;
	if (!sound(dest, &version)) {
		unlink(dest);
		fprintf(stderr,
		    "groundwork: snapshot %s (%s UTC) fails integrity_check; "
		    "nothing was changed.  %s%s%s\n",
		    list[at].id, list[at].time,
		    at > 0 ? "Try the one before it: groundwork offsite "
		             "restore "
		           : "It is the oldest snapshot there is.",
		    at > 0 ? list[at - 1].id : "", at > 0 ? "" : "");
		goto out;
	}
	if (to) {
		printf("groundwork: snapshot %s (%s UTC) is at %s (schema %d, "
		       "integrity ok)\n",
		    list[at].id, list[at].time, to, version);
		rc = 0;
		goto out;
	}
	char *restore_argv[] = { "restore", dest, NULL };
	rc = cli_restore(2, restore_argv);
	remove_db_files(dest, true);
	if (rc == 0)
		printf("groundwork: the database is off-site snapshot %s (%s "
		       "UTC); start the service: systemctl start groundwork\n",
		    list[at].id, list[at].time);
out:
	free(list);
	return rc;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} offsite_commands[] = {
	{ "init", offsite_init },
	{ "backup", offsite_backup },
	{ "list", offsite_list },
	{ "restore", offsite_restore },
	{ "check", offsite_check },
};

int
cli_offsite(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < GW_ARRAY_LEN(offsite_commands); i++)
		if (strcmp(argv[1], offsite_commands[i].name) == 0)
			return offsite_commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "usage: groundwork offsite "
	                "init|backup|list|restore [SNAPSHOT] [--to FILE]|"
	                "check\n");
	return 2;
}
