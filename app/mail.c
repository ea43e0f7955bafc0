/*
 * mail.c - compose a MIME message and hand it to the mailer.  See
 * mail.h.  Bodies are quoted-printable, so no line is ever too long
 * for SMTP and 8-bit text survives any relay.
 */
#include "mail.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

extern char **environ;

#define MAILER_ARGS 16 /* words of a mailer command, at most */

/* Quoted-printable (RFC 2045), lines under 76 characters. */
static void
put_qp(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			buf_puts(out, "\n");
			col = 0;
			continue;
		}
		bool plain = (*p >= 33 && *p <= 126 && *p != '=') ||
		             (*p == ' ' && p[1] != '\n' && p[1] != '\0');
		int width = plain ? 1 : 3;
		if (col + width > 75) {
			buf_puts(out, "=\n");
			col = 0;
		}
		if (plain) {
			buf_append(out, p, 1);
		} else {
			char e[3] = { '=', hex[*p >> 4], hex[*p & 15] };
			buf_append(out, e, 3);
		}
		col += width;
	}
	if (col)
		buf_puts(out, "\n");
}

/* A header value: as is when plain ASCII, else one RFC 2047 word. */
static void
put_word(struct buf *out, const char *s)
{
	bool plain = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 32 || *p > 126)
			plain = false;
	if (plain) {
		buf_puts(out, s);
		return;
	}
	size_t n = strlen(s);
	if (n > 600)
		n = 600; /* a subject or name never is; keeps the line sane */
	char b64[sodium_base64_ENCODED_LEN(600, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s, n,
	    sodium_base64_VARIANT_ORIGINAL);
	buf_printf(out, "=?UTF-8?B?%s?=", b64);
}

/* The display name as a quoted string or encoded word. */
static void
put_mailbox(struct buf *out, const char *name, const char *addr)
{
	bool plain = *name != '\0';
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 32 || *p > 126 || *p == '"' || *p == '\\')
			plain = false;
	if (*name == '\0') {
		buf_printf(out, "<%s>", addr);
		return;
	}
	if (plain)
		buf_printf(out, "\"%s\" <%s>", name, addr);
	else {
		put_word(out, name);
		buf_printf(out, " <%s>", addr);
	}
}

void
mail_compose(const struct mail_msg *m, struct buf *out)
{
	char date[64], boundary[48];
	time_t t = (time_t)m->date;
	struct tm tm;
	gmtime_r(&t, &tm);
	/* RFC 5322 names the days and months in English, whatever the
	 * locale. */
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	unsigned char raw[12];
	randombytes_buf(raw, sizeof(raw));
	char hexraw[25];
	sodium_bin2hex(hexraw, sizeof(hexraw), raw, sizeof(raw));
	snprintf(boundary, sizeof(boundary), "=_groundwork_%s", hexraw);

	buf_printf(out, "From: %s\nTo: ", m->from);
	put_mailbox(out, m->to_name, m->to_addr);
	buf_puts(out, "\nSubject: ");
	put_word(out, m->subject);
	buf_printf(out,
	    "\nDate: %s\nMessage-ID: %s\nMIME-Version: 1.0\n"
	    "Auto-Submitted: auto-generated\n",
	    date, m->message_id);
	if (m->unsubscribe)
		buf_printf(out,
		    "List-Unsubscribe: <%s>\n"
		    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n",
		    m->unsubscribe);
	buf_printf(out,
	    "Content-Type: multipart/alternative; boundary=\"%s\"\n\n"
	    "--%s\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n",
	    boundary, boundary);
	put_qp(out, m->text);
	buf_printf(out,
	    "\n--%s\nContent-Type: text/html; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n",
	    boundary);
	put_qp(out, m->html);
	buf_printf(out, "\n--%s--\n", boundary);
}

