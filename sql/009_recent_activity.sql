-- 009: indexes so the coaching rules read a team's recent activity, not
-- its whole history.
-- Deals by when they last changed: a stage change or a new deal in the
-- last 30 days is on a deal active in the last 30 days.  It replaces
-- deals_team_created, whose one query now uses it.
DROP INDEX deals_team_created;
CREATE INDEX deals_team_active ON deals(team_id, last_activity_at);
-- Each rep's latest job-aid use in a stage, by one seek.
CREATE INDEX job_aid_uses_user ON job_aid_uses(user_id, stage_id, used_at);
