// A full disk: the database lives on a small tmpfs of its own, which the
// test fills.  A refused save shows the form again with everything
// typed, answers 503 with Retry-After and changes nothing; reads go on;
// /healthz and doctor warn about the space; the log names the cause at
// most once a minute; saving resumes once space is freed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Instance, inputValue, htmlUnescape } from './harness.mjs';

const isRoot = process.getuid && process.getuid() === 0;
const skip = isRoot ? false : 'mounting a tmpfs needs root';

let mnt = null;
let gw = null;
let db = null;

before(async () => {
	if (!isRoot) return;
	mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-full-'));
	execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m,mode=0755', 'tmpfs', mnt]);
	db = path.join(mnt, 'groundwork.db');
	// One worker, so "once a minute" is one process's count.
	gw = await Instance.start({ workers: 1, extraConfig: `db = ${db}\nlow_space_mb = 16` });
});

after(async () => {
	if (gw) await gw.stop();
	if (mnt) {
		spawnSync('umount', [mnt]);
		fs.rmSync(mnt, { recursive: true, force: true });
	}
});

/** Rows of a query against the tmpfs database. */
function sqlValue(query) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' }).trim();
}

/** Empty the WAL under the writer lock, so the next commit must grow
 * it, then take every free byte of the filesystem. */
function fillDisk() {
	execFileSync('flock', [`${db}.lock`, 'sqlite3', db, 'PRAGMA wal_checkpoint(TRUNCATE)']);
	spawnSync('dd', ['if=/dev/zero', `of=${path.join(mnt, 'filler')}`, 'bs=64k'], { stdio: 'ignore' });
	spawnSync('sync');
}

function freeDisk() {
	fs.rmSync(path.join(mnt, 'filler'), { force: true });
}

function storageLines() {
	return gw.log().split('\n').filter((l) => /database or disk is full|cannot sync|disk I\/O/.test(l));
}

const typed = {
	company: 'Full Disk Fabrics',
	contact: 'Dana Díaz',
	next_step: 'Send the pilot plan',
	amount: '12,500',
	source: 'Referral',
	title: 'Pilot for the north plant',
};

test('a save refused by a full disk keeps what was typed, answers 503 and changes nothing', { skip }, async () => {
	const health = await gw.client().get('/healthz');
	assert.match(health.body, /^ok /, 'plenty of space before filling');
	const ravi = await gw.login('ravi@example.com');
	const deals = Number(sqlValue('SELECT count(*) FROM deals'));
	fillDisk();

	const form = await ravi.get('/deals/new');
	assert.equal(form.status, 200, 'reads go on');
	assert.equal((await ravi.get('/deals')).status, 200);

	const linesBefore = storageLines().length;
	for (let i = 0; i < 4; i++) {
		await ravi.get('/deals/new');
		const res = await ravi.post('/deals/new', typed);
		assert.equal(res.status, 503, `save ${i}`);
		assert.equal(res.headers.get('retry-after'), '60');
		assert.match(htmlUnescape(res.body), /Not saved: the server could not save this/);
		for (const [name, value] of Object.entries(typed))
			assert.equal(inputValue(res.body, name), value, `${name} kept`);
		assert.doesNotMatch(res.body, /Something went wrong/);
	}
	assert.equal(Number(sqlValue('SELECT count(*) FROM deals')), deals, 'nothing saved');
	const lines = storageLines().length - linesBefore;
	assert.ok(lines >= 1, 'the cause is logged');
	assert.ok(lines <= 2, `at most once a minute, not per request (${lines} lines for 4 refusals)`);
});

test('/healthz and doctor warn about low space', { skip }, async () => {
	const health = await gw.client().get('/healthz');
	assert.equal(health.status, 200);
	assert.match(health.body, /^low-space \S+ schema \d+: \d+ MiB free for the database, below 16 MiB/);
	const doctor = gw.cli(['doctor']);
	assert.match(doctor.stdout, /PROBLEM +\d+ MiB free for the database \(warning below 16 MiB/);
});

test('a sign-in the full disk refuses keeps the email; saving resumes once space is freed', { skip }, async () => {
	const ravi = await gw.login('ravi@example.com').catch(() => null);
	// Signing in writes a session, which the full disk refuses.
	assert.equal(ravi, null, 'sign-in cannot be saved on a full disk');
	const c = gw.client();
	await c.get('/login');
	const res = await c.post('/login', { email: 'ravi@example.com', password: 'groundwork-demo' });
	assert.equal(res.status, 503);
	assert.equal(inputValue(res.body, 'email'), 'ravi@example.com');
	assert.equal(inputValue(res.body, 'password'), '', 'a password is never sent back');

	freeDisk();
	const again = await gw.login('ravi@example.com');
	await again.get('/deals/new');
	const saved = await again.post('/deals/new', typed);
	assert.equal(saved.status, 303);
	assert.equal(Number(sqlValue(`SELECT count(*) FROM deals WHERE company = 'Full Disk Fabrics'`)), 1);
	assert.match((await gw.client().get('/healthz')).body, /^ok /);
});
