// Every form keeps what was typed.  For each POST form in views/*.tpl,
// one invalid value is sent with valid values in every other field, and
// the 422 page must show the same form holding everything as it was
// typed: each text input's value, each textarea's text, each select's
// chosen option and each radio button and checkbox as it was.  Values
// are picked to differ from what the form shows by default (another
// stage, the other radio button, a ticked box), so a form drawn again
// from its defaults or from the database is caught.  Passwords are
// never shown again and are left out.
//
// A last test reads views/*.tpl and fails when a form there is neither
// covered here nor listed as having nothing to type.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useInstance, parseForms, formState, sqlq, ROOT } from './harness.mjs';

const gw = useInstance();

function day(offset) {
	return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

const clients = new Map();
async function as(who) {
	if (!clients.has(who)) clients.set(who, await gw.login(`${who}@example.com`));
	return clients.get(who);
}

const userId = (who) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(`${who}@example.com`)}`);
const teamId = (name) => gw.sqlValue(`SELECT id FROM teams WHERE name = ${sqlq(name)}`);

/** The path part of a form's action (without its #fragment). */
const actionPath = (action) => (action ?? '').split('#')[0];

/**
 * The form posting to action in html.  Where several do (one tick form
 * per criterion), the one whose hidden fields hold the given values.
 */
function findForm(html, action, hidden = {}, has = null) {
	const candidates = parseForms(html).filter((f) => actionPath(f.action) === action
		&& (f.attrs.method ?? '').toLowerCase() === 'post'
		&& (has === null || f.controls.some((c) => c.name === has)));
	const match = candidates.filter((f) =>
		Object.entries(hidden).every(([k, v]) =>
			f.controls.some((c) => c.type === 'hidden' && c.name === k && c.value === v)));
	assert.ok(match.length > 0, `a form posting to ${action}${JSON.stringify(hidden)} on the page`);
	return match[0];
}

/** The control named name in a parsed form. */
function control(form, name) {
	const c = form.controls.find((x) => x.name === name);
	assert.ok(c, `a control named ${name}`);
	return c;
}

/** A non-empty option of a select other than the one it shows now. */
function otherOption(form, name) {
	const c = control(form, name);
	const o = c.options.filter((x) => x.value !== '' && x.value !== c.value).at(-1);
	assert.ok(o, `${name} offers a choice besides ${c.value}`);
	return o.value;
}

/** A radio value of name other than the one checked now. */
function otherRadio(form, name) {
	const radios = form.controls.filter((c) => c.name === name && c.type === 'radio');
	assert.ok(radios.length >= 2, `radio buttons named ${name}`);
	const r = radios.find((c) => !c.checked);
	return r.value;
}

/** Create a deal as rep (a fresh one per case, untouched by others). */
async function newDeal(rep, company) {
	await rep.get('/deals/new');
	const res = await rep.post('/deals/new', { company });
	assert.equal(res.status, 303, `creating ${company}`);
	return Number(res.location.match(/\/deals\/(\d+)$/)[1]);
}

/**
 * GET page as client, let fill() choose the typed fields from the form
 * found there, POST them to action, and check the 422 page's form holds
 * them all.  hidden picks among forms posting to the same action; the
 * invalid field is named for the messages (an unchosen radio button is
 * not sent at all, as in a browser).
 */
async function expectKept(client, { page, action, hidden = {}, has = null, fill, invalid, follow = null }) {
	// follow: for a form whose POST starts a job and answers 303 to the
	// job's page, which shows the form again once the job has finished.
	const before = follow ? await follow(client, page) : await client.get(page);
	assert.equal(before.status, 200, `GET ${page}`);
	const typed = fill(findForm(before.body, action, hidden, has));
	let res = await client.post(action, typed);
	if (follow) {
		assert.equal(res.status, 303, `POST ${action} starts a job`);
		res = await follow(client, res.location);
	}
	assert.equal(res.status, 422, `POST ${action} with a bad ${invalid}: ${res.status} ${res.location ?? ''}`);
	const form = findForm(res.body, action, hidden, has);
	assert.match(res.body, /class="(field-error|error-summary)"/, 'the problem is shown');
	const shown = formState(form);
	const passwords = new Set(form.controls.filter((c) => c.type === 'password').map((c) => c.name));
	for (const name of passwords) {
		assert.equal(control(form, name).value, '', `the password ${name} is not shown again`);
	}
	const names = new Set(form.controls.map((c) => c.name).filter((n) => n && n !== 'csrf' && !passwords.has(n)));
	for (const name of Object.keys(typed)) {
		if (!passwords.has(name)) assert.ok(names.has(name), `the form still has a field named ${name}`);
	}
	for (const name of names) {
		assert.equal(shown[name] ?? null, typed[name] ?? null, `${action}: ${name} as typed`);
	}
	return res;
}

// Text that HTML escaping has to carry through, on one line and on two.
const TRICKY = `Ünïcode & "quotes" <tags> 'too'`;
const TRICKY_LINES = `First line & <b>not bold</b>\nSecond "line"`;

// --------------------------------------------------------------------
// Sign-in

test('sign-in: an empty password keeps the email and where to go next', async () => {
	const c = gw.client();
	await expectKept(c, {
		page: '/login?next=/team',
		action: '/login',
		invalid: 'password',
		fill: () => ({ email: 'ravi@example.com', password: '', next: '/team' }),
	});
});

// --------------------------------------------------------------------
// Deals (rep)

const dealFields = (overrides) => ({
	company: `Keep ${TRICKY}`,
	contact: 'Ada Berg',
	next_step: 'Send the discovery questions',
	next_step_due: day(5),
	amount: '12,500',
	title: 'Pilot',
	source: 'Referral',
	expected_close: day(60),
	...overrides,
});

test('new deal: a malformed amount keeps the company, the chosen stage and every other field', async () => {
	const ravi = await as('ravi');
	await expectKept(ravi, {
		page: '/deals/new',
		action: '/deals/new',
		invalid: 'amount',
		fill: (f) => dealFields({ stage_id: otherOption(f, 'stage_id'), amount: '12,50' }),
	});
});

test('new deal: a missing company keeps every other field', async () => {
	const ravi = await as('ravi');
	await expectKept(ravi, {
		page: '/deals/new',
		action: '/deals/new',
		invalid: 'company',
		fill: (f) => dealFields({ stage_id: otherOption(f, 'stage_id'), company: '' }),
	});
});

test('deal edit: a bad expected close keeps every other change', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Edit Keep Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}`,
		invalid: 'expected_close',
		fill: () => dealFields({ company: 'Edit Keep Co (renamed)', expected_close: 'soon' }),
	});
});

