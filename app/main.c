/*
 * main.c - "groundwork [--config FILE] [--db PATH] COMMAND ...":
 * read the configuration, then dispatch through the command table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "cli.h"
#include "config.h"
#include "serve.h"

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);
static int cmd_serve(int argc, char **argv);

static const char *config_path;

static const struct command {
	const char *name;                  /* first argument */
	int (*run)(int argc, char **argv); /* argv[0] is the command */
	const char *summary;               /* one line for "help" */
	const char *usage;                 /* shown by COMMAND --help */
} commands[] = {
	{ "serve", cmd_serve, "run the FastCGI server (prefork)",
	    "usage: groundwork serve [--workers N] [--socket PATH]\n"
	    "Migrates the database, then serves FastCGI on a unix socket with\n"
	    "N prefork workers (default 4).  SIGTERM drains and exits; SIGHUP\n"
	    "re-reads the config and replaces the workers; a dead worker is\n"
	    "re-forked.\n" },
	{ "migrate", cli_migrate, "apply pending database migrations",
	    "usage: groundwork migrate\n"
	    "Applies sql/NNN_*.sql files above the database's user_version,\n"
	    "each in one transaction.  A failed migration changes nothing.\n" },
	{ "user", cli_user, "add, disable or change users",
	    "usage:\n"
	    "  groundwork user add EMAIL --name NAME "
	    "--role rep|manager|admin|director [--team TEAM]\n"
	    "  groundwork user set-password EMAIL\n"
	    "  groundwork user set-role EMAIL rep|manager|admin|director\n"
	    "  groundwork user set-team EMAIL TEAM|--none\n"
	    "  groundwork user disable EMAIL\n"
	    "  groundwork user enable EMAIL\n"
	    "  groundwork user list\n"
	    "Passwords are read from standard input (one line), never from\n"
	    "the command line.  A team named with --team is created if new;\n"
	    "a retired team is refused.\n"
	    "disable ends the user's sessions.\n" },
	{ "seed", cli_seed, "load demo data",
	    "usage: groundwork seed --demo [--deals N] [--reps R] [--big-rep B]\n"
	    "Creates a demo company: an admin, a director, three managers\n"
	    "with teams and ten reps, all with the password\n"
	    "'groundwork-demo', and N deals (default 400) with stage\n"
	    "histories over the last 90 days.  With R > 8, more reps are\n"
	    "made in teams of eight, each with a manager (for benchmarks).\n"
	    "--reps counts North's, South's and further teams' reps; East's\n"
	    "two come on top.  With B, the first demo rep also holds B open\n"
	    "deals.  Does nothing if the demo is already loaded.\n" },
	{ "backup", cli_backup, "copy the database safely while it runs",
	    "usage: groundwork backup [DEST]\n"
	    "Copies the database with SQLite's online backup API (the service\n"
	    "keeps running) into a temporary file, checks its integrity, syncs\n"
	    "it and renames it into place.  DEST may be a file or a directory;\n"
	    "without it the copy goes beside the database.\n" },
	{ "restore", cli_restore, "replace the database with a backup",
	    "usage: groundwork restore FILE\n"
	    "Refuses while the service answers on its socket.  Checks the\n"
	    "file's integrity and schema, keeps the current database aside as\n"
	    "<db>.before-restore-<time>, then puts the backup in place and\n"
	    "migrates it if it is older.\n" },
	{ "purge", cli_purge, "delete expired sessions (hourly timer)",
	    "usage: groundwork purge [--max N]\n"
	    "Deletes the sessions whose idle_timeout or absolute_timeout has\n"
	    "passed, oldest first, 500 to a transaction, and at most N in one\n"
	    "run (default 10000); the next run carries on.  Prints how many\n"
	    "it deleted and how many expired ones are left.\n" },
	{ "digest", cli_digest, "send the emails due now (timer, 15 min)",
	    "usage: groundwork digest [--dry-run] [--user EMAIL] [--out DIR]\n"
	    "                         [--everyone] [--now UNIXTIME]\n"
	    "Sends each email that is due in its reader's time zone through\n"
	    "the configured sendmail, at most once per person, kind and day\n"
	    "(the outbox), and tries refused ones again with a growing wait.\n"
	    "--dry-run writes what would be sent as .eml files into --out DIR\n"
	    "(default .) and changes nothing; with --user, that person's\n"
	    "emails as if each were due now; with --everyone, everyone's.\n"
	    "--now acts as of that time.\n" },
	{ "offsite", cli_offsite, "encrypted off-site backups (restic)",
	    "usage:\n"
	    "  groundwork offsite init\n"
	    "  groundwork offsite backup\n"
	    "  groundwork offsite list\n"
	    "  groundwork offsite restore [SNAPSHOT] [--to FILE]\n"
	    "  groundwork offsite check\n"
	    "The repository (SFTP or S3-compatible) and its password are read\n"
	    "from offsite_file, which must be readable by root alone; run as\n"
	    "root, the command then acts as the owner of the database.\n"
	    "backup copies the database with SQLite's online backup and hands\n"
	    "the copy to restic, then forgets snapshots beyond the policy\n"
	    "(all of the last day, hourly for 7 days, daily for 3 months);\n"
	    "once a day it also prunes and checks the repository.  Not\n"
	    "configured, it says so and exits 0.  restore downloads a snapshot\n"
	    "(the latest by default), refuses one that fails integrity_check\n"
	    "and names the one before it, then restores it as 'groundwork\n"
	    "restore' does, or leaves it at FILE with --to.\n" },
	{ "import", cli_import, "import deals from a CSV file",
	    "usage: groundwork import deals FILE [--dry-run] "
	    "[--default-owner EMAIL]\n"
	    "           [--map 'HEADING=FIELD']... [--stage 'NAME=STAGE']...\n"
	    "Reads a Pipedrive, HubSpot or Salesforce deals export, or\n"
	    "Groundwork's own deals CSV (UTF-8 or Windows-1252, comma or\n"
	    "semicolon), and writes its deals in one transaction.  --dry-run\n"
	    "shows what would be created, updated and refused, and writes\n"
	    "nothing.  --map names the field of a heading it does not know,\n"
	    "--stage the Groundwork stage of a stage name it does not know\n"
	    "(kept for later imports), --default-owner the owner of rows whose\n"
	    "owner matches nobody.  Importing the same file again changes\n"
	    "nothing; a newer export updates the deals it made.  (The import\n"
	    "page runs it with --job TOKEN in the background.)\n" },
	{ "deals", cli_deals, "hand a rep's open deals to another",
	    "usage: groundwork deals reassign FROM_EMAIL TO_EMAIL [--deal ID]...\n"
	    "Moves every open deal of FROM (or only the deals named) to TO,\n"
	    "in TO's team.  Each deal's timeline and the audit log say so.\n" },
	{ "doctor", cli_doctor, "check the install and say what is wrong",
	    "usage: groundwork doctor\n"
	    "Checks the database (exists, private, integrity, schema), the\n"
	    "SQLite version, the templates, whether the service answers on\n"
	    "its socket, whether expired sessions are being purged, and the\n"
	    "off-site backups (last snapshot and its age, last failure, last\n"
	    "check).\n"
	    "Prints a verdict; exits 1 when something needs attention.\n" },
	{ "version", cmd_version, "print the version",
	    "usage: groundwork version\n" },
	{ "help", cmd_help, "list the commands",
	    "usage: groundwork help [COMMAND]\n" },
};

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cmd_help(int argc, char **argv)
{
	const struct command *c = argc > 1 ? find_command(argv[1]) : NULL;
	if (c) {
		fputs(c->usage, stdout);
		return 0;
	}
	printf("Groundwork %s - early-stage sales pipeline and coaching\n\n"
	       "usage: groundwork [--config FILE] [--db PATH] COMMAND [ARGS]\n\n"
	       "commands:\n",
	    GW_VERSION);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-9s %s\n", commands[i].name, commands[i].summary);
	printf("\nEach command takes --help.  The config file defaults to %s;\n"
	       "GROUNDWORK_CONFIG, GROUNDWORK_DB and other GROUNDWORK_<KEY>\n"
	       "variables override it.\n",
	    GW_DEFAULT_CONFIG);
	return 0;
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("groundwork %s\n", GW_VERSION);
	return 0;
}

