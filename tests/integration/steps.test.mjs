// Next steps through the real app and nginx: "Done — what's next?" in
// one form, a move that sets what's next, Reschedule and Reopen, each
// audited with its values; the rules for bad input (each refusal keeps
// what was typed and changes nothing); and ownership on every step
// route.  After each change deals.next_step and next_step_due equal the
// open step (the mirror).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, inputValue } from './harness.mjs';

const gw = useInstance();

function day(offset) {
	return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

async function create(client, fields) {
	await client.get('/deals/new');
	// Past the duplicate warning: the tests reuse company names.
	const res = await client.post('/deals/new', { ...fields, anyway: '1' });
	assert.equal(res.status, 303, `create answered ${res.status}`);
	return Number(res.location.match(/\/deals\/(\d+)$/)[1]);
}

const steps = (id) => gw.sql(`SELECT text, due, outcome, done_at IS NOT NULL AS done,
	(SELECT email FROM users WHERE id = done_by) AS done_by FROM deal_steps WHERE deal_id = ${id} ORDER BY id`);

/** No deal's mirror differs from its open step. */
function assertMirror() {
	assert.equal(gw.sqlValue(`SELECT count(*) FROM deals d LEFT JOIN deal_steps s
		ON s.deal_id = d.id AND s.done_at IS NULL
		WHERE d.next_step != COALESCE(s.text, '') OR d.next_step_due != COALESCE(s.due, '')`), 0,
	'every deal shows its open step');
}

/** A deal's rows everywhere a step change could reach. */
function footprint(id) {
	return JSON.stringify({
		deal: gw.sql(`SELECT * FROM deals WHERE id = ${id}`),
		steps: gw.sql(`SELECT * FROM deal_steps WHERE deal_id = ${id}`),
		changes: gw.count('stage_changes', `deal_id = ${id}`),
		audit: gw.count('audit_log', `subject = 'deal:${id}'`),
	});
}

test('"Done — what\'s next?" closes the step with how it went and sets the next, in one form, with a trail', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Trail Co', next_step: 'Call Ada', next_step_due: day(1) });
	let page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Done — set next/);
	const res = await ravi.post(`/deals/${id}/step/done`, { outcome: 'She wants a demo', next: 'Demo to the team', next_due: day(4) });
	assert.equal(res.status, 303);
	assert.deepEqual(steps(id), [
		{ text: 'Call Ada', due: day(1), outcome: 'She wants a demo', done: 1, done_by: 'ravi@example.com' },
		{ text: 'Demo to the team', due: day(4), outcome: '', done: 0, done_by: null },
	]);
	const deal = gw.sql(`SELECT next_step, next_step_due FROM deals WHERE id = ${id}`)[0];
	assert.deepEqual(deal, { next_step: 'Demo to the team', next_step_due: day(4) });
	assertMirror();
	const audit = gw.sql(`SELECT action, detail FROM audit_log WHERE subject = 'deal:${id}' AND action LIKE 'step-%' ORDER BY id`);
	assert.deepEqual(audit.map((a) => a.action), ['step-create', 'step-done', 'step-create']);
	assert.match(audit[1].detail, /Call Ada \(due .*\): She wants a demo/);
	assert.match(audit[2].detail, new RegExp(`Demo to the team \\(due ${day(4)}\\)`));
	page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Done\. Next step set\./);
	assert.match(page.body, /Done: Call Ada/);
	assert.match(page.body, /She wants a demo/);
	assert.match(page.body, /Next step: Demo to the team/);
});

test('done with nothing next leaves the deal with no open step; the form then asks for one', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Pause Co', next_step: 'Send the deck' });
	assert.equal((await ravi.post(`/deals/${id}/step/done`, { outcome: 'Sent' })).status, 303);
	assert.equal(gw.sqlValue(`SELECT next_step FROM deals WHERE id = ${id}`), '');
	assertMirror();
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Set next step/);
	const before = footprint(id);
	const res = await ravi.post(`/deals/${id}/step/done`, { outcome: '', next: '', next_due: '' });
	assert.equal(res.status, 422);
	assert.match(res.body, /Say what the next step is\./);
	assert.equal(footprint(id), before);
});