test('deal move: no stage chosen keeps the note and what is next', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Move Keep Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/move`,
		has: 'note',
		invalid: 'to_stage_id',
		fill: () => ({ to_stage_id: '', note: TRICKY_LINES, next: `Call ${TRICKY}`, next_due: day(3) }),
	});
});

test('deal move: a past due date for what is next keeps the stage, the note and the step', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Move Next Keep Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/move`,
		has: 'note',
		invalid: 'next_due',
		fill: (f) => ({ to_stage_id: otherOption(f, 'to_stage_id'), note: 'On we go', next: `Call ${TRICKY}`, next_due: day(-1) }),
	});
});

test('step done: a past due date for the next step keeps how it went and what is next', async () => {
	const ravi = await as('ravi');
	await ravi.get('/deals/new');
	const made = await ravi.post('/deals/new', { company: 'Step Keep Co', next_step: 'Call Ada', next_step_due: day(2) });
	const id = Number(made.location.match(/\/deals\/(\d+)$/)[1]);
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/step/done`,
		invalid: 'next_due',
		fill: () => ({ outcome: `She said ${TRICKY}`, next: 'Meet the person who decides', next_due: day(-2) }),
	});
});

test('step reschedule: a date in the past keeps the date typed', async () => {
	const ravi = await as('ravi');
	await ravi.get('/deals/new');
	const made = await ravi.post('/deals/new', { company: 'Resched Keep Co', next_step: 'Call Ada', next_step_due: day(2) });
	const id = Number(made.location.match(/\/deals\/(\d+)$/)[1]);
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/step/reschedule`,
		invalid: 'due',
		fill: () => ({ due: day(-3) }),
	});
});

