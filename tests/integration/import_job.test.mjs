// The web import runs as a job of its own: the upload's page says
// where a long file stands (a refresh and a progress bar, no
// JavaScript) and then shows the preview; a job that died is said so,
// never a 500; a second click on Import does not import twice; the job
// keeps none of the worker's sockets; only admins see the page.
//
// To see the page while the job runs whatever the machine's speed, the
// tests stop the job they started (SIGSTOP, by the pid in its .job
// file) and let it go on after.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useInstance, parseForms, sleep } from './harness.mjs';

const gw = useInstance();
const ROWS = 30000;

/** A Groundwork-shaped file of n new deals for Ravi, generated here. */
function bigFile(name, n = ROWS) {
	const file = path.join(gw.dir, name);
	const lines = ['id,company,owner,stage,amount'];
	for (let i = 1; i <= n; i++) lines.push(`${name}-${i},Generated ${i} Ltd,ravi@example.com,Prospect,${1000 + i}`);
	fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
	return file;
}

async function upload(client, file) {
	const form = new FormData();
	form.append('csrf', client.csrf);
	form.append('file', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), path.basename(file));
	return client.request('POST', '/admin/import/upload', { body: form, contentType: null });
}

const tokenOf = (location) => new URL(location, 'http://x').searchParams.get('upload');
const jobFile = (token, suffix) => path.join(`${gw.db}.uploads`, `${token}${suffix}`);
const jobPid = (token) => Number(fs.readFileSync(jobFile(token, '.job'), 'utf8').trim());
const refreshing = (html) => /<meta http-equiv="refresh" content="2">/.test(html);

function alive(pid) {
	try {
		process.kill(pid, 0);
		return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
	} catch {
		return false;
	}
}

/** The page once the job has finished (a generous limit). */
async function settle(client, location) {
	const deadline = Date.now() + 180000;
	for (;;) {
		const page = await client.get(location);
		if (page.status !== 200 || !refreshing(page.body)) return page;
		assert.ok(Date.now() < deadline, 'the import job finished within three minutes');
		await sleep(500);
	}
}

function previewFields(html) {
	const f = parseForms(html).find((x) => x.action === '/admin/import/run');
	assert.ok(f, 'the preview form');
	const out = {};
	for (const c of f.controls) if (c.name && c.name !== 'csrf' && c.type !== 'submit') out[c.name] = c.value ?? '';
	return out;
}

test('a long file: the page says where the preview stands, with a refresh and a labelled progress bar, then shows the preview', async () => {
	const admin = await gw.login('admin@example.com');
	const before = gw.count('deals');
	const res = await upload(admin, bigFile('long.csv'));
	assert.equal(res.status, 303, res.body);
	const token = tokenOf(res.location);
	const pid = jobPid(token);
	process.kill(pid, 'SIGSTOP');
	try {
		assert.ok(alive(pid), 'the job is still running when stopped');
		const page = await admin.get(res.location);
		assert.equal(page.status, 200);
		assert.ok(refreshing(page.body), 'a meta refresh while the job runs');
		assert.match(page.body, /Previewing: [\d,]+ rows read, \d+% of the file\./);
		assert.match(page.body, /<label for="import-progress">[^<]+<\/label>\s*<progress id="import-progress" max="100" value="\d+">/);
		assert.doesNotMatch(page.body, /to create/, 'no preview before the job has finished');
		// The job is a session of its own and holds no socket of the
		// worker's (the FastCGI socket above all).
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		const masterSession = Number(fs.readFileSync(`/proc/${gw.masterPid()}/stat`, 'utf8').split(') ')[1].split(' ')[3]);
		assert.notEqual(Number(stat[3]), masterSession, 'the job is in a session of its own (setsid)');
		assert.ok(!gw.workerPids().includes(Number(stat[1])), 'the job is no worker\'s child');
		const sockets = fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:'));
		assert.deepEqual(sockets, [], 'no socket is open in the job');
	} finally {
		process.kill(pid, 'SIGCONT');
	}
	const preview = await settle(admin, res.location);
	assert.equal(preview.status, 200);
	assert.ok(!refreshing(preview.body), 'no refresh once done');
	assert.match(preview.body, new RegExp(`<strong>${ROWS}</strong> to create`));
	assert.match(preview.body, /Preview of long\.csv/);
	assert.equal(gw.count('deals'), before, 'the preview wrote nothing');
});

