/*
 * cli_admin.c - "groundwork backup", "restore" and "doctor": what an
 * admin runs on the server to keep the data safe and check the install.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "db_account.h"
#include "offsite.h"
#include "tmpl.h"
#include "util.h"

/* Is a groundwork serve answering on the configured socket? */
bool
cli_service_running(void)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (str_copy(sa.sun_path, sizeof(sa.sun_path), cfg.socket) != 0)
		return false;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	bool up = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return up;
}

static void
timestamp(char *out, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, size, "%Y%m%d-%H%M%S", &tm);
}

/* Copy src into a temporary file beside dest, check it (quick_check
 * when quick, else integrity_check), sync it, and rename it into place
 * (cli.h).  0, or -1 after a message. */
int
cli_safe_copy(struct db *src, const char *dest, bool quick)
{
	char tmp[1100];
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", dest, (int)getpid());
	unlink(tmp);
	if (db_backup_to(src, tmp) != DB_OK) {
		unlink(tmp);
		return -1;
	}
	struct db *copy = db_open(tmp);
	bool ok = copy &&
	          (quick ? db_quick_check_ok(copy) : db_integrity_ok(copy));
	if (copy) {
		/* Fold the copy's WAL into the file before it moves. */
		db_checkpoint_truncate(copy);
		db_close(copy);
	}
	char side[1200];
	static const char *const extra[] = { "-wal", "-shm", ".lock" };
	if (!ok) {
		fprintf(stderr,
		    "groundwork: the copy failed its integrity check; "
		    "nothing was written\n");
	} else if (rename(tmp, dest) != 0) {
		fprintf(stderr, "groundwork: cannot move the copy to %s: %s\n",
		    dest, strerror(errno));
		ok = false;
	}
	for (size_t i = 0; i < GW_ARRAY_LEN(extra); i++) {
		snprintf(side, sizeof(side), "%s%s", tmp, extra[i]);
		unlink(side);
	}
	if (!ok)
		unlink(tmp);
	return ok ? 0 : -1;
}

int
cli_backup(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: groundwork backup [DEST]\n");
		return 2;
	}
	struct db *db = db_open(cfg.db);
	if (db == NULL)
		return 1;
	char dest[1024], stamp[32];
	timestamp(stamp, sizeof(stamp));
	struct stat st;
	const char *arg = argc == 2 ? argv[1] : NULL;
	if (arg == NULL) {
		/* Beside the database. */
		snprintf(dest, sizeof(dest), "%s.backup-%s", cfg.db, stamp);
	} else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(dest, sizeof(dest), "%s/groundwork-%s.db", arg, stamp);
	} else {
		str_copy(dest, sizeof(dest), arg);
	}
	int version = db_schema_version(db);
	int rc = cli_safe_copy(db, dest, false);
	db_close(db);
	if (rc != 0)
		return 1;
	if (stat(dest, &st) == 0)
		printf("groundwork: backed up %s to %s (%lld bytes, schema %d, "
		       "integrity ok)\n",
		    cfg.db, dest, (long long)st.st_size, version);
	return 0;
}

int
cli_restore(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: groundwork restore FILE\n");
		return 2;
	}
	if (cli_service_running()) {
		fprintf(stderr,
		    "groundwork: the service is running on %s; stop it "
		    "first (systemctl stop groundwork)\n",
		    cfg.socket);
		return 1;
	}
	struct db *src = db_open(argv[1]);
	if (src == NULL)
		return 1;
	int version = db_schema_version(src);
	if (!db_integrity_ok(src) || version < 1) {
		fprintf(stderr,
		    "groundwork: %s is not a sound Groundwork "
		    "database; nothing was changed\n",
		    argv[1]);
		db_close(src);
		return 1;
	}
	/* The current database, brought to this version's schema. */
	struct db *cur = cli_open_db();
	int current = cur ? db_schema_version(cur) : 0;
	if (cur == NULL || version > current) {
		if (cur)
			fprintf(stderr,
			    "groundwork: %s has schema %d, newer than "
			    "this Groundwork's %d; upgrade Groundwork "
			    "first\n",
			    argv[1], version, current);
		db_close(cur);
		db_close(src);
		return 1;
	}
	/* Keep the current database aside, complete (WAL folded in). */
	char stamp[32], aside[1100];
	timestamp(stamp, sizeof(stamp));
	snprintf(aside, sizeof(aside), "%s.before-restore-%s", cfg.db, stamp);
	int rc = cli_safe_copy(cur, aside, false);
	db_close(cur);
	if (rc != 0) {
		db_close(src);
		return 1;
	}
	rc = cli_safe_copy(src, cfg.db, false);
	db_close(src);
	if (rc != 0) {
		fprintf(stderr,
		    "groundwork: restore failed; the old database is "
		    "at %s\n",
		    aside);
		return 1;
	}
	/* The old database's WAL and index belong to the old file. */
	static const char *const extra[] = { "-wal", "-shm" };
	for (size_t i = 0; i < GW_ARRAY_LEN(extra); i++) {
		char side[1100];
		snprintf(side, sizeof(side), "%s%s", cfg.db, extra[i]);
		unlink(side);
	}
	struct db *db = cli_open_db(); /* migrates an older backup */
	if (db == NULL)
		return 1;
	printf("groundwork: restored %s (schema %d, now %d); the previous "
	       "database is at %s\n",
	    argv[1], version, db_schema_version(db), aside);
	db_close(db);
	return 0;
}

