// Kept pages: each worker keeps the last /team and My deals bodies it
// rendered, stamped with a revision the database raises on every change
// those pages show (app/page_cache.c, sql/007_revisions.sql).  These
// tests warm every worker first, then change something through the app
// (or the CLI) and require every following request, whichever worker
// answers it, to show the change.  They also check that what is kept is
// only the body: each person's own top bar, sign-out token and flash.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, htmlUnescape } from './harness.mjs';

const gw = useInstance();

// Enough requests that each of the 4 workers answers several.
const ROUNDS = 16;

const email = (who) => `${who}@example.com`;
const userId = (who) => gw.sqlValue(`SELECT id FROM users WHERE email = '${email(who)}'`);
const clients = new Map();
async function as(who) {
	if (!clients.has(who)) clients.set(who, await gw.login(email(who)));
	return clients.get(who);
}

/** GET url ROUNDS times; every answer is a 200, passed to check. */
async function everyWorker(client, url, check) {
	for (let i = 0; i < ROUNDS; i++) {
		const res = await client.get(url);
		assert.equal(res.status, 200, `${url}: ${res.status}`);
		check(res.body, i);
	}
}

const openDeals = (html) => Number(html.match(/Open deals: <strong>(\d+)<\/strong>/)[1]);
const dealLinks = (html) => [...html.matchAll(/href="\/deals\/(\d+)"/g)].map((m) => Number(m[1]));
const signedInAs = (html) => htmlUnescape(html.match(/<span class="who"><a href="\/settings"[^>]*>([^<]*)<\/a> <small>/)[1]);
const signOutCsrf = (html) => html.match(/action="\/logout">[\s\S]*?name="csrf" value="([^"]*)"/)[1];

test('a deal logged by a rep shows at once on the team page and on their My deals', async () => {
	const maria = await as('maria');
	const ravi = await as('ravi');
	let before = null;
	await everyWorker(maria, '/team', (html) => {
		before ??= openDeals(html);
		assert.equal(openDeals(html), before, 'the same count from every worker');
	});
	await everyWorker(ravi, '/deals', () => {});
	const ravisOpen = `/team/deals?rep=${userId('ravi')}&stage=1&status=open`;
	await everyWorker(maria, ravisOpen, () => {});
	await ravi.get('/deals/new');
	const res = await ravi.post('/deals/new', { company: 'Kept Pages Ltd', stage_id: '1' });
	assert.equal(res.status, 303);
	const id = Number(res.location.match(/\/deals\/(\d+)$/)[1]);
	await everyWorker(maria, '/team', (html) => assert.equal(openDeals(html), before + 1, 'the new deal is counted'));
	await everyWorker(ravi, '/deals', (html) => assert.ok(dealLinks(html).includes(id), 'the new deal is listed'));
	await everyWorker(maria, ravisOpen, (html) => assert.ok(dealLinks(html).includes(id), 'and on the team\'s list'));

	// Closing it takes it off both, again at once.
	await ravi.get(`/deals/${id}`);
	const closed = await ravi.post(`/deals/${id}/close`, { outcome: 'lost', lost_reason: 'Chose a rival' });
	assert.equal(closed.status, 303, closed.body.slice(0, 300));
	assert.equal(gw.sqlValue(`SELECT status FROM deals WHERE id = ${id}`), 'lost');
	await everyWorker(maria, '/team', (html) => assert.equal(openDeals(html), before, 'the closed deal is no longer open'));
	await everyWorker(ravi, '/deals', (html) => assert.ok(!dealLinks(html).includes(id), 'the closed deal left My deals'));
	await everyWorker(maria, ravisOpen, (html) => assert.ok(!dealLinks(html).includes(id), 'and the team\'s open list'));
});

