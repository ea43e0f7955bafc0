/*
 * h_deal_steps.c - a deal's next steps from the deal page: "Done -
 * what's next?" closes the open step with how it went and sets the
 * next in one form, Reschedule moves the open step's due date, and
 * Reopen opens a done step again.  Only the deal's owner may; anyone
 * else gets 404 and nothing changes.  Each answers through deal_page.c:
 * 303 back to the deal, or the page again with the form as typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "db_deal.h"
#include "db_step.h"
#include "deal_page.h"
#include "resp.h"
#include "route.h"

static const char *
valid_date(const char *v)
{
	return date_problem(v);
}

static const struct field done_fields[] = {
	{ "outcome", "How did it go?", STEP_OUTCOME_MAX, false, NULL },
	{ "next", "What's next?", DEAL_STEP_MAX, false, NULL },
	{ "next_due", "Due", 10, false, valid_date },
};

static const struct field reschedule_fields[] = {
	{ "due", "New due date", 10, true, valid_date },
};

static const struct field reopen_fields[] = {
	{ "step_id", "Step", 19, true, valid_id_or_empty },
};

/* Begin the transaction, or answer 500; false when answered. */
static bool
begin(struct req *r)
{
	if (db_tx_begin(r->db) == DB_OK)
		return true;
	resp_internal(r, "cannot begin");
	return false;
}

/* A closed deal has no next steps to change: the page says so. */
static bool
refuse_closed(struct req *r, const struct stages *s, const struct deal *deal)
{
	if (deal->status == DEAL_OPEN)
		return false;
	struct deal_forms forms = {
		.problem = "A closed deal has no next steps; reopen it first."
	};
	deal_page_render(r, 422, s, deal, &forms);
	return true;
}

static bool
has_open_step(const struct deal *deal)
{
	return deal->next_step[0] || deal->next_step_due[0];
}

/*
 * POST /deals/{id}/step/done - close the open step with an optional
 * outcome and set the next one (its text, and a due date from today on)
 * in the same transaction.  With no open step it only sets the next.
 * 303 with "Done. Next step set."; 422 with everything typed kept; 404
 * if not the owner's.
 */
void
h_deal_step_done_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal) || refuse_closed(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, done_fields, GW_ARRAY_LEN(done_fields));
	/* With nothing open, the form only sets a step: it needs one. */
	deal_page_check_step(r, &f, !has_open_step(&deal));
	if (f.errors) {
		struct deal_forms forms = { .step = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	const char *next = form_value(&f, "next");
	if (!begin(r))
		return;
	int rc = deal_page_step_next(r, &deal, form_value(&f, "outcome"), next,
	    form_value(&f, "next_due"));
	deal_page_commit(r, rc,
	    !has_open_step(&deal) ? "Next step set."
	    : *next               ? "Done. Next step set."
	                          : "Done. What's next?",
	    deal.id);
}

/*
 * POST /deals/{id}/step/reschedule - a new due date for the open step,
 * from today to two years ahead.  303 with "Rescheduled"; 422 with the
 * date kept; 404 if not the owner's.
 */
void
h_deal_step_reschedule_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal) || refuse_closed(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, reschedule_fields, GW_ARRAY_LEN(reschedule_fields));
	char now[DATE_SIZE], last[DATE_SIZE];
	date_of(r->now, now);
	date_add_years(now, DEAL_PAGE_STEP_YEARS, last);
	const char *due = form_value(&f, "due");
	if (!has_open_step(&deal))
		form_fail(&f, "due",
		    "There is no open step to reschedule; set one first.");
	else if (f.errors == 0 && !date_within(due, now, last))
		form_fail(&f, "due",
		    arena_printf(&r->arena,
		        "Choose a due date from today (%s) to %s, two years "
		        "ahead.",
		        now, last));
	if (f.errors) {
		struct deal_forms forms = { .reschedule = &f };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (!begin(r))
		return;
	int rc = deal_page_step_reschedule(r, &deal, due);
	deal_page_commit(r, rc,
	    arena_printf(&r->arena, "Rescheduled to %s.", due), deal.id);
}

/*
 * POST /deals/{id}/step/reopen - open a done step of the deal again,
 * as a new open step with its text and due date; the done one stays in
 * the timeline.  303 with "Step reopened"; 422 when the deal has an
 * open step or the step is not one of its done steps; 404 if not the
 * owner's.
 */
void
h_deal_step_reopen_post(struct req *r)
{
	struct stages s;
	struct deal deal;
	if (!deal_page_load_own(r, &s, &deal) || refuse_closed(r, &s, &deal))
		return;
	struct form f;
	form_read(&f, r, reopen_fields, GW_ARRAY_LEN(reopen_fields));
	struct step done;
	const char *problem = NULL;
	int64_t id = strtoll(form_value(&f, "step_id"), NULL, 10);
	int rc = f.errors ? DB_NOTFOUND
	                  : step_done_get(r->db, id, deal.id, &done);
	if (rc == DB_ERROR) {
		resp_internal(r, "reading a step failed");
		return;
	}
	if (rc == DB_NOTFOUND)
		problem = "That is not a done step of this deal.";
	else if (has_open_step(&deal))
		problem = "Finish the open step first; a deal has one open "
		          "step at a time.";
	if (problem) {
		struct deal_forms forms = { .problem = problem };
		deal_page_render(r, 422, &s, &deal, &forms);
		return;
	}
	if (!begin(r))
		return;
	rc = step_reopen(r->db, done.id, deal.id, r->session.user.id, r->now);
	if (rc == DB_OK)
		rc = deal_page_audit(r, "step-reopen", deal.id,
		    *done.due ? arena_printf(&r->arena, "%s (due %s)",
		                    done.text, done.due)
		              : done.text);
	deal_page_commit(r, rc, "Step reopened.", deal.id);
}