test('deal close: lost without a reason keeps "Lost" chosen', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Close Keep Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/close`,
		invalid: 'lost_reason',
		fill: () => ({ outcome: 'lost', lost_reason: '' }),
	});
});

test('deal close: no outcome chosen keeps the reason typed', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Close Keep Two Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/close`,
		invalid: 'outcome',
		fill: () => ({ lost_reason: `Budget went elsewhere ${TRICKY}` }),
	});
});

test('deal checklist: over-long evidence is kept in that criterion\'s form', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Tick Keep Co');
	const criterion = String(gw.sqlValue(`SELECT c.id FROM exit_criteria c JOIN deals d ON d.stage_id = c.stage_id
		WHERE d.id = ${id} AND c.active = 1 ORDER BY c.position DESC LIMIT 1`));
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/tick`,
		hidden: { criterion_id: criterion },
		invalid: 'evidence',
		fill: () => ({ criterion_id: criterion, evidence: `Said so ${'on the call '.repeat(30)}` }),
	});
});

test('deal job-aid use: no aid chosen keeps the outcome and the note', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Aid Keep Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/aids`,
		invalid: 'aid_id',
		fill: (f) => ({ aid_id: '', outcome: otherRadio(f, 'outcome'), note: TRICKY }),
	});
});

test('deal job-aid use: no outcome chosen keeps the aid and the note', async () => {
	const ravi = await as('ravi');
	const id = await newDeal(ravi, 'Aid Keep Two Co');
	await expectKept(ravi, {
		page: `/deals/${id}`,
		action: `/deals/${id}/aids`,
		invalid: 'outcome',
		fill: (f) => ({ aid_id: otherOption(f, 'aid_id'), note: 'Used it on the first call' }),
	});
});

// --------------------------------------------------------------------
// Coaching (manager)

/** An open coaching item on Maria's list (the list makes them). */
async function openItem() {
	const maria = await as('maria');
	await maria.get('/team/coaching');
	const id = gw.sqlValue(`SELECT id FROM coaching_items WHERE team_id = ${teamId('North')} AND status = 'open'
		AND active_at <= strftime('%s', 'now') AND rule NOT IN (5, 6) ORDER BY urgency DESC, id LIMIT 1`);
	assert.ok(id, 'an open coaching item for North');
	return id;
}

test('coaching session on an item: a date too far back keeps the minutes, kind, date, note and the private box', async () => {
	const maria = await as('maria');
	const id = await openItem();
	await expectKept(maria, {
		page: '/team/coaching?all=1',
		action: `/team/coaching/${id}/session`,
		invalid: 'on',
		fill: (f) => ({ minutes: '40', kind: otherOption(f, 'kind'), on: day(-20), notes: TRICKY, private: '1' }),
	});
});

/** A rep whose rep-level item (low inflow, no early job-aid) is on All items. */
async function repItem() {
	const maria = await as('maria');
	const page = await maria.get('/team/coaching?all=1');
	const m = page.body.match(/action="\/team\/coaching\/reps\/(\d+)\/session"/);
	assert.ok(m, 'a rep item on All items');
	return m[1];
}

