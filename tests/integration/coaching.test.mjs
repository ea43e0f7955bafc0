// The manager's coaching queue (/team/coaching: This week with its
// inline session and Not now forms, All items, the add form, and the
// done / snooze / dismiss actions), the session form
// (/team/sessions/new), the shift-and-lift meter and follow-through
// (/team/time) and a rep's own view (/coaching), through the real app
// and nginx, checked against coaching_items and coaching_sessions.
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

/** The <li class="coach-item"> of item id (its first on the page), or null. */
function itemHtml(html, id) {
	const m = html.match(new RegExp(`<li class="coach-item[^"]*" data-item="${id}">[\\s\\S]*?</li>`));
	return m ? m[0] : null;
}

/** The This week part of the page. */
function thisWeek(html) {
	const m = html.match(/<section class="card" id="this-week">([\s\S]*?)<\/section>/);
	assert.ok(m, 'the page has This week');
	return m[1];
}

/** The item ids in This week, in order. */
const topIds = (html) => [...thisWeek(html).matchAll(/data-item="(\d+)"/g)].map((m) => Number(m[1]));

/** What the database holds about coaching, to compare before and after. */
const coachingState = () => JSON.stringify([
	gw.sql('SELECT * FROM coaching_items ORDER BY id'),
	gw.sql('SELECT * FROM coaching_sessions ORDER BY id'),
	gw.sql('SELECT * FROM coaching_weeks ORDER BY team_id, week, item_id'),
	gw.sql('SELECT id, coach_top, early_target FROM teams ORDER BY id'),
]);

