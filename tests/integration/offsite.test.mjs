// Off-site backups: "groundwork offsite" against a restic repository in a
// local directory (the SFTP and S3 set-ups differ only in the repository
// line; check-deploy drills SFTP).  The root-only file's refusal, init,
// a snapshot taken while deals are written, list, check, a restore that
// holds every deal acknowledged before the snapshot, a restore refused
// for a snapshot that fails integrity_check, and the faults: a wrong
// password, an unreachable host and a disk too full for the copy, each
// named in doctor and on /admin/offsite, with the service still taking
// deals.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { useInstance, BIN } from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-offsite-'));
const offsiteFile = path.join(tmp, 'offsite.conf');
const repo = path.join(tmp, 'repo');
const PASSWORD = 'correct horse battery staple';
const gw = useInstance({ extraConfig: `offsite_file = ${offsiteFile}\nlow_space_mb = 1` });

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeOffsite({ repository = repo, password = PASSWORD, mode = 0o600 } = {}) {
	fs.writeFileSync(offsiteFile, `# the off-site repository\nrepository = ${repository}\npassword = ${password}\n`);
	fs.chmodSync(offsiteFile, mode);
}

/** restic itself, on the test's repository. */
function restic(args, { input } = {}) {
	return spawnSync('restic', args, {
		input,
		encoding: input ? undefined : 'utf8',
		env: { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: PASSWORD },
	});
}

function countIn(file, table) {
	return Number(execFileSync('sqlite3', [file, `SELECT count(*) FROM ${table}`], { encoding: 'utf8' }).trim());
}

/** doctor's lines about the off-site backups. */
function doctorOffsite() {
	const r = gw.cli(['doctor']);
	return r.stdout.split('\n').filter((l) => /off-?site/.test(l)).join('\n');
}

async function offsitePage() {
	const admin = await gw.login('admin@example.com');
	return admin.get('/admin/offsite');
}

test('not configured: offsite backup does nothing and says so; doctor and /admin/offsite note that local backups do not survive the machine', async () => {
	const r = gw.cli(['offsite', 'backup']);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /off-site backups are not configured .*nothing to do/);
	assert.ok(!fs.existsSync(repo));
	assert.match(doctorOffsite(), /^note +off-site backups are not configured .*do not survive the loss of this machine/m);
	const page = await offsitePage();
	assert.equal(page.status, 200);
	assert.match(page.body, /off-site backups are not configured/);
	assert.match(page.body, /Off-site backups: nothing needs attention/);
});

