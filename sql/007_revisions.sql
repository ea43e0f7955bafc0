-- 007: revision numbers, raised in the same transaction as every change
-- a page shows: one per team (the team page) and one per deal owner (My
-- deals).  Each worker keeps the pages it last rendered with the
-- revision they were rendered at, and renders again only when the
-- revision (or the minute) has moved, so such a page costs one small
-- read while nothing changes.
-- Row team_id 0 is raised by changes every page shows (people, teams,
-- stages); a page's stamp is the sum of its own row and row 0.

CREATE TABLE team_revisions (
	team_id INTEGER PRIMARY KEY,
	rev     INTEGER NOT NULL
);
INSERT INTO team_revisions (team_id, rev) SELECT 0, 1;

CREATE TABLE owner_revisions (
	owner_id INTEGER PRIMARY KEY,
	rev      INTEGER NOT NULL
);

-- A deal and everything recorded against it: its team's row and its
-- owner's.
CREATE TRIGGER deals_rev_insert AFTER INSERT ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO team_revisions (team_id, rev)
	VALUES (COALESCE(NEW.team_id, 0), 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev) VALUES (NEW.owner_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER deals_rev_update AFTER UPDATE ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO team_revisions (team_id, rev)
	VALUES (COALESCE(NEW.team_id, 0), 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO team_revisions (team_id, rev)
	SELECT COALESCE(OLD.team_id, 0), 1
	WHERE OLD.team_id IS NOT NEW.team_id
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev) VALUES (NEW.owner_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev)
	SELECT OLD.owner_id, 1 WHERE OLD.owner_id IS NOT NEW.owner_id
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER deals_rev_delete AFTER DELETE ON deals
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO team_revisions (team_id, rev)
	VALUES (COALESCE(OLD.team_id, 0), 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO owner_revisions (owner_id, rev) VALUES (OLD.owner_id, 1)
	ON CONFLICT (owner_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER stage_changes_rev AFTER INSERT ON stage_changes
WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
BEGIN
	INSERT INTO team_revisions (team_id, rev)
	SELECT COALESCE(team_id, 0), 1 FROM deals WHERE id = NEW.deal_id
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_sessions_rev_insert AFTER INSERT ON coaching_sessions
BEGIN
	INSERT INTO team_revisions (team_id, rev) VALUES (NEW.team_id, 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_sessions_rev_update AFTER UPDATE ON coaching_sessions
BEGIN
	INSERT INTO team_revisions (team_id, rev) VALUES (NEW.team_id, 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
	INSERT INTO team_revisions (team_id, rev)
	SELECT OLD.team_id, 1 WHERE OLD.team_id IS NOT NEW.team_id
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER coaching_sessions_rev_delete AFTER DELETE ON coaching_sessions
BEGIN
	INSERT INTO team_revisions (team_id, rev) VALUES (OLD.team_id, 1)
	ON CONFLICT (team_id) DO UPDATE SET rev = rev + 1;
END;

-- Names, roles, teams, targets and stages appear on every team page.
CREATE TRIGGER users_rev_insert AFTER INSERT ON users
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER users_rev_update
AFTER UPDATE OF name, role, team_id, active ON users
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER users_rev_delete AFTER DELETE ON users
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER teams_rev_insert AFTER INSERT ON teams
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER teams_rev_update AFTER UPDATE ON teams
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER teams_rev_delete AFTER DELETE ON teams
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER stages_rev_insert AFTER INSERT ON stages
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER stages_rev_update AFTER UPDATE ON stages
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;

CREATE TRIGGER stages_rev_delete AFTER DELETE ON stages
BEGIN
	UPDATE team_revisions SET rev = rev + 1 WHERE team_id = 0;
END;
