/*
 * upload.c - a form's file upload, received to disk and parsed by
 * GMime.  Uploads live in "<db>.uploads/", a private directory beside
 * the database (so every worker finds them), each named by a random
 * token: "<token>.new" while its request runs, "<token>.csv" once the
 * handler kept it.  Each kept upload older than UPLOAD_KEEP_SECONDS is
 * removed when the next one arrives.
 */
#include "upload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

static void
upload_dir(char *out, size_t size)
{
	snprintf(out, size, "%s.uploads", cfg.db);
}

/* Token and suffix as a path in the directory; false for a token that
 * is not one token_new() makes. */
static bool
token_file(const char *token, const char *suffix, char *out, size_t size)
{
	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN ||
	    strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                  "0123456789-_") != TOKEN_TEXT_LEN)
		return false;
	char dir[600];
	upload_dir(dir, sizeof(dir));
	return snprintf(out, size, "%s/%s%s", dir, token, suffix) < (int)size;
}

bool
upload_file(const char *token, const char *suffix, char *out, size_t size)
{
	return token_file(token, suffix, out, size);
}

bool
upload_path(const char *token, char *out, size_t size)
{
	return token_file(token, ".csv", out, size) && access(out, R_OK) == 0;
}

void
upload_drop(const char *token)
{
	char path[700];
	if (token_file(token, ".csv", path, sizeof(path)))
		unlink(path);
}

void
upload_forget_new(const char *token)
{
	char path[700];
	if (token_file(token, ".new", path, sizeof(path)))
		unlink(path);
}

int
upload_keep(const char *token)
{
	char from[700], to[700];
	if (!token_file(token, ".new", from, sizeof(from)) ||
	    !token_file(token, ".csv", to, sizeof(to)))
		return -1;
	return rename(from, to);
}

/* Remove kept uploads nobody imported within the day. */
static void
sweep(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	time_t old = time(NULL) - UPLOAD_KEEP_SECONDS;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char path[1200];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime < old)
			unlink(path);
	}
	closedir(d);
}

/* The body, behind a header that names its boundary, into fd. */
static int
spool(int fd, const char *content_type, long long length, upload_read_fn read,
    void *arg)
{
	char head[1200];
	int n = snprintf(head, sizeof(head), "Content-Type: %s\r\n\r\n",
	    content_type);
	if (n >= (int)sizeof(head) || write(fd, head, (size_t)n) != n)
		return -1;
	char buf[64 * 1024];
	while (length > 0) {
		int want = length < (long long)sizeof(buf) ? (int)length
		                                           : (int)sizeof(buf);
		int got = read(arg, buf, want);
		if (got <= 0)
			return 400; /* the body ended early */
		if (write(fd, buf, (size_t)got) != got)
			return -1;
		length -= got;
	}
	return 0;
}

/* A text part's content (at most UPLOAD_FIELD_MAX bytes) as a field. */
static bool
add_text_field(struct arena *a, struct kvlist *form, const char *name,
    GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (w == NULL || form->n >= UPLOAD_FIELDS_MAX)
		return false;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), TRUE);
	gint64 n = g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(
	    GMIME_STREAM_MEM(mem));
	bool ok = n >= 0 && bytes->len <= UPLOAD_FIELD_MAX;
	if (ok) {
		struct kv *kv = &form->items[form->n++];
		kv->key = arena_strdup(a, name);
		char *v = arena_strndup(a, (const char *)bytes->data,
		    bytes->len);
		kv->val = v;
		kv->vlen = bytes->len;
		kv->valid = text_valid(v, bytes->len);
	}
	g_object_unref(mem);
	return ok;
}

/* The file part's content into path. */
static bool
save_file(GMimePart *part, const char *path)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (w == NULL || fd < 0) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	GMimeStream *out = g_mime_stream_fs_new(fd);
	gint64 n = g_mime_data_wrapper_write_to_stream(w, out);
	bool ok = n >= 0 && g_mime_stream_flush(out) == 0;
	g_object_unref(out);
	return ok;
}

