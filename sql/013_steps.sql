-- 013: next steps as a trail.  A deal has a list of steps, at most one
-- of them open (done_at NULL); closing a step records when, by whom and
-- how it went.  deals.next_step and deals.next_step_due stay as the
-- mirror of the open step ('' when there is none), written by
-- db_step.c in the same transaction as every step change, so every
-- page and measure that read them reads the open step unchanged.
CREATE TABLE deal_steps (
	id          INTEGER PRIMARY KEY,
	deal_id     INTEGER NOT NULL REFERENCES deals(id),
	text        TEXT NOT NULL,
	due         TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or ''
	created_by  INTEGER NOT NULL REFERENCES users(id),
	created_at  INTEGER NOT NULL,
	done_at     INTEGER,                    -- NULL while open
	done_by     INTEGER REFERENCES users(id),
	outcome     TEXT NOT NULL DEFAULT ''
);
-- At most one open step a deal, enforced by the schema itself.
CREATE UNIQUE INDEX deal_steps_open ON deal_steps(deal_id)
	WHERE done_at IS NULL;
CREATE INDEX deal_steps_deal ON deal_steps(deal_id, id);

-- Each deal's next step, open or closed deal alike, becomes its first
-- open step: set by its owner when the deal last changed.
INSERT INTO deal_steps (deal_id, text, due, created_by, created_at)
	SELECT id, next_step, next_step_due, owner_id, updated_at FROM deals
	WHERE next_step != '' OR next_step_due != '';

-- Today first on My deals: an owner's open deals by due date, from one
-- index ('' sorts first: the deals with no due date).
CREATE INDEX deals_owner_due ON deals(owner_id, status, next_step_due);

-- A calendar feed per user: a secret address whose token is stored
-- only as its hash, like a session's.  Revoking deletes the row.
CREATE TABLE calendar_feeds (
	user_id     INTEGER PRIMARY KEY REFERENCES users(id),
	token_hash  BLOB NOT NULL UNIQUE,
	created_at  INTEGER NOT NULL
);
