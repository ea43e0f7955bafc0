/*
 * db_import.c - imported deals, stage aliases, reassigning deals and
 * duplicate candidates.  All the writes an import or a reassignment
 * makes to deals and their history are here, each inside the caller's
 * transaction.
 */
#include "db_import.h"

#include <stdlib.h>
#include <string.h>

#include "db_coach.h"
#include "db_internal.h"
#include "db_step.h"
#include "util.h"

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_amount(sqlite3_stmt *st, int i, const struct deal *d)
{
	if (d->has_amount)
		sqlite3_bind_int64(st, i, d->amount);
	else
		sqlite3_bind_null(st, i);
}

/* One imported stage_changes row. */
static int
imported_change(struct db *db, int64_t deal_id, int64_t from_stage,
    const char *from_status, const struct deal *d, int64_t by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_IMPORT_CHANGE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, from_stage);
	sqlite3_bind_int64(st, 3, d->stage_id);
	bind_text(st, 4, from_status);
	bind_text(st, 5, deal_status_name(d->status));
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, by);
	bind_text(st, 8, "");
	return db_step_done(db, st);
}

static int
import_insert(struct db *db, struct deal *d, const char *source,
    const char *source_id, int64_t by, int64_t created, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_IMPORT_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, d->owner_id);
	sqlite3_bind_int64(st, 2, d->team_id);
	bind_text(st, 3, d->company);
	bind_text(st, 4, d->contact);
	bind_text(st, 5, d->title);
	bind_amount(st, 6, d);
	bind_text(st, 7, d->currency);
	bind_text(st, 8, d->source);
	bind_text(st, 9, d->expected_close);
	bind_text(st, 10, d->next_step);
	bind_text(st, 11, d->next_step_due);
	sqlite3_bind_int64(st, 12, d->stage_id);
	bind_text(st, 13, deal_status_name(d->status));
	bind_text(st, 14, d->lost_reason);
	sqlite3_bind_int64(st, 15, now);
	bind_text(st, 16, source);
	bind_text(st, 17, source_id);
	sqlite3_bind_int64(st, 18, created);
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	d->id = sqlite3_last_insert_rowid(db->conn);
	return imported_change(db, d->id, 0, "open", d, by, created);
}

/* The fields; 1 when the row changed, 0 when it was as given. */
static int
import_update_fields(struct db *db, const struct deal *d, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_IMPORT_UPDATE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, d->owner_id);
	sqlite3_bind_int64(st, 3, d->team_id);
	bind_text(st, 4, d->company);
	bind_text(st, 5, d->contact);
	bind_text(st, 6, d->title);
	bind_amount(st, 7, d);
	bind_text(st, 8, d->source);
	bind_text(st, 9, d->expected_close);
	bind_text(st, 10, d->next_step);
	bind_text(st, 11, d->next_step_due);
	bind_text(st, 12, d->lost_reason);
	sqlite3_bind_int64(st, 13, now);
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	return sqlite3_changes(db->conn) > 0;
}

/* A new stage or status: the deal moves, and its history says so. */
static int
import_restage(struct db *db, const struct deal *d, int64_t was_stage,
    const char *was_status, int64_t by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_IMPORT_RESTAGE);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, d->stage_id);
	bind_text(st, 3, deal_status_name(d->status));
	sqlite3_bind_int64(st, 4, now);
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	return imported_change(db, d->id, was_stage, was_status, d, by, now);
}

int
imported_deal_write(struct db *db, struct deal *d, const char *source,
    const char *source_id, int64_t by, int64_t created, int64_t now,
    enum import_outcome *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_IMPORT_FIND);
	if (st == NULL)
		return DB_ERROR;
	bind_text(st, 1, source);
	bind_text(st, 2, source_id);
	int step = sqlite3_step(st);
	int64_t was_stage = 0;
	char was_status[8] = "";
	if (step == SQLITE_ROW) {
		d->id = sqlite3_column_int64(st, 0);
		was_stage = sqlite3_column_int64(st, 1);
		db_col_text(st, 2, was_status, sizeof(was_status));
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		db_log_error(db, "find imported deal");
		return DB_ERROR;
	}
	if (by == 0)
		by = d->owner_id;
	if (step == SQLITE_DONE) {
		*out = IMPORT_CREATED;
		int rc = import_insert(db, d, source, source_id, by, created,
		    now);
		return rc == DB_OK ? step_follow_import(db, d->id, d->owner_id,
		                         d->next_step, d->next_step_due, now)
		                   : rc;
	}
	int changed = import_update_fields(db, d, now);
	if (changed < 0)
		return DB_ERROR;
	bool moved = was_stage != d->stage_id ||
	             strcmp(was_status, deal_status_name(d->status)) != 0;
	if (moved &&
	    import_restage(db, d, was_stage, was_status, by, now) != DB_OK)
		return DB_ERROR;
	*out = changed || moved ? IMPORT_UPDATED : IMPORT_UNCHANGED;
	/* The next step's trail and the coaching item follow the row. */
	return *out == IMPORT_UPDATED
	           ? step_follow_import(db, d->id, d->owner_id, d->next_step,
	                 d->next_step_due, now)
	           : DB_OK;
}

