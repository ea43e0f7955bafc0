/*
 * form.c - reading declared fields and showing them back.
 */
#include "form.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "page.h"

size_t
utf8_chars(const char *s, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
	return chars;
}

void
form_read(struct form *f, struct req *r, const struct field *fields, size_t n)
{
	memset(f, 0, sizeof(*f));
	if (r->save_refused) {
		/* Everything typed is shown again; the layout says why. */
		f->refused = true;
		f->errors++;
	}
	f->fields = fields;
	f->n = n < FORM_MAX_FIELDS ? n : FORM_MAX_FIELDS;
	for (size_t i = 0; i < f->n; i++) {
		const struct field *fd = &fields[i];
		const struct kv *kv = kv_find(&r->form, fd->name);
		f->value[i] = kv ? kv->val : "";
		f->len[i] = kv ? kv->vlen : 0;
		const char *msg = NULL;
		if (kv && !kv->valid)
			msg = "This holds characters that cannot be saved.";
		else if (utf8_chars(f->value[i], f->len[i]) > fd->max_chars)
			msg = arena_printf(&r->arena,
			    "This is too long: at most "
			    "%zu characters (this has %zu).",
			    fd->max_chars, utf8_chars(f->value[i], f->len[i]));
		else if (f->len[i] == 0 && fd->required)
			msg = "This is required.";
		else if (f->len[i] > 0 && fd->check)
			msg = fd->check(f->value[i]);
		if (msg) {
			f->error[i] = msg;
			f->errors++;
		}
	}
}

static int
field_index(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
form_value(const struct form *f, const char *name)
{
	int i = field_index(f, name);
	return i < 0 ? "" : f->value[i];
}

bool
form_has_error(const struct form *f, const char *name)
{
	int i = field_index(f, name);
	return i >= 0 && f->error[i] != NULL;
}

void
form_forget(struct form *f, const char *name)
{
	int i = field_index(f, name);
	if (i < 0)
		return;
	if (f->error[i] != NULL)
		f->errors--;
	f->error[i] = NULL;
	f->value[i] = "";
	f->len[i] = 0;
}

void
form_fail(struct form *f, const char *name, const char *message)
{
	int i = field_index(f, name);
	if (i < 0)
		return;
	if (f->error[i] == NULL)
		f->errors++;
	f->error[i] = message;
}

static void
upper_key(char *out, size_t size, const char *name, const char *suffix)
{
	size_t o = 0;
	for (const char *p = name; *p && o + 1 < size; p++)
		out[o++] = (char)toupper((unsigned char)*p);
	out[o] = '\0';
	strncat(out, suffix, size - o - 1);
}

void
form_fill(const struct form *f, tmpl_dict *d)
{
	char key[64];
	for (size_t i = 0; i < f->n; i++) {
		const struct field *fd = &f->fields[i];
		upper_key(key, sizeof(key), fd->name, "_VALUE");
		page_set_text(d, key, f->value[i], f->len[i]);
		if (f->error[i] == NULL)
			continue;
		upper_key(key, sizeof(key), fd->name, "_ERROR");
		tmpl_set_str(d, key, f->error[i]);
		upper_key(key, sizeof(key), fd->name, "_INVALID");
		tmpl_show_section(d, key);
		tmpl_dict *e = tmpl_add_section(d, "ERRORS");
		tmpl_set_str(e, "FIELD", fd->name);
		tmpl_set_str(e, "LABEL", fd->label);
		tmpl_set_str(e, "MESSAGE", f->error[i]);
	}
	if (f->errors > (f->refused ? 1 : 0))
		tmpl_show_section(d, "HAS_ERRORS");
}

const char *
valid_email(const char *v)
{
	const char *at = strchr(v, '@');
	if (at == NULL || at == v || strchr(at + 1, '@') ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' ||
	    v[strlen(v) - 1] == '.')
		return "Enter an email address like name@example.com.";
	for (const char *p = v; *p; p++)
		if (isspace((unsigned char)*p) || *p == '<' || *p == '>')
			return "An email address has no spaces or angle brackets.";
	return NULL;
}

const char *
valid_role(const char *v)
{
	return role_from_name(v) == ROLE_NONE
	           ? "Choose rep, manager, admin or director."
	           : NULL;
}

const char *
valid_id_or_empty(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!isdigit((unsigned char)*p) || p - v > 17)
			return "Choose one of the listed options.";
	return NULL;
}