test('coaching session on a rep item: bad minutes keep everything typed', async () => {
	const maria = await as('maria');
	const rep = await repItem();
	await expectKept(maria, {
		page: '/team/coaching?all=1',
		action: `/team/coaching/reps/${rep}/session`,
		invalid: 'minutes',
		fill: (f) => ({ minutes: '0', kind: otherOption(f, 'kind'), on: day(-1), notes: TRICKY, private: '1' }),
	});
});

test('coaching rep item snooze and dismiss: a past date and an over-long reason are kept', async () => {
	const maria = await as('maria');
	const rep = await repItem();
	await expectKept(maria, {
		page: '/team/coaching?all=1',
		action: `/team/coaching/reps/${rep}/snooze`,
		invalid: 'until',
		fill: () => ({ until: day(-1) }),
	});
	await expectKept(maria, {
		page: '/team/coaching?all=1',
		action: `/team/coaching/reps/${rep}/dismiss`,
		invalid: 'reason',
		fill: () => ({ reason: `${TRICKY} `.repeat(20) }),
	});
});

test('coaching items this week: a number over 20 is kept', async () => {
	const maria = await as('maria');
	await expectKept(maria, {
		page: '/team/coaching',
		action: '/team/coaching/top',
		invalid: 'top',
		fill: () => ({ top: '21' }),
	});
});

test('coaching snooze: a date in the past is kept', async () => {
	const maria = await as('maria');
	const id = await openItem();
	await expectKept(maria, {
		page: '/team/coaching?all=1',
		action: `/team/coaching/${id}/snooze`,
		invalid: 'until',
		fill: () => ({ until: day(-1) }),
	});
});

test('coaching dismiss: an empty reason is shown empty', async () => {
	const maria = await as('maria');
	const id = await openItem();
	await expectKept(maria, {
		page: '/team/coaching?all=1',
		action: `/team/coaching/${id}/dismiss`,
		invalid: 'reason',
		fill: () => ({ reason: '' }),
	});
});

test('coaching item by hand: a missing reason keeps the rep and the deal number', async () => {
	const maria = await as('maria');
	const lena = userId('lena');
	const deal = String(gw.sqlValue(`SELECT id FROM deals WHERE owner_id = ${lena} ORDER BY id LIMIT 1`));
	await expectKept(maria, {
		page: '/team/coaching',
		action: '/team/coaching',
		invalid: 'reason',
		fill: () => ({ rep_id: String(lena), deal_id: deal, reason: '' }),
	});
});

test('coaching item by hand: a bad deal number keeps the rep and the reason', async () => {
	const maria = await as('maria');
	await expectKept(maria, {
		page: '/team/coaching',
		action: '/team/coaching',
		invalid: 'deal_id',
		fill: (f) => ({ rep_id: otherOption(f, 'rep_id'), deal_id: 'twelve', reason: TRICKY }),
	});
});

test('coaching session: bad minutes keep the rep, deal, kind, date, notes and the private box', async () => {
	const maria = await as('maria');
	const tom = userId('tom');
	await expectKept(maria, {
		page: `/team/sessions/new?rep=${tom}`,
		action: '/team/sessions/new',
		invalid: 'minutes',
		fill: (f) => ({ rep_id: String(tom), deal_id: otherOption(f, 'deal_id'), minutes: '0', kind: otherOption(f, 'kind'),
			on: day(-3), notes: TRICKY_LINES, private: '1' }),
	});
});

test('shift-and-lift target: a share over 100 is kept', async () => {
	const maria = await as('maria');
	await expectKept(maria, {
		page: '/team/time',
		action: '/team/time',
		invalid: 'early_target',
		fill: () => ({ early_target: '101' }),
	});
});

// --------------------------------------------------------------------
// Admin

test('admin add user: a bad email keeps the name, role and team (never the password)', async () => {
	const admin = await as('admin');
	await expectKept(admin, {
		page: '/admin/users',
		action: '/admin/users',
		invalid: 'email',
		fill: () => ({ email: 'not an email', name: `New ${TRICKY}`, role: 'manager', team_id: String(teamId('South')),
			password: 'a-long-enough-password-1' }),
	});
});

