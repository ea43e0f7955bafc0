/*
 * h_admin_offsite.c - /admin/offsite: the off-site backups' health as
 * "groundwork doctor" shows it (offsite.c): the last snapshot and its
 * age, the last failure and why, the last "offsite check".  It only
 * reads the state file the timer's runs write; nothing here talks to
 * the repository, so a slow or unreachable one never slows a page.
 */
#include <stdio.h>

#include "config.h"
#include "offsite.h"
#include "page.h"
#include "resp.h"
#include "route.h"
#include "util.h"

/* The words and class each level is shown with. */
static const struct {
	const char *label; /* the status column */
	const char *cls;   /* its CSS class */
} levels[] = {
	[OFFSITE_OK] = { "OK", "ok" },
	[OFFSITE_NOTE] = { "Note", "off" },
	[OFFSITE_WARNING] = { "Warning", "warning" },
};

/*
 * GET /admin/offsite - the off-site backups' health.  200, or 500 when
 * the state file cannot be read.
 */
void
h_admin_offsite_get(struct req *r)
{
	struct offsite_state s;
	if (offsite_state_read(&s) != 0) {
		resp_internal(r, "reading offsite.state failed");
		return;
	}
	struct offsite_line lines[OFFSITE_LINES];
	int n = offsite_health(&s, offsite_configured(), r->now, lines);
	tmpl_dict *d = page_begin(r, "Backups", "admin_offsite.tpl");
	int warnings = 0;
	for (int i = 0; i < n; i++) {
		tmpl_dict *row = tmpl_add_section(d, "LINE");
		tmpl_set_str(row, "STATUS", levels[lines[i].level].label);
		tmpl_set_str(row, "CLASS", levels[lines[i].level].cls);
		tmpl_set_str(row, "WHAT", lines[i].what);
		if (lines[i].level != OFFSITE_OK && lines[i].advice[0]) {
			tmpl_dict *a = tmpl_add_section(row, "ADVICE");
			tmpl_set_str(a, "TEXT", lines[i].advice);
		}
		warnings += lines[i].level == OFFSITE_WARNING;
	}
	tmpl_show_section(d, warnings ? "NEEDS_ATTENTION" : "HEALTHY");
	tmpl_set_int(d, "INTERVAL", cfg.offsite_interval);
	tmpl_set_int(d, "STALE", 3 * cfg.offsite_interval);
	tmpl_set_str(d, "FILE", cfg.offsite_file);
	page_finish(r, 200);
}
