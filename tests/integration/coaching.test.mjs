// The manager's coaching list (/team/coaching and its done / snooze /
// dismiss / add forms), the session form (/team/sessions/new), the
// shift-and-lift meter (/team/time) and a rep's own view (/coaching),
// through the real app and nginx, checked against coaching_items and
// coaching_sessions.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, htmlUnescape, inputValue, selectedOption, sqlq, parseForms } from './harness.mjs';

const gw = useInstance();

const DAY = 86400;
const NORTH_REPS = ['ravi', 'lena', 'tom', 'ines'];
const SOUTH_REPS = ['kofi', 'julia', 'diego', 'mei'];

// --- helpers -----------------------------------------------------------

const email = (who) => `${who}@example.com`;
const userId = (who) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(email(who))}`);
const userName = (who) => gw.sqlValue(`SELECT name FROM users WHERE email = ${sqlq(email(who))}`);
const teamId = (name) => gw.sqlValue(`SELECT id FROM teams WHERE name = ${sqlq(name)}`);

const pad = (n) => String(n).padStart(2, '0');
/** A local calendar date offset days from today (the server's clock is local). */
function day(offset) {
	const d = new Date(Date.now() + offset * DAY * 1000);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const clients = new Map();
async function as(who) {
	if (!clients.has(who)) clients.set(who, await gw.login(email(who)));
	return clients.get(who);
}

async function get200(client, url) {
	const res = await client.get(url);
	assert.equal(res.status, 200, `GET ${url} answered ${res.status}`);
	return res;
}

const itemsTable = () => gw.sql('SELECT * FROM coaching_items ORDER BY id');
const sessionsTable = () => gw.sql('SELECT * FROM coaching_sessions ORDER BY id');
const item = (id) => gw.sql(`SELECT * FROM coaching_items WHERE id = ${id}`)[0];
const liveItems = (team) =>
	gw.sql(`SELECT * FROM coaching_items WHERE team_id = ${team} AND status IN ('open', 'snoozed') ORDER BY id`);

/** The HTML of the <form> whose action is exactly action, or null. */
function formHtml(html, action) {
	const re = new RegExp(`<form[^>]*action="${action.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"[^>]*>[\\s\\S]*?</form>`);
	const m = html.match(re);
	return m ? m[0] : null;
}

/** The <li class="coach-item"> holding the forms of item id, or null. */
function itemHtml(html, id) {
	const m = html.match(new RegExp(`<li class="coach-item[^"]*">(?:(?!<li class="coach-item)[\\s\\S])*?/team/coaching/${id}/done[\\s\\S]*?</details>\\s*</li>`));
	return m ? m[0] : null;
}

/** The closed-history section's HTML. */
function closedHtml(html) {
	const i = html.indexOf('<h2>Closed</h2>');
	assert.ok(i >= 0, 'the page has a Closed section');
	return html.slice(i);
}

/** The open-items part of the list (before the add form). */
function openHtml(html) {
	const i = html.indexOf('<section class="card" id="add">');
	return i >= 0 ? html.slice(0, i) : html;
}

/** The meter table as [{ label, early, late, untied, share }], oldest first. */
function meterRows(html) {
	const tbody = html.match(/<table class="data">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/);
	assert.ok(tbody, 'the meter has a table');
	const rows = [...tbody[1].matchAll(
		/<tr><th scope="row">([^<]*)<\/th><td class="num"[^>]*>(\d+)<\/td><td class="num"[^>]*>(\d+)<\/td><td class="num"[^>]*>(\d+)<\/td><td class="num"[^>]*>([^<]*)<\/td><\/tr>/g,
	)].map((m) => ({ label: m[1], early: Number(m[2]), late: Number(m[3]), untied: Number(m[4]), share: htmlUnescape(m[5]) }));
	assert.equal(rows.length, 12, 'twelve weeks in the meter table');
	return rows;
}

/** An open deal of who in an early (or late) stage. */
function dealOf(who, early = true) {
	return gw.sql(`SELECT d.id, d.stage_id, s.position FROM deals d JOIN stages s ON s.id = d.stage_id
		WHERE d.owner_id = ${userId(who)} AND d.status = 'open' AND s.early = ${early ? 1 : 0}
		ORDER BY s.position, d.id LIMIT 1`)[0];
}

/** Add an item by hand as Maria about who; returns its id. */
async function addItem(who, reason, dealId = '') {
	const maria = await as('maria');
	await get200(maria, '/team/coaching');
	const before = gw.count('coaching_items');
	const res = await maria.post('/team/coaching', { rep_id: String(userId(who)), deal_id: String(dealId), reason });
	assert.equal(res.status, 303, `adding an item answered ${res.status}`);
	assert.equal(res.location, '/team/coaching');
	assert.equal(gw.count('coaching_items'), before + 1);
	return gw.sqlValue(`SELECT max(id) FROM coaching_items WHERE reason = ${sqlq(reason)}`);
}

let NORTH, SOUTH;

test.before(async () => {
	await gw.ready;
	NORTH = teamId('North');
	SOUTH = teamId('South');
});

// --- who may see what ---------------------------------------------------

test('a manager opens the coaching pages; an admin reads the list and the meter without forms; reps get 404', async () => {
	const ravi = await as('ravi');
	for (const url of ['/team/coaching', '/team/time', '/team/sessions/new'])
		assert.equal((await ravi.get(url)).status, 404, `ravi GET ${url}`);
	const admin = await as('admin');
	assert.equal((await admin.get('/team/sessions/new')).status, 404, 'logging a session is the manager\'s');
	for (const url of [`/team/coaching?team=${NORTH}`, `/team/time?team=${NORTH}`]) {
		const page = await get200(admin, url);
		assert.doesNotMatch(page.body, /<form method="post" action="\/team\//, `${url}: no form that writes`);
		assert.doesNotMatch(page.body, /href="\/team\/sessions\/new/, `${url}: no link to log a session`);
	}
	const maria = await as('maria');
	for (const url of ['/team/coaching', '/team/time', '/team/sessions/new']) await get200(maria, url);
	assert.equal((await maria.get('/coaching')).status, 404, 'a manager has no /coaching of their own');
	await get200(await as('ravi'), '/coaching');
});

test('opening the list twice makes no duplicates', async () => {
	const maria = await as('maria');
	await get200(maria, '/team/coaching');
	const first = liveItems(NORTH);
	assert.ok(first.length > 0, 'the demo data gives the rules something to suggest');
	const total = gw.count('coaching_items');
	await get200(maria, '/team/coaching');
	await get200(maria, '/team/coaching');
	assert.equal(gw.count('coaching_items'), total, 'no new rows');
	assert.deepEqual(liveItems(NORTH).map((i) => i.id), first.map((i) => i.id), 'the same live items');
	const dup = gw.sql(`SELECT team_id, subject, count(*) AS n FROM coaching_items
		WHERE status IN ('open', 'snoozed') GROUP BY team_id, subject HAVING n > 1`);
	assert.deepEqual(dup, [], 'one live item per subject');
	// Every live item is on the page, with its three forms (the page's
	// forms are read once, not searched for once per item).
	const page = await get200(maria, '/team/coaching');
	const actions = new Set(parseForms(page.body).map((f) => f.action));
	for (const i of liveItems(NORTH)) {
		for (const act of ['done', 'snooze', 'dismiss'])
			assert.ok(actions.has(`/team/coaching/${i.id}/${act}`), `item ${i.id} has a ${act} form`);
	}
	assert.match(page.body, /Follow-through over 30 days: <strong>(\d+%|—) · \d+ of \d+<\/strong>/);
});

test('Maria sees only North: no South rep on her list, Sam sees no North rep', async () => {
	const maria = await as('maria');
	const sam = await as('sam');
	const m = await get200(maria, '/team/coaching');
	const s = await get200(sam, '/team/coaching');
	assert.ok(liveItems(SOUTH).length > 0, 'South has items too');
	const mOpen = htmlUnescape(openHtml(m.body));
	const sOpen = htmlUnescape(openHtml(s.body));
	for (const who of SOUTH_REPS) assert.ok(!m.body.includes(htmlUnescape(userName(who))) && !mOpen.includes(userName(who)), `${who} not on Maria's list`);
	for (const who of NORTH_REPS) assert.ok(!sOpen.includes(userName(who)), `${who} not on Sam's list`);
	const onMarias = new Set([...m.body.matchAll(/\/team\/coaching\/(\d+)\//g)].map((x) => Number(x[1])));
	for (const i of liveItems(SOUTH)) assert.ok(!onMarias.has(i.id), `South item ${i.id} not on Maria's page`);
});

test('done with a note: status, closed_by, off the open list, into the history; the follow-through counts it', async () => {
	const maria = await as('maria');
	let page = await get200(maria, '/team/coaching');
	const follow = page.body.match(/<strong>(?:\d+%|—) · (\d+) of (\d+)<\/strong>/);
	const [done0, created0] = [Number(follow[1]), Number(follow[2])];
	const it = liveItems(NORTH).find((i) => i.status === 'open');
	const res = await maria.post(`/team/coaching/${it.id}/done`, { note: 'Walked through the discovery questions' });
	assert.equal(res.status, 303);
	assert.equal(res.location, '/team/coaching');
	const row = item(it.id);
	assert.equal(row.status, 'done');
	assert.equal(row.closed_by, userId('maria'));
	assert.ok(row.closed_at > 0);
	assert.equal(row.close_note, 'Walked through the discovery questions');
	assert.equal(row.private, 0);
	page = await get200(maria, '/team/coaching');
	assert.match(page.body, /Marked done\./);
	assert.ok(!page.body.includes(`/team/coaching/${it.id}/done`), 'off the open list');
	const closed = htmlUnescape(closedHtml(page.body));
	assert.ok(closed.includes('Walked through the discovery questions'), 'the note is in the history');
	assert.ok(closed.includes(it.reason), 'the reason is in the history');
	assert.match(closed, /done<\/span>/);
	const after = page.body.match(/<strong>(?:\d+%|—) · (\d+) of (\d+)<\/strong>/);
	assert.equal(Number(after[1]), done0 + 1, 'one more done');
	assert.equal(Number(after[2]), created0, 'created unchanged');
	const pct = Math.round((100 * (done0 + 1)) / created0);
	assert.match(page.body, new RegExp(`<strong>${pct}% · ${done0 + 1} of ${created0}</strong>`));
	assert.equal(gw.count('audit_log', `action = 'coaching-done' AND subject = 'coaching:${it.id}'`), 1);
	// Done twice: the item is closed, so it is not found.
	const again = await maria.post(`/team/coaching/${it.id}/done`, { note: 'again' });
	assert.equal(again.status, 404);
	assert.equal(item(it.id).close_note, 'Walked through the discovery questions');
});

test('done then recur: items the rules made do not come back when the list is opened again', async () => {
	const maria = await as('maria');
	await get200(maria, '/team/coaching');
	// One open rule item per rule.
	const byRule = new Map();
	for (const i of liveItems(NORTH)) if (i.rule > 0 && i.status === 'open' && !byRule.has(i.rule)) byRule.set(i.rule, i);
	assert.ok(byRule.size > 0, 'rule-made items to work with');
	for (const i of byRule.values()) {
		const res = await maria.post(`/team/coaching/${i.id}/done`, {});
		assert.equal(res.status, 303);
	}
	const total = gw.count('coaching_items');
	await get200(maria, '/team/coaching');
	await get200(maria, '/team/coaching');
	for (const i of byRule.values()) {
		assert.equal(item(i.id).status, 'done', `item ${i.id} (rule ${i.rule}) stays done`);
		assert.equal(gw.count('coaching_items', `team_id = ${NORTH} AND subject = ${sqlq(i.subject)} AND status IN ('open', 'snoozed')`), 0,
			`no live item for ${i.subject} (rule ${i.rule}) again`);
	}
	assert.equal(gw.count('coaching_items'), total, 'nothing recreated');
});

test('snooze: a past, today\'s or malformed date is refused (422, item unchanged)', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze me: pricing objections');
	for (const until of [day(-1), day(0), 'next week', '', '2026-02-30']) {
		const res = await maria.post(`/team/coaching/${id}/snooze`, { until });
		assert.equal(res.status, 422, `snooze until ${JSON.stringify(until)}`);
		if (until === day(-1) || until === day(0)) assert.match(res.body, /Snooze until a day after today\./);
		assert.equal(item(id).status, 'open');
		assert.equal(item(id).snooze_until, '');
	}
});

