/*
 * deal_page.h - the deal page (deal_page.c), which the deal handlers
 * share: h_deals.c (edit, move, close, reopen) and h_deal_playbook.c
 * (ticks, verification, job-aid use) render it and finish their forms
 * through here, and never call each other.
 */
#ifndef GW_DEAL_PAGE_H
#define GW_DEAL_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "form.h"
#include "req.h"

/* The forms on the deal page, any of which may come back with errors. */
struct deal_forms {
	const struct form *edit;       /* the edit form as typed, or NULL */
	const struct form *move;       /* the move form as typed, or NULL */
	const struct form *close;      /* the close form as typed, or NULL */
	const struct form *tick;       /* a tick form as typed, or NULL */
	const struct form *aid;        /* the job-aid use form, or NULL */
	const struct form *step;       /* "Done - what's next?", or NULL */
	const struct form *reschedule; /* the reschedule form, or NULL */
	const char *problem;           /* a message for the whole page */
};

/* Load the {id} deal if the viewer may see it; answers 404 (or 500)
 * and returns false otherwise. */
bool deal_page_load(struct req *r, struct deal *deal);

/* Load every stage and the {id} deal for a change by its owner;
 * answers 404 (or 500) and returns false otherwise. */
bool deal_page_load_own(struct req *r, struct stages *s, struct deal *deal);

/* Render the deal page with the given status and forms (NULL: none
 * came back). */
void deal_page_render(struct req *r, int status, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms);

/* Commit the open transaction with a flash and 303 to the deal, or
 * roll back and answer 404 (DB_NOTFOUND) or 500 for rc. */
void deal_page_commit(struct req *r, int rc, const char *flash, int64_t id);

/* The same, going to the page at path to (a constant). */
void deal_page_commit_to(struct req *r, int rc, const char *flash,
    const char *to);

/* Audit a change to a deal by the signed-in user. */
int deal_page_audit(struct req *r, const char *action, int64_t id,
    const char *detail);

/*
 * The active criteria of the deal's stage that are not ticked, all of
 * them: *ids (when ids is not NULL) becomes their ids comma-separated,
 * in the request's arena, and when list is not NULL it gets an
 * UNTICKED section with a SKIPPED section per criterion.  Returns the
 * count, or -1 on a database error.
 */
int deal_page_unticked(struct req *r, const struct deal *deal, const char **ids,
    tmpl_dict *list);

/* A new next step is due from today to this many years ahead. */
#define DEAL_PAGE_STEP_YEARS 2

/* The next-step rules on f's next and next_due: a due date
 * needs a text, and a new step is due from today to two years ahead (a
 * date in the past is refused); need_text when the form has nothing
 * to do without one. */
void deal_page_check_step(struct req *r, struct form *f, bool need_text);

/* In the open transaction: close the deal's open step (if any) with
 * outcome, then open the next one when text is set, auditing each
 * with its values.  A db_rc. */
int deal_page_step_next(struct req *r, const struct deal *deal,
    const char *outcome, const char *text, const char *due);

/* In the open transaction: the open step's new due date, audited with
 * the old one.  A db_rc (DB_NOTFOUND: no open step). */
int deal_page_step_reschedule(struct req *r, const struct deal *deal,
    const char *due);

/* The fields an edit may change. */
#define DEAL_PAGE_EDIT_FIELDS 8

/*
 * What an edit changes, field by field, with the values as stored (an
 * amount in minor units): the changes into out (room for
 * DEAL_PAGE_EDIT_FIELDS), *fields the changed fields as the timeline
 * names them ("amount, title"), *detail each change as the audit log
 * says it ("amount: $20,000 → $250,000").  Strings are the request's
 * (arena) or the deals'.  Returns how many fields changed.
 */
int deal_page_edit_changes(struct req *r, const struct deal *before,
    const struct deal *after, struct field_change *out, const char **fields,
    const char **detail);

/* --- pieces My deals and the new-deal form share with the page ---- */

/* STAGE_NAME, STAGE_RANK (its colour) and STAGE_FAMILY (early/late). */
void deal_page_set_stage(tmpl_dict *d, const struct stages *s,
    int64_t stage_id);

/* The deal's amount with its currency under key, "—" when unknown. */
void deal_page_set_amount(tmpl_dict *d, const char *key,
    const struct deal *deal);

/* The next step as every page shows it (page_next_step), and a
 * NO_NEXT_STEP section when an open deal has none. */
void deal_page_set_next_step(tmpl_dict *d, const char *today,
    const struct deal *deal);

/* "N days in stage", in a DAYS section. */
void deal_page_set_days(tmpl_dict *d, int days);

/* STAGE_OPTION sections for the active stages but except (0: none),
 * the chosen one SELECTED. */
void deal_page_stage_options(tmpl_dict *d, const struct stages *s,
    int64_t chosen, int64_t except);

#endif