void
mail_unescape(char *s)
{
	static const struct {
		const char *entity;
		char c;
	} entities[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&#x27;", '\'' } };
	char *w = s;
	for (const char *r = s; *r;) {
		bool done = false;
		for (size_t i = 0; *r == '&' && i < GW_ARRAY_LEN(entities);
		     i++) {
			size_t n = strlen(entities[i].entity);
			if (strncmp(r, entities[i].entity, n) == 0) {
				*w++ = entities[i].c;
				r += n;
				done = true;
				break;
			}
		}
		if (!done)
			*w++ = *r++;
	}
	*w = '\0';
}

/* Write msg into DIR as one new file, whole or not at all. */
static int
send_to_dir(const char *dir, const char *msg, size_t len, char *err,
    size_t errsize)
{
	static unsigned serial;
	char tmp[600], path[600];
	snprintf(path, sizeof(path), "%s/%lld-%d-%u.eml", dir,
	    (long long)time(NULL), (int)getpid(), serial);
	snprintf(tmp, sizeof(tmp), "%s/.%lld-%d-%u.tmp", dir,
	    (long long)time(NULL), (int)getpid(), serial++);
	FILE *f = fopen(tmp, "wb");
	if (f == NULL) {
		snprintf(err, errsize, "cannot write into %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	bool ok = fwrite(msg, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errsize, "cannot write %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Split a command line at spaces into argv (words point into copy). */
static int
split_words(char *copy, char *argv[MAILER_ARGS + 1])
{
	int n = 0;
	for (char *w = strtok(copy, " \t"); w && n < MAILER_ARGS;
	     w = strtok(NULL, " \t"))
		argv[n++] = w;
	argv[n] = NULL;
	return n;
}

/* The first lines the mailer wrote to its errors (where msmtp puts
 * the server's own answer), after what, into err. */
static void
first_lines(FILE *f, char *err, size_t errsize, const char *what)
{
	char line[256];
	struct buf b = { 0 };
	buf_puts(&b, what);
	rewind(f);
	for (int i = 0; i < 3 && fgets(line, sizeof(line), f); i++) {
		line[strcspn(line, "\r\n")] = '\0';
		buf_printf(&b, "%s%s", i ? " / " : ": ", line);
	}
	snprintf(err, errsize, "%s", b.data);
	buf_free(&b);
}

/* Run the mailer with the message as a file on its standard input: if
 * this process is killed, the mailer still reads the whole message. */
static int
send_to_command(const char *mailer, const char *msg, size_t len, char *err,
    size_t errsize)
{
	char copy[512], *argv[MAILER_ARGS + 1];
	snprintf(copy, sizeof(copy), "%s", mailer);
	if (split_words(copy, argv) == 0) {
		snprintf(err, errsize, "no mailer command is set");
		return -1;
	}
	FILE *in = tmpfile(), *errs = tmpfile();
	int rc = -1;
	if (in == NULL || errs == NULL || fwrite(msg, 1, len, in) != len ||
	    fflush(in) != 0) {
		snprintf(err, errsize, "cannot stage the message: %s",
		    strerror(errno));
		goto out;
	}
	rewind(in);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fileno(in), 0);
	posix_spawn_file_actions_adddup2(&fa, fileno(errs), 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(errs), 2);
	pid_t pid;
	int e = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0) {
		snprintf(err, errsize, "cannot run %s: %s", argv[0],
		    strerror(e));
		goto out;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
	} else {
		char what[128];
		if (WIFEXITED(status))
			snprintf(what, sizeof(what), "%s exited with %d",
			    argv[0], WEXITSTATUS(status));
		else
			snprintf(what, sizeof(what), "%s was killed", argv[0]);
		first_lines(errs, err, errsize, what);
	}
out:
	if (in)
		fclose(in);
	if (errs)
		fclose(errs);
	return rc;
}

int
mail_send(const char *mailer, const char *msg, size_t len, char *err,
    size_t errsize)
{
	if (strncmp(mailer, "file:", 5) == 0)
		return send_to_dir(mailer + 5, msg, len, err, errsize);
	return send_to_command(mailer, msg, len, err, errsize);
}

bool
mail_mailer_ok(const char *mailer, char *why, size_t size)
{
	if (strncmp(mailer, "file:", 5) == 0) {
		if (access(mailer + 5, W_OK | X_OK) == 0)
			return true;
		snprintf(why, size, "the mail directory %s is not writable",
		    mailer + 5);
		return false;
	}
	char copy[512], *argv[MAILER_ARGS + 1];
	snprintf(copy, sizeof(copy), "%s", mailer);
	if (split_words(copy, argv) == 0) {
		snprintf(why, size, "no mailer command is set (sendmail)");
		return false;
	}
	struct stat sb;
	if (stat(argv[0], &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    access(argv[0], X_OK) != 0) {
		snprintf(why, size,
		    "%s is missing: install msmtp-mta, postfix or exim4, or "
		    "set sendmail in the config",
		    argv[0]);
		return false;
	}
	return true;
}
