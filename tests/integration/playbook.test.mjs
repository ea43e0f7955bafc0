// The stage playbook through the real app and nginx: the exit-criteria
// checklist (ticks with evidence, unticks that keep history), job-aid
// use on a deal and its validation, criteria skipped by a move or a
// win, who may change any of it, the job-aid library and its
// effectiveness page, and the admin pages for stages, criteria and
// job-aids.  Every denial is checked against the database: nothing
// changed.
//
// All tests share one instance and run in order; the ones that change
// the stages themselves come last and use stages they add.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, inputValue, selectedOption, htmlUnescape, sqlq } from './harness.mjs';

const gw = useInstance();

// --------------------------------------------------------------------
// Helpers

/** One signed-in client per user for the whole file. */
const clients = new Map();
async function as(who) {
	const email = who.includes('@') ? who : `${who}@example.com`;
	if (!clients.has(email)) clients.set(email, await gw.login(email));
	return clients.get(email);
}

const userId = (name) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(`${name}@example.com`)}`);

/** Create a deal as client; returns its id. */
async function create(client, fields) {
	await client.get('/deals/new');
	const res = await client.post('/deals/new', fields);
	assert.equal(res.status, 303, `create answered ${res.status}`);
	return Number(res.location.match(/\/deals\/(\d+)$/)[1]);
}

/** The HTML from marker up to the end of its <section>. */
function section(html, marker) {
	const i = html.indexOf(marker);
	if (i < 0) return '';
	const j = html.indexOf('</section>', i);
	return html.slice(i, j < 0 ? undefined : j);
}
const checklistOf = (html) => section(html, '<section class="card" id="checklist">');
const aidsOf = (html) => section(html, '<section class="card" id="aids">');
const moveOf = (html) => section(html, '<section class="card" id="move">');
const timelineOf = (html) => section(html, '<h2>Timeline</h2>');

/** The value of the checked radio named name in html, or null. */
function checkedRadio(html, name) {
	const m = html.match(new RegExp(`<input type="radio" name="${name}" value="([^"]*)" checked>`));
	return m ? htmlUnescape(m[1]) : null;
}

