// "groundwork purge": expired sessions (idle or absolute timeout, as
// configured) go, live ones stay, a run deletes no more than its bound,
// a second run changes nothing, and "groundwork doctor" reports what is
// waiting and warns when the purge has clearly not been running.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance } from './harness.mjs';

// Short timeouts, so "expired" is decided by this config, not the defaults.
const IDLE = 600;
const ABSOLUTE = 3600;
const gw = useInstance({ extraConfig: `idle_timeout = ${IDLE}\nabsolute_timeout = ${ABSOLUTE}`, noSeed: true });

let userId;
const now = () => Math.floor(Date.now() / 1000);

/** Insert n sessions for the test user, all created and last seen as given. */
function addSessions(n, { created, seen }) {
	gw.sql(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
		INSERT INTO sessions (token_hash, user_id, created_at, last_seen)
		SELECT randomblob(32), ${userId}, ${created}, ${seen} FROM k`);
}

function purge(args = []) {
	const r = gw.cli(['purge', ...args]);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

function doctorLine() {
	const out = gw.cli(['doctor']).stdout;
	return out.split('\n').find((l) => /expired sessions/.test(l));
}

test.before(async () => {
	await gw.ready;
	userId = gw.addUser('purge-rep@example.com', { name: 'Pat Purge' });
});

test.beforeEach(() => {
	gw.sql('DELETE FROM sessions');
});

test('expired sessions go, by the configured idle and absolute timeouts, and live ones stay', () => {
	const t = now();
	addSessions(3, { created: t - IDLE - 100, seen: t - IDLE - 100 });       // idle too long
	addSessions(2, { created: t - ABSOLUTE - 100, seen: t - 10 });           // lived too long
	addSessions(4, { created: t - IDLE + 200, seen: t - IDLE + 200 });       // idle, but not for long
	addSessions(1, { created: t - ABSOLUTE + 300, seen: t - 10 });           // old, still in time
	const out = purge();
	assert.match(out, /purged 5 expired sessions \(idle over 600 s or older than 3600 s\); none left/);
	assert.equal(gw.count('sessions'), 5);
	assert.equal(gw.count('sessions', `last_seen < ${t - IDLE} OR created_at < ${t - ABSOLUTE}`), 0);
});

test('a signed-in user stays signed in through a purge', async () => {
	const client = gw.client();
	const res = await client.signIn('purge-rep@example.com', 'groundwork-demo');
	assert.equal(res.status, 303);
	addSessions(2, { created: now() - ABSOLUTE - 10, seen: now() - ABSOLUTE - 10 });
	assert.match(purge(), /purged 2 expired sessions/);
	assert.equal(gw.count('sessions'), 1);
	const page = await client.get(res.location);
	assert.equal(page.status, 200);
});

test('a run deletes at most its bound; the next run carries on; a run with nothing expired changes nothing', () => {
	addSessions(25, { created: now() - ABSOLUTE - 10, seen: now() - ABSOLUTE - 10 });
	addSessions(3, { created: now(), seen: now() });
	assert.match(purge(['--max', '10']), /purged 10 expired sessions .*; 15 left for the next run \(at most 10 a run\)/);
	assert.equal(gw.count('sessions'), 18);
	assert.match(purge(['--max', '10']), /purged 10 expired sessions .*; 5 left/);
	assert.match(purge(), /purged 5 expired sessions .*; none left/);
	assert.equal(gw.count('sessions'), 3);
	assert.match(purge(), /purged 0 expired sessions .*; none left/);
	assert.equal(gw.count('sessions'), 3);
});

test('the default bound is 10000 a run, in batches', () => {
	addSessions(10007, { created: now() - ABSOLUTE - 10, seen: now() - ABSOLUTE - 10 });
	assert.match(purge(), /purged 10000 expired sessions .*; 7 left for the next run \(at most 10000 a run\)/);
	assert.equal(gw.count('sessions'), 7);
});

test('purge refuses a bad --max and documents itself', () => {
	for (const bad of [['--max', '0'], ['--max', 'ten'], ['--max'], ['--everything']]) {
		const r = gw.cli(['purge', ...bad]);
		assert.equal(r.status, 2, bad.join(' '));
		assert.match(r.stderr, /usage: groundwork purge \[--max N\]/);
	}
	const help = gw.cli(['purge', '--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /at most N in one\s+run \(default 10000\)/);
	assert.match(gw.cli(['help']).stdout, /^ {2}purge +delete expired sessions/m);
});

test('doctor counts the expired sessions waiting for the purge, and warns when some expired over a day ago', () => {
	addSessions(4, { created: now() - IDLE - 60, seen: now() - IDLE - 60 });
	assert.match(doctorLine(), /^ok +4 expired sessions wait for the hourly purge$/);
	addSessions(2, { created: now() - IDLE - 2 * 86400, seen: now() - IDLE - 2 * 86400 });
	const line = doctorLine();
	assert.match(line, /^PROBLEM +expired sessions are purged \(6 expired, 2 of them over a day ago\): the purge is not running/);
	assert.match(line, /systemctl enable --now groundwork-purge\.timer/);
	purge();
	assert.match(doctorLine(), /^ok +0 expired sessions wait for the hourly purge$/);
});
