/*
 * h_admin_import.c - /admin/import: an admin uploads a CSV file of
 * deals, sees what it would do (the counts, every problem with its row
 * and column), maps the headings and stage names Groundwork does not
 * know, and confirms.  The preview is the import itself, rolled back,
 * so its counts are exactly what the import does; nothing is written
 * before the confirmation, and then everything in one transaction.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db_account.h"
#include "db_deal.h"
#include "import.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "session.h"
#include "upload.h"
#include "util.h"

/* The admin's choices on the preview form, as import_options take them. */
struct choices {
	struct import_mapping map[IMPORT_COLUMNS_MAX];
	char map_heading[IMPORT_COLUMNS_MAX][IMPORT_HEADING_SHOWN * 4 + 1];
	int nmap;
	struct import_stage_choice stage[IMPORT_UNKNOWN_KEPT];
	int nstages;
	const char *posted_stage[IMPORT_UNKNOWN_KEPT]; /* every name sent */
	int nposted;
	int64_t default_owner;
};

static void
render_upload(struct req *r, int status, const char *problem)
{
	tmpl_dict *d = page_begin(r, "Import deals", "admin_import.tpl");
	tmpl_dict *u = tmpl_add_section(d, "UPLOAD_FORM");
	tmpl_set_int(u, "MAX_MB", UPLOAD_MAX_BYTES / (1024 * 1024));
	if (problem) {
		tmpl_dict *e = tmpl_add_section(u, "FILE_INVALID");
		tmpl_set_str(e, "FILE_ERROR", problem);
	}
	page_finish(r, status);
}

/* GET /admin/import - the upload form.  200. */
void
h_admin_import_get(struct req *r)
{
	render_upload(r, 200, NULL);
}

/*
 * POST /admin/import/upload (multipart/form-data, read by upload.c) -
 * keep the file and show its preview.  303 to the preview; 422 with a
 * message when no file came or it is empty.
 */
void
h_admin_import_upload_post(struct req *r)
{
	const char *token = req_form(r, UPLOAD_TOKEN_FIELD);
	if (*token == '\0') {
		render_upload(r, 422, "Choose a CSV file to upload.");
		return;
	}
	if (upload_keep(token) != 0) {
		resp_internal(r, "keeping an upload failed");
		return;
	}
	struct buf to = { 0 };
	buf_printf(&to, "/admin/import/run?upload=%s&name=", token);
	/* the file's name, percent-encoded for the query */
	for (const unsigned char *p =
	         (const unsigned char *)req_form(r, UPLOAD_NAME_FIELD);
	     *p && to.len < 400; p++)
		buf_printf(&to,
		    strchr("-._~", *p) || (*p < 0x80 && isalnum(*p)) ? "%c"
		                                                     : "%%%02X",
		    *p);
	resp_redirect(r, arena_strdup(&r->arena, to.data));
	buf_free(&to);
}

/* Fill the column table: each heading with its field chosen. */
static void
fill_columns(tmpl_dict *d, const struct import_report *rep)
{
	for (int i = 0; i < rep->columns; i++) {
		tmpl_dict *c = tmpl_add_section(d, "COLUMN");
		tmpl_set_int(c, "N", i + 1);
		tmpl_set_str(c, "HEADING", rep->heading[i]);
		if (!rep->known[i])
			tmpl_show_section(c, "UNKNOWN");
		for (int f = 0; f < IF__N; f++) {
			tmpl_dict *o = tmpl_add_section(c, "FIELD_OPTION");
			tmpl_set_str(o, "VALUE", import_field_name(f));
			if (rep->field[i] == (enum import_field)f)
				tmpl_show_section(o, "SELECTED");
		}
	}
}

