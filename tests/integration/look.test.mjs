// How pages read, through the real app and nginx: the top bar marks
// exactly one current page, counts agree with their nouns ("1 day",
// "2 days"), and a next step looks the same on every page that shows
// it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, htmlUnescape } from './harness.mjs';

// The kept pages (page_cache) would hide changes made with sqlite3.
const gw = useInstance({ extraConfig: 'page_cache = false' });

const DAY = 86400;
const nowSec = () => Math.floor(Date.now() / 1000);

/** YYYY-MM-DD, offset days from today in UTC (the demo's zone). */
function day(offset) {
	return new Date(Date.now() + offset * DAY * 1000).toISOString().slice(0, 10);
}

async function get200(client, path) {
	const res = await client.get(path);
	assert.equal(res.status, 200, `GET ${path}`);
	return res.body;
}

/** The top bar's links marked current: [{ href, label }]. */
function currentLinks(html) {
	const nav = html.match(/<nav aria-label="Main">([\s\S]*?)<\/nav>/);
	if (!nav) return [];
	return [...nav[1].matchAll(/<a href="([^"]*)"([^>]*)>([^<]*)<\/a>/g)]
		.filter((m) => /aria-current="page"/.test(m[2]))
		.map((m) => ({ href: m[1], label: htmlUnescape(m[3]) }));
}

/** The id of the first /deals/{id} link in html. */
function firstDeal(html) {
	return Number(html.match(/href="\/deals\/(\d+)"/)[1]);
}

// --- 1. the top bar --------------------------------------------------

