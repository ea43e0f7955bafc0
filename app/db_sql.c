/*
 * db_sql.c - the text of every statement, indexed by enum stmt.
 * Parameters are always bound; no SQL is ever assembled from pieces.
 */
#include "db_internal.h"

#define USER_COLUMNS                                              \
	"u.id, u.email, u.name, u.role, COALESCE(u.team_id, 0), " \
	"COALESCE(t.name, ''), u.password_hash, u.active "        \
	"FROM users u LEFT JOIN teams t ON t.id = u.team_id "

#define TEAM_COLUMNS                                                          \
	"t.id, t.name, (SELECT count(*) FROM users u WHERE u.team_id = t.id " \
	"AND u.active = 1), COALESCE(t.retired_at, 0) FROM teams t "

/* May the user whose id is bound at v see team t's pages?  An admin
 * any team, a manager their own, a director every team unless limited
 * to some in director_teams. */
#define ORG_VISIBLE(v)                                                        \
	"EXISTS (SELECT 1 FROM users v WHERE v.id = " v " AND v.active = 1 "  \
	"AND (v.role = 'admin' OR (v.role = 'manager' AND v.team_id = t.id) " \
	"OR (v.role = 'director' AND (NOT EXISTS (SELECT 1 FROM "             \
	"director_teams x WHERE x.user_id = v.id) OR EXISTS (SELECT 1 FROM "  \
	"director_teams x WHERE x.user_id = v.id AND x.team_id = t.id))))) "

#define DEAL_COLUMNS                                                      \
	"d.id, d.owner_id, o.name, COALESCE(d.team_id, 0), d.company, "   \
	"d.contact, d.title, d.amount, d.currency, d.source, "            \
	"d.expected_close, d.next_step, d.next_step_due, d.stage_id, "    \
	"s.name, s.position, d.status, d.lost_reason, d.first_stage_id, " \
	"d.late_entry, d.stage_entered_at, d.created_at, d.updated_at, "  \
	"COALESCE(d.closed_at, 0), d.last_activity_at "                   \
	"FROM deals d JOIN users o ON o.id = d.owner_id "                 \
	"JOIN stages s ON s.id = d.stage_id "

#define STEP_COLUMNS                                       \
	"id, deal_id, text, due, created_by, created_at, " \
	"COALESCE(done_at, 0), COALESCE(done_by, 0), outcome"

/* The filters of My deals; ?1 owner, ?2 status ('' for all), ?3 stage
 * (0 for all), ?4 search text ('' for all). */
#define DEAL_FILTER                                             \
	"WHERE d.owner_id = ?1 AND (?2 = '' OR d.status = ?2) " \
	"AND (?3 = 0 OR d.stage_id = ?3) AND (?4 = '' "         \
	"OR instr(lower(d.company), lower(?4)) > 0 "            \
	"OR instr(lower(d.contact), lower(?4)) > 0) "

/* The coaching queue's shared parts. */
#define COACH_FACTS_SQL                                                           \
	"SELECT d.id, d.owner_id, COALESCE(d.team_id, 0), d.status = 'open', "    \
	"d.stage_id, d.stage_entered_at, d.last_activity_at, d.next_step != '', " \
	"d.next_step_due, COALESCE(d.amount, 0), d.late_entry, d.created_at, "    \
	"d.first_stage_id, COALESCE(b.at, 0), COALESCE(b.from_stage_id, 0), "     \
	"COALESCE(b.to_stage_id, 0), COALESCE(k.at, 0), "                         \
	"COALESCE(k.from_stage_id, 0), COALESCE(k.to_stage_id, 0), "              \
	"COALESCE(k.skipped_stages, 0), COALESCE(k.skipped_criteria_count, 0), "  \
	"d.company, u.name FROM deals d JOIN users u ON u.id = d.owner_id "       \
	"LEFT JOIN stage_changes b ON b.id = (SELECT c.id FROM stage_changes c "  \
	"JOIN stages f ON f.id = c.from_stage_id "                                \
	"JOIN stages t ON t.id = c.to_stage_id WHERE c.deal_id = d.id "           \
	"AND c.at >= ?2 AND c.from_status = 'open' AND c.to_status = 'open' "     \
	"AND t.position < f.position ORDER BY c.at DESC, c.id DESC LIMIT 1) "     \
	"LEFT JOIN stage_changes k ON k.id = (SELECT c.id FROM stage_changes c "  \
	"WHERE c.deal_id = d.id AND c.at >= ?2 AND c.from_stage_id IS NOT NULL "  \
	"AND c.from_status = 'open' AND c.to_status = 'open' "                    \
	"AND (c.skipped_stages > 0 OR c.skipped_criteria_count > 0) "             \
	"ORDER BY c.at DESC, c.id DESC LIMIT 1) "
#define COACH_QUEUE_WHERE                                                        \
	"i.team_id = ?1 AND i.status IN ('open', 'snoozed') "                    \
	"AND i.active_at <= ?2 AND (i.status = 'open' OR i.snooze_until <= ?3) " \
	"AND (?4 = 0 OR i.rep_id = ?4) AND (?5 = 0 OR i.stage_id = ?5) "         \
	"AND (?6 = 0 OR i.causes & ?6) AND i.rule NOT IN (5, 6) "
#define COACH_ITEM_COLUMNS                                                      \
	"SELECT i.id, i.rep_id, u.name, COALESCE(i.deal_id, 0), i.rule, "       \
	"i.reason, i.early, i.status, i.snooze_until, i.created_at, "           \
	"COALESCE(i.closed_at, 0), COALESCE(c.name, ''), "                      \
	"CASE WHEN i.private AND ?9 THEN '' ELSE i.close_note END, i.private, " \
	"i.causes, i.active_at, i.urgency, COALESCE(i.stage_id, 0), "           \
	"i.closed_by IS NOT NULL FROM coaching_items i "                        \
	"JOIN users u ON u.id = i.rep_id LEFT JOIN users c ON c.id = i.closed_by "
#define COACH_QUEUE_SQL COACH_ITEM_COLUMNS "WHERE " COACH_QUEUE_WHERE

