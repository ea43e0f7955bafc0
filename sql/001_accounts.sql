-- 001: accounts - teams, users, sessions, the audit log and the
-- sign-in throttle.  Times are Unix seconds (UTC).

CREATE TABLE teams (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
	created_at INTEGER NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'admin')),
	team_id       INTEGER REFERENCES teams(id),
	password_hash TEXT NOT NULL,
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE INDEX users_team ON users(team_id);

-- Only the hash of a session token is stored; the token itself lives
-- in the browser's cookie.
CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	flash      TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	actor_id INTEGER REFERENCES users(id),
	action   TEXT NOT NULL,
	subject  TEXT,
	detail   TEXT,
	addr     TEXT
);
CREATE INDEX audit_log_action ON audit_log(action, at);

-- Failed sign-ins per key ("account:<email>" or "addr:<ip>") inside a
-- sliding window that starts at window_start.
CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY,
	fails        INTEGER NOT NULL,
	window_start INTEGER NOT NULL
) WITHOUT ROWID;
