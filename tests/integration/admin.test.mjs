// The admin pages: adding users and teams, validation with the typed
// values kept, role/team changes, password resets, disabling and
// re-enabling - each checked in the database and the audit log.

import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
	useInstance,
	DEMO_PASSWORD,
	BAD_CREDENTIALS,
	inputValue,
	selectedOption,
	sqlq,
	htmlUnescape,
} from './harness.mjs';

const gw = useInstance();

let admin, adminId, northId, southId;

const user = (email) => gw.sql(`SELECT * FROM users WHERE email = ${sqlq(email)}`)[0];
const idOf = (email) => user(email).id;
const auditRows = (action, subject) =>
	gw.sql(
		`SELECT actor_id, action, subject, detail, addr FROM audit_log WHERE action = ${sqlq(action)} AND subject = ${sqlq(subject)} ORDER BY id`,
	);

before(async () => {
	await gw.ready;
	admin = await gw.login('admin@example.com');
	adminId = idOf('admin@example.com');
	northId = gw.sqlValue(`SELECT id FROM teams WHERE name = 'North'`);
	southId = gw.sqlValue(`SELECT id FROM teams WHERE name = 'South'`);
	assert.ok(northId && southId, 'the demo teams exist');
});

/** Add-user form fields, overridable. */
const newUser = (over = {}) => ({
	email: 'new.rep@example.com',
	name: 'New Rep',
	role: 'rep',
	team_id: String(northId),
	password: 'new-rep-password',
	...over,
});

describe('the users page', () => {
	test('GET /admin/users lists every user with role, team and status, and points to the teams page', async () => {
		const res = await admin.get('/admin/users');
		assert.equal(res.status, 200);
		const rows = res.body.match(/<a href="\/admin\/users\/\d+">/g) ?? [];
		assert.equal(rows.length, gw.count('users'));
		// The page is read once, not searched once per user.
		const ids = new Set([...res.body.matchAll(/href="\/admin\/users\/(\d+)"/g)].map((m) => Number(m[1])));
		const cells = new Set([...res.body.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => htmlUnescape(m[1])));
		for (const u of gw.sql('SELECT id, email FROM users')) {
			assert.ok(ids.has(u.id), `row for ${u.email}`);
			assert.ok(cells.has(u.email), u.email);
		}
		assert.match(res.body, /<a href="\/admin\/teams">Teams<\/a> page/);
	});
});

