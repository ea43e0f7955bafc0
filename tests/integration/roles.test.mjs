// Who may use which page: every route in app/route.c, for each of
// anonymous, rep, manager, admin and director, by method.
//
// Expectations (the spec, not read from the code):
//   anonymous on a protected page   303 to /login?next=<path> (GET) or next=/ (POST)
//   a role the page is not for      404 (never 403: do not confirm it exists)
//   an allowed GET                  200 (or the page's own redirect)
//   an allowed POST                 reaches the CSRF check: without a csrf
//                                   field it is 403 and changes nothing
//   a method the page has no handler for   405; an unknown path 404

import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useInstance, ROOT, sqlq, buildRequest } from './harness.mjs';

const gw = useInstance();

const ROLES = ['anonymous', 'rep', 'manager', 'admin', 'director'];
const HOME = { rep: '/deals', manager: '/team', admin: '/admin/users', director: '/org' };
const NO_SUCH_ID = 987654321; // no deal or aid has this id

// pattern -> { get: {role: outcome}, post: {role: outcome} }
// outcomes: a number (status), 'login' (303 to /login?next=...),
// 'home' (303 to the role's home page).
const all = (o) => Object.fromEntries(ROLES.map((r) => [r, o]));
const gate = (allowed, { anon = 'login', ok = 200 } = {}) =>
	Object.fromEntries(ROLES.map((r) => [r, r === 'anonymous' ? anon : allowed.includes(r) ? ok : 404]));

