-- 011: teams can be retired.  A retired team keeps its name and its
-- history (deals, stage changes, coaching items and sessions stay with
-- it, and admins can still open its team page); it takes no new members
-- and is left out of the pickers.  NULL while the team is active.
-- Every existing team stays active.
ALTER TABLE teams ADD COLUMN retired_at INTEGER;