describe('adding a user', () => {
	test('a valid user is added: 303, listed, audited as user-add, flash shown once, and can sign in', async () => {
		const res = await admin.post('/admin/users', newUser());
		assert.equal(res.status, 303);
		assert.equal(res.location, '/admin/users');
		const row = user('new.rep@example.com');
		assert.ok(row, 'the users row exists');
		assert.equal(row.name, 'New Rep');
		assert.equal(row.role, 'rep');
		assert.equal(row.team_id, northId);
		assert.equal(row.active, 1);
		assert.match(row.password_hash, /^\$argon2id\$/, 'the password is stored hashed');
		const audit = auditRows('user-add', 'new.rep@example.com');
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor_id, adminId);
		assert.equal(audit[0].detail, `role=rep team=${northId}`);
		assert.equal(audit[0].addr, '127.0.0.1');

		const list = await admin.get('/admin/users');
		assert.match(list.body, /Added New Rep\./, 'the flash message is shown');
		assert.ok(list.body.includes('new.rep@example.com'));
		const again = await admin.get('/admin/users');
		assert.doesNotMatch(again.body, /Added New Rep\./, 'the flash is shown only once');

		const c = gw.client();
		const signIn = await c.signIn('new.rep@example.com', 'new-rep-password');
		assert.equal(signIn.status, 303);
		assert.equal(signIn.location, '/deals');
	});

	test('a duplicate email (any case) is 422 with a message, the typed values kept, nothing added', async () => {
		for (const email of ['ravi@example.com', 'RAVI@Example.com']) {
			const users = gw.count('users');
			const audits = gw.count('audit_log');
			const res = await admin.post(
				'/admin/users',
				newUser({ email, name: 'Second Ravi', role: 'manager', team_id: String(southId), password: 'second-ravi-pw' }),
			);
			assert.equal(res.status, 422, email);
			assert.match(res.body, /A user with this email already exists\./);
			assert.equal(inputValue(res.body, 'email'), email);
			assert.equal(inputValue(res.body, 'name'), 'Second Ravi');
			assert.equal(selectedOption(res.body, 'role'), 'manager');
			assert.equal(selectedOption(res.body, 'team_id'), String(southId));
			assert.ok(!res.body.includes('second-ravi-pw'), 'the password is not sent back');
			assert.equal(gw.count('users'), users);
			assert.equal(gw.count('audit_log'), audits);
		}
	});

	const invalid = [
		['a bad email (no @)', { email: 'not-an-email' }, 'email', /Enter an email address like name@example\.com\./],
		['a bad email (no dot in the domain)', { email: 'someone@localhost' }, 'email', /Enter an email address/],
		['a bad email (two @)', { email: 'a@b@example.com' }, 'email', /Enter an email address/],
		['an email with a space', { email: 'some one@example.com' }, 'email', /no spaces or angle brackets/],
		['an email over 254 characters', { email: `${'a'.repeat(250)}@example.com` }, 'email', /This is too long: at most \d+ characters/],
		['a short password (9 characters)', { password: 'abcdefghi' }, 'password', /Use at least 10 characters\./],
		['an unknown team id', { team_id: '99999' }, 'team_id', /Choose one of the listed teams\./],
		['a team id that is not a number', { team_id: 'North' }, 'team_id', /Choose one of the listed (teams|options)\./],
		['a name of 101 characters', { name: 'n'.repeat(101) }, 'name', /This is too long: at most \d+ characters/],
		['an unknown role', { role: 'superuser' }, 'role', /Choose rep, manager, admin or director\./],
		['an empty name', { name: '' }, 'name', /This is required\./],
		['a name with a control character', { name: 'Bad\u0001Name' }, 'name', /cannot be saved/],
	];

	for (const [what, over, field, message] of invalid) {
		test(`${what} is 422 with a message by that field, the other fields kept, nothing added`, async () => {
			const fields = newUser({ email: 'valid.new@example.com', name: 'Valid Name', role: 'manager', team_id: String(southId), ...over });
			const users = gw.count('users');
			const res = await admin.post('/admin/users', fields);
			assert.equal(res.status, 422);
			assert.match(res.body, message);
			assert.match(res.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), `${field} is marked invalid`);
			assert.match(res.body, /The user was not added/);
			if (field !== 'email') assert.equal(inputValue(res.body, 'email'), fields.email);
			if (field !== 'name') assert.equal(inputValue(res.body, 'name'), fields.name);
			if (field !== 'role') assert.equal(selectedOption(res.body, 'role'), fields.role);
			if (field !== 'team_id') assert.equal(selectedOption(res.body, 'team_id'), fields.team_id);
			assert.ok(!res.body.includes(fields.password), 'the password is not sent back');
			assert.equal(gw.count('users'), users, 'no user was added');
		});
	}

	test('a name of 100 two-byte characters is accepted (the limit counts characters, not bytes)', async () => {
		const name = 'é'.repeat(100);
		const res = await admin.post('/admin/users', newUser({ email: 'long.name@example.com', name, password: 'abcdefghij' }));
		assert.equal(res.status, 303);
		assert.equal(user('long.name@example.com').name, name);
	});

	test('markup in a name is stored as typed and shown escaped, never as markup', async () => {
		const name = '<script>alert(1)</script>"\'&';
		const res = await admin.post('/admin/users', newUser({ email: 'markup@example.com', name }));
		assert.equal(res.status, 303);
		assert.equal(user('markup@example.com').name, name);
		const list = await admin.get('/admin/users');
		assert.ok(!list.body.includes('<script>alert(1)</script>'), 'no raw script tag in the list');
		assert.ok(list.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name is escaped');
		const page = await admin.get(`/admin/users/${idOf('markup@example.com')}`);
		assert.ok(!page.body.includes('<script>alert(1)</script>'));
	});

	test('a re-shown form escapes what was typed', async () => {
		const res = await admin.post('/admin/users', newUser({ email: '"><script>x()</script>', name: '"><b>bold</b>' }));
		assert.equal(res.status, 422);
		assert.ok(!res.body.includes('<script>x()</script>'));
		assert.ok(!res.body.includes('<b>bold</b>'));
		assert.equal(inputValue(res.body, 'name'), '"><b>bold</b>');
	});
});

describe('adding a team', () => {
	test('a new team is added (303), listed, offered in the forms and audited as team-add', async () => {
		const res = await admin.post('/admin/teams', { team_name: 'West' });
		assert.equal(res.status, 303);
		assert.equal(res.location, '/admin/teams');
		const westId = gw.sqlValue(`SELECT id FROM teams WHERE name = 'West'`);
		assert.ok(westId);
		const audit = auditRows('team-add', 'West');
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor_id, adminId);
		const teams = await admin.get('/admin/teams');
		assert.match(teams.body, /Added team West\./);
		assert.match(teams.body, new RegExp(`<td><a href="/admin/teams/${westId}">West</a></td>\\s*<td>no manager</td>\\s*<td>no reps</td>\\s*<td class="num">0</td>`));
		const list = await admin.get('/admin/users');
		assert.ok(list.body.includes(`<option value="${westId}">West</option>`));
	});

	const badTeams = [
		['a duplicate name (any case)', 'west', /A team with this name already exists\./],
		['an empty name', '', /This is required\./],
		['a name of 61 characters', 't'.repeat(61), /This is too long: at most \d+ characters/],
	];
	for (const [what, name, message] of badTeams) {
		test(`${what} is 422 with the name kept and nothing added`, async () => {
			const teams = gw.count('teams');
			const res = await admin.post('/admin/teams', { team_name: name });
			assert.equal(res.status, 422);
			assert.match(res.body, message);
			assert.match(res.body, /The team was not added/);
			assert.equal(inputValue(res.body, 'team_name'), name);
			assert.equal(gw.count('teams'), teams);
		});
	}
});

