/*
 * upload.h - a file sent from a form (upload.c): the import page's
 * CSV upload.  Browsers send a file only as multipart/form-data, which
 * GMime (Debian's libgmime-3.0) parses; Groundwork parses no MIME
 * itself.  The body goes to disk as it arrives and GMime reads it
 * there, so an upload is never held whole in memory.
 *
 * The limit is UPLOAD_MAX_BYTES, the same as nginx's
 * client_max_body_size for the upload location (deploy/nginx/): nginx
 * stops a larger body before the app sees it, and the app refuses one
 * that nginx let through (a different front end) with 413.
 */
#ifndef GW_UPLOAD_H
#define GW_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "http.h"
#include "util.h"

#define UPLOAD_MAX_BYTES (32 * 1024 * 1024) /* nginx: 32m */
#define UPLOAD_FIELD_MAX 1024 /* bytes of a text field beside the file */
#define UPLOAD_FIELDS_MAX 16
#define UPLOAD_KEEP_SECONDS (24 * 3600) /* an upload nobody imported */

/* The form fields the worker adds for the handler: the upload's token
 * (its file name) and the name the browser gave the file. */
#define UPLOAD_TOKEN_FIELD "upload_token"
#define UPLOAD_NAME_FIELD "upload_name"

/* Reads up to n bytes of the body; returns the count, 0 at its end. */
typedef int (*upload_read_fn)(void *arg, char *buf, int n);

/*
 * Receive a multipart/form-data body of length bytes (content_type as
 * the request gave it): the part named "file" becomes a new upload
 * (see upload_keep()), and the text parts, at most UPLOAD_FIELDS_MAX
 * of at most UPLOAD_FIELD_MAX bytes, become form fields, followed by
 * UPLOAD_TOKEN_FIELD and UPLOAD_NAME_FIELD.  Returns 0, or an HTTP
 * status: 400 for a body that is not such a form, 413 past the limit,
 * 500 when the disk refused (after a message on stderr).
 */
int upload_receive(struct arena *a, const char *content_type, long long length,
    upload_read_fn read, void *arg, struct kvlist *form);

/* Keep the upload token names (it stays UPLOAD_KEEP_SECONDS unless
 * imported or dropped); until then it is removed by upload_forget_new()
 * when the request ends. */
int upload_keep(const char *token);
void upload_forget_new(const char *token);

/* The kept upload's path, if token is well-formed (it is the file's
 * name, so nothing else is ever opened); false otherwise. */
bool upload_path(const char *token, char *out, size_t size);

/* The path of "<token><suffix>" in the uploads' directory, for the
 * files an upload's import job keeps beside it; false if token is not
 * well-formed. */
bool upload_file(const char *token, const char *suffix, char *out, size_t size);
void upload_drop(const char *token);

#endif
