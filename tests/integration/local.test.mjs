// `make run` (deploy/local.sh run): it serves from a checkout wherever
// it lives, a private home included, and it prints "Groundwork is
// running" only once nginx really serves the sign-in page; a port held
// by another program gets a message, a non-zero exit and no banner.
//
// Run as root (as CI does), nginx would start its workers as another
// user, which is what the private-directory test catches.

import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT, freePort, waitFor } from './harness.mjs';

const BANNER = 'Groundwork is running';

/**
 * Start `sh <checkout>/deploy/local.sh run --port port --dir dir`.
 * Output goes to files (the servers it starts inherit them, so a pipe
 * would stay open); exited resolves with the exit code or signal.
 */
function localRun(checkout, port, dir, env = {}) {
	fs.mkdirSync(dir, { recursive: true });
	const outFile = path.join(dir, '..', `local-${port}.out`);
	const errFile = path.join(dir, '..', `local-${port}.err`);
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const child = spawn('sh', [path.join(checkout, 'deploy', 'local.sh'), 'run', '--port', String(port), '--dir', dir], {
		cwd: checkout,
		env: { ...process.env, ...env },
		stdio: ['ignore', out, err],
	});
	fs.closeSync(out);
	fs.closeSync(err);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
	return {
		child,
		exited,
		stdout: () => fs.readFileSync(outFile, 'utf8'),
		stderr: () => fs.readFileSync(errFile, 'utf8'),
	};
}

/** Stop whatever local.sh left in dir (nothing, when all went well). */
function stopDir(checkout, dir) {
	spawnSync('sh', [path.join(checkout, 'deploy', 'local.sh'), 'stop', '--dir', dir], {
		stdio: 'ignore',
		timeout: 30000,
	});
}

/** Processes whose command line mentions s (ours only: s is a temp dir). */
function processesMentioning(s) {
	const r = spawnSync('pgrep', ['-f', s], { encoding: 'utf8' });
	return r.stdout.split('\n').filter(Boolean);
}

async function statusOf(url) {
	const res = await fetch(url, { redirect: 'manual' });
	await res.arrayBuffer();
	return res.status;
}

test('make run serves a checkout inside a 0700 directory: /login and /static/app.css answer 200 through nginx', async (t) => {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
	const checkout = path.join(home, 'groundwork');
	const dir = path.join(checkout, 'run');
	// Stop first: the pid files go with the directory.
	t.after(() => {
		if (fs.existsSync(dir)) stopDir(checkout, dir);
		fs.rmSync(home, { recursive: true, force: true });
	});
	fs.chmodSync(home, 0o700);
	assert.equal(fs.statSync(home).mode & 0o777, 0o700, 'the directory is private like a home');
	// A checkout as make run sees it: the built program and the files
	// it serves, all inside the private directory.
	for (const d of ['deploy', 'static', 'views', 'sql'])
		fs.cpSync(path.join(ROOT, d), path.join(checkout, d), { recursive: true });
	fs.mkdirSync(path.join(checkout, 'build'));
	fs.copyFileSync(path.join(ROOT, 'build', 'groundwork'), path.join(checkout, 'build', 'groundwork'));
	fs.chmodSync(path.join(checkout, 'build', 'groundwork'), 0o755);
	const port = await freePort();
	const run = localRun(checkout, port, dir);
	let exit = null;
	run.exited.then((code) => (exit = code));
	await waitFor(() => exit !== null || run.stdout().includes(BANNER), {
		timeoutMs: 90000,
		what: 'the running banner or an exit',
	});
	assert.equal(exit, null, `local.sh exited (${exit}): ${run.stderr()}`);
	const base = `http://127.0.0.1:${port}`;
	assert.equal(await statusOf(`${base}/login`), 200, fs.readFileSync(path.join(dir, 'logs', 'nginx-error.log'), 'utf8'));
	assert.equal(await statusOf(`${base}/static/app.css`), 200);
	// nginx's workers run as this user, so the socket is this user's alone.
	assert.equal(fs.statSync(path.join(dir, 'groundwork.sock')).mode & 0o777, 0o600);
	// Ctrl-C (here SIGTERM) stops both servers and exits cleanly.
	run.child.kill('SIGTERM');
	assert.equal(await run.exited, 0);
	assert.match(run.stdout(), /Groundwork stopped\./);
	assert.deepEqual(processesMentioning(dir), [], 'nothing left running');
});

test('make run on a port another program holds says so, exits non-zero and never prints the running banner', async (t) => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-busy-'));
	const dir = path.join(tmp, 'run');
	// Stop first: the pid files go with the directory.
	t.after(() => {
		if (fs.existsSync(dir)) stopDir(ROOT, dir);
		fs.rmSync(tmp, { recursive: true, force: true });
	});
	// The other program even answers 200 to everything, /login included.
	const other = http.createServer((req, res) => res.end('someone else\n'));
	const port = await freePort();
	await new Promise((resolve) => other.listen(port, '127.0.0.1', resolve));
	t.after(() => other.close());
	const run = localRun(ROOT, port, dir);
	const timer = setTimeout(() => run.child.kill('SIGKILL'), 90000);
	const code = await run.exited;
	clearTimeout(timer);
	assert.notEqual(code, 'SIGKILL', `local.sh did not finish: ${run.stdout()}`);
	assert.notEqual(code, 0, 'a non-zero exit');
	assert.doesNotMatch(run.stdout(), new RegExp(BANNER));
	const err = run.stderr();
	assert.match(err, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use by another program`));
	assert.match(err, /make run PORT=\d+/, 'it says how to pick another port');
	assert.deepEqual(processesMentioning(dir), [], 'nothing of ours left running');
});