describe('editing a user', () => {
	test('GET /admin/users/{id} shows the user with the current role and team selected', async () => {
		const tom = user('tom@example.com');
		const res = await admin.get(`/admin/users/${tom.id}`);
		assert.equal(res.status, 200);
		assert.ok(res.body.includes('tom@example.com'));
		assert.equal(inputValue(res.body, 'name'), tom.name);
		assert.equal(selectedOption(res.body, 'role'), 'rep');
		assert.equal(selectedOption(res.body, 'team_id'), String(northId));
	});

	test("changing role and team saves, audits user-update, and ends that user's sessions", async () => {
		const tom = user('tom@example.com');
		const tomClient = await gw.login('tom@example.com');
		assert.ok(gw.count('sessions', `user_id = ${tom.id}`) >= 1);
		const res = await admin.post(`/admin/users/${tom.id}`, { name: tom.name, role: 'manager', team_id: String(southId) });
		assert.equal(res.status, 303);
		assert.equal(res.location, `/admin/users/${tom.id}`);
		const row = user('tom@example.com');
		assert.equal(row.role, 'manager');
		assert.equal(row.team_id, southId);
		const audit = auditRows('user-update', 'tom@example.com');
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor_id, adminId);
		assert.equal(audit[0].detail, `role rep->manager team ${northId}->${southId}`);
		assert.equal(gw.count('sessions', `user_id = ${tom.id}`), 0, "tom's sessions are gone");
		const old = await tomClient.get('/deals');
		assert.equal(old.status, 303);
		assert.match(old.location, /^\/login/);
		const back = await gw.login('tom@example.com');
		assert.equal(back.home, '/team', 'tom now lands on the manager home');
		const page = await admin.get(`/admin/users/${tom.id}`);
		assert.match(page.body, /Saved\./);
	});

	test("changing only the name keeps that user's session", async () => {
		const lena = user('lena@example.com');
		const lenaClient = await gw.login('lena@example.com');
		const res = await admin.post(`/admin/users/${lena.id}`, { name: 'Lena F.', role: 'rep', team_id: String(northId) });
		assert.equal(res.status, 303);
		assert.equal(user('lena@example.com').name, 'Lena F.');
		const page = await lenaClient.get('/deals');
		assert.equal(page.status, 200);
		assert.ok(page.body.includes('Lena F.'));
	});

	test('moving a user out of every team ends their sessions too', async () => {
		const kofi = user('kofi@example.com');
		const kofiClient = await gw.login('kofi@example.com');
		const res = await admin.post(`/admin/users/${kofi.id}`, { name: kofi.name, role: 'rep', team_id: '' });
		assert.equal(res.status, 303);
		assert.equal(user('kofi@example.com').team_id, null);
		assert.equal((await kofiClient.get('/deals')).status, 303);
	});

	test('an invalid edit is 422 with what was typed kept and nothing changed', async () => {
		const julia = user('julia@example.com');
		const res = await admin.post(`/admin/users/${julia.id}`, { name: '', role: 'manager', team_id: '424242' });
		assert.equal(res.status, 422);
		assert.match(res.body, /Nothing was saved/);
		assert.match(res.body, /Name: This is required\./);
		assert.match(res.body, /Team: Choose one of the listed teams\./);
		assert.equal(selectedOption(res.body, 'role'), 'manager');
		assert.deepEqual(user('julia@example.com'), julia);
	});

	test('an admin cannot change their own role (422, still admin)', async () => {
		const me = user('admin@example.com');
		const res = await admin.post(`/admin/users/${adminId}`, { name: me.name, role: 'rep', team_id: '' });
		assert.equal(res.status, 422);
		assert.match(res.body, /You cannot change your own role\./);
		assert.equal(user('admin@example.com').role, 'admin');
		assert.equal((await admin.get('/admin/users')).status, 200);
	});
});

