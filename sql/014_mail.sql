-- 014: email.  Each person's own settings (time zone, which emails,
-- which day and hour) and the outbox that makes each (user, kind,
-- period) go out at most once.  Every existing user keeps the install's
-- defaults: no row means the configured time zone, every email their
-- role gets, Monday at 08:00.

CREATE TABLE user_settings (
	user_id   INTEGER PRIMARY KEY REFERENCES users(id),
	timezone  TEXT NOT NULL DEFAULT '',  -- '' follows the install's zone
	mail_off  INTEGER NOT NULL DEFAULT 0 -- bits of the kinds turned off
	          CHECK (mail_off BETWEEN 0 AND 255),
	send_day  INTEGER NOT NULL DEFAULT 1 -- weekly emails: 1 Monday .. 7
	          CHECK (send_day BETWEEN 1 AND 7),
	send_hour INTEGER NOT NULL DEFAULT 8 -- every email: local hour
	          CHECK (send_hour BETWEEN 0 AND 23)
);

-- One row per email decided: written before the message is handed to
-- the mailer, so a run killed halfway, a timer firing twice or two runs
-- at once find the row and never send it again.  state: 'sending'
-- (claimed by a run), 'sent', 'retry' (the mailer refused; tried again
-- from next_try_at), 'failed' (out of tries), 'empty' (nothing to say
-- that period: nothing sent).  Only the hash of the message's
-- unsubscribe token is kept.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	kind        TEXT NOT NULL,    -- 'manager_weekly', 'rep_daily', ...
	period      TEXT NOT NULL,    -- the local day it is for, YYYY-MM-DD
	state       TEXT NOT NULL CHECK (state IN
	            ('sending', 'sent', 'retry', 'failed', 'empty')),
	tries       INTEGER NOT NULL DEFAULT 0,
	next_try_at INTEGER NOT NULL DEFAULT 0,
	claimed_at  INTEGER NOT NULL,
	sent_at     INTEGER,
	error       TEXT NOT NULL DEFAULT '',
	token_hash  BLOB UNIQUE,
	UNIQUE (user_id, kind, period)
);
-- The retries a run picks up, and the failures doctor and the admin
-- page list, without reading the sent history.
CREATE INDEX outbox_state ON outbox(state, next_try_at);