test('snooze: a date before 2000 or far ahead says the range it takes, not the format', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze me: far dates');
	const inAYear = `${Number(day(0).slice(0, 4)) + 1}${day(0).slice(4)}`.replace(/-02-29$/, '-02-28');
	for (const until of ['1999-12-31', '9999-12-31', '2150-01-01', day(367)]) {
		const res = await maria.post(`/team/coaching/${id}/snooze`, { until });
		assert.equal(res.status, 422, `snooze until ${until}`);
		const form = itemHtml(res.body, id);
		assert.doesNotMatch(form, /YYYY-MM-DD/, `${until}: written as asked`);
		if (until === '1999-12-31') assert.match(form, /Snooze until a day after today\./);
		else assert.ok(form.includes(`until ${inAYear} at the latest`), `${until}: names the last day`);
		assert.equal(item(id).status, 'open');
	}
	// A year ahead is the last day taken.
	const res = await maria.post(`/team/coaching/${id}/snooze`, { until: inAYear });
	assert.equal(res.status, 303);
	assert.equal(item(id).snooze_until, inAYear);
});

test('snooze 422 keeps the typed date in the item\'s snooze field', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze and keep the date');
	for (const until of [day(-1), day(0)]) {
		const res = await maria.post(`/team/coaching/${id}/snooze`, { until });
		assert.equal(res.status, 422);
		const form = formHtml(res.body, `/team/coaching/${id}/snooze`);
		assert.ok(form, 'the snooze form is on the page');
		assert.equal(inputValue(form, 'until'), until, `the typed date ${until} is kept`);
	}
});

