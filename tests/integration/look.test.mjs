// How pages read, through the real app and nginx: the top bar marks
// exactly one current page, counts agree with their nouns ("1 day",
// "2 days"), a next step looks the same on every page that shows it,
// and the charts carry their scales and state their data.
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

// --- 5. charts with scales -------------------------------------------

/** Attributes of an SVG/HTML start tag as an object. */
function attrs(tag) {
	return Object.fromEntries([...tag.matchAll(/([a-z][a-z0-9-]*)="([^"]*)"/g)].map((m) => [m[1], htmlUnescape(m[2])]));
}

test('the stage chart on /team has a value axis in round steps, and its aria-label states the data', async () => {
	const manager = await gw.login('maria@example.com');
	const html = await get200(manager, '/team');
	const svg = html.match(/<svg class="chart"[^>]*>[\s\S]*?<\/svg>/)[0];
	const root = attrs(svg.match(/<svg[^>]*>/)[0]);
	assert.equal(root.role, 'img');
	const label = root['aria-label'];
	assert.match(label ?? '', /^Open deals per stage: /);
	// The table behind the chart has the same numbers.
	const rows = [...html.match(/<details>([\s\S]*?)<\/details>/)[1]
		.matchAll(/<span class="chip[^"]*">([^<]*)<\/span>[\s\S]*?<a href="[^"]*">(\d+)<\/a>/g)]
		.map((m) => `${htmlUnescape(m[1])} ${m[2]}`);
	assert.equal(label, `Open deals per stage: ${rows.join(', ')}`);
	// Ticks from 0 in equal round steps, the last at or above the tallest bar.
	const ticks = [...svg.matchAll(/<g class="tick">[\s\S]*?<\/g>/g)].map((g) => ({
		y: Number(attrs(g[0].match(/<line[^>]*>/)[0]).y1),
		value: Number(g[0].match(/<text[^>]*>([^<]*)<\/text>/)[1]),
	}));
	assert.ok(ticks.length >= 2, 'at least two ticks on the value axis');
	assert.equal(ticks[0].value, 0);
	const step = ticks[1].value;
	assert.ok([1, 2, 5, 10, 20, 50, 100, 200, 500].includes(step), `a round step (${step})`);
	ticks.forEach((t, i) => assert.equal(t.value, i * step, 'equal steps'));
	const top = ticks.at(-1).value;
	const counts = rows.map((r) => Number(r.split(' ').at(-1)));
	assert.ok(top >= Math.max(...counts), `the axis reaches the tallest bar (${top})`);
	// Each bar is as tall as its count on that axis.
	const base = ticks[0].y;
	const perUnit = (base - ticks.at(-1).y) / top;
	const bars = [...svg.matchAll(/<g class="bar[^"]*">\s*<rect([^>]*)>/g)].map((m) => attrs(m[1]));
	assert.equal(bars.length, counts.length);
	bars.forEach((b, i) => {
		assert.ok(Math.abs(Number(b.height) - counts[i] * perUnit) <= 1, `bar ${i} height`);
		assert.equal(Number(b.y) + Number(b.height), base, `bar ${i} stands on the axis`);
	});
});

/** The meter's chart and table on /team/time. */
function meter(html) {
	const svg = html.match(/<svg class="chart meter"[^>]*>[\s\S]*?<\/svg>/)[0];
	const root = attrs(svg.match(/<svg[^>]*>/)[0]);
	const weeks = [...svg.matchAll(/<g class="week">([\s\S]*?)<\/g>/g)].map((g) => ({
		value: htmlUnescape(g[1].match(/class="value">([^<]*)</)[1]),
		day: g[1].match(/class="day">([^<]*)</)[1],
		minutes: g[1].match(/class="minor">([^<]*)</)[1],
		early: g[1].match(/<rect class="m-early"([^>]*)>/)?.[1],
	}));
	const ticks = [...svg.matchAll(/<g class="tick">[\s\S]*?<\/g>/g)].map((g) => ({
		y: Number(attrs(g[0].match(/<line[^>]*>/)[0]).y1),
		text: g[0].match(/<text[^>]*>([^<]*)<\/text>/)[1],
	}));
	const target = svg.match(/<line([^>]*)class="target"[^>]*>/);
	const targetName = svg.match(/class="target-name">([^<]*)</)?.[1];
	const table = [...html.match(/<details>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)[1]
		.matchAll(/<tr><th scope="row">([^<]*)<\/th><td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td>/g)]
		.map((m) => ({ date: m[1], early: Number(m[2]), late: Number(m[3]) }));
	return { root, weeks, ticks, target: target && attrs(target[1]), targetName, table };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

test('the shift-and-lift meter labels its weeks and shares, has a 0-100% axis and the target line', async () => {
	const manager = await gw.login('maria@example.com');
	for (const target of [50, 60]) {
		if (target !== 50) {
			const res = await manager.post('/team/time', { early_target: String(target) });
			assert.equal(res.status, 303, 'the target is saved');
		}
		const m = meter(await get200(manager, '/team/time'));
		assert.equal(m.root.role, 'img');
		assert.equal(m.table.length, 12);
		assert.equal(m.weeks.length, 12, 'a mark per week');
		// 0%, 50%, 100% on the axis.
		assert.deepEqual(m.ticks.map((t) => t.text), ['0%', '50%', '100%']);
		const base = m.ticks[0].y;
		const full = base - m.ticks[2].y;
		// The target line, where the target share is, and named.
		assert.ok(m.target, 'a target line');
		assert.equal(Number(m.target.y1), base - Math.floor((target * full) / 100), `target line at ${target}%`);
		assert.equal(m.target.y1, m.target.y2, 'level');
		assert.equal(m.targetName, `target ${target}%`);
		// Each week: its start as "9 Nov", its early share, its minutes.
		const said = [];
		m.table.forEach((row, i) => {
			const w = m.weeks[i];
			const [, mm, dd] = row.date.split('-').map(Number);
			assert.equal(w.day, `${dd} ${MONTHS[mm - 1]}`, `week ${i} label`);
			const tied = row.early + row.late;
			assert.equal(w.minutes, `${tied} min`);
			if (tied === 0) {
				assert.equal(w.value, '—');
				assert.equal(w.early, undefined, 'no bar without deal coaching');
				said.push(`${w.day} no deal coaching`);
				return;
			}
			const pct = Math.round((100 * row.early) / tied);
			assert.equal(w.value, `${pct}%`, `week ${i} share`);
			const bar = attrs(w.early);
			assert.ok(Math.abs(Number(bar.height) - (row.early * full) / tied) <= 1, `week ${i} early bar`);
			said.push(`${w.day} ${pct}% of ${tied} ${tied === 1 ? 'minute' : 'minutes'}`);
		});
		assert.equal(m.root['aria-label'],
			`Early share of deal-coaching minutes per week, against a target of ${target}%: ${said.join('; ')}.`);
	}
});