/** The option values of <select name=name>. */
function optionValues(html, name) {
	const sel = html.match(new RegExp(`<select[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`));
	if (!sel) return null;
	return [...sel[1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
}

/** The value="" of the input with this id (unescaped), or null. */
function inputById(html, id) {
	const tag = html.match(new RegExp(`<input id="${id}"[^>]*>`));
	if (!tag) return null;
	const v = tag[0].match(/\bvalue="([^"]*)"/);
	return v ? htmlUnescape(v[1]) : '';
}

/** The text of <textarea name=name> (unescaped), or null. */
function textareaValue(html, name) {
	const m = html.match(new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`));
	return m ? htmlUnescape(m[1]) : null;
}

/** Everything a deal's playbook touches, to compare before and after. */
function dealFootprint(id) {
	return JSON.stringify({
		deal: gw.sql(`SELECT * FROM deals WHERE id = ${id}`),
		ticks: gw.sql(`SELECT * FROM deal_criteria WHERE deal_id = ${id} ORDER BY id`),
		uses: gw.sql(`SELECT * FROM job_aid_uses WHERE deal_id = ${id} ORDER BY id`),
		changes: gw.sql(`SELECT * FROM stage_changes WHERE deal_id = ${id} ORDER BY id`),
		audit: gw.count('audit_log', `subject = 'deal:${id}'`),
	});
}

const ADMIN_ACTIONS = "('stage-add', 'stage-update', 'criterion-add', 'criterion-update', 'aid-add', 'aid-update')";

/** The whole playbook definition and its audit trail. */
function playbookFootprint() {
	return JSON.stringify({
		stages: gw.sql('SELECT * FROM stages ORDER BY id'),
		criteria: gw.sql('SELECT * FROM exit_criteria ORDER BY id'),
		aids: gw.sql('SELECT * FROM job_aids ORDER BY id'),
		audit: gw.count('audit_log', `action IN ${ADMIN_ACTIONS}`),
	});
}

/** The newest audit row for action (and subject, if given). */
function lastAudit(action, subject) {
	const where = subject === undefined ? '' : ` AND subject = ${sqlq(subject)}`;
	return gw.sql(`SELECT a.action, a.subject, a.detail, u.email FROM audit_log a
		LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.action = ${sqlq(action)}${where} ORDER BY a.id DESC LIMIT 1`)[0];
}

/** Add a job-aid as admin; returns its id. */
async function addAid(fields) {
	const admin = await as('admin');
	await admin.get('/admin/aids/new');
	const all = { kind: 'other', body: '', link: '', active: '1', ...fields };
	const res = await admin.post('/admin/aids/new', all);
	assert.equal(res.status, 303, `aid add answered ${res.status}`);
	assert.equal(res.location, '/admin/aids');
	return gw.sqlValue(`SELECT max(id) FROM job_aids WHERE title = ${sqlq(all.title)}`);
}

const stageRow = (id) => gw.sql(`SELECT * FROM stages WHERE id = ${id}`)[0];

/** A stage's current values as the edit form sends them. */
function stageFields(id, change = {}) {
	const s = stageRow(id);
	return {
		name: s.name,
		position: String(s.position),
		early: String(s.early),
		probability: String(s.probability),
		target_days: String(s.target_days),
		active: String(s.active),
		...change,
	};
}

// --------------------------------------------------------------------
// The checklist

test('ticking a criterion stores it with its evidence, audits it, and the deal page shows both', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Tick Evidence Co' });
	let page = await ravi.get(`/deals/${id}`);
	let cl = checklistOf(page.body);
	assert.match(cl, /Exit criteria for Prospect/);
	assert.match(cl, /0 of 2 ticked/);
	assert.match(cl, /Buyer agreed to a first conversation/);
	assert.match(cl, /The fit with our ideal customer was checked/);
	assert.match(cl, /action="\/deals\/\d+\/tick#checklist"[\s\S]*name="criterion_id" value="1"/);

	const res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '1', evidence: 'Said so on the call <Tuesday>' });
	assert.equal(res.status, 303);
	assert.equal(res.location, `/deals/${id}`);
	const rows = gw.sql(`SELECT criterion_id, ticked_by, evidence, unticked_at FROM deal_criteria WHERE deal_id = ${id}`);
	assert.deepEqual(rows, [{ criterion_id: 1, ticked_by: userId('ravi'), evidence: 'Said so on the call <Tuesday>', unticked_at: null }]);
	const audit = lastAudit('deal-tick', `deal:${id}`);
	assert.equal(audit.email, 'ravi@example.com');
	assert.equal(audit.detail, 'Buyer agreed to a first conversation');

	page = await ravi.get(`/deals/${id}`);
	cl = checklistOf(page.body);
	assert.match(cl, /1 of 2 ticked/);
	assert.match(cl, /<strong>Buyer agreed to a first conversation<\/strong>/);
	assert.match(cl, /Ticked by Ravi[^<]*“Said so on the call &lt;Tuesday&gt;”/, 'evidence shown, escaped');
	assert.match(cl, /action="\/deals\/\d+\/untick#checklist"[\s\S]*name="criterion_id" value="1"/, 'an untick button');
	const tl = timelineOf(page.body);
	assert.match(tl, /Ticked: Buyer agreed to a first conversation<\/span>[^\n]*<p class="tl-note">Said so on the call &lt;Tuesday&gt;<\/p>/);
});

test('ticking an already-ticked criterion, one of another stage, or none at all is refused; nothing changes', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Double Tick Co' });
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '2', evidence: 'first' })).status, 303);
	const before = dealFootprint(id);
	let res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '2', evidence: 'second' });
	assert.equal(res.status, 422);
	assert.match(res.body, /That criterion is already ticked\./);
	res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '3', evidence: 'other stage' });
	assert.equal(res.status, 422, 'criterion 3 belongs to Discovery');
	res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '', evidence: 'none' });
	assert.equal(res.status, 422);
	res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '99999', evidence: 'unknown' });
	assert.equal(res.status, 422);
	assert.equal(dealFootprint(id), before);
	assert.equal(gw.count('deal_criteria', `deal_id = ${id} AND evidence = 'first'`), 1, 'the first tick kept its evidence');
});

test('a refused tick or job-aid use says why on the page it answers with', async () => {
	// A request that fails on its criterion or on the deal's status must
	// explain itself; a 422 page with no message leaves the rep guessing.
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Silent Refusal Co' });
	const missing = [];
	let res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '3', evidence: 'Buyer said so' });
	assert.equal(res.status, 422);
	if (!res.body.includes('That criterion is not on this stage’s checklist.') &&
		!res.body.includes("That criterion is not on this stage&#39;s checklist.") &&
		!res.body.includes("That criterion is not on this stage's checklist."))
		missing.push('POST /deals/{id}/tick with a criterion of another stage: no message on the 422 page');
	assert.equal((await ravi.post(`/deals/${id}/close`, { outcome: 'won', confirm_win: '1' })).status, 303);
	res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '1', evidence: 'too late' });
	assert.equal(res.status, 422);
	if (!res.body.includes('This deal is closed'))
		missing.push('POST /deals/{id}/tick on a closed deal: no message on the 422 page');
	res = await ravi.post(`/deals/${id}/aids`, { aid_id: '1', outcome: 'helped', note: 'after the win' });
	assert.equal(res.status, 422);
	if (!res.body.includes('This deal is closed'))
		missing.push('POST /deals/{id}/aids on a closed deal: no message on the 422 page');
	assert.equal(gw.count('deal_criteria', `deal_id = ${id}`), 0);
	assert.equal(gw.count('job_aid_uses', `deal_id = ${id}`), 0);
	assert.deepEqual(missing, []);
});

test('over-long evidence is refused next to its criterion with the text kept', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Long Evidence Co' });
	await ravi.get(`/deals/${id}`);
	const long = 'e'.repeat(301);
	const res = await ravi.post(`/deals/${id}/tick`, { criterion_id: '2', evidence: long });
	assert.equal(res.status, 422);
	const cl = checklistOf(res.body);
	assert.match(cl, /id="e-evidence-2">This is too long: at most \d+ characters/);
	assert.equal(inputById(cl, 'f-evidence-2'), long);
	assert.equal(inputById(cl, 'f-evidence-1'), '', 'the other criterion is untouched');
	assert.equal(gw.count('deal_criteria', `deal_id = ${id}`), 0);
	// 300 characters (multi-byte ones too) is the limit, not more.
	const ok = 'é'.repeat(300);
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '2', evidence: ok })).status, 303);
	assert.equal(gw.sqlValue(`SELECT evidence FROM deal_criteria WHERE deal_id = ${id}`), ok);
});

test('unticking keeps the history: the row is closed, not deleted, and a new tick is a new row', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Untick History Co' });
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '1', evidence: 'Met on Monday' })).status, 303);
	const before = dealFootprint(id);
	let res = await ravi.post(`/deals/${id}/untick`, { criterion_id: '2' });
	assert.equal(res.status, 422, 'criterion 2 was never ticked');
	assert.match(res.body, /That criterion was not ticked\./);
	assert.equal(dealFootprint(id), before);

	res = await ravi.post(`/deals/${id}/untick`, { criterion_id: '1' });
	assert.equal(res.status, 303);
	let rows = gw.sql(`SELECT criterion_id, evidence, unticked_at IS NOT NULL AS closed, unticked_by
		FROM deal_criteria WHERE deal_id = ${id} ORDER BY id`);
	assert.deepEqual(rows, [{ criterion_id: 1, evidence: 'Met on Monday', closed: 1, unticked_by: userId('ravi') }]);
	assert.equal(gw.count('audit_log', `action = 'deal-untick' AND subject = 'deal:${id}'`), 1);
	let page = await ravi.get(`/deals/${id}`);
	const cl = checklistOf(page.body);
	assert.match(cl, /0 of 2 ticked/);
	assert.doesNotMatch(cl, /Met on Monday/);
	assert.match(timelineOf(page.body), /Unticked: Buyer agreed to a first conversation/);
	assert.match(timelineOf(page.body), /Ticked: Buyer agreed to a first conversation/, 'the old tick stays in the timeline');

	// Unticking twice is refused; ticking again adds a second row.
	assert.equal((await ravi.post(`/deals/${id}/untick`, { criterion_id: '1' })).status, 422);
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '1', evidence: 'Confirmed again' })).status, 303);
	rows = gw.sql(`SELECT evidence, unticked_at IS NULL AS open FROM deal_criteria WHERE deal_id = ${id} ORDER BY id`);
	assert.deepEqual(rows, [{ evidence: 'Met on Monday', open: 0 }, { evidence: 'Confirmed again', open: 1 }]);
	page = await ravi.get(`/deals/${id}`);
	assert.match(checklistOf(page.body), /“Confirmed again”/);
});

// --------------------------------------------------------------------
// Job-aid use on a deal

test('logging a job-aid use records the stage the deal is in at that moment and shows it on the deal', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Aid Stage Co' });
	let page = await ravi.get(`/deals/${id}`);
	const aids = aidsOf(page.body);
	assert.match(aids, /Job-aids for Prospect/);
	assert.match(aids, /<a href="\/aids\/1">First-conversation opener<\/a>/);
	assert.match(aids, /No job-aid uses logged yet/);
	let res = await ravi.post(`/deals/${id}/aids`, { aid_id: '1', outcome: 'helped', note: 'Opened with <their> words' });
	assert.equal(res.status, 303);
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '' })).status, 303);
	res = await ravi.post(`/deals/${id}/aids`, { aid_id: '3', outcome: 'not_helped', note: '' });
	assert.equal(res.status, 303);
	const rows = gw.sql(`SELECT aid_id, user_id, stage_id, outcome, note FROM job_aid_uses WHERE deal_id = ${id} ORDER BY id`);
	assert.deepEqual(rows, [
		{ aid_id: 1, user_id: userId('ravi'), stage_id: 1, outcome: 'helped', note: 'Opened with <their> words' },
		{ aid_id: 3, user_id: userId('ravi'), stage_id: 2, outcome: 'not_helped', note: '' },
	]);
	assert.equal(gw.count('audit_log', `action = 'deal-aid-use' AND subject = 'deal:${id}'`), 2);
	page = await ravi.get(`/deals/${id}`);
	const uses = section(page.body, '<h3>Used on this deal</h3>');
	assert.match(uses, /First-conversation opener<\/a> · <span class="outcome-helped">Helped<\/span>/);
	assert.match(uses, /Discovery question guide<\/a> · <span class="outcome-not_helped">Did not help<\/span>/);
	assert.match(uses, /Opened with &lt;their&gt; words/);
	assert.match(timelineOf(page.body), /Used First-conversation opener \(Helped\)/);
});

// Each bad use: 422, its message, what was typed kept, nothing saved.
const badUses = [
	['missing outcome', { aid_id: '2', note: 'Kept note one' }, 'outcome', { aid: '2', outcome: null, note: 'Kept note one' }],
	['unknown outcome', { aid_id: '2', outcome: 'amazing', note: 'Kept note two' }, 'outcome', { aid: '2', outcome: null, note: 'Kept note two' }],
	['unknown aid', { aid_id: '99999', outcome: 'neutral', note: 'Kept note three' }, 'aid_id', { aid: null, outcome: 'neutral', note: 'Kept note three' }],
	['missing aid', { aid_id: '', outcome: 'helped', note: 'Kept note four' }, 'aid_id', { aid: null, outcome: 'helped', note: 'Kept note four' }],
	['note too long', { aid_id: '1', outcome: 'helped', note: 'n'.repeat(501) }, 'note', { aid: '1', outcome: 'helped', note: 'n'.repeat(501) }],
	['invalid UTF-8 in the note', 'aid_id=2&outcome=not_helped&note=Caf%C3%A9%FF', 'note', { aid: '2', outcome: 'not_helped', note: 'Café\uFFFD' }],
];

for (const [name, fields, errorField, kept] of badUses) {
	test(`a job-aid use with bad input (${name}) is refused with the form kept and nothing saved`, async () => {
		const ravi = await as('ravi');
		const id = await create(ravi, { company: `Bad Use ${name}` });
		await ravi.get(`/deals/${id}`);
		const before = dealFootprint(id);
		const res = await ravi.post(`/deals/${id}/aids`, fields);
		assert.equal(res.status, 422);
		const form = aidsOf(res.body);
		assert.match(form, /The use was not logged/);
		const errorId = `e-aid-${errorField}`;
		assert.match(form, new RegExp(`id="${errorId}"`), 'message next to the field');
		assert.equal(selectedOption(form, 'aid_id'), kept.aid, 'aid kept');
		assert.equal(checkedRadio(form, 'outcome'), kept.outcome, 'outcome kept');
		assert.equal(inputValue(form, 'note'), kept.note, 'note kept');
		assert.equal(dealFootprint(id), before);
	});
}

test('a retired job-aid is hidden from new use, but its past uses stay on the deal and in the data', async () => {
	const ravi = await as('ravi');
	const admin = await as('admin');
	const aid = await addAid({ title: 'Retire Me Guide', stage_id: '1', kind: 'checklist', body: 'Step one' });
	const id = await create(ravi, { company: 'Retired Aid Co' });
	assert.equal((await ravi.post(`/deals/${id}/aids`, { aid_id: String(aid), outcome: 'helped', note: 'Before retiring' })).status, 303);

	await admin.get(`/admin/aids/${aid}`);
	let res = await admin.post(`/admin/aids/${aid}`, { title: 'Retire Me Guide', stage_id: '1', kind: 'checklist', body: 'Step one', link: '', active: '0' });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT active FROM job_aids WHERE id = ${aid}`), 0);
	const audit = lastAudit('aid-update', 'Retire Me Guide');
	assert.equal(audit.detail, 'retired');
	assert.equal(audit.email, 'admin@example.com');

	let page = await ravi.get(`/deals/${id}`);
	const aids = aidsOf(page.body);
	assert.ok(!optionValues(aids, 'aid_id').includes(String(aid)), 'not offered in the use form');
	assert.ok(optionValues(aids, 'aid_id').includes('1'), 'active aids still offered');
	assert.doesNotMatch(aids.split('<h3>')[0], new RegExp(`<li><a href="/aids/${aid}">`), 'not in the stage list');
	const uses = section(page.body, '<h3>Used on this deal</h3>');
	assert.match(uses, /Retire Me Guide<\/a> · <span class="outcome-helped">Helped<\/span>/, 'past use still shown');
	assert.match(uses, /Before retiring/);

	const before = dealFootprint(id);
	res = await ravi.post(`/deals/${id}/aids`, { aid_id: String(aid), outcome: 'neutral', note: 'After retiring' });
	assert.equal(res.status, 422);
	assert.match(aidsOf(res.body), /id="e-aid-aid_id"/);
	assert.equal(checkedRadio(aidsOf(res.body), 'outcome'), 'neutral');
	assert.equal(inputValue(aidsOf(res.body), 'note'), 'After retiring');
	assert.equal(dealFootprint(id), before);
	assert.equal(gw.count('job_aid_uses', `aid_id = ${aid}`), 1, 'the past use is kept');

	// The library no longer lists it, but its page stays readable (and
	// marked retired) so the past use's link still works.
	const repView = await ravi.get(`/aids/${aid}`);
	assert.equal(repView.status, 200);
	assert.match(repView.body, /has been retired from the library/);
	assert.doesNotMatch((await ravi.get('/aids')).body, /Retire Me Guide/);
	page = await admin.get(`/aids/${aid}`);
	assert.equal(page.status, 200);
	assert.match(page.body, /<span class="badge off">Retired<\/span>/);
	assert.match((await admin.get('/admin/aids')).body, /Retire Me Guide<\/a><\/td>[\s\S]*?<td>Retired<\/td>/);
});