test('snooze tomorrow: snoozed, still snoozed after the rules run; once the date passes it is open again', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze me properly');
	let res = await maria.post(`/team/coaching/${id}/snooze`, { until: day(1) });
	assert.equal(res.status, 303);
	assert.equal(item(id).status, 'snoozed');
	assert.equal(item(id).snooze_until, day(1));
	let page = await get200(maria, '/team/coaching');
	assert.match(page.body, /Snoozed; it comes back on that day\./);
	assert.equal(item(id).status, 'snoozed', 'still snoozed after the rules ran');
	assert.match(itemHtml(page.body, id) ?? '', new RegExp(`snoozed until ${day(1)}`));

	gw.sql(`UPDATE coaching_items SET snooze_until = ${sqlq(day(-1))} WHERE id = ${id}`);
	page = await get200(maria, '/team/coaching');
	assert.equal(item(id).status, 'open', 'awake again');
	assert.equal(item(id).snooze_until, '');
	assert.ok(itemHtml(page.body, id), 'back on the list');
	assert.ok(!/snoozed until/.test(itemHtml(page.body, id)));
	// A rule-made item wakes too, and is not duplicated.
	const rule = liveItems(NORTH).find((i) => i.rule > 0 && i.status === 'open');
	res = await maria.post(`/team/coaching/${rule.id}/snooze`, { until: day(2) });
	assert.equal(res.status, 303);
	await get200(maria, '/team/coaching');
	assert.equal(item(rule.id).status, 'snoozed');
	assert.equal(gw.count('coaching_items', `team_id = ${NORTH} AND subject = ${sqlq(rule.subject)} AND status IN ('open', 'snoozed')`), 1);
	gw.sql(`UPDATE coaching_items SET snooze_until = ${sqlq(day(-3))} WHERE id = ${rule.id}`);
	await get200(maria, '/team/coaching');
	assert.equal(item(rule.id).status, 'open');
	assert.equal(gw.count('coaching_items', `team_id = ${NORTH} AND subject = ${sqlq(rule.subject)} AND status IN ('open', 'snoozed')`), 1);
});

