/*
 * cli.h - the subcommands other than serve, which main.c dispatches:
 * cli_user.c (migrate, user, seed), cli_admin.c (backup, restore,
 * doctor), cli_purge.c (purge), cli_digest.c (digest), cli_offsite.c
 * (offsite) and cli_import.c (import, deals).  Each returns the exit
 * status.
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

/* Copy src with the online backup into a temporary file beside dest,
 * check it (quick_check when quick, else integrity_check), sync it and
 * rename it into place.  0, or -1 after a message. */
int cli_safe_copy(struct db *src, const char *dest, bool quick);

/* Whether a groundwork serve answers on the configured socket. */
bool cli_service_running(void);

/* cli_purge.c */
int cli_purge(int argc, char **argv);

/* cli_digest.c */
int cli_digest(int argc, char **argv);
/* doctor's mail lines: the mailer, and emails given up on or stuck. */
void cli_digest_doctor(struct db *db,
    void (*verdict)(bool ok, const char *what, const char *advice));
/* cli_offsite.c */
int cli_offsite(int argc, char **argv);
/* cli_import.c */
int cli_import(int argc, char **argv);
int cli_deals(int argc, char **argv);

#endif