test('the top bar marks exactly one link as the current page, the one the page is under', async () => {
	const rep = await gw.login('ravi@example.com');
	const manager = await gw.login('maria@example.com');
	const admin = await gw.login('admin@example.com');
	const repDeal = firstDeal(await get200(rep, '/deals'));
	const teamDeal = firstDeal(await get200(manager, '/team/deals'));
	const repId = Number((await get200(manager, '/team')).match(/href="\/team\/reps\/(\d+)/)[1]);
	const cases = [
		[rep, '/deals', 'My deals'],
		[rep, '/deals/new', 'My deals'],
		[rep, `/deals/${repDeal}`, 'My deals'],
		[rep, '/coaching', 'My coaching'],
		[rep, '/aids', 'Job-aids'],
		[rep, '/aids/1', 'Job-aids'],
		[manager, '/team', 'Team'],
		[manager, `/team/reps/${repId}`, 'Team'],
		[manager, '/team/deals', 'Team'],
		[manager, `/deals/${teamDeal}`, 'Team'],
		[manager, '/team/coaching', 'Coaching'],
		[manager, '/team/sessions/new', 'Coaching'],
		[manager, '/team/time', 'My time'],
		[manager, '/aids', 'Job-aids'],
		[manager, '/aids/effectiveness', 'Job-aids'],
		[admin, '/team', 'Team'],
		[admin, '/team/deals', 'Team'],
		[admin, `/deals/${teamDeal}`, 'Team'],
		[admin, '/admin/users', 'Users'],
		[admin, '/admin/users/1', 'Users'],
		[admin, '/admin/stages', 'Stages'],
		[admin, '/admin/stages/1', 'Stages'],
		[admin, '/admin/aids', 'Job-aids'],
		[admin, '/admin/aids/new', 'Job-aids'],
		[admin, '/aids', 'Job-aids'],
	];
	const wrong = [];
	for (const [client, path, label] of cases) {
		const current = currentLinks(await get200(client, path));
		const labels = current.map((c) => c.label);
		if (labels.length !== 1 || labels[0] !== label)
			wrong.push(`${path}: current ${JSON.stringify(labels)}, expected ["${label}"]`);
	}
	assert.deepEqual(wrong, []);
});

// --- 2. counts and their nouns ---------------------------------------

/** Text of html with tags dropped and whitespace squashed. */
function text(html) {
	return htmlUnescape(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

// "1 days", "1 deals", ... anywhere in a page's text.
const ONE_PLURAL = /(?<![\d,.])1 (days|deals|weeks|minutes|items|visits|moves|stages|times|criteria|sessions)\b/g;

test('a count of one takes the singular on every page: "1 day in stage", "1 day ago", "1 deal"', async () => {
	const manager = await gw.login('maria@example.com');
	const rep = await gw.login('ravi@example.com');
	const raviId = gw.sqlValue(`SELECT id FROM users WHERE email = 'ravi@example.com'`);
	const now = nowSec();
	// One of Ravi's open deals entered its stage a day and an hour ago...
	const oneDay = gw.sqlValue(`SELECT id FROM deals WHERE owner_id = ${raviId} AND status = 'open'
		ORDER BY id LIMIT 1`);
	gw.sql(`UPDATE deals SET stage_entered_at = ${now - DAY - 3600} WHERE id = ${oneDay}`);
	// ...and another has sat in its stage for 200 days, last touched a day ago.
	const quiet = gw.sqlValue(`SELECT id FROM deals WHERE owner_id = ${raviId} AND status = 'open'
		AND id != ${oneDay} ORDER BY id LIMIT 1`);
	gw.sql(`UPDATE deals SET stage_entered_at = ${now - 200 * DAY}, last_activity_at = ${now - DAY - 3600}
		WHERE id = ${quiet}`);

	const repPage = await get200(manager, `/team/reps/${raviId}`);
	const row = repPage.match(new RegExp(`<li><a href="/deals/${oneDay}">[\\s\\S]*?</li>`));
	assert.ok(row, 'the rep page lists the deal');
	assert.match(text(row[0]), /· 1 day in stage/);
	assert.match(text(await get200(manager, `/deals/${oneDay}`)), /\b1 day in stage\b/);
	assert.match(text(await get200(rep, '/deals')), /\b1 day in stage\b/);
	// The stalled table on the rep page: quiet for one day.
	const stalled = repPage.match(new RegExp(`<a href="/deals/${quiet}">[\\s\\S]*?</tr>`));
	assert.ok(stalled, 'the long-parked deal is listed as stalled');
	assert.match(text(stalled[0]), /\b1 day ago\b/);

	// No page says "1 days", "1 deals", ... anywhere.
	const pages = [
		[manager, '/team'], [manager, `/team/reps/${raviId}`], [manager, '/team/deals'],
		[manager, '/team/coaching'], [manager, '/team/time'], [manager, '/aids/effectiveness'],
		[manager, `/deals/${oneDay}`], [rep, '/deals'], [rep, '/deals?status=all'], [rep, '/coaching'],
		[rep, '/aids/1'],
	];
	const found = [];
	for (const [client, path] of pages) {
		for (const m of text(await get200(client, path)).matchAll(ONE_PLURAL)) found.push(`${path}: "${m[0]}"`);
	}
	assert.deepEqual(found, []);
});

// --- 3. the next step ------------------------------------------------

/** The next-step markup inside the first element of html that links to
 *  /deals/{id} and ends with `end` (a table row or a list item). */
function nextStepNear(html, id, end) {
	const at = html.indexOf(`href="/deals/${id}"`);
	assert.ok(at >= 0, `a link to deal ${id}`);
	const chunk = html.slice(at, html.indexOf(end, at));
	const m = chunk.match(/<span class="next-step[^"]*">[\s\S]*?<\/span>(?:<\/span>)*/);
	return m ? m[0].replace(/\s+/g, ' ').trim() : null;
}

test('a next step reads and looks the same on /team, /team/deals, the rep page, My deals and the deal page', async () => {
	const manager = await gw.login('maria@example.com');
	const rep = await gw.login('ravi@example.com');
	const raviId = gw.sqlValue(`SELECT id FROM users WHERE email = 'ravi@example.com'`);
	const now = nowSec();
	// Four of Ravi's open early deals, parked long enough to be stalled:
	// overdue, due today, due later, and no next step.
	const ids = gw.sql(`SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id
		WHERE d.owner_id = ${raviId} AND d.status = 'open' AND s.early = 1 ORDER BY d.id LIMIT 4`).map((r) => r.id);
	assert.equal(ids.length, 4);
	const steps = [
		['Send the pricing', day(-3)],
		['Call the buyer', day(0)],
		['Book the demo', day(5)],
		['', ''],
	];
	ids.forEach((id, i) => gw.sql(`UPDATE deals SET next_step = '${steps[i][0]}', next_step_due = '${steps[i][1]}',
		stage_entered_at = ${now - (300 + i) * DAY} WHERE id = ${id}`));
	const [overdue, today, later, none] = ids;

	const team = await get200(manager, '/team');
	const stalledSection = team.match(/<section class="card" id="stalled">([\s\S]*?)<\/section>/)[1];
	const teamDeals = await get200(manager, `/team/deals?rep=${raviId}&only=stalled`);
	const repPage = await get200(manager, `/team/reps/${raviId}`);
	const myDeals = await get200(rep, '/deals');
	const views = {};
	for (const id of ids) {
		views[id] = {
			'/team': nextStepNear(stalledSection, id, '</tr>'),
			'/team/deals': nextStepNear(teamDeals, id, '</tr>'),
			'rep page': nextStepNear(repPage.match(/<section class="card" id="stalled">([\s\S]*?)<\/section>/)[1], id, '</tr>'),
			'My deals': nextStepNear(myDeals, id, '</li>'),
			'deal page': (await get200(manager, `/deals/${id}`))
				.match(/<div class="deal-next-step">[\s\S]*?(<span class="next-step[^"]*">[\s\S]*?<\/span>(?:<\/span>)*)/)?.[1]
				.replace(/\s+/g, ' ').trim() ?? null,
		};
	}
	for (const id of ids) {
		const seen = new Set(Object.values(views[id]));
		assert.equal(seen.size, 1, `deal ${id} reads the same everywhere: ${JSON.stringify(views[id], null, 1)}`);
		assert.notEqual([...seen][0], null, `deal ${id} shows its next step`);
	}
	const look = (id) => views[id]['/team'];
	assert.match(look(overdue), /class="next-step overdue"/);
	assert.match(text(look(overdue)), /^Send the pricing · due \d{4}-\d\d-\d\d \(3 days late\)$/);
	assert.match(look(today), /class="next-step due-today"/);
	assert.match(text(look(today)), /^Call the buyer · due today$/);
	assert.match(look(later), /class="next-step"/);
	assert.equal(text(look(later)), `Book the demo · due ${day(5)}`);
	assert.match(look(none), /class="next-step none"/);
	assert.equal(text(look(none)), 'No next step');
	// Exact dates stay available: <time datetime>.
	assert.match(look(today), new RegExp(`<time datetime="${day(0)}"`));
});
