/*
 * import_job.c - a web import's preview or import as a process of its
 * own, and the files through which the pages follow it (see
 * import_job.h).  The worker never runs SQLite in a forked child: the
 * child only execs the program, which opens its own connection.
 */
#include "import_job.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "upload.h"
#include "util.h"

#define REPORT_MAGIC "GWIMPJ1"
#define FORM_MAX (1024 * 1024) /* bytes of a .form file */
#define PROGRESS_GAP_NS (250L * 1000 * 1000)

/* The report file's header: a file of another build or another
 * program, or one cut short, is refused. */
struct report_head {
	char magic[8];  /* REPORT_MAGIC */
	uint32_t size;  /* sizeof(struct import_report) */
	int32_t kind;   /* enum import_job_kind */
	int32_t rc;     /* what import_deals() returned */
	int32_t unused; /* keeps the size a multiple of 8 */
};

static bool
job_file(const char *token, const char *suffix, char *out, size_t size)
{
	return upload_file(token, suffix, out, size);
}

/* Write len bytes to path through a temporary file and a rename, so a
 * reader sees the old content or the new, never half of it. */
static int
write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[800];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	const char *p = data;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (close(fd) != 0 || done != len || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The whole of a small file, NUL-terminated, in a malloc'd buffer the
 * caller frees; NULL when missing or over max bytes. */
static char *
read_small(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	if (f == NULL)
		return NULL;
	char *data = xmalloc(max + 1);
	*len = fread(data, 1, max + 1, f);
	fclose(f);
	if (*len > max) {
		free(data);
		return NULL;
	}
	data[*len] = '\0';
	return data;
}

/* --- the choices -------------------------------------------------------- */

static const char *
field(const struct kvlist *form, const char *name)
{
	const struct kv *kv = kv_find(form, name);
	return kv && kv->valid ? kv->val : "";
}

void
import_job_choices_read(const struct kvlist *form,
    struct import_job_choices *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->default_owner = strtoll(field(form, "default_owner"), NULL, 10);
	ch->file_name = field(form, UPLOAD_NAME_FIELD);
	for (int i = 0; i < IMPORT_COLUMNS_MAX; i++) {
		char name[32];
		snprintf(name, sizeof(name), "heading_%d", i + 1);
		const char *heading = field(form, name);
		snprintf(name, sizeof(name), "col_%d", i + 1);
		int f = import_field_from_name(field(form, name));
		if (*heading == '\0' || f < 0)
			continue;
		ch->map[ch->nmap].heading = heading;
		ch->map[ch->nmap++].field = (enum import_field)f;
	}
	for (int k = 0; k < IMPORT_UNKNOWN_KEPT; k++) {
		char name[32];
		snprintf(name, sizeof(name), "stage_name_%d", k);
		const char *stage = field(form, name);
		snprintf(name, sizeof(name), "stage_%d", k);
		int64_t id = strtoll(field(form, name), NULL, 10);
		if (*stage)
			ch->posted_stage[ch->nposted++] = stage;
		if (*stage && id > 0) {
			ch->stage[ch->nstages].name = stage;
			ch->stage[ch->nstages++].stage_id = id;
		}
	}
}

/* s percent-encoded as a form value. */
static void
put_encoded(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_printf(b, "%c", *p);
		else
			buf_printf(b, "%%%02X", *p);
}

static void
put_pair(struct buf *b, const char *key, const char *val)
{
	if (b->len > 0)
		buf_puts(b, "&");
	put_encoded(b, key);
	buf_puts(b, "=");
	put_encoded(b, val);
}

/* The posted choices, and what the job needs besides, as a form. */
static int
write_form(const char *token, enum import_job_kind kind,
    const struct kvlist *form, int64_t actor, int64_t now)
{
	static const char *const dropped[] = { "csrf", "action", "upload",
		UPLOAD_TOKEN_FIELD, "kind", "actor", "currency", "now" };
	struct buf b = { 0 };
	for (size_t i = 0; i < form->n; i++) {
		const struct kv *kv = &form->items[i];
		bool drop = !kv->valid;
		for (size_t k = 0; k < GW_ARRAY_LEN(dropped) && !drop; k++)
			drop = strcmp(kv->key, dropped[k]) == 0;
		if (!drop)
			put_pair(&b, kv->key, kv->val);
	}
	char num[32];
	put_pair(&b, "kind", kind == IMPORT_JOB_IMPORT ? "import" : "preview");
	snprintf(num, sizeof(num), "%lld", (long long)actor);
	put_pair(&b, "actor", num);
	snprintf(num, sizeof(num), "%lld", (long long)now);
	put_pair(&b, "now", num);
	put_pair(&b, "currency", cfg.currency);
	char path[700];
	int rc = job_file(token, ".form", path, sizeof(path)) &&
	                 b.len <= FORM_MAX
	             ? write_atomic(path, b.data, b.len)
	             : -1;
	buf_free(&b);
	return rc;
}

bool
import_job_choices_load(struct arena *a, const char *token, struct kvlist *form,
    struct import_job_choices *ch)
{
	char path[700];
	size_t len = 0;
	char *data = job_file(token, ".form", path, sizeof(path))
	                 ? read_small(path, FORM_MAX, &len)
	                 : NULL;
	memset(form, 0, sizeof(*form));
	bool ok = data &&
	          http_parse_urlencoded(a, data, len, form) == HTTP_PARSE_OK;
	free(data);
	if (ok)
		import_job_choices_read(form, ch);
	return ok;
}

/* --- progress and report ---------------------------------------------- */

static void
write_progress(const char *token, enum import_job_kind kind, long rows,
    int64_t bytes, int64_t total)
{
	char path[700], line[120];
	int n = snprintf(line, sizeof(line), "%d %ld %lld %lld\n", (int)kind,
	    rows, (long long)bytes, (long long)total);
	if (job_file(token, ".progress", path, sizeof(path)))
		write_atomic(path, line, (size_t)n);
}

static void
read_progress(const char *token, struct import_job_status *st)
{
	char path[700];
	size_t len;
	char *text = job_file(token, ".progress", path, sizeof(path))
	                 ? read_small(path, 200, &len)
	                 : NULL;
	int kind = 0;
	long long bytes = 0, total = 0;
	if (text && sscanf(text, "%d %ld %lld %lld", &kind, &st->rows, &bytes,
	                &total) == 4) {
		st->kind = kind == IMPORT_JOB_IMPORT ? IMPORT_JOB_IMPORT
		                                     : IMPORT_JOB_PREVIEW;
		st->bytes = bytes;
		st->total = total;
	}
	free(text);
}

static void
write_report(const char *token, enum import_job_kind kind, int rc,
    const struct import_report *rep)
{
	struct report_head h = { .size = sizeof(*rep),
		.kind = (int32_t)kind,
		.rc = rc };
	memcpy(h.magic, REPORT_MAGIC, sizeof(h.magic));
	char *data = xmalloc(sizeof(h) + sizeof(*rep));
	memcpy(data, &h, sizeof(h));
	memcpy(data + sizeof(h), rep, sizeof(*rep));
	char path[700];
	if (!job_file(token, ".report", path, sizeof(path)) ||
	    write_atomic(path, data, sizeof(h) + sizeof(*rep)) != 0)
		fprintf(stderr,
		    "groundwork: cannot write the import's report\n");
	free(data);
}

#define TERMINATE(a) ((a)[sizeof(a) - 1] = '\0')

/* Counts in range and every string ended, whatever the file held. */
static void
report_sane(struct import_report *rep)
{
	if (rep->columns < 0 || rep->columns > IMPORT_COLUMNS_MAX)
		rep->columns = 0;
	if (rep->nproblems < 0 || rep->nproblems > IMPORT_PROBLEMS_KEPT)
		rep->nproblems = 0;
	if (rep->nunknown_stages < 0 ||
	    rep->nunknown_stages > IMPORT_UNKNOWN_KEPT)
		rep->nunknown_stages = 0;
	TERMINATE(rep->source);
	TERMINATE(rep->fatal);
	for (int i = 0; i < IMPORT_COLUMNS_MAX; i++) {
		TERMINATE(rep->heading[i]);
		if ((unsigned)rep->field[i] >= IF__N)
			rep->field[i] = IF_IGNORE;
	}
	for (int i = 0; i < IMPORT_PROBLEMS_KEPT; i++) {
		TERMINATE(rep->problem[i].heading);
		TERMINATE(rep->problem[i].message);
	}
	for (int i = 0; i < IMPORT_UNKNOWN_KEPT; i++)
		TERMINATE(rep->unknown_stage[i].name);
}

/* The report's header, and the report into rep when not NULL; false
 * for no report, or one this build did not write. */
static bool
read_report(const char *token, struct report_head *h, struct import_report *rep)
{
	char path[700];
	if (!job_file(token, ".report", path, sizeof(path)))
		return false;
	FILE *f = fopen(path, "rbe");
	if (f == NULL)
		return false;
	struct stat st;
	bool ok = fstat(fileno(f), &st) == 0 &&
	          st.st_size == (off_t)(sizeof(*h) + sizeof(*rep)) &&
	          fread(h, sizeof(*h), 1, f) == 1 &&
	          memcmp(h->magic, REPORT_MAGIC, sizeof(h->magic)) == 0 &&
	          h->size == sizeof(*rep) &&
	          (rep == NULL || fread(rep, sizeof(*rep), 1, f) == 1);
	fclose(f);
	if (ok && rep)
		report_sane(rep);
	return ok;
}

void
import_job_status(const char *token, struct import_job_status *st,
    struct import_report *rep)
{
	memset(st, 0, sizeof(*st));
	read_progress(token, st);
	/* The lock first, then the report: a job writes its report before
	 * it ends and lets the lock go, so once the lock is seen free a
	 * report read after is whole.  (Read the other way round, a job
	 * ending between the two reads looked as if it had died.) */
	char path[700];
	int fd = job_file(token, ".job", path, sizeof(path))
	             ? open(path, O_RDONLY | O_CLOEXEC)
	             : -1;
	if (fd >= 0 && flock(fd, LOCK_SH | LOCK_NB) != 0) {
		/* The job holds the lock as long as it lives, whatever its
		 * pid has become since. */
		close(fd);
		st->state = IMPORT_JOB_RUNNING;
		return;
	}
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
	struct report_head h;
	if (read_report(token, &h, rep)) {
		st->state = IMPORT_JOB_DONE;
		st->kind = h.kind == IMPORT_JOB_IMPORT ? IMPORT_JOB_IMPORT
		                                       : IMPORT_JOB_PREVIEW;
		st->rc = h.rc;
		return;
	}
	st->state = fd >= 0 ? IMPORT_JOB_DIED : IMPORT_JOB_NONE;
}

/* --- starting a job ------------------------------------------------------ */

/* In the grandchild: the lock on fd 3, nothing else of the worker's
 * open (its FastCGI socket above all), then the program itself. */
static void
exec_job(int lock_fd, const char *log, char *const argv[])
{
	int null = open("/dev/null", O_RDWR);
	int err = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	if (null < 0 || err < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(err, 2) < 0)
		_exit(127);
	if (lock_fd != 3 ? dup2(lock_fd, 3) < 0 : fcntl(3, F_SETFD, 0) < 0)
		_exit(127);
	close_range(4, ~0U, 0);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	static const int reset[] = { SIGPIPE, SIGINT, SIGTERM, SIGHUP,
		SIGCHLD };
	for (size_t i = 0; i < GW_ARRAY_LEN(reset); i++)
		signal(reset[i], SIG_DFL);
	execv("/proc/self/exe", argv);
	_exit(127);
}

/* Fork, setsid and fork again, so the job is nobody's zombie and
 * outlives the worker; the pid it runs as goes into the .job file. */
static int
spawn(int lock_fd, const char *token, const char *csv)
{
	char log[700];
	if (!job_file(token, ".log", log, sizeof(log)))
		return -1;
	char *argv[] = { "groundwork", "--db", cfg.db, "import", "deals",
		(char *)csv, "--job", (char *)token, NULL };
	pid_t child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		setsid();
		pid_t job = fork();
		if (job == 0)
			exec_job(lock_fd, log, argv);
		char line[32];
		int n = snprintf(line, sizeof(line), "%ld\n", (long)job);
		bool ok = job > 0 && pwrite(lock_fd, line, (size_t)n, 0) == n;
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void
remove_outputs(const char *token)
{
	static const char *const outputs[] = { ".report", ".progress", ".log" };
	for (size_t i = 0; i < GW_ARRAY_LEN(outputs); i++) {
		char path[700];
		if (job_file(token, outputs[i], path, sizeof(path)))
			unlink(path);
	}
}

/* Take the upload's job lock; a job running (or a worker starting one
 * this instant) holds it. */
static int
take_lock(const char *token)
{
	char path[700];
	if (!job_file(token, ".job", path, sizeof(path)))
		return -1;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "groundwork: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	/* A page reading the job's state holds the lock shared for an
	 * instant; only a job holds it for long.  So a few tries, 10 ms
	 * apart, before saying a job is running. */
	for (int tries = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; tries++) {
		if (errno != EWOULDBLOCK || tries == 5) {
			close(fd);
			return -2;
		}
		struct timespec pause = { 0, 10L * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	return fd;
}

int
import_job_start(const char *token, enum import_job_kind kind,
    const struct kvlist *form, int64_t actor, int64_t now)
{
	char csv[700];
	struct stat st;
	if (!upload_path(token, csv, sizeof(csv)) || stat(csv, &st) != 0)
		return -1;
	int fd = take_lock(token);
	if (fd < 0)
		return fd == -2 ? 1 : -1;
	/* An import written is over: its page says so, once. */
	struct report_head h;
	if (read_report(token, &h, NULL) && h.kind == IMPORT_JOB_IMPORT &&
	    h.rc == 0) {
		close(fd);
		return 1;
	}
	remove_outputs(token);
	int rc = -1;
	if (write_form(token, kind, form, actor, now) == 0 &&
	    ftruncate(fd, 0) == 0) {
		write_progress(token, kind, 0, 0, st.st_size);
		rc = spawn(fd, token, csv);
	}
	if (rc != 0)
		fprintf(stderr, "groundwork: cannot start the import job: %s\n",
		    strerror(errno));
	close(fd);
	return rc;
}

void
import_job_drop(const char *token)
{
	static const char *const files[] = { ".job", ".form", ".report",
		".progress", ".log" };
	upload_drop(token);
	for (size_t i = 0; i < GW_ARRAY_LEN(files); i++) {
		char path[700];
		if (job_file(token, files[i], path, sizeof(path)))
			unlink(path);
	}
}

/* --- the job ---------------------------------------------------------------- */

struct job {
	const char *token;
	enum import_job_kind kind;
	int64_t total;
	struct timespec last; /* when progress was last written */
};

/* Every 1000 rows (import_csv.c calls it so), at most every 250 ms. */
static void
job_progress(int64_t bytes, long rows, void *arg)
{
	struct job *j = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long gap = (long long)(now.tv_sec - j->last.tv_sec) * 1000000000 +
	                (now.tv_nsec - j->last.tv_nsec);
	if (gap < PROGRESS_GAP_NS && bytes < j->total)
		return;
	j->last = now;
	/* rows counts the headings' row too */
	write_progress(j->token, j->kind, rows > 0 ? rows - 1 : 0, bytes,
	    j->total);
}

static int
job_import(struct db *db, struct job *j, const struct kvlist *form,
    const struct import_job_choices *ch, const char *file,
    struct import_report *rep)
{
	struct import_options o = { .currency = field(form, "currency"),
		.default_owner = ch->default_owner,
		.actor_id = strtoll(field(form, "actor"), NULL, 10),
		.dry_run = j->kind == IMPORT_JOB_PREVIEW,
		.map = ch->map,
		.nmap = ch->nmap,
		.stages = ch->stage,
		.nstages = ch->nstages,
		.progress = job_progress,
		.progress_arg = j,
		.now = strtoll(field(form, "now"), NULL, 10) };
	if (o.now <= 0)
		o.now = now_seconds();
	if (*o.currency == '\0')
		o.currency = cfg.currency;
	FILE *f = fopen(file, "rbe");
	struct stat st;
	if (f == NULL || fstat(fileno(f), &st) != 0) {
		if (f)
			fclose(f);
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The uploaded file is gone; upload it again.");
		return -1;
	}
	j->total = st.st_size;
	int rc = import_deals(db, f, ch->file_name, &o, rep);
	fclose(f);
	return rc;
}

int
import_job_run(struct db *db, const char *token, const char *file)
{
	struct arena a = { 0 };
	struct kvlist form;
	struct import_job_choices *ch = xcalloc(1, sizeof(*ch));
	struct import_report *rep = xcalloc(1, sizeof(*rep));
	struct job j = { .token = token };
	int rc = -1;
	if (!import_job_choices_load(&a, token, &form, ch)) {
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The import's choices are missing; start it again.");
	} else {
		j.kind = strcmp(field(&form, "kind"), "import") == 0
		             ? IMPORT_JOB_IMPORT
		             : IMPORT_JOB_PREVIEW;
		if (db == NULL)
			snprintf(rep->fatal, sizeof(rep->fatal),
			    "The database could not be opened; nothing was "
			    "imported.");
		else
			rc = job_import(db, &j, &form, ch, file, rep);
	}
	if (rc != 0 && rep->fatal[0])
		fprintf(stderr, "groundwork: %s: %s\n", file, rep->fatal);
	write_report(token, j.kind, rc, rep);
	free(rep);
	free(ch);
	arena_free(&a);
	return rc == 0 ? 0 : 1;
}