test('an offsite file that others can read is refused with a message, and nothing is made', () => {
	writeOffsite({ mode: 0o644 });
	const r = gw.cli(['offsite', 'init']);
	assert.equal(r.status, 1);
	assert.match(r.stderr, /refusing .*offsite\.conf: it holds the off-site password and must be readable by root alone \(mode 0644/);
	assert.match(r.stderr, /chmod 600/);
	assert.ok(!fs.existsSync(repo), 'no repository was made');
	const b = gw.cli(['offsite', 'backup']);
	assert.equal(b.status, 1, 'the timer\'s run fails rather than use it');
	fs.chmodSync(offsiteFile, 0o640);
	assert.equal(gw.cli(['offsite', 'init']).status, 1, 'group-readable is refused too');
});

test('init, then a snapshot taken while deals are written holds every deal acknowledged before it; list and check', async () => {
	writeOffsite();
	const init = gw.cli(['offsite', 'init']);
	assert.equal(init.status, 0, init.stderr);
	assert.match(gw.cli(['offsite', 'init']).stderr, /already initialised/);
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	let writing = true;
	let written = 0;
	const load = (async () => {
		while (writing && written < 300) {
			const res = await ravi.post('/deals/new', { company: `Offsite load ${written}` });
			assert.equal(res.status, 303);
			written++;
		}
	})();
	await new Promise((r) => setTimeout(r, 150));
	const acknowledged = gw.count('deals');
	const b = gw.cli(['offsite', 'backup'], { timeoutMs: 120000 });
	writing = false;
	await load;
	assert.equal(b.status, 0, b.stderr);
	const m = b.stdout.match(/off-site snapshot ([0-9a-f]{8}) of .* added .* in [0-9.]+ s/);
	assert.ok(m, b.stdout);
	assert.ok(written > 0, 'writes really went on');
	assert.deepEqual(fs.readdirSync(gw.dir).filter((f) => f.includes('.offsite-')), [], 'the copy is gone');

	const list = gw.cli(['offsite', 'list']);
	assert.equal(list.status, 0, list.stderr);
	assert.match(list.stdout, new RegExp(`^${m[1]}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`, 'm'));
	const check = gw.cli(['offsite', 'check'], { timeoutMs: 120000 });
	assert.equal(check.status, 0, check.stderr);
	assert.match(check.stdout, /offsite check found no errors/);

	const out = path.join(tmp, 'restored.db');
	const r = gw.cli(['offsite', 'restore', '--to', out], { timeoutMs: 120000 });
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`snapshot ${m[1]} .* is at .*restored\\.db \\(schema \\d+, integrity ok\\)`));
	assert.equal(execFileSync('sqlite3', [out, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
	const inSnapshot = countIn(out, 'deals');
	assert.ok(inSnapshot >= acknowledged, `every deal acknowledged before the snapshot (${inSnapshot} >= ${acknowledged})`);
	assert.ok(inSnapshot <= gw.count('deals'));

	const doctor = doctorOffsite();
	assert.match(doctor, new RegExp(`^ok +last off-site snapshot ${m[1]} at .*, \\d+ s ago \\(added `, 'm'));
	// The refused file above was a failed run; a snapshot since makes it a note.
	assert.match(doctor, /^note +an earlier off-site run failed at .*: refusing .*readable by root alone/m);
	assert.match(doctor, /^ok +offsite check at .* found no errors/m);
	const page = await offsitePage();
	assert.match(page.body, new RegExp(`last off-site snapshot ${m[1]}`));
	assert.match(page.body, /Off-site backups: nothing needs attention/);
});

test('restore into the live database is refused while the service runs', () => {
	const r = gw.cli(['offsite', 'restore']);
	assert.equal(r.status, 1);
	assert.match(r.stderr, /the service is running .* stop it first/);
});

test('a snapshot whose integrity_check fails is refused, naming the snapshot before it', () => {
	const good = gw.cli(['offsite', 'list']).stdout.trim().split('\n').pop().split(' ')[0];
	// A copy of the database with a page overwritten, uploaded as the newest snapshot.
	const bad = path.join(tmp, 'bad.db');
	assert.equal(gw.cli(['backup', bad]).status, 0);
	const buf = fs.readFileSync(bad);
	buf.fill(0x47, 4096 * 3, 4096 * 3 + 3000);
	const up = restic(['backup', '-q', '--stdin', '--stdin-filename', 'groundwork.db', '--host', 'groundwork'], { input: buf });
	assert.equal(up.status, 0, String(up.stderr));
	const badId = gw.cli(['offsite', 'list']).stdout.trim().split('\n').pop().split(' ')[0];
	const out = path.join(tmp, 'from-bad.db');
	const r = gw.cli(['offsite', 'restore', '--to', out], { timeoutMs: 120000 });
	assert.equal(r.status, 1);
	assert.match(r.stderr, new RegExp(`snapshot ${badId} .* fails integrity_check; nothing was changed\\.  Try the one before it: groundwork offsite restore ${good}`));
	assert.ok(!fs.existsSync(out), 'the bad copy is not left behind');
	const named = gw.cli(['offsite', 'restore', good, '--to', out], { timeoutMs: 120000 });
	assert.equal(named.status, 0, named.stderr);
	restic(['forget', badId]);
});

test('a wrong password fails with its message in doctor and on /admin/offsite; the service keeps taking deals and the snapshots stay', async () => {
	const before = restic(['snapshots', '--json']).stdout;
	writeOffsite({ password: 'not the password' });
	const r = gw.cli(['offsite', 'backup'], { timeoutMs: 120000 });
	assert.equal(r.status, 1);
	assert.match(r.stderr, /off-site backup failed: upload: wrong password for the off-site repository/);
	assert.match(doctorOffsite(), /^PROBLEM +the last off-site run failed at .*: upload: wrong password for the off-site repository/m);
	const page = await offsitePage();
	assert.match(page.body, /Off-site backups need attention/);
	assert.match(page.body, /wrong password for the off-site repository/);
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	assert.equal((await ravi.post('/deals/new', { company: 'During a failed backup' })).status, 303);
	assert.equal(restic(['snapshots', '--json']).stdout, before, 'the snapshots are untouched');
});

test('an unreachable repository host is named as such; the next run with the repository back succeeds', async () => {
	// Port 1 (tcpmux): privileged and unused, so the connection is
	// refused (a free port could be taken by another test meanwhile).
	writeOffsite({ repository: 'rest:http://127.0.0.1:1/' });
	const r = gw.cli(['offsite', 'backup'], { timeoutMs: 120000 });
	assert.equal(r.status, 1);
	assert.match(r.stderr, /the repository host is unreachable \(connection refused\)/);
	assert.match(doctorOffsite(), /^PROBLEM +the last off-site run failed .*the repository host is unreachable/m);
	writeOffsite();
	const again = gw.cli(['offsite', 'backup'], { timeoutMs: 120000 });
	assert.equal(again.status, 0, again.stderr);
	const doctor = doctorOffsite();
	assert.match(doctor, /^ok +last off-site snapshot /m);
	assert.match(doctor, /^note +an earlier off-site run failed at .*unreachable/m);
});

test('a disk too full for the copy: the run refuses before copying, doctor says why, and the service keeps saving', async () => {
	// low_space_mb far above what the disk has: the copy would eat into
	// what saves need, so the run stops before making it.
	const r = spawnSync(BIN, ['--config', gw.conf, 'offsite', 'backup'], {
		encoding: 'utf8', env: { ...process.env, GROUNDWORK_LOW_SPACE_MB: String(1024 * 1024) },
	});
	assert.equal(r.status, 1);
	assert.match(r.stderr, /the disk here is too full for the copy restic uploads \(it needs \d+ MiB and keeps low_space_mb = 1048576 MiB for saves; \d+ MiB free\)/);
	assert.deepEqual(fs.readdirSync(gw.dir).filter((f) => f.includes('.offsite-')), [], 'no copy was started');
	assert.match(doctorOffsite(), /^PROBLEM +the last off-site run failed at .*: the disk here is too full for the copy/m);
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	assert.equal((await ravi.post('/deals/new', { company: 'While the disk is tight' })).status, 303);
	const again = gw.cli(['offsite', 'backup'], { timeoutMs: 120000 });
	assert.equal(again.status, 0, again.stderr);
});

test('a last snapshot older than three intervals is a warning in doctor and on /admin/offsite', async () => {
	const state = path.join(gw.dir, 'offsite.state');
	const text = fs.readFileSync(state, 'utf8');
	const old = Math.floor(Date.now() / 1000) - 16 * 60;
	fs.writeFileSync(state, text.replace(/^ok_at=\d+$/m, `ok_at=${old}`));
	assert.match(doctorOffsite(), /^PROBLEM +last off-site snapshot .*, 16 min ago .*older than three intervals, 15 min/m);
	const page = await offsitePage();
	assert.match(page.body, /<span class="badge warning">Warning<\/span>/);
	assert.match(page.body, /older than three intervals/);
});

test('/admin/offsite is for admins only: a rep gets 404', async () => {
	const ravi = await gw.login('ravi@example.com');
	assert.equal((await ravi.get('/admin/offsite')).status, 404);
});
