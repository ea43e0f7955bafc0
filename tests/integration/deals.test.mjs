// Deals through the real app and nginx: logging, validation that keeps
// what was typed, moves, closing, edits, and who may see or change a
// deal.  Every denial is checked against the database: nothing changed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, inputValue, selectedOption } from './harness.mjs';

const gw = useInstance();

function day(offset) {
	const d = new Date(Date.now() + offset * 86400000);
	return d.toISOString().slice(0, 10);
}

const full = () => ({
	company: 'Fjord Analytics',
	stage_id: '1',
	contact: 'Ada Berg',
	next_step: 'Send discovery questions',
	next_step_due: day(5),
	amount: '12,500',
	title: 'Pilot',
	source: 'Referral',
	expected_close: day(60),
});

/** Everything in one deal's footprint, to compare before and after. */
function footprint(id) {
	return JSON.stringify({
		deal: gw.sql(`SELECT * FROM deals WHERE id = ${id}`),
		changes: gw.count('stage_changes', `deal_id = ${id}`),
		edits: gw.count('deal_edits', `deal_id = ${id}`),
		audit: gw.count('audit_log', `subject = 'deal:${id}'`),
	});
}

async function create(client, fields) {
	await client.get('/deals/new');
	// These cases log the same companies again on purpose: past the
	// duplicate warning, as "Log it anyway" does.
	const res = await client.post('/deals/new', { ...fields, anyway: '1' });
	assert.equal(res.status, 303, `create answered ${res.status}`);
	const id = Number(res.location.match(/\/deals\/(\d+)$/)[1]);
	return id;
}

test('a rep logs a deal with only the company; it starts at stage 1 with its history', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Minimal Co' });
	const row = gw.sql(`SELECT * FROM deals WHERE id = ${id}`)[0];
	assert.equal(row.company, 'Minimal Co');
	assert.equal(row.stage_id, 1);
	assert.equal(row.first_stage_id, 1);
	assert.equal(row.late_entry, 0);
	assert.equal(row.amount, null);
	assert.equal(row.status, 'open');
	const changes = gw.sql(`SELECT from_stage_id, to_stage_id FROM stage_changes WHERE deal_id = ${id}`);
	assert.deepEqual(changes, [{ from_stage_id: null, to_stage_id: 1 }]);
	assert.equal(gw.count('audit_log', `action = 'deal-create' AND subject = 'deal:${id}'`), 1);
	const page = await ravi.get(`/deals/${id}`);
	assert.equal(page.status, 200);
	assert.match(page.body, /Deal saved at Prospect\./);
	assert.match(page.body, /Logged at Prospect/);
});

test('a deal first logged at stage 3 is a late entry, and the rep is told gently', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Late Bloom Ltd', stage_id: '3' });
	assert.equal(gw.sqlValue(`SELECT late_entry FROM deals WHERE id = ${id}`), 1);
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /late entries/);
	assert.match(page.body, /Late entry/);
	const early = await create(ravi, { company: 'Early Bird Ltd', stage_id: '2' });
	assert.equal(gw.sqlValue(`SELECT late_entry FROM deals WHERE id = ${early}`), 0);
});

test('amounts are stored exactly in minor units, in the forms people type', async () => {
	const ravi = await gw.login('ravi@example.com');
	const cases = [['12,500', 1250000], ['12500.00', 1250000], ['$12.5k', 1250000],
		['19.99', 1999], ['1.2m', 120000000], ['0.29', 29]];
	for (const [typed, minor] of cases) {
		const id = await create(ravi, { company: `Amount ${typed}`, amount: typed });
		const row = gw.sql(`SELECT amount, typeof(amount) AS t FROM deals WHERE id = ${id}`)[0];
		assert.equal(row.t, 'integer', typed);
		assert.equal(row.amount, minor, typed);
	}
});