/* One check of "groundwork doctor": a verdict and what to do. */
static int problems;

static void
verdict(bool ok, const char *what, const char *advice)
{
	printf("%-8s %s%s%s\n", ok ? "ok" : "PROBLEM", what,
	    ok || advice == NULL ? "" : ": ",
	    ok || advice == NULL ? "" : advice);
	if (!ok)
		problems++;
}

/* nginx runs as www-data: it may open the socket if it owns it, shares
 * its group with group write, or everyone may write. */
static void
check_nginx_reach(const char *socket_path)
{
	struct stat st;
	const struct passwd *nginx = getpwnam("www-data");
	char line[700];
	if (stat(socket_path, &st) != 0 || !nginx) {
		snprintf(line, sizeof(line), "nginx (www-data) can open %s",
		    socket_path);
		verdict(false, line,
		    nginx ? "start the service"
		          : "install nginx (no www-data user)");
		return;
	}
	bool in_group = st.st_gid == nginx->pw_gid;
	const struct group *g = getgrgid(st.st_gid);
	for (char **m = g ? g->gr_mem : NULL; m && *m && !in_group; m++)
		in_group = strcmp(*m, nginx->pw_name) == 0;
	bool reach = (st.st_uid == nginx->pw_uid && (st.st_mode & S_IWUSR)) ||
	             (in_group && (st.st_mode & S_IWGRP)) ||
	             (st.st_mode & S_IWOTH);
	snprintf(line, sizeof(line),
	    "nginx (www-data) can open the socket "
	    "(group %s, mode %04o)",
	    g ? g->gr_name : "?", (unsigned)(st.st_mode & 07777));
	verdict(reach, line,
	    "give the socket's directory the group www-data and mode 2750 "
	    "(systemd-tmpfiles --create groundwork.conf does) and set "
	    "socket_mode = 0660");
}

/* A session still stored a day after it expired has been missed by at
 * least 24 hourly purges: the timer is not running, or cannot keep up. */
#define PURGE_OVERDUE (24 * 3600)

/* Expired sessions: how many wait for the next purge, and whether any
 * should have gone long ago.  Read only. */
static void
check_purge(struct db *db)
{
	int64_t now = now_seconds();
	int64_t idle_before = now - cfg.idle_timeout;
	int64_t created_before = now - cfg.absolute_timeout;
	int64_t waiting = session_count_expired(db, idle_before,
	    created_before);
	int64_t overdue = session_count_expired(db, idle_before - PURGE_OVERDUE,
	    created_before - PURGE_OVERDUE);
	char line[200];
	if (waiting < 0 || overdue < 0) {
		verdict(false, "expired sessions can be counted",
		    "run 'groundwork migrate'");
		return;
	}
	if (overdue == 0) {
		snprintf(line, sizeof(line),
		    "%lld expired sessions wait for the "
		    "hourly purge",
		    (long long)waiting);
		verdict(true, line, NULL);
		return;
	}
	snprintf(line, sizeof(line),
	    "expired sessions are purged (%lld "
	    "expired, %lld of them over a day ago)",
	    (long long)waiting, (long long)overdue);
	verdict(false, line,
	    "the purge is not running: systemctl enable --now "
	    "groundwork-purge.timer (or run 'groundwork purge --max N' to "
	    "catch up)");
}

