// Integration-test harness: a real Groundwork instance (the app behind
// nginx, via deploy/local.sh) per test file, a small cookie-carrying
// HTTP client, the sqlite3 CLI for checking the database, and raw
// sockets for requests fetch() will not send.
//
//   import { useInstance, DEMO_PASSWORD } from './harness.mjs';
//   const gw = useInstance({ extraConfig: 'debug_routes = true' });
//   test('...', async () => {
//     const admin = await gw.login('admin@example.com', DEMO_PASSWORD);
//     const res = await admin.post('/admin/teams', { team_name: 'West' });
//     assert.equal(res.status, 303);
//     assert.equal(gw.count('teams', "name = 'West'"), 1);
//   });
//
// A file's own top-level before() hooks must `await gw.ready` first
// (node 20 does not run top-level hooks one after another).
// Environment: GW_ROOT=<checkout> tests another checkout's build and
// deploy/local.sh; GW_BIN=<program> runs another build of the program
// (the sanitizer layer's build/san/groundwork), for the instances and
// the CLI alike; GW_KEEP_TMP=1 keeps each instance's directory
// (database, logs, nginx.conf) under the OS temp dir after the run.
// The sign-in rate limit is raised to 6000r/m (burst 100) unless a
// test asks for nginx's limit itself.

import { after, before } from 'node:test';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Run deploy/local.sh.  Its daemons inherit its stdout, so a pipe would
 * stay open as long as they run: stdout is discarded and stderr goes to
 * a file, and we wait for the script's own exit only.
 */
function localSh(args, env, errFile) {
	return new Promise((resolve, reject) => {
		const fd = fs.openSync(errFile, 'a');
		const child = spawn('sh', [path.join(ROOT, 'deploy', 'local.sh'), ...args], {
			cwd: ROOT,
			env,
			stdio: ['ignore', 'ignore', fd],
		});
		fs.closeSync(fd);
		const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else {
				const err = fs.existsSync(errFile) ? fs.readFileSync(errFile, 'utf8') : '';
				reject(new Error(`local.sh ${args[0]} failed (${code ?? signal}): ${err}`));
			}
		});
	});
}

// GW_ROOT runs the suite against another checkout (default: this one).
export const ROOT = process.env.GW_ROOT
	? path.resolve(process.env.GW_ROOT)
	: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.GW_BIN
	? path.resolve(process.env.GW_BIN)
	: path.join(ROOT, 'build', 'groundwork');
export const DEMO_PASSWORD = 'groundwork-demo';
export const BAD_CREDENTIALS = 'That email and password do not match an active account.';

/** The three headers every response must carry. */
export const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy'];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody is listening on right now. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Quote a string as an SQL literal. */
export function sqlq(s) {
	return `'${String(s).replaceAll("'", "''")}'`;
}

/** Poll fn until it returns a truthy value; throw after timeoutMs (a
 *  bound for a failing test, so generous: the machine may be busy). */
export async function waitFor(fn, { timeoutMs = 60000, intervalMs = 50, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(intervalMs);
	}
}

/** Unescape the few entities ctemplate's HTML escaping produces. */
export function htmlUnescape(s) {
	return s
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&#39;', "'")
		.replaceAll('&amp;', '&');
}