// Each bad field: 422, its message beside it, every other value kept,
// and no deal saved.
const badInputs = [
	['amount', { amount: 'twelve' }, 'e-amount'],
	['amount with bad grouping', { amount: '12,50,0' }, 'e-amount'],
	['negative amount', { amount: '-500' }, 'e-amount'],
	['past due date for a new next step', { next_step_due: day(-1) }, 'e-next_step_due'],
	['impossible date', { expected_close: '2027-02-30' }, 'e-expected_close'],
	['over-long company', { company: 'x'.repeat(121) }, 'e-company'],
	['over-long contact', { contact: 'y'.repeat(121) }, 'e-contact'],
	['over-long next step', { next_step: 'z'.repeat(201) }, 'e-next_step'],
	['over-long source', { source: 's'.repeat(61) }, 'e-source'],
	['missing company', { company: '' }, 'e-company'],
	['unknown stage', { stage_id: '999' }, 'e-stage_id'],
	['stage that is not a number', { stage_id: 'abc' }, 'e-stage_id'],
	['due date without a next step', { next_step: '' }, 'e-next_step'],
];

for (const [name, change, errorId] of badInputs) {
	test(`bad input (${name}) re-renders the form with everything kept and saves nothing`, async () => {
		const ravi = await gw.login('ravi@example.com');
		await ravi.get('/deals/new');
		const before = gw.count('deals');
		const fields = { ...full(), ...change };
		const res = await ravi.post('/deals/new', fields);
		assert.equal(res.status, 422);
		assert.match(res.body, new RegExp(`id="${errorId}"`), 'message next to the field');
		assert.match(res.body, /The deal was not saved/);
		for (const [k, v] of Object.entries(fields)) {
			if (k === 'stage_id') continue;
			assert.equal(inputValue(res.body, k), v, `${k} kept`);
		}
		assert.equal(gw.count('deals'), before);
	});
}

/** The message beside field in a re-shown form, or null. */
function fieldError(html, field) {
	const m = html.match(new RegExp(`<p class="field-error" id="e-${field}">([^<]*)</p>`));
	return m ? m[1].replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"') : null;
}

