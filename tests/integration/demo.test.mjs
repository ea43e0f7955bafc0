// The demo company (`groundwork seed --demo`) and the larger data sets
// the same generator makes (`--deals N --reps R`) keep the app's own
// rules, as if every row had been entered through its forms, and the
// generator is deterministic.  Each data set is made in a database of
// its own and read with the sqlite3 CLI.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BIN } from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-demo-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh database seeded with args; returns a query function on it. */
function seeded(name, args = []) {
	const db = path.join(tmp, `${name}.db`);
	const conf = path.join(tmp, `${name}.conf`);
	fs.writeFileSync(conf, `db = ${db}\nshare_dir = ${ROOT}\n`);
	execFileSync(BIN, ['--config', conf, 'migrate'], { stdio: 'ignore' });
	execFileSync(BIN, ['--config', conf, 'seed', '--demo', ...args], { stdio: 'ignore' });
	return (q) => {
		const out = execFileSync('sqlite3', ['-json', db, q], { encoding: 'utf8', maxBuffer: 1 << 28 });
		return out.trim() ? JSON.parse(out) : [];
	};
}

// The day of a time in the zone the generator and the app use: this
// process's, as the CLI it ran inherits it.
const day = (col) => `date(${col}, 'unixepoch', 'localtime')`;

// The stage change a deal was in at time col (its latest at or before).
const changeAt = (deal, col, what) => `(SELECT c.${what} FROM stage_changes c WHERE c.deal_id = ${deal}
	AND c.at <= ${col} ORDER BY c.at DESC, c.id DESC LIMIT 1)`;

/** Rows of q, which lists what breaks a rule: none expected. */
function none(sql, q, what) {
	const rows = sql(q);
	assert.deepEqual(rows.slice(0, 5), [], `${what}: ${rows.length} rows break it`);
}

function checkRules(sql, what) {
	const steps = sql(`SELECT count(*) AS n FROM deals WHERE status = 'open' AND next_step_due != ''`)[0].n;
	assert.ok(steps > 20, `${what}: open deals with next steps (${steps})`);
	// A next step is due on or after the day it was set (the deal's last
	// touch at the latest, and never before the deal was logged), and at
	// most two years later, as the deal forms ask.  It may have fallen
	// due since.
	none(sql, `SELECT id, next_step_due, ${day('last_activity_at')} AS touched, ${day('created_at')} AS logged
		FROM deals WHERE status = 'open' AND next_step_due != ''
		AND (next_step_due < ${day('last_activity_at')} OR next_step_due < ${day('created_at')}
			OR next_step_due > date(last_activity_at, 'unixepoch', 'localtime', '+2 years'))`,
	`${what}: next steps due before they were set`);
	none(sql, `SELECT id, next_step_due FROM deals WHERE status = 'open' AND next_step_due != ''
		AND ${day('created_at')} = date('now', 'localtime') AND next_step_due < date('now', 'localtime')`,
	`${what}: deals logged today with an overdue next step`);
	const overdue = sql(`SELECT count(*) AS n FROM deals WHERE status = 'open' AND next_step_due != ''
		AND next_step_due < date('now', 'localtime')`)[0].n;
	assert.ok(overdue > 0, `${what}: some steps have fallen due since (for the coaching list)`);
	// An open deal's expected close is from today to five years ahead.
	none(sql, `SELECT id, expected_close FROM deals WHERE status = 'open' AND expected_close != ''
		AND (expected_close < date('now', 'localtime') OR expected_close > date('now', 'localtime', '+5 years'))`,
	`${what}: open deals expected to close in the past or too far ahead`);
	// A coaching session on a deal is logged while the deal is open, and
	// stamped with the stage it is in then.
	const tied = sql('SELECT count(*) AS n FROM coaching_sessions WHERE deal_id IS NOT NULL')[0].n;
	assert.ok(tied > 20, `${what}: sessions on deals (${tied})`);
	none(sql, `SELECT s.id, s.at, d.created_at FROM coaching_sessions s JOIN deals d ON d.id = s.deal_id
		WHERE s.at < d.created_at`, `${what}: sessions on deals not logged yet`);
	none(sql, `SELECT s.id, s.stage_id, ${changeAt('s.deal_id', 's.at', 'to_stage_id')} AS was
		FROM coaching_sessions s WHERE s.deal_id IS NOT NULL
		AND (s.stage_id IS NOT ${changeAt('s.deal_id', 's.at', 'to_stage_id')}
			OR ${changeAt('s.deal_id', 's.at', 'to_status')} != 'open'
			OR s.early IS NOT (SELECT early FROM stages WHERE id = s.stage_id))`,
	`${what}: sessions stamped with a stage the deal was not open in`);
	// Ticks and job-aid uses happen in the stage they belong to.
	none(sql, `SELECT a.id FROM job_aid_uses a
		WHERE a.stage_id IS NOT ${changeAt('a.deal_id', 'a.used_at', 'to_stage_id')}`,
	`${what}: job-aid uses outside their stage`);
	none(sql, `SELECT t.id FROM deal_criteria t JOIN exit_criteria x ON x.id = t.criterion_id
		WHERE x.stage_id IS NOT ${changeAt('t.deal_id', 't.ticked_at', 'to_stage_id')}`,
	`${what}: ticks outside their stage`);
}

test('the demo company keeps the rules the forms keep', () => {
	checkRules(seeded('demo'), 'demo');
});

test('a larger generated data set keeps them too', () => {
	const sql = seeded('larger', ['--deals', '4000', '--reps', '24']);
	assert.equal(sql('SELECT count(*) AS n FROM deals')[0].n, 4000);
	checkRules(sql, '4000 deals');
});

test('the demo is the same every time it is made (times are relative to now)', () => {
	const what = `SELECT d.company, d.contact, d.amount, d.stage_id, d.status, d.next_step, d.expected_close != '' AS has_close,
		(SELECT group_concat(c.to_stage_id || c.to_status || c.skipped_stages, ' ') FROM stage_changes c WHERE c.deal_id = d.id) AS history
		FROM deals d ORDER BY d.id`;
	const sessions = 'SELECT rep_id, deal_id, stage_id, minutes, kind, notes FROM coaching_sessions ORDER BY id';
	const a = seeded('again-a');
	const b = seeded('again-b');
	assert.deepEqual(a(what), b(what));
	assert.deepEqual(a(sessions), b(sessions));
});