test('a job that died: the page says so and offers to start again, never a 500; started again, it finishes', async () => {
	const admin = await gw.login('admin@example.com');
	const res = await upload(admin, bigFile('dies.csv'));
	const token = tokenOf(res.location);
	const pid = jobPid(token);
	process.kill(pid, 'SIGKILL');
	const deadline = Date.now() + 60000;
	while (alive(pid)) {
		assert.ok(Date.now() < deadline, 'the killed job ended');
		await sleep(100);
	}
	const page = await admin.get(res.location);
	assert.equal(page.status, 200);
	assert.ok(!refreshing(page.body), 'a dead job is not waited for');
	assert.match(page.body, /The preview stopped before it finished/);
	assert.match(page.body, /Nothing was imported/);
	const again = parseForms(page.body).find((f) => f.action === '/admin/import/run');
	assert.ok(again, 'a form to start again');
	const fields = {};
	for (const c of again.controls) if (c.name && c.name !== 'csrf' && c.type !== 'submit') fields[c.name] = c.value ?? '';
	assert.equal(fields.upload, token);
	const restarted = await admin.post('/admin/import/run', { ...fields, action: 'preview' });
	assert.equal(restarted.status, 303);
	const preview = await settle(admin, restarted.location);
	assert.equal(preview.status, 200);
	assert.match(preview.body, new RegExp(`<strong>${ROWS}</strong> to create`));
	assert.match(preview.body, /Preview of dies\.csv/, 'the file name is kept');
});

test('a second click on Import while the import runs goes to the running job and imports nothing twice', async () => {
	const admin = await gw.login('admin@example.com');
	const n = 5000;
	const res = await upload(admin, bigFile('twice.csv', n));
	const preview = await settle(admin, res.location);
	assert.match(preview.body, new RegExp(`<strong>${n}</strong> to create`));
	const fields = previewFields(preview.body);
	const before = gw.count('deals');
	const audits = gw.count('audit_log', "action = 'deals.import'");
	const first = await admin.post('/admin/import/run', { ...fields, action: 'import' });
	assert.equal(first.status, 303);
	const pid = jobPid(fields.upload);
	process.kill(pid, 'SIGSTOP');
	let second;
	try {
		second = await admin.post('/admin/import/run', { ...fields, action: 'import' });
		assert.equal(second.status, 303);
		assert.equal(second.location, first.location, 'to the running job\'s page');
		assert.equal(jobPid(fields.upload), pid, 'no second job');
		const preview2 = await admin.post('/admin/import/run', { ...fields, action: 'preview' });
		assert.equal(preview2.status, 303);
		assert.equal(jobPid(fields.upload), pid, 'nor a preview beside the import');
	} finally {
		process.kill(pid, 'SIGCONT');
	}
	const done = await settle(admin, second.location);
	assert.equal(done.status, 303);
	assert.equal(done.location, '/team');
	assert.equal(gw.count('deals'), before + n, 'imported once');
	assert.equal(gw.count('audit_log', "action = 'deals.import'"), audits + 1);
	assert.equal((await admin.get(first.location)).status, 404, 'the imported upload is gone');
	const again = await admin.post('/admin/import/run', { ...fields, action: 'import' });
	assert.equal(again.status, 404, 'and cannot be imported again');
	assert.equal(gw.count('deals'), before + n);
});

test('the job page: 404 for an unknown or malformed upload, and for anyone but an admin', async () => {
	const admin = await gw.login('admin@example.com');
	const res = await upload(admin, bigFile('small.csv', 3));
	const page = await settle(admin, res.location);
	assert.equal(page.status, 200);
	const unknown = 'A'.repeat(43);
	assert.equal((await admin.get(`/admin/import/run?upload=${unknown}`)).status, 404);
	assert.equal((await admin.get('/admin/import/run?upload=../../etc/passwd')).status, 404);
	assert.equal((await admin.post('/admin/import/run', { upload: unknown, action: 'import' })).status, 404);
	assert.ok(!fs.existsSync(jobFile(unknown, '.job')), 'no job file for an unknown upload');
	for (const who of ['ravi', 'maria']) {
		const c = await gw.login(`${who}@example.com`);
		assert.equal((await c.get(res.location)).status, 404, `${who}: the job page`);
		const post = await c.post('/admin/import/run', { ...previewFields(page.body), action: 'import' });
		assert.equal(post.status, 404, `${who}: starting an import`);
	}
	assert.equal(gw.count('deals', "import_id LIKE 'small.csv-%'"), 0);
});

test('an upload nobody imported is swept after a day, and its job\'s files with it', async () => {
	const admin = await gw.login('admin@example.com');
	const res = await upload(admin, bigFile('forgotten.csv', 3));
	assert.equal((await settle(admin, res.location)).status, 200);
	const token = tokenOf(res.location);
	const mine = () => fs.readdirSync(`${gw.db}.uploads`).filter((f) => f.startsWith(token)).sort();
	assert.deepEqual(mine(), ['.csv', '.form', '.job', '.log', '.progress', '.report'].map((s) => token + s).sort());
	const dayAndMore = new Date(Date.now() - 25 * 3600 * 1000);
	for (const f of mine()) fs.utimesSync(path.join(`${gw.db}.uploads`, f), dayAndMore, dayAndMore);
	const next = await upload(admin, bigFile('next.csv', 3));
	assert.equal(next.status, 303);
	assert.deepEqual(mine(), [], 'the old upload and its job files are gone');
	assert.equal((await admin.get(res.location)).status, 404);
	assert.equal((await settle(admin, next.location)).status, 200, 'the new upload is untouched');
});
