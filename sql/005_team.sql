-- 005: summaries for the team pages.  Triggers keep them in the same
-- transaction as every change, so a team page reads a bounded number of
-- rows however large the database (or the team's history) grows.
-- Days and weeks are counted in UTC: day = at / 86400; a week starts on
-- Monday: week = (at + 259200) / 604800.

-- Deals created per rep per week, and how many were late entries.
CREATE TABLE team_inflow (
	team_id  INTEGER NOT NULL,
	owner_id INTEGER NOT NULL,
	week     INTEGER NOT NULL,
	deals    INTEGER NOT NULL,
	late     INTEGER NOT NULL,
	PRIMARY KEY (team_id, owner_id, week)
) WITHOUT ROWID;

CREATE TRIGGER deals_inflow AFTER INSERT ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO team_inflow (team_id, owner_id, week, deals, late)
	VALUES (COALESCE(NEW.team_id, 0), NEW.owner_id,
	        (NEW.created_at + 259200) / 604800, 1, NEW.late_entry)
	ON CONFLICT (team_id, owner_id, week) DO UPDATE
	SET deals = deals + 1, late = late + excluded.late;
END;

-- What happened per rep, stage and day, from the stage history:
-- entries into the stage (creation, a move in, a reopen), moves back out
-- of it, moves out of it that skipped stages or criteria, wins and
-- losses in it.
CREATE TABLE team_flow (
	team_id     INTEGER NOT NULL,
	owner_id    INTEGER NOT NULL,
	stage_id    INTEGER NOT NULL,
	day         INTEGER NOT NULL,
	entries     INTEGER NOT NULL DEFAULT 0,
	regressions INTEGER NOT NULL DEFAULT 0,
	skips       INTEGER NOT NULL DEFAULT 0,
	won         INTEGER NOT NULL DEFAULT 0,
	lost        INTEGER NOT NULL DEFAULT 0,
	-- recorded by someone other than the deal's owner (a manager riding
	-- in): the super-rep index
	entries_by_other INTEGER NOT NULL DEFAULT 0,
	won_by_other     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (team_id, day, stage_id, owner_id)
) WITHOUT ROWID;

-- Finished visits to a stage by whole days spent, per day they ended.
CREATE TABLE team_visits (
	team_id  INTEGER NOT NULL,
	owner_id INTEGER NOT NULL,
	stage_id INTEGER NOT NULL,
	day      INTEGER NOT NULL,
	days     INTEGER NOT NULL,
	visits   INTEGER NOT NULL,
	PRIMARY KEY (team_id, day, stage_id, owner_id, days)
) WITHOUT ROWID;

CREATE TRIGGER stage_changes_flow AFTER INSERT ON stage_changes
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO team_flow (team_id, owner_id, stage_id, day, entries,
	                       regressions, skips, won, lost, entries_by_other,
	                       won_by_other)
	SELECT COALESCE(d.team_id, 0), d.owner_id, x.stage_id, NEW.at / 86400,
	       x.entries, x.regressions, x.skips, x.won, x.lost,
	       x.entries * (NEW.by_user_id != d.owner_id),
	       x.won * (NEW.by_user_id != d.owner_id)
	FROM deals d, (
		-- an entry into the stage it goes to
		SELECT NEW.to_stage_id AS stage_id, 1 AS entries, 0 AS regressions,
		       0 AS skips, 0 AS won, 0 AS lost
		WHERE NEW.to_status = 'open' AND (NEW.from_stage_id IS NULL
		      OR NEW.from_stage_id != NEW.to_stage_id
		      OR NEW.from_status != 'open')
		UNION ALL
		-- what the leaving did to the stage it left
		SELECT NEW.from_stage_id, 0,
		       (NEW.to_status = 'open' AND (SELECT t.position FROM stages t
		           WHERE t.id = NEW.to_stage_id) < (SELECT f.position
		           FROM stages f WHERE f.id = NEW.from_stage_id)),
		       (NEW.skipped_stages > 0 OR NEW.skipped_criteria_count > 0),
		       NEW.to_status = 'won', NEW.to_status = 'lost'
		WHERE NEW.from_stage_id IS NOT NULL AND NEW.from_status = 'open'
	) AS x
	WHERE d.id = NEW.deal_id
	ON CONFLICT (team_id, day, stage_id, owner_id) DO UPDATE SET
		entries = entries + excluded.entries,
		regressions = regressions + excluded.regressions,
		skips = skips + excluded.skips,
		won = won + excluded.won,
		lost = lost + excluded.lost,
		entries_by_other = entries_by_other + excluded.entries_by_other,
		won_by_other = won_by_other + excluded.won_by_other;

	-- the visit that just ended, by whole days
	INSERT INTO team_visits (team_id, owner_id, stage_id, day, days, visits)
	SELECT COALESCE(d.team_id, 0), d.owner_id, NEW.from_stage_id,
	       NEW.at / 86400, (NEW.at - p.at) / 86400, 1
	FROM deals d, (SELECT at FROM stage_changes WHERE deal_id = NEW.deal_id
	               AND id < NEW.id ORDER BY id DESC LIMIT 1) AS p
	WHERE d.id = NEW.deal_id AND NEW.from_stage_id IS NOT NULL
	  AND NEW.from_status = 'open'
	ON CONFLICT (team_id, day, stage_id, owner_id, days) DO UPDATE
	SET visits = visits + 1;
