-- 008: deals_team (team_id, status, stage_id) is a prefix of
-- deals_team_open (005), which answers every query it did.  Each deal
-- insert and move wrote both; the create-deal POST holds the writer
-- lock for one index fewer.
DROP INDEX deals_team;