// --------------------------------------------------------------------
// Skipped criteria

test('a forward move with criteria unticked records them; a move back records none', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Skipper Co' });
	let page = await ravi.get(`/deals/${id}`);
	assert.doesNotMatch(page.body, /Skipped steps/, 'no badge on a fresh deal');
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '1', evidence: '' })).status, 303);
	page = await ravi.get(`/deals/${id}`);
	assert.match(moveOf(page.body), /Moving forward now records them as skipped:[\s\S]*<li>The fit with our ideal customer was checked<\/li>/);
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '' })).status, 303);
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '1', note: 'back' })).status, 303);
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '2', evidence: 'checked now' })).status, 303);
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '' })).status, 303);
	const rows = gw.sql(`SELECT from_stage_id AS f, to_stage_id AS t, skipped_criteria AS ids,
		skipped_criteria_count AS n FROM stage_changes WHERE deal_id = ${id} ORDER BY id`);
	assert.deepEqual(rows, [
		{ f: null, t: 1, ids: '', n: 0 },
		{ f: 1, t: 2, ids: '2', n: 1 },
		{ f: 2, t: 1, ids: '', n: 0 },
		{ f: 1, t: 2, ids: '', n: 0 },
	], 'stage 2 had both criteria unticked when the deal moved back');
	page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, /<span class="badge skip"[^>]*>Skipped steps: [^<]+<\/span>/);
	const tl = timelineOf(page.body);
	assert.match(tl, /Moved from Prospect to Discovery, leaving 1 criterion unticked/);
	assert.match(tl, /Moved back from Discovery to Prospect</);
});

test('a forward move past a stage records the unticked criteria of the stage left, with the stage skip', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Leap Frog Co' });
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '3', note: '' })).status, 303);
	const row = gw.sql(`SELECT skipped_stages AS s, skipped_criteria AS ids, skipped_criteria_count AS n
		FROM stage_changes WHERE deal_id = ${id} AND to_stage_id = 3`)[0];
	assert.deepEqual(row, { s: 1, ids: '1,2', n: 2 });
	const page = await ravi.get(`/deals/${id}`);
	assert.match(page.body, />Skipped steps: 1 stage, 2 criteria</);
	assert.match(timelineOf(page.body), /skipping 1 stage, leaving 2 criteria unticked/);
});

