/*
 * route.c - the page table and the path matcher.
 */
#include "route.h"
#include "db.h"

#include <string.h>

const char *const page_paths[PAGE__MAX] = {
	[PAGE_HOME] = "/",
	[PAGE_LOGIN] = "/login",
	[PAGE_LOGOUT] = "/logout",
	[PAGE_HEALTHZ] = "/healthz",
	[PAGE_DEALS] = "/deals",
	[PAGE_DEAL_NEW] = "/deals/new",
	[PAGE_DEAL] = "/deals/{id}",
	[PAGE_DEAL_MOVE] = "/deals/{id}/move",
	[PAGE_DEAL_CLOSE] = "/deals/{id}/close",
	[PAGE_DEAL_REOPEN] = "/deals/{id}/reopen",
	[PAGE_DEAL_TICK] = "/deals/{id}/tick",
	[PAGE_DEAL_UNTICK] = "/deals/{id}/untick",
	[PAGE_DEAL_AID] = "/deals/{id}/aids",
	[PAGE_DEAL_VERIFY] = "/deals/{id}/verify",
	[PAGE_AIDS] = "/aids",
	[PAGE_AIDS_EFFECT] = "/aids/effectiveness",
	[PAGE_AID] = "/aids/{id}",
	[PAGE_ADMIN_STAGES] = "/admin/stages",
	[PAGE_ADMIN_STAGE] = "/admin/stages/{id}",
	[PAGE_ADMIN_STAGE_CRITERIA] = "/admin/stages/{id}/criteria",
	[PAGE_ADMIN_CRITERION] = "/admin/criteria/{id}",
	[PAGE_ADMIN_AIDS] = "/admin/aids",
	[PAGE_ADMIN_AID_NEW] = "/admin/aids/new",
	[PAGE_ADMIN_AID] = "/admin/aids/{id}",
	[PAGE_TEAM] = "/team",
	[PAGE_TEAM_REP] = "/team/reps/{id}",
	[PAGE_TEAM_DEALS] = "/team/deals",
	[PAGE_TEAM_DEALS_CSV] = "/team/deals.csv",
	[PAGE_TEAM_HISTORY_CSV] = "/team/history.csv",
	[PAGE_COACHING] = "/team/coaching",
	[PAGE_COACHING_SNOOZE] = "/team/coaching/{id}/snooze",
	[PAGE_COACHING_DISMISS] = "/team/coaching/{id}/dismiss",
	[PAGE_COACHING_SESSION] = "/team/coaching/{id}/session",
	[PAGE_COACHING_REP_SESSION] = "/team/coaching/reps/{id}/session",
	[PAGE_COACHING_REP_SNOOZE] = "/team/coaching/reps/{id}/snooze",
	[PAGE_COACHING_REP_DISMISS] = "/team/coaching/reps/{id}/dismiss",
	[PAGE_COACHING_TOP] = "/team/coaching/top",
	[PAGE_SESSION_NEW] = "/team/sessions/new",
	[PAGE_TEAM_TIME] = "/team/time",
	[PAGE_MY_COACHING] = "/coaching",
	[PAGE_ADMIN_USERS] = "/admin/users",
	[PAGE_ADMIN_USER] = "/admin/users/{id}",
	[PAGE_ADMIN_USER_PASSWORD] = "/admin/users/{id}/password",
	[PAGE_ADMIN_USER_ACTIVE] = "/admin/users/{id}/active",
	[PAGE_ADMIN_TEAMS] = "/admin/teams",
	[PAGE_ADMIN_TEAM] = "/admin/teams/{id}",
	[PAGE_ADMIN_TEAM_ACTIVE] = "/admin/teams/{id}/active",
	[PAGE_ADMIN_OFFSITE] = "/admin/offsite",
	[PAGE_ADMIN_IMPORT] = "/admin/import",
	[PAGE_ADMIN_IMPORT_UPLOAD] = "/admin/import/upload",
	[PAGE_ADMIN_IMPORT_RUN] = "/admin/import/run",
	[PAGE_ADMIN_USER_REASSIGN] = "/admin/users/{id}/reassign",
	[PAGE_DEBUG_FAIL] = "/_debug/fail",
	[PAGE_ADMIN_USER_TEAMS] = "/admin/users/{id}/teams",
	[PAGE_ORG] = "/org",
	[PAGE_ORG_CSV] = "/org.csv",
	[PAGE_ORG_TARGETS] = "/org/targets",
	[PAGE_SETTINGS] = "/settings",
	[PAGE_UNSUBSCRIBE] = "/unsubscribe",
	[PAGE_ADMIN_MAIL] = "/admin/mail",
	[PAGE_ADMIN_MAIL_TEST] = "/admin/mail/test",
	[PAGE_DEAL_STEP_DONE] = "/deals/{id}/step/done",
	[PAGE_DEAL_STEP_RESCHEDULE] = "/deals/{id}/step/reschedule",
	[PAGE_DEAL_STEP_REOPEN] = "/deals/{id}/step/reopen",
	[PAGE_DEALS_BOARD] = "/deals/board",
	[PAGE_CALENDAR] = "/calendar",
	[PAGE_CALENDAR_FEED] = "/calendar/feed.ics",
};

