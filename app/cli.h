/*
 * cli.h - the subcommands other than serve.
 */
#ifndef GW_CLI_H
#define GW_CLI_H

#include "db.h"

/* Open cfg.db and apply pending migrations; NULL after a message. */
struct db *cli_open_db(void);

int cli_migrate(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_seed(int argc, char **argv);
int cli_backup(int argc, char **argv);   /* cli_admin.c */
int cli_restore(int argc, char **argv);
int cli_doctor(int argc, char **argv);
int cli_purge(int argc, char **argv);    /* cli_purge.c */

/* Demo data (seed.c): the named demo people plus generated reps up to
 * reps in all, and deals spread over them.  0 or -1. */
int seed_demo(struct db *db, FILE *out, long deals, long reps);

#endif
