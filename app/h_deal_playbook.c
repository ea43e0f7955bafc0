/*
 * h_deal_playbook.c - the stage playbook on the deal page: a rep ticks
 * and unticks exit criteria with evidence and logs the job-aids they
 * used, and a manager verifies a tick on their team's deals.  Each form
 * answers through deal_page.c: 303 back to the deal, or the page again
 * with the form as typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_deal.h"
#include "db_playbook.h"
#include "deal_page.h"
#include "page.h"
#include "resp.h"
#include "route.h"

static const struct field tick_fields[] = {
	{ "criterion_id", "Criterion", 19, true, valid_id_or_empty },
	{ "evidence", "Evidence", EVIDENCE_MAX, false, NULL },
};

static const struct field untick_fields[] = {
	{ "criterion_id", "Criterion", 19, true, valid_id_or_empty },
};

static const char *
valid_outcome(const char *v)
{
	return aid_outcome_from_name(v) < 0 ? "Choose how it went." : NULL;
}

static const struct field aid_use_fields[] = {
	{ "aid_id", "Job-aid", 19, true, valid_id_or_empty },
	{ "outcome", "Did it help?", 12, true, valid_outcome },
	{ "note", "Note", DEAL_NOTE_MAX, false, NULL },
};

/*
 * POST /deals/{id}/tick - tick a criterion of the deal's current stage
 * with optional evidence.  303 with "Ticked"; 422 with the evidence kept;
 * 404 if the deal is not the rep's.
 */
void
h_deal_tick_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, tick_fields, GW_ARRAY_LEN(tick_fields));
	int64_t cid = strtoll(form_value(&f, "criterion_id"), NULL, 10);
	struct criterion cr;
	/* Problems with the criterion itself have no form to sit beside:
	 * they are said at the top of the page. */
	const char *problem = NULL;
	if (deal.status != DEAL_OPEN)
		problem = "This deal is closed; reopen it to tick its criteria.";
	else if (criterion_get(r->db, cid, &cr) != DB_OK ||
	         cr.stage_id != deal.stage_id || !cr.active)
		problem = "That criterion is not on this stage's checklist.";
	if (problem || f.errors) {
		struct deal_forms forms = { .tick = &f, .problem = problem };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_tick(r->db, deal.id, r->session.user.id, cid,
	    form_value(&f, "evidence"), r->now);
	if (rc == DB_CONFLICT) {
		db_tx_rollback(r->db);
		struct deal_forms forms = {
			.problem = "That criterion is already "
			           "ticked."
		};
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-tick", deal.id, cr.text);
	deal_page_commit(r, rc, "Ticked.", deal.id);
}

/*
 * POST /deals/{id}/untick - take a tick back (it stays in history).
 * 303; 422 if it was not ticked; 404 if the deal is not the rep's.
 */
void
h_deal_untick_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, untick_fields, GW_ARRAY_LEN(untick_fields));
	int64_t cid = strtoll(form_value(&f, "criterion_id"), NULL, 10);
	if (f.errors) {
		struct deal_forms forms = {
			.problem = "Choose a ticked criterion."
		};
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = deal_untick(r->db, deal.id, r->session.user.id, cid, r->now);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		struct deal_forms forms = { .problem = "That criterion was not "
			                               "ticked." };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	char detail[32];
	snprintf(detail, sizeof(detail), "criterion %lld", (long long)cid);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-untick", deal.id, detail);
	deal_page_commit(r, rc, "Tick removed.", deal.id);
}

/*
 * POST /deals/{id}/verify - a manager confirms a tick on a deal of
 * their team (the buyer really did it).  303 with "Verified"; 404 for a
 * deal outside their team; 422 when there is no unverified tick.
 */
void
h_deal_verify_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	struct viewer v = { r->session.user.id, r->session.user.role,
		r->session.user.team_id };
	if (!page_load_stages(r, &s))
		return;
	int rc = deal_get(r->db, r->path_id, &v, &deal);
	if (rc == DB_NOTFOUND ||
	    (rc == DB_OK && deal.team_id != r->session.user.team_id)) {
		resp_error(r, 404);
		return;
	}
	if (rc != DB_OK) {
		resp_internal(r, "loading a deal failed");
		return;
	}
	int64_t cid = strtoll(req_form(r, "criterion_id"), NULL, 10);
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	rc = deal_verify_tick(r->db, deal.id, r->session.user.team_id,
	    r->session.user.id, cid, r->now);
	if (rc == DB_NOTFOUND) {
		db_tx_rollback(r->db);
		struct deal_forms forms = {
			.problem = "There is no unverified tick "
			           "of that criterion."
		};
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	char detail[32];
	snprintf(detail, sizeof(detail), "criterion %lld", (long long)cid);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-verify", deal.id, detail);
	deal_page_commit(r, rc, "Verified.", deal.id);
}

/*
 * POST /deals/{id}/aids - log that the rep used a job-aid on this deal
 * and whether it helped.  303; 422 with the form kept; 404 if the deal
 * is not the rep's.  Retired aids cannot be logged.
 */
void
h_deal_aid_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, aid_use_fields, GW_ARRAY_LEN(aid_use_fields));
	int64_t aid_id = strtoll(form_value(&f, "aid_id"), NULL, 10);
	struct job_aid *aid = arena_alloc(&r->arena, sizeof(*aid));
	if (f.errors == 0 &&
	    (aid_get(r->db, aid_id, aid) != DB_OK || !aid->active))
		form_fail(&f, "aid_id", "Choose one of the listed job-aids.");
	const char *
	    problem = deal.status != DEAL_OPEN
	                  ? "This deal is closed; reopen it to log job-aid uses."
	                  : NULL;
	if (problem || f.errors) {
		struct deal_forms forms = { .aid = &f, .problem = problem };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	enum aid_outcome outcome = (enum aid_outcome)
	    aid_outcome_from_name(form_value(&f, "outcome"));
	if (db_tx_begin(r->db) != DB_OK) {
		resp_internal(r, "cannot begin");
		return;
	}
	int rc = aid_use_add(r->db, deal.id, r->session.user.id, aid_id,
	    outcome, form_value(&f, "note"), r->now);
	char detail[600];
	snprintf(detail, sizeof(detail), "%s: %s", aid->title,
	    aid_outcome_name(outcome));
	if (rc == DB_OK)
		rc = deal_page_audit(r, "deal-aid-use", deal.id, detail);
	deal_page_commit(r, rc, "Job-aid use logged.", deal.id);
}
