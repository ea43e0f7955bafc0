/*
 * import_job.h - a web import's preview or import, run in the
 * background (import_job.c).  A serving worker must not run a long
 * import inside its request, nor carry its SQLite connection across a
 * fork, so it starts "groundwork import deals FILE --job TOKEN" as a
 * process of its own (fork, setsid, fork, exec of the program itself)
 * and answers at once.  The job and the pages meet only in files
 * beside the upload ("<db>.uploads/<token>.*"):
 *
 *   .job       held locked (flock) by the job for as long as it runs,
 *              and holding its pid; one job per upload at a time
 *   .form      the admin's choices (urlencoded), what the job reads
 *   .progress  rows and bytes read so far (written atomically)
 *   .report    the job's struct import_report behind a header
 *   .log       the job's stderr
 */
#ifndef GW_IMPORT_JOB_H
#define GW_IMPORT_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "http.h"
#include "import.h"

struct db;

enum import_job_kind {
	IMPORT_JOB_PREVIEW, /* the import, rolled back */
	IMPORT_JOB_IMPORT,  /* the import, written */
};

enum import_job_state {
	IMPORT_JOB_NONE,    /* no job was started for the upload */
	IMPORT_JOB_RUNNING, /* its .job file is locked */
	IMPORT_JOB_DONE,    /* it left a report */
	IMPORT_JOB_DIED,    /* it ended without one */
};

/* The admin's choices, as the preview form sends them; the strings
 * point into the kvlist they were read from. */
struct import_job_choices {
	struct import_mapping map[IMPORT_COLUMNS_MAX];
	int nmap;
	struct import_stage_choice stage[IMPORT_UNKNOWN_KEPT];
	int nstages;
	const char *posted_stage[IMPORT_UNKNOWN_KEPT]; /* every name sent */
	int nposted;
	int64_t default_owner;
	const char *file_name; /* as the browser named the upload */
};

/* Where a job stands, read from its files. */
struct import_job_status {
	enum import_job_state state;
	enum import_job_kind kind;
	long rows;     /* rows read so far */
	int64_t bytes; /* bytes read so far */
	int64_t total; /* the file's size */
	int rc;        /* when DONE: what import_deals() returned */
};

/* Read the choices from form (the preview form's fields). */
void import_job_choices_read(const struct kvlist *form,
    struct import_job_choices *ch);

/*
 * Start a job for the upload token names, with the choices in form
 * (the posted fields; "csrf" and "action" are not kept) and actor as
 * the user who imports, as of now.  Returns 0 when it started, 1 when a job of
 * this upload is running or has written its import (the caller shows
 * that job instead), -1 when it could not start (after a message on
 * stderr).
 */
int import_job_start(const char *token, enum import_job_kind kind,
    const struct kvlist *form, int64_t actor, int64_t now);

/* Where the upload's job stands; rep (may be NULL) receives the report
 * when it is DONE. */
void import_job_status(const char *token, struct import_job_status *st,
    struct import_report *rep);

/* The choices the upload's job was started with, read into form (in
 * a) and ch; false when there are none. */
bool import_job_choices_load(struct arena *a, const char *token,
    struct kvlist *form, struct import_job_choices *ch);

/* Remove the upload and every file of its job. */
void import_job_drop(const char *token);

/*
 * The job itself ("import deals FILE --job TOKEN"): import FILE into
 * db (NULL when it could not be opened) with the choices of the .form
 * file, writing progress and then the report.  Returns the exit status.
 */
int import_job_run(struct db *db, const char *token, const char *file);

#endif
