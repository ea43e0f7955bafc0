-- 004: the stage playbook - exit criteria, ticks with evidence, the
-- job-aid library and logged uses, and what a move skipped.

CREATE TABLE exit_criteria (
	id       INTEGER PRIMARY KEY,
	stage_id INTEGER NOT NULL REFERENCES stages(id),
	position INTEGER NOT NULL,
	text     TEXT NOT NULL,
	active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX exit_criteria_stage ON exit_criteria(stage_id, position);

-- The defaults from the product brief, written as buyer outcomes.
INSERT INTO exit_criteria (stage_id, position, text) VALUES
	(1, 1, 'Buyer agreed to a first conversation'),
	(1, 2, 'The fit with our ideal customer was checked'),
	(2, 1, 'Buyer described the problem and its cost'),
	(2, 2, 'We know who else decides'),
	(3, 1, 'Buyer agreed on evaluation steps and dates'),
	(3, 2, 'A decision maker took part'),
	(4, 1, 'Buyer received the proposal'),
	(4, 2, 'Budget and timing were confirmed'),
	(5, 1, 'Buyer gave a verbal yes'),
	(5, 2, 'The paperwork steps are known');

-- A tick is a row; unticking closes it (unticked_at) and a new tick
-- is a new row, so the history of every criterion is kept.
CREATE TABLE deal_criteria (
	id           INTEGER PRIMARY KEY,
	deal_id      INTEGER NOT NULL REFERENCES deals(id),
	criterion_id INTEGER NOT NULL REFERENCES exit_criteria(id),
	ticked_at    INTEGER NOT NULL,
	ticked_by    INTEGER NOT NULL REFERENCES users(id),
	evidence     TEXT NOT NULL DEFAULT '',
	verified_by  INTEGER REFERENCES users(id),
	verified_at  INTEGER,
	unticked_at  INTEGER,
	unticked_by  INTEGER REFERENCES users(id)
);
CREATE INDEX deal_criteria_deal ON deal_criteria(deal_id, criterion_id);
CREATE UNIQUE INDEX deal_criteria_current ON deal_criteria(deal_id, criterion_id)
	WHERE unticked_at IS NULL;

CREATE TABLE job_aids (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	stage_id   INTEGER NOT NULL REFERENCES stages(id),
	kind       TEXT NOT NULL CHECK (kind IN ('question_guide', 'checklist',
	           'worksheet', 'template', 'case_study', 'other')),
	body       TEXT NOT NULL DEFAULT '',
	link       TEXT NOT NULL DEFAULT '',
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX job_aids_stage ON job_aids(stage_id, active);

-- stage_id is the deal's stage when the aid was used: effectiveness
-- compares deals by what they used while in a stage.
CREATE TABLE job_aid_uses (
	id       INTEGER PRIMARY KEY,
	deal_id  INTEGER NOT NULL REFERENCES deals(id),
	aid_id   INTEGER NOT NULL REFERENCES job_aids(id),
	user_id  INTEGER NOT NULL REFERENCES users(id),
	stage_id INTEGER NOT NULL REFERENCES stages(id),
	used_at  INTEGER NOT NULL,
	outcome  TEXT NOT NULL CHECK (outcome IN ('helped', 'neutral', 'not_helped')),
	note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_aid_uses_deal ON job_aid_uses(deal_id, used_at);
CREATE INDEX job_aid_uses_aid ON job_aid_uses(aid_id, stage_id);

-- Which exit criteria were left unticked when a deal left a stage
-- (comma-separated ids), and how many.
ALTER TABLE stage_changes ADD COLUMN skipped_criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE stage_changes ADD COLUMN skipped_criteria_count INTEGER NOT NULL DEFAULT 0;