/* The stage names to map, each with the stages to map it to. */
static void
fill_stages(struct req *r, tmpl_dict *d, const struct import_report *rep,
    const struct choices *ch)
{
	struct stages all;
	/* A file refused before its rows were read names no stages: the
	 * ones the form sent stay, as chosen. */
	bool posted = rep->nunknown_stages == 0;
	int n = posted ? ch->nposted : rep->nunknown_stages;
	if (n == 0 || !page_load_stages(r, &all))
		return;
	tmpl_dict *box = tmpl_add_section(d, "STAGES");
	for (int k = 0; k < n; k++) {
		const char *name = posted ? ch->posted_stage[k]
		                          : rep->unknown_stage[k].name;
		tmpl_dict *s = tmpl_add_section(box, "STAGE");
		tmpl_set_int(s, "K", k);
		tmpl_set_str(s, "NAME", name);
		if (!posted)
			page_set_count(s, "ROWS", rep->unknown_stage[k].rows,
			    "row", "rows");
		int64_t chosen = 0;
		for (int i = 0; i < ch->nstages; i++)
			if (strcmp(ch->stage[i].name, name) == 0)
				chosen = ch->stage[i].stage_id;
		for (int i = 0; i < all.n; i++) {
			tmpl_dict *o = tmpl_add_section(s, "STAGE_OPTION");
			tmpl_set_int(o, "ID", all.list[i].id);
			tmpl_set_str(o, "NAME", all.list[i].name);
			if (all.list[i].id == chosen)
				tmpl_show_section(o, "SELECTED");
		}
	}
}

struct owner_fill {
	tmpl_dict *d;
	int64_t chosen;
};

static int
add_owner_option(const struct user *u, void *arg)
{
	struct owner_fill *of = arg;
	if (!u->active)
		return 0;
	tmpl_dict *o = tmpl_add_section(of->d, "OWNER_OPTION");
	tmpl_set_int(o, "ID", u->id);
	tmpl_set_str(o, "NAME", u->name);
	if (u->id == of->chosen)
		tmpl_show_section(o, "SELECTED");
	return 0;
}

static void
fill_problems(tmpl_dict *d, const struct import_report *rep)
{
	if (rep->nproblems == 0)
		return;
	tmpl_dict *box = tmpl_add_section(d, "PROBLEMS");
	for (int i = 0; i < rep->nproblems; i++) {
		tmpl_dict *p = tmpl_add_section(box, "PROBLEM");
		tmpl_set_int(p, "ROW", rep->problem[i].row);
		tmpl_set_int(p, "COLUMN", rep->problem[i].column);
		tmpl_set_str(p, "HEADING", rep->problem[i].heading);
		tmpl_set_str(p, "MESSAGE", rep->problem[i].message);
	}
	if (rep->errors > rep->nproblems)
		tmpl_show_section(box, "MORE");
}

/* The name the browser gave the file: the query's on the first
 * preview, the form's after. */
static const char *
file_name(const struct req *r)
{
	const char *name = req_form(r, UPLOAD_NAME_FIELD);
	return *name ? name : req_query(r, "name");
}

static void
render_preview(struct req *r, int status, const char *token,
    const struct import_report *rep, const struct choices *ch)
{
	tmpl_dict *d = page_begin(r, "Import deals: preview",
	    "admin_import.tpl");
	tmpl_dict *p = tmpl_add_section(d, "PREVIEW");
	tmpl_set_str(p, "UPLOAD", token);
	tmpl_set_str(p, "FILE_NAME", file_name(r));
	if (rep->fatal[0]) {
		tmpl_dict *f = tmpl_add_section(p, "REFUSED");
		tmpl_set_str(f, "MESSAGE", rep->fatal);
	} else {
		tmpl_dict *s = tmpl_add_section(p, "SUMMARY");
		tmpl_set_str(s, "ENCODING",
		    import_csv_encoding_name(rep->shape.encoding));
		tmpl_set_str(s, "SEPARATOR",
		    import_csv_separator_name(rep->shape.separator));
		tmpl_set_str(s, "SOURCE", rep->source);
		tmpl_set_int(s, "CREATE", rep->created);
		tmpl_set_int(s, "UPDATE", rep->updated);
		tmpl_set_int(s, "UNCHANGED", rep->unchanged);
		tmpl_set_int(s, "ERRORS", rep->errors);
		tmpl_set_int(p, "WRITES", rep->created + rep->updated);
		tmpl_show_section(p, "CAN_IMPORT");
	}
	fill_columns(p, rep);
	fill_stages(r, p, rep, ch);
	struct owner_fill of = { p, ch->default_owner };
	user_each(r->db, add_owner_option, &of);
	fill_problems(p, rep);
	page_finish(r, status);
}

