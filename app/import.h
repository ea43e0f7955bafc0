/*
 * import.h - importing deals from a CSV file (import.c): which column
 * is which field (the headings of Pipedrive, HubSpot and Salesforce
 * deal exports and of Groundwork's own deals CSV are known; others are
 * mapped by the admin), each row read into a deal (owner by email or
 * full name, stage by name or alias, amount in the configured
 * currency, dates in the forms the README lists), and the whole file
 * written in one transaction, or rolled back for a preview.
 */
#ifndef GW_IMPORT_H
#define GW_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "import_csv.h"

struct db;

enum import_field {
	IF_IGNORE,
	IF_ID,
	IF_COMPANY,
	IF_TITLE,
	IF_CONTACT,
	IF_OWNER,
	IF_STAGE,
	IF_STATUS,
	IF_AMOUNT,
	IF_CURRENCY,
	IF_EXPECTED_CLOSE,
	IF_NEXT_STEP,
	IF_NEXT_STEP_DUE,
	IF_SOURCE,
	IF_LOST_REASON,
	IF_CREATED, /* when the deal was created in the other tool */
	IF__N
};

/* "company", ... ("ignore" for IF_IGNORE); and back (-1 if unknown). */
const char *import_field_name(enum import_field f);
int import_field_from_name(const char *name);

/* An admin's choice for a heading the importer does not know. */
struct import_mapping {
	const char *heading;
	enum import_field field;
};

/* An admin's choice for a stage name Groundwork does not have; it is
 * saved as a stage alias when the import is written. */
struct import_stage_choice {
	const char *name;
	int64_t stage_id;
};

struct import_options {
	const char *currency;  /* the configured ISO 4217 code */
	int64_t default_owner; /* for owners who match nobody; 0: an error */
	int64_t actor_id;      /* who imports (0 from the command line) */
	bool dry_run;          /* preview: roll everything back */
	const struct import_mapping *map;
	int nmap;
	const struct import_stage_choice *stages;
	int nstages;
	import_progress_fn progress; /* may be NULL */
	void *progress_arg;
	int64_t now;
};

#define IMPORT_PROBLEMS_KEPT 100
#define IMPORT_UNKNOWN_KEPT 20
#define IMPORT_HEADING_SHOWN 64

/* One row's problem, by row (1 = headings) and column (1-based). */
struct import_problem {
	long row;
	int column;
	char heading[IMPORT_HEADING_SHOWN * 4 + 1];
	char message[240];
};

struct import_report {
	struct import_shape shape;
	char source[16]; /* "pipedrive", "hubspot", "salesforce", ... */
	int columns;
	char heading[IMPORT_COLUMNS_MAX][IMPORT_HEADING_SHOWN * 4 + 1];
	enum import_field field[IMPORT_COLUMNS_MAX];
	bool known[IMPORT_COLUMNS_MAX]; /* heading recognised or mapped */
	long rows;                      /* deal rows (headings not counted) */
	long created, updated, unchanged, errors;
	struct import_problem problem[IMPORT_PROBLEMS_KEPT];
	int nproblems;
	struct {
		char name[IMPORT_HEADING_SHOWN * 4 + 1];
		long rows;
	} unknown_stage[IMPORT_UNKNOWN_KEPT];
	int nunknown_stages;
	char fatal[IMPORT_MESSAGE_MAX]; /* set: the file was refused */
	bool written;                   /* committed (not a preview) */
};

/*
 * Read f and import its deals as o says, filling rep.  A preview
 * (o->dry_run) runs every write in a transaction it then rolls back,
 * so its counts are exactly what the import would do.  Rows in error
 * are left out and listed; the other rows are written in one
 * transaction.  label names the file in the audit log.  Returns 0, or
 * -1 when the file was refused (rep->fatal) or the database failed;
 * either way a refused file leaves the database as it was.
 */
int import_deals(struct db *db, FILE *f, const char *label,
    const struct import_options *o, struct import_report *rep);

/* A date as the README lists them, into YYYY-MM-DD; day_first says how
 * to read "03/04/2025" (semicolon files: day first).  NULL or a
 * message. */
const char *import_date(const char *text, bool day_first, char out[DATE_SIZE]);

/* A company as compared for duplicates and keyed without an id: lower
 * case, runs of spaces and punctuation as one space, and a trailing
 * legal suffix (Ltd, Inc, GmbH, LLC, ...) dropped.  out holds at least
 * strlen(company) + 1 bytes. */
void import_company_key(const char *company, char *out, size_t size);

#endif