test('the snooze 422 shows its error on the item and opens its actions (the form is not lost)', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze error display');
	const res = await maria.post(`/team/coaching/${id}/snooze`, { until: day(0) });
	assert.equal(res.status, 422);
	const li = itemHtml(res.body, id);
	assert.ok(li, 'the item is on the 422 page');
	assert.match(li, /role="alert"/);
	assert.match(li, /<details class="coach-actions" open>/);
});

test('dismiss: a reason is required (422) and then it is dismissed', async () => {
	const maria = await as('maria');
	const id = await addItem('tom', 'Dismiss me: forecast hygiene');
	let res = await maria.post(`/team/coaching/${id}/dismiss`, { reason: '' });
	assert.equal(res.status, 422);
	assert.equal(item(id).status, 'open');
	res = await maria.post(`/team/coaching/${id}/dismiss`, { reason: 'x'.repeat(301) });
	assert.equal(res.status, 422, 'a reason over 300 characters');
	assert.equal(item(id).status, 'open');
	res = await maria.post(`/team/coaching/${id}/dismiss`, { reason: 'Tom already fixed it' });
	assert.equal(res.status, 303);
	const row = item(id);
	assert.equal(row.status, 'dismissed');
	assert.equal(row.close_note, 'Tom already fixed it');
	assert.equal(row.closed_by, userId('maria'));
	const page = await get200(maria, '/team/coaching');
	assert.match(page.body, /Dismissed\./);
	assert.ok(htmlUnescape(closedHtml(page.body)).includes('Tom already fixed it'));
});

test('done with a note over 1000 characters or a bad private flag: 422, nothing changed', async () => {
	const maria = await as('maria');
	const id = await addItem('tom', 'Long note item');
	let res = await maria.post(`/team/coaching/${id}/done`, { note: 'n'.repeat(1001) });
	assert.equal(res.status, 422);
	assert.equal(item(id).status, 'open');
	assert.equal(item(id).close_note, '');
	res = await maria.post(`/team/coaching/${id}/done`, { note: 'ok', private: 'yes' });
	assert.equal(res.status, 422);
	assert.equal(item(id).status, 'open');
});

test('a refused dismiss or done keeps what was typed in that item\'s form', async () => {
	const maria = await as('maria');
	const id = await addItem('tom', 'Keep my typing');
	let res = await maria.post(`/team/coaching/${id}/dismiss`, { reason: 'x'.repeat(301) });
	assert.equal(res.status, 422);
	assert.equal(inputValue(formHtml(res.body, `/team/coaching/${id}/dismiss`), 'reason'), 'x'.repeat(301), 'the typed reason is kept');
	res = await maria.post(`/team/coaching/${id}/done`, { note: 'n'.repeat(1001), private: '1' });
	assert.equal(res.status, 422);
	const form = formHtml(res.body, `/team/coaching/${id}/done`);
	assert.equal(inputValue(form, 'note'), 'n'.repeat(1001), 'the typed note is kept');
	assert.match(form, /name="private" value="1" checked/, 'the private box stays ticked');
	assert.equal(item(id).status, 'open');
});

test('Maria cannot act on a South item: 404 and the database unchanged', async () => {
	const sam = await as('sam');
	await get200(sam, '/team/coaching');
	const southItem = liveItems(SOUTH)[0];
	assert.ok(southItem);
	const maria = await as('maria');
	await get200(maria, '/team/coaching');
	const before = itemsTable();
	for (const [act, fields] of [['done', { note: 'mine now' }], ['snooze', { until: day(3) }], ['dismiss', { reason: 'not yours' }]]) {
		const res = await maria.post(`/team/coaching/${southItem.id}/${act}`, fields);
		assert.equal(res.status, 404, `POST ${act} on South item ${southItem.id}`);
	}
	assert.equal((await maria.post('/team/coaching/999999/done', {})).status, 404, 'an unknown item');
	assert.deepEqual(itemsTable(), before, 'coaching_items unchanged');
	assert.equal(gw.count('audit_log', `subject = 'coaching:${southItem.id}'`), 0);
});