/* The choices from the preview form (absent on the first preview). */
static void
read_choices(struct req *r, struct choices *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->default_owner = strtoll(req_form(r, "default_owner"), NULL, 10);
	for (int i = 0; i < IMPORT_COLUMNS_MAX; i++) {
		char name[32];
		snprintf(name, sizeof(name), "heading_%d", i + 1);
		const char *heading = req_form(r, name);
		snprintf(name, sizeof(name), "col_%d", i + 1);
		int f = import_field_from_name(req_form(r, name));
		if (*heading == '\0' || f < 0)
			continue;
		str_copy(ch->map_heading[ch->nmap], sizeof(ch->map_heading[0]),
		    heading);
		ch->map[ch->nmap].heading = ch->map_heading[ch->nmap];
		ch->map[ch->nmap++].field = (enum import_field)f;
	}
	for (int k = 0; k < IMPORT_UNKNOWN_KEPT; k++) {
		char name[32];
		snprintf(name, sizeof(name), "stage_name_%d", k);
		const char *stage = req_form(r, name);
		snprintf(name, sizeof(name), "stage_%d", k);
		int64_t id = strtoll(req_form(r, name), NULL, 10);
		if (*stage)
			ch->posted_stage[ch->nposted++] = stage;
		if (*stage && id > 0) {
			ch->stage[ch->nstages].name = stage;
			ch->stage[ch->nstages++].stage_id = id;
		}
	}
}

/* Run the import (or its preview) of the upload token names. */
static int
run(struct req *r, const char *path, const struct choices *ch, bool dry_run,
    struct import_report *rep)
{
	struct import_options o = { .currency = cfg.currency,
		.default_owner = ch->default_owner,
		.actor_id = r->session.user.id,
		.dry_run = dry_run,
		.map = ch->map,
		.nmap = ch->nmap,
		.stages = ch->stage,
		.nstages = ch->nstages,
		.now = r->now };
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The uploaded file is gone; upload it again.");
		return -1;
	}
	int rc = import_deals(r->db, f, file_name(r), &o, rep);
	fclose(f);
	return rc;
}

/*
 * GET /admin/import/run?upload=TOKEN - the preview of an upload.  200;
 * 404 for an upload that is not there (imported, or over a day old).
 */
void
h_admin_import_run_get(struct req *r)
{
	const char *token = req_query(r, "upload");
	char path[700];
	if (!upload_path(token, path, sizeof(path))) {
		resp_error(r, 404);
		return;
	}
	struct choices *ch = arena_alloc(&r->arena, sizeof(*ch));
	memset(ch, 0, sizeof(*ch));
	struct import_report *rep = arena_alloc(&r->arena, sizeof(*rep));
	run(r, path, ch, true, rep);
	render_preview(r, 200, token, rep, ch);
}

/*
 * POST /admin/import/run - with action=preview, the preview again
 * with the chosen mapping (200, or 422 when the file is refused as
 * mapped); with action=import, the import: 303 to the team page with
 * what it did, or 422 with the choices kept when the file is refused.
 */
void
h_admin_import_run_post(struct req *r)
{
	const char *token = req_form(r, "upload");
	char path[700];
	if (!upload_path(token, path, sizeof(path))) {
		resp_error(r, 404);
		return;
	}
	struct choices *ch = arena_alloc(&r->arena, sizeof(*ch));
	read_choices(r, ch);
	struct import_report *rep = arena_alloc(&r->arena, sizeof(*rep));
	bool doit = strcmp(req_form(r, "action"), "import") == 0;
	int rc = run(r, path, ch, !doit, rep);
	if (rc != 0 || !doit) {
		render_preview(r, rc != 0 ? 422 : 200, token, rep, ch);
		return;
	}
	upload_drop(token);
	char flash[200];
	snprintf(flash, sizeof(flash),
	    "Imported: %ld created, %ld updated, %ld unchanged, %ld rows "
	    "left out.",
	    rep->created, rep->updated, rep->unchanged, rep->errors);
	session_flash(r, flash);
	resp_redirect(r, "/team");
}
