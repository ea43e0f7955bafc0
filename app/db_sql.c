/*
 * db_sql.c - the text of every statement, indexed by enum stmt.
 * Parameters are always bound; no SQL is ever assembled from pieces.
 */
#include "db_internal.h"

#define USER_COLUMNS                                                     \
	"u.id, u.email, u.name, u.role, COALESCE(u.team_id, 0), "        \
	"COALESCE(t.name, ''), u.password_hash, u.active "               \
	"FROM users u LEFT JOIN teams t ON t.id = u.team_id "

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
	[ST_TEAM_BY_NAME] = "SELECT t.id, t.name, "
	                    "(SELECT count(*) FROM users u WHERE u.team_id = t.id "
	                    "AND u.active = 1) FROM teams t WHERE t.name = ?1",
	[ST_TEAM_BY_ID] = "SELECT t.id, t.name, "
	                  "(SELECT count(*) FROM users u WHERE u.team_id = t.id "
	                  "AND u.active = 1) FROM teams t WHERE t.id = ?1",
	[ST_TEAM_INSERT] = "INSERT INTO teams (name, created_at) VALUES (?1, ?2)",
	[ST_TEAM_LIST] = "SELECT t.id, t.name, "
	                 "(SELECT count(*) FROM users u WHERE u.team_id = t.id "
	                 "AND u.active = 1) FROM teams t "
	                 "ORDER BY t.name COLLATE NOCASE",
	[ST_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) "
	    "VALUES (?1, ?2, ?3, ?3)",
	[ST_SESSION_GET] = "SELECT s.id, s.created_at, s.last_seen, " USER_COLUMNS
	                   "JOIN sessions s ON s.user_id = u.id "
	                   "WHERE s.token_hash = ?1 AND u.active = 1",
	[ST_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1",
	[ST_SESSION_DELETE] = "DELETE FROM sessions WHERE id = ?1",
	[ST_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
	[ST_SESSION_PURGE] =
	    "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2",
	[ST_SESSION_SET_FLASH] = "UPDATE sessions SET flash = ?2 WHERE id = ?1",
	[ST_SESSION_GET_FLASH] = "SELECT flash FROM sessions WHERE id = ?1",
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
};
