-- 002: deals - stages, deals, their stage history and edit history.
-- Amounts are integer minor units (cents); dates typed by people are
-- 'YYYY-MM-DD' text; times are Unix seconds.

CREATE TABLE stages (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	position    INTEGER NOT NULL,
	early       INTEGER NOT NULL DEFAULT 0 CHECK (early IN (0, 1)),
	probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
	target_days INTEGER NOT NULL CHECK (target_days > 0),
	active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- The default buying process from the product brief.  Early stages get
-- shorter targets, so a stalled early deal shows up sooner.
INSERT INTO stages (id, name, position, early, probability, target_days) VALUES
	(1, 'Prospect',   1, 1, 10, 14),
	(2, 'Discovery',  2, 1, 20, 21),
	(3, 'Evaluation', 3, 0, 40, 30),
	(4, 'Proposal',   4, 0, 60, 21),
	(5, 'Commit',     5, 0, 80, 14);

CREATE TABLE deals (
	id               INTEGER PRIMARY KEY,
	owner_id         INTEGER NOT NULL REFERENCES users(id),
	team_id          INTEGER REFERENCES teams(id),   -- team at creation
	company          TEXT NOT NULL,
	contact          TEXT NOT NULL DEFAULT '',
	title            TEXT NOT NULL DEFAULT '',
	amount           INTEGER CHECK (amount IS NULL OR amount >= 0),
	currency         TEXT NOT NULL,
	source           TEXT NOT NULL DEFAULT '',
	expected_close   TEXT NOT NULL DEFAULT '',
	next_step        TEXT NOT NULL DEFAULT '',
	next_step_due    TEXT NOT NULL DEFAULT '',
	stage_id         INTEGER NOT NULL REFERENCES stages(id),
	status           TEXT NOT NULL DEFAULT 'open'
	                 CHECK (status IN ('open', 'won', 'lost')),
	lost_reason      TEXT NOT NULL DEFAULT '',
	first_stage_id   INTEGER NOT NULL REFERENCES stages(id),
	late_entry       INTEGER NOT NULL DEFAULT 0 CHECK (late_entry IN (0, 1)),
	stage_entered_at INTEGER NOT NULL,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	closed_at        INTEGER,
	last_activity_at INTEGER NOT NULL
);
-- My deals reads one rep's open deals stage by stage, in due-date
-- order, straight from this index (no sort, stops at the page size).
CREATE INDEX deals_owner ON deals(owner_id, status, stage_id, next_step_due);
-- The team pages: one team's deals.
CREATE INDEX deals_team ON deals(team_id, status, stage_id);

-- While a row is in bulk_load, the summary triggers stand aside: a bulk
-- import (demo and benchmark data) rebuilds the summaries at the end in
-- one pass instead, which is many times faster for millions of rows.
CREATE TABLE bulk_load (since INTEGER NOT NULL);

-- Deals and amounts per owner, stage and status, kept by triggers in
-- the same transaction as every change, so pages that count deals read
-- a handful of rows however many deals there are.
CREATE TABLE deal_counts (
	owner_id INTEGER NOT NULL,
	status   TEXT NOT NULL,
	stage_id INTEGER NOT NULL,
	team_id  INTEGER NOT NULL,   -- the deal's team at creation; 0 for none
	deals    INTEGER NOT NULL,
	amount   INTEGER NOT NULL,   -- minor units; unknown amounts count 0
	PRIMARY KEY (owner_id, status, stage_id, team_id)
) WITHOUT ROWID;
CREATE INDEX deal_counts_team ON deal_counts(team_id, status, stage_id);

CREATE TRIGGER deals_counted_insert AFTER INSERT ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO deal_counts (owner_id, status, stage_id, team_id, deals, amount)
	VALUES (NEW.owner_id, NEW.status, NEW.stage_id, COALESCE(NEW.team_id, 0),
	        1, COALESCE(NEW.amount, 0))
	ON CONFLICT (owner_id, status, stage_id, team_id) DO UPDATE
	SET deals = deals + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER deals_counted_update
AFTER UPDATE OF owner_id, team_id, stage_id, status, amount ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	UPDATE deal_counts SET deals = deals - 1,
	       amount = amount - COALESCE(OLD.amount, 0)
	WHERE owner_id = OLD.owner_id AND status = OLD.status
	  AND stage_id = OLD.stage_id AND team_id = COALESCE(OLD.team_id, 0);
	INSERT INTO deal_counts (owner_id, status, stage_id, team_id, deals, amount)
	VALUES (NEW.owner_id, NEW.status, NEW.stage_id, COALESCE(NEW.team_id, 0),
	        1, COALESCE(NEW.amount, 0))
	ON CONFLICT (owner_id, status, stage_id, team_id) DO UPDATE
	SET deals = deals + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER deals_counted_delete AFTER DELETE ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	UPDATE deal_counts SET deals = deals - 1,
	       amount = amount - COALESCE(OLD.amount, 0)
	WHERE owner_id = OLD.owner_id AND status = OLD.status
	  AND stage_id = OLD.stage_id AND team_id = COALESCE(OLD.team_id, 0);
END;

-- Append-only: every entry into a stage (from_stage_id NULL at
-- creation), every move, close and reopen.  Measures read only this.
CREATE TABLE stage_changes (
	id            INTEGER PRIMARY KEY,
	deal_id       INTEGER NOT NULL REFERENCES deals(id),
	from_stage_id INTEGER REFERENCES stages(id),
	to_stage_id   INTEGER NOT NULL REFERENCES stages(id),
	from_status   TEXT NOT NULL DEFAULT 'open',
	to_status     TEXT NOT NULL DEFAULT 'open',
	at            INTEGER NOT NULL,
	by_user_id    INTEGER NOT NULL REFERENCES users(id),
	note          TEXT NOT NULL DEFAULT '',
	skipped_stages INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stage_changes_deal ON stage_changes(deal_id, at);

CREATE TRIGGER stage_changes_no_update BEFORE UPDATE ON stage_changes
BEGIN
	SELECT RAISE(ABORT, 'stage_changes is append-only');
END;
CREATE TRIGGER stage_changes_no_delete BEFORE DELETE ON stage_changes
BEGIN
	SELECT RAISE(ABORT, 'stage_changes is append-only');
END;

-- Edits to a deal's fields, for its timeline: which fields changed.
CREATE TABLE deal_edits (
	id         INTEGER PRIMARY KEY,
	deal_id    INTEGER NOT NULL REFERENCES deals(id),
	at         INTEGER NOT NULL,
	by_user_id INTEGER NOT NULL REFERENCES users(id),
	fields     TEXT NOT NULL
);
CREATE INDEX deal_edits_deal ON deal_edits(deal_id, at);
