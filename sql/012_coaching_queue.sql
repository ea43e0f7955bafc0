-- 012: the coaching queue - one item per subject (a deal, or a rep for
-- the rep-level causes) carrying all its current causes, ranked by a
-- stored key so the page reads the top of the queue from an index, and
-- the week-by-week record of what was in each team's "This week".
-- Every existing item, session and note is kept: items that named the
-- same deal (or rep) are merged into the oldest live one, and the
-- others stay as closed history rows pointing at it.

-- Which causes an item carries: bit (1 << cause), cause numbers as in
-- app/coach.h (1-7 as the old rule numbers, 8 an overdue next step).
ALTER TABLE coaching_items ADD COLUMN causes INTEGER NOT NULL DEFAULT 0;
-- The deal's stage when the item was last evaluated (the stage filter).
ALTER TABLE coaching_items ADD COLUMN stage_id INTEGER REFERENCES stages(id);
-- When the earliest of its causes began (or begins: a deal stalls on a
-- known day); the queue shows an item once this has passed.
ALTER TABLE coaching_items ADD COLUMN active_at INTEGER NOT NULL DEFAULT 0;
-- The urgency order, larger first; see coach_rank() in app/coach.c.
ALTER TABLE coaching_items ADD COLUMN urgency INTEGER NOT NULL DEFAULT 0;
-- A row merged into another item by this migration.
ALTER TABLE coaching_items ADD COLUMN merged_into INTEGER
	REFERENCES coaching_items(id);

-- How many items "This week" shows; the manager may change it.
ALTER TABLE teams ADD COLUMN coach_top INTEGER NOT NULL DEFAULT 5
	CHECK (coach_top BETWEEN 1 AND 20);

-- The items that were in a team's "This week", recorded by the first
-- change of each week (a deal change or a coaching action), never by a
-- page view.  Follow-through is the share of them that got a session
-- or were closed as done within that week.
CREATE TABLE coaching_weeks (
	team_id INTEGER NOT NULL REFERENCES teams(id),
	week    INTEGER NOT NULL,               -- as measure_week()
	item_id INTEGER NOT NULL REFERENCES coaching_items(id),
	PRIMARY KEY (team_id, week, item_id)
) WITHOUT ROWID;

-- Each old item's cause, from its rule; a "next step" item whose
-- reason says it was due is the overdue cause.
UPDATE coaching_items SET causes = CASE
	WHEN rule = 2 AND reason LIKE '%was due on%' THEN 1 << 8
	ELSE 1 << rule END;

-- The new subject of each item: "deal:N" for a deal's causes, "rep:N"
-- for the rep-level ones; items added by hand keep theirs.
CREATE TEMP TABLE subject_of AS
	SELECT id, team_id, status IN ('open', 'snoozed') AS live,
	CASE WHEN rule IN (5, 6) THEN 'rep:' || rep_id
	     WHEN rule > 0 AND deal_id IS NOT NULL THEN 'deal:' || deal_id
	     ELSE subject END AS subject
	FROM coaching_items;
CREATE TEMP TABLE keeper AS
	SELECT team_id, subject, min(id) AS id, sum(DISTINCT causes) AS causes
	FROM (SELECT s.team_id, s.subject, i.id, i.causes
	      FROM subject_of s JOIN coaching_items i ON i.id = s.id
	      WHERE s.live)
	GROUP BY team_id, subject;

-- The other live items of a subject become history, pointing at the
-- one they were merged into (closed by Groundwork, not by a person, so
-- they never hold a cause back from coming again).
UPDATE coaching_items SET status = 'dismissed',
	closed_at = CAST(strftime('%s', 'now') AS INTEGER),
	close_note = 'Merged into one item for the same subject.',
	merged_into = (SELECT k.id FROM keeper k JOIN subject_of s
	               ON s.team_id = k.team_id AND s.subject = k.subject
	               WHERE s.id = coaching_items.id)
	WHERE status IN ('open', 'snoozed')
	AND id NOT IN (SELECT id FROM keeper);
UPDATE coaching_items SET causes = (SELECT causes FROM keeper k
	WHERE k.id = coaching_items.id)
	WHERE id IN (SELECT id FROM keeper);
UPDATE coaching_items SET subject = (SELECT subject FROM subject_of s
	WHERE s.id = coaching_items.id);
-- Until the first evaluation (which follows this file in the same
-- transaction: coach_items_rebuild() in app/db_coach.c) an item is
-- active from its creation.
UPDATE coaching_items SET active_at = cause_at;
-- An item added by hand ranks by its weight (40) and its age, early
-- ones first, as coach_rank() in app/coach.c orders them.
UPDATE coaching_items SET urgency = (early << 50) + 40 * 86400 - created_at
	WHERE rule = 0;
DROP TABLE subject_of;
DROP TABLE keeper;

-- The queue: a team's live items, most urgent first (rep-level items,
-- rules 5 and 6, are worked out when the page asks: app/coach_reps.c).
CREATE INDEX coaching_items_queue ON coaching_items(team_id, urgency DESC, id)
	WHERE status IN ('open', 'snoozed');
-- A rep's own view: their live items most urgent first, and their
-- items closed lately.
CREATE INDEX coaching_items_rep_queue ON coaching_items(rep_id, urgency DESC, id)
	WHERE status IN ('open', 'snoozed');
CREATE INDEX coaching_items_rep_closed ON coaching_items(rep_id, closed_at)
	WHERE closed_at IS NOT NULL;
-- A person's closings of a subject, for the done-then-recur rule.
CREATE INDEX coaching_items_closed ON coaching_items(subject, closed_at)
	WHERE closed_by IS NOT NULL;
-- Sessions that close an item, for follow-through.
ALTER TABLE coaching_sessions ADD COLUMN item_id INTEGER
	REFERENCES coaching_items(id);
CREATE INDEX coaching_sessions_item ON coaching_sessions(item_id)
	WHERE item_id IS NOT NULL;
