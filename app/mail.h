/*
 * mail.h - one email as the standard sendmail interface takes it: a
 * MIME multipart/alternative message (text and HTML) with the headers
 * automatic mail should carry, handed to the configured mailer command
 * (or written into a directory, for a local instance that sends
 * nothing).
 */
#ifndef GW_MAIL_H
#define GW_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct mail_msg {
	const char *from;        /* From header, "Name <addr>" or addr */
	const char *to_name;     /* recipient's display name */
	const char *to_addr;     /* recipient's address */
	const char *subject;     /* UTF-8 */
	const char *text;        /* text/plain body, UTF-8 */
	const char *html;        /* text/html body, UTF-8 */
	const char *unsubscribe; /* one-click URL, or NULL for none */
	const char *message_id;  /* "<...@...>" */
	int64_t date;            /* Date header, Unix seconds */
};

/* The whole message, headers and body, into out (LF line ends, as the
 * sendmail interface takes them). */
void mail_compose(const struct mail_msg *m, struct buf *out);

/* Undo the five entities HTML escaping writes (&amp; &lt; &gt; &quot;
 * &#39;), in place: a text part expanded from an auto-escaped
 * template reads as typed. */
void mail_unescape(char *s);

/* Hand msg to the mailer: "file:DIR" writes DIR/<time>-<n>.eml, and
 * anything else is a command and its arguments (split at spaces, no
 * shell) that reads the message on standard input.  0, or -1 with why
 * (the mailer's exit status and first line of its errors) in err. */
int mail_send(const char *mailer, const char *msg, size_t len, char *err,
    size_t errsize);

/* Can the mailer be used at all (the command exists and may run, or
 * the directory is writable)?  If not, why. */
bool mail_mailer_ok(const char *mailer, char *why, size_t size);

#endif
