-- 015: directors - sales leaders who read every team's figures (or a
-- chosen set of teams) and change no deal - and the targets /org
-- measures each team against.  Every row stays.

-- A fourth role.  SQLite cannot alter a CHECK constraint, and rebuilding
-- users would cascade into sessions; widening the list of allowed
-- values changes nothing stored, so the table's definition is edited in
-- place (the documented writable_schema route for such changes).  The
-- CREATE TABLE below bumps the schema cookie, so every connection
-- reloads the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, '''manager'', ''admin'')',
                  '''manager'', ''admin'', ''director'')')
WHERE type = 'table' AND name = 'users'
  AND instr(sql, '''director''') = 0;
PRAGMA writable_schema = RESET;

-- The teams a director is limited to.  A director without rows here
-- sees every team.
CREATE TABLE director_teams (
	user_id INTEGER NOT NULL REFERENCES users(id),
	team_id INTEGER NOT NULL REFERENCES teams(id),
	PRIMARY KEY (user_id, team_id)
) WITHOUT ROWID;

-- Each team's inflow target: new deals per rep per week (the early
-- share target is teams.early_target, from 006).
ALTER TABLE teams ADD COLUMN inflow_target INTEGER NOT NULL DEFAULT 3
	CHECK (inflow_target BETWEEN 0 AND 100);

-- The default both targets take for a new team; a director may apply
-- it to every team at once.  One row.
CREATE TABLE org_targets (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	early_target  INTEGER NOT NULL CHECK (early_target BETWEEN 0 AND 100),
	inflow_target INTEGER NOT NULL CHECK (inflow_target BETWEEN 0 AND 100)
);
INSERT INTO org_targets (id, early_target, inflow_target) VALUES (1, 50, 3);

-- /org, the coaching queue and a rep's /coaching keep their pages per
-- worker while no revision they are stamped with moves (007).  A
-- coaching item made, done or snoozed raises its team's revision and
-- its rep's; a session its rep's too (007 raises the team's); a
-- director's limits change what they see, and raise every page's.
CREATE TRIGGER coaching_items_rev_insert AFTER INSERT ON coaching_items
BEGIN
	INSERT INTO team_revisions (team_id, rev) VALUES (NEW.team_id, 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev) VALUES (NEW.rep_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_items_rev_update AFTER UPDATE ON coaching_items
BEGIN
	INSERT INTO team_revisions (team_id, rev) VALUES (NEW.team_id, 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev) VALUES (NEW.rep_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_sessions_owner_rev_insert
AFTER INSERT ON coaching_sessions
BEGIN
	INSERT INTO owner_revisions (owner_id, rev) VALUES (NEW.rep_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_sessions_owner_rev_update
AFTER UPDATE ON coaching_sessions
BEGIN
	INSERT INTO owner_revisions (owner_id, rev) VALUES (NEW.rep_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev)
	SELECT OLD.rep_id, 1 WHERE OLD.rep_id IS NOT NEW.rep_id
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_sessions_owner_rev_delete
AFTER DELETE ON coaching_sessions
BEGIN
	INSERT INTO owner_revisions (owner_id, rev) VALUES (OLD.rep_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER director_teams_rev_insert AFTER INSERT ON director_teams
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER director_teams_rev_delete AFTER DELETE ON director_teams
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;