test('another team\'s change leaves the team page as it was, and the page still agrees with the database', async () => {
	const maria = await as('maria');
	const kofi = await as('kofi');
	const north = gw.sqlValue("SELECT id FROM teams WHERE name = 'North'");
	const count = () => gw.sqlValue(`SELECT count(*) FROM deals WHERE team_id = ${north} AND status = 'open'`);
	await everyWorker(maria, '/team', (html) => assert.equal(openDeals(html), count()));
	await kofi.get('/deals/new');
	assert.equal((await kofi.post('/deals/new', { company: 'South Only Inc', stage_id: '1' })).status, 303);
	await everyWorker(maria, '/team', (html) => assert.equal(openDeals(html), count()));
});

test('a renamed stage and a renamed rep show at once on every kept page', async () => {
	const maria = await as('maria');
	const ravi = await as('ravi');
	const admin = await as('admin');
	await everyWorker(maria, '/team', () => {});
	await everyWorker(ravi, '/deals', () => {});
	const st = gw.sql('SELECT * FROM stages WHERE id = 1')[0];
	await admin.get('/admin/stages/1');
	const res = await admin.post('/admin/stages/1', {
		name: 'Kept Stage Name', position: String(st.position), early: String(st.early),
		probability: String(st.probability), target_days: String(st.target_days), active: String(st.active),
	});
	assert.equal(res.status, 303, res.body.slice(0, 300));
	await everyWorker(maria, '/team', (html) => assert.match(html, /Kept Stage Name/));
	await everyWorker(ravi, '/deals', (html) => assert.match(html, /Kept Stage Name/));

	const lena = userId('lena');
	await admin.get(`/admin/users/${lena}`);
	const teamOf = gw.sqlValue(`SELECT team_id FROM users WHERE id = ${lena}`);
	const up = await admin.post(`/admin/users/${lena}`, { name: 'Lena Renamed', role: 'rep', team_id: String(teamOf) });
	assert.equal(up.status, 303, up.body.slice(0, 300));
	assert.equal(gw.sqlValue(`SELECT name FROM users WHERE id = ${userId('lena')}`), 'Lena Renamed');
	await everyWorker(maria, '/team', (html) => assert.match(html, /Lena Renamed/));
});

test('a coaching session moves the meter on the team page at once', async () => {
	const maria = await as('maria');
	// The coaching tile: the early share of the meter's minutes, "695 of 1600".
	const meter = (html) => html.match(/<li class="tile[^"]*" id="tile-coaching">[\s\S]*?<p class="tile-count">([^<]*)<\/p>/)[1];
	let before = null;
	await everyWorker(maria, '/team', (html) => { before ??= meter(html); });
	const deal = gw.sql(`SELECT d.id, d.owner_id FROM deals d JOIN stages s ON s.id = d.stage_id
		WHERE d.owner_id = ${userId('ravi')} AND d.status = 'open' AND s.early = 1 LIMIT 1`)[0];
	await maria.get('/team/sessions/new');
	const res = await maria.post('/team/sessions/new', {
		rep_id: String(deal.owner_id), deal_id: String(deal.id), minutes: '240', kind: 'deal_review', notes: 'Kept-pages test',
	});
	assert.equal(res.status, 303, res.body.slice(0, 300));
	await everyWorker(maria, '/team', (html) => assert.notEqual(meter(html), before, 'the meter counts the new minutes'));
});

test('a kept page carries each viewer\'s own top bar and sign-out token, never the last viewer\'s', async () => {
	const maria = await as('maria');
	const admin = await as('admin');
	const north = gw.sqlValue("SELECT id FROM teams WHERE name = 'North'");
	const mine = new Map();
	for (let i = 0; i < ROUNDS; i++) {
		// Interleaved, so a worker that just served one person serves the other.
		for (const [who, client, url] of [['maria', maria, '/team'], ['admin', admin, `/team?team=${north}`]]) {
			const res = await client.get(url);
			assert.equal(res.status, 200);
			const name = gw.sqlValue(`SELECT name FROM users WHERE email = '${email(who)}'`);
			assert.equal(signedInAs(res.body), name, `${who} sees their own name`);
			mine.set(who, mine.get(who) ?? signOutCsrf(res.body));
			assert.equal(signOutCsrf(res.body), mine.get(who), `${who} gets their own sign-out token`);
			if (who === 'admin') assert.match(res.body, /id="f-team"/, 'the admin has the team switcher');
			else assert.doesNotMatch(res.body, /id="f-team"/, 'a manager has no team switcher');
		}
	}
	assert.notEqual(mine.get('maria'), mine.get('admin'));
	// Signing out with the token from a kept page works.
	const out = await maria.post('/logout', {}, { csrf: mine.get('maria') });
	assert.equal(out.status, 303);
	clients.delete('maria');
	const after = await maria.get('/team');
	assert.notEqual(after.status, 200, 'after signing out the old cookie no longer opens the team page');
	assert.doesNotMatch(after.body, /Open deals:/);
});

