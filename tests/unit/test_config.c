/*
 * test_config.c - defaults, config_set() per key type, the config file
 * reader and GROUNDWORK_* environment overrides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "unit.h"

static const char *const all_keys[] = {
	"db",
	"socket",
	"share_dir",
	"timezone",
	"currency",
	"base_url",
	"workers",
	"socket_mode",
	"secure_cookies",
	"idle_timeout",
	"absolute_timeout",
	"debug_routes",
	"page_cache",
	"low_space_mb",
	"sendmail",
	"mail_from",
	"offsite_file",
	"offsite_interval",
};

static struct config c;

/* Field by field, since struct padding is not comparable. */
static void
assert_same(const struct config *a, const struct config *b)
{
	ck_assert_str_eq(a->db, b->db);
	ck_assert_str_eq(a->socket, b->socket);
	ck_assert_str_eq(a->share_dir, b->share_dir);
	ck_assert_str_eq(a->timezone, b->timezone);
	ck_assert_str_eq(a->currency, b->currency);
	ck_assert_str_eq(a->base_url, b->base_url);
	ck_assert_int_eq(a->workers, b->workers);
	ck_assert_int_eq(a->socket_mode, b->socket_mode);
	ck_assert_int_eq(a->secure_cookies, b->secure_cookies);
	ck_assert_int_eq(a->idle_timeout, b->idle_timeout);
	ck_assert_int_eq(a->absolute_timeout, b->absolute_timeout);
	ck_assert_int_eq(a->debug_routes, b->debug_routes);
	ck_assert_int_eq(a->page_cache, b->page_cache);
	ck_assert_int_eq(a->low_space_mb, b->low_space_mb);
	ck_assert_str_eq(a->sendmail, b->sendmail);
	ck_assert_str_eq(a->mail_from, b->mail_from);
	ck_assert_str_eq(a->offsite_file, b->offsite_file);
	ck_assert_int_eq(a->offsite_interval, b->offsite_interval);
}

/* Each test starts from the defaults with no GROUNDWORK_* variable
 * that could leak in from the shell running the tests. */
static void
setup(void)
{
	for (size_t i = 0; i < sizeof(all_keys) / sizeof(all_keys[0]); i++) {
		char name[64] = "GROUNDWORK_";
		size_t len = strlen(name);
		for (const char *p = all_keys[i]; *p; p++)
			name[len++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32
			                                            : *p);
		name[len] = '\0';
		unsetenv(name);
	}
	config_defaults(&c);
}

