/*
 * deal_page.h - what the deal page's handlers share: h_deals.c owns
 * the page; h_playbook.c adds the exit-criteria checklist and the
 * job-aid forms to it.
 */
#ifndef GW_DEAL_PAGE_H
#define GW_DEAL_PAGE_H

#include "form.h"
#include "req.h"

/* The forms on the deal page, any of which may come back with errors. */
struct deal_forms {
	const struct form *edit;    /* the edit form as typed, or NULL */
	const struct form *move;    /* the move form as typed, or NULL */
	const struct form *close;   /* the close form as typed, or NULL */
	const struct form *tick;    /* a tick form as typed, or NULL */
	const struct form *aid;     /* the job-aid use form, or NULL */
	const char *problem;        /* a message for the whole page */
};

/* Load the {id} deal for a change by its owner; answers 404 (or 500)
 * and returns false otherwise. */
bool deal_page_load_own(struct req *r, struct stages *s, struct deal *deal);

/* Render the deal page with the given status and forms. */
void deal_page_render(struct req *r, int status, const struct stages *s,
    const struct deal *deal, const struct deal_forms *forms);

/* Commit the open transaction with a flash and 303 to the deal, or
 * answer 404/500 for rc. */
void deal_page_commit(struct req *r, int rc, const char *flash, int64_t id);

/* Audit a change to a deal. */
int deal_page_audit(struct req *r, const char *action, int64_t id,
    const char *detail);

/* --- h_playbook.c ------------------------------------------------ */

/* Add the checklist, the skip badge and the job-aid parts to the deal
 * page dictionary d.  Returns false after answering 500. */
bool playbook_fill_deal(struct req *r, tmpl_dict *d,
    const struct stages *s, const struct deal *deal, bool owner,
    const struct deal_forms *forms);

/*
 * The active criteria of the deal's stage that are not ticked, all of
 * them: *ids (when ids is not NULL) becomes their ids comma-separated,
 * in the request's arena, and when list is not NULL it gets a SKIPPED
 * section per criterion.  Returns the count, or -1 on a database error.
 */
int playbook_unticked(struct req *r, const struct deal *deal,
    const char **ids, tmpl_dict *list);

#endif
