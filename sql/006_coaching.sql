-- 006: coaching - the manager's to-do list (made by rules, or by hand),
-- the coaching sessions they log, and each team's target mix of early
-- coaching.

-- The share of coaching minutes a team's manager aims to spend on early
-- stages (the shift-and-lift meter's target line), in percent.
ALTER TABLE teams ADD COLUMN early_target INTEGER NOT NULL DEFAULT 50
	CHECK (early_target BETWEEN 0 AND 100);

-- One item per subject may be live (open or snoozed).  A rule's subject
-- is stable ("stalled:deal:42"); cause_at is when its cause began, so a
-- closed item comes back only if the cause recurs after it was closed.
CREATE TABLE coaching_items (
	id           INTEGER PRIMARY KEY,
	team_id      INTEGER NOT NULL REFERENCES teams(id),
	rep_id       INTEGER NOT NULL REFERENCES users(id),
	deal_id      INTEGER REFERENCES deals(id),
	rule         INTEGER NOT NULL,             -- 1-7, or 0 when added by hand
	subject      TEXT NOT NULL,
	reason       TEXT NOT NULL,
	early        INTEGER NOT NULL DEFAULT 0,
	priority     INTEGER NOT NULL,             -- lower comes first
	status       TEXT NOT NULL DEFAULT 'open'
	             CHECK (status IN ('open', 'snoozed', 'done', 'dismissed')),
	snooze_until TEXT NOT NULL DEFAULT '',
	cause_at     INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	created_by   INTEGER REFERENCES users(id), -- NULL when a rule made it
	closed_at    INTEGER,
	closed_by    INTEGER REFERENCES users(id),
	close_note   TEXT NOT NULL DEFAULT '',
	private      INTEGER NOT NULL DEFAULT 0,   -- the note is the manager's only
	seen_at      INTEGER NOT NULL DEFAULT 0    -- last time a rule still called for it
);
CREATE UNIQUE INDEX coaching_items_live ON coaching_items(team_id, subject)
	WHERE status IN ('open', 'snoozed');
CREATE INDEX coaching_items_team ON coaching_items(team_id, status, priority);
CREATE INDEX coaching_items_subject ON coaching_items(team_id, subject, closed_at);
CREATE INDEX coaching_items_rep ON coaching_items(rep_id, status);

-- A piece of the manager's time.  A session tied to a deal is stamped
-- with the deal's stage at that moment; later moves do not change it.
CREATE TABLE coaching_sessions (
	id         INTEGER PRIMARY KEY,
	team_id    INTEGER NOT NULL REFERENCES teams(id),
	manager_id INTEGER NOT NULL REFERENCES users(id),
	rep_id     INTEGER NOT NULL REFERENCES users(id),
	deal_id    INTEGER REFERENCES deals(id),
	stage_id   INTEGER REFERENCES stages(id),
	early      INTEGER NOT NULL DEFAULT 0,
	minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
	kind       TEXT NOT NULL CHECK (kind IN ('deal_review', 'joint_call',
	           'role_play', 'one_to_one', 'other')),
	notes      TEXT NOT NULL DEFAULT '',
	private    INTEGER NOT NULL DEFAULT 0,
	at         INTEGER NOT NULL
);
CREATE INDEX coaching_sessions_team ON coaching_sessions(team_id, at);
CREATE INDEX coaching_sessions_rep ON coaching_sessions(rep_id, at);