const char *const stmt_sql[ST__MAX] = {
	[ST_USER_BY_EMAIL] = "SELECT " USER_COLUMNS "WHERE u.email = ?1",
	[ST_USER_BY_ID] = "SELECT " USER_COLUMNS "WHERE u.id = ?1",
	[ST_USER_INSERT] =
	    "INSERT INTO users (email, name, role, team_id, password_hash, "
	    "active, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5, 1, ?6, ?6)",
	[ST_USER_SET_HASH] =
	    "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
	[ST_USER_UPDATE] =
	    "UPDATE users SET name = ?2, role = ?3, team_id = NULLIF(?4, 0), "
	    "updated_at = ?5 WHERE id = ?1",
	[ST_USER_SET_ACTIVE] =
	    "UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1",
	[ST_USER_LIST] = "SELECT " USER_COLUMNS
	                 "ORDER BY u.active DESC, u.name COLLATE NOCASE, u.id",
	[ST_TEAM_BY_NAME] = "SELECT " TEAM_COLUMNS "WHERE t.name = ?1",
	[ST_TEAM_BY_ID] = "SELECT " TEAM_COLUMNS "WHERE t.id = ?1",
	/* A new team starts with the default targets (org_targets). */
	[ST_TEAM_INSERT] =
	    "INSERT INTO teams (name, created_at, early_target, inflow_target) "
	    "SELECT ?1, ?2, early_target, inflow_target FROM org_targets "
	    "WHERE id = 1",
	/* Active teams first, each group by name. */
	[ST_TEAM_LIST] =
	    "SELECT " TEAM_COLUMNS
	    "ORDER BY t.retired_at IS NOT NULL, t.name COLLATE NOCASE",
	[ST_TEAM_RENAME] = "UPDATE teams SET name = ?2 WHERE id = ?1",
	/* Retire (?2 a time) an active team, or bring back (?2 0) a retired
	 * one: a team already so changes no row. */
	[ST_TEAM_SET_RETIRED] =
	    "UPDATE teams SET retired_at = NULLIF(?2, 0) WHERE id = ?1 "
	    "AND (retired_at IS NULL) = (?2 != 0)",
	[ST_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) "
	    "VALUES (?1, ?2, ?3, ?3)",
	[ST_SESSION_GET] = "SELECT s.id, s.created_at, s.last_seen, " USER_COLUMNS
	                   "JOIN sessions s ON s.user_id = u.id "
	                   "WHERE s.token_hash = ?1 AND u.active = 1",
	[ST_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1",
	[ST_SESSION_DELETE] = "DELETE FROM sessions WHERE id = ?1",
	[ST_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
	[ST_SESSION_DELETE_OTHERS] =
	    "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2",
	/* Oldest first, a bounded batch: the rowid order needs no index,
	 * and expired sessions are mostly the oldest rows. */
	[ST_SESSION_PURGE] =
	    "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions "
	    "WHERE last_seen < ?1 OR created_at < ?2 ORDER BY id LIMIT ?3)",
	[ST_SESSION_COUNT_EXPIRED] =
	    "SELECT count(*) FROM sessions WHERE last_seen < ?1 OR created_at < ?2",
	[ST_AUDIT_INSERT] =
	    "INSERT INTO audit_log (at, actor_id, action, subject, detail, addr) "
	    "VALUES (?1, NULLIF(?2, 0), ?3, ?4, ?5, ?6)",
	[ST_AUDIT_COUNT] = "SELECT count(*) FROM audit_log WHERE action = ?1",
	[ST_THROTTLE_GET] = "SELECT fails FROM login_throttle "
	                    "WHERE key = ?1 AND window_start >= ?2",
	[ST_THROTTLE_FAIL] =
	    "INSERT INTO login_throttle (key, fails, window_start) "
	    "VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET "
	    "fails = CASE WHEN window_start >= ?3 THEN fails + 1 ELSE 1 END, "
	    "window_start = CASE WHEN window_start >= ?3 THEN window_start "
	    "ELSE ?2 END",
	[ST_THROTTLE_DELETE] = "DELETE FROM login_throttle WHERE key = ?1",
	[ST_STAGE_LIST] = "SELECT id, name, position, early, probability, "
	                  "target_days, active FROM stages ORDER BY position, id",
	[ST_DEAL_INSERT] =
	    "INSERT INTO deals (owner_id, team_id, company, contact, title, "
	    "amount, currency, source, expected_close, next_step, next_step_due, "
	    "stage_id, status, first_stage_id, late_entry, stage_entered_at, "
	    "created_at, updated_at, last_activity_at) VALUES (?1, NULLIF(?2, 0), "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'open', ?12, ?13, ?14, "
	    "?14, ?14, ?14)",
	/* Visible to its owner, a manager of its team, an admin, or a
	 * director who sees its team. */
	[ST_DEAL_GET] = "SELECT " DEAL_COLUMNS
	                "WHERE d.id = ?1 AND (d.owner_id = ?2 "
	                "OR (?3 = 'manager' AND d.team_id = ?4) "
	                "OR ?3 = 'admin' OR (?3 = 'director' AND (NOT EXISTS "
	                "(SELECT 1 FROM director_teams x WHERE x.user_id = ?2) "
	                "OR d.team_id IN (SELECT x.team_id FROM director_teams "
	                "x WHERE x.user_id = ?2))))",
	/* The next step (?9, ?10) is db_step.c's to write, as the
	 * mirror of the open step; the edit's step change goes there. */
	[ST_DEAL_UPDATE] =
	    "UPDATE deals SET company = ?3, contact = ?4, title = ?5, "
	    "amount = ?6, source = ?7, expected_close = ?8, "
	    "updated_at = ?11, last_activity_at = ?11 "
	    "WHERE id = ?1 AND owner_id = ?2",
	[ST_DEAL_MOVE] = "UPDATE deals SET stage_id = ?4, stage_entered_at = ?5, "
	                 "updated_at = ?5, last_activity_at = ?5 "
	                 "WHERE id = ?1 AND owner_id = ?2 AND stage_id = ?3 "
	                 "AND status = 'open'",
	[ST_DEAL_CLOSE] =
	    "UPDATE deals SET status = ?4, lost_reason = ?5, closed_at = ?6, "
	    "updated_at = ?6, last_activity_at = ?6 "
	    "WHERE id = ?1 AND owner_id = ?2 AND stage_id = ?3 "
	    "AND status = 'open'",
	[ST_DEAL_REOPEN] =
	    "UPDATE deals SET status = 'open', lost_reason = '', "
	    "closed_at = NULL, stage_entered_at = ?5, updated_at = ?5, "
	    "last_activity_at = ?5 "
	    "WHERE id = ?1 AND owner_id = ?2 AND stage_id = ?3 AND status = ?4",
	[ST_CHANGE_INSERT] =
	    "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, "
	    "from_status, to_status, at, by_user_id, note, skipped_stages, "
	    "skipped_criteria, skipped_criteria_count) "
	    "VALUES (?1, NULLIF(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_EDIT_INSERT] = "INSERT INTO deal_edits (deal_id, at, by_user_id, "
	                   "fields) VALUES (?1, ?2, ?3, ?4)",
	[ST_EDIT_VALUE_INSERT] =
	    "INSERT INTO deal_edit_values (edit_id, position, field, old_value, "
	    "new_value) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* Every edit's values of one deal (at most the timeline's 300
	 * entries' worth), newest edit first. */
	[ST_EDIT_VALUES] =
	    "SELECT v.edit_id, v.field, v.old_value, v.new_value "
	    "FROM deal_edits e JOIN deal_edit_values v ON v.edit_id = e.id "
	    "WHERE e.deal_id = ?1 ORDER BY v.edit_id DESC, v.position LIMIT 3000",
	[ST_DEAL_LIST] = "SELECT " DEAL_COLUMNS DEAL_FILTER
	                 "ORDER BY s.position, d.next_step_due, d.id "
	                 "LIMIT ?5 OFFSET ?6",
	[ST_DEAL_COUNT] = "SELECT count(*) FROM deals d " DEAL_FILTER,
	/* One stage of one rep's deals by status, read in index order:
	 * no next step first, then the most overdue. */
	[ST_DEAL_LIST_STAGE] =
	    "SELECT " DEAL_COLUMNS "WHERE d.owner_id = ?1 AND d.status = ?2 "
	    "AND d.stage_id = ?3 "
	    "ORDER BY d.next_step_due, d.id LIMIT ?4 OFFSET ?5",
	[ST_DEAL_COUNT_BY_STAGE] = "SELECT stage_id, sum(deals) FROM deal_counts "
	                           "WHERE owner_id = ?1 AND status = ?2 "
	                           "GROUP BY stage_id HAVING sum(deals) > 0",
	/* kind (enum timeline_kind), at, who, from, to, from/to status,
	 * note, skipped stages, row id, positions, skipped criteria, first
	 * entry; then the order within a second: rank, newest key first */
	[ST_DEAL_TIMELINE] =
	    "SELECT CASE WHEN c.imported THEN 7 ELSE 0 END, " /* TL_IMPORT */
	    "c.at, u.name, COALESCE(fs.name, ''), ts.name, "
	    "c.from_status, c.to_status, c.note, c.skipped_stages, c.id, "
	    "COALESCE(fs.position, 0), ts.position, c.skipped_criteria_count, "
	    "c.skipped_criteria, c.from_stage_id IS NULL, 0, c.id "
	    "FROM stage_changes c JOIN users u ON u.id = c.by_user_id "
	    "LEFT JOIN stages fs ON fs.id = c.from_stage_id "
	    "JOIN stages ts ON ts.id = c.to_stage_id WHERE c.deal_id = ?1 "
	    "UNION ALL "
	    "SELECT 1, e.at, u.name, '', '', '', '', e.fields, 0, e.id, 0, 0, 0, '', "
	    "0, 4, e.id "
	    "FROM deal_edits e JOIN users u ON u.id = e.by_user_id "
	    "WHERE e.deal_id = ?1 "
	    "UNION ALL "
	    "SELECT 2, t.ticked_at, u.name, '', x.text, '', '', t.evidence, 0, "
	    "t.id, 0, 0, 0, '', 0, 3, t.id * 2 FROM deal_criteria t "
	    "JOIN users u ON u.id = t.ticked_by "
	    "JOIN exit_criteria x ON x.id = t.criterion_id WHERE t.deal_id = ?1 "
	    "UNION ALL "
	    "SELECT 3, t.unticked_at, u.name, '', x.text, '', '', '', 0, t.id, "
	    "0, 0, 0, '', 0, 3, t.id * 2 + 1 FROM deal_criteria t "
	    "JOIN users u ON u.id = t.unticked_by "
	    "JOIN exit_criteria x ON x.id = t.criterion_id "
	    "WHERE t.deal_id = ?1 AND t.unticked_at IS NOT NULL "
	    "UNION ALL "
	    "SELECT 4, a.used_at, u.name, '', j.title, a.outcome, '', a.note, 0, "
	    "a.id, 0, 0, 0, '', 0, 2, a.id FROM job_aid_uses a "
	    "JOIN users u ON u.id = a.user_id "
	    "JOIN job_aids j ON j.id = a.aid_id WHERE a.deal_id = ?1 "
	    "UNION ALL "
	    "SELECT 5, s.created_at, u.name, '', s.text, s.due, '', '', 0, s.id, "
	    "0, 0, 0, '', 0, 1, s.id * 2 FROM deal_steps s "
	    "JOIN users u ON u.id = s.created_by "
	    "WHERE s.deal_id = ?1 "
	    "UNION ALL "
	    "SELECT 6, s.done_at, u.name, '', s.text, s.due, '', s.outcome, 0, "
	    "s.id, 0, 0, 0, '', 0, 1, s.id * 2 + 1 FROM deal_steps s "
	    "JOIN users u ON u.id = s.done_by "
	    "WHERE s.deal_id = ?1 AND s.done_at IS NOT NULL "
	    /* Newest first.  Entries carry only seconds, so within one
	     * second the order a rep works in stands in for the clock: the
	     * deal's first entry (its logging or import) is the oldest;
	     * edits, then ticks, then job-aids, then steps (each step set
	     * before it is done, done before the next is set), and a move
	     * or close last, as the step that ends a visit to the deal. */
	    "ORDER BY 2 DESC, 15, 16, 17 DESC LIMIT 300",
	[ST_DEAL_IMPORT] =
	    "INSERT INTO deals (owner_id, team_id, company, contact, title, "
	    "amount, currency, source, expected_close, next_step, next_step_due, "
	    "stage_id, status, lost_reason, first_stage_id, late_entry, "
	    "stage_entered_at, created_at, updated_at, closed_at, "
	    "last_activity_at) VALUES (?1, NULLIF(?2, 0), ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	    "NULLIF(?20, 0), ?21)",
	[ST_SECRET_GET] = "SELECT value FROM app_secrets WHERE name = ?1",
	[ST_CRITERIA_LIST] =
	    "SELECT x.id, x.stage_id, x.position, x.text, x.active "
	    "FROM exit_criteria x JOIN stages s ON s.id = x.stage_id "
	    "WHERE ?1 = 0 OR x.stage_id = ?1 "
	    "ORDER BY s.position, x.stage_id, x.position, x.id",
	[ST_CRITERIA_COUNT] = "SELECT count(*) FROM exit_criteria "
	                      "WHERE ?1 = 0 OR stage_id = ?1",
	[ST_CRITERION_GET] = "SELECT id, stage_id, position, text, active "
	                     "FROM exit_criteria WHERE id = ?1",
	[ST_CRITERION_INSERT] =
	    "INSERT INTO exit_criteria (stage_id, position, text) "
	    "SELECT ?1, COALESCE(max(position), 0) + 1, ?2 FROM exit_criteria "
	    "WHERE stage_id = ?1",
	[ST_CRITERION_UPDATE] = "UPDATE exit_criteria SET text = ?2, "
	                        "position = ?3, active = ?4 WHERE id = ?1",
	[ST_DEAL_TICKS] =
	    "SELECT t.criterion_id, t.ticked_at, u.name, t.evidence, "
	    "COALESCE(t.verified_at, 0), COALESCE(v.name, '') "
	    "FROM deal_criteria t JOIN users u ON u.id = t.ticked_by "
	    "LEFT JOIN users v ON v.id = t.verified_by "
	    "WHERE t.deal_id = ?1 AND t.unticked_at IS NULL",
	[ST_DEAL_TICKS_COUNT] = "SELECT count(*) FROM deal_criteria "
	                        "WHERE deal_id = ?1 AND unticked_at IS NULL",
	/* Only on an open deal of this owner, for a criterion of the
	 * deal's current stage that is still active. */
	[ST_DEAL_TICK] =
	    "INSERT INTO deal_criteria (deal_id, criterion_id, ticked_at, "
	    "ticked_by, evidence) SELECT d.id, x.id, ?5, ?2, ?4 FROM deals d "
	    "JOIN exit_criteria x ON x.stage_id = d.stage_id AND x.id = ?3 "
	    "AND x.active = 1 WHERE d.id = ?1 AND d.owner_id = ?2 "
	    "AND d.status = 'open'",
	[ST_DEAL_UNTICK] =
	    "UPDATE deal_criteria SET unticked_at = ?4, unticked_by = ?2 "
	    "WHERE deal_id = ?1 AND criterion_id = ?3 AND unticked_at IS NULL "
	    "AND deal_id IN (SELECT id FROM deals WHERE id = ?1 "
	    "AND owner_id = ?2 AND status = 'open')",
	[ST_DEAL_SKIPS] =
	    "SELECT COALESCE(sum(skipped_stages), 0), "
	    "COALESCE(sum(skipped_criteria_count), 0) FROM stage_changes "
	    "WHERE deal_id = ?1",
	[ST_AID_GET] = "SELECT id, stage_id, title, kind, body, link, active "
	               "FROM job_aids WHERE id = ?1",
	[ST_AID_LIST] =
	    "SELECT a.id, a.stage_id, a.title, a.kind, a.body, a.link, a.active "
	    "FROM job_aids a JOIN stages s ON s.id = a.stage_id "
	    "WHERE (?1 = 0 OR a.stage_id = ?1) AND (?2 = 0 OR a.active = 1) "
	    "ORDER BY s.position, a.title COLLATE NOCASE, a.id",
	[ST_AID_INSERT] =
	    "INSERT INTO job_aids (stage_id, title, kind, body, link, active, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
	[ST_AID_UPDATE] =
	    "UPDATE job_aids SET stage_id = ?2, title = ?3, kind = ?4, body = ?5, "
	    "link = ?6, active = ?7, updated_at = ?8 WHERE id = ?1",
	[ST_AID_USE_INSERT] =
	    "INSERT INTO job_aid_uses (deal_id, aid_id, user_id, stage_id, "
	    "used_at, outcome, note) SELECT d.id, a.id, ?2, d.stage_id, ?6, ?4, "
	    "?5 FROM deals d JOIN job_aids a ON a.id = ?3 AND a.active = 1 "
	    "WHERE d.id = ?1 AND d.owner_id = ?2 AND d.status = 'open'",
	[ST_AID_USES_DEAL] =
	    "SELECT a.id, a.aid_id, j.title, u.name, a.stage_id, a.used_at, "
	    "a.outcome, a.note FROM job_aid_uses a "
	    "JOIN job_aids j ON j.id = a.aid_id JOIN users u ON u.id = a.user_id "
	    "WHERE a.deal_id = ?1 ORDER BY a.used_at DESC, a.id DESC LIMIT 100",
	[ST_AID_USE_COUNT] =
	    "SELECT count(*), count(DISTINCT a.deal_id) FROM job_aid_uses a "
	    "JOIN deals d ON d.id = a.deal_id "
	    "WHERE a.aid_id = ?1 AND (?2 = 0 OR d.team_id = ?2)",
	[ST_HISTORY_TEAM] =
	    "SELECT c.deal_id, COALESCE(c.from_stage_id, 0), c.to_stage_id, "
	    "c.from_status, c.to_status, c.at, c.skipped_stages, "
	    "c.skipped_criteria_count FROM deals d "
	    "JOIN stage_changes c ON c.deal_id = d.id "
	    "WHERE ?1 = 0 OR d.team_id = ?1 ORDER BY c.deal_id, c.at, c.id",
	[ST_USES_TEAM] =
	    "SELECT a.deal_id, a.aid_id, a.stage_id, a.used_at FROM deals d "
	    "JOIN job_aid_uses a ON a.deal_id = d.id "
	    "WHERE ?1 = 0 OR d.team_id = ?1 ORDER BY a.deal_id, a.used_at",
	[ST_TICK_IMPORT] =
	    "INSERT INTO deal_criteria (deal_id, criterion_id, ticked_at, "
	    "ticked_by, evidence) VALUES (?1, ?2, ?5, ?3, ?4)",
	[ST_AID_USE_IMPORT] =
	    "INSERT INTO job_aid_uses (deal_id, aid_id, user_id, stage_id, "
	    "used_at, outcome, note) VALUES (?1, ?2, ?3, ?4, ?7, ?5, ?6)",
	[ST_STAGE_GET] = "SELECT id, name, position, early, probability, "
	                 "target_days, active FROM stages WHERE id = ?1",
	[ST_STAGE_INSERT] =
	    "INSERT INTO stages (name, position, early, probability, "
	    "target_days, active) SELECT ?1, COALESCE(max(position), 0) + 1, "
	    "?2, ?3, ?4, 1 FROM stages",
	[ST_STAGE_UPDATE] =
	    "UPDATE stages SET name = ?2, position = ?3, early = ?4, "
	    "probability = ?5, target_days = ?6, active = ?7 WHERE id = ?1",
	[ST_DEAL_VERIFY] =
	    "UPDATE deal_criteria SET verified_by = ?3, verified_at = ?5 "
	    "WHERE deal_id = ?1 AND criterion_id = ?4 AND unticked_at IS NULL "
	    "AND verified_by IS NULL AND deal_id IN (SELECT id FROM deals "
	    "WHERE id = ?1 AND team_id = ?2)",
	[ST_TEAM_OPEN_COUNTS] =
	    "SELECT owner_id, stage_id, sum(deals), sum(amount) FROM deal_counts "
	    "WHERE team_id = ?1 AND status = 'open' "
	    "GROUP BY owner_id, stage_id HAVING sum(deals) > 0",
	/* The team's reps, and anyone else whose deals count in it (a
	 * disabled rep, or one who moved team), so the rows add up. */
	[ST_TEAM_REPS] =
	    "SELECT " USER_COLUMNS
	    "WHERE (u.team_id = ?1 AND u.role = 'rep' AND u.active = 1) "
	    "OR u.id IN (SELECT owner_id FROM deal_counts "
	    "WHERE team_id = ?1 AND deals > 0) "
	    "ORDER BY u.name COLLATE NOCASE, u.id",
	[ST_TEAM_INFLOW] = "SELECT owner_id, week, deals, late FROM team_inflow "
	                   "WHERE team_id = ?1 AND week >= ?2",
	/* Day rows as stored: the measures add them up, which is cheaper
	 * than sorting them into groups here. */
	[ST_TEAM_FLOW] =
	    "SELECT owner_id, stage_id, entries, regressions, skips, won, lost "
	    "FROM team_flow WHERE team_id = ?1 AND day >= ?2",
	[ST_TEAM_VISITS] = "SELECT owner_id, stage_id, days, visits FROM team_visits "
	                   "WHERE team_id = ?1 AND day >= ?2",
	[ST_TEAM_OPEN_DEALS] =
	    "SELECT id, owner_id, stage_id, stage_entered_at, last_activity_at, "
	    "skipped, amount FROM deals WHERE team_id = ?1 AND status = 'open'",
	/* A team's deals in one status or all (?4, ?7, ?8: the statuses
	 * wanted), read from deals_team_open; optionally one stage. */
	[ST_TEAM_DEALS] = "SELECT " DEAL_COLUMNS
	                  "WHERE d.team_id = ?1 AND d.status IN (?4, ?7, ?8) "
	                  "AND (?3 = 0 OR d.stage_id = ?3) "
	                  "ORDER BY s.position, d.id LIMIT ?5 OFFSET ?6",
	/* The same for one rep (?2), read from deals_owner: a rep page
	 * costs that rep's deals, not the whole team's history. */
	[ST_TEAM_DEALS_OF_REP] =
	    "SELECT " DEAL_COLUMNS
	    "WHERE d.owner_id = ?2 AND d.status IN (?4, ?7, ?8) "
	    "AND d.team_id = ?1 AND (?3 = 0 OR d.stage_id = ?3) "
	    "ORDER BY s.position, d.id LIMIT ?5 OFFSET ?6",
	[ST_TEAM_DEAL] = "SELECT " DEAL_COLUMNS
	                 "WHERE d.id = ?2 AND d.team_id = ?1",
	[ST_TEAM_HISTORY] =
	    "SELECT c.deal_id, d.company, o.name, COALESCE(fs.name, ''), ts.name, "
	    "c.from_status, c.to_status, c.at, u.name, c.note, c.skipped_stages, "
	    "c.skipped_criteria_count FROM deals d "
	    "JOIN stage_changes c ON c.deal_id = d.id "
	    "JOIN users o ON o.id = d.owner_id JOIN users u ON u.id = c.by_user_id "
	    "LEFT JOIN stages fs ON fs.id = c.from_stage_id "
	    "JOIN stages ts ON ts.id = c.to_stage_id "
	    "WHERE d.team_id = ?1 AND (?2 = 0 OR d.owner_id = ?2) "
	    "AND c.at >= ?3 ORDER BY c.deal_id, c.at, c.id",
	/* Bulk loading: the triggers stand aside, then every summary is
	 * rebuilt from the tables exactly as the triggers keep it. */
	[ST_BULK_BEGIN] = "INSERT INTO bulk_load (since) VALUES (?1)",
	[ST_BULK_END] = "DELETE FROM bulk_load",
	[ST_REBUILD_COUNTS_CLEAR] = "DELETE FROM deal_counts",
	[ST_REBUILD_COUNTS] =
	    "INSERT INTO deal_counts (owner_id, status, stage_id, team_id, deals, "
	    "amount) SELECT owner_id, status, stage_id, COALESCE(team_id, 0), "
	    "count(*), COALESCE(sum(amount), 0) FROM deals GROUP BY 1, 2, 3, 4",
	[ST_REBUILD_INFLOW_CLEAR] = "DELETE FROM team_inflow",
	[ST_REBUILD_INFLOW] =
	    "INSERT INTO team_inflow (team_id, owner_id, week, deals, late) "
	    "SELECT COALESCE(team_id, 0), owner_id, (created_at + 259200) / 604800, "
	    "count(*), sum(late_entry) FROM deals "
	    "WHERE import_source IS NULL " /* imported deals: no inflow */
	    "GROUP BY 1, 2, 3",
	[ST_REBUILD_FLOW_CLEAR] = "DELETE FROM team_flow",
	[ST_REBUILD_FLOW] =
	    "INSERT INTO team_flow (team_id, owner_id, stage_id, day, entries, "
	    "regressions, skips, won, lost, entries_by_other, won_by_other) "
	    "SELECT team_id, owner_id, stage_id, day, sum(entries), "
	    "sum(regressions), sum(skips), sum(won), sum(lost), "
	    "sum(entries_by_other), sum(won_by_other) FROM ("
	    "SELECT COALESCE(d.team_id, 0) AS team_id, d.owner_id, "
	    "c.to_stage_id AS stage_id, c.at / 86400 AS day, 1 AS entries, "
	    "0 AS regressions, 0 AS skips, 0 AS won, 0 AS lost, "
	    "c.by_user_id != d.owner_id AS entries_by_other, 0 AS won_by_other "
	    "FROM stage_changes c JOIN deals d ON d.id = c.deal_id "
	    "WHERE c.imported = 0 " /* imported history counts nowhere */
	    "AND c.to_status = 'open' AND (c.from_stage_id IS NULL "
	    "OR c.from_stage_id != c.to_stage_id OR c.from_status != 'open') "
	    "UNION ALL "
	    "SELECT COALESCE(d.team_id, 0), d.owner_id, c.from_stage_id, "
	    "c.at / 86400, 0, (c.to_status = 'open' AND t.position < f.position), "
	    "(c.skipped_stages > 0 OR c.skipped_criteria_count > 0), "
	    "c.to_status = 'won', c.to_status = 'lost', 0, "
	    "c.to_status = 'won' AND c.by_user_id != d.owner_id "
	    "FROM stage_changes c JOIN deals d ON d.id = c.deal_id "
	    "JOIN stages t ON t.id = c.to_stage_id "
	    "JOIN stages f ON f.id = c.from_stage_id "
	    "WHERE c.imported = 0 "
	    "AND c.from_stage_id IS NOT NULL AND c.from_status = 'open') "
	    "GROUP BY team_id, owner_id, stage_id, day",
	[ST_REBUILD_VISITS_CLEAR] = "DELETE FROM team_visits",
	[ST_REBUILD_VISITS] =
	    "INSERT INTO team_visits (team_id, owner_id, stage_id, day, days, "
	    "visits) SELECT COALESCE(d.team_id, 0), d.owner_id, c.from_stage_id, "
	    "c.at / 86400, (c.at - c.prev_at) / 86400, count(*) FROM ("
	    "SELECT deal_id, from_stage_id, from_status, at, imported, "
	    "lag(at) OVER (PARTITION BY deal_id ORDER BY id) AS prev_at, "
	    "lag(imported) OVER (PARTITION BY deal_id ORDER BY id) AS prev_imp "
	    "FROM stage_changes) c JOIN deals d ON d.id = c.deal_id "
	    "WHERE c.imported = 0 AND c.prev_imp = 0 " /* as migration 016 */
	    "AND c.from_stage_id IS NOT NULL AND c.from_status = 'open' "
	    "GROUP BY 1, 2, 3, 4, 5",
	[ST_REBUILD_SKIPPED] =
	    "UPDATE deals SET skipped = 1 WHERE skipped = 0 AND id IN ("
	    "SELECT deal_id FROM stage_changes WHERE skipped_stages > 0 "
	    "OR skipped_criteria_count > 0)",
	/* The secondary indexes of the big tables, with their own DDL, so a
	 * bulk load can drop them and build each once at the end. */
	[ST_BULK_INDEXES] =
	    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
	    "AND sql IS NOT NULL AND tbl_name IN ('deals', 'stage_changes', "
	    "'deal_criteria', 'job_aid_uses')",
	/* Coaching: what the rep rules read, the items, the sessions.
	 * Each rep's latest early-stage job-aid use: one index seek per
	 * rep and early stage (job_aid_uses_user), however long the
	 * history.  The reps are the team page's: its own, and anyone
	 * whose deals count in it. */
	[ST_COACH_EARLY_AIDS] =
	    "SELECT r.id, (SELECT max((SELECT max(u.used_at) FROM job_aid_uses u "
	    "WHERE u.user_id = r.id AND u.stage_id = s.id)) "
	    "FROM stages s WHERE s.early = 1) AS last_use FROM users r "
	    "WHERE ((r.team_id = ?1 AND r.role = 'rep') "
	    "OR r.id IN (SELECT owner_id FROM deal_counts WHERE team_id = ?1 "
	    "AND deals > 0)) AND last_use IS NOT NULL",
	/* Closed lately: the last 20, newest first (rows merged into another item by
	 * migration 012 are history, not news). */
	[ST_COACH_CLOSED] = COACH_ITEM_COLUMNS
	"WHERE i.team_id = ?1 AND i.status IN ('done', 'dismissed') "
	"AND i.merged_into IS NULL ORDER BY i.closed_at DESC, i.id DESC LIMIT 20",
	[ST_COACH_CLOSE] =
	    "UPDATE coaching_items SET status = ?3, closed_at = ?4, closed_by = ?5, "
	    "close_note = ?6, private = ?7 WHERE id = ?1 AND team_id = ?2 "
	    "AND status IN ('open', 'snoozed')",
	[ST_COACH_SNOOZE] =
	    "UPDATE coaching_items SET status = 'snoozed', snooze_until = ?3 "
	    "WHERE id = ?1 AND team_id = ?2 AND status IN ('open', 'snoozed')",
	/* By hand, about a rep whose deals count in the team (and one of
	 * that rep's deals in it). */
	[ST_COACH_ADD] =
	    "INSERT INTO coaching_items (team_id, rep_id, deal_id, rule, subject, "
	    "reason, early, priority, cause_at, created_at, created_by, seen_at) "
	    "SELECT ?1, u.id, NULLIF(?3, 0), 0, 'hand:' || hex(randomblob(8)), ?4, "
	    "COALESCE((SELECT s.early FROM deals d JOIN stages s "
	    "ON s.id = d.stage_id WHERE d.id = ?3), 0), 500, ?6, ?6, ?5, ?6 "
	    "FROM users u WHERE u.id = ?2 AND u.team_id = ?1 AND u.role = 'rep' "
	    "AND (?3 = 0 OR EXISTS (SELECT 1 FROM deals d WHERE d.id = ?3 "
	    "AND d.owner_id = u.id AND d.team_id = ?1))",
	[ST_SESSION_ADD_DEAL] =
	    "INSERT INTO coaching_sessions (team_id, manager_id, rep_id, deal_id, "
	    "stage_id, early, minutes, kind, notes, private, at) "
	    "SELECT ?1, ?2, d.owner_id, d.id, d.stage_id, s.early, ?5, ?6, ?7, ?8, "
	    "?9 FROM deals d JOIN stages s ON s.id = d.stage_id "
	    "JOIN users u ON u.id = d.owner_id "
	    "WHERE d.id = ?4 AND d.owner_id = ?3 AND d.team_id = ?1 "
	    "AND u.team_id = ?1 AND d.status = 'open'",
	[ST_SESSION_ADD] =
	    "INSERT INTO coaching_sessions (team_id, manager_id, rep_id, minutes, "
	    "kind, notes, private, at) SELECT ?1, ?2, u.id, ?4, ?5, ?6, ?7, ?8 "
	    "FROM users u WHERE u.id = ?3 AND u.team_id = ?1 AND u.role = 'rep'",
	[ST_SESSIONS_TEAM] =
	    "SELECT s.id, m.name, r.name, COALESCE(s.deal_id, 0), "
	    "COALESCE(d.company, ''), COALESCE(st.name, ''), s.early, s.minutes, "
	    "s.kind, s.notes, s.private, s.at FROM coaching_sessions s "
	    "JOIN users m ON m.id = s.manager_id JOIN users r ON r.id = s.rep_id "
	    "LEFT JOIN deals d ON d.id = s.deal_id "
	    "LEFT JOIN stages st ON st.id = s.stage_id "
	    "WHERE s.team_id = ?1 AND s.at >= ?2 ORDER BY s.at DESC, s.id DESC "
	    "LIMIT 100",
	[ST_SESSIONS_REP] =
	    "SELECT s.id, m.name, r.name, COALESCE(s.deal_id, 0), "
	    "COALESCE(d.company, ''), COALESCE(st.name, ''), s.early, s.minutes, "
	    "s.kind, CASE WHEN s.private THEN '' ELSE s.notes END, s.private, s.at "
	    "FROM coaching_sessions s "
	    "JOIN users m ON m.id = s.manager_id JOIN users r ON r.id = s.rep_id "
	    "LEFT JOIN deals d ON d.id = s.deal_id "
	    "LEFT JOIN stages st ON st.id = s.stage_id "
	    "WHERE s.rep_id = ?1 AND s.at >= ?2 ORDER BY s.at DESC, s.id DESC "
	    "LIMIT 100",
	[ST_SESSION_MINUTES] =
	    "SELECT (at + 259200) / 604800, CASE WHEN deal_id IS NULL THEN 2 "
	    "WHEN early THEN 0 ELSE 1 END, sum(minutes) FROM coaching_sessions "
	    "WHERE team_id = ?1 AND at >= ?2 GROUP BY 1, 2",
	/* Since a day, day rows of entries and wins, and how many of each
	 * someone other than the deal's owner recorded (summed by the meter). */
	[ST_COACH_CHANGES_BY] =
	    "SELECT stage_id, entries, entries_by_other, won, won_by_other "
	    "FROM team_flow WHERE team_id = ?1 AND day >= ?2",
	[ST_TEAM_TARGET_GET] = "SELECT early_target FROM teams WHERE id = ?1",
	[ST_TEAM_TARGET_SET] = "UPDATE teams SET early_target = ?2 WHERE id = ?1",
	[ST_SESSION_IMPORT] =
	    "INSERT INTO coaching_sessions (team_id, manager_id, rep_id, deal_id, "
	    "stage_id, early, minutes, kind, notes, private, at) VALUES "
	    "(?1, ?2, ?3, NULLIF(?4, 0), NULLIF(?5, 0), ?6, ?7, ?8, ?9, 0, ?10)",
	/* A team page's stamp: its team's revision plus the one every team
	 * page shares (both only rise, so the sum changes with either). */
	[ST_TEAM_REVISION] = "SELECT COALESCE(sum(rev), 0) FROM team_revisions "
	                     "WHERE team_id IN (?1, 0)",
	[ST_OWNER_REVISION] =
	    "SELECT COALESCE((SELECT rev FROM owner_revisions WHERE owner_id = ?1), 0) "
	    "+ COALESCE((SELECT rev FROM team_revisions WHERE team_id = 0), 0)",
	/* After a bulk load, whose triggers stood aside. */
	[ST_REVISION_BUMP_ALL] = "UPDATE team_revisions SET rev = rev + 1 "
	                         "WHERE team_id = 0",
	/* The team page's tiles (the ten-second strip): weeks of flow and
	 * days of finished visits since a day, from the summaries alone. */
	[ST_TEAM_WEEK_FLOW] =
	    "SELECT stage_id, (day * 86400 + 259200) / 604800, sum(entries), "
	    "sum(skips) FROM team_flow WHERE team_id = ?1 AND day >= ?2 "
	    "GROUP BY 1, 2",
	[ST_TEAM_WEEK_VISITS] =
	    "SELECT stage_id, day, days, sum(visits) FROM team_visits "
	    "WHERE team_id = ?1 AND day >= ?2 GROUP BY 1, 2, 3",
	/* The coaching queue: one item per deal (or rep) with all its
	 * causes.  A deal's facts: the deal, its owner, and its latest move
	 * back and latest skipping move since ?2 (stage_changes_deal reads
	 * only the deal's recent changes). */
	[ST_COACH_FACTS] = COACH_FACTS_SQL "WHERE d.id = ?1",
	[ST_COACH_FACTS_OPEN] = COACH_FACTS_SQL "WHERE d.status = 'open' "
	                                        "AND d.team_id IS NOT NULL",
	/* A person's closings of a subject, newest first: the
	 * done-then-recur rule holds per cause. */
	[ST_COACH_CLOSINGS] =
	    "SELECT causes, closed_at FROM coaching_items WHERE subject = ?1 "
	    "AND closed_by IS NOT NULL ORDER BY closed_at DESC LIMIT 20",
	/* A deal's item is its team's (the deal's team at creation), so
	 * coaching_items_live finds it. */
	[ST_COACH_ITEM_UPDATE] =
	    "UPDATE coaching_items SET team_id = ?2, rep_id = ?3, causes = ?4, "
	    "stage_id = NULLIF(?5, 0), active_at = ?6, urgency = ?7, early = ?8, "
	    "reason = ?9, seen_at = ?10 "
	    "WHERE team_id = ?2 AND subject = ?1 AND status IN ('open', 'snoozed')",
	[ST_COACH_ITEM_INSERT] =
	    "INSERT INTO coaching_items (subject, team_id, rep_id, causes, "
	    "stage_id, active_at, urgency, early, reason, seen_at, created_at, "
	    "deal_id, rule, priority, cause_at) VALUES (?1, ?2, ?3, ?4, "
	    "NULLIF(?5, 0), ?6, ?7, ?8, ?9, ?10, ?10, NULLIF(?11, 0), ?12, 0, ?6)",
	[ST_COACH_ITEM_RESOLVE] =
	    "UPDATE coaching_items SET status = 'dismissed', closed_at = ?2, "
	    "close_note = 'Resolved: the cause is gone.' "
	    "WHERE team_id = ?3 AND subject = ?1 AND status IN ('open', 'snoozed')",
	/* The queue, most urgent first, straight from coaching_items_queue:
	 * items whose causes have begun and that are not snoozed past
	 * today; filters by rep, stage and cause. */
	[ST_COACH_QUEUE] = COACH_QUEUE_SQL
	"ORDER BY i.urgency DESC, i.id LIMIT ?7 OFFSET ?8",
	[ST_COACH_QUEUE_COUNT] =
	    "SELECT count(*) FROM (SELECT 1 FROM coaching_items i "
	    "WHERE " COACH_QUEUE_WHERE " LIMIT ?7)",
	[ST_COACH_LIVE_SUBJECT] =
	    "SELECT id, status, snooze_until FROM coaching_items "
	    "WHERE team_id = ?1 AND subject = ?2 AND status IN ('open', 'snoozed')",
	[ST_COACH_ITEM_GET] = COACH_ITEM_COLUMNS
	"WHERE i.id = ?1 AND i.team_id = ?2",
	[ST_COACH_REP_INSERT] =
	    "INSERT INTO coaching_items (subject, team_id, rep_id, causes, "
	    "active_at, urgency, early, reason, seen_at, created_at, rule, "
	    "priority, cause_at) SELECT 'rep:' || u.id, ?1, u.id, ?3, ?4, ?5, 1, "
	    "?6, ?7, ?7, ?8, 0, ?4 FROM users u WHERE u.id = ?2 "
	    "AND u.team_id = ?1 AND u.role = 'rep'",
	[ST_COACH_TOP_GET] = "SELECT coach_top FROM teams WHERE id = ?1",
	[ST_COACH_TOP_SET] = "UPDATE teams SET coach_top = ?2 WHERE id = ?1",
	[ST_COACH_WEEK_HAS] = "SELECT 1 FROM coaching_weeks "
	                      "WHERE team_id = ?1 AND week = ?2 LIMIT 1",
	[ST_COACH_WEEK_MARK] = "INSERT OR IGNORE INTO coaching_weeks "
	                       "(team_id, week, item_id) VALUES (?1, ?2, ?3)",
	/* Per week since ?2: the This-week items, and how many of them got
	 * a session or were closed as done within that week. */
	[ST_COACH_WEEK_FOLLOW] =
	    "SELECT w.week, count(*), sum(EXISTS (SELECT 1 FROM coaching_sessions s "
	    "WHERE s.item_id = w.item_id AND (s.at + 259200) / 604800 = w.week) "
	    "OR (i.status = 'done' AND (i.closed_at + 259200) / 604800 = w.week)) "
	    "FROM coaching_weeks w JOIN coaching_items i ON i.id = w.item_id "
	    "WHERE w.team_id = ?1 AND w.week >= ?2 GROUP BY w.week",
	[ST_COACH_SESSION_ITEM] =
	    "UPDATE coaching_sessions SET item_id = ?2 WHERE id = ?1",
	/* The deal picker: a rep's open deals in the team, by company. */
	[ST_COACH_REP_DEALS] =
	    "SELECT d.id, d.company, s.name FROM deals d "
	    "JOIN stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id "
	    "WHERE d.owner_id = ?2 AND d.status = 'open' AND d.team_id = ?1 "
	    "AND u.team_id = ?1 AND (?4 = '' OR d.company LIKE "
	    "replace(replace(replace(?4, '\\', '\\\\'), '%', '\\%'), '_', '\\_') "
	    "|| '%' ESCAPE '\\') "
	    "ORDER BY d.company COLLATE NOCASE, d.id LIMIT ?3",
	/* A rep's own items: the 25 most urgent live ones whose causes
	 * have begun, and the last 50 closed since ?2, each read from its
	 * index; private notes are never read out. */
	[ST_COACH_MINE] = COACH_ITEM_COLUMNS
	"WHERE i.id IN (SELECT id FROM (SELECT id FROM coaching_items "
	"WHERE rep_id = ?1 AND status IN ('open', 'snoozed') AND active_at <= ?3 "
	"ORDER BY urgency DESC, id LIMIT 25) UNION ALL SELECT id FROM "
	"(SELECT id FROM coaching_items WHERE rep_id = ?1 AND closed_at >= ?2 "
	"AND merged_into IS NULL ORDER BY closed_at DESC LIMIT 50)) "
	"ORDER BY i.status IN ('done', 'dismissed'), i.urgency DESC, i.id DESC",
	/* An item added by hand: its cause, since and order key. */
	[ST_COACH_ITEM_RANK] =
	    "UPDATE coaching_items SET causes = ?2, active_at = ?3, urgency = ?4, "
	    "stage_id = (SELECT stage_id FROM deals WHERE id = deal_id) "
	    "WHERE id = ?1",
	/* Directors and /org (db_org.c).  ?2 (?1 in ST_ORG_TEAMS) is the
	 * viewer: an admin sees every team, a manager their own, a director
	 * every team or only those in director_teams. */
	[ST_ORG_TEAM_VISIBLE] = "SELECT " TEAM_COLUMNS
	                        "WHERE t.id = ?1 AND " ORG_VISIBLE("?2"),
	[ST_ORG_TEAMS] = "SELECT " TEAM_COLUMNS "WHERE " ORG_VISIBLE(
	    "?1") "ORDER BY t.retired_at IS NOT NULL, "
	          "t.name COLLATE NOCASE",
	[ST_ORG_DIRECTOR_TEAMS] = "SELECT team_id FROM director_teams "
	                          "WHERE user_id = ?1 ORDER BY team_id",
	[ST_ORG_DIRECTOR_CLEAR] = "DELETE FROM director_teams WHERE user_id = ?1",
	[ST_ORG_DIRECTOR_ADD] =
	    "INSERT OR IGNORE INTO director_teams (user_id, team_id) "
	    "SELECT ?1, id FROM teams WHERE id = ?2",
	[ST_ORG_TEAM_TARGETS] =
	    "SELECT early_target, inflow_target FROM teams WHERE id = ?1",
	[ST_ORG_DEFAULT_TARGETS] =
	    "SELECT early_target, inflow_target FROM org_targets WHERE id = 1",
	[ST_ORG_SET_TEAM_TARGETS] = "UPDATE teams SET early_target = ?2, "
	                            "inflow_target = ?3 WHERE id = ?1",
	[ST_ORG_SET_DEFAULT_TARGETS] = "UPDATE org_targets SET early_target = ?2, "
	                               "inflow_target = ?3 WHERE id = ?1",
	[ST_ORG_APPLY_DEFAULT_TARGETS] =
	    "UPDATE teams SET (early_target, inflow_target) = (SELECT "
	    "early_target, inflow_target FROM org_targets WHERE id = 1)",
	/* Every team's revision and row 0 together: /org's stamp. */
	[ST_ORG_REVISION] = "SELECT COALESCE(sum(rev), 0) FROM team_revisions",

	/* ---- email: settings, the outbox, reminders (db_mail.c) ---- */
	[ST_SETTINGS_GET] = "SELECT timezone, mail_off, send_day, send_hour "
	                    "FROM user_settings WHERE user_id = ?1",
	[ST_SETTINGS_SET] =
	    "INSERT INTO user_settings (user_id, timezone, mail_off, send_day, "
	    "send_hour) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id) DO "
	    "UPDATE SET timezone = ?2, mail_off = ?3, send_day = ?4, "
	    "send_hour = ?5",
	[ST_SETTINGS_MAIL_OFF] =
	    "INSERT INTO user_settings (user_id, mail_off) VALUES (?1, ?2) "
	    "ON CONFLICT (user_id) DO UPDATE SET mail_off = mail_off | ?2",
	/* Everyone email may go to, with their settings (users, not deals). */
	[ST_MAIL_RECIPIENTS] =
	    "SELECT COALESCE(s.timezone, ''), COALESCE(s.mail_off, 0), "
	    "COALESCE(s.send_day, 1), COALESCE(s.send_hour, 8), " USER_COLUMNS
	    "LEFT JOIN user_settings s ON s.user_id = u.id "
	    "WHERE u.active = 1 ORDER BY u.id",
	/* The outbox: a row is written before its message leaves, and the
	 * unique (user, kind, period) lets only one run write it. */
	[ST_OUTBOX_CLAIM] =
	    "INSERT INTO outbox (user_id, kind, period, state, tries, "
	    "claimed_at, token_hash) VALUES (?1, ?2, ?3, 'sending', 1, ?4, ?5) "
	    "ON CONFLICT DO NOTHING",
	[ST_OUTBOX_EMPTY] =
	    "INSERT INTO outbox (user_id, kind, period, state, tries, "
	    "claimed_at, sent_at) VALUES (?1, ?2, ?3, 'empty', 0, ?4, ?4) "
	    "ON CONFLICT DO NOTHING",
	[ST_OUTBOX_RECLAIM] =
	    "UPDATE outbox SET state = 'sending', tries = tries + 1, "
	    "claimed_at = ?3, token_hash = ?2 WHERE id = ?1 AND state = 'retry'",
	[ST_OUTBOX_SENT] = "UPDATE outbox SET state = 'sent', sent_at = ?2, "
	                   "error = '' WHERE id = ?1",
	[ST_OUTBOX_REFUSED] =
	    "UPDATE outbox SET state = CASE WHEN ?4 THEN 'failed' ELSE 'retry' "
	    "END, error = ?2, next_try_at = ?3, token_hash = NULL WHERE id = ?1",
	[ST_OUTBOX_RETRIES] =
	    "SELECT o.id, o.user_id, u.email, o.kind, o.period, o.state, o.tries, "
	    "o.next_try_at, o.claimed_at, o.error FROM outbox o "
	    "JOIN users u ON u.id = o.user_id "
	    "WHERE o.state = 'retry' AND o.next_try_at <= ?1 ORDER BY o.id",
	[ST_OUTBOX_PROBLEMS] =
	    "SELECT o.id, o.user_id, u.email, o.kind, o.period, o.state, o.tries, "
	    "o.next_try_at, o.claimed_at, o.error FROM outbox o "
	    "JOIN users u ON u.id = o.user_id WHERE o.state = 'failed' "
	    "OR (o.state = 'sending' AND o.claimed_at < ?1) "
	    "ORDER BY o.claimed_at DESC, o.id DESC LIMIT 50",
	[ST_OUTBOX_COUNTS] = "SELECT state, count(*) FROM outbox GROUP BY state",
	[ST_OUTBOX_BY_TOKEN] =
	    "SELECT user_id, kind FROM outbox WHERE token_hash = ?1",
	/* A rep's due and missing next steps: the open deals of one owner,
	 * read through deals_owner. */
	[ST_REMINDER_DEALS] =
	    "SELECT id, company, title, next_step, next_step_due FROM deals "
	    "WHERE owner_id = ?1 AND status = 'open' AND (next_step = '' OR "
	    "(next_step_due <> '' AND next_step_due <= ?2)) "
	    "ORDER BY next_step = '', next_step_due, id LIMIT ?3",
	[ST_MAIL_MANAGERS] = "SELECT " USER_COLUMNS
	                     "WHERE u.role = 'manager' AND u.active = 1 "
	                     "AND t.retired_at IS NULL ORDER BY t.name, u.name",
	[ST_OUTBOX_HAS] = "SELECT 1 FROM outbox WHERE user_id = ?1 AND kind = ?2 "
	                  "AND period = ?3",
	[ST_OUTBOX_SET_EMPTY] = "UPDATE outbox SET state = 'empty', sent_at = ?2, "
	                        "token_hash = NULL WHERE id = ?1",
	/* An email the next run sends (the admin's test email). */
	[ST_OUTBOX_QUEUE] =
	    "INSERT INTO outbox (user_id, kind, period, state, tries, "
	    "next_try_at, claimed_at) VALUES (?1, ?2, ?3, 'retry', 0, ?4, ?4) "
	    "ON CONFLICT DO NOTHING",
	[ST_OUTBOX_RECENT] =
	    "SELECT o.id, o.user_id, u.email, o.kind, o.period, o.state, o.tries, "
	    "o.next_try_at, o.claimed_at, o.error FROM outbox o "
	    "JOIN users u ON u.id = o.user_id WHERE o.state <> 'empty' "
	    "ORDER BY o.id DESC LIMIT ?1",
	/* Next steps: a deal's trail, at most one open (db_step.c). */
	[ST_STEP_OPEN_GET] = "SELECT " STEP_COLUMNS " FROM deal_steps "
	                     "WHERE deal_id = ?1 AND done_at IS NULL",
	[ST_STEP_DONE_GET] = "SELECT " STEP_COLUMNS " FROM deal_steps "
	                     "WHERE id = ?1 AND deal_id = ?2 "
	                     "AND done_at IS NOT NULL",
	[ST_STEP_INSERT] =
	    "INSERT INTO deal_steps (deal_id, text, due, created_by, created_at) "
	    "SELECT id, ?3, ?4, ?2, ?5 FROM deals WHERE id = ?1 AND owner_id = ?2",
	[ST_STEP_DONE] =
	    "UPDATE deal_steps SET done_at = ?3, done_by = ?2, outcome = ?4 "
	    "WHERE deal_id = ?1 AND done_at IS NULL AND EXISTS (SELECT 1 FROM "
	    "deals WHERE id = ?1 AND owner_id = ?2)",
	[ST_STEP_RESCHEDULE] =
	    "UPDATE deal_steps SET due = ?3 WHERE deal_id = ?1 "
	    "AND done_at IS NULL AND EXISTS (SELECT 1 FROM deals "
	    "WHERE id = ?1 AND owner_id = ?2)",
	[ST_STEP_REOPEN] =
	    "INSERT INTO deal_steps (deal_id, text, due, created_by, created_at) "
	    "SELECT s.deal_id, s.text, s.due, ?3, ?4 FROM deal_steps s "
	    "JOIN deals d ON d.id = s.deal_id WHERE s.id = ?1 AND s.deal_id = ?2 "
	    "AND d.owner_id = ?3 AND s.done_at IS NOT NULL",
	[ST_STEP_IMPORT] =
	    "INSERT INTO deal_steps (deal_id, text, due, created_by, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	/* The mirror: the open step's text and due on the deal. */
	[ST_STEP_MIRROR] =
	    "UPDATE deals SET next_step = COALESCE((SELECT text FROM deal_steps "
	    "WHERE deal_id = ?1 AND done_at IS NULL), ''), next_step_due = "
	    "COALESCE((SELECT due FROM deal_steps WHERE deal_id = ?1 "
	    "AND done_at IS NULL), ''), updated_at = ?2, last_activity_at = ?2 "
	    "WHERE id = ?1",
	[ST_STEP_MIRROR_CHECK] =
	    "SELECT count(*) FROM deals d LEFT JOIN deal_steps s "
	    "ON s.deal_id = d.id AND s.done_at IS NULL "
	    "WHERE d.next_step != COALESCE(s.text, '') "
	    "OR d.next_step_due != COALESCE(s.due, '')",
	/* Today first: an owner's open deals with a step due by today,
	 * oldest first; then those with no open step. */
	[ST_DEAL_DUE_TODAY] = "SELECT " DEAL_COLUMNS
	                      "WHERE d.owner_id = ?1 AND d.status = 'open' "
	                      "AND d.next_step_due > '' "
	                      "AND d.next_step_due <= ?2 "
	                      "ORDER BY d.next_step_due, d.id LIMIT ?3",
	[ST_DEAL_NO_STEP] = "SELECT " DEAL_COLUMNS
	                    "WHERE d.owner_id = ?1 AND d.status = 'open' "
	                    "AND d.next_step_due = '' AND d.next_step = '' "
	                    "ORDER BY d.id LIMIT ?2",
	/* The calendar feed: one hashed token a user (db_step.c). */
	[ST_FEED_SET] = "INSERT OR REPLACE INTO calendar_feeds (user_id, "
	                "token_hash, created_at) VALUES (?1, ?2, ?3)",
	[ST_FEED_DELETE] = "DELETE FROM calendar_feeds WHERE user_id = ?1",
	[ST_FEED_USER] = "SELECT f.user_id, f.created_at FROM calendar_feeds f "
	                 "JOIN users u ON u.id = f.user_id WHERE f.token_hash = ?1 "
	                 "AND u.active = 1",
	[ST_FEED_STEPS] = "SELECT d.id, d.company, d.next_step, d.next_step_due "
	                  "FROM deals d WHERE d.owner_id = ?1 "
	                  "AND d.status = 'open' AND d.next_step_due > '' "
	                  "ORDER BY d.next_step_due, d.id LIMIT ?2",
	[ST_FEED_OF_USER] = "SELECT created_at FROM calendar_feeds "
	                    "WHERE user_id = ?1",
	/* CSV import, reassigning deals, duplicate warnings (db_import.c).
	 * An imported deal is found again by its source and the id it has
	 * there (deals_import). */
	[ST_IMPORT_FIND] = "SELECT id, stage_id, status, owner_id FROM deals "
	                   "WHERE import_source = ?1 AND import_id = ?2",
	/* Never a late entry; created, and in its stage, since ?18: the
	 * export's creation date, or the import. */
	[ST_IMPORT_INSERT] =
	    "INSERT INTO deals (owner_id, team_id, company, contact, title, "
	    "amount, currency, source, expected_close, next_step, next_step_due, "
	    "stage_id, status, lost_reason, first_stage_id, late_entry, "
	    "stage_entered_at, created_at, updated_at, closed_at, "
	    "last_activity_at, import_source, import_id) VALUES (?1, "
	    "NULLIF(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?12, 0, ?18, ?18, ?15, CASE WHEN ?13 = 'open' THEN NULL ELSE ?15 "
	    "END, ?15, ?16, ?17)",
	/* The fields a newer export may change; no row when none differ.
	 * A new owner takes the deal to their team. */
	[ST_IMPORT_UPDATE] =
	    "UPDATE deals SET owner_id = ?2, team_id = CASE WHEN owner_id = ?2 "
	    "THEN team_id ELSE NULLIF(?3, 0) END, company = ?4, contact = ?5, "
	    "title = ?6, amount = ?7, source = ?8, expected_close = ?9, "
	    "next_step = ?10, next_step_due = ?11, lost_reason = ?12, "
	    "updated_at = ?13 WHERE id = ?1 AND (owner_id IS NOT ?2 "
	    "OR company IS NOT ?4 OR contact IS NOT ?5 OR title IS NOT ?6 "
	    "OR amount IS NOT ?7 OR source IS NOT ?8 OR expected_close IS NOT ?9 "
	    "OR next_step IS NOT ?10 OR next_step_due IS NOT ?11 "
	    "OR lost_reason IS NOT ?12)",
	[ST_IMPORT_RESTAGE] =
	    "UPDATE deals SET stage_id = ?2, status = ?3, stage_entered_at = ?4, "
	    "closed_at = CASE WHEN ?3 = 'open' THEN NULL ELSE ?4 END, "
	    "updated_at = ?4, last_activity_at = ?4 WHERE id = ?1",
	[ST_IMPORT_CHANGE] =
	    "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, "
	    "from_status, to_status, at, by_user_id, note, imported) "
	    "VALUES (?1, NULLIF(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, 1)",
	[ST_ALIAS_LIST] = "SELECT name, stage_id FROM stage_aliases ORDER BY name",
	[ST_ALIAS_SET] =
	    "INSERT INTO stage_aliases (name, stage_id) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO UPDATE SET stage_id = excluded.stage_id",
	/* One rep's open deals (deals_owner), for handing them over. */
	[ST_REASSIGN_LIST] = "SELECT id FROM deals WHERE owner_id = ?1 "
	                     "AND status = 'open' ORDER BY id",
	[ST_REASSIGN_ONE] =
	    "UPDATE deals SET owner_id = ?3, team_id = NULLIF(?4, 0), "
	    "updated_at = ?5 WHERE id = ?1 AND owner_id = ?2 "
	    "AND status = 'open'",
	/* A team's open deals whose company starts like ?2 (deals_team_open
	 * narrows to the team's open deals; the caller compares the
	 * companies as normalised). */
	[ST_DUPLICATE_CANDIDATES] =
	    "SELECT d.id, d.company, o.name FROM deals d "
	    "JOIN users o ON o.id = d.owner_id "
	    "WHERE d.team_id = ?1 AND d.status = 'open' "
	    "AND lower(substr(d.company, 1, length(?2))) = lower(?2) "
	    "ORDER BY d.id LIMIT 200",
};