const SPEC = {
	'/': { get: { anonymous: 'login-plain', rep: 'home', manager: 'home', admin: 'home', director: 'home' }, post: all(405) },
	'/login': { get: { anonymous: 200, rep: 'home', manager: 'home', admin: 'home', director: 'home' }, post: all(403) },
	'/logout': { get: all(405), post: gate(['rep', 'manager', 'admin', 'director'], { ok: 403 }) },
	'/healthz': { get: all(200), post: all(405) },
	'/deals': { get: gate(['rep']), post: all(405) },
	'/deals/new': { get: gate(['rep']), post: gate(['rep'], { ok: 403 }) },
	// Any signed-in role passes the gate; the handler then answers 404
	// for a deal that does not exist (or is not theirs to see).
	'/deals/{id}': { get: gate(['rep', 'manager', 'admin', 'director'], { ok: 404 }), post: gate(['rep', 'manager', 'admin', 'director'], { ok: 403 }) },
	'/deals/{id}/move': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/close': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/reopen': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/tick': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/untick': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/aids': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/verify': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/aids': { get: gate(['rep', 'manager', 'admin', 'director']), post: all(405) },
	'/aids/effectiveness': { get: gate(['manager', 'admin', 'director']), post: all(405) },
	'/deals/{id}/step/done': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/step/reschedule': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	'/deals/{id}/step/reopen': { get: all(405), post: gate(['rep'], { ok: 403 }) },
	// A rep's own board; a manager's team board; admins have none.
	'/deals/board': { get: gate(['rep', 'manager']), post: all(405) },
	'/calendar': { get: gate(['rep', 'manager', 'admin', 'director']), post: gate(['rep', 'manager', 'admin', 'director'], { ok: 403 }) },
	// The feed is open to anyone with its token; without one it is 404.
	'/calendar/feed.ics': { get: all(404), post: all(405) },
	// Any signed-in role passes the gate; no such aid is a 404.
	'/aids/{id}': { get: gate(['rep', 'manager', 'admin', 'director'], { ok: 404 }), post: all(405) },
	'/team': { get: gate(['manager', 'admin', 'director']), post: all(405) },
	// Ravi is in Maria's team (North).
	'/team/reps/{id}': { get: gate(['manager', 'admin', 'director']), post: all(405) },
	'/team/deals': { get: gate(['manager', 'admin', 'director']), post: all(405) },
	'/team/deals.csv': { get: gate(['manager', 'admin', 'director']), post: all(405) },
	'/team/history.csv': { get: gate(['manager', 'admin', 'director']), post: all(405) },
	// Coaching is the manager's own; admins and directors read the list
	// and the meter (their POSTs pass the gate and then get 404: see
	// org.test.mjs); reps get 404.
	'/team/coaching': { get: gate(['manager', 'admin', 'director']), post: gate(['manager', 'admin', 'director'], { ok: 403 }) },
	'/team/coaching/{id}/session': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/coaching/reps/{id}/session': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/coaching/reps/{id}/snooze': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/coaching/reps/{id}/dismiss': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/coaching/top': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/coaching/{id}/snooze': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/coaching/{id}/dismiss': { get: all(405), post: gate(['manager'], { ok: 403 }) },
	'/team/sessions/new': { get: gate(['manager']), post: gate(['manager'], { ok: 403 }) },
	'/team/time': { get: gate(['manager', 'admin', 'director']), post: gate(['manager', 'admin', 'director'], { ok: 403 }) },
	'/coaching': { get: gate(['rep']), post: all(405) },
	'/admin/users': { get: gate(['admin']), post: gate(['admin'], { ok: 403 }) },
	'/admin/users/{id}': { get: gate(['admin']), post: gate(['admin'], { ok: 403 }) },
	'/admin/users/{id}/password': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	'/admin/users/{id}/active': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	'/admin/teams': { get: gate(['admin']), post: gate(['admin'], { ok: 403 }) },
	'/admin/import': { get: gate(['admin']), post: all(405) },
	'/admin/import/upload': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	// Without an upload to show, the admin gets 404.
	'/admin/import/run': { get: gate(['admin'], { ok: 404 }), post: gate(['admin'], { ok: 403 }) },
	'/admin/users/{id}/reassign': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	// No such team: the admin passes the gate and gets the handler's 404.
	'/admin/teams/{id}': { get: gate(['admin'], { ok: 404 }), post: gate(['admin'], { ok: 403 }) },
	'/admin/teams/{id}/active': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	'/admin/offsite': { get: gate(['admin']), post: all(405) },
	// Only with debug_routes = true, which this instance does not set.
	'/admin/stages': { get: gate(['admin']), post: gate(['admin'], { ok: 403 }) },
	'/admin/stages/{id}': { get: gate(['admin']), post: gate(['admin'], { ok: 403 }) },
	'/admin/stages/{id}/criteria': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	'/admin/criteria/{id}': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	'/admin/aids': { get: gate(['admin']), post: all(405) },
	'/admin/aids/new': { get: gate(['admin']), post: gate(['admin'], { ok: 403 }) },
	// No such aid: the admin passes the gate and gets the handler's 404.
	'/admin/aids/{id}': { get: gate(['admin'], { ok: 404 }), post: gate(['admin'], { ok: 403 }) },
	'/_debug/fail': { get: all(404), post: all(404) },
	'/admin/users/{id}/teams': { get: all(405), post: gate(['admin'], { ok: 403 }) },
	// The leader's pages: directors and admins; managers and reps get 404.
	'/org': { get: gate(['director', 'admin']), post: all(405) },
	'/org.csv': { get: gate(['director', 'admin']), post: all(405) },
	'/org/targets': { get: gate(['director', 'admin']), post: gate(['director', 'admin'], { ok: 403 }) },
	// Everyone's own settings.
	'/settings': { get: gate(['rep', 'manager', 'admin', 'director']), post: gate(['rep', 'manager', 'admin', 'director'], { ok: 403 }) },
	// An email's unsubscribe link: its token is the proof, signed in or
	// not; without one (as here) it is 404 for everybody.
	'/unsubscribe': { get: all(404), post: all(404) },
	'/admin/mail': { get: gate(['admin']), post: all(405) },
	'/admin/mail/test': { get: all(405), post: gate(['admin'], { ok: 403 }) },
};

