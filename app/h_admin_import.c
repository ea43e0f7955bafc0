/*
 * h_admin_import.c - /admin/import: an admin uploads a CSV file of
 * deals, sees what it would do (the counts, every problem with its row
 * and column), maps the headings and stage names Groundwork does not
 * know, and confirms.  The preview is the import itself, rolled back,
 * so its counts are exactly what the import does; nothing is written
 * before the confirmation, and then everything in one transaction.
 *
 * Both run as a job of their own (import_job.c), never inside the
 * request: a POST starts the job and answers 303 to the upload's page,
 * /admin/import/run?upload=TOKEN, which shows where the job stands and
 * loads itself again every two seconds until it has finished, then
 * shows the preview, or after an import goes on to the team page.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db_account.h"
#include "db_deal.h"
#include "import.h"
#include "import_job.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "session.h"
#include "upload.h"
#include "util.h"

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
 * keep the file and start its preview.  303 to the upload's page; 422
 * with a message when no file came or it is empty.
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
	if (import_job_start(token, IMPORT_JOB_PREVIEW, &r->form,
	        r->session.user.id, r->now) < 0) {
		resp_internal(r, "starting an import's preview failed");
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
    const struct import_job_choices *ch)
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

static void
render_preview(struct req *r, int status, const char *token,
    const struct import_report *rep, const struct import_job_choices *ch)
{
	tmpl_dict *d = page_begin(r, "Import deals: preview",
	    "admin_import.tpl");
	tmpl_dict *p = tmpl_add_section(d, "PREVIEW");
	tmpl_set_str(p, "UPLOAD", token);
	tmpl_set_str(p, "FILE_NAME", ch->file_name);
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

/* A file name or a count of the job's. */
static void
set_count(tmpl_dict *d, const char *key, long long n)
{
	char text[32];
	page_format_count(text, sizeof(text), n);
	tmpl_set_str(d, key, text);
}

/* The page of a job still running: what it does, how far it is, and a
 * refresh in two seconds.  200. */
static void
render_running(struct req *r, const struct import_job_status *st,
    const struct import_job_choices *ch)
{
	tmpl_dict *d = page_begin(r, "Import deals: working",
	    "admin_import.tpl");
	page_refresh(r, 2);
	tmpl_dict *j = tmpl_add_section(d, "RUNNING");
	int64_t pct = st->total > 0 ? st->bytes * 100 / st->total : 0;
	pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
	bool saving = st->kind == IMPORT_JOB_IMPORT && st->total > 0 &&
	              st->bytes >= st->total;
	tmpl_set_str(j, "DOING",
	    saving                          ? "Saving the import"
	    : st->kind == IMPORT_JOB_IMPORT ? "Importing"
	                                    : "Previewing");
	tmpl_set_str(j, "FILE_NAME", ch->file_name);
	set_count(j, "ROWS", st->rows);
	tmpl_set_int(j, "PCT", pct);
	page_finish(r, 200);
}

/* The page of a job that ended without a report (the machine or the
 * service stopped it): say so, and offer to start again with the same
 * choices.  200. */
static void
render_died(struct req *r, const char *token, const struct kvlist *form,
    const struct import_job_status *st, const struct import_job_choices *ch)
{
	static const char *const internal[] = { "kind", "actor", "now",
		"currency" };
	tmpl_dict *d = page_begin(r, "Import deals: stopped",
	    "admin_import.tpl");
	tmpl_dict *j = tmpl_add_section(d, "DIED");
	tmpl_set_str(j, "WHAT",
	    st->kind == IMPORT_JOB_IMPORT ? "The import" : "The preview");
	tmpl_set_str(j, "FILE_NAME", ch->file_name);
	tmpl_set_str(j, "UPLOAD", token);
	for (size_t i = 0; i < form->n; i++) {
		bool keep = form->items[i].valid;
		for (size_t k = 0; k < GW_ARRAY_LEN(internal) && keep; k++)
			keep = strcmp(form->items[i].key, internal[k]) != 0;
		if (!keep)
			continue;
		tmpl_dict *f = tmpl_add_section(j, "KEPT");
		tmpl_set_str(f, "NAME", form->items[i].key);
		tmpl_set_str(f, "VALUE", form->items[i].val);
	}
	page_finish(r, 200);
}