/** The closed-history section's HTML. */
function closedHtml(html) {
	const i = html.indexOf('<h2>Closed lately</h2>');
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

test('opening the queue, the rep view, the meter or the session form writes nothing', async () => {
	const maria = await as('maria');
	const before = coachingState();
	const changes = gw.sqlValue('SELECT count(*) FROM audit_log');
	for (const url of ['/team/coaching', '/team/coaching?all=1&page=2', '/team/time', '/team/sessions/new?rep=' + userId('ravi')])
		await get200(maria, url);
	await get200(await as('ravi'), '/coaching');
	assert.equal(coachingState(), before, 'no coaching row changed');
	assert.equal(gw.sqlValue('SELECT count(*) FROM audit_log'), changes);
	const dup = gw.sql(`SELECT team_id, subject, count(*) AS n FROM coaching_items
		WHERE status IN ('open', 'snoozed') GROUP BY team_id, subject HAVING n > 1`);
	assert.deepEqual(dup, [], 'one live item per subject');
	const perDeal = gw.sql(`SELECT deal_id, count(*) AS n FROM coaching_items
		WHERE status IN ('open', 'snoozed') AND deal_id IS NOT NULL AND rule > 0 GROUP BY deal_id HAVING n > 1`);
	assert.deepEqual(perDeal, [], 'one live item per deal');
});

test('This week: the top five by urgency, each with why it is first and its two actions', async () => {
	const maria = await as('maria');
	const page = await get200(maria, '/team/coaching');
	const ids = topIds(page.body);
	const reps = (thisWeek(page.body).match(/action="\/team\/coaching\/reps\/\d+\/session"/g) ?? []).length;
	assert.equal(ids.length + reps, 5, 'five items this week');
	const now = Math.floor(Date.now() / 1000);
	const expected = gw.sql(`SELECT id FROM coaching_items WHERE team_id = ${NORTH} AND status = 'open'
		AND active_at <= ${now} ORDER BY urgency DESC, id LIMIT ${ids.length}`).map((r) => r.id);
	assert.deepEqual(ids, expected.slice(0, ids.length), 'the deal items are the most urgent, in order');
	const actions = new Set(parseForms(thisWeek(page.body)).map((f) => f.action));
	for (const id of ids) {
		const li = itemHtml(page.body, id);
		assert.match(li, /Why first: [^<]*= \d+/, `item ${id} says why it is first`);
		for (const act of ['session', 'snooze', 'dismiss'])
			assert.ok(actions.has(`/team/coaching/${id}/${act}`), `item ${id} has a ${act} form`);
		assert.ok(!li.includes('/done'), 'no third action');
	}
	assert.match(page.body, /All items \((\d+)\)/);
	const all = Number(page.body.match(/All items \((\d+)\)/)[1]);
	assert.ok(all >= 5, 'All items counts the rest');
	// The manager chooses how many: 3, then back to 5; a bad value is refused with it kept.
	let res = await maria.post('/team/coaching/top', { top: '3' });
	assert.equal(res.status, 303);
	let three = await get200(maria, '/team/coaching');
	assert.equal(topIds(three.body).length + (thisWeek(three.body).match(/reps\/\d+\/session/g) ?? []).length, 3);
	res = await maria.post('/team/coaching/top', { top: '50' });
	assert.equal(res.status, 422);
	assert.equal(inputValue(formHtml(res.body, '/team/coaching/top'), 'top'), '50');
	assert.equal(gw.sqlValue(`SELECT coach_top FROM teams WHERE id = ${NORTH}`), 3);
	assert.equal((await maria.post('/team/coaching/top', { top: '5' })).status, 303);
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

test('a session with a note closes the item as done: status, closed_by, off the queue, into the history; there is no done without a session', async () => {
	const maria = await as('maria');
	const id = await addItem('ravi', 'Done with a note');
	const res = await maria.post(`/team/coaching/${id}/session`, { minutes: '15', kind: 'one_to_one', notes: 'Walked through the discovery questions' });
	assert.equal(res.status, 303);
	assert.equal(res.location, '/team/coaching');
	const row = item(id);
	assert.equal(row.status, 'done');
	assert.equal(row.closed_by, userId('maria'));
	assert.ok(row.closed_at > 0);
	assert.equal(row.close_note, 'Walked through the discovery questions');
	const page = await get200(maria, '/team/coaching?all=1');
	assert.ok(!page.body.includes(`data-item="${id}"`), 'off the queue');
	const closed = htmlUnescape(closedHtml(page.body));
	assert.ok(closed.includes('Walked through the discovery questions'), 'the note is in the history');
	assert.ok(closed.includes('Done with a note'), 'the reason is in the history');
	assert.equal(gw.count('audit_log', `action = 'coaching-session' AND subject = 'coaching:${id}'`), 1);
	const other = await addItem('ravi', 'No done without a session');
	const done = await maria.post(`/team/coaching/${other}/done`, { note: 'done' });
	assert.equal(done.status, 404, 'the old done action is gone');
	assert.equal(item(other).status, 'open');
});
test('a session logged from This week closes the item in the same transaction; on a closed item both are refused', async () => {
	const maria = await as('maria');
	const page = await get200(maria, '/team/coaching');
	const id = topIds(page.body)[0];
	const it = item(id);
	const sessions = gw.count('coaching_sessions');
	const res = await maria.post(`/team/coaching/${id}/session`, { minutes: '25', kind: 'deal_review', on: day(0), notes: 'Went through it' });
	assert.equal(res.status, 303);
	assert.equal(gw.count('coaching_sessions'), sessions + 1);
	const s = gw.sql('SELECT * FROM coaching_sessions ORDER BY id DESC LIMIT 1')[0];
	assert.deepEqual([s.item_id, s.rep_id, s.deal_id, s.team_id, s.minutes], [id, it.rep_id, it.deal_id, NORTH, 25]);
	assert.equal(item(id).status, 'done');
	assert.equal(item(id).closed_by, userId('maria'));
	const after = await get200(maria, '/team/coaching');
	assert.ok(!topIds(after.body).includes(id), 'it left This week');
	assert.match(after.body, /Session logged; the item is done\./);
	// Again on the closed item: 404, and no session either (rolled back).
	const before = coachingState();
	const again = await maria.post(`/team/coaching/${id}/session`, { minutes: '25', kind: 'deal_review', on: day(0) });
	assert.equal(again.status, 404);
	assert.equal(coachingState(), before, 'neither a session nor a change to the item');
});

test('a rep-level item (low inflow, no early job-aid) is one per rep; a session on it makes its row, closes it and keeps it away', async () => {
	const maria = await as('maria');
	const page = (await get200(maria, '/team/coaching?all=1')).body;
	const reps = [...page.matchAll(/action="\/team\/coaching\/reps\/(\d+)\/session"/g)].map((m) => Number(m[1]));
	assert.ok(reps.length > 0, 'a rep item on All items');
	assert.equal(new Set(reps).size, reps.length, 'one item per rep');
	const rep = reps[0];
	const sessions = gw.count('coaching_sessions');
	const res = await maria.post(`/team/coaching/reps/${rep}/session`, { minutes: '30', kind: 'one_to_one', on: day(0), notes: 'Pipeline building' });
	assert.equal(res.status, 303);
	const row = gw.sql(`SELECT * FROM coaching_items WHERE subject = 'rep:${rep}' ORDER BY id DESC LIMIT 1`)[0];
	assert.equal(row.status, 'done');
	assert.equal(row.team_id, NORTH);
	assert.ok(row.causes & ((1 << 5) | (1 << 6)), 'low inflow or no early job-aid');
	assert.equal(gw.count('coaching_sessions'), sessions + 1);
	const s = gw.sql('SELECT * FROM coaching_sessions ORDER BY id DESC LIMIT 1')[0];
	assert.deepEqual([s.item_id, s.rep_id, s.deal_id], [row.id, rep, null]);
	const after = (await get200(maria, '/team/coaching?all=1')).body;
	assert.ok(!after.includes(`/team/coaching/reps/${rep}/session`), 'its causes stay away once worked');
	assert.equal(gw.count('coaching_items', `subject = 'rep:${rep}' AND status IN ('open', 'snoozed')`), 0);
});

test('a session back-dates up to 14 days; later, earlier or malformed dates are refused with what was typed kept', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Back-dating');
	for (const on of [day(1), day(-15), '2026-13-01', 'yesterday']) {
		const before = coachingState();
		const res = await maria.post(`/team/coaching/${id}/session`, { minutes: '20', kind: 'role_play', on, notes: 'kept note' });
		assert.equal(res.status, 422, `on ${on}`);
		assert.equal(coachingState(), before, `nothing saved for ${on}`);
		const form = formHtml(res.body, `/team/coaching/${id}/session`);
		assert.ok(form, 'the item and its form are on the page');
		assert.equal(inputValue(form, 'on'), on);
		assert.equal(inputValue(form, 'notes'), 'kept note');
		assert.equal(selectedOption(form, 'kind'), 'role_play');
		assert.match(form, /id="f-on-\d+"[^>]*aria-invalid="true"/);
	}
	const res = await maria.post(`/team/coaching/${id}/session`, { minutes: '20', kind: 'role_play', on: day(-14) });
	assert.equal(res.status, 303);
	const s = gw.sql('SELECT * FROM coaching_sessions ORDER BY id DESC LIMIT 1')[0];
	const days = Math.round((Date.now() / 1000 - s.at) / DAY);
	assert.equal(days, 14, 'stamped 14 days back');
	assert.equal(item(id).status, 'done');
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

test('Not now: snooze a week takes the item off the queue until that day; once the date passes it is back', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze me properly');
	const mine = `/team/coaching?all=1&rep=${userId('lena')}&cause=0`;
	const page = await get200(maria, mine);
	const form = formHtml(page.body, `/team/coaching/${id}/snooze`);
	assert.equal(inputValue(form, 'until'), day(7), 'a week from today');
	let res = await maria.post(`/team/coaching/${id}/snooze`, { until: day(7) });
	assert.equal(res.status, 303);
	assert.equal(item(id).status, 'snoozed');
	assert.equal(item(id).snooze_until, day(7));
	let after = await get200(maria, mine);
	assert.match(after.body, /Snoozed; it comes back on that day\./);
	assert.ok(!after.body.includes(`data-item="${id}"`), 'off the queue');
	gw.sql(`UPDATE coaching_items SET snooze_until = ${sqlq(day(-1))} WHERE id = ${id}`);
	after = await get200(maria, mine);
	assert.ok(after.body.includes(`data-item="${id}"`), 'back on the queue');
	assert.equal(item(id).status, 'snoozed', 'and opening the page wrote nothing');
});

test('the snooze 422 shows its error on the item and opens its Not now (the form is not lost)', async () => {
	const maria = await as('maria');
	const id = await addItem('lena', 'Snooze error display');
	const res = await maria.post(`/team/coaching/${id}/snooze`, { until: day(0) });
	assert.equal(res.status, 422);
	const li = itemHtml(res.body, id);
	assert.ok(li, 'the item is on the 422 page');
	assert.match(li, /role="alert"/);
	assert.match(li, /<details class="coach-actions" open>\s*<summary>Not now/);
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

test('a session note over 1000 characters or a bad private flag: 422, nothing changed', async () => {
	const maria = await as('maria');
	const id = await addItem('tom', 'Long note item');
	const before = coachingState();
	let res = await maria.post(`/team/coaching/${id}/session`, { minutes: '10', kind: 'other', notes: 'n'.repeat(1001) });
	assert.equal(res.status, 422);
	res = await maria.post(`/team/coaching/${id}/session`, { minutes: '10', kind: 'other', notes: 'ok', private: 'yes' });
	assert.equal(res.status, 422);
	assert.equal(coachingState(), before);
});
test('a refused dismiss keeps what was typed in that item\'s form', async () => {
	const maria = await as('maria');
	const id = await addItem('tom', 'Keep my typing');
	const res = await maria.post(`/team/coaching/${id}/dismiss`, { reason: 'x'.repeat(301) });
	assert.equal(res.status, 422);
	assert.equal(inputValue(formHtml(res.body, `/team/coaching/${id}/dismiss`), 'reason'), 'x'.repeat(301), 'the typed reason is kept');
	const s = await maria.post(`/team/coaching/${id}/session`, { minutes: '999', kind: 'joint_call', notes: 'typed', private: '1' });
	assert.equal(s.status, 422);
	const form = formHtml(s.body, `/team/coaching/${id}/session`);
	assert.equal(inputValue(form, 'minutes'), '999');
	assert.equal(inputValue(form, 'notes'), 'typed');
	assert.match(form, /name="private" value="1" checked/, 'the private box stays ticked');
	assert.equal(item(id).status, 'open');
});

test('Maria cannot act on a South item or South rep: 404 and the database unchanged', async () => {
	const southItem = liveItems(SOUTH)[0];
	assert.ok(southItem);
	const maria = await as('maria');
	await get200(maria, '/team/coaching');
	const before = coachingState();
	for (const [act, fields] of [['snooze', { until: day(3) }], ['dismiss', { reason: 'not yours' }],
		['session', { minutes: '30', kind: 'deal_review', on: day(0) }]]) {
		const res = await maria.post(`/team/coaching/${southItem.id}/${act}`, fields);
		assert.equal(res.status, 404, `POST ${act} on South item ${southItem.id}`);
		const rep = await maria.post(`/team/coaching/reps/${userId('kofi')}/${act}`, fields);
		assert.equal(rep.status, 404, `POST ${act} on a South rep's item`);
	}
	assert.equal((await maria.post('/team/coaching/999999/session', { minutes: '5', kind: 'other' })).status, 404, 'an unknown item');
	assert.equal(coachingState(), before, 'coaching unchanged');
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
	let page = await get200(maria, `/team/coaching?all=1&rep=${ravi}&cause=0`);
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
	assert.equal((await ravi.post(`/team/coaching/${anyItem.id}/session`, { minutes: '5', kind: 'other' })).status, 404);
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
		for (const who of SOUTH_REPS) assert.ok(!res.body.includes(`<option value="${userId(who)}"`), `${who} not offered`);
		assert.ok(!res.body.includes(userName('kofi')), 'nothing about the South rep');
	}
});

test('the deal picker offers exactly the chosen rep\'s open deals of the team, by company', async () => {
	const maria = await as('maria');
	const ravi = userId('ravi');
	const form = (await get200(maria, `/team/sessions/new?rep=${ravi}`)).body;
	const offered = [...form.matchAll(/<option value="(\d+)"[^>]*>([^<]*) \(/g)].map((m) => Number(m[1]));
	const open = gw.sql(`SELECT id FROM deals WHERE owner_id = ${ravi} AND status = 'open' AND team_id = ${NORTH}
		ORDER BY company COLLATE NOCASE, id LIMIT 200`).map((r) => r.id);
	assert.ok(open.length > 0);
	assert.deepEqual(offered, open, 'the open deals of Ravi, by company');
	const closed = gw.sql(`SELECT id FROM deals WHERE owner_id = ${ravi} AND status != 'open'`).map((r) => r.id);
	for (const id of closed) assert.ok(!offered.includes(id), `closed deal ${id} not offered`);
	// A company prefix narrows; LIKE's wildcards are taken literally.
	const company = gw.sqlValue(`SELECT company FROM deals WHERE id = ${open[0]}`);
	const narrowed = (await get200(maria, `/team/sessions/new?rep=${ravi}&q=${encodeURIComponent(company.slice(0, 4))}`)).body;
	const some = [...narrowed.matchAll(/<option value="(\d+)"[^>]*>([^<]*) \(/g)].map((m) => htmlUnescape(m[2]));
	assert.ok(some.length > 0 && some.every((c) => c.toLowerCase().startsWith(company.slice(0, 4).toLowerCase())));
	const pct = (await get200(maria, `/team/sessions/new?rep=${ravi}&q=%25`)).body;
	assert.match(pct, /No open deals/);
	// A closed deal of Ravi's is refused.
	if (closed.length) {
		const before = gw.count('coaching_sessions');
		const res = await maria.post('/team/sessions/new', { rep_id: String(ravi), deal_id: String(closed[0]), minutes: '20', kind: 'deal_review', on: day(0) });
		assert.equal(res.status, 422);
		assert.equal(gw.count('coaching_sessions'), before);
	}
	// The date field: today by default, 14 days back at the earliest.
	assert.equal(inputValue(form, 'on'), day(0));
	assert.match(form, new RegExp(`min="${day(-14)}" max="${day(0)}"`));
});

test('bad session input is refused with everything typed kept and nothing saved', async () => {
	const maria = await as('maria');
	await get200(maria, '/team/sessions/new');
	const ravi = String(userId('ravi'));
	const deal = String(dealOf('ravi').id);
	const good = { rep_id: ravi, deal_id: deal, minutes: '45', kind: 'role_play', on: day(-2), notes: 'Typed notes <kept> & "quoted"', private: '1' };
	const before = gw.count('coaching_sessions');
	const cases = [
		[{ minutes: '0' }, 'minutes'],
		[{ minutes: '481' }, 'minutes'],
		[{ minutes: 'abc' }, 'minutes'],
		[{ minutes: '' }, 'minutes'],
		[{ minutes: '-5' }, 'minutes'],
		[{ minutes: '30.5' }, 'minutes'],
		[{ kind: 'coffee' }, 'kind'],
		[{ notes: 'w'.repeat(1001) }, 'notes'],
		[{ on: day(1) }, 'on'],
		[{ on: day(-15) }, 'on'],
		[{ on: 'soon' }, 'on'],
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
		assert.equal(inputValue(res.body, 'on'), fields.on, `date kept for ${what}`);
		assert.equal(selectedOption(res.body, 'deal_id'), fields.deal_id, `deal kept for ${what}`);
		assert.equal(inputValue(res.body, 'rep_id'), fields.rep_id, `rep kept for ${what}`);
		const notes = res.body.match(/<textarea id="f-notes"[^>]*>([\s\S]*?)<\/textarea>/);
		assert.equal(htmlUnescape(notes[1]), fields.notes, `notes kept for ${what}`);
		if (field !== 'kind') assert.equal(selectedOption(res.body, 'kind'), fields.kind, `kind kept for ${what}`);
		if (fields.private === '1') assert.match(res.body, /name="private" value="1" checked/, `private kept for ${what}`);
	}
	// Neither a rep nor a deal: the rep is asked for.
	const res = await maria.post('/team/sessions/new', { rep_id: '', deal_id: '', minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-rep_id">/);
	assert.equal(gw.count('coaching_sessions'), before);
});

test('"Log a session" links (All items, a deal page) open the form with the rep and deal chosen, and the form as shown logs it', async () => {
	const maria = await as('maria');
	const list = (await get200(maria, '/team/coaching?all=1')).body;
	const links = [...list.matchAll(/<a href="(\/team\/sessions\/new\?[^"]*)">session form<\/a>/g)].map((m) => htmlUnescape(m[1]));
	assert.ok(links.length > 0, 'All items links sessions to its deals');
	const deal = dealOf('tom');
	const dealPage = (await get200(maria, `/deals/${deal.id}`)).body;
	assert.ok(dealPage.includes(`/team/sessions/new?rep=${userId('tom')}&amp;deal=${deal.id}`), 'the deal page links to the session form');
	for (const url of [...links.slice(0, 2), `/team/sessions/new?rep=${userId('tom')}&deal=${deal.id}`]) {
		const dealId = Number(new URL(url, 'http://x').searchParams.get('deal'));
		const owner = gw.sqlValue(`SELECT owner_id FROM deals WHERE id = ${dealId}`);
		const form = (await get200(maria, url)).body;
		assert.equal(selectedOption(form, 'rep'), String(owner), `${url}: the deal's rep is chosen`);
		assert.equal(selectedOption(form, 'deal_id'), String(dealId), `${url}: the deal is chosen`);
		const fields = {
			rep_id: inputValue(form, 'rep_id'),
			deal_id: selectedOption(form, 'deal_id'),
			minutes: inputValue(form, 'minutes'),
			kind: selectedOption(form, 'kind'),
			on: inputValue(form, 'on'),
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

test('a session given only a deal is the deal\'s rep\'s; another rep is refused with the owner named', async () => {
	const maria = await as('maria');
	const deal = dealOf('lena');
	const form = (await get200(maria, `/team/sessions/new?deal=${deal.id}`)).body;
	assert.equal(selectedOption(form, 'rep'), String(userId('lena')));
	let before = gw.count('coaching_sessions');
	let res = await maria.post('/team/sessions/new', { rep_id: '', deal_id: String(deal.id), minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 303, `no rep, a deal: ${res.status}`);
	const s = gw.sql('SELECT * FROM coaching_sessions ORDER BY id DESC LIMIT 1')[0];
	assert.deepEqual([s.deal_id, s.rep_id, s.stage_id], [deal.id, userId('lena'), deal.stage_id]);
	before = gw.count('coaching_sessions');
	res = await maria.post('/team/sessions/new', { rep_id: String(userId('ravi')), deal_id: String(deal.id), minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 422);
	assert.match(res.body, new RegExp(`id="e-deal_id">[^<]*${userName('lena')}`), 'the message names the deal\'s rep');
	assert.equal(inputValue(res.body, 'rep_id'), String(userId('ravi')));
	assert.equal(gw.count('coaching_sessions'), before);
	res = await maria.post('/team/sessions/new', { rep_id: '', deal_id: String(dealOf('kofi').id), minutes: '20', kind: 'deal_review' });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-deal_id">/);
	assert.ok(!res.body.includes(userName('kofi')), 'nothing about the South rep');
	assert.equal(gw.count('coaching_sessions'), before);
});

test('All items: filters by rep, stage and cause, and pages', async () => {
	const maria = await as('maria');
	const now = Math.floor(Date.now() / 1000);
	const ids = (html) => [...html.slice(html.indexOf('id="all"')).matchAll(/data-item="(\d+)"/g)].map((m) => Number(m[1]));
	const tom = userId('tom');
	const byRep = ids((await get200(maria, `/team/coaching?all=1&rep=${tom}`)).body);
	assert.ok(byRep.length > 0);
	for (const id of byRep) assert.equal(item(id).rep_id, tom);
	const noStep = ids((await get200(maria, '/team/coaching?all=1&cause=2')).body);
	assert.ok(noStep.length > 0);
	for (const id of noStep) assert.equal(item(id).causes & 4, 4, `item ${id} has no next step`);
	const stage = gw.sqlValue(`SELECT stage_id FROM coaching_items WHERE team_id = ${NORTH} AND stage_id IS NOT NULL AND status = 'open' AND active_at <= ${now} LIMIT 1`);
	for (const id of ids((await get200(maria, `/team/coaching?all=1&stage=${stage}`)).body)) assert.equal(item(id).stage_id, stage);
	const p1 = ids((await get200(maria, '/team/coaching?all=1&page=1')).body);
	const p2 = ids((await get200(maria, '/team/coaching?all=1&page=2')).body);
	assert.equal(p1.length, 25);
	assert.ok(p2.length > 0);
	assert.equal(p1.filter((id) => p2.includes(id)).length, 0, 'pages do not overlap');
	const expected = gw.sql(`SELECT id FROM coaching_items WHERE team_id = ${NORTH} AND status = 'open' AND active_at <= ${now}
		ORDER BY urgency DESC, id LIMIT 25 OFFSET 25`).map((r) => r.id);
	assert.deepEqual(p2, expected);
	for (const bad of ['rep=abc', 'page=-1', 'cause=99', 'stage=x', "rep=1'"])
		assert.equal((await maria.get(`/team/coaching?all=1&${bad}`)).status, 200, bad);
});

test('the rep\'s view speaks to the rep and links each item to its deal; an item Groundwork resolved says so', async () => {
	const maria = await as('maria');
	const raviC = await as('ravi');
	const ravi = userId('ravi');
	const now = Math.floor(Date.now() / 1000);
	const it = gw.sql(`SELECT id, deal_id FROM coaching_items WHERE rep_id = ${ravi} AND deal_id IS NOT NULL AND rule > 0
		AND status = 'open' AND active_at <= ${now} LIMIT 1`)[0];
	const company = gw.sqlValue(`SELECT company FROM deals WHERE id = ${it.deal_id}`);
	let mine = (await get200(raviC, '/coaching')).body;
	assert.ok(htmlUnescape(mine).includes(`Your ${company} deal`), 'the rep reads "Your ... deal"');
	assert.ok(!htmlUnescape(mine).includes(`${userName('ravi')}'s`), 'not their own name');
	assert.ok(mine.includes(`<a href="/deals/${it.deal_id}">Open the deal</a>`));
	// Ravi closes the deal: Groundwork resolves the item, and says so.
	const stage = gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${it.deal_id}`);
	await get200(raviC, `/deals/${it.deal_id}`);
	const res = await raviC.post(`/deals/${it.deal_id}/close`, { outcome: 'lost', lost_reason: 'No budget' });
	void stage;
	assert.equal(res.status, 303, `closing the deal answered ${res.status}`);
	assert.equal(item(it.id).status, 'dismissed');
	assert.equal(item(it.id).closed_by, null);
	mine = (await get200(raviC, '/coaching')).body;
	assert.match(mine, /Closed by Groundwork: the cause went away/);
	void maria;
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
	assert.equal((await maria.post(`/team/coaching/${a}/session`, { minutes: '5', kind: 'other', notes: 'Secret done note', private: '1' })).status, 303);
	assert.equal((await maria.post(`/team/coaching/${b}/session`, { minutes: '5', kind: 'other', notes: 'Shared done note' })).status, 303);
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