// Dates: each field says the range it takes, whatever was typed.
const dateCases = [
	['next_step_due', '1999-12-31', 'before 2000'],
	['next_step_due', '9999-01-01', 'in 9999'],
	['next_step_due', day(-1), 'yesterday'],
	['next_step_due', day(2 * 366 + 1), 'past two years ahead'],
	['expected_close', '1999-12-31', 'before 2000'],
	['expected_close', '9999-12-31', 'in 9999'],
	['expected_close', day(-1), 'yesterday, on a new open deal'],
	['expected_close', day(5 * 366 + 1), 'past five years ahead'],
];
for (const [field, value, what] of dateCases) {
	test(`${field} ${what} (${value}) is refused with the range it takes, not the format`, async () => {
		const ravi = await gw.login('ravi@example.com');
		await ravi.get('/deals/new');
		const before = gw.count('deals');
		const res = await ravi.post('/deals/new', { ...full(), [field]: value });
		assert.equal(res.status, 422);
		const msg = fieldError(res.body, field);
		assert.ok(msg, `a message beside ${field}`);
		assert.doesNotMatch(msg, /YYYY-MM-DD/, 'the date was written as asked; the message says what is wrong with it');
		const years = field === 'next_step_due' ? 2 : 5;
		const today = day(0);
		const last = `${Number(today.slice(0, 4)) + years}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
		assert.ok(msg.includes(today) && msg.includes(last), `${msg}: names today (${today}) and ${last}`);
		assert.equal(inputValue(res.body, field), value, 'what was typed is kept');
		assert.equal(gw.count('deals'), before);
	});
}

test('a date not written YYYY-MM-DD, or not in the calendar, says so', async () => {
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	let res = await ravi.post('/deals/new', { ...full(), expected_close: '14/03/2027' });
	assert.equal(res.status, 422);
	assert.match(fieldError(res.body, 'expected_close'), /YYYY-MM-DD/);
	res = await ravi.post('/deals/new', { ...full(), expected_close: '2027-02-30' });
	assert.equal(res.status, 422);
	assert.match(fieldError(res.body, 'expected_close'), /no such day/i);
	res = await ravi.post('/deals/new', { ...full(), next_step_due: '2027-13-01' });
	assert.equal(res.status, 422);
	assert.match(fieldError(res.body, 'next_step_due'), /month/i);
});

test('the ranges end where they say: due today to two years ahead, close today to five years ahead, not a day more', async () => {
	const ravi = await gw.login('ravi@example.com');
	const today = day(0);
	const plus = (years) => `${Number(today.slice(0, 4)) + years}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
	const dayAfter = (d) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
	for (const [due, close] of [[today, today], [plus(2), plus(5)]]) {
		const id = await create(ravi, { ...full(), next_step_due: due, expected_close: close });
		const row = gw.sql(`SELECT next_step_due, expected_close FROM deals WHERE id = ${id}`)[0];
		assert.deepEqual(row, { next_step_due: due, expected_close: close });
	}
	await ravi.get('/deals/new');
	for (const [field, value] of [['next_step_due', dayAfter(plus(2))], ['expected_close', dayAfter(plus(5))]]) {
		const res = await ravi.post('/deals/new', { ...full(), [field]: value });
		assert.equal(res.status, 422, `${field} ${value}, a day past the range`);
		assert.ok(fieldError(res.body, field), `${field}: a message beside it`);
	}
});

test('expected close on an edit: a slipped date may stay, a new one is from today; a closed deal records any past date', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, full());
	const past = day(-20);
	gw.sql(`UPDATE deals SET expected_close = '${past}' WHERE id = ${id}`);
	await ravi.get(`/deals/${id}`);
	// Unchanged, the slipped date does not block another change.
	let res = await ravi.post(`/deals/${id}`, { ...full(), expected_close: past, title: 'Kept date' });
	assert.equal(res.status, 303);
	// Moved to another past day on an open deal: refused, all kept.
	res = await ravi.post(`/deals/${id}`, { ...full(), expected_close: day(-10), title: 'New past date' });
	assert.equal(res.status, 422);
	assert.match(fieldError(res.body, 'expected_close'), new RegExp(day(0)));
	assert.equal(inputValue(res.body, 'title'), 'New past date');
	assert.equal(gw.sqlValue(`SELECT expected_close FROM deals WHERE id = ${id}`), past);
	// Once won, the date records history: the day it really closed.
	res = await ravi.post(`/deals/${id}/close`, { outcome: 'lost', lost_reason: 'Went elsewhere' });
	assert.equal(res.status, 303);
	res = await ravi.post(`/deals/${id}`, { ...full(), expected_close: day(-400), title: 'Kept date' });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT expected_close FROM deals WHERE id = ${id}`), day(-400));
	// But not before 2000, nor past five years ahead.
	for (const bad of ['1999-12-31', day(5 * 366 + 1)]) {
		res = await ravi.post(`/deals/${id}`, { ...full(), expected_close: bad, title: 'Kept date' });
		assert.equal(res.status, 422, bad);
		assert.match(fieldError(res.body, 'expected_close'), /2000-01-01/, bad);
	}
});

test('invalid UTF-8 in a field is refused next to that field, the rest kept', async () => {
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	const before = gw.count('deals');
	const res = await ravi.post('/deals/new',
		'company=Caf%C3%A9%FF&contact=Ada+Berg&amount=500&next_step=Call');
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-company"[^>]*>This holds characters that cannot be saved/);
	assert.equal(inputValue(res.body, 'contact'), 'Ada Berg');
	assert.equal(inputValue(res.body, 'amount'), '500');
	assert.equal(inputValue(res.body, 'company'), 'Café\uFFFD');
	assert.equal(gw.count('deals'), before);
});

test('the chosen stage is kept when another field is wrong', async () => {
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	const res = await ravi.post('/deals/new', { ...full(), stage_id: '2', amount: 'lots' });
	assert.equal(res.status, 422);
	assert.equal(selectedOption(res.body, 'stage_id'), '2');
});

test('a deal POST without the CSRF value is refused and saves nothing', async () => {
	const ravi = await gw.login('ravi@example.com');
	const before = gw.count('deals');
	const res = await ravi.post('/deals/new', full(), { csrf: null });
	assert.equal(res.status, 403);
	assert.equal(gw.count('deals'), before);
});

test('My deals groups open deals by stage, and filters by search, stage and status', async () => {
	const tom = await gw.login('tom@example.com');
	const id = await create(tom, { ...full(), company: 'Zebra Search Co', contact: 'Quincy Unique', stage_id: '2' });
	let page = await tom.get('/deals');
	assert.equal(page.status, 200);
	const discovery = page.body.indexOf('>Discovery</span>');
	assert.ok(discovery > 0);
	assert.ok(page.body.indexOf('Zebra Search Co') > discovery, 'listed under Discovery');
	page = await tom.get('/deals?q=quincy+uni');
	assert.match(page.body, /Zebra Search Co/, 'found by contact, any case');
	page = await tom.get('/deals?q=zebra');
	assert.match(page.body, new RegExp(`/deals/${id}"`));
	page = await tom.get('/deals?q=no-such-company-anywhere');
	assert.match(page.body, /No deals match/);
	page = await tom.get('/deals?stage=1');
	assert.doesNotMatch(page.body, /Zebra Search Co/);
	page = await tom.get('/deals?status=won');
	assert.doesNotMatch(page.body, /Zebra Search Co/);
	// Other reps' deals never show up.
	const lena = await gw.login('lena@example.com');
	page = await lena.get('/deals?q=zebra');
	assert.doesNotMatch(page.body, /Zebra Search Co/);
});

