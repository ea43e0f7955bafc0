// Process behaviour of `groundwork serve` and the CLI: SIGHUP replaces
// the workers, a killed worker is re-forked, SIGTERM drains and exits,
// a broken template or config stops start-up, and the help, version
// and `user add` commands behave.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { useInstance, Instance, ROOT, BIN, sleep, waitFor } from './harness.mjs';

const gw = useInstance();

// The version is the newest entry of the package's changelog.
const VERSION = fs.readFileSync(path.join(ROOT, 'deploy/deb/changelog'), 'utf8').match(/^groundwork \(([^)]+)\)/)[1];

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Run `groundwork ...args` (no instance config). */
// Every bound below (timeoutMs, waitFor's) only ends a failing test; they
// are generous so that a busy machine cannot fail a working one.
const LONG = 60000;

/** p, or value once ms have passed; the timer is cleared either way, so
 *  a long bound does not keep the test process alive. */
function bounded(p, ms, value) {
	let timer;
	const late = new Promise((res) => {
		timer = setTimeout(() => res(value), ms);
	});
	return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function run(args, { input = '', env = process.env, timeoutMs = LONG } = {}) {
	const r = spawnSync(BIN, args, { input, encoding: 'utf8', env, timeout: timeoutMs });
	if (r.error && r.error.code !== 'ETIMEDOUT') throw new Error(`cannot run ${BIN}: ${r.error.message}`);
	return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Keep requesting pages until stop() is called; returns the statuses
 * (and any network errors) seen.
 */
function keepRequesting(base) {
	let stopped = false;
	const results = [];
	const loop = (async () => {
		while (!stopped) {
			for (const p of ['/healthz', '/login']) {
				try {
					const res = await fetch(base + p, { redirect: 'manual' });
					await res.arrayBuffer();
					results.push(`${p} ${res.status}`);
				} catch (e) {
					results.push(`${p} ${e.cause?.code ?? e.message}`);
				}
			}
			await sleep(10);
		}
	})();
	return {
		/** How many requests have been answered (or failed) so far. */
		count: () => results.length,
		async stop() {
			stopped = true;
			await loop;
			return results;
		},
	};
}

// --- a minimal FastCGI client, to hold a worker inside a request ------

function fcgiRecord(type, content = Buffer.alloc(0), requestId = 1) {
	const pad = (8 - (content.length % 8)) % 8;
	const h = Buffer.alloc(8);
	h.writeUInt8(1, 0); // version
	h.writeUInt8(type, 1);
	h.writeUInt16BE(requestId, 2);
	h.writeUInt16BE(content.length, 4);
	h.writeUInt8(pad, 6);
	return Buffer.concat([h, content, Buffer.alloc(pad)]);
}

function fcgiParams(params) {
	const parts = [];
	for (const [k, v] of Object.entries(params)) {
		const kb = Buffer.from(k);
		const vb = Buffer.from(v);
		for (const b of [kb, vb]) {
			if (b.length < 128) parts.push(Buffer.from([b.length]));
			else {
				const l = Buffer.alloc(4);
				l.writeUInt32BE(b.length | 0x80000000);
				parts.push(l);
			}
		}
		parts.push(kb, vb);
	}
	return Buffer.concat(parts);
}

/** Parse FastCGI records into the STDOUT text and whether END_REQUEST came. */
function fcgiParse(buf) {
	let off = 0;
	let stdout = '';
	let ended = false;
	while (off + 8 <= buf.length) {
		const type = buf.readUInt8(off + 1);
		const len = buf.readUInt16BE(off + 4);
		const pad = buf.readUInt8(off + 6);
		if (off + 8 + len + pad > buf.length) break;
		const content = buf.subarray(off + 8, off + 8 + len);
		if (type === 6) stdout += content.toString('utf8');
		if (type === 3) ended = true;
		off += 8 + len + pad;
	}
	return { stdout, ended };
}

/** The path of a socket we may use: unix socket paths are short. */
function shortTmp(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('command line', () => {
	test('`groundwork help` and `groundwork --help` list every command and exit 0', () => {
		for (const args of [['help'], ['--help']]) {
			const r = run(args);
			assert.equal(r.status, 0, args.join(' '));
			for (const cmd of ['serve', 'migrate', 'user', 'seed', 'version', 'help'])
				assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'), `${args.join(' ')} lists ${cmd}`);
			assert.match(r.stdout, /usage: groundwork/);
		}
	});

	test('`groundwork` with no command prints usage and exits 2', () => {
		const r = run([]);
		assert.equal(r.status, 2);
		assert.match(r.stdout + r.stderr, /usage: groundwork/);
	});

	test('an unknown command exits 2 and names it', () => {
		const r = run(['frobnicate']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /unknown command 'frobnicate'/);
	});

	test('`groundwork serve --help` prints its usage and does not start a server', () => {
		const started = Date.now();
		const r = run(['serve', '--help']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /^usage: groundwork serve/);
		assert.match(r.stdout, /SIGHUP/);
		assert.ok(Date.now() - started < 5000);
	});

	test('`groundwork user --help` and `groundwork help user` print the user usage', () => {
		for (const args of [['user', '--help'], ['help', 'user']]) {
			const r = run(args);
			assert.equal(r.status, 0, args.join(' '));
			assert.match(r.stdout, /groundwork user add EMAIL --name NAME --role rep\|manager\|admin/);
			assert.match(r.stdout, /standard input/);
		}
	});

	test(`\`groundwork version\` and --version print the version (${VERSION}), which /healthz reports too`, async () => {
		for (const args of [['version'], ['--version']]) {
			const r = run(args);
			assert.equal(r.status, 0);
			assert.equal(r.stdout, `groundwork ${VERSION}\n`);
		}
		const res = await gw.client().get('/healthz');
		assert.match(res.body, new RegExp(`^ok ${VERSION.replace(/\./g, '\\.')} schema \\d+\n$`));
	});

	test('`user add` reads the password from stdin; the user can then sign in on the site', async () => {
		const r = gw.cli(['user', 'add', 'cli.rep@example.com', '--name', 'CLI Rep', '--role', 'rep', '--team', 'North'], {
			input: 'cli-rep-password\n',
		});
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /added cli\.rep@example\.com \(rep\)/);
		assert.ok(!r.stdout.includes('cli-rep-password') && !r.stderr.includes('cli-rep-password'));
		const row = gw.sql(`SELECT u.role, t.name AS team FROM users u JOIN teams t ON t.id = u.team_id WHERE email = 'cli.rep@example.com'`)[0];
		assert.deepEqual(row, { role: 'rep', team: 'North' });
		assert.equal(gw.count('audit_log', `action = 'user-add' AND subject = 'cli.rep@example.com' AND detail = 'cli'`), 1);
		const c = gw.client();
		const res = await c.signIn('cli.rep@example.com', 'cli-rep-password');
		assert.equal(res.status, 303);
		assert.equal(res.location, '/deals');
	});

	test('`user add` rejects a short password (exit 1) and adds nobody', () => {
		const r = gw.cli(['user', 'add', 'short.pw@example.com', '--name', 'Short', '--role', 'rep'], { input: 'short\n' });
		assert.equal(r.status, 1);
		assert.match(r.stderr, /password refused: Use at least 10 characters/);
		assert.equal(gw.count('users', `email = 'short.pw@example.com'`), 0);
	});

	test('`user add` with no password on stdin fails and adds nobody', () => {
		const r = gw.cli(['user', 'add', 'no.pw@example.com', '--name', 'No PW', '--role', 'rep'], { input: '' });
		assert.equal(r.status, 1);
		assert.match(r.stderr, /standard input/);
		assert.equal(gw.count('users', `email = 'no.pw@example.com'`), 0);
	});

	test('`user add` refuses a password given on the command line', () => {
		const r = gw.cli(['user', 'add', 'argv.pw@example.com', '--name', 'Argv', '--role', 'rep', '--password', 'argv-password-1'], {
			input: 'stdin-password-1\n',
		});
		assert.equal(r.status, 2);
		assert.equal(gw.count('users', `email = 'argv.pw@example.com'`), 0);
	});

	test('`user add` refuses a taken email, a bad email and a bad role', () => {
		const taken = gw.cli(['user', 'add', 'RAVI@example.com', '--name', 'Dup', '--role', 'rep'], { input: 'long-enough-pw\n' });
		assert.equal(taken.status, 1);
		assert.match(taken.stderr, /already taken/);
		const badEmail = gw.cli(['user', 'add', 'not-an-email', '--name', 'Bad', '--role', 'rep'], { input: 'long-enough-pw\n' });
		assert.equal(badEmail.status, 2);
		const badRole = gw.cli(['user', 'add', 'role@example.com', '--name', 'Bad', '--role', 'boss'], { input: 'long-enough-pw\n' });
		assert.equal(badRole.status, 2);
		assert.equal(gw.count('users', `email IN ('not-an-email', 'role@example.com')`), 0);
	});
});

describe('start-up checks', () => {
	let tmp;
	before(() => {
		tmp = shortTmp('gw-share-');
	});
	after(() => {
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	function config(dir, shareDir, extra = '') {
		const conf = path.join(dir, 'groundwork.conf');
		fs.writeFileSync(
			conf,
			`db = ${path.join(dir, 'test.db')}\nsocket = ${path.join(dir, 's.sock')}\nshare_dir = ${shareDir}\nworkers = 2\n${extra}`,
		);
		return conf;
	}

	test('a broken layout.tpl makes `groundwork serve` exit non-zero, naming the template', () => {
		const share = path.join(tmp, 'share');
		fs.mkdirSync(share);
		fs.cpSync(path.join(ROOT, 'views'), path.join(share, 'views'), { recursive: true });
		fs.symlinkSync(path.join(ROOT, 'sql'), path.join(share, 'sql'));
		fs.symlinkSync(path.join(ROOT, 'static'), path.join(share, 'static'));
		fs.appendFileSync(path.join(share, 'views', 'layout.tpl'), '\n{{#UNCLOSED_SECTION}}\n');
		const conf = config(tmp, share);
		const r = run(['--config', conf, 'serve']);
		assert.equal(r.signal, null, 'it exited by itself');
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /layout\.tpl/);
		assert.match(r.stderr, /refusing to start/);
	});

	test('the same share dir with the template intact starts (control), then stops on SIGTERM with exit 0', async () => {
		const share = path.join(tmp, 'share-ok');
		fs.mkdirSync(share);
		fs.symlinkSync(path.join(ROOT, 'views'), path.join(share, 'views'));
		fs.symlinkSync(path.join(ROOT, 'sql'), path.join(share, 'sql'));
		const dir = path.join(tmp, 'ok');
		fs.mkdirSync(dir);
		const conf = config(dir, share);
		const child = spawn(BIN, ['--config', conf, 'serve'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
		try {
			await waitFor(() => fs.existsSync(path.join(dir, 's.sock')) && Instance.children(child.pid).length === 2, {
				timeoutMs: LONG,
				what: 'the socket and two workers',
			});
		} finally {
			child.kill('SIGTERM');
		}
		const { code } = await exited;
		assert.equal(code, 0, stderr);
	});

	test('a bad value in the config file stops start-up with a message naming the key', () => {
		const dir = path.join(tmp, 'badconf');
		fs.mkdirSync(dir);
		const conf = config(dir, ROOT, 'workers = many\n');
		const r = run(['--config', conf, 'serve']);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /'workers'/);
		assert.equal(fs.existsSync(path.join(dir, 's.sock')), false, 'no socket was created');
	});
});

describe('signals to the running master', () => {
	test('SIGHUP replaces every worker while requests keep succeeding', async () => {
		const master = gw.masterPid();
		const old = gw.workerPids();
		assert.equal(old.length, 4);
		const load = keepRequesting(gw.base);
		await waitFor(() => load.count() >= 3, { timeoutMs: LONG, what: 'requests before the reload' });
		const atSignal = load.count();
		process.kill(master, 'SIGHUP');
		const fresh = await waitFor(
			() => {
				const now = gw.workerPids();
				return now.length === 4 && now.every((p) => !old.includes(p)) ? now : null;
			},
			{ timeoutMs: LONG, what: 'four new workers' },
		);
		const atFresh = load.count();
		await waitFor(() => load.count() >= atFresh + 3, { timeoutMs: LONG, what: 'requests after the reload' });
		const results = await load.stop();
		assert.ok(results.length > atSignal, `requests were made during the reload (${results.length})`);
		const failed = results.filter((r) => !/ (200)$/.test(r));
		assert.deepEqual(failed, [], 'every request during the reload succeeded');
		assert.equal(gw.masterPid(), master);
		assert.ok(alive(master));
		assert.equal(fresh.length, 4);
		assert.match(gw.log(), /reloading; replacing workers/);
	});

	test('SIGHUP with a broken config is refused and the old workers keep serving', async () => {
		const master = gw.masterPid();
		const old = gw.workerPids();
		const conf = fs.readFileSync(gw.conf, 'utf8');
		fs.appendFileSync(gw.conf, 'idle_timeout = forever\n');
		try {
			process.kill(master, 'SIGHUP');
			await waitFor(() => /reload refused/.test(gw.log()), { timeoutMs: LONG, what: '"reload refused" in the log' });
		} finally {
			fs.writeFileSync(gw.conf, conf);
		}
		assert.deepEqual(gw.workerPids(), old, 'the same workers');
		assert.equal((await gw.client().get('/healthz')).status, 200);
	});

	test('SIGHUP while a worker is still reading a request (headers half sent): that request is still answered', async () => {
		// What a request arriving just as a reload starts looks like to a
		// worker: accepted, parameters not all read yet.
		const master = gw.masterPid();
		const old = gw.workerPids();
		const sock = net.connect(gw.socket);
		const chunks = [];
		sock.on('data', (d) => chunks.push(d));
		sock.on('error', () => {});
		const closed = new Promise((res) => sock.on('close', res));
		await new Promise((res) => sock.on('connect', res));
		sock.write(fcgiRecord(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])));
		sock.write(fcgiRecord(4, fcgiParams({ REQUEST_METHOD: 'GET', REQUEST_URI: '/healthz' })));
		await sleep(300);
		process.kill(master, 'SIGHUP');
		await sleep(500);
		// The rest of the request.
		if (!sock.destroyed) {
			sock.write(fcgiRecord(4, fcgiParams({ HTTP_HOST: 'localhost', REMOTE_ADDR: '127.0.0.1', SERVER_PORT: '80' })));
			sock.write(fcgiRecord(4));
			sock.write(fcgiRecord(5));
		}
		await bounded(closed, LONG);
		await waitFor(
			() => {
				const now = gw.workerPids();
				return now.length === 4 && now.every((p) => !old.includes(p));
			},
			{ timeoutMs: LONG, what: 'the reload to finish' },
		);
		const { stdout, ended } = fcgiParse(Buffer.concat(chunks));
		assert.ok(ended && /^Status: 200/.test(stdout), `the request was answered (got ${JSON.stringify(stdout.slice(0, 40))})`);
	});

	test('a worker killed with SIGKILL is re-forked and the site keeps answering', async () => {
		const old = gw.workerPids();
		assert.equal(old.length, 4);
		const victim = old[0];
		process.kill(victim, 'SIGKILL');
		const now = await waitFor(
			() => {
				const p = gw.workerPids();
				return p.length === 4 && !p.includes(victim) ? p : null;
			},
			{ timeoutMs: LONG, what: 'four workers again' },
		);
		assert.deepEqual(
			now.filter((p) => old.includes(p)),
			old.slice(1),
			'only the killed worker was replaced',
		);
		assert.match(gw.log(), new RegExp(`worker ${victim} died of signal 9; restarting`));
		for (let i = 0; i < 8; i++) assert.equal((await gw.client().get('/healthz')).status, 200);
		const c = await gw.login('ravi@example.com');
		assert.equal((await c.get('/deals')).status, 200);
	});

	test('SIGTERM stops the master and its workers and removes the socket', async () => {
		const master = gw.masterPid();
		const workers = gw.workerPids();
		process.kill(master, 'SIGTERM');
		await waitFor(() => !alive(master), { timeoutMs: LONG, what: 'the master to exit' });
		assert.ok(workers.every((p) => !alive(p)), 'every worker is gone');
		assert.equal(fs.existsSync(gw.socket), false, 'the socket file is removed');
		assert.match(gw.log(), /groundwork: stopped/);
		const res = await gw.client().get('/healthz');
		assert.equal(res.status, 502, 'nginx now has no backend');
	});

	test('SIGTERM lets a request in progress finish, then the master exits 0', async () => {
		// Our own master on the instance's socket (the one above is gone),
		// so we can see its exit status.
		assert.equal(fs.existsSync(gw.socket), false);
		const child = spawn(BIN, ['--config', gw.conf, 'serve'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
		try {
			await waitFor(() => fs.existsSync(gw.socket) && Instance.children(child.pid).length === 4, {
				timeoutMs: LONG,
				what: 'our master to serve',
			});
			assert.equal((await gw.client().get('/healthz')).status, 200, 'nginx reaches our master');

			// Open a FastCGI request and send everything but the body, so a
			// worker sits inside the request waiting for it.
			const sock = net.connect(gw.socket);
			const chunks = [];
			sock.on('data', (d) => chunks.push(d));
			const closed = new Promise((res) => sock.on('close', res));
			sock.on('error', () => {});
			const body = Buffer.from('a=1');
			const begin = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]); // role RESPONDER, no keep-alive
			sock.write(fcgiRecord(1, begin));
			sock.write(
				fcgiRecord(
					4,
					fcgiParams({
						REQUEST_METHOD: 'POST',
						REQUEST_URI: '/logout',
						CONTENT_TYPE: 'application/x-www-form-urlencoded',
						CONTENT_LENGTH: String(body.length),
						HTTP_HOST: 'localhost',
						REMOTE_ADDR: '127.0.0.1',
						SERVER_PORT: '80',
					}),
				),
			);
			sock.write(fcgiRecord(4));
			await sleep(300);

			child.kill('SIGTERM');
			await sleep(500);
			assert.equal(child.exitCode, null, 'the master waits for the busy worker');
			assert.equal(Buffer.concat(chunks).length, 0, 'no answer yet: the worker is still waiting for the body');

			sock.write(fcgiRecord(5, body));
			sock.write(fcgiRecord(5));
			await bounded(closed, LONG);
			const { stdout, ended } = fcgiParse(Buffer.concat(chunks));
			assert.ok(ended, 'the request was completed');
			assert.match(stdout, /^Status: 303/, 'the in-flight request got its real answer');
			assert.match(stdout, /Location: \/login/);

			const { code, signal } = await bounded(exited, LONG, { code: 'timeout' });
			assert.equal(signal ?? null, null);
			assert.equal(code, 0, stderr);
			assert.equal(fs.existsSync(gw.socket), false, 'the socket file is removed');
		} finally {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
	});
});