test('a manager asking for another team still gets their own team (the key is never taken from the query alone)', async () => {
	const sam = await as('sam');
	const north = gw.sqlValue("SELECT id FROM teams WHERE name = 'North'");
	const maria = await as('maria');
	await everyWorker(maria, '/team', () => {});
	await everyWorker(sam, `/team?team=${north}`, (html) => assert.match(html, /<h1>Team South<\/h1>/));
});

// The coaching queue and a rep's /coaching are kept too (h_coaching.c):
// the item a manager snoozes leaves This week on every worker at once,
// and a session logged with a rep shows on their /coaching at once.
const weekIds = (html) => {
	const part = html.match(/<section class="card" id="this-week">([\s\S]*?)<\/section>/)[1];
	return [...part.matchAll(/data-item="(\d+)"/g)].map((m) => Number(m[1]));
};

test('a snoozed item leaves the kept coaching queue at once', async () => {
	const maria = await as('maria');
	let top = null;
	let until = null;
	await everyWorker(maria, '/team/coaching', (html) => {
		top ??= weekIds(html)[0];
		until ??= html.match(/name="until" value="([^"]+)"/)[1];
	});
	assert.ok(top, 'This week has a deal item');
	const res = await maria.post(`/team/coaching/${top}/snooze`, { until });
	assert.equal(res.status, 303, res.body.slice(0, 300));
	await everyWorker(maria, '/team/coaching', (html) =>
		assert.ok(!weekIds(html).includes(top), 'the snoozed item is off This week'));
});

test('a session logged with a rep shows on their kept /coaching at once', async () => {
	const lena = await as('lena');
	const maria = await as('maria');
	const note = `Kept coaching page ${Date.now()}`;
	await everyWorker(lena, '/coaching', (html) => assert.ok(!html.includes(note)));
	await maria.get('/team/sessions/new');
	const res = await maria.post('/team/sessions/new', {
		rep_id: String(userId('lena')), minutes: '20', kind: 'one_to_one', notes: note,
	});
	assert.equal(res.status, 303, res.body.slice(0, 300));
	await everyWorker(lena, '/coaching', (html) => assert.ok(html.includes(note), 'the new session is listed'));
});

test('a new target and a new session show on the kept /team/time at once', async () => {
	const maria = await as('maria');
	const target = (html) => Number(html.match(/the target is at least (\d+)%/)[1]);
	let before = null;
	await everyWorker(maria, '/team/time', (html) => { before ??= target(html); });
	const next = before === 55 ? 60 : 55;
	const res = await maria.post('/team/time', { early_target: String(next) });
	assert.equal(res.status, 303, res.body.slice(0, 300));
	await everyWorker(maria, '/team/time', (html) => assert.equal(target(html), next));
	const note = `Kept meter page ${Date.now()}`;
	await maria.get('/team/sessions/new');
	const logged = await maria.post('/team/sessions/new', {
		rep_id: String(userId('tom')), minutes: '15', kind: 'one_to_one', notes: note,
	});
	assert.equal(logged.status, 303, logged.body.slice(0, 300));
	await everyWorker(maria, '/team/time', (html) => assert.ok(html.includes(note), 'the session is listed'));
});