/** The value="" of the input named name in html (unescaped), or null. */
export function inputValue(html, name) {
	const re = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`);
	const tag = html.match(re);
	if (!tag) return null;
	const v = tag[0].match(/\bvalue="([^"]*)"/);
	return v ? htmlUnescape(v[1]) : '';
}

/** The value of the selected <option> in <select name=name>, or null. */
export function selectedOption(html, name) {
	const sel = html.match(new RegExp(`<select[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`));
	if (!sel) return null;
	const opt = sel[1].match(/<option value="([^"]*)" selected>/);
	return opt ? htmlUnescape(opt[1]) : null;
}

/**
 * The attributes of one start tag's text (what follows the tag name):
 * { name: value }, values unescaped; a bare attribute is ''.
 */
export function parseAttributes(text) {
	const attrs = {};
	const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
	for (const m of text.matchAll(re)) {
		const name = m[1].toLowerCase();
		if (name in attrs) continue; // the first one counts, as in a browser
		attrs[name] = htmlUnescape(m[2] ?? m[3] ?? m[4] ?? '');
	}
	return attrs;
}

/**
 * Every <form> in html with its controls, enough to say what a browser
 * would show and send: [{ attrs, action, controls }], each control
 * { tag, attrs, name, type, value, checked, options, text }.  Options of
 * a <select> are [{ value, selected, label }]; a <textarea>'s text
 * drops the one newline that may follow its start tag, as HTML does.
 */
export function parseForms(html) {
	const forms = [];
	const formRe = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
	for (const fm of html.matchAll(formRe)) {
		const attrs = parseAttributes(fm[1]);
		const body = fm[2];
		const controls = [];
		const tagRe = /<(input|select|textarea)\b([^>]*)>/gi;
		for (const tm of body.matchAll(tagRe)) {
			const tag = tm[1].toLowerCase();
			const a = parseAttributes(tm[2]);
			const c = { tag, attrs: a, name: a.name ?? null, type: (a.type ?? (tag === 'input' ? 'text' : tag)).toLowerCase() };
			const rest = body.slice(tm.index + tm[0].length);
			if (tag === 'input') {
				c.value = a.value ?? (c.type === 'checkbox' || c.type === 'radio' ? 'on' : '');
				c.checked = 'checked' in a;
			} else if (tag === 'textarea') {
				const end = rest.search(/<\/textarea>/i);
				c.text = htmlUnescape(rest.slice(0, end < 0 ? undefined : end)).replace(/^\r?\n/, '');
				c.value = c.text;
			} else {
				const end = rest.search(/<\/select>/i);
				const inner = rest.slice(0, end < 0 ? undefined : end);
				c.options = [...inner.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((om) => {
					const oa = parseAttributes(om[1]);
					const label = htmlUnescape(om[2]).trim();
					return { value: oa.value ?? label, selected: 'selected' in oa, label };
				});
				const chosen = c.options.find((o) => o.selected) ?? c.options[0];
				c.value = chosen ? chosen.value : null;
			}
			controls.push(c);
		}
		forms.push({ attrs, action: attrs.action ?? null, controls });
	}
	return forms;
}

/**
 * What a browser would send from a parsed form, as { name: value }:
 * text-like inputs and textareas by value, a select by its selected (or
 * first) option, checkboxes and radio buttons only when checked.
 * Buttons and nameless controls are left out.
 */
export function formState(form) {
	const state = {};
	for (const c of form.controls) {
		if (!c.name || ['submit', 'button', 'reset', 'image'].includes(c.type)) continue;
		if ((c.type === 'checkbox' || c.type === 'radio') && !c.checked) continue;
		if (c.value === null) continue;
		state[c.name] = c.value;
	}
	return state;
}

export function extractCsrf(html) {
	const m = html.match(/name="csrf" value="([^"]*)"/);
	return m ? m[1] : null;
}

function encodeFields(fields) {
	if (typeof fields === 'string' || Buffer.isBuffer(fields)) return fields;
	const entries = Array.isArray(fields) ? fields : Object.entries(fields);
	return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * A browser-ish client: keeps cookies, never follows redirects, and
 * remembers the last CSRF value seen on a page.
 */
export class Client {
	constructor(base) {
		this.base = base;
		this.jar = new Map();
		this.csrf = null;
	}

	cookieHeader() {
		return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/** A copy sharing nothing: same cookies and csrf at this moment. */
	clone() {
		const c = new Client(this.base);
		c.jar = new Map(this.jar);
		c.csrf = this.csrf;
		return c;
	}

	get sessionCookie() {
		return this.jar.get('gw_session') ?? null;
	}

	async request(method, p, { body, headers = {}, contentType } = {}) {
		const h = { ...headers };
		const cookie = this.cookieHeader();
		if (cookie && !Object.keys(h).some((k) => k.toLowerCase() === 'cookie')) h.cookie = cookie;
		if (body !== undefined && contentType !== null)
			h['content-type'] = contentType ?? 'application/x-www-form-urlencoded';
		const res = await fetch(this.base + p, { method, headers: h, body, redirect: 'manual' });
		const text = await res.text();
		const setCookies = res.headers.getSetCookie();
		for (const sc of setCookies) {
			const [pair, ...attrs] = sc.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
			if (expired) this.jar.delete(name);
			else this.jar.set(name, value);
		}
		const csrf = extractCsrf(text);
		if (csrf) this.csrf = csrf;
		return {
			status: res.status,
			headers: res.headers,
			location: res.headers.get('location'),
			body: text,
			setCookies,
			csrf,
		};
	}

	get(p, opts = {}) {
		return this.request('GET', p, opts);
	}

	head(p, opts = {}) {
		return this.request('HEAD', p, opts);
	}

	/**
	 * POST fields (object, array of pairs, or a ready string/Buffer).
	 * csrf: undefined sends the last one seen, null sends none, a
	 * string sends that string.
	 */
	post(p, fields = {}, { csrf, headers, contentType } = {}) {
		let body = encodeFields(fields);
		const token = csrf === undefined ? this.csrf : csrf;
		if (token !== null && token !== undefined && typeof body === 'string')
			body = `csrf=${encodeURIComponent(token)}${body ? '&' + body : ''}`;
		return this.request('POST', p, { body, headers, contentType });
	}

	/** GET /login (for the pre-session csrf), then POST it. */
	async signIn(email, password, { next } = {}) {
		const form = await this.get(next !== undefined ? `/login?next=${encodeURIComponent(next)}` : '/login');
		if (form.status !== 200) return form;
		const fields = { email, password };
		if (next !== undefined) fields.next = next;
		return this.post('/login', fields);
	}
}

/** Parse a raw HTTP/1.1 response (as a Buffer). */
export function parseRawResponse(buf) {
	const sep = buf.indexOf('\r\n\r\n');
	if (sep < 0) return { status: null, headers: {}, body: '', raw: buf.toString('latin1') };
	const head = buf.subarray(0, sep).toString('latin1').split('\r\n');
	const m = head[0].match(/^HTTP\/\d\.\d (\d{3})/);
	const headers = {};
	for (const line of head.slice(1)) {
		const i = line.indexOf(':');
		if (i < 0) continue;
		const k = line.slice(0, i).trim().toLowerCase();
		const v = line.slice(i + 1).trim();
		headers[k] = headers[k] ? `${headers[k]}, ${v}` : v;
	}
	let body = buf.subarray(sep + 4);
	if ((headers['transfer-encoding'] || '').toLowerCase() === 'chunked') {
		const parts = [];
		let off = 0;
		for (;;) {
			const eol = body.indexOf('\r\n', off);
			if (eol < 0) break;
			const size = parseInt(body.subarray(off, eol).toString('latin1'), 16);
			if (!size) break;
			parts.push(body.subarray(eol + 2, eol + 2 + size));
			off = eol + 2 + size + 2;
		}
		body = Buffer.concat(parts);
	}
	return { status: m ? Number(m[1]) : null, headers, body: body.toString('utf8'), raw: buf.toString('latin1') };
}

/**
 * Send bytes over a fresh TCP connection and read until the server
 * closes it (or timeoutMs).  endWrite half-closes our side after
 * sending; localAddress picks the client's own loopback address (any of
 * 127.0.0.0/8), which nginx passes to the app as REMOTE_ADDR.
 * Returns { status, headers, body, raw, closed, timedOut };
 * status is null when the server closed without a response.
 */
export function rawRequest(port, data, { endWrite = false, timeoutMs = 20000, localAddress } = {}) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let timedOut = false;
		let reset = false;
		const sock = net.connect({ port, host: '127.0.0.1', localAddress }, () => {
			sock.write(data, () => {
				if (endWrite) sock.end();
			});
		});
		sock.setTimeout(timeoutMs, () => {
			timedOut = true;
			sock.destroy();
		});
		sock.on('data', (d) => chunks.push(d));
		sock.on('error', (e) => {
			// A reset after the server answered is still an answer.
			if (e.code === 'ECONNRESET' || e.code === 'EPIPE') reset = true;
			else reject(e);
		});
		sock.on('close', () => {
			const r = parseRawResponse(Buffer.concat(chunks));
			resolve({ ...r, closed: true, timedOut, reset });
		});
	});
}

/** Build a raw HTTP/1.1 request (Connection: close) as a Buffer. */
export function buildRequest(method, target, { headers = {}, body, host = 'localhost' } = {}) {
	const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
	const b = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
	const hasLen = Object.keys(headers).some((k) => k.toLowerCase() === 'content-length');
	for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
	if (b && !hasLen) lines.push(`Content-Length: ${b.length}`);
	const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
	return b ? Buffer.concat([head, b]) : head;
}

// Instances not yet stopped.  If the test process is interrupted (Ctrl-C,
// a timeout's SIGTERM) or exits without its after() hooks, stop them
// here so no nginx or groundwork is left running.
const live = new Set();

function stopLiveSync() {
	for (const inst of live) {
		spawnSync('sh', [path.join(ROOT, 'deploy', 'local.sh'), 'stop', '--dir', inst.dir], {
			env: inst.env,
			stdio: 'ignore',
			timeout: 30000,
		});
		if (!process.env.GW_KEEP_TMP) fs.rmSync(inst.dir, { recursive: true, force: true });
		live.delete(inst);
	}
}

process.on('exit', stopLiveSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		stopLiveSync();
		process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
	});
}

/** One running instance: nginx on 127.0.0.1:port in front of groundwork. */
export class Instance {
	constructor(port, dir, env) {
		this.port = port;
		this.dir = dir;
		this.env = env;
		this.base = `http://127.0.0.1:${port}`;
		this.origin = this.base;
		this.conf = path.join(dir, 'groundwork.conf');
		this.db = path.join(dir, 'groundwork.db');
		this.socket = path.join(dir, 'groundwork.sock');
		this.logFile = path.join(dir, 'logs', 'groundwork.log');
	}

	static async start({
		extraConfig = '',
		signinRate = '6000r/m',
		signinBurst = 100,
		noSeed = false,
		workers,
	} = {}) {
		const port = await freePort();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-it-'));
		const env = {
			...process.env,
			GW_EXTRA_CONFIG: extraConfig,
			GW_SIGNIN_RATE: signinRate,
			GW_SIGNIN_BURST: String(signinBurst),
			GW_NO_SEED: noSeed ? '1' : '0',
			GW_BIN: BIN,
		};
		if (workers) env.GW_WORKERS = String(workers);
		const inst = new Instance(port, dir, env);
		live.add(inst);
		try {
			await localSh(['start', '--port', String(port), '--dir', dir], env, path.join(dir, 'local-sh.err'));
		} catch (e) {
			await inst.stop({ keep: true }).catch(() => {});
			throw new Error(`${e.message} (instance directory ${dir} kept)`);
		}
		return inst;
	}

	async stop({ keep = !!process.env.GW_KEEP_TMP } = {}) {
		live.delete(this);
		try {
			await localSh(['stop', '--dir', this.dir], this.env, path.join(this.dir, 'local-sh.err'));
		} finally {
			if (!keep) fs.rmSync(this.dir, { recursive: true, force: true });
		}
	}

	/** Run a query with the sqlite3 CLI; rows as objects. */
	sql(query) {
		const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', this.db, query], {
			encoding: 'utf8',
		});
		return out.trim() ? JSON.parse(out) : [];
	}

	/** The single value of a one-row, one-column query. */
	sqlValue(query) {
		const rows = this.sql(query);
		if (rows.length === 0) return undefined;
		return Object.values(rows[0])[0];
	}

	/** The hex BLAKE2b-256 of a session token, as the app stores it. */
	static tokenHash(token) {
		return execFileSync('b2sum', ['-l', '256'], { input: token, encoding: 'utf8' }).split(' ')[0].toUpperCase();
	}

	/** The sessions row for a session cookie value, or undefined. */
	sessionRow(token) {
		if (!token) return undefined;
		return this.sql(
			`SELECT id, user_id, created_at, last_seen FROM sessions WHERE token_hash = x'${Instance.tokenHash(token)}'`,
		)[0];
	}

	/** How many rows a table (optionally filtered) has. */
	count(table, where = '1') {
		return this.sqlValue(`SELECT count(*) AS n FROM ${table} WHERE ${where}`);
	}

	/** Run build/groundwork --config <this conf> ...args. */
	cli(args, { input = '', timeoutMs = 30000 } = {}) {
		const r = spawnSync(BIN, ['--config', this.conf, ...args], {
			input,
			encoding: 'utf8',
			timeout: timeoutMs,
		});
		if (r.error) throw new Error(`cannot run ${BIN}: ${r.error.message}`);
		return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
	}

	/** The app's log (stderr of groundwork serve). */
	log() {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	masterPid() {
		return Number(fs.readFileSync(path.join(this.dir, 'groundwork.run.pid'), 'utf8').trim());
	}

	/** PIDs of the direct children of pid (the workers of a master). */
	static children(pid) {
		const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
		return r.stdout
			.split('\n')
			.filter(Boolean)
			.map(Number)
			.sort((a, b) => a - b);
	}

	workerPids() {
		return Instance.children(this.masterPid());
	}

	client() {
		return new Client(this.base);
	}

	/** A new client signed in as email; throws unless the sign-in is a 303. */
	async login(email, password = DEMO_PASSWORD) {
		const c = this.client();
		const res = await c.signIn(email, password);
		if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}`);
		c.home = res.location;
		const page = await c.get(res.location);
		if (page.status !== 200 || !c.csrf)
			throw new Error(`home page ${res.location} for ${email} answered ${page.status}`);
		return c;
	}

	raw(data, opts) {
		return rawRequest(this.port, data, opts);
	}

	/** Add a user with the CLI (password on stdin). Returns the user's id. */
	addUser(email, { name = 'Test User', role = 'rep', team, password = DEMO_PASSWORD } = {}) {
		const args = ['user', 'add', email, '--name', name, '--role', role];
		if (team) args.push('--team', team);
		const r = this.cli(args, { input: password + '\n' });
		if (r.status !== 0) throw new Error(`user add ${email} failed (${r.status}): ${r.stderr}`);
		return this.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(email)}`);
	}
}