/* A job that has finished: the preview (422 when the file was refused
 * as mapped), or after an import written, the upload dropped and 303
 * to the team page with what it did. */
static void
show_done(struct req *r, const char *token, const struct import_job_status *st,
    const struct import_report *rep, const struct import_job_choices *ch)
{
	if (st->kind != IMPORT_JOB_IMPORT || st->rc != 0) {
		render_preview(r, st->rc != 0 ? 422 : 200, token, rep, ch);
		return;
	}
	import_job_drop(token);
	char flash[200];
	snprintf(flash, sizeof(flash),
	    "Imported: %ld created, %ld updated, %ld unchanged, %ld rows "
	    "left out.",
	    rep->created, rep->updated, rep->unchanged, rep->errors);
	session_flash(r, flash);
	resp_redirect(r, "/team");
}

/* The job's state, after waiting up to half a second for one that
 * has not read anything yet, so that a small file's page comes without
 * a refresh.  A job on its way has shown progress: its page answers at
 * once rather than hold a worker on every reload. */
static void
job_state(const char *token, struct import_job_status *st,
    struct import_report *rep)
{
	import_job_status(token, st, rep);
	for (int i = 0;
	     i < 10 && st->state == IMPORT_JOB_RUNNING && st->bytes == 0; i++) {
		struct timespec pause = { 0, 50L * 1000 * 1000 };
		nanosleep(&pause, NULL);
		import_job_status(token, st, rep);
	}
}

/* An upload that has no job yet (a link from before this version, or
 * files swept) gets its first preview. */
static int
start_first_preview(struct req *r, const char *token)
{
	struct kvlist form = { arena_alloc(&r->arena, sizeof(struct kv)), 1 };
	form.items[0] = (struct kv){ .key = UPLOAD_NAME_FIELD,
		.val = req_query(r, "name"),
		.vlen = strlen(req_query(r, "name")),
		.valid = true };
	return import_job_start(token, IMPORT_JOB_PREVIEW, &form,
	    r->session.user.id, r->now);
}

/*
 * GET /admin/import/run?upload=TOKEN - the upload's page: while its
 * preview or import runs, where it stands (200, loading itself again
 * every two seconds); then the preview (200, or 422 when the file was
 * refused as mapped), or after an import, 303 to the team page with
 * what it did.  A job that died says so (200).  404 for an upload
 * that is not there (imported, or over a day old).
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
	struct import_report *rep = arena_alloc(&r->arena, sizeof(*rep));
	struct import_job_status st;
	import_job_status(token, &st, rep);
	if (st.state == IMPORT_JOB_NONE && start_first_preview(r, token) < 0) {
		resp_internal(r, "starting an import's preview failed");
		return;
	}
	job_state(token, &st, rep);
	struct kvlist form;
	struct import_job_choices *ch = arena_alloc(&r->arena, sizeof(*ch));
	if (!import_job_choices_load(&r->arena, token, &form, ch)) {
		memset(&form, 0, sizeof(form));
		memset(ch, 0, sizeof(*ch));
		ch->file_name = "";
	}
	if (st.state == IMPORT_JOB_DONE)
		show_done(r, token, &st, rep, ch);
	else if (st.state == IMPORT_JOB_DIED || st.state == IMPORT_JOB_NONE)
		render_died(r, token, &form, &st, ch);
	else
		render_running(r, &st, ch);
}

/*
 * POST /admin/import/run - start the preview again with the chosen
 * mapping (action=preview) or the import (action=import), then 303 to
 * the upload's page.  While a job of the upload runs, or once its
 * import is written, nothing is started: 303 to that job's page, so a
 * second click never imports twice.  404 for an upload that is not
 * there.
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
	bool doit = strcmp(req_form(r, "action"), "import") == 0;
	if (import_job_start(token,
	        doit ? IMPORT_JOB_IMPORT : IMPORT_JOB_PREVIEW, &r->form,
	        r->session.user.id, r->now) < 0) {
		resp_internal(r, "starting an import failed");
		return;
	}
	resp_redirect(r,
	    arena_printf(&r->arena, "/admin/import/run?upload=%s", token));
}
