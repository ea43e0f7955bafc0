/*
 * route.h - the page table.  Each page is one enum entry; the arrays
 * in route.c give, at the same index, its path pattern, the role bits
 * that may use it, and its GET and POST handlers.  A method without a
 * handler is answered 405.
 */
#ifndef GW_ROUTE_H
#define GW_ROUTE_H

#include "req.h"

enum page {
	PAGE_HOME,
	PAGE_LOGIN,
	PAGE_LOGOUT,
	PAGE_HEALTHZ,
	PAGE_DEALS,
	PAGE_DEAL_NEW,
	PAGE_DEAL,
	PAGE_DEAL_MOVE,
	PAGE_DEAL_CLOSE,
	PAGE_DEAL_REOPEN,
	PAGE_DEAL_TICK,
	PAGE_DEAL_UNTICK,
	PAGE_DEAL_AID,
	PAGE_DEAL_VERIFY,
	PAGE_AIDS,
	PAGE_AIDS_EFFECT,
	PAGE_AID,
	PAGE_ADMIN_STAGES,
	PAGE_ADMIN_STAGE,
	PAGE_ADMIN_STAGE_CRITERIA,
	PAGE_ADMIN_CRITERION,
	PAGE_ADMIN_AIDS,
	PAGE_ADMIN_AID_NEW,
	PAGE_ADMIN_AID,
	PAGE_TEAM,
	PAGE_TEAM_REP,
	PAGE_TEAM_DEALS,
	PAGE_TEAM_DEALS_CSV,
	PAGE_TEAM_HISTORY_CSV,
	PAGE_COACHING,
	PAGE_COACHING_SNOOZE,
	PAGE_COACHING_DISMISS,
	PAGE_COACHING_SESSION,
	PAGE_COACHING_REP_SESSION,
	PAGE_COACHING_REP_SNOOZE,
	PAGE_COACHING_REP_DISMISS,
	PAGE_COACHING_TOP,
	PAGE_SESSION_NEW,
	PAGE_TEAM_TIME,
	PAGE_MY_COACHING,
	PAGE_ADMIN_USERS,
	PAGE_ADMIN_USER,
	PAGE_ADMIN_USER_PASSWORD,
	PAGE_ADMIN_USER_ACTIVE,
	PAGE_ADMIN_TEAMS,
	PAGE_ADMIN_TEAM,
	PAGE_ADMIN_TEAM_ACTIVE,
	PAGE_ADMIN_OFFSITE,
	PAGE_ADMIN_IMPORT,
	PAGE_ADMIN_IMPORT_UPLOAD,
	PAGE_ADMIN_IMPORT_RUN,
	PAGE_ADMIN_USER_REASSIGN,
	PAGE_DEBUG_FAIL,
	PAGE_ADMIN_USER_TEAMS,
	PAGE_ORG,
	PAGE_ORG_CSV,
	PAGE_ORG_TARGETS,
	PAGE_SETTINGS,
	PAGE_UNSUBSCRIBE,
	PAGE_ADMIN_MAIL,
	PAGE_ADMIN_MAIL_TEST,
	/* Next steps. */
	PAGE_DEAL_STEP_DONE,
	PAGE_DEAL_STEP_RESCHEDULE,
	PAGE_DEAL_STEP_REOPEN,
	PAGE_DEALS_BOARD,
	PAGE_CALENDAR,
	PAGE_CALENDAR_FEED,
	PAGE__MAX
};

/* Who may use a page: ROLE_NONE means anyone, signed in or not. */
#define ROLES_SIGNED_IN (ROLE_REP | ROLE_MANAGER | ROLE_ADMIN | ROLE_DIRECTOR)
/* Who reads a team's pages: its manager; admins and directors read
 * only (team_scope.h). */
#define ROLES_TEAM_READERS (ROLE_MANAGER | ROLE_ADMIN | ROLE_DIRECTOR)

typedef void (*handler_fn)(struct req *r);

extern const char *const page_paths[PAGE__MAX];
extern const int page_roles[PAGE__MAX];
extern const handler_fn page_get[PAGE__MAX];
extern const handler_fn page_post[PAGE__MAX];
/* Pages whose POST carries its own proof (the token of an email's
 * unsubscribe link), so it needs no session, CSRF value or Origin. */
extern const bool page_token_post[PAGE__MAX];

/*
 * Match path against the table.  Returns the page, or PAGE__MAX when
 * nothing matches.  A "{id}" segment matches 1-18 digits and is
 * stored in *id.
 */
enum page route_match(const char *path, int64_t *id);