test('adding items: about a rep of the team; not about a South rep or deal; bad input keeps what was typed', async () => {
	const maria = await as('maria');
	const ravi = userId('ravi');
	const deal = dealOf('ravi');
	// A good one, on a deal.
	const id = await addItem('ravi', 'Practise the first call opener', deal.id);
	const row = item(id);
	assert.equal(row.team_id, NORTH);
	assert.equal(row.rep_id, ravi);
	assert.equal(row.deal_id, deal.id);
	assert.equal(row.rule, 0);
	assert.equal(row.created_by, userId('maria'));
	assert.equal(row.status, 'open');
	assert.equal(row.early, 1, 'an early deal makes an early item');
	let page = await get200(maria, '/team/coaching');
	assert.match(page.body, /Added to your coaching list\./);
	assert.ok(itemHtml(page.body, id)?.includes('Practise the first call opener'));

	const before = gw.count('coaching_items');
	const kofi = userId('kofi');
	const southDeal = dealOf('kofi');
	const bad = [
		[{ rep_id: String(kofi), deal_id: '', reason: 'About a South rep' }, 'rep_id'],
		[{ rep_id: String(ravi), deal_id: String(southDeal.id), reason: 'On a South deal' }, 'deal_id'],
		[{ rep_id: String(kofi), deal_id: String(southDeal.id), reason: 'South rep and deal' }, 'deal_id'],
		[{ rep_id: String(ravi), deal_id: String(dealOf('lena').id), reason: "Lena's deal for Ravi" }, 'deal_id'],
		[{ rep_id: String(userId('maria')), deal_id: '', reason: 'About the manager' }, 'rep_id'],
		[{ rep_id: String(ravi), deal_id: '', reason: '' }, 'reason'],
		[{ rep_id: '', deal_id: '', reason: 'No rep' }, 'rep_id'],
		[{ rep_id: String(ravi), deal_id: 'abc', reason: 'Deal not a number' }, 'deal_id'],
		[{ rep_id: String(ravi), deal_id: '', reason: 'r'.repeat(301) }, 'reason'],
	];
	for (const [fields, field] of bad) {
		const res = await maria.post('/team/coaching', fields);
		assert.ok(res.status === 422 || res.status === 404, `${JSON.stringify(fields).slice(0, 80)} answered ${res.status}`);
		assert.equal(gw.count('coaching_items'), before, `nothing added for ${JSON.stringify(fields).slice(0, 80)}`);
		if (res.status !== 422) continue;
		const form = formHtml(res.body, '/team/coaching#add');
		assert.ok(form, 'the add form is on the 422 page');
		assert.equal(inputValue(form, 'reason'), fields.reason, 'the reason is kept');
		assert.equal(inputValue(form, 'deal_id'), fields.deal_id, 'the deal number is kept');
		assert.match(form, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), `${field} is marked invalid`);
		assert.match(res.body, /Nothing was added\./);
		// A rep of the team stays chosen.
		if (fields.rep_id === String(ravi)) assert.equal(selectedOption(form, 'rep_id'), String(ravi));
		// No South rep is ever offered.
		for (const who of SOUTH_REPS) assert.ok(!form.includes(`value="${userId(who)}"`), `${who} not offered`);
	}
});

// --- sessions -------------------------------------------------------------

test('a rep cannot log sessions nor open the manager pages (404, nothing added)', async () => {
	const ravi = await as('ravi');
	const before = gw.count('coaching_sessions');
	const res = await ravi.post('/team/sessions/new', {
		rep_id: String(userId('ravi')), deal_id: '', minutes: '30', kind: 'deal_review', notes: 'self-coaching',
	});
	assert.equal(res.status, 404);
	assert.equal(gw.count('coaching_sessions'), before);
	const itemsBefore = gw.count('coaching_items');
	assert.equal((await ravi.post('/team/coaching', { rep_id: String(userId('ravi')), reason: 'me' })).status, 404);
	const anyItem = liveItems(NORTH)[0];
	assert.equal((await ravi.post(`/team/coaching/${anyItem.id}/done`, { note: 'x' })).status, 404);
	assert.equal(gw.count('coaching_items'), itemsBefore);
	assert.equal(item(anyItem.id).status, anyItem.status);
	for (const url of ['/team/coaching', '/team/time']) assert.equal((await ravi.get(url)).status, 404);
	const admin = await as('admin');
	assert.equal((await admin.post('/team/sessions/new', { rep_id: String(userId('ravi')), minutes: '30', kind: 'other' })).status, 404);
	assert.equal(gw.count('coaching_sessions'), before);
});

test('Maria cannot log a session with a South rep or on a South deal (422, nothing added)', async () => {
	const maria = await as('maria');
	await get200(maria, '/team/sessions/new');
	const before = gw.count('coaching_sessions');
	const cases = [
		{ rep_id: String(userId('kofi')), deal_id: '' },
		{ rep_id: String(userId('kofi')), deal_id: String(dealOf('kofi').id) },
		{ rep_id: String(userId('ravi')), deal_id: String(dealOf('kofi').id) },
		{ rep_id: String(userId('ravi')), deal_id: String(dealOf('lena').id) },
		{ rep_id: String(userId('ravi')), deal_id: '999999' },
		{ rep_id: String(userId('sam')), deal_id: '' },
	];
	for (const c of cases) {
		const res = await maria.post('/team/sessions/new', { ...c, minutes: '25', kind: 'joint_call', notes: 'cross-team' });
		assert.equal(res.status, 422, `${JSON.stringify(c)} answered ${res.status}`);
		assert.equal(gw.count('coaching_sessions'), before, `nothing added for ${JSON.stringify(c)}`);
		assert.match(res.body, /The session was not logged\./);
		assert.equal(inputValue(res.body, 'minutes'), '25');
		assert.equal(inputValue(res.body, 'deal_id'), c.deal_id);
		assert.equal(selectedOption(res.body, 'kind'), 'joint_call');
		for (const who of SOUTH_REPS) assert.ok(!res.body.includes(`<option value="${userId(who)}"`), `${who} not offered`);
	}
});

