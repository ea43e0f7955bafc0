/*
 * coach_meter.c - the shift-and-lift meter as pages show it: the
 * manager's coaching minutes week by week over METER_WEEKS, split into
 * early-stage deals, later ones and no deal, drawn against the team's
 * target share, with the trend and the super-rep index.  The figures
 * come from measures.c (meter_*); this file reads their rows and fills
 * a page dictionary.  /team/time shows it in full (h_coaching.c), the
 * manager's /team in brief (h_team.c).
 */
#include <stdio.h>

#include "chart.h"
#include "coach_meter.h"
#include "date.h"
#include "db.h"
#include "db_coach.h"
#include "db_deal.h"
#include "measures.h"
#include "page.h"

static int
meter_minutes_cb(int64_t week, int tie, int64_t minutes, void *m)
{
	meter_minutes(m, week, tie, minutes);
	return 0;
}

struct super_cb {
	struct meter *m;
	const struct stage *stages;
	int nstages;
};

static int
meter_change_cb(const struct by_other_row *row, void *arg)
{
	struct super_cb *s = arg;
	meter_change(s->m, s->stages, s->nstages, row);
	return 0;
}

/*
 * The meter's weeks, as WEEK sections for its table and its chart: per
 * week a bar of the deal-coaching minutes split into early stages
 * (below) and later ones, drawn to 100%, its early share above it and
 * its date and minutes below; an axis from 0 to 100%, and the target
 * share as a dashed line across.  The chart's aria-label states every
 * week's figures.
 */
static void
fill_meter_weeks(tmpl_dict *d, const struct meter *m)
{
	const int left = 44, plot_top = 40, height = 140, pitch = 46, bar = 30;
	const int base = plot_top + height;
	struct buf label = { 0 };
	buf_printf(&label,
	    "Early share of deal-coaching minutes per week, "
	    "against a target of %d%%:",
	    m->target);
	for (int w = 0; w < METER_WEEKS; w++) {
		tmpl_dict *row = tmpl_add_section(d, "WEEK");
		char date[DATE_SIZE], day[16];
		date_of((m->first_week + w) * 604800 - 259200, date);
		chart_day_label(date, day, sizeof(day));
		tmpl_set_str(row, "LABEL", date);
		tmpl_set_str(row, "DAY", day);
		tmpl_set_int(row, "EARLY", m->early[w]);
		tmpl_set_int(row, "LATE", m->late[w]);
		tmpl_set_int(row, "UNTIED", m->untied[w]);
		page_set_share(row, "SHARE", m->early[w],
		    m->early[w] + m->late[w]);
		int64_t tied = m->early[w] + m->late[w];
		int x = left + w * pitch + (pitch - bar) / 2;
		tmpl_set_int(row, "MID_X", x + bar / 2);
		char minutes[32];
		snprintf(minutes, sizeof(minutes), "%lld min", (long long)tied);
		tmpl_set_str(row, "MINUTES", minutes);
		if (tied == 0) {
			tmpl_set_str(row, "PERCENT", "—");
			buf_printf(&label, "%s %s no deal coaching",
			    w ? ";" : "", day);
			continue;
		}
		int percent = (int)((100 * m->early[w] + tied / 2) / tied);
		int he = (int)((m->early[w] * height + tied / 2) / tied);
		char text[8];
		snprintf(text, sizeof(text), "%d%%", percent);
		tmpl_set_str(row, "PERCENT", text);
		tmpl_dict *bars = tmpl_add_section(row, "BARS");
		tmpl_set_int(bars, "X", x);
		tmpl_set_int(bars, "W", bar);
		tmpl_set_int(bars, "EARLY_Y", base - he);
		tmpl_set_int(bars, "EARLY_H", he);
		tmpl_set_int(bars, "LATE_Y", plot_top);
		tmpl_set_int(bars, "LATE_H", height - he);
		buf_printf(&label, "%s %s %d%% of %lld %s", w ? ";" : "", day,
		    percent, (long long)tied,
		    plural(tied, "minute", "minutes"));
	}
	for (int v = 0; v <= 100; v += 50) {
		tmpl_dict *tick = tmpl_add_section(d, "TICK");
		int y = base - v * height / 100;
		tmpl_set_int(tick, "Y", y);
		tmpl_set_int(tick, "TEXT_Y", y + 4);
		tmpl_set_int(tick, "VALUE", v);
	}
	int right = left + METER_WEEKS * pitch;
	int target_y = base - m->target * height / 100;
	tmpl_set_int(d, "PLOT_LEFT", left);
	tmpl_set_int(d, "PLOT_RIGHT", right);
	tmpl_set_int(d, "PLOT_TOP", plot_top);
	tmpl_set_int(d, "TICK_X", left - 6);
	tmpl_set_int(d, "TARGET_Y", target_y);
	tmpl_set_int(d, "TARGET_TEXT_X", right + 6);
	tmpl_set_int(d, "TARGET_TEXT_Y", target_y + 4);
	tmpl_set_int(d, "VALUE_Y", plot_top - 8);
	tmpl_set_int(d, "DAY_Y", base + 16);
	tmpl_set_int(d, "MINUTES_Y", base + 30);
	tmpl_set_int(d, "AXIS_Y", base);
	tmpl_set_int(d, "CHART_W", right + 84);
	tmpl_set_int(d, "CHART_H", base + 36);
	buf_puts(&label, ".");
	tmpl_set_str(d, "METER_LABEL", label.data);
	buf_free(&label);
}