/*
 * Handlers, one file per page family: h_<x>_* is defined in h_<x>*.c.
 * Each answers its request completely (a page, a redirect or an error)
 * and returns nothing.
 */

/* h_auth.c */
void h_auth_home_get(struct req *r);
void h_auth_login_get(struct req *r);
void h_auth_login_post(struct req *r);
void h_auth_logout_post(struct req *r);

/* h_pages.c */
void h_pages_healthz_get(struct req *r);
void h_pages_debug_fail_get(struct req *r);

/* h_deals.c */
void h_deals_get(struct req *r);
void h_deal_new_get(struct req *r);
void h_deal_new_post(struct req *r);
void h_deal_get(struct req *r);
void h_deal_post(struct req *r);
void h_deal_move_post(struct req *r);
void h_deal_close_post(struct req *r);
void h_deal_reopen_post(struct req *r);

/* h_deal_steps.c */
void h_deal_step_done_post(struct req *r);
void h_deal_step_reschedule_post(struct req *r);
void h_deal_step_reopen_post(struct req *r);

/* h_calendar.c */
void h_calendar_get(struct req *r);
void h_calendar_post(struct req *r);
void h_calendar_feed_get(struct req *r);

/* h_board.c */
void h_board_get(struct req *r);

/* h_deal_playbook.c */
void h_deal_tick_post(struct req *r);
void h_deal_untick_post(struct req *r);
void h_deal_aid_post(struct req *r);
void h_deal_verify_post(struct req *r);

/* h_aids.c */
void h_aids_get(struct req *r);
void h_aids_effect_get(struct req *r);
void h_aid_get(struct req *r);

/* h_admin_playbook.c */
void h_admin_stages_get(struct req *r);
void h_admin_stages_post(struct req *r);
void h_admin_stage_get(struct req *r);
void h_admin_stage_post(struct req *r);
void h_admin_stage_criteria_post(struct req *r);
void h_admin_criterion_post(struct req *r);
void h_admin_aids_get(struct req *r);
void h_admin_aid_new_get(struct req *r);
void h_admin_aid_new_post(struct req *r);
void h_admin_aid_get(struct req *r);
void h_admin_aid_post(struct req *r);

/* h_team.c */
void h_team_get(struct req *r);
void h_team_rep_get(struct req *r);
void h_team_deals_get(struct req *r);
void h_team_deals_csv_get(struct req *r);
void h_team_history_csv_get(struct req *r);

/* h_settings.c */
void h_settings_get(struct req *r);
void h_settings_post(struct req *r);
void h_settings_unsubscribe_get(struct req *r);
void h_settings_unsubscribe_post(struct req *r);
/* h_admin_mail.c */
void h_admin_mail_get(struct req *r);
void h_admin_mail_test_post(struct req *r);
/* h_coaching.c */
void h_coaching_get(struct req *r);
void h_coaching_post(struct req *r);
void h_coaching_snooze_post(struct req *r);
void h_coaching_dismiss_post(struct req *r);
void h_coaching_session_post(struct req *r);
void h_coaching_rep_session_post(struct req *r);
void h_coaching_rep_snooze_post(struct req *r);
void h_coaching_rep_dismiss_post(struct req *r);
void h_coaching_top_post(struct req *r);
void h_coaching_session_new_get(struct req *r);
void h_coaching_session_new_post(struct req *r);
void h_coaching_time_get(struct req *r);
void h_coaching_time_post(struct req *r);
void h_coaching_mine_get(struct req *r);

/* h_admin.c */
void h_admin_users_get(struct req *r);
void h_admin_users_post(struct req *r);
void h_admin_user_get(struct req *r);
void h_admin_user_post(struct req *r);
void h_admin_user_password_post(struct req *r);
void h_admin_user_active_post(struct req *r);
void h_admin_teams_get(struct req *r);
void h_admin_teams_post(struct req *r);
void h_admin_team_get(struct req *r);
void h_admin_team_post(struct req *r);
void h_admin_team_active_post(struct req *r);
void h_admin_user_teams_post(struct req *r);

/* h_org.c */
void h_org_get(struct req *r);
void h_org_csv_get(struct req *r);
void h_org_targets_get(struct req *r);
void h_org_targets_post(struct req *r);

/* h_admin_offsite.c */
void h_admin_offsite_get(struct req *r);

/* h_admin_import.c: CSV import; h_admin_reassign.c: handing deals over */
void h_admin_import_get(struct req *r);
void h_admin_import_upload_post(struct req *r);
void h_admin_import_run_get(struct req *r);
void h_admin_import_run_post(struct req *r);
void h_admin_reassign_post(struct req *r);

#endif
