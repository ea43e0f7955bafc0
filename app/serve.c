/*
 * serve.c - the prefork master.  Start-up order: make sure fds 0-2 are
 * open, migrate, take or bind the socket, check that a worker can
 * start, fork the workers.  Then it only watches:
 *   SIGCHLD   re-fork a worker that died
 *   SIGHUP    re-read config, check, and replace every worker
 *   SIGTERM   stop the workers (each finishes its request) and exit
 */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "util.h"
#include "worker.h"

#define MAX_WORKERS 64
#define STOP_GRACE_SECONDS 10

static volatile sig_atomic_t got_term, got_hup, got_chld;

static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
}

struct slot {
	pid_t pid;      /* 0 when the slot is empty */
	time_t started; /* for crash-loop damping */
};

static struct slot slots[MAX_WORKERS];
static int nslots;

static void
ensure_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			int nfd = open("/dev/null", O_RDWR);
			if (nfd != fd && nfd >= 0)
				close(nfd);
		}
	}
}

/* systemd socket activation hands the socket over as fd 3. */
static int
inherited_socket(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	if (pid && fds && atol(pid) == (long)getpid() && atoi(fds) >= 1)
		return 3;
	return -1;
}

static int
bind_socket(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (str_copy(sa.sun_path, sizeof(sa.sun_path), path) != 0) {
		fprintf(stderr, "groundwork: socket path too long: %s\n", path);
		return -1;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("groundwork: socket");
		return -1;
	}
	unlink(path); /* a stale socket from an earlier run */
	mode_t old = umask(0777 & ~(mode_t)cfg.socket_mode);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc != 0 || listen(fd, 128) != 0) {
		fprintf(stderr, "groundwork: cannot listen on %s: %s\n", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	chmod(path, (mode_t)cfg.socket_mode);
	return fd;
}

static pid_t
spawn_worker(int listen_fd)
{
	pid_t pid = fork();
	if (pid == 0) {
		/* FCGX_Accept_r wants the socket on a known fd; keep ours. */
		int fl = fcntl(listen_fd, F_GETFD);
		fcntl(listen_fd, F_SETFD, fl & ~FD_CLOEXEC);
		worker_main(listen_fd);
	}
	if (pid < 0)
		perror("groundwork: fork");
	return pid;
}

/* Fork a child that loads templates and opens the database, and wait
 * for its verdict: 0 if a worker can start. */
static int
preflight(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(worker_preflight() == 0 ? 0 : WORKER_EXIT_CONFIG);
	if (pid < 0)
		return -1;
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int
live_workers(void)
{
	int n = 0;
	for (int i = 0; i < MAX_WORKERS; i++)
		if (slots[i].pid > 0)
			n++;
	return n;
}

static void
signal_workers(int sig)
{
	for (int i = 0; i < MAX_WORKERS; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, sig);
}

/* Reap dead workers.  Returns how many died with the config status. */
static int
reap(void)
{
	int status, config_failures = 0;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < MAX_WORKERS; i++) {
			if (slots[i].pid != pid)
				continue;
			slots[i].pid = 0;
			if (WIFEXITED(status) &&
			    WEXITSTATUS(status) == WORKER_EXIT_CONFIG)
				config_failures++;
			if (!got_term) {
				if (WIFSIGNALED(status))
					fprintf(stderr,
					    "groundwork: worker %ld "
					    "died of signal %d; restarting\n",
					    (long)pid, WTERMSIG(status));
				else if (WIFEXITED(status) &&
				         WEXITSTATUS(status))
					fprintf(stderr,
					    "groundwork: worker %ld "
					    "exited with %d; restarting\n",
					    (long)pid, WEXITSTATUS(status));
			}
		}
	}
	return config_failures;
}