test('a fully ticked deal moves on with no skip and no badge', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'By The Book Co' });
	for (const c of ['1', '2']) assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: c, evidence: 'yes' })).status, 303);
	const page0 = await ravi.get(`/deals/${id}`);
	assert.doesNotMatch(moveOf(page0.body), /records them as skipped/);
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '' })).status, 303);
	assert.equal(gw.count('stage_changes', `deal_id = ${id} AND skipped_criteria_count > 0`), 0);
	const page = await ravi.get(`/deals/${id}`);
	assert.doesNotMatch(page.body, /Skipped steps/);
	assert.match(checklistOf(page.body), /Exit criteria for Discovery/);
});

test('a win with criteria unticked records them; a loss records none', async () => {
	const ravi = await as('ravi');
	const won = await create(ravi, { company: 'Quick Win Co', stage_id: '2' });
	assert.equal((await ravi.post(`/deals/${won}/tick`, { criterion_id: '3', evidence: 'cost agreed' })).status, 303);
	assert.equal((await ravi.post(`/deals/${won}/close`, { outcome: 'won', confirm_win: '1' })).status, 303);
	const w = gw.sql(`SELECT to_status AS st, skipped_criteria AS ids, skipped_criteria_count AS n
		FROM stage_changes WHERE deal_id = ${won} ORDER BY id DESC LIMIT 1`)[0];
	assert.deepEqual(w, { st: 'won', ids: '4', n: 1 });
	let page = await ravi.get(`/deals/${won}`);
	assert.match(page.body, />Skipped steps: /);
	assert.match(timelineOf(page.body), /Closed as won at Discovery, skipping 3 stages, leaving 1 criterion unticked/);

	const lost = await create(ravi, { company: 'Quick Loss Co', stage_id: '2' });
	assert.equal((await ravi.post(`/deals/${lost}/close`, { outcome: 'lost', lost_reason: 'No budget' })).status, 303);
	const l = gw.sql(`SELECT to_status AS st, skipped_criteria AS ids, skipped_criteria_count AS n
		FROM stage_changes WHERE deal_id = ${lost} ORDER BY id DESC LIMIT 1`)[0];
	assert.deepEqual(l, { st: 'lost', ids: '', n: 0 });
	page = await ravi.get(`/deals/${lost}`);
	assert.doesNotMatch(page.body, /Skipped steps/);
});

// --------------------------------------------------------------------
// Who may change a deal's playbook

