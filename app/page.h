/*
 * page.h - pages share one layout (views/layout.tpl): the top bar with
 * the pages this role may use, the flash message, and the body
 * template, which is an include filled by the handler.
 */
#ifndef GW_PAGE_H
#define GW_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "req.h"

struct stages;

/*
 * Start a page: returns the body dictionary for body_tpl, owned by
 * the request.  Sets CSRF (for hidden form fields) in it.
 */
tmpl_dict *page_begin(struct req *r, const char *title, const char *body_tpl);

/* Expand the layout into r->body with the given status.  On failure
 * logs and leaves r->sent false. */
void page_finish(struct req *r, int status);

/* Expand body_tpl alone with d, for a body kept to be sent again
 * (page_cache.h).  Returns malloc'd HTML, or NULL after logging. */
char *page_render_body(const char *body_tpl, tmpl_dict *d, size_t *len);

/* Send body (from page_render_body) inside this request's layout:
 * its own top bar, sign-out form and flash.  On failure logs and
 * leaves r->sent false. */
void page_finish_body(struct req *r, int status, const char *title,
    const char *body, size_t len);

/* Have the browser load the page again after seconds (a meta refresh,
 * which works without JavaScript): a page that follows work running
 * elsewhere.  Call between page_begin() and page_finish(). */
void page_refresh(struct req *r, int seconds);

/* Drop a page that was begun but will not be sent. */
void page_discard(struct req *r);

/* Write value into d under key, replacing invalid UTF-8 with U+FFFD,
 * so typed input can always be shown back safely. */
void page_set_text(tmpl_dict *d, const char *key, const char *value,
    size_t len);

/* Format an amount of whole units with thousands separators. */
void page_format_count(char *out, size_t size, long long n);

/* d[key] = "38% · 5 of 13": a share always with the counts behind it,
 * rounded to the nearest percent; "— · 0 of 0" when den is 0. */
void page_set_share(tmpl_dict *d, const char *key, int64_t num, int64_t den);

/* The same share in two parts, for a tile: *value "38%" ("—" when den
 * is 0) and *count "5 of 13", both in r's arena. */
void page_share_parts(struct req *r, int64_t num, int64_t den,
    const char **value, const char **count);

/* d["AS_OF"] = "14:32 UTC": the minute the figures are of, in the
 * reader's own zone ("20:02 IST"). */
void page_set_as_of(tmpl_dict *d, const struct req *r);

/* d[key] = an amount of minor units in whole units of the deployment's
 * currency, with thousands separators (the team pages and /org). */
/* minor as whole units of the configured currency, into text. */
void page_format_money(char *text, size_t size, int64_t minor);
void page_set_money(tmpl_dict *d, const char *key, int64_t minor);

/* d[key] = "n noun": n with thousands separators, the noun one or
 * many as plural() picks ("1 day", "1,204 deals"). */
void page_set_count(tmpl_dict *d, const char *key, long long n, const char *one,
    const char *many);

/*
 * A deal's next step as every page shows it: views/next_step.tpl,
 * included as key in d.  text and due (YYYY-MM-DD or "") are the
 * deal's; while the deal is open (open) the step is marked overdue
 * (with how late) or due today against today, and a missing one reads
 * "No next step".  Returns true when an open deal has none.
 */
bool page_next_step(tmpl_dict *d, const char *key, const char *text,
    const char *due, const char *today, bool open);

/* Load every stage (stage_list_all); answers 500 and returns false on
 * failure. */
bool page_load_stages(struct req *r, struct stages *s);

/* The time t as "YYYY-MM-DD HH:MM" in the configured zone. */
void page_format_time(char *out, size_t size, int64_t t);

#endif