/**
 * Start an instance before the file's tests and stop it after them.
 * Returns a proxy that forwards to the running Instance.  Node 20 runs
 * a file's top-level before() hooks without waiting for each other, so
 * a file's own top-level hooks must start with `await gw.ready`.
 */
export function useInstance(opts = {}) {
	const holder = { inst: null };
	let resolveReady, rejectReady;
	holder.ready = new Promise((res, rej) => {
		resolveReady = res;
		rejectReady = rej;
	});
	holder.ready.catch(() => {});
	before(async () => {
		try {
			holder.inst = await Instance.start(opts);
			resolveReady(holder.inst);
		} catch (e) {
			rejectReady(e);
			throw e;
		}
	});
	after(async () => {
		if (holder.inst) await holder.inst.stop();
	});
	return new Proxy(holder, {
		get(h, prop) {
			if (prop === 'ready') return h.ready;
			if (prop === 'then') return undefined;
			if (!h.inst) throw new Error('the instance is not running (before() failed?)');
			const v = h.inst[prop];
			return typeof v === 'function' ? v.bind(h.inst) : v;
		},
	});
}

/** Assert-friendly: which of the security headers are missing. */
export function missingSecurityHeaders(headers) {
	const get = typeof headers.get === 'function' ? (k) => headers.get(k) : (k) => headers[k];
	return SECURITY_HEADERS.filter((h) => !get(h));
}
