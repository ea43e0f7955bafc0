/*
 * config.h - the settings in force: built-in defaults, then the config
 * file (key = value), then GROUNDWORK_* environment variables, then
 * command-line flags.
 */
#ifndef GW_CONFIG_H
#define GW_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#ifndef GW_DEFAULT_CONFIG
#define GW_DEFAULT_CONFIG "/etc/groundwork/groundwork.conf"
#endif
#ifndef GW_SHARE_DIR
#define GW_SHARE_DIR "."
#endif

struct config {
	char db[512];         /* SQLite database file */
	char socket[512];     /* FastCGI unix socket path */
	char share_dir[512];  /* holds views/ and sql/ */
	char timezone[64];    /* TZ used to show dates */
	char currency[8];     /* ISO 4217 code for amounts */
	char base_url[256];   /* public origin, e.g. https://crm.example.com */
	int workers;          /* prefork worker count */
	int socket_mode;      /* permission bits of the socket */
	bool secure_cookies;  /* Secure + __Host- cookie (HTTPS only) */
	int idle_timeout;     /* seconds a session may sit unused */
	int absolute_timeout; /* seconds a session may live at most */
	bool debug_routes;    /* expose the /_debug/ pages (tests only) */
	bool page_cache;      /* keep rendered team and My deals bodies */
	int low_space_mb;     /* /healthz and doctor warn below this free */
	char sendmail[512];   /* mailer command, or file:DIR to keep mail */
	char mail_from[256];  /* From of emails ("" names the base_url host) */
	char offsite_file[512]; /* root-only: off-site repository, password */
	int offsite_interval;   /* minutes between off-site snapshots */
};

extern struct config cfg;

/* Set the built-in defaults. */
void config_defaults(struct config *c);

/*
 * Read path (key = value lines, '#' comments).  A missing file is fine
 * only when !required.  Returns 0, or -1 after printing the file, line
 * and problem to stderr.
 */
int config_load_file(struct config *c, const char *path, bool required);

/* Apply GROUNDWORK_<KEY> environment overrides; -1 on a bad value. */
int config_load_env(struct config *c);

/* Set one key from text; -1 if the key is unknown or the value bad. */
int config_set(struct config *c, const char *key, const char *value);

/* Print every key and its value, one per line, for the start-up log. */
void config_print(const struct config *c, FILE *out);

#endif