int
stage_alias_each(struct db *db,
    int (*fn)(const char *name, int64_t stage_id, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_ALIAS_LIST);
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (fn(name ? name : "", sqlite3_column_int64(st, 1), arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "stage aliases");
		return DB_ERROR;
	}
	return DB_OK;
}

int
stage_alias_set(struct db *db, const char *name, int64_t stage_id)
{
	sqlite3_stmt *st = db_stmt(db, ST_ALIAS_SET);
	if (st == NULL)
		return DB_ERROR;
	bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, stage_id);
	return db_step_done(db, st);
}

/* The owner edit in a moved deal's timeline. */
static int
owner_edit(struct db *db, int64_t deal_id, const char *from_name,
    const char *to_name, int64_t by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_EDIT_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, deal_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, by);
	bind_text(st, 4, "owner");
	int rc = db_step_done(db, st);
	if (rc != DB_OK)
		return rc;
	int64_t edit_id = sqlite3_last_insert_rowid(db->conn);
	st = db_stmt(db, ST_EDIT_VALUE_INSERT);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, edit_id);
	sqlite3_bind_int(st, 2, 0);
	bind_text(st, 3, "owner");
	bind_text(st, 4, from_name);
	bind_text(st, 5, to_name);
	return db_step_done(db, st);
}

struct id_list {
	int64_t *ids;
	int n, cap;
};

static int
add_id(sqlite3_stmt *st, void *arg)
{
	struct id_list *l = arg;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->ids = xrealloc(l->ids, (size_t)l->cap * sizeof(*l->ids));
	}
	l->ids[l->n++] = sqlite3_column_int64(st, 0);
	return 0;
}

int
deals_reassign(struct db *db, int64_t from_id, const char *from_name,
    int64_t to_id, const char *to_name, int64_t to_team, const int64_t *ids,
    int n, int64_t by, int64_t now, int *moved)
{
	*moved = 0;
	if (by == 0) /* the command line: recorded as the receiving rep's */
		by = to_id;
	struct id_list all = { NULL, 0, 0 };
	if (n == 0) {
		sqlite3_stmt *st = db_stmt(db, ST_REASSIGN_LIST);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, from_id);
		if (db_each(db, st, add_id, &all, "open deals of a rep") !=
		    DB_OK) {
			free(all.ids);
			return DB_ERROR;
		}
		ids = all.ids;
		n = all.n;
	}
	int rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		sqlite3_stmt *st = db_stmt(db, ST_REASSIGN_ONE);
		if (st == NULL) {
			rc = DB_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int64(st, 2, from_id);
		sqlite3_bind_int64(st, 3, to_id);
		sqlite3_bind_int64(st, 4, to_team);
		sqlite3_bind_int64(st, 5, now);
		rc = db_step_done(db, st);
		if (rc == DB_OK && sqlite3_changes(db->conn) > 0) {
			(*moved)++;
			rc = owner_edit(db, ids[i], from_name, to_name, by,
			    now);
			/* The item moves to the new rep (and team). */
			if (rc == DB_OK)
				rc = coach_item_refresh_deal(db, ids[i], now);
		}
	}
	free(all.ids);
	return rc;
}

int
duplicate_candidates(struct db *db, int64_t team_id, const char *prefix,
    int (*fn)(const struct duplicate *, void *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_DUPLICATE_CANDIDATES);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	bind_text(st, 2, prefix);
	struct duplicate d;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		d.deal_id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, d.company, sizeof(d.company));
		db_col_text(st, 2, d.owner_name, sizeof(d.owner_name));
		if (fn(&d, arg) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log_error(db, "duplicate candidates");
		return DB_ERROR;
	}
	return DB_OK;
}