/* Free space where the database lives, against low_space_mb. */
static void
check_free_space(void)
{
	char line[700];
	int64_t bytes = free_bytes_at(cfg.db);
	if (bytes < 0) {
		snprintf(line, sizeof(line), "free space beside %s", cfg.db);
		verdict(false, line, "cannot read it (statvfs failed)");
		return;
	}
	int64_t mb = bytes / (1024 * 1024);
	snprintf(line, sizeof(line),
	    "%lld MiB free for the database "
	    "(warning below %d MiB, low_space_mb)",
	    (long long)mb, cfg.low_space_mb);
	verdict(mb >= cfg.low_space_mb, line,
	    "free some space or grow the disk: saves fail when it is full");
}

/* The off-site backups, as /admin/offsite shows them: a warning counts
 * as a problem, a note does not. */
static void
check_offsite(void)
{
	struct offsite_state s;
	struct offsite_line lines[OFFSITE_LINES];
	if (offsite_state_read(&s) != 0) {
		verdict(false, "the off-site state file can be read",
		    "check the permissions of offsite.state beside the "
		    "database");
		return;
	}
	int n = offsite_health(&s, offsite_configured(), now_seconds(), lines);
	for (int i = 0; i < n; i++) {
		if (lines[i].level == OFFSITE_NOTE) {
			printf("%-8s %s%s%s\n", "note", lines[i].what,
			    lines[i].advice[0] ? ": " : "", lines[i].advice);
			continue;
		}
		verdict(lines[i].level == OFFSITE_OK, lines[i].what,
		    lines[i].advice);
	}
}

int
cli_doctor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	problems = 0;
	char line[1400];
	struct stat st;

	snprintf(line, sizeof(line), "database %s exists", cfg.db);
	bool exists = stat(cfg.db, &st) == 0;
	verdict(exists, line, "run 'groundwork migrate' to create it");
	if (exists) {
		/* Private if the file, or the directory it is in, keeps
		 * others out. */
		char dir[600];
		str_copy(dir, sizeof(dir), cfg.db);
		char *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		else
			str_copy(dir, sizeof(dir), ".");
		struct stat dst;
		bool dir_closed = stat(dir, &dst) == 0 &&
		                  (dst.st_mode & 0001) == 0;
		snprintf(line, sizeof(line),
		    "database is private (file %04o, "
		    "directory %04o)",
		    (unsigned)(st.st_mode & 0777),
		    (unsigned)(dst.st_mode & 0777));
		verdict((st.st_mode & 0007) == 0 || dir_closed, line,
		    "chmod o-rwx the database or its directory");
	}
	check_free_space();
	struct db *db = exists ? db_open(cfg.db) : NULL;
	if (db) {
		verdict(db_integrity_ok(db), "database integrity_check",
		    "restore the latest backup with 'groundwork restore'");
		char sqldir[600];
		snprintf(sqldir, sizeof(sqldir), "%s/sql", cfg.share_dir);
		int before = db_schema_version(db);
		snprintf(line, sizeof(line), "database schema %d is current",
		    before);
		/* Report without changing anything: every statement prepares
		 * only against the schema this build expects. */
		verdict(db_prepare_all(db) == DB_OK, line,
		    "run 'groundwork migrate'");
		check_purge(db);
		cli_digest_doctor(db, verdict);
		db_close(db);
	}
	snprintf(line, sizeof(line),
	    "SQLite %s (the WAL-reset fix arrived in "
	    "3.51.3; Groundwork's writer lock covers "
	    "older ones)",
	    db_sqlite_version());
	verdict(true, line, NULL);
	char views[600], err[1024];
	snprintf(views, sizeof(views), "%s/views", cfg.share_dir);
	int t = tmpl_preload(views, err, sizeof(err));
	snprintf(line, sizeof(line), "templates in %s load", views);
	verdict(t == 0, line, err);
	snprintf(line, sizeof(line), "the service answers on %s", cfg.socket);
	verdict(cli_service_running(), line,
	    "start it (systemctl start groundwork)");
	check_nginx_reach(cfg.socket);
	check_offsite();
	printf("%s\n",
	    problems ? "verdict: needs attention" : "verdict: healthy");
	return problems ? 1 : 0;
}
