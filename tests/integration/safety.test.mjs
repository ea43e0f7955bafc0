// Safety: sessions ended by a password change, no cross-team figures for
// a manager without a team, a bad sign-in "next" ignored, money that
// never overflows, limits that keep every character, all skipped
// criteria named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, DEMO_PASSWORD, sqlq, inputValue, htmlUnescape } from './harness.mjs';

const gw = useInstance();

test('an admin changing their own password ends their other sessions, not this one', async () => {
	const here = await gw.login('admin@example.com');
	const other = await gw.login('admin@example.com');
	const adminId = gw.sqlValue(`SELECT id FROM users WHERE email = 'admin@example.com'`);
	await here.get(`/admin/users/${adminId}`);
	const res = await here.post(`/admin/users/${adminId}/password`, { password: 'a-new-long-password-1' });
	assert.equal(res.status, 303);
	assert.equal((await here.get('/admin/users')).status, 200, 'the changing session goes on');
	const stale = await other.get('/admin/users');
	assert.equal(stale.status, 303, 'the other session has ended');
	assert.match(stale.location, /^\/login/);
	// Put the demo password back for the other tests.
	await here.get(`/admin/users/${adminId}`);
	assert.equal((await here.post(`/admin/users/${adminId}/password`, { password: DEMO_PASSWORD })).status, 303);
});

test("an admin changing a rep's password ends every session of the rep", async () => {
	const admin = await gw.login('admin@example.com');
	const rep1 = await gw.login('ines@example.com');
	const rep2 = await gw.login('ines@example.com');
	const id = gw.sqlValue(`SELECT id FROM users WHERE email = 'ines@example.com'`);
	await admin.get(`/admin/users/${id}`);
	assert.equal((await admin.post(`/admin/users/${id}/password`, { password: 'another-long-password-2' })).status, 303);
	assert.equal(gw.count('sessions', `user_id = ${id}`), 0);
	for (const c of [rep1, rep2]) assert.equal((await c.get('/deals')).status, 303);
	await admin.get(`/admin/users/${id}`);
	assert.equal((await admin.post(`/admin/users/${id}/password`, { password: DEMO_PASSWORD })).status, 303);
});

test('a manager without a team sees no team figures on /aids/effectiveness', async () => {
	gw.addUser('lonely-manager@example.com', { name: 'Lonely Manager', role: 'manager' });
	const m = gw.client();
	assert.equal((await m.signIn('lonely-manager@example.com', DEMO_PASSWORD)).status, 303);
	const page = await m.get('/aids/effectiveness');
	assert.equal(page.status, 200);
	assert.doesNotMatch(page.body, /All teams/);
	assert.match(page.body, /do not manage a team yet/);
	assert.doesNotMatch(page.body, /<td class="num">[^<]*<span class="muted">· \d+ of \d+/, 'no figures at all');
	// A manager with a team still sees theirs.
	const maria = await gw.login('maria@example.com');
	const hers = await maria.get('/aids/effectiveness');
	assert.match(hers.body, /· North/);
	assert.match(hers.body, /· \d+ of \d+/);
});

test('a sign-in "next" with a control character is ignored, never an error', async () => {
	for (const next of ['/deals\u0001', '/team\n', '/\t/evil.example', '/a\u007f']) {
		const c = gw.client();
		await c.get('/login');
		const res = await c.post('/login', { email: 'ravi@example.com', password: DEMO_PASSWORD, next });
		assert.equal(res.status, 303, `next ${JSON.stringify(next)}`);
		assert.equal(res.location, '/deals');
	}
	// A bad next with a wrong password is a plain 401, not a 422.
	const c = gw.client();
	await c.get('/login');
	const res = await c.post('/login', { email: 'ravi@example.com', password: 'wrong', next: '/x\u0002' });
	assert.equal(res.status, 401);
	// A good next is still followed.
	const ok = gw.client();
	const r2 = await ok.signIn('ravi@example.com', DEMO_PASSWORD, { next: '/aids' });
	assert.equal(r2.location, '/aids');
});

test('an amount in another currency is refused, naming the configured one, and the form is kept', async () => {
	const ravi = await gw.login('ravi@example.com');
	const before = gw.count('deals');
	for (const amount of ['£20,000', '€900', '20000 GBP']) {
		await ravi.get('/deals/new');
		const res = await ravi.post('/deals/new', { company: 'Foreign Coin Ltd', contact: 'Ana', amount });
		assert.equal(res.status, 422, amount);
		assert.match(htmlUnescape(res.body), /Amounts are kept in USD/);
		assert.equal(inputValue(res.body, 'company'), 'Foreign Coin Ltd');
		assert.equal(inputValue(res.body, 'amount'), amount);
	}
	assert.equal(gw.count('deals'), before, 'nothing saved');
	await ravi.get('/deals/new');
	const ok = await ravi.post('/deals/new', { company: 'Home Coin Ltd', amount: 'USD 12,500' });
	assert.equal(ok.status, 303);
	assert.equal(gw.sqlValue(`SELECT amount FROM deals WHERE company = 'Home Coin Ltd'`), 1250000);
});

