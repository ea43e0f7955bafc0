/*
 * config.c - table-driven configuration: one row per key, naming its
 * type and where it lives in struct config.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct config cfg;

enum config_type { CT_STR, CT_INT, CT_BOOL, CT_MODE };

struct config_key {
	const char *name;      /* key in the file; env is GROUNDWORK_<NAME> */
	enum config_type type; /* how the value is parsed */
	size_t offset;         /* where it lives in struct config */
	size_t size;           /* buffer size, for strings */
	long min, max;         /* allowed range, for integers */
};

#define STR(f)                                                               \
	CT_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f), \
	    0, 0
#define INT(f, lo, hi) CT_INT, offsetof(struct config, f), 0, lo, hi
#define BOOL(f) CT_BOOL, offsetof(struct config, f), 0, 0, 1
#define MODE(f) CT_MODE, offsetof(struct config, f), 0, 0, 0777

static const struct config_key keys[] = {
	{ "db", STR(db) },
	{ "socket", STR(socket) },
	{ "share_dir", STR(share_dir) },
	{ "timezone", STR(timezone) },
	{ "currency", STR(currency) },
	{ "base_url", STR(base_url) },
	{ "workers", INT(workers, 1, 64) },
	{ "socket_mode", MODE(socket_mode) },
	{ "secure_cookies", BOOL(secure_cookies) },
	{ "idle_timeout", INT(idle_timeout, 1, 30 * 86400) },
	{ "absolute_timeout", INT(absolute_timeout, 1, 30 * 86400) },
	{ "debug_routes", BOOL(debug_routes) },
	{ "page_cache", BOOL(page_cache) },
	{ "low_space_mb", INT(low_space_mb, 0, 1024 * 1024) },
	{ "sendmail", STR(sendmail) },
	{ "mail_from", STR(mail_from) },
	{ "offsite_file", STR(offsite_file) },
	{ "offsite_interval", INT(offsite_interval, 1, 24 * 60) },
};

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	str_copy(c->db, sizeof(c->db), "/var/lib/groundwork/groundwork.db");
	str_copy(c->socket, sizeof(c->socket),
	    "/run/groundwork/groundwork.sock");
	str_copy(c->share_dir, sizeof(c->share_dir), GW_SHARE_DIR);
	str_copy(c->timezone, sizeof(c->timezone), "UTC");
	str_copy(c->currency, sizeof(c->currency), "USD");
	c->workers = 4;
	c->socket_mode = 0660;
	c->secure_cookies = false;
	c->idle_timeout = 30 * 60;
	c->absolute_timeout = 12 * 3600;
	c->debug_routes = false;
	c->page_cache = true;
	c->low_space_mb = 256;
	str_copy(c->sendmail, sizeof(c->sendmail), "/usr/sbin/sendmail -t -oi");
	str_copy(c->offsite_file, sizeof(c->offsite_file),
	    "/etc/groundwork/offsite.conf");
	c->offsite_interval = 5;
}

static int
parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	for (size_t i = 0; i < GW_ARRAY_LEN(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

int
config_set(struct config *c, const char *key, const char *value)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(keys); i++) {
		const struct config_key *k = &keys[i];
		if (strcmp(k->name, key) != 0)
			continue;
		char *field = (char *)c + k->offset;
		char *end = NULL;
		long n;
		switch (k->type) {
		case CT_STR:
			return str_copy(field, k->size, value);
		case CT_INT:
		case CT_MODE:
			errno = 0;
			n = strtol(value, &end, k->type == CT_MODE ? 8 : 10);
			if (errno || end == value || *end || n < k->min ||
			    n > k->max)
				return -1;
			*(int *)field = (int)n;
			return 0;
		case CT_BOOL:
			return parse_bool(value, (bool *)field);
		}
	}
	return -1;
}

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load_file(struct config *c, const char *path, bool required)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		if (!required && errno == ENOENT)
			return 0;
		fprintf(stderr, "groundwork: cannot read config %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (*s == '\0')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			fprintf(stderr, "%s:%d: expected key = value\n", path,
			    lineno);
			rc = -1;
			continue;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		if (config_set(c, key, value) != 0) {
			fprintf(stderr, "%s:%d: bad key or value for '%s'\n",
			    path, lineno, key);
			rc = -1;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

int
config_load_env(struct config *c)
{
	int rc = 0;
	for (size_t i = 0; i < GW_ARRAY_LEN(keys); i++) {
		char name[64] = "GROUNDWORK_";
		size_t len = strlen(name);
		for (const char *p = keys[i].name; *p && len < sizeof(name) - 1;
		     p++)
			name[len++] = (char)toupper((unsigned char)*p);
		name[len] = '\0';
		const char *v = getenv(name);
		if (v == NULL)
			continue;
		if (config_set(c, keys[i].name, v) != 0) {
			fprintf(stderr, "groundwork: bad value in %s\n", name);
			rc = -1;
		}
	}
	return rc;
}

void
config_print(const struct config *c, FILE *out)
{
	for (size_t i = 0; i < GW_ARRAY_LEN(keys); i++) {
		const struct config_key *k = &keys[i];
		const char *field = (const char *)c + k->offset;
		switch (k->type) {
		case CT_STR:
			fprintf(out, "  %s = %s\n", k->name, field);
			break;
		case CT_INT:
			fprintf(out, "  %s = %d\n", k->name,
			    *(const int *)field);
			break;
		case CT_MODE:
			fprintf(out, "  %s = %04o\n", k->name,
			    (unsigned)*(const int *)field);
			break;
		case CT_BOOL:
			fprintf(out, "  %s = %s\n", k->name,
			    *(const bool *)field ? "true" : "false");
			break;
		}
	}
}