test('a move offers "what\'s next?": the open step is closed as moved on and the new one set', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Mover Co', next_step: 'Qualify', next_step_due: day(2) });
	const res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '', next: 'Meet the CFO', next_due: day(6) });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${id}`), 2);
	assert.deepEqual(steps(id).map((s) => [s.text, s.outcome, s.done]),
		[['Qualify', 'Moved to Discovery', 1], ['Meet the CFO', '', 0]]);
	assertMirror();
	// Without "what's next?" the open step stays as it was.
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '3', note: '' })).status, 303);
	assert.equal(gw.sqlValue(`SELECT next_step FROM deals WHERE id = ${id}`), 'Meet the CFO');
	assert.equal(gw.count('deal_steps', `deal_id = ${id}`), 2);
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Moved to Evaluation\./);
});

test('the deal page offers one tap to the next stage, which moves it there', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'One Tap Co' });
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /<button type="submit" class="move-next">Move to Discovery<\/button>/);
	const quick = page.body.match(/<form[^>]*class="quick-move"[\s\S]*?<\/form>/)[0];
	assert.equal(inputValue(quick, 'to_stage_id'), '2');
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '2' })).status, 303);
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${id}`), 2);
});

test('bad input: a past due date, a due date with no step, a reschedule into the past; each keeps what was typed and changes nothing', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Rules Co', next_step: 'Call Ada', next_step_due: day(1) });
	const before = footprint(id);
	let res = await ravi.post(`/deals/${id}/step/done`, { outcome: 'Went well', next: 'Visit', next_due: day(-1) });
	assert.equal(res.status, 422);
	assert.match(res.body, /Choose a due date from today/);
	assert.equal(inputValue(res.body, 'outcome'), 'Went well');
	assert.equal(inputValue(res.body, 'next'), 'Visit');
	assert.equal(inputValue(res.body, 'next_due'), day(-1));
	res = await ravi.post(`/deals/${id}/step/done`, { outcome: '', next: '', next_due: day(3) });
	assert.equal(res.status, 422);
	assert.match(res.body, /Say what the next step is\./);
	res = await ravi.post(`/deals/${id}/step/reschedule`, { due: day(-5) });
	assert.equal(res.status, 422);
	assert.equal(inputValue(res.body, 'due'), day(-5));
	res = await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: 'x', next: 'Later', next_due: day(-1) });
	assert.equal(res.status, 422);
	const move = res.body.match(/<section class="card" id="move">[\s\S]*?<\/form>/)[0];
	assert.equal(inputValue(move, 'next'), 'Later');
	assert.equal(inputValue(move, 'next_due'), day(-1));
	assert.equal(footprint(id), before, 'no refusal changed anything');
});

test('reschedule moves the open step\'s due date, audited with both dates', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Later Co', next_step: 'Call Ada', next_step_due: day(1) });
	const res = await ravi.post(`/deals/${id}/step/reschedule`, { due: day(9) });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT next_step_due FROM deals WHERE id = ${id}`), day(9));
	assert.equal(gw.count('deal_steps', `deal_id = ${id}`), 1);
	assert.equal(gw.sqlValue(`SELECT detail FROM audit_log WHERE subject = 'deal:${id}' AND action = 'step-reschedule'`),
		`Call Ada: ${day(1)} -> ${day(9)}`);
	assertMirror();
	// Nothing open: nothing to reschedule.
	await ravi.post(`/deals/${id}/step/done`, { outcome: '' });
	const none = await ravi.post(`/deals/${id}/step/reschedule`, { due: day(3) });
	assert.equal(none.status, 422);
});

test('a done step can be reopened by the owner, once nothing else is open; the done one stays in the trail', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Again Co', next_step: 'Call Ada', next_step_due: day(2) });
	await ravi.post(`/deals/${id}/step/done`, { outcome: 'No answer', next: 'Email Ada' });
	const done = gw.sqlValue(`SELECT id FROM deal_steps WHERE deal_id = ${id} AND done_at IS NOT NULL`);
	const before = footprint(id);
	let res = await ravi.post(`/deals/${id}/step/reopen`, { step_id: String(done) });
	assert.equal(res.status, 422, 'one open step at a time');
	assert.equal(footprint(id), before);
	await ravi.post(`/deals/${id}/step/done`, { outcome: 'Sent' });
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /Reopen this step/);
	res = await ravi.post(`/deals/${id}/step/reopen`, { step_id: String(done) });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT next_step FROM deals WHERE id = ${id}`), 'Call Ada');
	assert.equal(gw.count('deal_steps', `deal_id = ${id}`), 3);
	assert.equal(gw.count('audit_log', `subject = 'deal:${id}' AND action = 'step-reopen'`), 1);
	assertMirror();
});