static int
cmd_serve(int argc, char **argv)
{
	for (int i = 1; i < argc; i += 2) {
		const char *key = NULL;
		if (strcmp(argv[i], "--workers") == 0)
			key = "workers";
		else if (strcmp(argv[i], "--socket") == 0)
			key = "socket";
		if (key == NULL || i + 1 >= argc ||
		    config_set(&cfg, key, argv[i + 1]) != 0) {
			fprintf(stderr, "groundwork serve: bad argument %s\n",
			    argv[i]);
			return 2;
		}
	}
	if (auth_init() != 0) {
		fprintf(stderr, "groundwork: libsodium failed to start\n");
		return 1;
	}
	return serve_main(config_path);
}

int
main(int argc, char **argv)
{
	config_defaults(&cfg);
	config_path = getenv("GROUNDWORK_CONFIG");
	const char *db_flag = NULL;
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		const char *opt = argv[i++];
		if (strcmp(opt, "--config") == 0 && i < argc)
			config_path = argv[i++];
		else if (strcmp(opt, "--db") == 0 && i < argc)
			db_flag = argv[i++];
		else if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0)
			return cmd_help(0, NULL);
		else if (strcmp(opt, "--version") == 0)
			return cmd_version(0, NULL);
		else {
			fprintf(stderr, "groundwork: unknown option %s\n", opt);
			return 2;
		}
	}
	if (i >= argc) {
		cmd_help(0, NULL);
		return 2;
	}
	const struct command *c = find_command(argv[i]);
	if (c == NULL) {
		fprintf(stderr,
		    "groundwork: unknown command '%s'; try "
		    "'groundwork help'\n",
		    argv[i]);
		return 2;
	}
	for (int k = i + 1; k < argc; k++) {
		if (strcmp(argv[k], "--help") == 0) {
			fputs(c->usage, stdout);
			return 0;
		}
	}
	/* Children that run the program again (the web import's job)
	 * read the same file. */
	if (config_path)
		setenv("GROUNDWORK_CONFIG", config_path, 1);
	bool required = config_path != NULL;
	if (config_load_file(&cfg,
	        config_path ? config_path : GW_DEFAULT_CONFIG, required) != 0 ||
	    config_load_env(&cfg) != 0)
		return 1;
	if (db_flag && config_set(&cfg, "db", db_flag) != 0) {
		fprintf(stderr, "groundwork: --db path too long\n");
		return 2;
	}
	setenv("TZ", cfg.timezone, 1);
	tzset();
	return c->run(argc - i, argv + i);
}
