// Sign-in, sign-out, CSRF and origin checks, the sign-in throttle,
// session expiry, disabled accounts and the `next` parameter.
//
// The app also throttles failed sign-ins per address (20 per 15 min);
// every request here comes from 127.0.0.1, so this file keeps its
// failed sign-ins on the shared instance well below that (8 in all),
// and the address throttle's own test runs on an instance of its own.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	useInstance,
	Instance,
	DEMO_PASSWORD,
	BAD_CREDENTIALS,
	inputValue,
	sqlq,
	sleep,
	buildRequest,
	extractCsrf,
} from './harness.mjs';

const gw = useInstance();

const HOMES = [
	['ravi@example.com', '/deals'],
	['maria@example.com', '/team'],
	['admin@example.com', '/admin/users'],
];

function userId(email) {
	return gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(email)}`);
}

describe('signing in', () => {
	for (const [email, home] of HOMES) {
		test(`${email} lands on ${home} with a session cookie, and the home page greets them`, async () => {
			const c = gw.client();
			const res = await c.signIn(email, DEMO_PASSWORD);
			assert.equal(res.status, 303);
			assert.equal(res.location, home);
			assert.ok(c.sessionCookie, 'gw_session is set');
			assert.ok(
				res.setCookies.some((s) => /^gw_session=[^;]+;.*HttpOnly/i.test(s) && /SameSite=Lax/i.test(s)),
				'the session cookie is HttpOnly and SameSite=Lax',
			);
			assert.ok(res.setCookies.some((s) => /^gw_pre=;/.test(s)), 'the pre-session cookie is cleared');
			const row = gw.sessionRow(c.sessionCookie);
			assert.ok(row, 'a sessions row exists for the cookie');
			assert.equal(row.user_id, userId(email));
			const page = await c.get(home);
			assert.equal(page.status, 200);
			assert.match(page.body, /action="\/logout"/);
			const again = await c.get('/login');
			assert.equal(again.status, 303, 'a signed-in user is sent home from /login');
			assert.equal(again.location, home);
			const root = await c.get('/');
			assert.equal(root.location, home);
		});
	}

	test('the email is matched case-insensitively', async () => {
		const c = gw.client();
		const res = await c.signIn('Ravi@Example.COM', DEMO_PASSWORD);
		assert.equal(res.status, 303);
		assert.equal(res.location, '/deals');
	});

	test('a sign-in is recorded in audit_log', async () => {
		const before = gw.count('audit_log', `action = 'sign-in' AND subject = 'lena@example.com'`);
		await gw.login('lena@example.com');
		const after = gw.count('audit_log', `action = 'sign-in' AND subject = 'lena@example.com'`);
		assert.equal(after, before + 1);
	});
});

describe('wrong credentials', () => {
	test('wrong password and unknown email get the same 401 and message, keep the email, never echo the password', async () => {
		const sessionsBefore = gw.count('sessions');
		const a = gw.client();
		const wrongPw = await a.signIn('ravi@example.com', 'not-the-password-123');
		const b = gw.client();
		const unknown = await b.signIn('nobody@example.com', 'not-the-password-456');

		for (const [res, email, pw] of [
			[wrongPw, 'ravi@example.com', 'not-the-password-123'],
			[unknown, 'nobody@example.com', 'not-the-password-456'],
		]) {
			assert.equal(res.status, 401);
			assert.ok(res.body.includes(BAD_CREDENTIALS), 'the shared message is shown');
			assert.equal(inputValue(res.body, 'email'), email, 'the email is kept in the form');
			assert.ok(!res.body.includes(pw), 'the password is not sent back');
			assert.equal(inputValue(res.body, 'password'), '', 'the password field is empty');
			assert.equal(a.jar.has('gw_session') || b.jar.has('gw_session'), false);
		}
		// Same page apart from the email and the per-form csrf value.
		const norm = (s, email) => s.replaceAll(email, 'EMAIL').replace(/name="csrf" value="[^"]*"/g, '');
		assert.equal(norm(wrongPw.body, 'ravi@example.com'), norm(unknown.body, 'nobody@example.com'));
		assert.equal(gw.count('sessions'), sessionsBefore, 'no session was created');
		assert.ok(gw.count('audit_log', `action = 'sign-in-failed' AND subject = 'nobody@example.com'`) >= 1);
	});

	test('empty email and password give 422 with a message for each field', async () => {
		const c = gw.client();
		await c.get('/login');
		const res = await c.post('/login', { email: '', password: '' });
		assert.equal(res.status, 422);
		assert.match(res.body, /Email: This is required\./);
		assert.match(res.body, /Password: This is required\./);
		assert.match(res.body, /id="f-email"[^>]*aria-invalid="true"/);
		assert.equal(c.jar.has('gw_session'), false);
	});

	test('an empty password alone gives 422 and keeps the email', async () => {
		const c = gw.client();
		await c.get('/login');
		const res = await c.post('/login', { email: 'ravi@example.com', password: '' });
		assert.equal(res.status, 422);
		assert.match(res.body, /Password: This is required\./);
		assert.doesNotMatch(res.body, /Email: This is required/);
		assert.equal(inputValue(res.body, 'email'), 'ravi@example.com');
	});
});

describe('signing out', () => {
	test('POST /logout ends the session: 303 to /login?signed_out=1, row deleted, old cookie no longer works', async () => {
		const c = await gw.login('tom@example.com');
		const token = c.sessionCookie;
		assert.ok(gw.sessionRow(token));
		const stolen = c.clone(); // what an attacker who copied the cookie holds
		const res = await c.post('/logout', {});
		assert.equal(res.status, 303);
		assert.equal(res.location, '/login?signed_out=1');
		assert.ok(res.setCookies.some((s) => /^gw_session=;.*Max-Age=0/.test(s)), 'the cookie is cleared');
		assert.equal(gw.sessionRow(token), undefined, 'the sessions row is gone');
		const old = await stolen.get('/deals');
		assert.equal(old.status, 303);
		assert.equal(old.location, '/login?next=/deals&expired=1', 'a dead session cookie says the session ended');
		const notice = await c.get('/login?signed_out=1');
		assert.equal(notice.status, 200);
		assert.match(notice.body, /You are signed out\./);
		assert.equal(
			gw.count('audit_log', `action = 'sign-out' AND subject = 'tom@example.com'`) >= 1,
			true,
		);
	});

	test('POST /logout without a session redirects to sign-in and changes nothing', async () => {
		const c = gw.client();
		await c.get('/login');
		const res = await c.post('/logout', {});
		assert.equal(res.status, 303);
		assert.match(res.location, /^\/login\?next=/);
	});
});

describe('CSRF and origin checks', () => {
	let ravi, lena, admin, preCsrf;

	before(async () => {
		const c = gw.client();
		await c.get('/login');
		preCsrf = c.csrf; // a valid pre-session value, from before sign-in
		const res = await c.post('/login', { email: 'ravi@example.com', password: DEMO_PASSWORD });
		assert.equal(res.status, 303);
		await c.get('/deals');
		ravi = c;
		lena = await gw.login('lena@example.com');
		admin = await gw.login('admin@example.com');
	});

	const badLogout = [
		['without a csrf field', () => ({ csrf: null })],
		['with a wrong csrf value', () => ({ csrf: 'A'.repeat(43) })],
		['with an empty csrf value', () => ({ csrf: '' })],
		["with another session's csrf value", () => ({ csrf: lena.csrf })],
		['with the pre-session csrf from before sign-in', () => ({ csrf: preCsrf })],
		['with Origin: http://evil.example (and a valid csrf)', () => ({ headers: { origin: 'http://evil.example' } })],
		['with Origin: null (and a valid csrf)', () => ({ headers: { origin: 'null' } })],
		['with Sec-Fetch-Site: cross-site (and a valid csrf)', () => ({ headers: { 'sec-fetch-site': 'cross-site' } })],
		['with Sec-Fetch-Site: same-site (and a valid csrf)', () => ({ headers: { 'sec-fetch-site': 'same-site' } })],
	];

	for (const [what, opts] of badLogout) {
		test(`POST /logout ${what} is refused with 403 and the session survives`, async () => {
			const token = ravi.sessionCookie;
			const res = await ravi.post('/logout', {}, opts());
			assert.equal(res.status, 403);
			assert.match(res.body, /This form has expired or came from another site/);
			assert.ok(gw.sessionRow(token), 'the sessions row is still there');
			const page = await ravi.get('/deals');
			assert.equal(page.status, 200, 'still signed in');
		});
	}

	const badAdmin = [
		['without a csrf field', () => ({ csrf: null })],
		['with a wrong csrf value', () => ({ csrf: 'A'.repeat(43) })],
		["with another session's csrf value", () => ({ csrf: ravi.csrf })],
		['with Origin: http://evil.example', () => ({ headers: { origin: 'http://evil.example' } })],
		['with an Origin that only differs in port', () => ({ headers: { origin: 'http://127.0.0.1:1' } })],
		['with Sec-Fetch-Site: cross-site', () => ({ headers: { 'sec-fetch-site': 'cross-site' } })],
	];

	for (const [what, opts] of badAdmin) {
		test(`an admin POST /admin/teams ${what} is refused with 403 and nothing is saved`, async () => {
			const name = `Team ${what}`.slice(0, 60);
			const teams = gw.count('teams');
			const audits = gw.count('audit_log');
			const res = await admin.post('/admin/teams', { team_name: name }, opts());
			assert.equal(res.status, 403);
			assert.equal(gw.count('teams'), teams, 'no team was added');
			assert.equal(gw.count('teams', `name = ${sqlq(name)}`), 0);
			assert.equal(gw.count('audit_log'), audits, 'nothing was audited');
		});
	}

	test('the same admin POST with a valid csrf, a same-origin Origin and Sec-Fetch-Site: same-origin succeeds (control)', async () => {
		const res = await admin.post(
			'/admin/teams',
			{ team_name: 'Team Origin Control' },
			{ headers: { origin: gw.origin, 'sec-fetch-site': 'same-origin' } },
		);
		assert.equal(res.status, 303);
		assert.equal(gw.count('teams', `name = 'Team Origin Control'`), 1);
	});

	test('POST /logout with a valid csrf and Sec-Fetch-Site: none succeeds (control)', async () => {
		const c = await gw.login('ines@example.com');
		const token = c.sessionCookie;
		const res = await c.post('/logout', {}, { headers: { 'sec-fetch-site': 'none', origin: gw.origin } });
		assert.equal(res.status, 303);
		assert.equal(res.location, '/login?signed_out=1');
		assert.equal(gw.sessionRow(token), undefined);
	});
});

describe('sign-in form CSRF', () => {
	test('POST /login without the csrf field is 403, re-shows the form with the email, and starts no session', async () => {
		const c = gw.client();
		await c.get('/login');
		const sessions = gw.count('sessions');
		const res = await c.post('/login', { email: 'ravi@example.com', password: DEMO_PASSWORD }, { csrf: null });
		assert.equal(res.status, 403);
		assert.match(res.body, /This sign-in form had expired/);
		assert.equal(inputValue(res.body, 'email'), 'ravi@example.com');
		assert.ok(!res.body.includes(DEMO_PASSWORD));
		assert.ok(res.csrf, 'a fresh csrf value is in the re-shown form');
		assert.equal(c.jar.has('gw_session'), false);
		assert.equal(gw.count('sessions'), sessions);
		// The re-shown form works.
		const retry = await c.post('/login', { email: 'ravi@example.com', password: DEMO_PASSWORD });
		assert.equal(retry.status, 303);
	});

	test('POST /login with no cookies at all is 403', async () => {
		const c = gw.client();
		const res = await c.post('/login', { email: 'ravi@example.com', password: DEMO_PASSWORD }, { csrf: 'A'.repeat(43) });
		assert.equal(res.status, 403);
		assert.equal(c.jar.has('gw_session'), false);
	});

	test("POST /login with another browser's pre-session csrf is 403", async () => {
		const other = gw.client();
		await other.get('/login');
		const c = gw.client();
		await c.get('/login');
		const res = await c.post('/login', { email: 'ravi@example.com', password: DEMO_PASSWORD }, { csrf: other.csrf });
		assert.equal(res.status, 403);
		assert.equal(c.jar.has('gw_session'), false);
	});

	test('POST /login from Origin: http://evil.example is 403 even with a valid csrf', async () => {
		const c = gw.client();
		await c.get('/login');
		const res = await c.post(
			'/login',
			{ email: 'ravi@example.com', password: DEMO_PASSWORD },
			{ headers: { origin: 'http://evil.example' } },
		);
		assert.equal(res.status, 403);
		assert.equal(c.jar.has('gw_session'), false);
	});
});

describe('account throttle', () => {
	const email = 'throttle@example.com';
	const password = 'throttle-pass-123';
	before(() => {
		gw.addUser(email, { name: 'Throttle Target', role: 'rep', password });
	});

	test('after 5 wrong passwords even the right password is refused with 429 for that account only', async () => {
		const c = gw.client();
		await c.get('/login');
		for (let i = 1; i <= 5; i++) {
			const res = await c.post('/login', { email, password: `wrong-password-${i}` });
			assert.equal(res.status, 401, `attempt ${i}`);
		}
		assert.equal(gw.sqlValue(`SELECT fails FROM login_throttle WHERE key = 'account:${email}'`), 5);
		const sessions = gw.count('sessions');
		const right = await c.post('/login', { email, password });
		assert.equal(right.status, 429);
		assert.match(right.body, /Too many failed sign-ins/);
		assert.equal(inputValue(right.body, 'email'), email);
		assert.equal(c.jar.has('gw_session'), false);
		// The key is case-insensitive.
		const upper = await c.post('/login', { email: email.toUpperCase(), password });
		assert.equal(upper.status, 429);
		assert.equal(gw.count('sessions'), sessions, 'no session was created');
		// Other accounts are not affected.
		const other = gw.client();
		const ok = await other.signIn('julia@example.com', DEMO_PASSWORD);
		assert.equal(ok.status, 303);
	});
});

describe('disabled accounts', () => {
	test("disabling a signed-in user (admin page) ends their session at once, and they cannot sign in", async () => {
		const email = 'disable-me@example.com';
		const id = gw.addUser(email, { name: 'Disable Me', role: 'rep' });
		const user = await gw.login(email);
		assert.equal((await user.get('/deals')).status, 200);
		const admin = await gw.login('admin@example.com');
		const res = await admin.post(`/admin/users/${id}/active`, { active: '0' });
		assert.equal(res.status, 303);
		const after = await user.get('/deals');
		assert.equal(after.status, 303);
		assert.equal(after.location, '/login?next=/deals&expired=1');
		assert.equal(gw.count('sessions', `user_id = ${id}`), 0);
		const again = await gw.client().signIn(email, DEMO_PASSWORD);
		assert.equal(again.status, 401);
		assert.ok(again.body.includes(BAD_CREDENTIALS), 'the same message as a wrong password');
	});

	test('disabling with the CLI ends a live session too', async () => {
		const email = 'cli-disable@example.com';
		const id = gw.addUser(email, { name: 'CLI Disable', role: 'rep' });
		const user = await gw.login(email);
		const r = gw.cli(['user', 'disable', email]);
		assert.equal(r.status, 0, r.stderr);
		const after = await user.get('/deals');
		assert.equal(after.status, 303);
		assert.equal(gw.count('sessions', `user_id = ${id}`), 0);
	});

	test('a session whose user row is marked inactive is not honoured even if the row survives', async () => {
		const email = 'db-disable@example.com';
		const id = gw.addUser(email, { name: 'DB Disable', role: 'rep' });
		const user = await gw.login(email);
		gw.sql(`UPDATE users SET active = 0 WHERE id = ${id}`);
		const after = await user.get('/deals');
		assert.equal(after.status, 303);
		assert.match(after.location, /^\/login/);
	});
});

describe('the next parameter', () => {
	test('an anonymous visit to /team is sent to /login?next=/team, which carries it through sign-in', async () => {
		const c = gw.client();
		const first = await c.get('/team');
		assert.equal(first.status, 303);
		assert.equal(first.location, '/login?next=/team');
		const form = await c.get(first.location);
		assert.equal(inputValue(form.body, 'next'), '/team');
		const res = await c.post('/login', { email: 'maria@example.com', password: DEMO_PASSWORD, next: '/team' });
		assert.equal(res.status, 303);
		assert.equal(res.location, '/team');
	});

	test('an over-long next (from a crafted link) does not stop a correct sign-in', async () => {
		const c = gw.client();
		const next = '/deals/' + 'x'.repeat(600);
		const form = await c.get(`/login?next=${next}`);
		assert.equal(form.status, 200);
		const res = await c.post('/login', { email: 'mei@example.com', password: DEMO_PASSWORD, next: inputValue(form.body, 'next') });
		assert.equal(res.status, 303, 'the person typed the right password; the hidden field is not theirs to fix');
		assert.equal(new URL(res.location, gw.base).origin, gw.base);
	});

	const attempts = [
		'//evil.example',
		'//evil.example/path',
		'/\\evil.example',
		'https://evil.example',
		'http://evil.example/deals',
		'evil.example',
		'/\t/evil.example',
		'/\r\n/evil.example',
		'\t//evil.example',
		'/%2F/evil.example',
	];

	for (const next of attempts) {
		test(`next=${JSON.stringify(next)} does not send the browser off-site`, async () => {
			const c = gw.client();
			await c.get('/login');
			const res = await c.post('/login', { email: 'kofi@example.com', password: DEMO_PASSWORD, next });
			assert.equal(res.status, 303);
			// Resolve the Location as a browser would (WHATWG URL parsing
			// strips tabs and newlines, and treats "\" like "/").
			const target = new URL(res.location, gw.base);
			assert.equal(target.origin, gw.base, `Location ${JSON.stringify(res.location)} leaves the site`);
		});
	}
});

describe('session expiry (idle_timeout = 4)', () => {
	// Long enough that a request every 0.7 s keeps a session alive even
	// when a busy machine answers some of them slowly.
	let exp;
	before(async () => {
		exp = await Instance.start({ extraConfig: 'idle_timeout = 4' });
	});
	after(async () => {
		if (exp) await exp.stop();
	});

	test('a session idle for longer than idle_timeout is deleted and the user is sent to /login', async () => {
		const c = await exp.login('ravi@example.com');
		const token = c.sessionCookie;
		assert.ok(exp.sessionRow(token));
		await sleep(5200);
		const res = await c.get('/deals');
		assert.equal(res.status, 303);
		assert.match(res.location, /^\/login\?next=\/deals/);
		assert.equal(exp.sessionRow(token), undefined, 'the sessions row is gone');
		// A POST with the old csrf is not honoured either.
		const post = await c.post('/logout', {});
		assert.equal(post.status, 303);
		assert.match(post.location, /^\/login/);
	});

	test('a session in active use (a request every 0.7 s) survives past idle_timeout', async () => {
		const c = await exp.login('lena@example.com');
		const statuses = [];
		for (let i = 0; i < 9; i++) {
			await sleep(700);
			statuses.push((await c.get('/deals')).status);
		}
		assert.deepEqual(statuses, Array(9).fill(200), 'activity should keep the session alive');
	});
});

describe('absolute session timeout (absolute_timeout = 6, idle_timeout = 10)', () => {
	// The idle timeout is longer than the absolute one, and half of it
	// (5 s) is how often a busy session's last_seen is refreshed: a
	// client asking every 0.5 s is never idle, so only the time since
	// sign-in can end its session.
	const ABSOLUTE = 6;
	let inst;
	before(async () => {
		inst = await Instance.start({ extraConfig: `absolute_timeout = ${ABSOLUTE}\nidle_timeout = 10` });
	});
	after(async () => {
		if (inst) await inst.stop();
	});

	test('a session kept busy with requests still ends absolute_timeout after sign-in', async () => {
		const started = Date.now();
		const c = await inst.login('lena@example.com');
		const token = c.sessionCookie;
		const signedIn = inst.sessionRow(token);
		assert.ok(signedIn, 'signed in');
		// Keep the session busy until it is refused; the bound is only
		// there to end a failing test.
		const deadline = started + (ABSOLUTE + 30) * 1000;
		let res;
		let touched = false;
		for (;;) {
			await sleep(500);
			res = await c.get('/deals');
			if (res.status !== 200) break;
			const row = inst.sessionRow(token);
			if (row && row.last_seen > signedIn.last_seen) touched = true;
			assert.ok(Date.now() < deadline,
				`still signed in ${Math.round((Date.now() - started) / 1000)} s after signing in`);
		}
		const elapsed = Date.now() - started;
		assert.equal(res.status, 303);
		assert.equal(res.location, '/login?next=/deals&expired=1');
		assert.ok(touched, 'the requests kept the session active (last_seen moved on)');
		assert.ok(elapsed > ABSOLUTE * 1000, `refused after ${elapsed} ms, before absolute_timeout`);
		assert.equal(inst.sessionRow(token), undefined, 'the sessions row is gone');
		// Signing in again starts a new session.
		const again = await inst.login('lena@example.com');
		assert.equal((await again.get('/deals')).status, 200);
	});
});

describe('address throttle (20 failures from one address)', () => {
	const email = 'addr-victim@example.com';
	const password = 'addr-victim-pass-123';
	let inst;
	before(async () => {
		inst = await Instance.start({ noSeed: true });
		inst.addUser(email, { name: 'Address Victim', role: 'rep', password });
	});
	after(async () => {
		if (inst) await inst.stop();
	});

	/** Sign in from another loopback address (raw requests, since
	 *  fetch cannot choose its source address). */
	async function signInFrom(localAddress, who, pw) {
		const form = await inst.raw(buildRequest('GET', '/login'), { localAddress });
		assert.equal(form.status, 200);
		const pre = (form.headers['set-cookie'] ?? '').match(/\bgw_pre=([^;,]+)/);
		assert.ok(pre, 'a pre-session cookie');
		const body = `csrf=${encodeURIComponent(extractCsrf(form.body))}` +
			`&email=${encodeURIComponent(who)}&password=${encodeURIComponent(pw)}`;
		return inst.raw(buildRequest('POST', '/login', {
			headers: { cookie: `gw_pre=${pre[1]}`, 'content-type': 'application/x-www-form-urlencoded' },
			body,
		}), { localAddress });
	}

	test('after 20 failed sign-ins for different emails, the 21st from that address is 429 even with the right password', async () => {
		const c = inst.client();
		await c.get('/login');
		for (let i = 1; i <= 20; i++) {
			const res = await c.post('/login', { email: `nobody-${i}@example.com`, password: `wrong-${i}` });
			assert.equal(res.status, 401, `attempt ${i}`);
		}
		// No account reached its own limit (each failed once, the victim never).
		assert.equal(inst.sqlValue(`SELECT max(fails) AS n FROM login_throttle WHERE key LIKE 'account:%'`), 1);
		assert.equal(inst.count('login_throttle', `key = ${sqlq(`account:${email}`)}`), 0);
		const right = await c.post('/login', { email, password });
		assert.equal(right.status, 429);
		assert.match(right.body, /Too many failed sign-ins/);
		assert.equal(inputValue(right.body, 'email'), email);
		assert.equal(c.jar.has('gw_session'), false);
		assert.equal(inst.count('sessions'), 0, 'no session was created');
		// The lock is on the address: the same account signs in from
		// another one.
		const elsewhere = await signInFrom('127.0.0.2', email, password);
		assert.equal(elsewhere.status, 303, elsewhere.raw.slice(0, 200));
		assert.equal(inst.count('sessions'), 1);
		// ...and this address stays locked.
		const still = await c.post('/login', { email, password });
		assert.equal(still.status, 429);
	});
});
