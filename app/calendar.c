/*
 * calendar.c - the iCalendar feed: libical builds the VCALENDAR and
 * writes it, folding and escaping as RFC 5545 says.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "util.h"

/* An all-day date from YYYY-MM-DD (already valid). */
static struct icaltimetype
day_of(const char *ymd)
{
	struct icaltimetype t = icaltime_null_date();
	int y = 0, m = 0, d = 0;
	if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) == 3) {
		t.year = y;
		t.month = m;
		t.day = d;
	}
	return t;
}

static icalcomponent *
step_event(const struct calendar_step *s, const char *base_url,
    struct icaltimetype stamp)
{
	char uid[64], summary[2048], url[512];
	snprintf(uid, sizeof(uid), "deal-%lld-step@groundwork",
	    (long long)s->deal_id);
	snprintf(summary, sizeof(summary), "%s (%s)", s->text, s->company);
	snprintf(url, sizeof(url), "%s/deals/%lld", base_url,
	    (long long)s->deal_id);
	struct icaltimetype start = day_of(s->due);
	struct icaltimetype end = start;
	icaltime_adjust(&end, 1, 0, 0, 0);
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(start));
	icalcomponent_add_property(ev, icalproperty_new_dtend(end));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	if (*base_url)
		icalcomponent_add_property(ev, icalproperty_new_url(url));
	icalcomponent_add_property(ev,
	    icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

char *
calendar_feed(const struct calendar_step *steps, int n, const char *base_url,
    int64_t now, size_t *len)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal,
	    icalproperty_new_prodid("-//Groundwork//Next steps//EN"));
	icalcomponent_add_property(cal,
	    icalproperty_new_x("Groundwork next steps"));
	icalproperty *name = icalcomponent_get_first_property(cal,
	    ICAL_X_PROPERTY);
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	struct icaltimetype stamp = icaltime_from_timet_with_zone((time_t)now,
	    0, icaltimezone_get_utc_timezone());
	for (int i = 0; i < n; i++)
		icalcomponent_add_component(cal,
		    step_event(&steps[i], base_url, stamp));
	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text)
		*len = strlen(text);
	return text;
}