test('the ownership matrix: only the owner may tick, untick or log a job-aid use; everyone else gets 404 and nothing changes', async () => {
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Owned Playbook Co' });
	assert.equal((await ravi.post(`/deals/${id}/tick`, { criterion_id: '1', evidence: 'owner tick' })).status, 303);
	assert.equal((await ravi.post(`/deals/${id}/aids`, { aid_id: '1', outcome: 'helped', note: 'owner use' })).status, 303);
	const before = dealFootprint(id);
	const actions = [
		[`/deals/${id}/tick`, { criterion_id: '2', evidence: 'not mine' }],
		[`/deals/${id}/untick`, { criterion_id: '1' }],
		[`/deals/${id}/aids`, { aid_id: '2', outcome: 'neutral', note: 'not mine' }],
	];
	for (const who of ['lena', 'kofi', 'maria', 'sam', 'admin']) {
		const other = await as(who);
		await other.get(other.home);
		for (const [p, fields] of actions) {
			const res = await other.post(p, fields);
			assert.equal(res.status, 404, `${who} POST ${p}`);
			assert.doesNotMatch(res.body, /Owned Playbook Co/, `${who} learns nothing`);
		}
		assert.equal(dealFootprint(id), before, `${who} changed nothing`);
	}
	// The manager and the admin see the checklist and uses, with no forms.
	for (const who of ['maria', 'admin']) {
		const page = await (await as(who)).get(`/deals/${id}`);
		assert.equal(page.status, 200);
		assert.match(checklistOf(page.body), /“owner tick”/);
		assert.doesNotMatch(page.body, /\/tick#checklist|\/untick#checklist|I used a job-aid/);
		assert.match(aidsOf(page.body), /owner use/);
	}
	// The owner's own requests work, so the 404s were about ownership.
	for (const [p, fields] of actions) assert.equal((await ravi.post(p, fields)).status, 303, `ravi POST ${p}`);
});

// --------------------------------------------------------------------
// The library and effectiveness

test('a job-aid body with HTML-like text comes out escaped, as paragraphs and lists', async () => {
	const aid = await addAid({
		title: 'Tags <b>bold</b> & co',
		stage_id: '2',
		kind: 'question_guide',
		body: '<script>alert("x")</script>\nsecond line\n\n- <img src=x onerror=alert(1)>\n- plain item\n\n1. first step\n2. second step',
		link: 'https://example.com/guide?a=1&b=2',
	});
	const ravi = await as('ravi');
	const page = await ravi.get(`/aids/${aid}`);
	assert.equal(page.status, 200);
	assert.doesNotMatch(page.body, /<script>alert/);
	assert.doesNotMatch(page.body, /<img src=x/);
	assert.doesNotMatch(page.body, /<b>bold<\/b>/);
	assert.match(page.body, /<h1>Tags &lt;b&gt;bold&lt;\/b&gt; &amp; co<\/h1>/);
	const body = section(page.body, '<div class="aid-body">');
	assert.match(body, /<p>&lt;script&gt;alert\((&quot;|&#34;)x(&quot;|&#34;)\)&lt;\/script&gt;<br>second line<br><\/p>/);
	assert.match(body, /<ul><li>&lt;img src=x onerror=alert\(1\)&gt;<\/li><li>plain item<\/li><\/ul>/);
	assert.match(body, /<ol><li>first step<\/li><li>second step<\/li><\/ol>/);
	assert.match(page.body, /<a href="https:\/\/example.com\/guide\?a=1&amp;b=2" rel="noopener noreferrer">/);
	// And in the library list, under its stage.
	const lib = await ravi.get('/aids?stage=2');
	assert.match(lib.body, new RegExp(`<a href="/aids/${aid}">Tags &lt;b&gt;bold&lt;/b&gt; &amp; co</a>`));
});

test('an aid page counts uses by the viewer\'s team (all teams for an admin)', async () => {
	const aid = await addAid({ title: 'Count Probe Sheet', stage_id: '1', kind: 'worksheet', body: 'Count me' });
	const ravi = await as('ravi');
	const kofi = await as('kofi');
	const x = await create(ravi, { company: 'Count X Co' });
	const y = await create(ravi, { company: 'Count Y Co' });
	const k = await create(kofi, { company: 'Count K Co' });
	for (const [c, d] of [[ravi, x], [ravi, x], [ravi, y], [kofi, k]])
		assert.equal((await c.post(`/deals/${d}/aids`, { aid_id: String(aid), outcome: 'neutral', note: '' })).status, 303);
	const expected = [
		['ravi', 'Used 3 times on 2 deals by your team.'],
		['maria', 'Used 3 times on 2 deals by your team.'],
		['kofi', 'Used 1 time on 1 deal by your team.'],
		['sam', 'Used 1 time on 1 deal by your team.'],
		['admin', 'Used 4 times on 3 deals by all teams.'],
	];
	for (const [who, text] of expected) {
		const page = await (await as(who)).get(`/aids/${aid}`);
		assert.equal(page.status, 200, who);
		assert.ok(page.body.includes(text), `${who} sees "${text}"`);
	}
});

/** The rows of the effectiveness table: title and the two figure cells. */
function effectRows(html) {
	const tbody = section(html, '<tbody>').split('</tbody>')[0];
	return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => {
		const title = htmlUnescape(m[1].match(/<a href="\/aids\/\d+">([^<]*)<\/a>/)[1]);
		const nums = [...m[1].matchAll(/<td class="num"[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
		return { title, used: nums[0], not: nums[2] };
	});
}

const FIGURE = /^(\d+%|—) <span class="muted">· (\d+) of (\d+)<\/span>( <span class="badge off">too few<\/span>)?$/;

/** Check one figure cell: its count, its share, and "too few" under 5. */
function checkFigure(cell, where) {
	const m = cell.match(FIGURE);
	assert.ok(m, `${where}: "${cell}" has a share and "A of D"`);
	const [, share, a, d, tooFew] = m;
	const advanced = Number(a);
	const deals = Number(d);
	assert.ok(advanced <= deals, where);
	assert.equal(share, deals ? `${Math.round((100 * advanced) / deals)}%` : '—', `${where}: share`);
	assert.equal(Boolean(tooFew), deals < 5, `${where}: "too few" exactly under 5 deals`);
	return { advanced, deals };
}

test('effectiveness: a manager sees their team, an admin all teams or one, a rep 404; each figure carries its count', async () => {
	const aid = await addAid({ title: 'Effect Probe Plan', stage_id: '1', kind: 'template', body: 'Probe' });
	const ravi = await as('ravi');
	const id = await create(ravi, { company: 'Effect Probe Co' });
	assert.equal((await ravi.post(`/deals/${id}/aids`, { aid_id: String(aid), outcome: 'helped', note: '' })).status, 303);
	assert.equal((await ravi.post(`/deals/${id}/move`, { to_stage_id: '2', note: '' })).status, 303);

	assert.equal((await ravi.get('/aids/effectiveness')).status, 404);
	assert.equal((await (await as('kofi')).get('/aids/effectiveness')).status, 404);
	assert.doesNotMatch((await ravi.get('/aids')).body, /href="\/aids\/effectiveness"/, 'no link for reps');

	const views = [
		['maria', '/aids/effectiveness', 'North', { advanced: 1, deals: 1 }],
		['sam', '/aids/effectiveness', 'South', { advanced: 0, deals: 0 }],
		['admin', '/aids/effectiveness', 'All teams', { advanced: 1, deals: 1 }],
		['admin', '/aids/effectiveness?team=2', 'South', { advanced: 0, deals: 0 }],
	];
	const aidCount = gw.count('job_aids');
	for (const [who, p, scope, probe] of views) {
		const page = await (await as(who)).get(p);
		assert.equal(page.status, 200, `${who} ${p}`);
		assert.match(page.body, new RegExp(`<h1>Which job-aids work\\? <span class="muted">· ${scope}</span></h1>`));
		const rows = effectRows(page.body);
		assert.equal(rows.length, aidCount, 'a row for every aid, retired ones included');
		for (const r of rows) {
			checkFigure(r.used, `${who} ${scope} ${r.title} used`);
			checkFigure(r.not, `${who} ${scope} ${r.title} not used`);
		}
		const mine = rows.find((r) => r.title === 'Effect Probe Plan');
		assert.deepEqual(checkFigure(mine.used, 'probe'), probe, `${who} ${scope}: the probe's used figure`);
	}
	// The demo history gives some figures enough deals to trust.
	const all = effectRows((await (await as('admin')).get('/aids/effectiveness')).body);
	assert.ok(all.some((r) => !/too few/.test(r.used)), 'some used figures are from 5 or more deals');
	assert.equal((await (await as('admin')).get('/aids/effectiveness?team=99999')).status, 404);
});

// --------------------------------------------------------------------
// Admin: nobody else gets in

test('reps and managers cannot reach any admin playbook page, by GET or POST, and nothing changes', async () => {
	const admin = await as('admin');
	await admin.get('/admin/stages');
	const before = playbookFootprint();
	const gets = ['/admin/stages', '/admin/stages/1', '/admin/aids', '/admin/aids/new', '/admin/aids/1'];
	const posts = [
		['/admin/stages', { name: 'Sneaky Stage', early: '0', probability: '50', target_days: '10' }],
		['/admin/stages/1', { name: 'Hijacked', position: '1', early: '1', probability: '10', target_days: '14', active: '0' }],
		['/admin/stages/1/criteria', { text: 'Sneaky criterion' }],
		['/admin/criteria/1', { text: 'Hijacked criterion', position: '1', active: '0' }],
		['/admin/aids/new', { title: 'Sneaky aid', stage_id: '1', kind: 'other', body: 'x', link: '', active: '1' }],
		['/admin/aids/1', { title: 'Hijacked aid', stage_id: '1', kind: 'other', body: 'x', link: '', active: '0' }],
	];
	for (const who of ['ravi', 'kofi', 'maria', 'sam']) {
		const c = await as(who);
		await c.get(c.home);
		for (const p of gets) {
			const res = await c.get(p);
			assert.equal(res.status, 404, `${who} GET ${p}`);
			assert.match(res.body, /Page not found/);
		}
		for (const [p, fields] of posts) {
			const res = await c.post(p, fields);
			assert.equal(res.status, 404, `${who} POST ${p}`);
		}
		assert.equal(playbookFootprint(), before, `${who} changed nothing`);
	}
	// The same requests from the admin are not 404s.
	for (const p of gets) assert.equal((await admin.get(p)).status, 200, `admin GET ${p}`);
});

test('no stage can be deleted: there is no route for it', async () => {
	const admin = await as('admin');
	await admin.get('/admin/stages');
	const before = playbookFootprint();
	assert.equal((await admin.request('DELETE', '/admin/stages/5')).status, 405);
	assert.equal((await admin.post('/admin/stages/5/delete', {})).status, 404);
	assert.equal((await admin.post('/admin/stages/5/remove', {})).status, 404);
	assert.equal(playbookFootprint(), before);
	assert.equal(gw.count('stages', 'id = 5'), 1);
});

// --------------------------------------------------------------------
// Admin: exit criteria

test('criteria: add, edit and retire, each audited; a retired one leaves the checklist but a tick of it stays in the timeline', async () => {
	const admin = await as('admin');
	const ravi = await as('ravi');
	await admin.get('/admin/stages/2');
	let res = await admin.post('/admin/stages/2/criteria', { text: 'Buyer named a budget owner' });
	assert.equal(res.status, 303);
	assert.equal(res.location, '/admin/stages/2#criteria');
	const cid = gw.sqlValue("SELECT id FROM exit_criteria WHERE text = 'Buyer named a budget owner'");
	assert.deepEqual(gw.sql(`SELECT stage_id, position, active FROM exit_criteria WHERE id = ${cid}`),
		[{ stage_id: 2, position: 3, active: 1 }]);
	let audit = lastAudit('criterion-add');
	assert.deepEqual(audit, { action: 'criterion-add', subject: 'Discovery', detail: 'Buyer named a budget owner', email: 'admin@example.com' });
	assert.match((await admin.get('/admin/stages')).body, /Discovery<\/span><\/a>[\s\S]*?<td class="num">3<\/td>\s*<td>In use/);

	const keeper = await create(ravi, { company: 'Criteria Keeper Co', stage_id: '2' });
	const fresh = await create(ravi, { company: 'Criteria Fresh Co', stage_id: '2' });
	let page = await ravi.get(`/deals/${keeper}`);
	assert.match(checklistOf(page.body), /0 of 3 ticked/);
	assert.match(checklistOf(page.body), /Buyer named a budget owner/);
	assert.equal((await ravi.post(`/deals/${keeper}/tick`, { criterion_id: String(cid), evidence: 'Priya signs' })).status, 303);

	// Edit: the new text shows on the checklist.
	res = await admin.post(`/admin/criteria/${cid}`, { text: 'Buyer named the budget owner', position: '3', active: '1' });
	assert.equal(res.status, 303);
	audit = lastAudit('criterion-update');
	assert.equal(audit.subject, 'Discovery');
	assert.equal(audit.detail, 'Buyer named a budget owner -> Buyer named the budget owner');
	assert.match(checklistOf((await ravi.get(`/deals/${fresh}`)).body), /Buyer named the budget owner/);

	// Retire.
	res = await admin.post(`/admin/criteria/${cid}`, { text: 'Buyer named the budget owner', position: '3', active: '0' });
	assert.equal(res.status, 303);
	assert.equal(gw.sqlValue(`SELECT active FROM exit_criteria WHERE id = ${cid}`), 0);
	assert.equal(lastAudit('criterion-update').detail, 'Buyer named the budget owner -> Buyer named the budget owner (retired)');

	page = await ravi.get(`/deals/${fresh}`);
	assert.doesNotMatch(checklistOf(page.body), /budget owner/);
	assert.match(checklistOf(page.body), /0 of 2 ticked/);
	assert.doesNotMatch(moveOf(page.body), /budget owner/);
	const freshBefore = dealFootprint(fresh);
	res = await ravi.post(`/deals/${fresh}/tick`, { criterion_id: String(cid), evidence: 'too late' });
	assert.equal(res.status, 422, 'a retired criterion cannot be ticked');
	assert.equal(dealFootprint(fresh), freshBefore);

	page = await ravi.get(`/deals/${keeper}`);
	assert.match(timelineOf(page.body), /Ticked: Buyer named the budget owner<\/span>[^\n]*Priya signs/);
	assert.equal(gw.count('deal_criteria', `deal_id = ${keeper} AND criterion_id = ${cid} AND unticked_at IS NULL`), 1);

	// Moving on does not count the retired criterion as skipped.
	assert.equal((await ravi.post(`/deals/${fresh}/move`, { to_stage_id: '3', note: '' })).status, 303);
	assert.equal(gw.sqlValue(`SELECT skipped_criteria FROM stage_changes WHERE deal_id = ${fresh} AND to_stage_id = 3`), '3,4');
});

test('criteria: bad input is refused with what was typed kept and nothing saved', async () => {
	const admin = await as('admin');
	await admin.get('/admin/stages/3');
	const before = playbookFootprint();
	let res = await admin.post('/admin/stages/3/criteria', { text: '' });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-new-text">This is required\./);
	const long = 'c'.repeat(201);
	res = await admin.post('/admin/stages/3/criteria', { text: long });
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-new-text">This is too long: at most \d+ characters/);
	assert.equal(inputById(res.body, 'f-new-text'), long);
	for (const [change, what] of [[{ position: '0' }, 'position'], [{ position: 'first' }, 'position'],
		[{ text: '' }, 'text'], [{ active: 'maybe' }, 'active']]) {
		const fields = { text: 'Typed criterion text', position: '7', active: '1', ...change };
		res = await admin.post('/admin/criteria/5', fields);
		assert.equal(res.status, 422, what);
		const form = section(res.body, 'action="/admin/criteria/5#criteria"').split('</form>')[0];
		assert.match(form, /class="error-summary"/, `${what}: the error is on its row`);
		assert.equal(inputById(form, 'f-text-5'), fields.text, `${what}: text kept`);
		assert.equal(inputById(form, 'f-position-5'), fields.position, `${what}: position kept`);
	}
	assert.equal((await admin.post('/admin/stages/999/criteria', { text: 'Nowhere' })).status, 404);
	assert.equal((await admin.post('/admin/criteria/99999', { text: 'Nowhere', position: '1', active: '1' })).status, 404);
	assert.equal(playbookFootprint(), before);
});

// --------------------------------------------------------------------
// Admin: job-aids

const aidBase = () => ({
	title: 'Objection handling guide',
	stage_id: '3',
	kind: 'question_guide',
	body: 'Ask "why now?" first & <listen>',
	link: 'https://example.com/objections',
	active: '1',
});

const badAids = [
	['no body and no link', { body: '', link: '' }, 'body'],
	['a javascript: link', { link: 'javascript:alert(1)' }, 'link'],
	['a link with a space', { link: 'https://example.com/a b' }, 'link'],
	['a link with a quote', { link: 'https://example.com/"onmouseover=x' }, 'link'],
	['an unknown stage', { stage_id: '999' }, 'stage_id'],
	['a stage that is not a number', { stage_id: 'two' }, 'stage_id'],
	['an unknown kind', { kind: 'brochure' }, 'kind'],
	['no title', { title: '' }, 'title'],
	['an over-long title', { title: 't'.repeat(121) }, 'title'],
];

for (const [name, change, errorField] of badAids) {
	test(`adding a job-aid with ${name} is refused with everything typed kept`, async () => {
		const admin = await as('admin');
		await admin.get('/admin/aids/new');
		const before = playbookFootprint();
		const fields = { ...aidBase(), ...change };
		const res = await admin.post('/admin/aids/new', fields);
		assert.equal(res.status, 422);
		assert.match(res.body, /Nothing was saved/);
		assert.match(res.body, new RegExp(`id="e-${errorField}"`), 'message next to the field');
		assert.equal(inputValue(res.body, 'title'), fields.title, 'title kept');
		assert.equal(inputValue(res.body, 'link'), fields.link, 'link kept');
		assert.equal(textareaValue(res.body, 'body'), fields.body, 'body kept');
		if (errorField !== 'stage_id') assert.equal(selectedOption(res.body, 'stage_id'), fields.stage_id, 'stage kept');
		if (errorField !== 'kind') assert.equal(selectedOption(res.body, 'kind'), fields.kind, 'kind kept');
		assert.equal(checkedRadio(res.body, 'active'), '1');
		assert.equal(playbookFootprint(), before);
	});
}

test('adding and editing a job-aid saves, audits, and a bad edit keeps what was typed', async () => {
	const admin = await as('admin');
	const aid = await addAid(aidBase());
	assert.deepEqual(gw.sql(`SELECT title, stage_id, kind, body, link, active FROM job_aids WHERE id = ${aid}`)[0], {
		...aidBase(), stage_id: 3, active: 1,
	});
	assert.deepEqual(lastAudit('aid-add', 'Objection handling guide'),
		{ action: 'aid-add', subject: 'Objection handling guide', detail: 'question_guide', email: 'admin@example.com' });

	let page = await admin.get(`/admin/aids/${aid}`);
	assert.equal(page.status, 200);
	assert.equal(inputValue(page.body, 'title'), 'Objection handling guide');
	assert.equal(selectedOption(page.body, 'stage_id'), '3');
	assert.equal(selectedOption(page.body, 'kind'), 'question_guide');
	assert.equal(textareaValue(page.body, 'body'), aidBase().body);

	const before = playbookFootprint();
	const bad = { ...aidBase(), title: 'Objection guide v2', stage_id: '4', kind: 'checklist', link: 'javascript:alert(1)' };
	let res = await admin.post(`/admin/aids/${aid}`, bad);
	assert.equal(res.status, 422);
	assert.match(res.body, /id="e-link"/);
	assert.equal(inputValue(res.body, 'title'), 'Objection guide v2');
	assert.equal(selectedOption(res.body, 'stage_id'), '4');
	assert.equal(selectedOption(res.body, 'kind'), 'checklist');
	assert.equal(inputValue(res.body, 'link'), 'javascript:alert(1)');
	assert.equal(playbookFootprint(), before);

	res = await admin.post(`/admin/aids/${aid}`, { ...bad, link: '', body: 'Now a checklist' });
	assert.equal(res.status, 303);
	assert.deepEqual(gw.sql(`SELECT title, stage_id, kind, body, link, active FROM job_aids WHERE id = ${aid}`)[0], {
		title: 'Objection guide v2', stage_id: 4, kind: 'checklist', body: 'Now a checklist', link: '', active: 1,
	});
	assert.equal(lastAudit('aid-update', 'Objection guide v2').detail, 'edited');
	page = await (await as('ravi')).get(`/aids/${aid}`);
	assert.match(page.body, /<h1>Objection guide v2<\/h1>/);
	assert.match(page.body, />Proposal<\/span> <span class="badge">Checklist<\/span>/);
	assert.equal((await admin.get('/admin/aids/99999')).status, 404);
	assert.equal((await admin.post('/admin/aids/99999', aidBase())).status, 404);
});

test('a job-aid body keeps its line breaks through the edit form and a refused save', async () => {
	// The body is plain text whose line breaks make paragraphs and
	// lists, so the form must give it back exactly as stored or typed:
	// saving the edit form unchanged (say, to retire the aid) must not
	// flatten it.
	const admin = await as('admin');
	const body = 'Open with their words.\n\n- Budget\n- Timing\n\n1. Ask\n2. Listen';
	const fields = { title: 'Line Break Keeper', stage_id: '2', kind: 'checklist', body, link: '', active: '1' };
	const aid = await addAid(fields);
	const problems = [];

	// A refused add shows the body as typed.
	await admin.get('/admin/aids/new');
	let res = await admin.post('/admin/aids/new', { ...fields, title: 'Line Break Refused', link: 'javascript:alert(1)' });
	assert.equal(res.status, 422);
	const typed = textareaValue(res.body, 'body');
	if (typed !== body) problems.push(`422 POST /admin/aids/new shows the body as ${JSON.stringify(typed)}`);

	// The edit form shows the stored body, and saving it as shown keeps it.
	const page = await admin.get(`/admin/aids/${aid}`);
	const shown = textareaValue(page.body, 'body');
	if (shown !== body) problems.push(`GET /admin/aids/${aid} shows the body as ${JSON.stringify(shown)}`);
	res = await admin.post(`/admin/aids/${aid}`, {
		title: inputValue(page.body, 'title'),
		stage_id: selectedOption(page.body, 'stage_id'),
		kind: selectedOption(page.body, 'kind'),
		body: shown,
		link: inputValue(page.body, 'link'),
		active: '0',
	});
	assert.equal(res.status, 303);
	const stored = gw.sqlValue(`SELECT body FROM job_aids WHERE id = ${aid}`);
	if (stored !== body) problems.push(`after saving the form as shown the stored body is ${JSON.stringify(stored)}`);
	const view = await admin.get(`/aids/${aid}`);
	if (!/<ul><li>Budget<\/li><li>Timing<\/li><\/ul>/.test(view.body) || !/<ol><li>Ask<\/li><li>Listen<\/li><\/ol>/.test(view.body))
		problems.push(`GET /aids/${aid} lost its lists after the save`);
	assert.deepEqual(problems, []);
});

// --------------------------------------------------------------------
// Admin: stages (these change the pipeline, so they come last)

const badStageEdits = [
	['a missing name', { name: '' }, 'name'],
	['an over-long name', { name: 'n'.repeat(41) }, 'name'],
	['position 0', { position: '0' }, 'position'],
	['position 1000', { position: '1000' }, 'position'],
	['a position that is not a number', { position: 'third' }, 'position'],
	['probability 101', { probability: '101' }, 'probability'],
	['a negative probability', { probability: '-5' }, 'probability'],
	['a fractional probability', { probability: '4.5' }, 'probability'],
	['target days 0', { target_days: '0' }, 'target_days'],
	['target days 366', { target_days: '366' }, 'target_days'],
	['an early flag that is not 0 or 1', { early: '2' }, 'early'],
	['an active flag that is not 0 or 1', { active: 'maybe' }, 'active'],
];

for (const [name, change, errorField] of badStageEdits) {
	test(`a stage edit with ${name} is refused with the other fields kept`, async () => {
		const admin = await as('admin');
		await admin.get('/admin/stages/3');
		const before = playbookFootprint();
		// Typed values that differ from the stored ones, so "kept" means typed.
		const fields = { name: 'Evaluation typed', position: '30', early: '1', probability: '45', target_days: '25', active: '1', ...change };
		const res = await admin.post('/admin/stages/3', fields);
		assert.equal(res.status, 422);
		assert.match(res.body, /Nothing was saved/);
		assert.match(res.body, new RegExp(`href="#f-${errorField}"`), 'the error names its field');
		for (const k of ['name', 'position', 'probability', 'target_days'])
			assert.equal(inputValue(res.body, k), fields[k], `${k} kept`);
		if (errorField !== 'early') assert.equal(checkedRadio(res.body, 'early'), '1', 'early kept');
		if (errorField !== 'active') assert.equal(checkedRadio(res.body, 'active'), '1', 'active kept');
		assert.match(res.body, /<h1>Evaluation<\/h1>/, 'the heading is the stored name');
		assert.equal(playbookFootprint(), before);
	});
}

test('adding a stage with a bad field is refused with the others kept', async () => {
	const admin = await as('admin');
	await admin.get('/admin/stages');
	const before = playbookFootprint();
	const cases = [
		[{ name: '' }, 'name'],
		[{ probability: '150' }, 'probability'],
		[{ target_days: '400' }, 'target_days'],
		[{ early: 'yes' }, 'early'],
	];
	for (const [change, field] of cases) {
		const fields = { name: 'Typed New Stage', early: '1', probability: '33', target_days: '12', ...change };
		const res = await admin.post('/admin/stages', fields);
		assert.equal(res.status, 422, field);
		assert.match(res.body, new RegExp(`href="#f-${field}"`));
		for (const k of ['name', 'probability', 'target_days']) assert.equal(inputValue(res.body, k), fields[k], `${field}: ${k} kept`);
		if (field !== 'early') assert.equal(checkedRadio(res.body, 'early'), '1');
	}
	assert.equal(playbookFootprint(), before);
});

/** Stage chip names on a page, in order. */
const chipNames = (html) => [...html.matchAll(/<span class="chip stage-\d+ (?:early|late)">([^<]*)<\/span>/g)].map((m) => htmlUnescape(m[1]));

test('stages: adding, renaming and reordering show on My deals, the new-deal form and the stages list, each audited', async () => {
	const admin = await as('admin');
	const ravi = await as('ravi');
	await admin.get('/admin/stages');
	let res = await admin.post('/admin/stages', { name: 'Legal Review', early: '0', probability: '85', target_days: '10' });
	assert.equal(res.status, 303);
	const a = Number(res.location.match(/^\/admin\/stages\/(\d+)$/)[1]);
	res = await admin.post('/admin/stages', { name: 'Signature', early: '0', probability: '90', target_days: '7' });
	assert.equal(res.status, 303);
	const b = Number(res.location.match(/^\/admin\/stages\/(\d+)$/)[1]);
	assert.deepEqual(stageRow(a), { id: a, name: 'Legal Review', position: 6, early: 0, probability: 85, target_days: 10, active: 1 });
	assert.equal(stageRow(b).position, 7);
	assert.equal(gw.count('audit_log', "action = 'stage-add' AND subject IN ('Legal Review', 'Signature')"), 2);

	await create(ravi, { company: 'Chip Alpha Co', stage_id: String(a) });
	await create(ravi, { company: 'Chip Beta Co', stage_id: String(b) });
	let chips = chipNames((await ravi.get('/deals')).body);
	assert.ok(chips.indexOf('Legal Review') >= 0 && chips.indexOf('Legal Review') < chips.indexOf('Signature'), chips.join(', '));

	// Rename Legal Review and move it after Signature.
	await admin.get(`/admin/stages/${a}`);
	res = await admin.post(`/admin/stages/${a}`, stageFields(a, { name: 'Legal Check', position: '8' }));
	assert.equal(res.status, 303);
	assert.equal(res.location, `/admin/stages/${a}`);
	assert.equal(stageRow(a).name, 'Legal Check');
	assert.equal(stageRow(a).position, 8);
	const audit = lastAudit('stage-update', 'Legal Review');
	assert.match(audit.detail, /name Legal Review->Legal Check position 6->8 /);
	assert.equal(audit.email, 'admin@example.com');

	const deals = (await ravi.get('/deals')).body;
	chips = chipNames(deals);
	assert.ok(!chips.includes('Legal Review'), 'the old name is gone');
	assert.ok(chips.indexOf('Signature') >= 0 && chips.indexOf('Signature') < chips.indexOf('Legal Check'), chips.join(', '));
	assert.ok(deals.indexOf('Chip Alpha Co') > deals.indexOf('>Legal Check</span>'), 'the deal is listed under the new name');
	const list = (await admin.get('/admin/stages')).body;
	const names = chipNames(list);
	assert.ok(names.indexOf('Signature') < names.indexOf('Legal Check'), names.join(', '));
	const form = (await ravi.get('/deals/new')).body;
	const opts = optionValues(form, 'stage_id');
	assert.ok(opts.indexOf(String(b)) < opts.indexOf(String(a)), opts.join(', '));
	assert.match(form, new RegExp(`<option value="${a}">7\\. Legal Check</option>`));
});

test('retiring a stage removes it from new deals and moves, while its deals keep it', async () => {
	const admin = await as('admin');
	const ravi = await as('ravi');
	const b = gw.sqlValue("SELECT id FROM stages WHERE name = 'Signature'");
	const a = gw.sqlValue("SELECT id FROM stages WHERE name = 'Legal Check'");
	const beta = gw.sqlValue("SELECT id FROM deals WHERE company = 'Chip Beta Co'");
	const alpha = gw.sqlValue("SELECT id FROM deals WHERE company = 'Chip Alpha Co'");
	assert.ok(b && a && beta && alpha, 'the previous test made these');
	await admin.get(`/admin/stages/${b}`);
	const res = await admin.post(`/admin/stages/${b}`, stageFields(b, { active: '0' }));
	assert.equal(res.status, 303);
	assert.equal(stageRow(b).active, 0);
	assert.match(lastAudit('stage-update', 'Signature').detail, /active 1->0$/);
	assert.match((await admin.get('/admin/stages')).body, /Signature<\/span><\/a>[\s\S]*?<td>Retired<\/td>/);

	// Gone from the new-deal form, and refused if sent anyway.
	const form = (await ravi.get('/deals/new')).body;
	assert.ok(!optionValues(form, 'stage_id').includes(String(b)));
	const before = gw.count('deals');
	const refused = await ravi.post('/deals/new', { company: 'Retired Stage Co', stage_id: String(b) });
	assert.equal(refused.status, 422);
	assert.match(refused.body, /id="e-stage_id"/);
	assert.equal(gw.count('deals'), before);

	// Gone from the move form of other deals, and refused there too.
	const alphaPage = (await ravi.get(`/deals/${alpha}`)).body;
	assert.ok(!optionValues(moveOf(alphaPage), 'to_stage_id').includes(String(b)));
	const alphaBefore = dealFootprint(alpha);
	assert.equal((await ravi.post(`/deals/${alpha}/move`, { to_stage_id: String(b), note: '' })).status, 422);
	assert.equal(dealFootprint(alpha), alphaBefore);

	// Its deal keeps it, on the deal page and in My deals.
	assert.equal(gw.sqlValue(`SELECT stage_id FROM deals WHERE id = ${beta}`), b);
	const betaPage = await ravi.get(`/deals/${beta}`);
	assert.equal(betaPage.status, 200);
	assert.ok(chipNames(betaPage.body).includes('Signature'));
	const deals = (await ravi.get('/deals')).body;
	assert.ok(deals.indexOf('Chip Beta Co') > deals.indexOf('>Signature</span>'), 'still listed under its stage');
});

test('the last stage in use cannot be retired', async () => {
	const admin = await as('admin');
	const active = gw.sql('SELECT id FROM stages WHERE active = 1 ORDER BY position, id').map((r) => r.id);
	assert.ok(active.length >= 2);
	const last = active.pop();
	const retired = [];
	try {
		for (const id of active) {
			await admin.get(`/admin/stages/${id}`);
			const res = await admin.post(`/admin/stages/${id}`, stageFields(id, { active: '0' }));
			assert.equal(res.status, 303, `retire stage ${id}`);
			retired.push(id);
		}
		assert.equal(gw.count('stages', 'active = 1'), 1);
		const before = playbookFootprint();
		const fields = stageFields(last, { active: '0', name: 'Typed While Refused', probability: '77' });
		const res = await admin.post(`/admin/stages/${last}`, fields);
		assert.equal(res.status, 422);
		assert.match(res.body, /At least one stage must stay in use\./);
		assert.equal(inputValue(res.body, 'name'), 'Typed While Refused');
		assert.equal(inputValue(res.body, 'probability'), '77');
		assert.equal(checkedRadio(res.body, 'active'), '0');
		assert.equal(playbookFootprint(), before);
		assert.equal(stageRow(last).active, 1);
	} finally {
		for (const id of retired) {
			const res = await admin.post(`/admin/stages/${id}`, stageFields(id, { active: '1' }));
			if (res.status !== 303) gw.sql(`UPDATE stages SET active = 1 WHERE id = ${id}`);
		}
	}
});