END;

-- Whether a deal ever skipped a stage or left one with criteria
-- unticked: forecast risk for late-stage deals.
ALTER TABLE deals ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER stage_changes_mark_skips AFTER INSERT ON stage_changes
WHEN (NEW.skipped_stages > 0 OR NEW.skipped_criteria_count > 0)
     AND NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	UPDATE deals SET skipped = 1 WHERE id = NEW.deal_id AND skipped = 0;
END;

-- Open deals of a team, by stage and how long they have been there or
-- gone quiet: stalled deals and current visits read this index only.
CREATE INDEX deals_team_open ON deals(team_id, status, stage_id,
	stage_entered_at, last_activity_at, owner_id, skipped, amount);
CREATE INDEX deals_team_created ON deals(team_id, created_at);

-- A database made before this migration already has deals and history:
-- fill the summaries from them, exactly as the triggers would have.
INSERT INTO team_inflow (team_id, owner_id, week, deals, late)
SELECT COALESCE(team_id, 0), owner_id, (created_at + 259200) / 604800,
       count(*), sum(late_entry)
FROM deals GROUP BY 1, 2, 3;

UPDATE deals SET skipped = 1 WHERE id IN (SELECT deal_id FROM stage_changes
	WHERE skipped_stages > 0 OR skipped_criteria_count > 0);

INSERT INTO team_flow (team_id, owner_id, stage_id, day, entries,
                       regressions, skips, won, lost, entries_by_other,
                       won_by_other)
SELECT team_id, owner_id, stage_id, day, sum(entries), sum(regressions),
       sum(skips), sum(won), sum(lost), sum(entries_by_other),
       sum(won_by_other)
FROM (
	SELECT COALESCE(d.team_id, 0) AS team_id, d.owner_id, c.to_stage_id
	       AS stage_id, c.at / 86400 AS day, 1 AS entries, 0 AS regressions,
	       0 AS skips, 0 AS won, 0 AS lost,
	       c.by_user_id != d.owner_id AS entries_by_other, 0 AS won_by_other
	FROM stage_changes c JOIN deals d ON d.id = c.deal_id
	WHERE c.to_status = 'open' AND (c.from_stage_id IS NULL
	      OR c.from_stage_id != c.to_stage_id OR c.from_status != 'open')
	UNION ALL
	SELECT COALESCE(d.team_id, 0), d.owner_id, c.from_stage_id, c.at / 86400,
	       0, (c.to_status = 'open' AND t.position < f.position),
	       (c.skipped_stages > 0 OR c.skipped_criteria_count > 0),
	       c.to_status = 'won', c.to_status = 'lost', 0,
	       c.to_status = 'won' AND c.by_user_id != d.owner_id
	FROM stage_changes c JOIN deals d ON d.id = c.deal_id
	JOIN stages t ON t.id = c.to_stage_id JOIN stages f ON f.id = c.from_stage_id
	WHERE c.from_stage_id IS NOT NULL AND c.from_status = 'open'
)
GROUP BY team_id, owner_id, stage_id, day;

INSERT INTO team_visits (team_id, owner_id, stage_id, day, days, visits)
SELECT COALESCE(d.team_id, 0), d.owner_id, c.from_stage_id, c.at / 86400,
       (c.at - (SELECT p.at FROM stage_changes p WHERE p.deal_id = c.deal_id
                AND p.id < c.id ORDER BY p.id DESC LIMIT 1)) / 86400,
       count(*)
FROM stage_changes c JOIN deals d ON d.id = c.deal_id
WHERE c.from_stage_id IS NOT NULL AND c.from_status = 'open'
GROUP BY 1, 2, 3, 4, 5;