const int page_roles[PAGE__MAX] = {
	[PAGE_HOME] = ROLE_NONE,
	[PAGE_LOGIN] = ROLE_NONE,
	[PAGE_LOGOUT] = ROLES_SIGNED_IN,
	[PAGE_HEALTHZ] = ROLE_NONE,
	[PAGE_DEALS] = ROLE_REP,
	[PAGE_DEAL_NEW] = ROLE_REP,
	/* Managers (own team) and admins may read a deal; its handlers
	 * let only the owner change it. */
	[PAGE_DEAL] = ROLES_SIGNED_IN,
	[PAGE_DEAL_MOVE] = ROLE_REP,
	[PAGE_DEAL_CLOSE] = ROLE_REP,
	[PAGE_DEAL_REOPEN] = ROLE_REP,
	[PAGE_DEAL_TICK] = ROLE_REP,
	[PAGE_DEAL_UNTICK] = ROLE_REP,
	[PAGE_DEAL_AID] = ROLE_REP,
	[PAGE_DEAL_VERIFY] = ROLE_MANAGER,
	[PAGE_AIDS] = ROLES_SIGNED_IN,
	[PAGE_AIDS_EFFECT] = ROLES_TEAM_READERS,
	[PAGE_AID] = ROLES_SIGNED_IN,
	[PAGE_ADMIN_STAGES] = ROLE_ADMIN,
	[PAGE_ADMIN_STAGE] = ROLE_ADMIN,
	[PAGE_ADMIN_STAGE_CRITERIA] = ROLE_ADMIN,
	[PAGE_ADMIN_CRITERION] = ROLE_ADMIN,
	[PAGE_ADMIN_AIDS] = ROLE_ADMIN,
	[PAGE_ADMIN_AID_NEW] = ROLE_ADMIN,
	[PAGE_ADMIN_AID] = ROLE_ADMIN,
	[PAGE_TEAM] = ROLES_TEAM_READERS,
	[PAGE_TEAM_REP] = ROLES_TEAM_READERS,
	[PAGE_TEAM_DEALS] = ROLES_TEAM_READERS,
	[PAGE_TEAM_DEALS_CSV] = ROLES_TEAM_READERS,
	[PAGE_TEAM_HISTORY_CSV] = ROLES_TEAM_READERS,
	/* Coaching is the manager's own work on their own team; admins and
	 * directors read the list and the meter, and their POSTs to either
	 * get 404 from the handler (team_scope.h). */
	[PAGE_COACHING] = ROLES_TEAM_READERS,
	[PAGE_COACHING_SNOOZE] = ROLE_MANAGER,
	[PAGE_COACHING_DISMISS] = ROLE_MANAGER,
	[PAGE_COACHING_SESSION] = ROLE_MANAGER,
	[PAGE_COACHING_REP_SESSION] = ROLE_MANAGER,
	[PAGE_COACHING_REP_SNOOZE] = ROLE_MANAGER,
	[PAGE_COACHING_REP_DISMISS] = ROLE_MANAGER,
	[PAGE_COACHING_TOP] = ROLE_MANAGER,
	[PAGE_SESSION_NEW] = ROLE_MANAGER,
	[PAGE_TEAM_TIME] = ROLES_TEAM_READERS,
	[PAGE_MY_COACHING] = ROLE_REP,
	[PAGE_ADMIN_USERS] = ROLE_ADMIN,
	[PAGE_ADMIN_USER] = ROLE_ADMIN,
	[PAGE_ADMIN_USER_PASSWORD] = ROLE_ADMIN,
	[PAGE_ADMIN_USER_ACTIVE] = ROLE_ADMIN,
	[PAGE_ADMIN_TEAMS] = ROLE_ADMIN,
	[PAGE_ADMIN_TEAM] = ROLE_ADMIN,
	[PAGE_ADMIN_TEAM_ACTIVE] = ROLE_ADMIN,
	[PAGE_ADMIN_OFFSITE] = ROLE_ADMIN,
	[PAGE_ADMIN_IMPORT] = ROLE_ADMIN,
	[PAGE_ADMIN_IMPORT_UPLOAD] = ROLE_ADMIN,
	[PAGE_ADMIN_IMPORT_RUN] = ROLE_ADMIN,
	[PAGE_ADMIN_USER_REASSIGN] = ROLE_ADMIN,
	[PAGE_DEBUG_FAIL] = ROLE_NONE,
	[PAGE_ADMIN_USER_TEAMS] = ROLE_ADMIN,
	/* The leader's pages: directors, and admins, who see every team. */
	[PAGE_ORG] = ROLE_DIRECTOR | ROLE_ADMIN,
	[PAGE_ORG_CSV] = ROLE_DIRECTOR | ROLE_ADMIN,
	[PAGE_ORG_TARGETS] = ROLE_DIRECTOR | ROLE_ADMIN,
	[PAGE_SETTINGS] = ROLES_SIGNED_IN,
	[PAGE_UNSUBSCRIBE] = ROLE_NONE,
	[PAGE_ADMIN_MAIL] = ROLE_ADMIN,
	[PAGE_ADMIN_MAIL_TEST] = ROLE_ADMIN,
	[PAGE_DEAL_STEP_DONE] = ROLE_REP,
	[PAGE_DEAL_STEP_RESCHEDULE] = ROLE_REP,
	[PAGE_DEAL_STEP_REOPEN] = ROLE_REP,
	/* A rep's own board; a manager's team board, read-only. */
	[PAGE_DEALS_BOARD] = ROLE_REP | ROLE_MANAGER,
	[PAGE_CALENDAR] = ROLES_SIGNED_IN,
	/* The feed's token is its only key: no cookie, no session. */
	[PAGE_CALENDAR_FEED] = ROLE_NONE,
};