test('admin edit user: an empty name keeps the new role and team', async () => {
	const admin = await as('admin');
	const ines = userId('ines');
	await expectKept(admin, {
		page: `/admin/users/${ines}`,
		action: `/admin/users/${ines}`,
		invalid: 'name',
		fill: () => ({ name: '', role: 'manager', team_id: String(teamId('South')) }),
	});
});

test('admin set password: a short password is refused and not shown again', async () => {
	const admin = await as('admin');
	const ines = userId('ines');
	await expectKept(admin, {
		page: `/admin/users/${ines}`,
		action: `/admin/users/${ines}/password`,
		invalid: 'password',
		fill: () => ({ password: 'short' }),
	});
});

test('admin director teams: a team that does not exist is refused and the ticked teams stay ticked', async () => {
	const admin = await as('admin');
	const vp = userId('vp');
	const south = String(teamId('South'));
	const c = { page: `/admin/users/${vp}`, action: `/admin/users/${vp}/teams` };
	assert.equal((await admin.get(c.page)).status, 200);
	const res = await admin.post(c.action, [['team', south], ['team', '0']]);
	assert.equal(res.status, 422);
	assert.match(res.body, /class="(field-error|error-summary)"/, 'the problem is shown');
	const form = findForm(res.body, c.action);
	const ticked = form.controls.filter((x) => x.name === 'team' && x.checked).map((x) => x.value);
	assert.deepEqual(ticked, [south], 'South stays ticked, nothing else is');
});

test('org targets: a share over 100 keeps both values in that team\'s form', async () => {
	const vp = await as('vp');
	const north = String(teamId('North'));
	await expectKept(vp, {
		page: '/org/targets',
		action: '/org/targets',
		hidden: { team_id: north },
		invalid: 'early_target',
		fill: () => ({ team_id: north, early_target: '150', inflow_target: '7' }),
	});
});

test('org targets: a default inflow that is not a number keeps both values', async () => {
	const vp = await as('vp');
	await expectKept(vp, {
		page: '/org/targets',
		action: '/org/targets',
		hidden: { team_id: '' },
		invalid: 'inflow_target',
		fill: () => ({ team_id: '', early_target: '35', inflow_target: 'many' }),
	});
});

test('admin add team: a name already taken is kept', async () => {
	const admin = await as('admin');
	await expectKept(admin, {
		page: '/admin/teams',
		action: '/admin/teams',
		invalid: 'team_name',
		fill: () => ({ team_name: 'North' }),
	});
});

test('admin rename team: a name already taken is kept', async () => {
	const admin = await as('admin');
	const north = teamId('North');
	await expectKept(admin, {
		page: `/admin/teams/${north}`,
		action: `/admin/teams/${north}`,
		invalid: 'team_name',
		fill: () => ({ team_name: 'South' }),
	});
});

test('admin retire team: no destination chosen is refused and stays unchosen', async () => {
	const admin = await as('admin');
	const north = teamId('North');
	await expectKept(admin, {
		page: `/admin/teams/${north}`,
		action: `/admin/teams/${north}/active`,
		invalid: 'move_to',
		fill: () => ({ active: '0', move_to: '' }),
	});
	assert.equal(gw.sqlValue(`SELECT count(*) FROM teams WHERE id = ${north} AND retired_at IS NULL`), 1,
		'the team is still active');
});

test('admin add stage: a bad probability keeps the name, the early choice and the target', async () => {
	const admin = await as('admin');
	await expectKept(admin, {
		page: '/admin/stages',
		action: '/admin/stages',
		invalid: 'probability',
		fill: (f) => ({ name: 'Kept Stage', early: otherRadio(f, 'early'), probability: '150', target_days: '21' }),
	});
});

