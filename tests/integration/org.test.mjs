// The leader's pages: /org compares every team's manager, a director
// reads each team's pages read-only, a director limited to some teams
// sees only those, /org/targets sets the targets (audited) and /org.csv
// exports the rows.  Each /org row must equal what the team's own pages
// show, for every demo team.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, sqlq, htmlUnescape, parseForms } from './harness.mjs';

const gw = useInstance();

const clients = new Map();
async function as(who) {
	if (!clients.has(who)) clients.set(who, await gw.login(`${who}@example.com`));
	return clients.get(who);
}
const userId = (who) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(`${who}@example.com`)}`);
const teamId = (name) => gw.sqlValue(`SELECT id FROM teams WHERE name = ${sqlq(name)}`);

async function get200(c, url) {
	const res = await c.get(url);
	assert.equal(res.status, 200, `GET ${url}`);
	return res;
}

const text = (html) => htmlUnescape(html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

/** The /org rows, by team id: each cell's text by its data-col. */
function orgRows(html) {
	const rows = new Map();
	for (const m of html.matchAll(/<tr data-team="(\d+)">([\s\S]*?)<\/tr>/g)) {
		const cells = { name: text(m[2].match(/<th scope="row">([\s\S]*?)<\/th>/)[1]) };
		for (const c of m[2].matchAll(/<td class="num" data-label="[^"]*" data-col="(\w+)">([\s\S]*?)<\/td>/g))
			cells[c[1]] = text(c[2]);
		cells.trend = text(m[2].match(/<span class="trend">([^<]*)<\/span>/)[1]);
		rows.set(Number(m[1]), cells);
	}
	return rows;
}

/** The order of team ids on /org. */
const orgOrder = (html) => [...html.matchAll(/<tr data-team="(\d+)">/g)].map((m) => Number(m[1]));

/** Every state a refused POST must leave as it was. */
function snapshot() {
	return gw.sql(`SELECT (SELECT count(*) FROM deals) AS deals,
		(SELECT group_concat(stage_id || status || updated_at) FROM deals) AS deal_state,
		(SELECT count(*) FROM stage_changes) AS moves,
		(SELECT count(*) FROM deal_criteria) AS ticks,
		(SELECT count(*) FROM job_aid_uses) AS uses,
		(SELECT group_concat(status || snooze_until) FROM coaching_items) AS items,
		(SELECT count(*) FROM coaching_sessions) AS sessions,
		(SELECT group_concat(name || early_target || inflow_target) FROM teams) AS teams,
		(SELECT group_concat(role || active || coalesce(team_id, '-')) FROM users) AS people,
		(SELECT count(*) FROM director_teams) AS limits,
		(SELECT early_target || '/' || inflow_target FROM org_targets) AS defaults,
		(SELECT count(*) FROM audit_log WHERE action NOT IN ('login', 'login-failed')) AS audit`)[0];
}

test('the demo director signs in to /org: one row per team, the story of three managers', async () => {
	const vp = await as('vp');
	const home = await vp.get('/');
	assert.equal(home.location, '/org');
	const page = await get200(vp, '/org');
	const rows = orgRows(page.body);
	const ids = ['North', 'South', 'East'].map(teamId);
	assert.deepEqual([...rows.keys()].sort(), [...ids].sort(), 'a row per demo team');
	const north = rows.get(teamId('North'));
	const east = rows.get(teamId('East'));
	assert.equal(north.trend, 'rising', 'Maria shifts early');
	assert.match(east.early, /^— · 0 of 0 min/, 'Priya logs no deal coaching');
	assert.match(north.early, /^\d+% · \d+ of \d+ min/, 'a share with its counts');
	for (const col of ['follow', 'super', 'late'])
		assert.match(north[col], /^(\d+%|—) · \d+ of \d+/, `${col} carries its counts`);
	// Each row links to the team's pages.
	for (const id of ids)
		for (const p of ['/team', '/team/time', '/team/coaching'])
			assert.ok(page.body.includes(`href="${p}?team=${id}"`), `a link to ${p}?team=${id}`);
});

test('each /org row equals the figures on that team\'s own pages, for every demo team', async () => {
	const vp = await as('vp');
	const rows = orgRows((await get200(vp, '/org')).body);
	for (const name of ['North', 'South', 'East']) {
		const id = teamId(name);
		const row = rows.get(id);
		const time = (await get200(vp, `/team/time?team=${id}`)).body;
		const coaching = (await get200(vp, `/team/coaching?team=${id}`)).body;
		const team = (await get200(vp, `/team?team=${id}`)).body;
		const share = htmlUnescape(time.match(/<strong>([^<]*)<\/strong> of your deal-coaching minutes/)[1]);
		assert.ok(row.early.startsWith(`${share} min`), `${name}: early share ${row.early} vs ${share}`);
		const target = time.match(/the target is at least (\d+)%/)[1];
		assert.ok(row.early.includes(`target ${target}%`), `${name}: target ${target}`);
		const trend = time.match(/The early share is <strong>([^<]*)<\/strong>/)[1];
		assert.equal(row.trend, trend === 'not enough coaching logged to tell' ? '—' : trend, `${name}: trend`);
		const superMoves = htmlUnescape(time.match(/someone other than the rep recorded: <strong>([^<]*)<\/strong>/)[1]);
		assert.equal(row.super, superMoves, `${name}: super-rep index`);
		// Minutes per week: the meter's weekly table, every column, over 12 weeks.
		const weeks = [...time.matchAll(/data-label="Early">(\d+)<\/td><td class="num" data-label="Later">(\d+)<\/td><td class="num" data-label="No deal">(\d+)</g)];
		assert.equal(weeks.length, 12, `${name}: twelve weeks on the meter`);
		const minutes = weeks.reduce((n, w) => n + Number(w[1]) + Number(w[2]) + Number(w[3]), 0);
		assert.ok(row.minutes.startsWith(`${Math.round(minutes / 12)} `), `${name}: ${row.minutes} vs ${minutes} minutes`);
		const follow = htmlUnescape(time.match(/Over 12 weeks: <strong>([^<]*)<\/strong> of the items in "This week"/)[1]);
		assert.equal(row.follow, follow, `${name}: follow-through`);
		// The team page: stalled early deals, forecast risk, inflow and late entries per rep.
		const stalled = team.match(/Stalled deals <span class="muted">· (\d+) \((\d+) early\)/);
		assert.equal(row.stalled, stalled[2], `${name}: stalled early deals`);
		const risk = htmlUnescape(team.match(/only=risk"><strong>([^<]*)<\/strong> in ([^<]*)<\/a>/)[1]);
		assert.ok(row.risk.startsWith(risk), `${name}: forecast risk ${row.risk} vs ${risk}`);
		const inflows = [...team.matchAll(/<span class="(?:warn)?">(\d+) of \d+<\/span>/g)].map((m) => Number(m[1]));
		const late = [...team.matchAll(/data-label="Late-entry rate">[^<]*· (\d+) of (\d+)</g)];
		const deals = inflows.reduce((a, b) => a + b, 0);
		assert.ok(row.inflow.includes(`${deals} deal`), `${name}: ${row.inflow} vs ${deals} new deals`);
		assert.equal(late.reduce((a, m) => a + Number(m[2]), 0), deals, `${name}: the late-entry rates count the same deals`);
		const lateDeals = late.reduce((a, m) => a + Number(m[1]), 0);
		assert.ok(row.late.includes(`${lateDeals} of ${deals}`), `${name}: late entries ${row.late}`);
		assert.equal(row.below.split(' of ')[1], String(inflows.length), `${name}: reps counted`);
	}
});

test('/org sorts by any column, both ways; teams without the figure go last', async () => {
	const vp = await as('vp');
	const asc = (await get200(vp, '/org?sort=early&dir=asc')).body;
	const desc = (await get200(vp, '/org?sort=early&dir=desc')).body;
	const pct = (row) => (row.early.startsWith('—') ? null : Number(row.early.split('%')[0]));
	const rowsAsc = orgRows(asc);
	const shares = orgOrder(asc).map((id) => pct(rowsAsc.get(id)));
	assert.equal(shares.at(-1), null, 'East, without deal coaching, last');
	const known = shares.filter((x) => x !== null);
	assert.deepEqual(known, [...known].sort((a, b) => a - b), 'ascending');
	const descShares = orgOrder(desc).map((id) => pct(orgRows(desc).get(id)));
	assert.deepEqual(descShares.filter((x) => x !== null), [...known].reverse(), 'descending');
	assert.match(asc, /aria-sort="ascending"><a href="\/org\?sort=early&amp;dir=desc/, 'the heading sorts the other way next');
	const byName = orgOrder((await get200(vp, '/org?sort=team')).body);
	assert.deepEqual(byName, ['East', 'North', 'South'].map(teamId));
	// An unknown column sorts by team.
	assert.deepEqual(orgOrder((await get200(vp, '/org?sort=%27;drop')).body), byName);
});

test('a director reads a team\'s pages with no form that writes; the team page links keep ?team=', async () => {
	const vp = await as('vp');
	const east = teamId('East');
	for (const p of [`/team?team=${east}`, `/team/time?team=${east}`, `/team/coaching?team=${east}`,
		`/team/deals?team=${east}`, `/team/reps/${userId('omar')}?team=${east}`]) {
		const page = await get200(vp, p);
		const writing = parseForms(page.body).filter((f) => (f.method ?? '').toLowerCase() === 'post' && f.action !== '/logout');
		assert.deepEqual(writing.map((f) => f.action), [], `${p}: no form that writes`);
		assert.ok(!page.body.includes('/team/sessions/new'), `${p}: no link to log a session`);
	}
	const team = (await get200(vp, `/team?team=${east}`)).body;
	assert.match(team, /<h1>Team East<\/h1>/);
	assert.match(team, new RegExp(`<option value="${east}" selected>East</option>`), 'the team switcher');
	// The manager still writes on their own team.
	const maria = await as('maria');
	const list = (await get200(maria, '/team/coaching')).body;
	assert.ok(parseForms(list).some((f) => f.action.startsWith('/team/coaching/')), 'Maria keeps her forms');
});

test('an admin reads /team/time and /team/coaching of any team, read-only', async () => {
	const admin = await as('admin');
	for (const p of [`/team/time?team=${teamId('South')}`, `/team/coaching?team=${teamId('South')}`]) {
		const page = await get200(admin, p);
		assert.match(page.body, /South/);
		assert.ok(!parseForms(page.body).some((f) => f.action !== '/logout'), `${p}: no form that writes`);
	}
});

test("a director's POSTs to deal, coaching and admin routes are refused and change nothing", async () => {
	const vp = await as('vp');
	await get200(vp, '/org');
	const north = teamId('North');
	const deal = gw.sqlValue(`SELECT id FROM deals WHERE team_id = ${north} AND status = 'open' ORDER BY id LIMIT 1`);
	const item = gw.sqlValue(`SELECT id FROM coaching_items WHERE team_id = ${north} AND status = 'open' ORDER BY id LIMIT 1`);
	assert.ok(deal && item, 'a North deal and coaching item to aim at');
	const before = snapshot();
	const posts = [
		['/deals/new', { company: 'Director Co', stage_id: '1' }],
		[`/deals/${deal}`, { company: 'Renamed by a director' }],
		[`/deals/${deal}/move`, { to_stage_id: '2' }],
		[`/deals/${deal}/close`, { outcome: 'lost', lost_reason: 'x' }],
		[`/deals/${deal}/reopen`, {}],
		[`/deals/${deal}/tick`, { criterion_id: '1' }],
		[`/deals/${deal}/untick`, { criterion_id: '1' }],
		[`/deals/${deal}/aids`, { aid_id: '1', outcome: 'helped' }],
		[`/deals/${deal}/verify`, { criterion_id: '1' }],
		[`/team/coaching?team=${north}`, { rep_id: String(userId('ravi')), reason: 'Director item' }],
		['/team/coaching', { rep_id: String(userId('ravi')), reason: 'Director item' }],
		[`/team/coaching/${item}/done`, { note: 'done by a director' }],
		[`/team/coaching/${item}/snooze`, { until: '2099-01-01' }],
		[`/team/coaching/${item}/dismiss`, { reason: 'no' }],
		['/team/sessions/new', { rep_id: String(userId('ravi')), minutes: '30', kind: 'deal-review' }],
		[`/team/time?team=${north}`, { early_target: '90' }],
		['/admin/users', { email: 'x@example.com', name: 'X', role: 'admin', password: 'director-made-1' }],
		[`/admin/users/${userId('vp')}`, { name: 'VP', role: 'admin', team_id: '' }],
		[`/admin/users/${userId('vp')}/teams`, { team: String(north) }],
		['/admin/teams', { team_name: 'Director Team' }],
	];
	for (const [p, fields] of posts) {
		const res = await vp.post(p, fields);
		assert.ok([403, 404].includes(res.status), `POST ${p}: ${res.status}`);
		assert.deepEqual(snapshot(), before, `POST ${p} changed nothing`);
	}
});

test('managers and reps get 404 on /org, /org.csv and /org/targets', async () => {
	for (const who of ['maria', 'sam', 'priya', 'ravi']) {
		const c = await as(who);
		for (const p of ['/org', '/org.csv', '/org/targets', '/org?sort=early']) {
			const res = await c.get(p);
			assert.equal(res.status, 404, `${who} GET ${p}`);
			assert.doesNotMatch(res.body, /Early share of coaching|^team,reps/);
		}
		const before = snapshot();
		assert.equal((await c.post('/org/targets', { team_id: String(teamId('North')), early_target: '10', inflow_target: '1' })).status, 404);
		assert.deepEqual(snapshot(), before, `${who}'s POST /org/targets changed nothing`);
	}
});