/* Writes text to a fresh file in the scratch dir; returns its path. */
static const char *
write_conf(const char *text)
{
	static char path[512];
	static int serial;
	snprintf(path, sizeof(path), "%s/conf-%d-%d.conf", unit_tmpdir(),
	    (int)getpid(), serial++);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

START_TEST(defaults)
{
	memset(&c, 0x55, sizeof(c));
	config_defaults(&c);
	ck_assert_str_eq(c.db, "/var/lib/groundwork/groundwork.db");
	ck_assert_str_eq(c.socket, "/run/groundwork/groundwork.sock");
	ck_assert_str_eq(c.share_dir, GW_SHARE_DIR);
	ck_assert_str_eq(c.timezone, "UTC");
	ck_assert_str_eq(c.currency, "USD");
	ck_assert_str_eq(c.base_url, "");
	ck_assert_int_eq(c.workers, 4);
	ck_assert_int_eq(c.socket_mode, 0660);
	ck_assert(!c.secure_cookies);
	ck_assert_int_eq(c.idle_timeout, 30 * 60);
	ck_assert_int_eq(c.absolute_timeout, 12 * 3600);
	ck_assert(!c.debug_routes);
	ck_assert(c.page_cache);
	ck_assert_int_eq(c.low_space_mb, 256);
	ck_assert_str_eq(c.offsite_file, "/etc/groundwork/offsite.conf");
	ck_assert_int_eq(c.offsite_interval, 5);
}
END_TEST

START_TEST(set_string)
{
	ck_assert_int_eq(config_set(&c, "db", "/srv/gw.db"), 0);
	ck_assert_str_eq(c.db, "/srv/gw.db");
	ck_assert_int_eq(config_set(&c, "base_url", "https://crm.example.com"),
	    0);
	ck_assert_str_eq(c.base_url, "https://crm.example.com");
	ck_assert_int_eq(config_set(&c, "currency", "EUR"), 0);
	ck_assert_str_eq(c.currency, "EUR");
	/* currency is char[8]: 7 characters fit, 8 do not. */
	ck_assert_int_eq(config_set(&c, "currency", "ABCDEFG"), 0);
	ck_assert_int_eq(config_set(&c, "currency", "ABCDEFGH"), -1);
	char longpath[600];
	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(config_set(&c, "db", longpath), -1);
}
END_TEST

START_TEST(set_int_range)
{
	ck_assert_int_eq(config_set(&c, "workers", "1"), 0);
	ck_assert_int_eq(c.workers, 1);
	ck_assert_int_eq(config_set(&c, "workers", "64"), 0);
	ck_assert_int_eq(c.workers, 64);
	ck_assert_int_eq(config_set(&c, "workers", "0"), -1);
	ck_assert_int_eq(config_set(&c, "workers", "65"), -1);
	ck_assert_int_eq(config_set(&c, "workers", "-4"), -1);
	ck_assert_int_eq(c.workers, 64); /* unchanged by refusals */
	ck_assert_int_eq(config_set(&c, "idle_timeout", "2592000"), 0);
	ck_assert_int_eq(c.idle_timeout, 30 * 86400);
	ck_assert_int_eq(config_set(&c, "idle_timeout", "2592001"), -1);
	ck_assert_int_eq(config_set(&c, "absolute_timeout", "3600"), 0);
	ck_assert_int_eq(c.absolute_timeout, 3600);
}
END_TEST

START_TEST(set_int_not_a_number)
{
	ck_assert_int_eq(config_set(&c, "workers", ""), -1);
	ck_assert_int_eq(config_set(&c, "workers", "four"), -1);
	ck_assert_int_eq(config_set(&c, "workers", "4x"), -1);
	ck_assert_int_eq(config_set(&c, "workers", "4.0"), -1);
	ck_assert_int_eq(config_set(&c, "workers", "99999999999999999999999"),
	    -1);
	ck_assert_int_eq(config_set(&c, "idle_timeout", "0x10"), -1);
	ck_assert_int_eq(c.workers, 4);
}
END_TEST

START_TEST(set_bool_words)
{
	static const char *const yes[] = { "1", "true", "yes", "on", "TRUE",
		"Yes", "ON" };
	static const char *const no[] = { "0", "false", "no", "off", "False",
		"NO" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		c.secure_cookies = false;
		ck_assert_int_eq(config_set(&c, "secure_cookies", yes[i]), 0);
		ck_assert_msg(c.secure_cookies, "'%s' should be true", yes[i]);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		c.debug_routes = true;
		ck_assert_int_eq(config_set(&c, "debug_routes", no[i]), 0);
		ck_assert_msg(!c.debug_routes, "'%s' should be false", no[i]);
	}
	c.secure_cookies = true;
	ck_assert_int_eq(config_set(&c, "secure_cookies", "maybe"), -1);
	ck_assert_int_eq(config_set(&c, "secure_cookies", ""), -1);
	ck_assert_int_eq(config_set(&c, "secure_cookies", "2"), -1);
	ck_assert(c.secure_cookies);
}
END_TEST

/* Modes are octal whether or not they start with 0. */
START_TEST(set_octal_mode)
{
	ck_assert_int_eq(config_set(&c, "socket_mode", "0600"), 0);
	ck_assert_int_eq(c.socket_mode, 0600);
	ck_assert_int_eq(config_set(&c, "socket_mode", "660"), 0);
	ck_assert_int_eq(c.socket_mode, 0660);
	ck_assert_int_eq(config_set(&c, "socket_mode", "0777"), 0);
	ck_assert_int_eq(c.socket_mode, 0777);
	ck_assert_int_eq(config_set(&c, "socket_mode", "0"), 0);
	ck_assert_int_eq(c.socket_mode, 0);
	ck_assert_int_eq(config_set(&c, "socket_mode", "01000"), -1);
	ck_assert_int_eq(config_set(&c, "socket_mode", "0680"), -1);
	ck_assert_int_eq(config_set(&c, "socket_mode", "-1"), -1);
	ck_assert_int_eq(config_set(&c, "socket_mode", "rw-rw----"), -1);
	ck_assert_int_eq(config_set(&c, "socket_mode", ""), -1);
	ck_assert_int_eq(c.socket_mode, 0);
}
END_TEST

START_TEST(set_unknown_key)
{
	struct config before = c;
	ck_assert_int_eq(config_set(&c, "nope", "1"), -1);
	ck_assert_int_eq(config_set(&c, "DB", "/x"), -1); /* case matters */
	ck_assert_int_eq(config_set(&c, "", "1"), -1);
	ck_assert_int_eq(config_set(&c, "workers ", "2"), -1);
	assert_same(&c, &before);
}
END_TEST

START_TEST(file_comments_and_spaces)
{
	const char *p = write_conf(
	    "# Groundwork test configuration\n"
	    "\n"
	    "   \n"
	    "  db   =   /srv/test.db   \n"
	    "workers=8 # trailing comment\n"
	    "\tsecure_cookies = yes\n"
	    "socket_mode = 0600\n"
	    "timezone = Europe/Berlin\n"
	    "    # indented comment = ignored\n"
	    "base_url = https://crm.example.com\n");
	ck_assert_int_eq(config_load_file(&c, p, true), 0);
	ck_assert_str_eq(c.db, "/srv/test.db");
	ck_assert_int_eq(c.workers, 8);
	ck_assert(c.secure_cookies);
	ck_assert_int_eq(c.socket_mode, 0600);
	ck_assert_str_eq(c.timezone, "Europe/Berlin");
	ck_assert_str_eq(c.base_url, "https://crm.example.com");
	ck_assert_str_eq(c.currency, "USD"); /* untouched keys keep defaults */
}
END_TEST

START_TEST(file_empty)
{
	const char *p = write_conf("");
	ck_assert_int_eq(config_load_file(&c, p, true), 0);
	ck_assert_int_eq(c.workers, 4);
}
END_TEST

/* Each kind of bad line fails the load; the good lines around it are
 * still read, so one run reports every problem. */
START_TEST(file_bad_lines)
{
	unit_quiet_stderr();
	const char *p = write_conf("workers = 8\nno equals sign here\n"
	                           "currency = EUR\n");
	ck_assert_int_eq(config_load_file(&c, p, true), -1);
	ck_assert_int_eq(c.workers, 8);
	ck_assert_str_eq(c.currency, "EUR");

	config_defaults(&c);
	p = write_conf("workers = 100\n");
	ck_assert_int_eq(config_load_file(&c, p, true), -1);
	ck_assert_int_eq(c.workers, 4);

	p = write_conf("colour = blue\n");
	ck_assert_int_eq(config_load_file(&c, p, false), -1);

	p = write_conf("= 5\n");
	ck_assert_int_eq(config_load_file(&c, p, true), -1);
}
END_TEST

START_TEST(file_missing)
{
	unit_quiet_stderr();
	char path[512];
	snprintf(path, sizeof(path), "%s/does-not-exist.conf", unit_tmpdir());
	struct config before = c;
	ck_assert_int_eq(config_load_file(&c, path, false), 0);
	assert_same(&c, &before);
	ck_assert_int_eq(config_load_file(&c, path, true), -1);
}
END_TEST

/* Only an absent file may be ignored when the file is optional; any
 * other failure to open it is an error.  A path below a regular file
 * fails with ENOTDIR rather than ENOENT. */
START_TEST(file_unopenable_optional)
{
	unit_quiet_stderr();
	const char *file = write_conf("workers = 2\n");
	char path[600];
	snprintf(path, sizeof(path), "%s/child.conf", file);
	ck_assert_int_eq(config_load_file(&c, path, false), -1);
}
END_TEST

/*
 * A comment of any length is ignored: lines are read whole, so the
 * tail of a long line is never parsed as a line of its own (it once
 * was, with a fixed 1024-byte buffer).
 */
START_TEST(file_long_comment_line)
{
	char text[2100];
	memset(text, 'x', sizeof(text));
	memcpy(text, "# ", 2);
	memcpy(text + 1500, "\nworkers = 8\n", 14); /* with its NUL */
	const char *p = write_conf(text);
	ck_assert_int_eq(config_load_file(&c, p, true), 0);
	ck_assert_int_eq(c.workers, 8);
}
END_TEST

START_TEST(env_override)
{
	const char *p = write_conf("workers = 8\ncurrency = EUR\n");
	ck_assert_int_eq(config_load_file(&c, p, true), 0);
	setenv("GROUNDWORK_WORKERS", "12", 1);
	setenv("GROUNDWORK_SECURE_COOKIES", "on", 1);
	setenv("GROUNDWORK_SOCKET_MODE", "0600", 1);
	setenv("GROUNDWORK_DB", "/env/gw.db", 1);
	setenv("GROUNDWORK_IDLE_TIMEOUT", "900", 1);
	ck_assert_int_eq(config_load_env(&c), 0);
	ck_assert_int_eq(c.workers, 12);     /* env beats the file */
	ck_assert_str_eq(c.currency, "EUR"); /* file value kept */
	ck_assert(c.secure_cookies);
	ck_assert_int_eq(c.socket_mode, 0600);
	ck_assert_str_eq(c.db, "/env/gw.db");
	ck_assert_int_eq(c.idle_timeout, 900);
}
END_TEST

START_TEST(env_none)
{
	struct config before = c;
	ck_assert_int_eq(config_load_env(&c), 0);
	assert_same(&c, &before);
}
END_TEST

START_TEST(env_bad_value)
{
	unit_quiet_stderr();
	setenv("GROUNDWORK_WORKERS", "0", 1);
	ck_assert_int_eq(config_load_env(&c), -1);
	ck_assert_int_eq(c.workers, 4);
	setenv("GROUNDWORK_WORKERS", "3", 1);
	setenv("GROUNDWORK_DEBUG_ROUTES", "sometimes", 1);
	ck_assert_int_eq(config_load_env(&c), -1);
	ck_assert_int_eq(c.workers, 3); /* the good variable still applies */
	ck_assert(!c.debug_routes);
}
END_TEST

START_TEST(print_all_keys)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	config_print(&c, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "  workers = 4\n"));
	ck_assert_ptr_nonnull(strstr(text, "  socket_mode = 0660\n"));
	ck_assert_ptr_nonnull(strstr(text, "  secure_cookies = false\n"));
	ck_assert_ptr_nonnull(strstr(text, "  currency = USD\n"));
	int lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, (int)(sizeof(all_keys) / sizeof(all_keys[0])));
	free(text);
}
END_TEST

Suite *
suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("set");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, set_string);
	tcase_add_test(tc, set_int_range);
	tcase_add_test(tc, set_int_not_a_number);
	tcase_add_test(tc, set_bool_words);
	tcase_add_test(tc, set_octal_mode);
	tcase_add_test(tc, set_unknown_key);
	tcase_add_test(tc, print_all_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, file_comments_and_spaces);
	tcase_add_test(tc, file_empty);
	tcase_add_test(tc, file_bad_lines);
	tcase_add_test(tc, file_missing);
	tcase_add_test(tc, file_unopenable_optional);
	suite_add_tcase(s, tc);

	tc = tcase_create("long_lines");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, file_long_comment_line);
	suite_add_tcase(s, tc);

	tc = tcase_create("env");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, env_override);
	tcase_add_test(tc, env_none);
	tcase_add_test(tc, env_bad_value);
	suite_add_tcase(s, tc);
	return s;
}