test('moves: forward with a note, a skip, a slip back; each is history', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Mover Inc' });
	let res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: 'Buyer confirmed the problem' });
	assert.equal(res.status, 303);
	res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '4', note: '' });
	assert.equal(res.status, 303);
	res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '3', note: 'Needs a proper evaluation' });
	assert.equal(res.status, 303);
	const rows = gw.sql(`SELECT from_stage_id AS f, to_stage_id AS t, note, skipped_stages AS s
		FROM stage_changes WHERE deal_id = ${id} ORDER BY id`);
	assert.deepEqual(rows, [
		{ f: null, t: 1, note: '', s: 0 },
		{ f: 1, t: 2, note: 'Buyer confirmed the problem', s: 0 },
		{ f: 2, t: 4, note: '', s: 1 },
		{ f: 4, t: 3, note: 'Needs a proper evaluation', s: 0 },
	]);
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${id}`), 3);
	assert.equal(gw.count('audit_log', `action = 'deal-move' AND subject = 'deal:${id}'`), 3);
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Moved to Evaluation\./);
	assert.match(page.body, /Moved back from Proposal to Evaluation/);
	// The move also left Discovery's exit criteria unticked.
	assert.match(page.body, /Moved from Discovery to Proposal, skipping 1 stage, leaving 2 criteria unticked</);
	assert.ok(page.body.indexOf('Moved back') < page.body.indexOf('Logged at'), 'newest first');
});

test('a move to the current or an unknown stage is refused with the form kept', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Stay Put Co' });
	const before = footprint(id);
	await ravi.get(`/deals/${id}`);
	let res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '1', note: 'keep me' });
	assert.equal(res.status, 422);
	assert.match(res.body, /already in this stage/);
	assert.match(res.body, /keep me<\/textarea>/);
	res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '77', note: '' });
	assert.equal(res.status, 422);
	assert.equal(footprint(id), before);
});

test('closing: lost needs a reason; won and lost deals can be reopened; closed ones cannot move', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Closer Co', stage_id: '2' });
	await ravi.get(`/deals/${id}`);
	let res = await ravi.post(`/deals/${id}/close`, { outcome: 'lost', lost_reason: '' });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-lost_reason"/);
	assert.equal(gw.sqlValue(`SELECT status FROM deals WHERE id = ${id}`), 'open');
	res = await ravi.post(`/deals/${id}/close`, { outcome: 'maybe', lost_reason: '' });
	assert.equal(res.status, 422);
	res = await ravi.post(`/deals/${id}/close`, { outcome: 'lost', lost_reason: 'No budget' });
	assert.equal(res.status, 303);
	let row = gw.sql(`SELECT status, lost_reason, closed_at FROM deals WHERE id = ${id}`)[0];
	assert.equal(row.status, 'lost');
	assert.equal(row.lost_reason, 'No budget');
	assert.ok(row.closed_at > 0);
	res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '3' });
	assert.equal(res.status, 422);
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${id}`), 2);
	res = await ravi.post(`/deals/${id}/reopen`, {});
	assert.equal(res.status, 303);
	row = gw.sql(`SELECT status, lost_reason, closed_at FROM deals WHERE id = ${id}`)[0];
	assert.deepEqual(row, { status: 'open', lost_reason: '', closed_at: null });
	res = await ravi.post(`/deals/${id}/close`, { outcome: 'won', confirm_win: '1' });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT status FROM deals WHERE id = ${id}`), 'won');
	const statuses = gw.sql(`SELECT from_status AS f, to_status AS t FROM stage_changes
		WHERE deal_id = ${id} AND id > (SELECT min(id) FROM stage_changes WHERE deal_id = ${id}) ORDER BY id`);
	assert.deepEqual(statuses, [{ f: 'open', t: 'lost' }, { f: 'lost', t: 'open' }, { f: 'open', t: 'won' }]);
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Closed as won at Discovery/);
	assert.match(page.body, /Reopened in Discovery/);
});

test('a win from an early stage asks once to confirm, keeping the form, then counts the stages passed over as skipped', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Quick Win Co' });
	await ravi.get(`/deals/${id}`);
	const stagesAfter = gw.sql(`SELECT name FROM stages WHERE active = 1 AND position > (SELECT position FROM stages WHERE id = 1) ORDER BY position`).map((r) => r.name);
	assert.ok(stagesAfter.length >= 2);
	const before = footprint(id);
	let res = await ravi.post(`/deals/${id}/close`, { outcome: 'won', lost_reason: 'typed anyway' });
	assert.equal(res.status, 422, 'no win from Prospect without a confirmation');
	assert.equal(footprint(id), before, 'nothing changed');
	const msg = res.body.match(/<p class="field-error" id="e-confirm_win">([^<]*)<\/p>/);
	assert.ok(msg, 'the question sits by its checkbox');
	for (const name of stagesAfter) assert.ok(msg[1].includes(name), `names ${name}: ${msg[1]}`);
	assert.match(res.body, /<input[^>]*type="checkbox"[^>]*name="confirm_win"[^>]*value="1"/);
	assert.match(res.body, /<a href="#f-confirm_win">/, 'the summary links to it');
	assert.match(res.body, /name="outcome" value="won" checked/, 'won stays chosen');
	assert.equal(inputValue(res.body, 'lost_reason'), 'typed anyway', 'what was typed is kept');
	// Confirmed: closed, and each stage passed over counts as skipped.
	const skips = () => gw.sqlValue(`SELECT COALESCE(sum(skips), 0) FROM team_flow WHERE stage_id = 1
		AND owner_id = (SELECT id FROM users WHERE email = 'ravi@example.com')`);
	const skipsBefore = skips();
	res = await ravi.post(`/deals/${id}/close`, { outcome: 'won', confirm_win: '1' });
	assert.equal(res.status, 303);
	const last = gw.sql(`SELECT from_stage_id, to_stage_id, to_status, skipped_stages FROM stage_changes
		WHERE deal_id = ${id} ORDER BY id DESC LIMIT 1`)[0];
	assert.deepEqual(last, { from_stage_id: 1, to_stage_id: 1, to_status: 'won', skipped_stages: stagesAfter.length });
	assert.equal(gw.sqlValue(`SELECT skipped FROM deals WHERE id = ${id}`), 1, 'the deal carries its skip');
	assert.equal(gw.sqlValue(`SELECT detail FROM audit_log WHERE action = 'deal-close' AND subject = 'deal:${id}'`),
		`won at Prospect, skipping ${stagesAfter.length} stages`);
	assert.equal(skips(), skipsBefore + 1, 'the team\'s skip count out of Prospect has it');
	const page = (await ravi.get(`/deals/${id}`)).body;
	assert.match(page, new RegExp(`Closed as won at Prospect, skipping ${stagesAfter.length} stages`));
	assert.match(page, /Skipped steps/);
});

test('a win from a later stage needs no confirmation but counts the stages after it; a loss skips nothing', async () => {
	const ravi = await gw.login('ravi@example.com');
	const cases = [['3', 'won', 2], ['5', 'won', 0], ['1', 'lost', 0], ['2', 'lost', 0]];
	for (const [stage, outcome, skipped] of cases) {
		const id = await create(ravi, { company: `Close ${stage} ${outcome}`, stage_id: stage });
		const res = await ravi.post(`/deals/${id}/close`, { outcome, lost_reason: outcome === 'lost' ? 'No budget' : '' });
		assert.equal(res.status, 303, `${outcome} at stage ${stage}`);
		assert.equal(gw.sqlValue(`SELECT skipped_stages FROM stage_changes WHERE deal_id = ${id} ORDER BY id DESC LIMIT 1`), skipped,
			`${outcome} at stage ${stage} skips ${skipped}`);
	}
	// A stray confirmation is harmless; a malformed one is refused.
	const id = await create(ravi, { company: 'Stray Confirm Co', stage_id: '4' });
	let res = await ravi.post(`/deals/${id}/close`, { outcome: 'won', confirm_win: 'yes' });
	assert.equal(res.status, 422);
	res = await ravi.post(`/deals/${id}/close`, { outcome: 'won', confirm_win: '1' });
	assert.equal(res.status, 303);
});

test('edits update the fields and the last activity time, and name what changed', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, full());
	gw.sql(`UPDATE deals SET last_activity_at = 1000 WHERE id = ${id}`);
	await ravi.get(`/deals/${id}`);
	const res = await ravi.post(`/deals/${id}`, { ...full(), amount: '15k', contact: 'Bo Lind' });
	assert.equal(res.status, 303);
	const row = gw.sql(`SELECT amount, contact, last_activity_at FROM deals WHERE id = ${id}`)[0];
	assert.equal(row.amount, 1500000);
	assert.equal(row.contact, 'Bo Lind');
	assert.ok(row.last_activity_at > 1000);
	assert.equal(gw.sqlValue(`SELECT fields FROM deal_edits WHERE deal_id = ${id}`), 'contact, amount');
	assert.equal(gw.count('audit_log', `action = 'deal-edit' AND subject = 'deal:${id}'`), 1);
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Edited contact, amount/);
});

test('an edit records each field\'s old and new value, for people, in the timeline and the audit log', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { ...full(), amount: '20,000', source: '', expected_close: '' });
	let res = await ravi.post(`/deals/${id}/close`, { outcome: 'won' });
	if (res.status === 422) res = await ravi.post(`/deals/${id}/close`, { outcome: 'won', confirm_win: '1' });
	assert.equal(res.status, 303);
	await ravi.get(`/deals/${id}`);
	const close = day(-3);
	res = await ravi.post(`/deals/${id}`, { ...full(), amount: '250000', source: 'Event', expected_close: close, contact: '' });
	assert.equal(res.status, 303);
	const changes = [
		'contact: Ada Berg → none',
		'amount: $20,000 → $250,000',
		'source: none → Event',
		`expected close: none → ${close}`,
	];
	const page = (await ravi.get(`/deals/${id}`)).body;
	const entry = page.match(/<li class="tl-edit">([\s\S]*?)<\/ul><\/li>/);
	assert.ok(entry, 'the edit is in the timeline');
	const text = entry[1].replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
	for (const c of changes) assert.ok(text.includes(c), `timeline: "${c}" in ${text}`);
	const audit = gw.sql(`SELECT detail FROM audit_log WHERE action = 'deal-edit' AND subject = 'deal:${id}'`);
	assert.equal(audit.length, 1);
	assert.equal(audit[0].detail, changes.join('; '));
	// Nothing else changed, so nothing else is listed.
	assert.ok(!text.includes('company:') && !text.includes('title:') && !text.includes('next step'), text);
});

test('an existing next step that has become overdue can stay while other fields change', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, full());
	const past = day(-3);
	gw.sql(`UPDATE deals SET next_step_due = '${past}' WHERE id = ${id}`);
	await ravi.get(`/deals/${id}`);
	let res = await ravi.post(`/deals/${id}`, { ...full(), next_step_due: past, title: 'Renamed' });
	assert.equal(res.status, 303);
	// But a new next step due in the past is refused, with the edit kept.
	res = await ravi.post(`/deals/${id}`, { ...full(), next_step: 'Another step', next_step_due: past, title: 'Again' });
	assert.equal(res.status, 422);
	assert.equal(inputValue(res.body, 'next_step'), 'Another step');
	assert.equal(inputValue(res.body, 'title'), 'Again');
	assert.equal(gw.sqlValue(`SELECT title FROM deals WHERE id = ${id}`), 'Renamed');
});

test('the ownership matrix: other reps and other teams get 404 everywhere, and nothing changes', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { ...full(), company: 'Owned By Ravi' });
	const before = footprint(id);
	const actions = [
		['POST', `/deals/${id}`, { ...full(), company: 'Hijacked' }],
		['POST', `/deals/${id}/move`, { to_stage_id: '3', note: 'x' }],
		['POST', `/deals/${id}/close`, { outcome: 'lost', lost_reason: 'x' }],
		['POST', `/deals/${id}/reopen`, {}],
	];
	for (const who of ['lena@example.com', 'kofi@example.com']) {
		const other = await gw.login(who);
		const page = await other.get(`/deals/${id}`);
		assert.equal(page.status, 404, `${who} reads`);
		assert.doesNotMatch(page.body, /Owned By Ravi/);
		for (const [, p, fields] of actions) {
			const res = await other.post(p, fields);
			assert.equal(res.status, 404, `${who} ${p}`);
		}
		assert.equal(footprint(id), before, `${who} changed nothing`);
	}
	// Managers and admins: their own team's deals (or all) read-only.
	for (const [who, canRead] of [['maria@example.com', true], ['sam@example.com', false], ['admin@example.com', true]]) {
		const viewer = await gw.login(who);
		const page = await viewer.get(`/deals/${id}`);
		assert.equal(page.status, canRead ? 200 : 404, `${who} reads`);
		if (canRead) {
			assert.match(page.body, /only its owner can change it/);
			assert.doesNotMatch(page.body, /Move deal/);
		}
		for (const [, p, fields] of actions) {
			const res = await viewer.post(p, fields);
			assert.equal(res.status, 404, `${who} ${p}`);
		}
		assert.equal(footprint(id), before, `${who} changed nothing`);
	}
	// The owner's own move works, so the 404s above were about
	// ownership, not the request.
	const res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '' });
	assert.equal(res.status, 303);
});

test('unknown and malformed deal ids are 404, and managers cannot log deals', async () => {
	const ravi = await gw.login('ravi@example.com');
	for (const p of ['/deals/999999', '/deals/0', '/deals/abc', '/deals/1/nope'])
		assert.equal((await ravi.get(p)).status, 404, p);
	const maria = await gw.login('maria@example.com');
	assert.equal((await maria.get('/deals/new')).status, 404);
	assert.equal((await maria.get('/deals')).status, 404);
	const before = gw.count('deals');
	assert.equal((await maria.post('/deals/new', full())).status, 404);
	assert.equal(gw.count('deals'), before);
});
