/*
 * worker.h - one prefork worker: opens its own database connection,
 * loads the templates, then answers FastCGI requests until told to
 * stop.
 */
#ifndef GW_WORKER_H
#define GW_WORKER_H

/* Exit status of a worker whose start-up failed (bad config/templates). */
#define WORKER_EXIT_CONFIG 78

/* Check that a worker could start (templates, database); prints the
 * problem and returns -1 if not.  Runs in a throwaway child. */
int worker_preflight(void);

/* Serve on listen_fd until SIGTERM; never returns. */
void worker_main(int listen_fd) __attribute__((noreturn));

#endif
