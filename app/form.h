/*
 * form.h - declared inputs.  A form is a table of fields, each with a
 * label, a size limit and a validator.  Only declared fields are read;
 * an invalid one gets a message next to it and the form is shown
 * again with everything the person typed.
 */
#ifndef GW_FORM_H
#define GW_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "tmpl.h"

struct req;

#define FORM_MAX_FIELDS 16

/* A validator returns NULL when value is fine, else a message. */
typedef const char *(*validator_fn)(const char *value);

struct field {
	const char *name;   /* form field name, e.g. "email" */
	const char *label;  /* what the person sees, for the summary */
	size_t max_chars;   /* longest accepted, in characters */
	bool required;      /* empty is an error */
	validator_fn check; /* extra rule, or NULL */
};

struct form {
	const struct field *fields;         /* the table */
	size_t n;                           /* entries in it */
	const char *value[FORM_MAX_FIELDS]; /* typed text (arena), "" if absent */
	size_t len[FORM_MAX_FIELDS];        /* bytes in value */
	const char *error[FORM_MAX_FIELDS]; /* message or NULL */
	int errors;                         /* how many errors */
	bool refused;                       /* the disk refused the save: one
	                                    * error that belongs to no field */
};

/* Read and check every declared field from r's body. */
void form_read(struct form *f, struct req *r, const struct field *fields,
    size_t n);

/* The value of a field by name ("" if unknown). */
const char *form_value(const struct form *f, const char *name);

/* Is the field marked wrong? */
bool form_has_error(const struct form *f, const char *name);

/* Treat a field as never sent: its value becomes "" and its error, if
 * any, goes.  For optional hints that must never fail a form. */
void form_forget(struct form *f, const char *name);

/* Mark a field wrong after the table's own checks (e.g. a duplicate). */
void form_fail(struct form *f, const char *name, const char *message);

/*
 * Put each field into d as <NAME>_VALUE (and <NAME>_ERROR plus a shown
 * <NAME>_INVALID section when wrong), and an ERRORS section listing
 * every problem for the summary at the top of the form.
 */
void form_fill(const struct form *f, tmpl_dict *d);

/* Count characters (code points) in valid UTF-8. */
size_t utf8_chars(const char *s, size_t n);

/* Common validators. */
const char *valid_email(const char *value);
const char *valid_role(const char *value);
const char *valid_id_or_empty(const char *value);

#endif
