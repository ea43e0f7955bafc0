-- 003: server secrets, made once per database.  The CSRF key makes a
-- form's hidden value unguessable even to someone who can plant a
-- cookie, and survives restarts so open forms keep working.
CREATE TABLE app_secrets (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO app_secrets (name, value) VALUES ('csrf', randomblob(32));