bool
coach_meter_compute(struct db *db, int64_t team_id, int64_t now,
    struct meter *m)
{
	struct stage stages[STAGES_MAX];
	int nstages = stage_list(db, stages, STAGES_MAX);
	int target = 50;
	if (nstages < 0 || team_early_target(db, team_id, &target) == DB_ERROR)
		return false;
	meter_init(m, now, target);
	int64_t since = (m->first_week * 604800) - 259200;
	struct super_cb sc = { m, stages, nstages };
	return coaching_minutes(db, team_id, since, meter_minutes_cb, m) ==
	           DB_OK &&
	       coach_changes_by(db, team_id, since / 86400, meter_change_cb,
	           &sc) == DB_OK;
}

const char *
coach_meter_trend(const struct meter *m)
{
	/* Is the early share rising from the first six weeks to the last
	 * six? */
	if (m->first_half_tied == 0 || m->second_half_tied == 0)
		return NULL;
	double a = (double)m->first_half_early / (double)m->first_half_tied;
	double b = (double)m->second_half_early / (double)m->second_half_tied;
	return b > a + 0.05 ? "rising" : b < a - 0.05 ? "falling" : "flat";
}

bool
coach_meter_fill(struct req *r, tmpl_dict *d, int64_t team_id)
{
	struct meter m;
	if (!coach_meter_compute(r->db, team_id, r->now, &m))
		return false;
	tmpl_set_int(d, "TARGET", m.target);
	fill_meter_weeks(d, &m);
	page_set_share(d, "EARLY_SHARE", m.early_total,
	    m.early_total + m.late_total);
	page_set_share(d, "FIRST_HALF", m.first_half_early, m.first_half_tied);
	page_set_share(d, "SECOND_HALF", m.second_half_early,
	    m.second_half_tied);
	page_set_count(d, "UNTIED_TOTAL", m.untied_total, "minute", "minutes");
	const char *trend = coach_meter_trend(&m);
	tmpl_set_str(d, "TREND",
	    trend ? trend : "not enough coaching logged to tell");
	int64_t tied = m.early_total + m.late_total;
	if (tied && 100 * m.early_total >= (int64_t)m.target * tied)
		tmpl_show_section(d, "ON_TARGET");
	else
		tmpl_show_section(d, "BELOW_TARGET");
	page_set_share(d, "SUPER_MOVES", m.late_moves_by_other, m.late_moves);
	page_set_share(d, "SUPER_WINS", m.wins_by_other, m.wins);
	return true;
}