test('ownership on every step route: other reps, managers and admins get 404 and nothing changes', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Mine Co', next_step: 'Call Ada', next_step_due: day(2) });
	await ravi.post(`/deals/${id}/step/done`, { outcome: 'ok', next: 'Email Ada' });
	const done = gw.sqlValue(`SELECT id FROM deal_steps WHERE deal_id = ${id} AND done_at IS NOT NULL`);
	await ravi.post(`/deals/${id}/step/done`, { outcome: 'sent' });
	const before = footprint(id);
	const actions = [
		[`/deals/${id}/step/done`, { outcome: 'x', next: 'Hijack', next_due: day(3) }],
		[`/deals/${id}/step/reschedule`, { due: day(3) }],
		[`/deals/${id}/step/reopen`, { step_id: String(done) }],
		[`/deals/${id}/move`, { to_stage_id: '2', next: 'Hijack' }],
	];
	for (const who of ['lena@example.com', 'kofi@example.com', 'maria@example.com', 'admin@example.com']) {
		const other = await gw.login(who);
		await other.get('/');
		for (const [p, fields] of actions) {
			const res = await other.post(p, fields);
			assert.equal(res.status, 404, `${who} ${p}`);
		}
	}
	assert.equal(footprint(id), before, 'nobody but the owner changed anything');
});

test('a closed deal takes no step changes', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Shut Co', next_step: 'Call Ada' });
	await ravi.post(`/deals/${id}/close`, { outcome: 'lost', lost_reason: 'No budget' });
	const before = footprint(id);
	const res = await ravi.post(`/deals/${id}/step/done`, { outcome: 'x', next: 'y' });
	assert.equal(res.status, 422);
	assert.match(res.body, /A closed deal has no next steps/);
	assert.equal(footprint(id), before);
});

test('changing the next step in the edit form leaves a trail instead of overwriting it', async () => {
	const ravi = await gw.login('ravi@example.com');
	const id = await create(ravi, { company: 'Edit Trail Co', next_step: 'Call Ada', next_step_due: day(1) });
	await ravi.get(`/deals/${id}`);
	const res = await ravi.post(`/deals/${id}`, { company: 'Edit Trail Co', next_step: 'Visit Ada', next_step_due: day(3) });
	assert.equal(res.status, 303);
	assert.deepEqual(steps(id).map((s) => [s.text, s.done]), [['Call Ada', 1], ['Visit Ada', 0]]);
	assertMirror();
});

test('My deals opens with today: overdue and due-today steps first, oldest first, then the deals with no open step', async () => {
	gw.addUser('today.rep@example.com', { name: 'Tia Today', role: 'rep', team: 'North' });
	const tia = await gw.login('today.rep@example.com');
	const later = await create(tia, { company: 'Later Ltd', next_step: 'Call later', next_step_due: day(5) });
	const due = await create(tia, { company: 'Due Today Ltd', next_step: 'Call today', next_step_due: day(0) });
	const late = await create(tia, { company: 'Overdue Ltd', next_step: 'Call back', next_step_due: day(0) });
	const none = await create(tia, { company: 'Stepless Ltd' });
	// A step that has fallen due since: both the step and its mirror.
	gw.sql(`UPDATE deal_steps SET due = '${day(-3)}' WHERE deal_id = ${late}`);
	gw.sql(`UPDATE deals SET next_step_due = '${day(-3)}' WHERE id = ${late}`);
	assertMirror();
	const page = await tia.get('/deals');
	assert.equal(page.status, 200);
	const today = page.body.match(/<section class="stage-group today-first"[\s\S]*?<\/section>/);
	const noStep = page.body.match(/<section class="stage-group no-step"[\s\S]*?<\/section>/);
	assert.ok(today, 'a Today list');
	assert.ok(noStep, 'a No next step list');
	const names = (html) => [...html.matchAll(/href="\/deals\/(\d+)"/g)].map((m) => Number(m[1]));
	assert.deepEqual(names(today[0]), [late, due], 'overdue first, then due today; not later ones');
	assert.deepEqual(names(noStep[0]), [none]);
	assert.ok(page.body.indexOf('today-first') < page.body.indexOf('no-step'), 'today before no step');
	assert.ok(page.body.indexOf('no-step') < page.body.indexOf('<section class="stage-group">'), 'both before the stages');
	assert.ok(page.body.includes(`href="/deals/${later}"`), 'the later one is in its stage');
	// Done today: it leaves the list.
	await tia.post(`/deals/${due}/step/done`, { outcome: 'ok', next: 'Send the deck', next_due: day(2) });
	const after = await tia.get('/deals');
	const today2 = after.body.match(/<section class="stage-group today-first"[\s\S]*?<\/section>/);
	assert.deepEqual(names(today2[0]), [late]);
});
