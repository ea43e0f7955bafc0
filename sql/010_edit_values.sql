-- 010: what each edit changed, field by field, with the values before
-- and after, so a deal's timeline and the audit log can say "amount:
-- $20,000 -> $250,000" and not only "amount".  Values are kept as
-- stored (an amount in minor units, a date as YYYY-MM-DD, '' for none)
-- and formatted when shown.  Edits made before this migration keep
-- only the names of the fields they changed (deal_edits.fields).
CREATE TABLE deal_edit_values (
	edit_id   INTEGER NOT NULL REFERENCES deal_edits(id),
	position  INTEGER NOT NULL,   -- order of the field on the form
	field     TEXT NOT NULL,      -- form field name: company, amount, ...
	old_value TEXT NOT NULL,
	new_value TEXT NOT NULL,
	PRIMARY KEY (edit_id, position)
) WITHOUT ROWID;