test('admin edit stage: a bad target keeps the name, position, early choice, probability and retirement', async () => {
	const admin = await as('admin');
	const stage = gw.sqlValue(`SELECT id FROM stages WHERE active = 1 ORDER BY position LIMIT 1 OFFSET 1`);
	await expectKept(admin, {
		page: `/admin/stages/${stage}`,
		action: `/admin/stages/${stage}`,
		invalid: 'target_days',
		fill: (f) => ({ name: 'Renamed, kept', position: '4', early: otherRadio(f, 'early'), probability: '35',
			target_days: '0', active: otherRadio(f, 'active') }),
	});
});

test('admin add criterion: an empty text is shown empty', async () => {
	const admin = await as('admin');
	const stage = gw.sqlValue(`SELECT id FROM stages WHERE active = 1 ORDER BY position LIMIT 1`);
	await expectKept(admin, {
		page: `/admin/stages/${stage}`,
		action: `/admin/stages/${stage}/criteria`,
		invalid: 'text',
		fill: () => ({ text: '' }),
	});
});

test('admin edit criterion: a bad position keeps the text and retirement', async () => {
	const admin = await as('admin');
	const cr = gw.sql(`SELECT id, stage_id FROM exit_criteria WHERE active = 1 ORDER BY id LIMIT 1`)[0];
	await expectKept(admin, {
		page: `/admin/stages/${cr.stage_id}`,
		action: `/admin/criteria/${cr.id}`,
		invalid: 'position',
		fill: (f) => ({ text: `Buyer said so ${TRICKY}`, position: 'first', active: otherRadio(f, 'active') }),
	});
});

const aidFields = (f) => ({
	title: `Kept aid ${TRICKY}`,
	stage_id: otherOption(f, 'stage_id'),
	kind: otherOption(f, 'kind'),
	body: TRICKY_LINES,
	link: 'ftp://example.com/aid',
	active: otherRadio(f, 'active'),
});

test('admin new job-aid: a bad link keeps the title, stage, kind, text and use', async () => {
	const admin = await as('admin');
	await expectKept(admin, {
		page: '/admin/aids/new',
		action: '/admin/aids/new',
		invalid: 'link',
		fill: aidFields,
	});
});

test('admin edit job-aid: a bad link keeps the title, stage, kind, text and use', async () => {
	const admin = await as('admin');
	const aid = gw.sqlValue(`SELECT id FROM job_aids ORDER BY id LIMIT 1`);
	await expectKept(admin, {
		page: `/admin/aids/${aid}`,
		action: `/admin/aids/${aid}`,
		invalid: 'link',
		fill: aidFields,
	});
});

// --------------------------------------------------------------------
// Settings

test('settings: an unknown time zone keeps it, the unticked email, the day and the hour', async () => {
	const maria = await as('maria');
	await expectKept(maria, {
		page: '/settings',
		action: '/settings',
		invalid: 'timezone',
		// The weekly email is ticked by default: leaving it out is
		// what unticking sends.
		fill: (f) => ({ timezone: 'Mars/Olympus_Mons', send_day: otherOption(f, 'send_day'),
			send_hour: otherOption(f, 'send_hour') }),
	});
	assert.equal(gw.count('user_settings', `user_id = ${userId('maria')}`), 0, 'nothing was saved');
});

// CSV import and handing deals over

/** The import's page once its job has finished (it loads itself
 * again while the job runs); a generous limit for a busy machine. */
async function importJobPage(client, location) {
	const deadline = Date.now() + 180000;
	for (;;) {
		const page = await client.get(location);
		if (page.status !== 200 || !/<meta http-equiv="refresh"/.test(page.body)) return page;
		assert.ok(Date.now() < deadline, 'the import job finished within three minutes');
		await new Promise((r) => setTimeout(r, 500));
	}
}