describe('resetting a password', () => {
	test("a short new password is 422 and the hash is unchanged", async () => {
		const ines = user('ines@example.com');
		const res = await admin.post(`/admin/users/${ines.id}/password`, { password: 'short' });
		assert.equal(res.status, 422);
		assert.match(res.body, /Use at least 10 characters\./);
		assert.ok(!res.body.includes('value="short"'));
		assert.equal(user('ines@example.com').password_hash, ines.password_hash);
	});

	test("a reset takes effect: old password refused, new one works, their sessions end, audited", async () => {
		const ines = user('ines@example.com');
		const inesClient = await gw.login('ines@example.com');
		const res = await admin.post(`/admin/users/${ines.id}/password`, { password: 'brand-new-password' });
		assert.equal(res.status, 303);
		assert.equal(res.location, `/admin/users/${ines.id}`);
		assert.notEqual(user('ines@example.com').password_hash, ines.password_hash);
		assert.equal(auditRows('user-password', 'ines@example.com').length, 1);
		assert.equal((await inesClient.get('/deals')).status, 303, 'the old session has ended');
		const old = await gw.client().signIn('ines@example.com', DEMO_PASSWORD);
		assert.equal(old.status, 401);
		const fresh = await gw.client().signIn('ines@example.com', 'brand-new-password');
		assert.equal(fresh.status, 303);
		const page = await admin.get(`/admin/users/${ines.id}`);
		assert.match(page.body, /Password changed; their sessions have ended\./);
	});
});

describe('disabling and re-enabling', () => {
	test("disabling ends the user's live session at once, blocks sign-in, is listed and audited", async () => {
		const diego = user('diego@example.com');
		const diegoClient = await gw.login('diego@example.com');
		const res = await admin.post(`/admin/users/${diego.id}/active`, { active: '0' });
		assert.equal(res.status, 303);
		assert.equal(res.location, `/admin/users/${diego.id}`);
		assert.equal(user('diego@example.com').active, 0);
		assert.equal(gw.count('sessions', `user_id = ${diego.id}`), 0);
		const live = await diegoClient.get('/deals');
		assert.equal(live.status, 303);
		assert.match(live.location, /^\/login/);
		const signIn = await gw.client().signIn('diego@example.com', DEMO_PASSWORD);
		assert.equal(signIn.status, 401);
		assert.ok(signIn.body.includes(BAD_CREDENTIALS));
		const audit = auditRows('user-disable', 'diego@example.com');
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor_id, adminId);
		const page = await admin.get(`/admin/users/${diego.id}`);
		assert.match(page.body, /Account disabled; signed out\./);
		assert.match(page.body, /badge off">Disabled/);
		assert.match(page.body, /name="active" value="1"/, 'the page offers to enable');
		const list = await admin.get('/admin/users');
		assert.match(list.body, new RegExp(`<tr class="disabled">\\s*<td><a href="/admin/users/${diego.id}">`));
	});

	test('re-enabling lets the user sign in again, audited as user-enable', async () => {
		const diego = user('diego@example.com');
		const res = await admin.post(`/admin/users/${diego.id}/active`, { active: '1' });
		assert.equal(res.status, 303);
		assert.equal(user('diego@example.com').active, 1);
		assert.equal(auditRows('user-enable', 'diego@example.com').length, 1);
		const c = await gw.login('diego@example.com');
		assert.equal(c.home, '/deals');
	});

	test('an active value other than 0 or 1 is 422 and changes nothing', async () => {
		const mei = user('mei@example.com');
		for (const active of ['', '2', 'yes']) {
			const res = await admin.post(`/admin/users/${mei.id}/active`, { active });
			assert.equal(res.status, 422, `active=${active}`);
		}
		assert.equal(user('mei@example.com').active, 1);
	});

	test('an admin cannot disable their own account (422, still active, still signed in)', async () => {
		const page = await admin.get(`/admin/users/${adminId}`);
		assert.match(page.body, /You cannot disable your own account\./);
		assert.doesNotMatch(page.body, /name="active" value="0"/, 'no disable button for yourself');
		const res = await admin.post(`/admin/users/${adminId}/active`, { active: '0' });
		assert.equal(res.status, 422);
		assert.equal(user('admin@example.com').active, 1);
		assert.equal(auditRows('user-disable', 'admin@example.com').length, 0);
		assert.equal((await admin.get('/admin/users')).status, 200);
	});
});

describe('a user id that does not exist', () => {
	for (const [method, suffix, fields] of [
		['GET', '', null],
		['POST', '', { name: 'Ghost', role: 'rep', team_id: '' }],
		['POST', '/password', { password: 'ghost-password-1' }],
		['POST', '/active', { active: '0' }],
	]) {
		test(`${method} /admin/users/999999${suffix} is 404 and changes nothing`, async () => {
			const audits = gw.count('audit_log');
			const p = `/admin/users/999999${suffix}`;
			const res = method === 'GET' ? await admin.get(p) : await admin.post(p, fields);
			assert.equal(res.status, 404);
			assert.equal(gw.count('audit_log'), audits);
		});
	}
});