static void
fill_slots(int listen_fd)
{
	time_t now = time(NULL);
	for (int i = 0; i < nslots; i++) {
		if (slots[i].pid > 0)
			continue;
		/* A worker that keeps dying should not spin the CPU. */
		if (slots[i].started == now)
			sleep(1);
		slots[i].started = time(NULL);
		slots[i].pid = spawn_worker(listen_fd);
	}
}

static void
stop_all(void)
{
	signal_workers(SIGTERM);
	time_t deadline = time(NULL) + STOP_GRACE_SECONDS;
	while (live_workers() > 0 && time(NULL) < deadline) {
		reap();
		if (live_workers() > 0)
			usleep(20000);
	}
	if (live_workers() > 0) {
		signal_workers(SIGKILL);
		while (live_workers() > 0) {
			reap();
			usleep(10000);
		}
	}
}

static void
log_startup(void)
{
	fprintf(stderr, "groundwork %s: SQLite %s, %d workers, config:\n",
	    GW_VERSION, db_sqlite_version(), cfg.workers);
	config_print(&cfg, stderr);
}

static int
migrate_db(void)
{
	char sqldir[600];
	snprintf(sqldir, sizeof(sqldir), "%s/sql", cfg.share_dir);
	struct db *db = db_open(cfg.db);
	if (db == NULL)
		return -1;
	int rc = db_migrate(db, sqldir, stderr);
	db_close(db);
	if (rc != DB_OK)
		fprintf(stderr, "groundwork: refusing to start: the database "
		                "could not be migrated (it is unchanged)\n");
	return rc == DB_OK ? 0 : -1;
}

static void
reload(const char *config_path)
{
	struct config saved = cfg;
	config_defaults(&cfg);
	if ((config_path && config_load_file(&cfg, config_path, true) != 0) ||
	    config_load_env(&cfg) != 0) {
		fprintf(stderr, "groundwork: reload refused: bad config\n");
		cfg = saved;
		return;
	}
	/* The socket stays as bound; a new path needs a restart. */
	str_copy(cfg.socket, sizeof(cfg.socket), saved.socket);
	if (cfg.workers > MAX_WORKERS)
		cfg.workers = MAX_WORKERS;
	if (migrate_db() != 0 || preflight() != 0) {
		fprintf(stderr, "groundwork: reload refused; the old workers "
		                "keep serving\n");
		cfg = saved;
		return;
	}
	fprintf(stderr, "groundwork: reloading; replacing workers\n");
	log_startup();
	stop_all();
	nslots = cfg.workers;
}

int
serve_main(const char *config_path)
{
	ensure_std_fds();
	if (cfg.workers > MAX_WORKERS)
		cfg.workers = MAX_WORKERS;
	log_startup();
	if (migrate_db() != 0)
		return 1;

	int listen_fd = inherited_socket();
	if (listen_fd < 0)
		listen_fd = bind_socket(cfg.socket);
	if (listen_fd < 0)
		return 1;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	/* Signals are only delivered inside sigsuspend below. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);

	if (preflight() != 0) {
		fprintf(stderr, "groundwork: refusing to start: a worker could "
		                "not load its templates or database\n");
		return 1;
	}
	nslots = cfg.workers;
	fill_slots(listen_fd);
	fprintf(stderr, "groundwork: serving on %s\n", cfg.socket);

	int rc = 0;
	while (!got_term) {
		sigsuspend(&old);
		if (got_chld) {
			got_chld = 0;
			if (reap() > 0 && !got_hup) {
				fprintf(stderr,
				    "groundwork: a worker could not "
				    "start; stopping\n");
				rc = 1;
				break;
			}
		}
		if (got_hup) {
			got_hup = 0;
			reload(config_path);
		}
		if (!got_term)
			fill_slots(listen_fd);
	}
	fprintf(stderr, "groundwork: stopping; letting workers finish\n");
	stop_all();
	if (inherited_socket() < 0)
		unlink(cfg.socket);
	close(listen_fd);
	fprintf(stderr, "groundwork: stopped\n");
	return rc;
}
