/*
 * calendar.h - the iCalendar feed of a user's open steps (calendar.c),
 * built by Debian's libical so that Groundwork writes no RFC 5545 by
 * hand: one all-day event a step, on its due date.
 */
#ifndef GW_CALENDAR_H
#define GW_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

/* One open step with a due date, as the feed shows it. */
struct calendar_step {
	int64_t deal_id;     /* the event's UID: one open step a deal */
	const char *company; /* the deal's company */
	const char *text;    /* the step */
	const char *due;     /* YYYY-MM-DD */
};

/*
 * The VCALENDAR of the n steps, each a VEVENT on its due date with the
 * step and company as its summary and the deal's page (base_url +
 * /deals/id) as its URL, stamped now.  Returns a malloc'd string the
 * caller frees, with its length in *len; NULL on failure.
 */
char *calendar_feed(const struct calendar_step *steps, int n,
    const char *base_url, int64_t now, size_t *len);

#endif
