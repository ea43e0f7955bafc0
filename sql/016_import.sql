-- 016: deals brought in from other tools (CSV import), and the stage
-- names those tools use.  Every existing row stays as it is: deals
-- logged here have no import source, and their history is not imported.

-- Where an imported deal came from: the tool ('pipedrive', 'hubspot',
-- 'salesforce', 'groundwork', or 'csv' for any other file) and the id
-- that tool gave it.  Importing the same row again finds the deal
-- through this pair, so a re-import never makes a second deal.
ALTER TABLE deals ADD COLUMN import_source TEXT;
ALTER TABLE deals ADD COLUMN import_id TEXT;
CREATE UNIQUE INDEX deals_import ON deals(import_source, import_id)
	WHERE import_source IS NOT NULL;

-- A stage change written by an import ("imported at Discovery on
-- 2025-03-14", or a newer export moving the deal on).  What happened in
-- the other tool before the import is unknown, so these rows count in
-- no team figure: not as an entry into a stage (conversion), not as a
-- move, win or loss, and the visit they start is not timed.
ALTER TABLE stage_changes ADD COLUMN imported INTEGER NOT NULL DEFAULT 0
	CHECK (imported IN (0, 1));

-- Stage names other tools use, mapped once by an admin to a Groundwork
-- stage ("Qualified" -> Discovery); later imports reuse the mapping.
CREATE TABLE stage_aliases (
	name     TEXT PRIMARY KEY COLLATE NOCASE,
	stage_id INTEGER NOT NULL REFERENCES stages(id)
);

-- An imported deal is not one of its rep's new deals: inflow and the
-- late-entry rate count only deals logged here.
DROP TRIGGER IF EXISTS deals_inflow;
CREATE TRIGGER deals_inflow AFTER INSERT ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) AND NEW.import_source IS NULL
BEGIN
	INSERT INTO team_inflow (team_id, owner_id, week, deals, late)
	VALUES (COALESCE(NEW.team_id, 0), NEW.owner_id,
	        (NEW.created_at + 259200) / 604800, 1, NEW.late_entry)
	ON CONFLICT (team_id, owner_id, week) DO UPDATE
	SET deals = deals + 1, late = late + excluded.late;
END;

-- As in 005, except that imported rows count nowhere, and a visit that
-- an imported row began is not timed when the deal later moves on.
DROP TRIGGER IF EXISTS stage_changes_flow;
CREATE TRIGGER stage_changes_flow AFTER INSERT ON stage_changes
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) AND NEW.imported = 0
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

	-- the visit that just ended, by whole days (unless an import began it)
	INSERT INTO team_visits (team_id, owner_id, stage_id, day, days, visits)
	SELECT COALESCE(d.team_id, 0), d.owner_id, NEW.from_stage_id,
	       NEW.at / 86400, (NEW.at - p.at) / 86400, 1
	FROM deals d, (SELECT at, imported FROM stage_changes
	               WHERE deal_id = NEW.deal_id AND id < NEW.id
	               ORDER BY id DESC LIMIT 1) AS p
	WHERE d.id = NEW.deal_id AND NEW.from_stage_id IS NOT NULL
	  AND NEW.from_status = 'open' AND p.imported = 0
	ON CONFLICT (team_id, day, stage_id, owner_id, days) DO UPDATE
	SET visits = visits + 1;
END;

-- The default pipelines of the tools teams most often come from, mapped
-- to the default stages (where those stages are still there), so their
-- exports import without a mapping step for the common names.
INSERT INTO stage_aliases (name, stage_id)
SELECT a.name, a.stage_id FROM (
	SELECT 'Qualified' AS name, 1 AS stage_id        -- Pipedrive
	UNION ALL SELECT 'Contact Made', 2
	UNION ALL SELECT 'Demo Scheduled', 3
	UNION ALL SELECT 'Proposal Made', 4
	UNION ALL SELECT 'Negotiations Started', 5
	UNION ALL SELECT 'Appointment Scheduled', 1      -- HubSpot
	UNION ALL SELECT 'Qualified To Buy', 2
	UNION ALL SELECT 'Presentation Scheduled', 3
	UNION ALL SELECT 'Decision Maker Bought-In', 4
	UNION ALL SELECT 'Contract Sent', 5
	UNION ALL SELECT 'Prospecting', 1                -- Salesforce
	UNION ALL SELECT 'Qualification', 1
	UNION ALL SELECT 'Needs Analysis', 2
	UNION ALL SELECT 'Value Proposition', 3
	UNION ALL SELECT 'Id. Decision Makers', 3
	UNION ALL SELECT 'Perception Analysis', 3
	UNION ALL SELECT 'Proposal/Price Quote', 4
	UNION ALL SELECT 'Negotiation/Review', 5
) AS a JOIN stages s ON s.id = a.stage_id
WHERE NOT EXISTS (SELECT 1 FROM stages t WHERE lower(t.name) = lower(a.name));
