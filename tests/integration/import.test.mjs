// CSV import and handing deals over: the upload (multipart, read by
// GMime), the preview that writes nothing, the stage mapping, the one
// transaction, re-import, the size limit in nginx and in the app, the
// command line, and who may do any of it.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useInstance, sqlq, ROOT, parseForms, sleep } from './harness.mjs';

const gw = useInstance();
const PIPEDRIVE = path.join(ROOT, 'tests', 'data', 'pipedrive_deals.csv');

const imported = (source = 'pipedrive') => gw.count('deals', `import_source = ${sqlq(source)}`);
const userId = (who) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(`${who}@example.com`)}`);
const stageId = (name) => gw.sqlValue(`SELECT id FROM stages WHERE name = ${sqlq(name)}`);

/** POST the file as a browser does (multipart/form-data). */
async function upload(client, file, { name = file ? path.basename(file) : '', csrf = client.csrf } = {}) {
	const form = new FormData();
	if (csrf) form.append('csrf', csrf);
	if (file) form.append('file', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), name);
	return client.request('POST', '/admin/import/upload', { body: form, contentType: null });
}

/** The preview form's fields as the page shows them. */
function previewFields(html) {
	const f = parseForms(html).find((x) => x.action === '/admin/import/run');
	assert.ok(f, 'the preview form');
	const out = {};
	for (const c of f.controls) if (c.name && c.name !== 'csrf' && c.type !== 'submit') out[c.name] = c.value ?? '';
	return out;
}

/** The upload's page once its job has finished: a POST or an upload
 * answers 303 to it, and it loads itself again (a meta refresh) while
 * the job runs.  The limit is generous: the machine may be busy. */
async function settle(client, res) {
	assert.equal(res.status, 303, res.body);
	assert.match(res.location, /^\/admin\/import\/run\?upload=/);
	const deadline = Date.now() + 180000;
	for (;;) {
		const page = await client.get(res.location);
		if (page.status !== 200 || !/<meta http-equiv="refresh"/.test(page.body)) return page;
		assert.ok(Date.now() < deadline, 'the import job finished within three minutes');
		await sleep(500);
	}
}

const uploadsDir = () => `${gw.db}.uploads`;
const uploadsLeft = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []);

test('upload, preview (nothing written), map a stage, confirm: one transaction, then re-import changes nothing', async () => {
	const admin = await gw.login('admin@example.com');
	const before = gw.count('deals');
	const res = await upload(admin, PIPEDRIVE);
	assert.equal(res.status, 303, res.body);
	assert.match(res.location, /^\/admin\/import\/run\?upload=[A-Za-z0-9_-]{43}&name=pipedrive_deals\.csv$/);
	const preview = await settle(admin, res);
	assert.equal(preview.status, 200);
	assert.match(preview.body, /a pipedrive export/);
	assert.match(preview.body, /<strong>4<\/strong> to create/);
	assert.match(preview.body, /<strong>1<\/strong> in error/);
	assert.match(preview.body, /&quot;Technical Review&quot; is not a Groundwork stage/);
	assert.match(preview.body, /<td class="num">3<\/td><td>7 Deal - Stage<\/td>/, 'the problem names row 3, column 7');
	assert.equal(gw.count('deals'), before, 'the preview wrote nothing');

	const fields = previewFields(preview.body);
	assert.equal(fields.stage_name_0, 'Technical Review');
	fields.stage_0 = String(stageId('Evaluation'));
	const again = await settle(admin, await admin.post('/admin/import/run', { ...fields, action: 'preview' }));
	assert.equal(again.status, 200);
	assert.match(again.body, /<strong>5<\/strong> to create/);
	assert.match(again.body, /<strong>0<\/strong> in error/);
	assert.equal(gw.count('deals'), before, 'a second preview wrote nothing');

	const done = await settle(admin, await admin.post('/admin/import/run', { ...fields, action: 'import' }));
	assert.equal(done.status, 303);
	assert.equal(done.location, '/team');
	assert.equal(imported(), 5);
	assert.equal(gw.count('deals'), before + 5);
	assert.equal(gw.count('stage_changes', 'imported = 1'), 5);
	assert.equal(gw.count('audit_log', "action = 'deals.import'"), 1);
	const flash = await admin.get('/team');
	assert.match(flash.body, /Imported: 5 created, 0 updated, 0 unchanged, 0 rows left out\./);
	// The mapping is kept: the same file again needs none.
	assert.equal(gw.sqlValue("SELECT stage_id FROM stage_aliases WHERE name = 'Technical Review'"), stageId('Evaluation'));
	const deal = gw.sql("SELECT id, owner_id, stage_id, status, amount, late_entry FROM deals WHERE import_id = '102'")[0];
	assert.deepEqual({ ...deal, id: 0 }, { id: 0, owner_id: userId('lena'), stage_id: stageId('Evaluation'), status: 'open', amount: 4200050, late_entry: 0 });
	const page = await admin.get(`/deals/${deal.id}`);
	// The export's own creation date ("Deal - Deal created") starts the
	// history, not the day of the import.
	assert.match(page.body, /Imported at Evaluation on 2025-03-11/);
	const created = (importId) => gw.sqlValue(`SELECT date(created_at, 'unixepoch', 'localtime') || '|' || (created_at = stage_entered_at) FROM deals WHERE import_source = 'pipedrive' AND import_id = ${sqlq(importId)}`);
	assert.equal(created('102'), '2025-03-11|1', 'created, and in its stage, on the export\'s date');
	const today = gw.sqlValue("SELECT date('now', 'localtime')");
	assert.equal(created('105').split('|')[0], today, 'a row without a creation date is created at the import');
	assert.deepEqual(uploadsLeft(), [], 'the imported upload is removed');

	const second = await upload(admin, PIPEDRIVE);
	const p2 = await settle(admin, second);
	assert.match(p2.body, /<strong>0<\/strong> to create/);
	assert.match(p2.body, /<li>5 unchanged<\/li>/);
	const done2 = await settle(admin, await admin.post('/admin/import/run', { ...previewFields(p2.body), action: 'import' }));
	assert.equal(done2.status, 303);
	assert.equal(imported(), 5, 're-import made no deal');
	assert.equal(gw.count('stage_changes', 'imported = 1'), 5, 're-import wrote no history');
	assert.equal(created('102'), '2025-03-11|1', 're-import kept the creation date');

	// A newer export: one amount changed.
	const newer = path.join(gw.dir, 'newer.csv');
	fs.writeFileSync(newer, fs.readFileSync(PIPEDRIVE, 'utf8').replace('"18500"', '"19500"'));
	const third = await upload(admin, newer);
	const p3 = await settle(admin, third);
	assert.match(p3.body, /<strong>1<\/strong> to update/);
	await settle(admin, await admin.post('/admin/import/run', { ...previewFields(p3.body), action: 'import' }));
	assert.equal(gw.sqlValue("SELECT amount FROM deals WHERE import_id = '101'"), 1950000);
});

test('a refused file: a clear message, the choices kept, and nothing written', async () => {
	const admin = await gw.login('admin@example.com');
	const before = gw.count('deals');
	const bad = path.join(gw.dir, 'bad.csv');
	fs.writeFileSync(bad, 'company,owner,stage\n"Open quote,Ravi Patel,Prospect\n');
	const res = await upload(admin, bad);
	const preview = await settle(admin, res);
	assert.equal(preview.status, 422);
	assert.match(preview.body, /Row 2 has unbalanced quotes/);
	assert.doesNotMatch(preview.body, /value="import"/, 'no import button for a refused file');
	const headings = path.join(gw.dir, 'headings.csv');
	fs.writeFileSync(headings, 'company,owner,stage\r\n');
	const h = await settle(admin, await upload(admin, headings));
	assert.match(h.body, /The file has headings but no deals\./);
	const noFile = await upload(admin, null);
	assert.equal(noFile.status, 422);
	assert.match(noFile.body, /Choose a CSV file to upload\./);
	assert.equal(gw.count('deals'), before);
});

test('only admins import or hand deals over; a refused upload is not kept', async () => {
	const kept = uploadsLeft().length;
	for (const who of ['ravi', 'maria']) {
		const c = await gw.login(`${who}@example.com`);
		assert.equal((await c.get('/admin/import')).status, 404, `${who}: GET /admin/import`);
		const res = await upload(c, PIPEDRIVE);
		assert.equal(res.status, 404, `${who}: upload`);
		assert.equal((await c.post(`/admin/users/${userId('ravi')}/reassign`, { to: userId('lena'), deal: '1' })).status, 404);
	}
	assert.equal(uploadsLeft().length, kept, 'no upload kept for a refused request');
	// Signed out: to the sign-in page, and nothing kept either.
	const anon = gw.client();
	const res = await upload(anon, PIPEDRIVE, { csrf: 'x' });
	assert.equal(res.status, 303);
	assert.match(res.location, /^\/login/);
	assert.equal(uploadsLeft().length, kept);
});

test('multipart is taken only by the upload page; the size limit is the same in nginx and the app', async () => {
	const admin = await gw.login('admin@example.com');
	const form = new FormData();
	form.append('csrf', admin.csrf);
	form.append('name', 'x');
	const res = await admin.request('POST', '/admin/users', { body: form, contentType: null });
	assert.equal(res.status, 415);
	// 32 MiB is nginx's client_max_body_size for the upload and the
	// app's UPLOAD_MAX_BYTES: one byte over is refused before the app.
	const conf = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx', 'local.conf.in'), 'utf8');
	const site = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx', 'groundwork.conf'), 'utf8');
	const header = fs.readFileSync(path.join(ROOT, 'app', 'upload.h'), 'utf8');
	const appMb = Number(header.match(/#define UPLOAD_MAX_BYTES \((\d+) \* 1024 \* 1024\)/)[1]);
	for (const text of [conf, site])
		assert.match(text, new RegExp(`location = /admin/import/upload \\{\\s*client_max_body_size ${appMb}m;`));
	const big = new FormData();
	big.append('csrf', admin.csrf);
	big.append('file', new Blob([Buffer.alloc(appMb * 1024 * 1024 + 1, 'a')]), 'big.csv');
	const tooBig = await admin.request('POST', '/admin/import/upload', { body: big, contentType: null });
	assert.equal(tooBig.status, 413);
});

test('hand a rep\'s open deals over on their admin page: the ticked ones move, audited, and the team figures follow', async () => {
	const admin = await gw.login('admin@example.com');
	const tom = userId('tom'), kofi = userId('kofi');
	const open = gw.sql(`SELECT id FROM deals WHERE owner_id = ${tom} AND status = 'open' ORDER BY id`).map((r) => r.id);
	assert.ok(open.length >= 2, 'Tom has open deals');
	const page = await admin.get(`/admin/users/${tom}`);
	assert.match(page.body, /Hand over open deals/);
	// No one chosen: 422, the ticks kept as sent.
	const bad = await admin.post(`/admin/users/${tom}/reassign`, [['deal', String(open[0])], ['to', '']]);
	assert.equal(bad.status, 422);
	assert.match(bad.body, /Choose who takes the deals\./);
	const f = parseForms(bad.body).find((x) => x.action === `/admin/users/${tom}/reassign`);
	const ticked = f.controls.filter((c) => c.name === 'deal' && c.checked).map((c) => Number(c.value));
	assert.deepEqual(ticked, [open[0]]);
	const southBefore = gw.sqlValue(`SELECT COALESCE(sum(deals), 0) FROM deal_counts WHERE team_id = (SELECT team_id FROM users WHERE id = ${kofi}) AND status = 'open'`);
	const res = await admin.post(`/admin/users/${tom}/reassign`, [['deal', String(open[0])], ['deal', String(open[1])], ['to', String(kofi)]]);
	assert.equal(res.status, 303);
	assert.equal(gw.count('deals', `owner_id = ${kofi} AND id IN (${open[0]}, ${open[1]})`), 2);
	assert.equal(gw.count('deals', `owner_id = ${tom} AND status = 'open'`), open.length - 2);
	assert.equal(gw.count('audit_log', "action = 'deals.reassign'"), 1);
	const southAfter = gw.sqlValue(`SELECT COALESCE(sum(deals), 0) FROM deal_counts WHERE team_id = (SELECT team_id FROM users WHERE id = ${kofi}) AND status = 'open'`);
	assert.equal(southAfter, southBefore + 2, "the deals count in Kofi's team now");
	const deal = await admin.get(`/deals/${open[0]}`);
	assert.match(deal.body, /Edited owner/);
});

test('the command line: import with --dry-run, then for real; deals reassign FROM TO', () => {
	const before = gw.count('deals');
	const hub = path.join(ROOT, 'tests', 'data', 'hubspot_deals.csv');
	const dry = gw.cli(['import', 'deals', hub, '--dry-run']);
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, /UTF-8, comma-separated, hubspot export/);
	assert.match(dry.stdout, /4 rows: 3 to create, 0 to update, 0 unchanged, 1 in error/);
	assert.match(dry.stdout, /row 5, column 10 \(Currency\): the amount is in EUR; this install counts in USD/);
	assert.equal(gw.count('deals'), before);
	const real = gw.cli(['import', 'deals', hub]);
	assert.equal(real.status, 0, real.stderr);
	assert.equal(imported('hubspot'), 3);
	const bad = gw.cli(['import', 'deals', path.join(ROOT, 'tests', 'data', 'semicolon_cp1252.csv')]);
	assert.equal(bad.status, 1);
	assert.match(bad.stderr, /No column gives the company/);
	const mei = userId('mei');
	const left = gw.count('deals', `owner_id = ${mei} AND status = 'open'`);
	const r = gw.cli(['deals', 'reassign', 'mei@example.com', 'julia@example.com']);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`${left} open deals of Mei Chen now belong to Julia Kowalski`));
	assert.equal(gw.count('deals', `owner_id = ${mei} AND status = 'open'`), 0);
});

test('a new deal whose company is open in the team already: a warning with a link, the typed values kept, and "log it anyway"', async () => {
	const lena = await gw.login('lena@example.com');
	await lena.get('/deals/new');
	const first = await lena.post('/deals/new', { company: 'Quillfeather Analytics Ltd' });
	assert.equal(first.status, 303);
	const firstId = Number(first.location.match(/\/deals\/(\d+)$/)[1]);
	const ravi = await gw.login('ravi@example.com');
	await ravi.get('/deals/new');
	const before = gw.count('deals');
	const typed = { company: '  quillfeather   ANALYTICS, inc.', contact: 'Ada Berg', amount: '12,500', next_step: 'Call back' };
	const warn = await ravi.post('/deals/new', typed);
	assert.equal(warn.status, 422);
	assert.match(warn.body, new RegExp(`<a href="/deals/${firstId}">Quillfeather Analytics Ltd</a> is already open for Lena Fischer`));
	assert.match(warn.body, /<button type="submit" name="anyway" value="1">Log it anyway<\/button>/);
	const f = parseForms(warn.body).find((x) => x.action === '/deals/new');
	for (const [k, v] of Object.entries(typed)) assert.equal(f.controls.find((c) => c.name === k).value, v, `${k} kept`);
	assert.equal(gw.count('deals'), before, 'nothing saved on the warning');
	const anyway = await ravi.post('/deals/new', { ...typed, anyway: '1' });
	assert.equal(anyway.status, 303);
	assert.equal(gw.count('deals'), before + 1);
	// Another team's open deal is not a duplicate; nor is another name.
	const kofi = await gw.login('kofi@example.com');
	await kofi.get('/deals/new');
	assert.equal((await kofi.post('/deals/new', { company: 'Quillfeather Analytics' })).status, 303);
	assert.equal((await ravi.post('/deals/new', { company: 'Quillfeather Marine' })).status, 303);
});

test("a round trip: Groundwork's own deals CSV imports back as a groundwork export, every row read; then again, nothing changes", async () => {
	const maria = await gw.login('maria@example.com');
	const exported = await maria.get('/team/deals.csv?status=all');
	assert.equal(exported.status, 200);
	const rows = exported.body.trim().split('\r\n').length - 1;
	assert.ok(rows > 20, `North exports its deals (${rows})`);
	const file = path.join(gw.dir, 'north-export.csv');
	fs.writeFileSync(file, exported.body);
	const dry = gw.cli(['import', 'deals', file, '--dry-run']);
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, /UTF-8, comma-separated, groundwork export/);
	assert.match(dry.stdout, new RegExp(`${rows} rows: ${rows} to create, 0 to update, 0 unchanged, 0 in error`));
	const real = gw.cli(['import', 'deals', file]);
	assert.equal(real.status, 0, real.stderr);
	assert.equal(imported('groundwork'), rows);
	// Each copy carries the exported values (cells trimmed of spaces
	// around them), formula-looking ones as text.
	const same = gw.sqlValue(`SELECT count(*) FROM deals c JOIN deals o ON c.import_id = CAST(o.id AS TEXT)
		WHERE c.import_source = 'groundwork' AND c.company = trim(o.company) AND c.owner_id = o.owner_id
		AND c.stage_id = o.stage_id AND c.status = o.status AND c.amount IS o.amount
		AND c.expected_close = o.expected_close AND c.next_step = o.next_step`);
	assert.equal(same, rows);
	const again = gw.cli(['import', 'deals', file]);
	assert.match(again.stdout, new RegExp(`${rows} rows: 0 created, 0 updated, ${rows} unchanged, 0 in error`));
});
