/*
 * cli_import.c - "groundwork import deals FILE" (a CSV file of deals,
 * previewed with --dry-run) and "groundwork deals reassign FROM TO"
 * (a rep's open deals handed to another).  Both write in one
 * transaction under the writer lock, like every other writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_import.h"
#include "import.h"
#include "import_job.h"
#include "util.h"

#define CLI_CHOICES_MAX 64

struct import_args {
	const char *file;
	bool dry_run;
	const char *default_owner;
	const char *job; /* the web import's job token (import_job.c) */
	struct import_mapping map[CLI_CHOICES_MAX];
	int nmap;
	char *stage_names[CLI_CHOICES_MAX];
	const char *stage_targets[CLI_CHOICES_MAX];
	int nstages;
};

static const char import_usage[] =
    "usage: groundwork import deals FILE [--dry-run] [--default-owner EMAIL]\n"
    "           [--map 'HEADING=FIELD']... [--stage 'NAME=STAGE']...\n";

/* "A=B" split at its last '=' into a (copied) and b; false if none. */
static bool
split_choice(const char *arg, char **a, const char **b)
{
	const char *eq = strrchr(arg, '=');
	if (eq == NULL || eq == arg || eq[1] == '\0')
		return false;
	*a = xstrndup(arg, (size_t)(eq - arg));
	*b = eq + 1;
	return true;
}

static bool
add_map(struct import_args *a, const char *arg)
{
	char *heading;
	const char *field;
	if (a->nmap >= CLI_CHOICES_MAX || !split_choice(arg, &heading, &field))
		return false;
	int f = import_field_from_name(field);
	if (f < 0) {
		fprintf(stderr, "groundwork: no field \"%s\"; the fields are",
		    field);
		for (int i = 0; i < IF__N; i++)
			fprintf(stderr, " %s", import_field_name(i));
		fprintf(stderr, "\n");
		free(heading);
		return false;
	}
	a->map[a->nmap].heading = heading;
	a->map[a->nmap++].field = (enum import_field)f;
	return true;
}

static bool
add_stage(struct import_args *a, const char *arg)
{
	if (a->nstages >= CLI_CHOICES_MAX)
		return false;
	return split_choice(arg, &a->stage_names[a->nstages],
	           &a->stage_targets[a->nstages]) &&
	       ++a->nstages;
}

static int
import_parse_args(int argc, char **argv, struct import_args *a)
{
	memset(a, 0, sizeof(*a));
	if (argc < 3 || strcmp(argv[1], "deals") != 0) {
		fputs(import_usage, stderr);
		return 2;
	}
	a->file = argv[2];
	for (int i = 3; i < argc; i++) {
		bool more = i + 1 < argc;
		if (strcmp(argv[i], "--dry-run") == 0)
			a->dry_run = true;
		else if (strcmp(argv[i], "--default-owner") == 0 && more)
			a->default_owner = argv[++i];
		else if (strcmp(argv[i], "--job") == 0 && more)
			a->job = argv[++i];
		else if (strcmp(argv[i], "--map") == 0 && more &&
		         add_map(a, argv[i + 1]))
			i++;
		else if (strcmp(argv[i], "--stage") == 0 && more &&
		         add_stage(a, argv[i + 1]))
			i++;
		else {
			fputs(import_usage, stderr);
			return 2;
		}
	}
	return 0;
}

/* On a terminal: rows read and the share of the file done. */
static void
show_progress(int64_t bytes, long rows, void *arg)
{
	const struct import_shape *whole = arg;
	if (!isatty(STDERR_FILENO))
		return;
	int pct = whole->bytes > 0 ? (int)(bytes * 100 / whole->bytes) : 100;
	fprintf(stderr, "\rgroundwork: %ld rows read, %d%% of the file", rows,
	    pct > 100 ? 100 : pct);
	fflush(stderr);
}

/* Resolve the owner and stage names the arguments give. */
static int
resolve_choices(struct db *db, const struct import_args *a,
    struct import_options *o, struct import_stage_choice *stages)
{
	if (a->default_owner) {
		struct user u;
		if (user_get_by_email(db, a->default_owner, &u) != DB_OK ||
		    !u.active) {
			fprintf(stderr, "groundwork: no active user %s\n",
			    a->default_owner);
			return 1;
		}
		o->default_owner = u.id;
	}
	struct stages all;
	if (stage_list_all(db, &all) != DB_OK)
		return 1;
	for (int i = 0; i < a->nstages; i++) {
		stages[i].name = a->stage_names[i];
		stages[i].stage_id = 0;
		for (int k = 0; k < all.n; k++)
			if (strcasecmp(all.list[k].name, a->stage_targets[i]) ==
			    0)
				stages[i].stage_id = all.list[k].id;
		if (stages[i].stage_id == 0) {
			fprintf(stderr, "groundwork: no stage \"%s\"\n",
			    a->stage_targets[i]);
			return 1;
		}
	}
	o->stages = stages;
	o->nstages = a->nstages;
	return 0;
}