test('import preview: mapping away the stage column keeps every column, stage and owner choice', async () => {
	const admin = await as('admin');
	const csv = fs.readFileSync(path.join(ROOT, 'tests', 'data', 'pipedrive_deals.csv'));
	const form = new FormData();
	form.append('csrf', admin.csrf);
	form.append('file', new Blob([csv]), 'pipedrive_deals.csv');
	const up = await admin.request('POST', '/admin/import/upload', { body: form, contentType: null });
	assert.equal(up.status, 303);
	const res = await expectKept(admin, {
		page: up.location,
		follow: importJobPage,
		action: '/admin/import/run',
		invalid: 'col_7',
		fill: (f) => ({
			...Object.fromEntries(Object.entries(formState(f)).filter(([k]) => k !== 'csrf')),
			col_7: 'ignore',
			col_13: 'source',
			stage_0: otherOption(f, 'stage_0'),
			default_owner: otherOption(f, 'default_owner'),
		}),
	});
	assert.match(res.body, /No column gives the stage/);
});

test('hand deals over: no new owner keeps the ticked deals', async () => {
	const admin = await as('admin');
	const lena = userId('lena');
	const open = gw.sql(`SELECT id FROM deals WHERE owner_id = ${lena} AND status = 'open' ORDER BY id`);
	assert.ok(open.length >= 2, 'Lena has open deals to tick');
	await expectKept(admin, {
		page: `/admin/users/${lena}`,
		action: `/admin/users/${lena}/reassign`,
		invalid: 'to',
		fill: () => ({ deal: String(open[0].id), to: '' }),
	});
});

// --------------------------------------------------------------------
// Every form is covered

// Forms whose fields are all hidden: nothing is typed into them.
const NOTHING_TYPED = [
	'/logout',
	'/deals/{id}/reopen',
	'/deals/{id}/step/reopen',
	'/calendar',
	'/deals/{id}/untick',
	'/deals/{id}/verify',
	'/admin/users/{id}/active',
	'/unsubscribe',
	'/admin/mail/test',
	// A file input: no page can fill it again (browsers refuse a value
	// set by the page), and the form holds nothing else.
	'/admin/import/upload',
];

test('every POST form in views/ is checked above or has nothing to type', () => {
	const here = fs.readFileSync(new URL(import.meta.url), 'utf8');
	// The actions the cases above post to, as route patterns.
	const covered = new Set([...here.matchAll(/action: `([^`]+)`|action: '([^']+)'/g)]
		.map((m) => (m[1] ?? m[2]).replace(/\$\{[^}]+\}/g, '{id}')));
	const views = path.join(ROOT, 'views');
	const missing = [];
	let seen = 0;
	for (const file of fs.readdirSync(views).filter((f) => f.endsWith('.tpl'))) {
		const text = fs.readFileSync(path.join(views, file), 'utf8');
		for (const m of text.matchAll(/<form\b[^>]*>/g)) {
			if (!/\bmethod="post"/i.test(m[0])) continue;
			seen++;
			const action = actionPath(m[0].match(/\baction="([^"]*)"/)[1]).replace(/\{\{[A-Z_]+\}\}/g, '{id}');
			// admin_aid.tpl posts to {{ACTION}}: /admin/aids/new or /admin/aids/{id};
			// coach_item.tpl to {{BASE}}{{KEY}}/x: an item's or a rep item's.
			const both = action.match(/^\{id\}\{id\}(\/\w+)$/);
			const routes = action === '{id}' ? ['/admin/aids/new', '/admin/aids/{id}']
				: both ? [`/team/coaching/{id}${both[1]}`, `/team/coaching/reps/{id}${both[1]}`] : [action];
			for (const r of routes)
				if (!covered.has(r) && !NOTHING_TYPED.includes(r)) missing.push(`${file}: ${r}`);
		}
	}
	assert.ok(seen >= 20, `found the forms in views/ (${seen})`);
	assert.deepEqual(missing, [], 'forms with no keep-what-was-typed test');
});