test('bad session input is refused with everything typed kept and nothing saved', async () => {
	const maria = await as('maria');
	await get200(maria, '/team/sessions/new');
	const ravi = String(userId('ravi'));
	const deal = String(dealOf('ravi').id);
	const good = { rep_id: ravi, deal_id: deal, minutes: '45', kind: 'role_play', notes: 'Typed notes <kept> & "quoted"', private: '1' };
	const before = gw.count('coaching_sessions');
	const cases = [
		[{ minutes: '0' }, 'minutes'],
		[{ minutes: '481' }, 'minutes'],
		[{ minutes: 'abc' }, 'minutes'],
		[{ minutes: '' }, 'minutes'],
		[{ minutes: '-5' }, 'minutes'],
		[{ minutes: '30.5' }, 'minutes'],
		[{ kind: 'coffee' }, 'kind'],
		[{ rep_id: '', deal_id: '' }, 'rep_id'],
		[{ notes: 'w'.repeat(1001) }, 'notes'],
		[{ deal_id: 'abc' }, 'deal_id'],
		[{ private: 'on' }, 'private'],
	];
	for (const [change, field] of cases) {
		const fields = { ...good, ...change };
		const res = await maria.post('/team/sessions/new', fields);
		const what = `${JSON.stringify(change).slice(0, 60)}`;
		assert.equal(res.status, 422, `${what} answered ${res.status}`);
		assert.equal(gw.count('coaching_sessions'), before, `nothing saved for ${what}`);
		assert.match(res.body, /The session was not logged\./, what);
		if (field !== 'private') assert.match(res.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), `${field} marked invalid for ${what}`);
		assert.equal(inputValue(res.body, 'minutes'), fields.minutes, `minutes kept for ${what}`);
		assert.equal(inputValue(res.body, 'deal_id'), fields.deal_id, `deal kept for ${what}`);
		const notes = res.body.match(/<textarea id="f-notes"[^>]*>([\s\S]*?)<\/textarea>/);
		assert.equal(htmlUnescape(notes[1]), fields.notes, `notes kept for ${what}`);
		assert.equal(selectedOption(res.body, 'rep_id'), fields.rep_id || null, `rep kept for ${what}`);
		if (field !== 'kind') assert.equal(selectedOption(res.body, 'kind'), fields.kind, `kind kept for ${what}`);
		if (fields.private === '1') assert.match(res.body, /name="private" value="1" checked/, `private kept for ${what}`);
	}
});

test('"log a session on it" on the list opens the form with the deal and its rep, and the form as shown logs it', async () => {
	const maria = await as('maria');
	const list = (await get200(maria, '/team/coaching')).body;
	const links = [...list.matchAll(/<a href="(\/team\/sessions\/new\?[^"]*)">log a session on it<\/a>/g)]
		.map((m) => htmlUnescape(m[1]));
	assert.ok(links.length > 0, 'the list links sessions to its deals');
	for (const url of links.slice(0, 3)) {
		const dealId = Number(new URL(url, 'http://x').searchParams.get('deal'));
		const owner = gw.sqlValue(`SELECT owner_id FROM deals WHERE id = ${dealId}`);
		const form = (await get200(maria, url)).body;
		assert.equal(selectedOption(form, 'rep_id'), String(owner), `${url}: the deal's rep is chosen`);
		assert.equal(inputValue(form, 'deal_id'), String(dealId), `${url}: the deal is filled in`);
		// Send what the form shows, as a browser would.
		const fields = {
			rep_id: selectedOption(form, 'rep_id') ?? '',
			deal_id: inputValue(form, 'deal_id'),
			minutes: inputValue(form, 'minutes'),
			kind: selectedOption(form, 'kind'),
			notes: '',
		};
		const before = gw.count('coaching_sessions');
		const res = await maria.post('/team/sessions/new', fields);
		assert.equal(res.status, 303, `${url}: the session form as shown answered ${res.status}`);
		assert.equal(gw.count('coaching_sessions'), before + 1);
		const s = gw.sql('SELECT * FROM coaching_sessions ORDER BY id DESC LIMIT 1')[0];
		assert.deepEqual([s.deal_id, s.rep_id, s.team_id], [dealId, owner, NORTH]);
	}
});

