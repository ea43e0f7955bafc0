/*
 * cli.h - the subcommands other than serve, which main.c dispatches:
 * cli_user.c (migrate, user, seed), cli_admin.c (backup, restore,
 * doctor), cli_purge.c (purge) and cli_digest.c (digest).  Each returns the exit status.
 */
#ifndef GW_CLI_H
#define GW_CLI_H

#include <stdbool.h>

struct db;

/* Open cfg.db and apply pending migrations; NULL after a message
 * (cli_user.c). */
struct db *cli_open_db(void);

/* cli_user.c */
int cli_migrate(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_seed(int argc, char **argv);

/* cli_admin.c */
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_doctor(int argc, char **argv);

/* cli_purge.c */
int cli_purge(int argc, char **argv);

/* cli_digest.c */
int cli_digest(int argc, char **argv);
/* doctor's mail lines: the mailer, and emails given up on or stuck. */
void cli_digest_doctor(struct db *db,
    void (*verdict)(bool ok, const char *what, const char *advice));

#endif
