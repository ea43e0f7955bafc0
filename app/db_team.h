/*
 * db_team.h - what the team pages read (db_team.c): the summaries that
 * triggers keep in the same transaction as each change (open counts,
 * weekly inflow, daily flow, finished visits), the team's open deals,
 * the revisions that stamp kept pages, and a team's deals and stage
 * history for its lists and exports.
 */
#ifndef GW_DB_TEAM_H
#define GW_DB_TEAM_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"

/* Open deals (count, amount) per rep and stage, from deal_counts. */
struct count_row {
	int64_t owner_id;
	int64_t stage_id;
	int64_t deals;
	int64_t amount; /* minor units; unknown amounts count 0 */
};
int team_open_counts(struct db *db, int64_t team_id,
    int (*fn)(const struct count_row *, void *), void *arg);

/* Active reps of a team, by name. */
int team_reps(struct db *db, int64_t team_id,
    int (*fn)(const struct user *, void *), void *arg);

struct inflow_row {
	int64_t owner_id;
	int64_t week; /* (t + 259200) / 604800: weeks from a Monday */
	int64_t deals;
	int64_t late;
};
int team_inflow_since(struct db *db, int64_t team_id, int64_t first_week,
    int (*fn)(const struct inflow_row *, void *), void *arg);

struct flow_row {
	int64_t owner_id;
	int64_t stage_id;
	int64_t entries, regressions, skips, won, lost;
};
/* Flow rows (per rep, stage and day) for days >= first_day; a rep and
 * stage may come in several rows, to be added up. */
int team_flow_since(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct flow_row *, void *), void *arg);

struct visit_row {
	int64_t owner_id;
	int64_t stage_id;
	int64_t days; /* whole days spent */
	int64_t visits;
};
/* Finished visits ended on days >= first_day, by length; rows to be
 * added up. */
int team_visits_since(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct visit_row *, void *), void *arg);

/* One open deal of the team, as the team page needs it. */
/* The tiles of the team page: entries into each stage and moves that
 * skipped, per week; finished visits per stage, by the day they ended
 * and their whole days.  Both read a bounded number of summary rows. */
struct week_flow_row {
	int64_t stage_id;
	int64_t week; /* as in team_inflow */
	int64_t entries, skips;
};
int team_week_flow(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct week_flow_row *, void *), void *arg);

struct day_visit_row {
	int64_t stage_id;
	int64_t day;  /* the day it ended */
	int64_t days; /* whole days spent */
	int64_t visits;
};
int team_week_visits(struct db *db, int64_t team_id, int64_t first_day,
    int (*fn)(const struct day_visit_row *, void *), void *arg);

struct open_row {
	int64_t deal_id;
	int64_t owner_id;
	int64_t stage_id;
	int64_t stage_entered_at;
	int64_t last_activity_at;
	bool skipped;
	bool has_amount;
	int64_t amount;
};
int team_open_deals(struct db *db, int64_t team_id,
    int (*fn)(const struct open_row *, void *), void *arg);

/* The team's revision: it rises with every change a team page shows
 * (the team's deals and coaching sessions; any person, team or stage). */
int team_revision(struct db *db, int64_t team_id, int64_t *rev);
/* The same for one owner's deals (My deals). */
int owner_revision(struct db *db, int64_t owner_id, int64_t *rev);

/* A team's deals for its lists and CSV export: every deal of the team
 * (status < 0 for all), optionally one rep and one stage. */
struct team_filter {
	int64_t team_id;
	int64_t owner_id; /* 0 for every rep */
	int64_t stage_id; /* 0 for every stage */
	int status;       /* enum deal_status, -1 for all */
	int limit, offset;
};
int team_deals(struct db *db, const struct team_filter *f,
    int (*fn)(const struct deal *, void *), void *arg);

/* One deal by id within a team (for the stalled list). */
int team_deal(struct db *db, int64_t team_id, int64_t deal_id,
    struct deal *out);

/* The stage history of a team's deals (optionally one rep), deal by
 * deal, each in time order, for the CSV export: the changes made at or
 * after since (0 for the whole history). */
struct history_csv_row {
	int64_t deal_id;
	char company[DEAL_TEXT_MAX * 4 + 1];
	char owner[USER_NAME_MAX * 4 + 1];
	char from_stage[STAGE_NAME_MAX * 4 + 1];
	char to_stage[STAGE_NAME_MAX * 4 + 1];
	char from_status[8], to_status[8];
	int64_t at;
	char by[USER_NAME_MAX * 4 + 1];
	char note[DEAL_NOTE_MAX * 4 + 1];
	int skipped_stages;
	int skipped_criteria;
};
int team_history(struct db *db, int64_t team_id, int64_t owner_id,
    int64_t since, int (*fn)(const struct history_csv_row *, void *),
    void *arg);

#endif