struct parts {
	struct arena *a;
	struct kvlist *form;
	const char *file_path;
	char filename[256];
	bool file, bad;
};

static void
take_part(GMimeObject *parent, GMimeObject *obj, gpointer data)
{
	(void)parent;
	struct parts *p = data;
	if (!GMIME_IS_PART(obj) || p->bad)
		return;
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	const char *name = cd ? g_mime_content_disposition_get_parameter(cd,
	                            "name")
	                      : NULL;
	if (name == NULL || strcmp(name, UPLOAD_TOKEN_FIELD) == 0 ||
	    strcmp(name, UPLOAD_NAME_FIELD) == 0)
		return;
	if (strcmp(name, "file") == 0 && !p->file) {
		const char *fn = g_mime_content_disposition_get_parameter(cd,
		    "filename");
		str_copy(p->filename, sizeof(p->filename), fn ? fn : "");
		p->file = true;
		p->bad = !save_file(GMIME_PART(obj), p->file_path);
	} else if (!add_text_field(p->a, p->form, name, GMIME_PART(obj))) {
		p->bad = true;
	}
}

/* Parse the spooled body in fd; 0 or an HTTP status. */
static int
parse_spool(int fd, struct parts *p)
{
	static bool ready;
	if (!ready) {
		g_mime_init();
		ready = true;
	}
	lseek(fd, 0, SEEK_SET);
	GMimeStream *in = g_mime_stream_fs_new(dup(fd));
	GMimeParser *parser = g_mime_parser_new_with_stream(in);
	g_object_unref(in);
	GMimeObject *obj = g_mime_parser_construct_part(parser, NULL);
	g_object_unref(parser);
	int rc = 400;
	if (obj && GMIME_IS_MULTIPART(obj)) {
		g_mime_multipart_foreach(GMIME_MULTIPART(obj), take_part, p);
		rc = p->bad ? 400 : 0;
	}
	if (obj)
		g_object_unref(obj);
	return rc;
}

static void
add_field(struct arena *a, struct kvlist *form, const char *key,
    const char *val)
{
	struct kv *kv = &form->items[form->n++];
	kv->key = key;
	kv->val = arena_strdup(a, val);
	kv->vlen = strlen(val);
	kv->valid = text_valid(val, kv->vlen);
}

int
upload_receive(struct arena *a, const char *content_type, long long length,
    upload_read_fn read, void *arg, struct kvlist *form)
{
	if (length > UPLOAD_MAX_BYTES)
		return 413;
	if (strpbrk(content_type, "\r\n") != NULL)
		return 400;
	char dir[600], spool_path[700], token[TOKEN_TEXT_SIZE];
	upload_dir(dir, sizeof(dir));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "groundwork: cannot make %s: %s\n", dir,
		    strerror(errno));
		return 500;
	}
	sweep(dir);
	token_new(token);
	struct parts p = { .a = a, .form = form };
	char file_path[700];
	token_file(token, ".new", file_path, sizeof(file_path));
	token_file(token, ".body", spool_path, sizeof(spool_path));
	p.file_path = file_path;
	form->items = arena_alloc(a,
	    (UPLOAD_FIELDS_MAX + 2) * sizeof(struct kv));
	form->n = 0;
	int fd = open(spool_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int rc = fd < 0 ? -1 : spool(fd, content_type, length, read, arg);
	if (rc == 0)
		rc = parse_spool(fd, &p);
	if (fd >= 0)
		close(fd);
	unlink(spool_path);
	if (rc < 0) {
		fprintf(stderr, "groundwork: cannot keep an upload in %s: %s\n",
		    dir, strerror(errno));
		rc = 500;
	}
	if (rc == 0 && p.file) {
		add_field(a, form, UPLOAD_TOKEN_FIELD, token);
		add_field(a, form, UPLOAD_NAME_FIELD, p.filename);
	} else {
		unlink(file_path);
	}
	return rc;
}