const handler_fn page_get[PAGE__MAX] = {
	[PAGE_HOME] = h_auth_home_get,
	[PAGE_LOGIN] = h_auth_login_get,
	[PAGE_HEALTHZ] = h_pages_healthz_get,
	[PAGE_DEALS] = h_deals_get,
	[PAGE_DEAL_NEW] = h_deal_new_get,
	[PAGE_DEAL] = h_deal_get,
	[PAGE_AIDS] = h_aids_get,
	[PAGE_AIDS_EFFECT] = h_aids_effect_get,
	[PAGE_AID] = h_aid_get,
	[PAGE_ADMIN_STAGES] = h_admin_stages_get,
	[PAGE_ADMIN_STAGE] = h_admin_stage_get,
	[PAGE_ADMIN_AIDS] = h_admin_aids_get,
	[PAGE_ADMIN_AID_NEW] = h_admin_aid_new_get,
	[PAGE_ADMIN_AID] = h_admin_aid_get,
	[PAGE_TEAM] = h_team_get,
	[PAGE_TEAM_REP] = h_team_rep_get,
	[PAGE_TEAM_DEALS] = h_team_deals_get,
	[PAGE_TEAM_DEALS_CSV] = h_team_deals_csv_get,
	[PAGE_TEAM_HISTORY_CSV] = h_team_history_csv_get,
	[PAGE_COACHING] = h_coaching_get,
	[PAGE_SESSION_NEW] = h_coaching_session_new_get,
	[PAGE_TEAM_TIME] = h_coaching_time_get,
	[PAGE_MY_COACHING] = h_coaching_mine_get,
	[PAGE_ADMIN_USERS] = h_admin_users_get,
	[PAGE_ADMIN_USER] = h_admin_user_get,
	[PAGE_ADMIN_TEAMS] = h_admin_teams_get,
	[PAGE_ADMIN_TEAM] = h_admin_team_get,
	[PAGE_ADMIN_OFFSITE] = h_admin_offsite_get,
	[PAGE_ADMIN_IMPORT] = h_admin_import_get,
	[PAGE_ADMIN_IMPORT_RUN] = h_admin_import_run_get,
	[PAGE_DEBUG_FAIL] = h_pages_debug_fail_get,
	[PAGE_ORG] = h_org_get,
	[PAGE_ORG_CSV] = h_org_csv_get,
	[PAGE_ORG_TARGETS] = h_org_targets_get,
	[PAGE_SETTINGS] = h_settings_get,
	[PAGE_UNSUBSCRIBE] = h_settings_unsubscribe_get,
	[PAGE_ADMIN_MAIL] = h_admin_mail_get,
	[PAGE_DEALS_BOARD] = h_board_get,
	[PAGE_CALENDAR] = h_calendar_get,
	[PAGE_CALENDAR_FEED] = h_calendar_feed_get,
};

