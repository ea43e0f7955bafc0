// Keeping the data safe: "groundwork backup" while the service runs and
// takes writes, "groundwork restore" (refused while the service runs,
// refused for a bad file, and keeping the old database aside),
// "groundwork doctor", and /healthz.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useInstance } from './harness.mjs';

const gw = useInstance();

/** Count rows in a database file with the sqlite3 CLI. */
function countIn(file, table) {
	return Number(execFileSync('sqlite3', ['-cmd', '.timeout 5000', file,
		`SELECT count(*) FROM ${table}`], { encoding: 'utf8' }).trim());
}

test('/healthz answers ok with the version and schema, and nothing more', async () => {
	const res = await gw.client().get('/healthz');
	assert.equal(res.status, 200);
	const body = res.body;
	assert.match(body, /^ok \d+\.\d+\.\d+ schema \d+\n$/);
	assert.equal(body.split('\n').filter(Boolean).length, 1);
});

test('a backup taken while deals are being written is sound and holds every deal committed before it', async () => {
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	const dir = fs.mkdtempSync(path.join(gw.dir, 'backups-'));
	// Writes go on while the backup runs.
	let writing = true;
	let written = 0;
	const load = (async () => {
		while (writing && written < 400) {
			const res = await ravi.post('/deals/new', { company: `Load ${written}` });
			assert.equal(res.status, 303);
			written++;
		}
	})();
	await new Promise((r) => setTimeout(r, 150));
	const before = gw.count('deals');
	const r = gw.cli(['backup', dir]);
	writing = false;
	await load;
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /backed up .* \(\d+ bytes, schema \d+, integrity ok\)/);
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.db'));
	assert.equal(files.length, 1, `one backup file, no temporary left: ${fs.readdirSync(dir)}`);
	const file = path.join(dir, files[0]);
	assert.equal(execFileSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
	const inBackup = countIn(file, 'deals');
	assert.ok(inBackup >= before, `the backup has every deal committed before it (${inBackup} >= ${before})`);
	assert.ok(inBackup <= gw.count('deals'));
	assert.ok(written > 0, 'writes really went on');
});

test('restore is refused while the service runs, and refuses a file that is not a sound database', async () => {
	const dir = fs.mkdtempSync(path.join(gw.dir, 'restore-'));
	const r1 = gw.cli(['backup', dir]);
	assert.equal(r1.status, 0, r1.stderr);
	const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.db')));
	const running = gw.cli(['restore', file]);
	assert.equal(running.status, 1);
	assert.match(running.stderr, /the service is running/);
	const junk = path.join(dir, 'junk.db');
	fs.writeFileSync(junk, 'this is not a database, just some text '.repeat(200));
	const bad = gw.cli(['restore', junk]);
	assert.equal(bad.status, 1);
	assert.doesNotMatch(bad.stdout, /restored/);
});

test('restore puts a backup in place with the service stopped, keeping the old database aside', async () => {
	const dir = fs.mkdtempSync(path.join(gw.dir, 'cycle-'));
	assert.equal(gw.cli(['backup', dir]).status, 0);
	const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.db')));
	const deals = countIn(file, 'deals');
	const sessions = countIn(file, 'coaching_sessions');
	// Lose some data after the backup.
	gw.sql('DELETE FROM coaching_sessions');
	assert.equal(gw.count('coaching_sessions'), 0);
	// The last test: it stops the instance for good.
	await gw.stop({ keep: true });
	{
		const r = gw.cli(['restore', file]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /restored .* the previous database is at (\S+)/);
		const aside = r.stdout.match(/the previous database is at (\S+)/)[1];
		assert.ok(fs.existsSync(aside), 'the old database is kept aside');
		assert.equal(countIn(aside, 'coaching_sessions'), 0, 'the aside copy is the database as it was');
		assert.equal(countIn(gw.db, 'deals'), deals);
		assert.equal(countIn(gw.db, 'coaching_sessions'), sessions);
		assert.ok(sessions > 0);
		const doctor = gw.cli(['doctor']);
		assert.equal(doctor.status, 1, 'the stopped service needs attention');
		assert.match(doctor.stdout, /^ok +database integrity_check$/m);
		assert.match(doctor.stdout, /^PROBLEM +the service answers on /m);
		assert.match(doctor.stdout, /^verdict: needs attention$/m);
	}
});
