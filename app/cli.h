/*
 * cli.h - the subcommands other than serve, which main.c dispatches:
 * cli_user.c (migrate, user, seed), cli_admin.c (backup, restore,
 * doctor), cli_purge.c (purge) and cli_import.c (import, deals).  Each returns the exit status.
 */
#ifndef GW_CLI_H
#define GW_CLI_H

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

/* cli_import.c */
int cli_import(int argc, char **argv);
int cli_deals(int argc, char **argv);

#endif