test('a session given only a deal number is the deal\'s rep\'s; another rep is refused with the owner named', async () => {
	const maria = await as('maria');
	const deal = dealOf('lena');
	// A link that carries only the deal still chooses its rep.
	const form = (await get200(maria, `/team/sessions/new?deal=${deal.id}`)).body;
	assert.equal(selectedOption(form, 'rep_id'), String(userId('lena')));
	let before = gw.count('coaching_sessions');
	let res = await maria.post('/team/sessions/new', { rep_id: '', deal_id: String(deal.id), minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 303, `no rep, a deal: ${res.status}`);
	const s = gw.sql('SELECT * FROM coaching_sessions ORDER BY id DESC LIMIT 1')[0];
	assert.deepEqual([s.deal_id, s.rep_id, s.stage_id], [deal.id, userId('lena'), deal.stage_id]);
	// A rep of the team who does not own the deal: refused, all kept.
	before = gw.count('coaching_sessions');
	res = await maria.post('/team/sessions/new', { rep_id: String(userId('ravi')), deal_id: String(deal.id), minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 422);
	assert.match(res.body, new RegExp(`id="e-deal_id">[^<]*${userName('lena')}`), 'the message names the deal\'s rep');
	assert.equal(selectedOption(res.body, 'rep_id'), String(userId('ravi')));
	assert.equal(inputValue(res.body, 'deal_id'), String(deal.id));
	assert.equal(gw.count('coaching_sessions'), before);
	// Neither a rep nor a deal: the rep is asked for.
	res = await maria.post('/team/sessions/new', { rep_id: '', deal_id: '', minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-rep_id">/);
	assert.equal(gw.count('coaching_sessions'), before);
	// A deal of another team does not lend its rep.
	res = await maria.post('/team/sessions/new', { rep_id: '', deal_id: String(dealOf('kofi').id), minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-deal_id">/);
	assert.ok(!res.body.includes(userName('kofi')), 'nothing about the South rep');
	assert.equal(gw.count('coaching_sessions'), before);
});

test('a session on an early deal is stamped with its stage, which later moves do not change', async () => {
	const maria = await as('maria');
	const ravi = await as('ravi');
	const deal = dealOf('ravi');
	const next = gw.sql(`SELECT id FROM stages WHERE position > ${deal.position} ORDER BY position LIMIT 1`)[0];
	await get200(maria, '/team/sessions/new');
	const res = await maria.post('/team/sessions/new', {
		rep_id: String(userId('ravi')), deal_id: String(deal.id), minutes: '35', kind: 'deal_review', notes: 'Stamp me',
	});
	assert.equal(res.status, 303);
	assert.equal(res.location, '/team/time');
	const s = gw.sql(`SELECT * FROM coaching_sessions WHERE notes = 'Stamp me'`)[0];
	assert.equal(s.team_id, NORTH);
	assert.equal(s.manager_id, userId('maria'));
	assert.equal(s.rep_id, userId('ravi'));
	assert.equal(s.deal_id, deal.id);
	assert.equal(s.stage_id, deal.stage_id);
	assert.equal(s.early, 1);
	assert.equal(s.minutes, 35);
	assert.equal(s.kind, 'deal_review');
	assert.equal(s.private, 0);
	// Ravi moves the deal on.
	await get200(ravi, `/deals/${deal.id}`);
	const mv = await ravi.post(`/deals/${deal.id}/move`, { to_stage_id: String(next.id), note: 'Moved after coaching' });
	assert.equal(mv.status, 303, `the move answered ${mv.status}`);
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${deal.id}`), next.id);
	const after = gw.sql(`SELECT * FROM coaching_sessions WHERE id = ${s.id}`)[0];
	assert.equal(after.stage_id, deal.stage_id, 'the stamp stays');
	assert.equal(after.early, 1);
	// The session list shows the stage of the stamp.
	const stageName = gw.sqlValue(`SELECT name FROM stages WHERE id = ${deal.stage_id}`);
	const time = await get200(maria, '/team/time');
	assert.ok(time.body.includes(`(${stageName})`), 'the meter page names the stamped stage');
});

test('private notes: a private session note or done note is Maria\'s only; others reach the rep', async () => {
	const maria = await as('maria');
	const raviC = await as('ravi');
	await get200(maria, '/team/sessions/new');
	let res = await maria.post('/team/sessions/new', {
		rep_id: String(userId('ravi')), deal_id: '', minutes: '15', kind: 'one_to_one', notes: 'Private thought', private: '1',
	});
	assert.equal(res.status, 303);
	res = await maria.post('/team/sessions/new', {
		rep_id: String(userId('ravi')), deal_id: '', minutes: '10', kind: 'other', notes: 'Shared encouragement',
	});
	assert.equal(res.status, 303);
	const priv = gw.sql(`SELECT * FROM coaching_sessions WHERE notes = 'Private thought'`)[0];
	assert.equal(priv.private, 1);
	assert.equal(priv.deal_id, null);
	assert.equal(priv.stage_id, null);

	// Done notes: one private, one not.
	const a = await addItem('ravi', 'Private-note item');
	const b = await addItem('ravi', 'Shared-note item');
	assert.equal((await maria.post(`/team/coaching/${a}/done`, { note: 'Secret done note', private: '1' })).status, 303);
	assert.equal((await maria.post(`/team/coaching/${b}/done`, { note: 'Shared done note' })).status, 303);
	assert.equal(item(a).private, 1);
	assert.equal(item(b).private, 0);

	const mine = await get200(raviC, '/coaching');
	assert.ok(!mine.body.includes('Private thought'), 'the private session note is hidden from Ravi');
	assert.ok(!mine.body.includes('Secret done note'), 'the private done note is hidden from Ravi');
	assert.ok(mine.body.includes('Shared encouragement'), 'a shared session note reaches Ravi');
	assert.ok(mine.body.includes('Shared done note'), 'a shared done note reaches Ravi');
	assert.ok(mine.body.includes('Private-note item'), 'the item itself is listed for Ravi');
	assert.ok(!mine.body.includes('(private)'));

	const time = await get200(maria, '/team/time');
	assert.ok(time.body.includes('Private thought'), 'Maria sees her private note on /team/time');
	assert.match(time.body, /Private thought \(private\)/);
	const list = await get200(maria, '/team/coaching');
	assert.match(list.body, /Secret done note \(private\)/);

	// Another rep sees none of Ravi's.
	const lena = await get200(await as('lena'), '/coaching');
	for (const t of ['Private thought', 'Shared encouragement', 'Shared done note', 'Private-note item'])
		assert.ok(!lena.body.includes(t), `Lena does not see "${t}"`);
});

test('the meter: this week\'s early minutes grow by exactly a new early session; untied ones go to "No deal"', async () => {
	const maria = await as('maria');
	const before = meterRows((await get200(maria, '/team/time')).body);
	const deal = gw.sql(`SELECT d.id, d.owner_id FROM deals d JOIN stages s ON s.id = d.stage_id
		WHERE d.team_id = ${NORTH} AND d.status = 'open' AND s.early = 1 ORDER BY d.id DESC LIMIT 1`)[0];
	await get200(maria, '/team/sessions/new');
	let res = await maria.post('/team/sessions/new', {
		rep_id: String(deal.owner_id), deal_id: String(deal.id), minutes: '37', kind: 'joint_call', notes: '',
	});
	assert.equal(res.status, 303);
	let page = await get200(maria, '/team/time');
	assert.match(page.body, /Coaching session logged\./);
	let rows = meterRows(page.body);
	const last = rows.length - 1;
	assert.equal(rows[last].early, before[last].early + 37, 'early grew by 37');
	assert.equal(rows[last].late, before[last].late, 'later unchanged');
	assert.equal(rows[last].untied, before[last].untied, 'no-deal unchanged');
	assert.deepEqual(rows.slice(0, last), before.slice(0, last), 'earlier weeks unchanged');
	const e = rows[last].early;
	const l = rows[last].late;
	assert.equal(rows[last].share, `${Math.round((100 * e) / (e + l))}% · ${e} of ${e + l}`);

	// A late deal counts as "Later"; no deal as "No deal".
	const late = gw.sql(`SELECT d.id, d.owner_id FROM deals d JOIN stages s ON s.id = d.stage_id
		WHERE d.team_id = ${NORTH} AND d.status = 'open' AND s.early = 0 ORDER BY d.id LIMIT 1`)[0];
	if (late) {
		res = await maria.post('/team/sessions/new', { rep_id: String(late.owner_id), deal_id: String(late.id), minutes: '11', kind: 'deal_review' });
		assert.equal(res.status, 303);
	}
	res = await maria.post('/team/sessions/new', { rep_id: String(userId('tom')), deal_id: '', minutes: '7', kind: 'one_to_one' });
	assert.equal(res.status, 303);
	rows = meterRows((await get200(maria, '/team/time')).body);
	assert.equal(rows[last].early, before[last].early + 37);
	assert.equal(rows[last].late, before[last].late + (late ? 11 : 0));
	assert.equal(rows[last].untied, before[last].untied + 7);
	// The table agrees with the database.
	const sums = gw.sql(`SELECT COALESCE(sum(CASE WHEN deal_id IS NOT NULL AND early THEN minutes END), 0) AS early,
		COALESCE(sum(CASE WHEN deal_id IS NOT NULL AND NOT early THEN minutes END), 0) AS late,
		COALESCE(sum(CASE WHEN deal_id IS NULL THEN minutes END), 0) AS untied
		FROM coaching_sessions WHERE team_id = ${NORTH} AND (at + 259200) / 604800 = (strftime('%s','now') + 259200) / 604800`)[0];
	assert.deepEqual({ early: rows[last].early, late: rows[last].late, untied: rows[last].untied }, sums);
	// Sam's meter does not move with Maria's sessions.
	const sam = meterRows((await get200(await as('sam'), '/team/time')).body);
	const southSums = gw.sql(`SELECT COALESCE(sum(minutes), 0) AS n FROM coaching_sessions
		WHERE team_id = ${SOUTH} AND (at + 259200) / 604800 = (strftime('%s','now') + 259200) / 604800`)[0].n;
	assert.equal(sam[last].early + sam[last].late + sam[last].untied, southSums);
});

test('the target mix is the team manager\'s to set: bad values keep what was typed, a good one moves the meter\'s target', async () => {
	const maria = await gw.login('maria@example.com');
	const before = gw.sqlValue("SELECT early_target FROM teams WHERE name = 'North'");
	await maria.get('/team/time');
	for (const bad of ['101', '-5', 'half', '']) {
		const res = await maria.post('/team/time', { early_target: bad });
		assert.equal(res.status, 422, `target ${JSON.stringify(bad)}`);
		assert.match(res.body, /id="e-early_target"/);
		assert.match(res.body, new RegExp(`name="early_target"[^>]*value="${bad}"`));
		assert.equal(gw.sqlValue("SELECT early_target FROM teams WHERE name = 'North'"), before);
	}
	const res = await maria.post('/team/time', { early_target: '65' });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue("SELECT early_target FROM teams WHERE name = 'North'"), 65);
	assert.equal(gw.sqlValue("SELECT early_target FROM teams WHERE name = 'South'"), 50, 'South is untouched');
	const page = await maria.get('/team/time');
	assert.match(page.body, /the target is at least 65%/);
	// A rep cannot set it.
	const ravi = await gw.login('ravi@example.com');
	assert.equal((await ravi.post('/team/time', { early_target: '10' })).status, 404);
	assert.equal(gw.sqlValue("SELECT early_target FROM teams WHERE name = 'North'"), 65);
});