static void
print_report(const struct import_report *rep, bool dry_run)
{
	printf("groundwork: %s, %s-separated, %s export\n",
	    import_csv_encoding_name(rep->shape.encoding),
	    import_csv_separator_name(rep->shape.separator), rep->source);
	for (int i = 0; i < rep->columns; i++)
		if (!rep->known[i])
			printf("  column %d \"%s\" is not imported (--map "
			       "'%s=FIELD' to import it)\n",
			    i + 1, rep->heading[i], rep->heading[i]);
	printf("groundwork: %ld rows: %ld %s, %ld %s, %ld unchanged, %ld in "
	       "error\n",
	    rep->rows, rep->created, dry_run ? "to create" : "created",
	    rep->updated, dry_run ? "to update" : "updated", rep->unchanged,
	    rep->errors);
	for (int i = 0; i < rep->nproblems; i++)
		printf("  row %ld, column %d (%s): %s\n", rep->problem[i].row,
		    rep->problem[i].column, rep->problem[i].heading,
		    rep->problem[i].message);
	if (rep->errors > 0 && rep->nproblems >= IMPORT_PROBLEMS_KEPT)
		printf("  (the first %d problems are shown)\n",
		    IMPORT_PROBLEMS_KEPT);
	for (int i = 0; i < rep->nunknown_stages; i++)
		printf("  stage \"%s\" (%ld rows) is not a Groundwork stage: "
		       "--stage '%s=STAGE' maps it\n",
		    rep->unknown_stage[i].name, rep->unknown_stage[i].rows,
		    rep->unknown_stage[i].name);
	if (dry_run)
		printf("groundwork: nothing was written (--dry-run)\n");
	else if (rep->errors > 0)
		printf("groundwork: the rows in error were left out\n");
}

static int
run_import(struct db *db, FILE *f, struct import_args *a)
{
	struct import_options o = { .currency = cfg.currency,
		.dry_run = a->dry_run,
		.map = a->map,
		.nmap = a->nmap,
		.progress = show_progress,
		.now = now_seconds() };
	struct import_stage_choice stages[CLI_CHOICES_MAX];
	if (resolve_choices(db, a, &o, stages) != 0)
		return 1;
	struct import_report *rep = xmalloc(sizeof(*rep));
	o.progress_arg = &rep->shape;
	int rc = import_deals(db, f, a->file, &o, rep);
	if (isatty(STDERR_FILENO))
		fputs("\n", stderr);
	if (rc != 0)
		fprintf(stderr, "groundwork: %s: %s\n", a->file, rep->fatal);
	else
		print_report(rep, a->dry_run);
	free(rep);
	return rc == 0 ? 0 : 1;
}

int
cli_import(int argc, char **argv)
{
	struct import_args a;
	int rc = import_parse_args(argc, argv, &a);
	if (rc != 0)
		return rc;
	if (a.job) {
		/* Started by the import page: the choices, the progress and
		 * the report are in files beside the upload. */
		struct db *db = cli_open_db();
		rc = import_job_run(db, a.job, a.file);
		if (db)
			db_close(db);
		return rc;
	}
	FILE *f = fopen(a.file, "rb");
	if (f == NULL) {
		fprintf(stderr, "groundwork: cannot open %s\n", a.file);
		rc = 1;
	} else {
		struct db *db = cli_open_db();
		rc = db ? run_import(db, f, &a) : 1;
		if (db)
			db_close(db);
		fclose(f);
	}
	for (int i = 0; i < a.nmap; i++)
		free((char *)a.map[i].heading);
	for (int i = 0; i < a.nstages; i++)
		free(a.stage_names[i]);
	return rc;
}

/* --- deals reassign ------------------------------------------------------- */

static const char reassign_usage[] =
    "usage: groundwork deals reassign FROM_EMAIL TO_EMAIL [--deal ID]...\n";

static int
reassign_users(struct db *db, char **argv, struct user *from, struct user *to)
{
	if (user_get_by_email(db, argv[2], from) != DB_OK) {
		fprintf(stderr, "groundwork: no user %s\n", argv[2]);
		return 1;
	}
	if (user_get_by_email(db, argv[3], to) != DB_OK || !to->active) {
		fprintf(stderr, "groundwork: no active user %s\n", argv[3]);
		return 1;
	}
	if (from->id == to->id) {
		fprintf(stderr, "groundwork: FROM and TO are the same user\n");
		return 1;
	}
	return 0;
}

static int
reassign_run(struct db *db, char **argv, const int64_t *ids, int n)
{
	struct user from, to;
	if (reassign_users(db, argv, &from, &to) != 0)
		return 1;
	int moved = 0;
	int64_t now = now_seconds();
	if (db_tx_begin(db) != DB_OK)
		return 1;
	char detail[600];
	int rc = deals_reassign(db, from.id, from.name, to.id, to.name,
	    to.team_id, ids, n, 0, now, &moved);
	snprintf(detail, sizeof(detail), "%d open deals from %s to %s", moved,
	    from.email, to.email);
	if (rc == DB_OK)
		rc = audit_add(db, 0, "deals.reassign", from.email, detail, "");
	if (rc != DB_OK) {
		db_tx_rollback(db);
		fprintf(stderr, "groundwork: nothing was reassigned\n");
		return 1;
	}
	if (db_tx_commit(db) != DB_OK)
		return 1;
	printf("groundwork: %d open deal%s of %s now belong to %s\n", moved,
	    moved == 1 ? "" : "s", from.name, to.name);
	return 0;
}

int
cli_deals(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "reassign") != 0) {
		fputs(reassign_usage, stderr);
		return 2;
	}
	int64_t *ids = xcalloc((size_t)argc, sizeof(*ids));
	int n = 0;
	for (int i = 4; i < argc; i++) {
		char *end = NULL;
		if (strcmp(argv[i], "--deal") == 0 && i + 1 < argc &&
		    (ids[n] = strtoll(argv[i + 1], &end, 10)) > 0 &&
		    *end == '\0') {
			n++, i++;
			continue;
		}
		fputs(reassign_usage, stderr);
		free(ids);
		return 2;
	}
	struct db *db = cli_open_db();
	int rc = db ? reassign_run(db, argv, ids, n) : 1;
	if (db)
		db_close(db);
	free(ids);
	return rc;
}
