// The board (/deals/board): a rep's open deals by stage, each card with
// a Move form posting what the deal page's move form posts; a manager's
// team board, read-only and filterable by rep; a move to a retired stage
// refused with nothing changed; its script served from static/ with
// the security policy unchanged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, parseForms, sqlq } from './harness.mjs';

const gw = useInstance();

function day(offset) {
	return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

async function create(client, fields) {
	await client.get('/deals/new');
	const res = await client.post('/deals/new', fields);
	assert.equal(res.status, 303);
	return Number(res.location.match(/\/deals\/(\d+)$/)[1]);
}

const card = (html, id) => html.match(new RegExp(`<li class="board-card" data-deal="${id}"[\\s\\S]*?</li>`))?.[0];
const column = (html, stage) => html.match(new RegExp(`<section class="board-col[^"]*" data-stage="${stage}"[\\s\\S]*?</section>`))?.[0];

test('a rep\'s board shows each open deal as a card in its stage\'s column, with its step, amount and days', async () => {
	gw.addUser('board.rep@example.com', { name: 'Bo Board', role: 'rep', team: 'North' });
	const bo = await gw.login('board.rep@example.com');
	const a = await create(bo, { company: 'Card One', amount: '12,500', next_step: 'Call Ada', next_step_due: day(2) });
	const b = await create(bo, { company: 'Card Two', stage_id: '3' });
	const closed = await create(bo, { company: 'Card Closed' });
	await bo.post(`/deals/${closed}/close`, { outcome: 'lost', lost_reason: 'No budget' });
	const page = await bo.get('/deals/board');
	assert.equal(page.status, 200);
	assert.ok(card(column(page.body, 1), a), 'Card One is under Prospect');
	assert.ok(card(column(page.body, 3), b), 'Card Two is under Evaluation');
	assert.ok(!page.body.includes('Card Closed'), 'closed deals are not on the board');
	const one = card(page.body, a);
	assert.match(one, /Card One/);
	assert.match(one, /\$12,500/);
	assert.match(one, /Call Ada/);
	assert.match(one, /0 days in stage/);
	assert.match(one, /draggable="true"/);
	// The card's move form: same action as the deal page, next stage chosen.
	const form = parseForms(one).find((f) => f.action === `/deals/${a}/move`);
	assert.ok(form, 'a move form on the card');
	const select = form.controls.find((c) => c.name === 'to_stage_id');
	assert.equal(select.value, '2', 'the next stage is chosen');
	assert.ok(!select.options.some((o) => o.value === '1'), 'not its own stage');
	// The script is its own file, the policy unchanged.
	assert.match(page.body, /<script src="\/static\/board\.js" defer><\/script>/);
	assert.doesNotMatch(page.body, /<script>/);
	assert.match(page.headers.get('content-security-policy'), /^default-src 'self'; object-src 'none'/);
	const js = await bo.get('/static/board.js');
	assert.equal(js.status, 200);
	assert.match(js.body, /form\.submit\(\)/);
	assert.match(js.body, /ArrowRight/);
});

test('a column shows its 15 most pressing deals and links to the rest: no next step first, then the soonest due', async () => {
	gw.addUser('full.column@example.com', { name: 'Fay Fullcolumn', role: 'rep', team: 'South' });
	const fay = await gw.login('full.column@example.com');
	const none = [];
	for (const n of [1, 2]) none.push(await create(fay, { company: `Stepless ${n}` }));
	const due = [];
	for (let n = 1; n <= 15; n++)
		due.push(await create(fay, { company: `Column Deal ${n}`, next_step: `Step ${n}`, next_step_due: day(n) }));
	const page = await fay.get('/deals/board');
	assert.equal(page.status, 200);
	const prospect = column(page.body, 1);
	assert.equal([...prospect.matchAll(/<li class="board-card"/g)].length, 15, '15 cards of 17');
	for (const id of [...none, ...due.slice(0, 13)]) assert.ok(card(prospect, id), `deal ${id} is shown`);
	for (const id of due.slice(13)) assert.ok(!card(prospect, id), `deal ${id}, due last, waits in the list`);
	assert.match(prospect, /<p class="more-link">15 of 17 shown · <a href="\/deals\?stage=1">all of them<\/a><\/p>/);
});

test('a move from the board posts the deal page\'s form and comes back to the board', async () => {
	const bo = await gw.login('board.rep@example.com');
	const id = await create(bo, { company: 'Board Mover' });
	await bo.get('/deals/board');
	const res = await bo.post(`/deals/${id}/move`, { to_stage_id: '2', from: 'board' });
	assert.equal(res.status, 303);
	assert.equal(res.location, '/deals/board');
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${id}`), 2);
	assert.equal(gw.count('stage_changes', `deal_id = ${id} AND to_stage_id = 2`), 1);
	const page = await bo.get('/deals/board');
	assert.match(page.body, /Moved to Discovery\./);
	assert.ok(card(column(page.body, 2), id));
});

test('a board move to a retired stage is refused, with the choice kept and nothing changed', async () => {
	const bo = await gw.login('board.rep@example.com');
	const id = await create(bo, { company: 'Retired Target' });
	const stage = gw.sqlValue("INSERT INTO stages (name, position, early, probability, target_days, active) VALUES ('Old Stage', 99, 0, 50, 30, 0) RETURNING id");
	const before = JSON.stringify(gw.sql(`SELECT * FROM deals WHERE id = ${id}`));
	const changes = gw.count('stage_changes', `deal_id = ${id}`);
	const page = await bo.get('/deals/board');
	assert.ok(!column(page.body, stage), 'no column for a retired stage');
	const res = await bo.post(`/deals/${id}/move`, { to_stage_id: String(stage), from: 'board' });
	assert.equal(res.status, 422);
	assert.equal(JSON.stringify(gw.sql(`SELECT * FROM deals WHERE id = ${id}`)), before);
	assert.equal(gw.count('stage_changes', `deal_id = ${id}`), changes);
	// A move by someone else's hand from the board: 404, nothing changed.
	const lena = await gw.login('lena@example.com');
	await lena.get('/deals/board');
	assert.equal((await lena.post(`/deals/${id}/move`, { to_stage_id: '2', from: 'board' })).status, 404);
	assert.equal(JSON.stringify(gw.sql(`SELECT * FROM deals WHERE id = ${id}`)), before);
});

test('a phone shows one stage at a time: tabs for each stage, the chosen column marked current', async () => {
	const bo = await gw.login('board.rep@example.com');
	let page = await bo.get('/deals/board');
	assert.match(page.body, /<nav class="board-tabs" aria-label="Stages">/);
	assert.match(column(page.body, 1), /^<section class="board-col current"/);
	assert.match(column(page.body, 2), /^<section class="board-col"/);
	page = await bo.get('/deals/board?stage=3');
	assert.match(column(page.body, 3), /^<section class="board-col current"/);
	assert.match(page.body, /href="\/deals\/board\?stage=3" aria-current="true"/);
	// Nonsense picks the first stage.
	page = await bo.get('/deals/board?stage=abc');
	assert.match(column(page.body, 1), /^<section class="board-col current"/);
});

test('a manager gets the team board, read-only, filterable by rep; other teams\' deals never show', async () => {
	const bo = await gw.login('board.rep@example.com');
	const mine = await create(bo, { company: 'Team Board Co' });
	const kofi = await gw.login('kofi@example.com');
	const south = await create(kofi, { company: 'South Side Co' });
	const maria = await gw.login('maria@example.com');
	let page = await maria.get('/deals/board');
	assert.equal(page.status, 200);
	assert.match(page.body, /Team board/);
	// The whole team's Prospect column counts the new deal with the rest
	// (it shows the first 15; Bo's own board below shows the card).
	const prospect = gw.sqlValue(`SELECT count(*) FROM deals d JOIN teams t ON t.id = d.team_id
		WHERE t.name = 'North' AND d.status = 'open' AND d.stage_id = 1`);
	assert.ok(prospect > 15, `North has more open Prospect deals than a column shows (${prospect})`);
	assert.match(column(page.body, 1), new RegExp(`<p class="more-link">15 of ${prospect} shown</p>`));
	assert.ok(!card(page.body, south), 'another team\'s is not');
	assert.doesNotMatch(page.body, /South Side Co/);
	assert.doesNotMatch(page.body, /board-move|draggable|board\.js/, 'read-only: no move forms, no script');
	const boId = gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq('board.rep@example.com')}`);
	const ravi = gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq('ravi@example.com')}`);
	page = await maria.get(`/deals/board?rep=${ravi}`);
	assert.ok(!card(page.body, mine), 'filtered to Ravi: Bo\'s deal is gone');
	assert.match(page.body, new RegExp(`<option value="${ravi}" selected>`));
	page = await maria.get(`/deals/board?rep=${boId}`);
	assert.ok(card(page.body, mine), 'the team\'s rep\'s deal is there');
	assert.match(card(page.body, mine), /Bo Board/);
	// A rep of another team as the filter is ignored: the whole team.
	const kofiId = gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq('kofi@example.com')}`);
	page = await maria.get(`/deals/board?rep=${kofiId}`);
	assert.ok(!card(page.body, south));
	assert.match(column(page.body, 1), new RegExp(`<p class="more-link">15 of ${prospect} shown</p>`), 'the whole team');
	// Admins have no board; signed out goes to sign-in.
	const admin = await gw.login('admin@example.com');
	assert.equal((await admin.get('/deals/board')).status, 404);
	assert.equal((await gw.client().get('/deals/board')).status, 303);
});