test('a director limited to two teams gets 404 on the third team\'s pages and rows', async () => {
	const admin = await as('admin');
	await get200(admin, '/admin/users');
	const add = await admin.post('/admin/users', { email: 'limited@example.com', name: 'Lim Ited', role: 'director', team_id: '', password: 'limited-director-1' });
	assert.equal(add.status, 303);
	const lim = userId('limited');
	const north = teamId('North');
	const south = teamId('South');
	const east = teamId('East');
	const form = await get200(admin, `/admin/users/${lim}`);
	assert.match(form.body, /Teams this director sees/);
	const set = await admin.post(`/admin/users/${lim}/teams`, [['team', String(north)], ['team', String(south)]]);
	assert.equal(set.status, 303);
	assert.deepEqual(gw.sql(`SELECT team_id FROM director_teams WHERE user_id = ${lim} ORDER BY team_id`).map((r) => r.team_id),
		[north, south].sort((a, b) => a - b));
	assert.equal(gw.count('audit_log', `action = 'director-teams' AND subject = 'limited@example.com'`), 1, 'audited');

	const c = await gw.login('limited@example.com', 'limited-director-1');
	const org = (await get200(c, '/org')).body;
	assert.deepEqual([...orgRows(org).keys()].sort(), [north, south].sort(), 'no East row');
	assert.ok(!org.includes(`team=${east}`), 'no link to East');
	const csvText = (await get200(c, '/org.csv')).body;
	assert.doesNotMatch(csvText, /^East,/m, 'no East row in the export');
	assert.equal(csvText.trim().split('\n').length, 3, 'a heading and two rows');
	const eastDeal = gw.sqlValue(`SELECT id FROM deals WHERE team_id = ${east} ORDER BY id LIMIT 1`);
	for (const p of [`/team?team=${east}`, `/team/time?team=${east}`, `/team/coaching?team=${east}`,
		`/team/deals?team=${east}`, `/team/deals.csv?team=${east}`, `/team/history.csv?team=${east}`,
		`/team/reps/${userId('omar')}`, `/team/reps/${userId('omar')}?team=${east}`, `/deals/${eastDeal}`,
		`/aids/effectiveness?team=${east}`]) {
		const res = await c.get(p);
		assert.equal(res.status, 404, `GET ${p}`);
		assert.ok(!res.body.includes('Omar') && !res.body.includes('Zoe'), `${p}: nothing of East`);
	}
	// The switcher offers only the two teams; the default team is one of them.
	const team = (await get200(c, '/team')).body;
	assert.ok(!team.includes(`<option value="${east}"`), 'East not in the switcher');
	assert.match(team, /<h1>Team (North|South)<\/h1>/);
	await get200(c, `/team/time?team=${south}`);
	// Targets: East is not offered and cannot be set; nor can the default for all.
	const targets = (await get200(c, '/org/targets')).body;
	assert.ok(!targets.includes(`name="team_id" value="${east}"`), 'no East form');
	assert.doesNotMatch(targets, /Default for every team/, 'no default form for a limited director');
	const before = snapshot();
	assert.equal((await c.post('/org/targets', { team_id: String(east), early_target: '10', inflow_target: '1' })).status, 404);
	assert.equal((await c.post('/org/targets', { team_id: '', early_target: '10', inflow_target: '1' })).status, 404);
	assert.deepEqual(snapshot(), before, 'nothing changed');
	// No teams ticked: every team again (and the director signs in anew).
	assert.equal((await admin.post(`/admin/users/${lim}/teams`, {})).status, 303);
	assert.equal(gw.count('director_teams', `user_id = ${lim}`), 0);
	const again = await gw.login('limited@example.com', 'limited-director-1');
	assert.equal(orgRows((await get200(again, '/org')).body).size, 3);
	assert.equal((await again.get(`/team?team=${east}`)).status, 200);
});