/** The route patterns in app/route.c's page_paths table. */
function routePatterns() {
	const src = fs.readFileSync(path.join(ROOT, 'app', 'route.c'), 'utf8');
	const table = src.match(/page_paths\[PAGE__MAX\]\s*=\s*\{([\s\S]*?)\n\};/);
	assert.ok(table, 'page_paths table found in app/route.c');
	return [...table[1].matchAll(/\[PAGE_\w+\]\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
}

const clients = {};
let raviId;

function concrete(pattern) {
	if (pattern.startsWith('/admin/users/') || pattern.startsWith('/team/reps/')) return pattern.replace('{id}', String(raviId));
	if (pattern.startsWith('/admin/stages/')) return pattern.replace('{id}', '1'); // the first stage
	return pattern.replace('{id}', String(NO_SUCH_ID));
}

before(async () => {
	await gw.ready;
	clients.anonymous = gw.client();
	await clients.anonymous.get('/login'); // has a pre-session cookie, like a browser
	clients.rep = await gw.login('ravi@example.com');
	clients.manager = await gw.login('maria@example.com');
	clients.admin = await gw.login('admin@example.com');
	clients.director = await gw.login('vp@example.com');
	raviId = gw.sqlValue(`SELECT id FROM users WHERE email = 'ravi@example.com'`);
});

/** Counts that any state-changing POST here would move. */
function snapshot() {
	return gw.sql(
		`SELECT (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM users) AS users,
		        (SELECT count(*) FROM teams) AS teams, (SELECT count(*) FROM sessions) AS sessions,
		        (SELECT group_concat(role || active || coalesce(team_id, '-')) FROM users) AS people`,
	)[0];
}

function checkOutcome(res, expected, role, method, p) {
	const where = `${method} ${p} as ${role}`;
	if (expected === 'login' || expected === 'login-plain') {
		assert.equal(res.status, 303, `${where}: status`);
		const next = method === 'GET' ? p : '/';
		const want = expected === 'login-plain' ? '/login' : `/login?next=${next}`;
		assert.equal(res.location, want, `${where}: Location`);
	} else if (expected === 'home') {
		assert.equal(res.status, 303, `${where}: status`);
		assert.equal(res.location, HOME[role], `${where}: Location`);
	} else {
		assert.equal(res.status, expected, `${where}: status`);
		if (expected === 404) assert.match(res.body, /Page not found/, `${where}: the 404 page`);
		if (expected === 405) assert.match(res.body, /Method not allowed/, `${where}: the 405 page`);
	}
}

test('every route in app/route.c is covered by this matrix', () => {
	const patterns = routePatterns();
	assert.ok(patterns.length >= 12, 'the route table was parsed');
	const missing = patterns.filter((p) => !(p in SPEC));
	assert.deepEqual(missing, [], `routes without role expectations: ${missing.join(', ')}`);
});

describe('GET matrix', () => {
	for (const [pattern, spec] of Object.entries(SPEC)) {
		test(`GET ${pattern}: ${ROLES.map((r) => `${r}=${spec.get[r]}`).join(', ')}`, async () => {
			for (const role of ROLES) {
				const p = concrete(pattern);
				const res = await clients[role].get(p);
				checkOutcome(res, spec.get[role], role, 'GET', p);
			}
		});
	}
});

describe('HEAD matches GET', () => {
	const paths = ['/', '/healthz', '/deals', '/team', '/admin/users', '/logout'];
	for (const pattern of paths) {
		test(`HEAD ${pattern} has the same status as GET, and no body`, async () => {
			for (const role of ROLES) {
				const get = await clients[role].get(pattern);
				const head = await clients[role].head(pattern);
				assert.equal(head.status, get.status, `HEAD ${pattern} as ${role}`);
				assert.equal(head.body, '', `HEAD ${pattern} as ${role}: no body`);
			}
		});
	}

	test('HEAD sends the same Location as GET (anonymous on protected pages keeps next=)', async () => {
		const diffs = [];
		for (const role of ROLES)
			for (const p of paths) {
				const get = await clients[role].get(p);
				const head = await clients[role].head(p);
				if (head.location !== get.location) diffs.push(`${role} ${p}: GET ${get.location}, HEAD ${head.location}`);
			}
		assert.deepEqual(diffs, []);
	});
});

describe('POST matrix (allowed roles send no csrf; others send a valid one)', () => {
	for (const [pattern, spec] of Object.entries(SPEC)) {
		test(`POST ${pattern}: ${ROLES.map((r) => `${r}=${spec.post[r]}`).join(', ')}`, async () => {
			for (const role of ROLES) {
				const p = concrete(pattern);
				const expected = spec.post[role];
				const before = snapshot();
				// A valid csrf for refused roles shows the gate, not CSRF,
				// stops them; none for allowed roles keeps the POST harmless.
				const csrf = expected === 403 || role === 'anonymous' ? null : undefined;
				const fields = { active: '0', password: 'another-password-1', team_name: 'Matrix Team', name: 'Matrix', role: 'admin' };
				const res = await clients[role].post(p, fields, { csrf });
				checkOutcome(res, expected, role, 'POST', p);
				const after = snapshot();
				assert.deepEqual(after, before, `POST ${p} as ${role} changed nothing`);
			}
			// Nobody was signed out or changed by the refused POSTs.
			assert.equal((await clients.rep.get('/deals')).status, 200);
			assert.equal(gw.sqlValue(`SELECT role || active FROM users WHERE id = ${raviId}`), 'rep1');
		});
	}
});

describe('refused admin POSTs with a valid csrf change nothing', () => {
	before(async () => {
		// Fresh csrf values from each home page.
		for (const role of ['rep', 'manager', 'admin']) await clients[role].get(HOME[role]);
	});

	test("a rep's POST /admin/users with a valid csrf is 404 and creates no user", async () => {
		const rep = clients.rep;
		assert.ok(rep.csrf);
		const res = await rep.post('/admin/users', {
			email: 'sneaky@example.com',
			name: 'Sneaky',
			role: 'admin',
			team_id: '',
			password: 'sneaky-password-1',
		});
		assert.equal(res.status, 404);
		assert.equal(gw.count('users', `email = 'sneaky@example.com'`), 0);
		assert.equal(gw.count('audit_log', `action = 'user-add'`), 0);
	});

	test("a manager's POST /admin/users/{id} (make self admin) is 404 and the role is unchanged", async () => {
		const mariaId = gw.sqlValue(`SELECT id FROM users WHERE email = 'maria@example.com'`);
		const res = await clients.manager.post(`/admin/users/${mariaId}`, { name: 'Maria', role: 'admin', team_id: '' });
		assert.equal(res.status, 404);
		assert.equal(gw.sqlValue(`SELECT role FROM users WHERE id = ${mariaId}`), 'manager');
		assert.equal((await clients.manager.get('/admin/users')).status, 404);
	});

	test("a manager's POST /admin/users/{id}/active (disable a rep) is 404 and the rep stays active", async () => {
		const res = await clients.manager.post(`/admin/users/${raviId}/active`, { active: '0' });
		assert.equal(res.status, 404);
		assert.equal(gw.sqlValue(`SELECT active FROM users WHERE id = ${raviId}`), 1);
		assert.equal((await clients.rep.get('/deals')).status, 200);
	});

	test("a rep's POST /admin/users/{id}/password is 404 and the hash is unchanged", async () => {
		const hash = gw.sqlValue(`SELECT password_hash FROM users WHERE id = ${raviId}`);
		const res = await clients.rep.post(`/admin/users/${raviId}/password`, { password: 'taken-over-123' });
		assert.equal(res.status, 404);
		assert.equal(gw.sqlValue(`SELECT password_hash FROM users WHERE id = ${raviId}`), hash);
	});

	test("a rep's POST /admin/teams is 404 and no team is added", async () => {
		const n = gw.count('teams');
		const res = await clients.rep.post('/admin/teams', { team_name: 'Rep Team' });
		assert.equal(res.status, 404);
		assert.equal(gw.count('teams'), n);
	});

	test('the 404 for a forbidden page is the same page as for a path that does not exist', async () => {
		const forbidden = await clients.rep.get('/admin/users');
		const missing = await clients.rep.get('/admin/nothing-here');
		assert.equal(forbidden.status, 404);
		assert.equal(missing.status, 404);
		assert.equal(forbidden.body, missing.body);
	});
});

describe('unknown paths and methods', () => {
	const unknown = [
		'/nope',
		'/deals/',
		'/Deals',
		'/admin',
		'/admin/',
		'/admin/users/',
		'/admin/users/0',
		'/admin/users/abc',
		'/admin/users/-1',
		'/admin/users/1/',
		'/admin/users/1234567890123456789',
		'/admin/users/1/password/x',
		'/healthz/extra',
		'/login.php',
		'//deals',
	];
	for (const p of unknown) {
		test(`GET ${p} is 404 for anonymous and admin alike`, async () => {
			for (const role of ['anonymous', 'admin']) {
				const res = await clients[role].get(p);
				assert.equal(res.status, 404, `${p} as ${role}`);
			}
		});
	}

	const methods = [
		['PUT', '/', 405],
		['DELETE', '/admin/users', 405],
		['PATCH', '/deals', 405],
		['OPTIONS', '/login', 405],
		['PUT', '/logout', 405],
		['DELETE', '/nope', 404],
	];
	for (const [method, p, status] of methods) {
		test(`${method} ${p} is ${status}`, async () => {
			for (const role of ['anonymous', 'admin']) {
				const res = await clients[role].request(method, p);
				assert.equal(res.status, status, `${method} ${p} as ${role}`);
			}
		});
	}

	test('an admin DELETE /admin/users/{id} does not delete the user', async () => {
		const res = await clients.admin.request('DELETE', `/admin/users/${raviId}`, {
			body: `csrf=${clients.admin.csrf}`,
		});
		assert.equal(res.status, 405);
		assert.equal(gw.count('users', `id = ${raviId}`), 1);
	});

	test('a made-up method through a raw socket is refused without a 5xx', async () => {
		const res = await gw.raw(buildRequest('FROB', '/'));
		assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
	});
});