test('a deal over the per-deal cap is refused with the cap in the message', async () => {
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	const res = await ravi.post('/deals/new', { company: 'Too Big Inc', amount: '100000000k' });
	assert.equal(res.status, 422);
	assert.match(res.body, /at most 1,000,000,000/);
	assert.equal(gw.count('deals', "company = 'Too Big Inc'"), 0);
});

test('team totals too large for 64 bits say so instead of printing a wrong number', async () => {
	// Amounts an older version accepted: enough of them pass int64.
	const raviId = gw.sqlValue(`SELECT id FROM users WHERE email = 'ravi@example.com'`);
	const ids = gw.sql(`SELECT id FROM deals WHERE owner_id = ${raviId} AND status = 'open' ORDER BY id LIMIT 3`).map((r) => r.id);
	assert.equal(ids.length, 3);
	gw.sql(`UPDATE deals SET amount = 4000000000000000000, stage_id = (SELECT stage_id FROM deals WHERE id = ${ids[0]}) WHERE id IN (${ids.join(',')})`);
	const maria = await gw.login('maria@example.com');
	for (const p of ['/team', `/team/reps/${raviId}`]) {
		const page = await maria.get(p);
		assert.equal(page.status, 200, p);
		assert.match(page.body, /too large to show/, p);
		assert.doesNotMatch(page.body, /\$-|-\$|\$[\d,]*,\d{1,2},/, `${p}: no negative or mangled amount`);
	}
	gw.sql(`UPDATE deals SET amount = 100000 WHERE id IN (${ids.join(',')})`);
});

test('a coaching note at its limit is stored and shown whole; one character more is refused with the limit', async () => {
	const maria = await gw.login('maria@example.com');
	assert.equal((await maria.get('/team/coaching')).status, 200);
	const north = gw.sqlValue(`SELECT id FROM teams WHERE name = 'North'`);
	const [a, b] = gw.sql(`SELECT id FROM coaching_items WHERE team_id = ${north} AND status = 'open'
		AND active_at <= strftime('%s', 'now') AND rule NOT IN (5, 6) ORDER BY id LIMIT 2`).map((r) => r.id);
	const note = 'é'.repeat(999) + 'Z';
	const res = await maria.post(`/team/coaching/${a}/session`, { minutes: '10', kind: 'other', notes: note });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT close_note FROM coaching_items WHERE id = ${a}`), note);
	assert.equal(gw.sqlValue(`SELECT notes FROM coaching_sessions WHERE item_id = ${a}`), note);
	const page = htmlUnescape((await maria.get('/team/coaching')).body);
	assert.ok(page.includes(note), 'the whole note is shown');

	const long = 'é'.repeat(1000) + 'Z';
	const refused = await maria.post(`/team/coaching/${b}/session`, { minutes: '10', kind: 'other', notes: long });
	assert.equal(refused.status, 422);
	assert.match(refused.body, /at most 1000 characters \(this has 1001\)/);
	assert.ok(htmlUnescape(refused.body).includes(long), 'what was typed is kept');
	assert.equal(gw.sqlValue(`SELECT status FROM coaching_items WHERE id = ${b}`), 'open');
});

test('a move past 72 unticked criteria records and names every one of them', async () => {
	const [first, second] = gw.sql('SELECT id FROM stages WHERE active = 1 ORDER BY position LIMIT 2').map((r) => r.id);
	const values = Array.from({ length: 70 }, (_, i) => `(${first}, ${100 + i}, 'Buyer outcome number ${i + 1} is confirmed')`);
	gw.sql(`INSERT INTO exit_criteria (stage_id, position, text) VALUES ${values.join(',')}`);
	const active = gw.count('exit_criteria', `stage_id = ${first} AND active = 1`);
	assert.ok(active >= 72);
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	const made = await ravi.post('/deals/new', { company: 'Many Criteria Mills', stage_id: String(first) });
	assert.equal(made.status, 303);
	const id = made.location.match(/\/deals\/(\d+)/)[1];
	const page = await ravi.get(`/deals/${id}`);
	assert.equal((page.body.match(/Buyer outcome number \d+ is confirmed/g) || []).length >= 70, true, 'the checklist lists them all');
	const moved = await ravi.post(`/deals/${id}/move`, { to_stage_id: String(second), note: '' });
	assert.equal(moved.status, 303);
	const row = gw.sql(`SELECT skipped_criteria_count AS n, skipped_criteria AS ids FROM stage_changes WHERE deal_id = ${id} AND to_stage_id = ${second}`)[0];
	assert.equal(row.n, active);
	assert.equal(row.ids.split(',').length, active, 'every skipped id is stored');
	const after = await ravi.get(`/deals/${id}`);
	const skipped = after.body.match(/<p class="tl-skipped">Skipped: ([^<]*)<\/p>/);
	assert.ok(skipped, 'the timeline names the skipped criteria');
	for (let i = 1; i <= 70; i++) assert.ok(skipped[1].includes(`Buyer outcome number ${i} is confirmed`), `criterion ${i} named`);
	gw.sql(`UPDATE exit_criteria SET active = 0 WHERE stage_id = ${first} AND position >= 100`);
});