test('the director teams form refuses a team that does not exist and keeps the ticks', async () => {
	const admin = await as('admin');
	const vp = userId('vp');
	const north = teamId('North');
	const res = await admin.post(`/admin/users/${vp}/teams`, [['team', String(north)], ['team', '999999']]);
	assert.equal(res.status, 422);
	assert.match(res.body, /Choose among the listed teams/);
	assert.match(res.body, new RegExp(`name="team" value="${north}" checked`));
	assert.equal(gw.count('director_teams', `user_id = ${vp}`), 0);
	// Only a director has teams to choose.
	assert.equal((await admin.post(`/admin/users/${userId('maria')}/teams`, { team: String(north) })).status, 404);
});

test('targets: a director sets a team\'s targets and the default for all, each audited; bad input is kept', async () => {
	const vp = await as('vp');
	const north = teamId('North');
	await get200(vp, '/org/targets');
	let res = await vp.post('/org/targets', { team_id: String(north), early_target: '60', inflow_target: '4' });
	assert.equal(res.status, 303);
	assert.deepEqual(gw.sql(`SELECT early_target, inflow_target FROM teams WHERE id = ${north}`)[0], { early_target: 60, inflow_target: 4 });
	assert.equal(gw.sqlValue(`SELECT detail FROM audit_log WHERE action = 'org-targets' AND subject = 'team:${north}' ORDER BY id DESC LIMIT 1`),
		'early 50->60 inflow 3->4');
	// The team's pages follow: the meter's target and the inflow target.
	const time = (await get200(vp, `/team/time?team=${north}`)).body;
	assert.match(time, /the target is at least 60%/);
	const team = (await get200(vp, `/team?team=${north}`)).body;
	assert.match(team, /against a target of 4 a week/);
	// The whole team's target and the inflow tile follow it too, so the
	// reps' rows add up to them: 4 a week, 8 weeks, each rep listed.
	const reps = gw.sqlValue(`SELECT count(*) FROM users WHERE (team_id = ${north} AND role = 'rep' AND active = 1)
		OR id IN (SELECT owner_id FROM deal_counts WHERE team_id = ${north} AND deals > 0)`);
	assert.equal([...team.matchAll(/ of 32<\/span>/g)].length, reps, 'each rep\'s row: of 4 × 8');
	assert.match(team, new RegExp(`new deals against a target of ${4 * 8 * reps}\\.`));
	const tile = team.match(/id="tile-inflow">[\s\S]*?<p class="tile-count">(\d+) of (\d+)<\/p>/);
	assert.equal(Number(tile[2]), 4 * 8 * reps, 'the inflow tile counts against the team\'s target');
	const row = orgRows((await get200(vp, '/org')).body).get(north);
	assert.match(row.early, /target 60%/);
	assert.match(row.inflow, /target 4/);
	// Bad input: 422, nothing saved, the typed values back in that team's form.
	res = await vp.post('/org/targets', { team_id: String(north), early_target: '150', inflow_target: 'lots' });
	assert.equal(res.status, 422);
	const f = parseForms(res.body).find((x) => x.controls.some((c) => c.name === 'team_id' && c.value === String(north)));
	assert.equal(f.controls.find((c) => c.name === 'early_target').value, '150');
	assert.equal(f.controls.find((c) => c.name === 'inflow_target').value, 'lots');
	assert.match(res.body, /Enter a whole percentage from 0 to 100/);
	assert.equal(gw.sqlValue(`SELECT early_target FROM teams WHERE id = ${north}`), 60);
	// The default applies to every team, and a new team starts with it.
	res = await vp.post('/org/targets', { team_id: '', early_target: '55', inflow_target: '2' });
	assert.equal(res.status, 303);
	assert.deepEqual(gw.sql('SELECT DISTINCT early_target, inflow_target FROM teams'), [{ early_target: 55, inflow_target: 2 }]);
	assert.equal(gw.count('audit_log', `action = 'org-targets' AND subject = 'default'`), 1);
	const admin = await as('admin');
	await get200(admin, '/admin/teams');
	assert.equal((await admin.post('/admin/teams', { team_name: 'West' })).status, 303);
	assert.deepEqual(gw.sql(`SELECT early_target, inflow_target FROM teams WHERE name = 'West'`)[0], { early_target: 55, inflow_target: 2 });
	// Put the demo's targets back for the tests after this one.
	assert.equal((await vp.post('/org/targets', { team_id: '', early_target: '50', inflow_target: '3' })).status, 303);
});