const handler_fn page_post[PAGE__MAX] = {
	[PAGE_LOGIN] = h_auth_login_post,
	[PAGE_LOGOUT] = h_auth_logout_post,
	[PAGE_DEAL_NEW] = h_deal_new_post,
	[PAGE_DEAL] = h_deal_post,
	[PAGE_DEAL_MOVE] = h_deal_move_post,
	[PAGE_DEAL_CLOSE] = h_deal_close_post,
	[PAGE_DEAL_REOPEN] = h_deal_reopen_post,
	[PAGE_DEAL_TICK] = h_deal_tick_post,
	[PAGE_DEAL_UNTICK] = h_deal_untick_post,
	[PAGE_DEAL_AID] = h_deal_aid_post,
	[PAGE_DEAL_VERIFY] = h_deal_verify_post,
	[PAGE_COACHING] = h_coaching_post,
	[PAGE_COACHING_SNOOZE] = h_coaching_snooze_post,
	[PAGE_COACHING_DISMISS] = h_coaching_dismiss_post,
	[PAGE_COACHING_SESSION] = h_coaching_session_post,
	[PAGE_COACHING_REP_SESSION] = h_coaching_rep_session_post,
	[PAGE_COACHING_REP_SNOOZE] = h_coaching_rep_snooze_post,
	[PAGE_COACHING_REP_DISMISS] = h_coaching_rep_dismiss_post,
	[PAGE_COACHING_TOP] = h_coaching_top_post,
	[PAGE_SESSION_NEW] = h_coaching_session_new_post,
	[PAGE_TEAM_TIME] = h_coaching_time_post,
	[PAGE_ADMIN_STAGES] = h_admin_stages_post,
	[PAGE_ADMIN_STAGE] = h_admin_stage_post,
	[PAGE_ADMIN_STAGE_CRITERIA] = h_admin_stage_criteria_post,
	[PAGE_ADMIN_CRITERION] = h_admin_criterion_post,
	[PAGE_ADMIN_AID_NEW] = h_admin_aid_new_post,
	[PAGE_ADMIN_AID] = h_admin_aid_post,
	[PAGE_ADMIN_USERS] = h_admin_users_post,
	[PAGE_ADMIN_USER] = h_admin_user_post,
	[PAGE_ADMIN_USER_PASSWORD] = h_admin_user_password_post,
	[PAGE_ADMIN_USER_ACTIVE] = h_admin_user_active_post,
	[PAGE_ADMIN_TEAMS] = h_admin_teams_post,
	[PAGE_ADMIN_TEAM] = h_admin_team_post,
	[PAGE_ADMIN_TEAM_ACTIVE] = h_admin_team_active_post,
	[PAGE_ADMIN_USER_TEAMS] = h_admin_user_teams_post,
	[PAGE_ORG_TARGETS] = h_org_targets_post,
	[PAGE_SETTINGS] = h_settings_post,
	[PAGE_UNSUBSCRIBE] = h_settings_unsubscribe_post,
	[PAGE_ADMIN_MAIL_TEST] = h_admin_mail_test_post,
	[PAGE_DEAL_STEP_DONE] = h_deal_step_done_post,
	[PAGE_DEAL_STEP_RESCHEDULE] = h_deal_step_reschedule_post,
	[PAGE_DEAL_STEP_REOPEN] = h_deal_step_reopen_post,
	[PAGE_CALENDAR] = h_calendar_post,
	[PAGE_ADMIN_IMPORT_UPLOAD] = h_admin_import_upload_post,
	[PAGE_ADMIN_IMPORT_RUN] = h_admin_import_run_post,
	[PAGE_ADMIN_USER_REASSIGN] = h_admin_reassign_post,
};

const bool page_token_post[PAGE__MAX] = {
	[PAGE_UNSUBSCRIBE] = true,
};

/* Does path match pattern?  Fills *id from a "{id}" segment. */
static bool
match_one(const char *pattern, const char *path, int64_t *id)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (strncmp(p, "{id}", 4) == 0) {
			/* At most 18 digits, so v * 10 + 9 never overflows;
			 * a 19th digit is left unmatched and fails below. */
			int64_t v = 0;
			int digits = 0;
			while (*s >= '0' && *s <= '9' && digits < 18) {
				v = v * 10 + (*s - '0');
				s++;
				digits++;
			}
			if (digits == 0 || v == 0 || (*s >= '0' && *s <= '9'))
				return false;
			*id = v;
			p += 4;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

enum page
route_match(const char *path, int64_t *id)
{
	*id = 0;
	for (int i = 0; i < PAGE__MAX; i++)
		if (match_one(page_paths[i], path, id))
			return (enum page)i;
	return PAGE__MAX;
}