test('/org.csv: the rows in the page\'s order, each ratio as its counts, formula-safe', async () => {
	const vp = await as('vp');
	const admin = await as('admin');
	const south = teamId('South');
	await get200(admin, `/admin/teams/${south}`);
	assert.equal((await admin.post(`/admin/teams/${south}`, { team_name: '=HYPERLINK("x")' })).status, 303);
	try {
		const page = (await get200(vp, '/org?sort=early&dir=desc')).body;
		const res = await get200(vp, '/org.csv?sort=early&dir=desc');
		assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
		const lines = res.body.trim().split('\r\n');
		assert.match(lines[0], /^team,reps,early_minutes,deal_minutes,early_percent/);
		const names = orgOrder(page).map((id) => gw.sqlValue(`SELECT name FROM teams WHERE id = ${id}`));
		const csvNames = lines.slice(1).map((l) => l.startsWith('"') ? l.slice(1, l.indexOf('",')) : l.split(',')[0]);
		assert.deepEqual(csvNames.map((n) => n.replace(/""/g, '"')), names.map((n) => (n.startsWith('=') ? `'${n}` : n)),
			'same order; a name starting with = is defused');
		const north = lines.find((l) => l.startsWith('North,')).split(',');
		const row = orgRows(page).get(teamId('North'));
		assert.ok(row.early.includes(`${north[2]} of ${north[3]}`), 'early minutes and deal minutes as on the page');
	} finally {
		await admin.post(`/admin/teams/${south}`, { team_name: 'South' });
	}
});
