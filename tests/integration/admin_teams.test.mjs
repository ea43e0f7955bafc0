// The teams pages (/admin/teams and /admin/teams/{id}): every team with
// its manager and members, adding, renaming, retiring (its people move,
// its history stays, it takes no new members and leaves the pickers)
// and bringing a team back, each checked in the database and the audit
// log; and migration 011 on a database from before it.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useInstance, inputValue, selectedOption, sqlq, htmlUnescape, ROOT, BIN } from './harness.mjs';

const gw = useInstance();

let admin;
const teamId = (name) => gw.sqlValue(`SELECT id FROM teams WHERE name = ${sqlq(name)}`);
const team = (id) => gw.sql(`SELECT * FROM teams WHERE id = ${id}`)[0];
const userByEmail = (email) => gw.sql(`SELECT * FROM users WHERE email = ${sqlq(email)}`)[0];
const audit = (action, subject) =>
	gw.sql(`SELECT actor_id, detail FROM audit_log WHERE action = ${sqlq(action)} AND subject = ${sqlq(subject)} ORDER BY id`);
const text = (html) => htmlUnescape(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');

/** The option values of <select name=name> in html. */
function options(html, name) {
	const sel = html.match(new RegExp(`<select[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`));
	assert.ok(sel, `a ${name} select`);
	return [...sel[1].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((m) => ({ value: m[1], label: htmlUnescape(m[2]) }));
}

/** A new team with the given members (added with the CLI); its id. */
async function teamWith(name, members) {
	await admin.get('/admin/teams');
	const res = await admin.post('/admin/teams', { team_name: name });
	assert.equal(res.status, 303, `adding ${name}`);
	for (const [email, role] of members) gw.addUser(email, { name: email.split('@')[0], role, team: name });
	return teamId(name);
}

before(async () => {
	await gw.ready;
	admin = await gw.login('admin@example.com');
});

describe('the teams page', () => {
	test('GET /admin/teams lists each team with its manager, reps and status; the admin nav leads there', async () => {
		const res = await admin.get('/admin/teams');
		assert.equal(res.status, 200);
		assert.match(res.body, /<a href="\/admin\/teams" aria-current="page">Teams<\/a>/, 'in the admin nav, current');
		const page = text(res.body);
		for (const [name, manager, reps] of [['North', 'Maria Santos', ['Ravi Patel', 'Lena Fischer', 'Tom Nguyen', 'Inès Moreau']],
			['South', 'Sam Okafor', ['Kofi Mensah', 'Julia Kowalski', 'Diego Alvarez', 'Mei Chen']]]) {
			const id = teamId(name);
			const row = res.body.match(new RegExp(`<tr>\\s*<td><a href="/admin/teams/${id}">${name}</a></td>([\\s\\S]*?)</tr>`));
			assert.ok(row, `a row for ${name}`);
			const cells = text(row[1]);
			assert.ok(cells.includes(manager), `${name}: manager ${manager} in ${cells}`);
			for (const rep of reps) assert.ok(cells.includes(rep), `${name}: rep ${rep}`);
			assert.ok(cells.includes('Active'), `${name} is active`);
			assert.ok(row[1].includes(`href="/team?team=${id}"`), `${name} links its team page`);
		}
		assert.ok(page.includes('Add a team'));
		// Other pages of an admin show the link too; nobody else has it.
		assert.match((await admin.get('/admin/users')).body, /<a href="\/admin\/teams">Teams<\/a>/);
		for (const who of ['maria@example.com', 'ravi@example.com']) {
			const c = await gw.login(who);
			const home = await c.get(who.startsWith('maria') ? '/team' : '/deals');
			assert.doesNotMatch(home.body, /href="\/admin\/teams"/, `${who} has no Teams link`);
			assert.equal((await c.get('/admin/teams')).status, 404);
		}
	});

	test('GET /admin/teams/{id} shows the team\'s people and its forms; an unknown team is 404', async () => {
		const north = teamId('North');
		const res = await admin.get(`/admin/teams/${north}`);
		assert.equal(res.status, 200);
		for (const u of gw.sql(`SELECT id, name FROM users WHERE team_id = ${north}`))
			assert.ok(res.body.includes(`<a href="/admin/users/${u.id}">${u.name}</a>`) || text(res.body).includes(u.name), u.name);
		assert.equal(inputValue(res.body, 'team_name'), 'North');
		const moves = options(res.body, 'move_to');
		assert.deepEqual(moves.map((o) => o.label), ['Choose where they go', 'East', 'South', 'No team'], 'another active team, or none');
		assert.match(text(res.body), /keeps everything the team has done/);
		assert.equal((await admin.get('/admin/teams/987654')).status, 404);
	});
});

describe('renaming', () => {
	test('a rename keeps the team\'s history under the new name, and is audited with both names', async () => {
		const id = await teamWith('Coastal', [['coastal.rep@example.com', 'rep']]);
		const rep = userByEmail('coastal.rep@example.com');
		const c = await gw.login('coastal.rep@example.com');
		await c.get('/deals/new');
		const made = await c.post('/deals/new', { company: 'Renamed Team Deal' });
		assert.equal(made.status, 303);
		await admin.get(`/admin/teams/${id}`);
		const res = await admin.post(`/admin/teams/${id}`, { team_name: 'Coastal West' });
		assert.equal(res.status, 303);
		assert.equal(res.location, `/admin/teams/${id}`);
		assert.equal(team(id).name, 'Coastal West');
		assert.equal(userByEmail('coastal.rep@example.com').team_id, id, 'its people stay');
		assert.equal(gw.sqlValue(`SELECT team_id FROM deals WHERE company = 'Renamed Team Deal'`), id, 'its deals stay');
		assert.deepEqual(audit('team-rename', `team:${id}`).map((a) => a.detail), ['Coastal → Coastal West']);
		const page = await admin.get(`/team?team=${id}`);
		assert.match(page.body, /<h1>Team Coastal West<\/h1>/);
		assert.equal(rep.team_id, id);
	});

	const bad = [
		['another team\'s name, in any case', 'south', /A team with this name already exists\./],
		['an empty name', '', /This is required\./],
		['a name of 61 characters', 'n'.repeat(61), /This is too long: at most 60 characters \(this has 61\)/],
	];
	for (const [what, name, message] of bad) {
		test(`a rename to ${what} is 422 with the name kept and nothing changed`, async () => {
			const north = teamId('North');
			const before = JSON.stringify(gw.sql('SELECT * FROM teams ORDER BY id'));
			const res = await admin.post(`/admin/teams/${north}`, { team_name: name });
			assert.equal(res.status, 422);
			assert.match(res.body, message);
			assert.match(res.body, /The team was not renamed/);
			assert.equal(inputValue(res.body, 'team_name'), name);
			assert.equal(JSON.stringify(gw.sql('SELECT * FROM teams ORDER BY id')), before);
		});
	}
});

describe('retiring', () => {
	test('retiring needs a place for its people: none chosen, itself or a retired team is 422 and changes nothing', async () => {
		const id = await teamWith('Harbour', [['harbour.rep@example.com', 'rep']]);
		const other = await teamWith('Old Pier', []);
		await admin.get(`/admin/teams/${other}`);
		assert.equal((await admin.post(`/admin/teams/${other}/active`, { active: '0', move_to: 'none' })).status, 303);
		const before = JSON.stringify([gw.sql('SELECT * FROM teams ORDER BY id'), gw.sql('SELECT id, team_id FROM users ORDER BY id')]);
		for (const move_to of ['', String(id), String(other), '987654', 'somewhere']) {
			const res = await admin.post(`/admin/teams/${id}/active`, { active: '0', move_to });
			assert.equal(res.status, 422, `move_to=${move_to}`);
			assert.match(res.body, /The team was not retired/);
			assert.match(res.body, /id="e-move_to"/);
			assert.equal(JSON.stringify([gw.sql('SELECT * FROM teams ORDER BY id'), gw.sql('SELECT id, team_id FROM users ORDER BY id')]), before);
		}
		// The retired team is not offered as a destination.
		const page = await admin.get(`/admin/teams/${id}`);
		assert.ok(!options(page.body, 'move_to').some((o) => o.value === String(other)));
		// A choice is kept when something else is wrong.
		const kept = await admin.post(`/admin/teams/${id}/active`, { active: '0', move_to: 'none', extra: 'x' });
		assert.equal(kept.status, 303);
	});

	test('a retired team keeps its history, its people move and are signed out, and each change is audited', async () => {
		const id = await teamWith('Ridge', [['ridge.manager@example.com', 'manager'], ['ridge.rep@example.com', 'rep']]);
		const south = teamId('South');
		const rep = gw.client();
		assert.equal((await rep.signIn('ridge.rep@example.com', 'groundwork-demo')).status, 303);
		await rep.get('/deals/new');
		assert.equal((await rep.post('/deals/new', { company: 'Ridge History Co' })).status, 303);
		const dealId = gw.sqlValue(`SELECT id FROM deals WHERE company = 'Ridge History Co'`);
		const changes = gw.count('stage_changes', `deal_id = ${dealId}`);

		await admin.get(`/admin/teams/${id}`);
		const res = await admin.post(`/admin/teams/${id}/active`, { active: '0', move_to: String(south) });
		assert.equal(res.status, 303);
		assert.equal(res.location, `/admin/teams/${id}`);
		// The page says so, and offers to bring it back.
		const page = await admin.get(`/admin/teams/${id}`);
		assert.match(page.body, /Retired team Ridge; 2 people moved to South\./);
		assert.match(text(page.body), /Retired on \d{4}-\d\d-\d\d/);
		assert.match(page.body, /Bring the team back/);
		assert.match(page.body, /Nobody is in this team\./);
		const t = team(id);
		assert.ok(t.retired_at > 0, 'retired');
		assert.equal(t.name, 'Ridge', 'the row stays, name and all');
		// Its people are in South now, and signed out.
		for (const email of ['ridge.manager@example.com', 'ridge.rep@example.com'])
			assert.equal(userByEmail(email).team_id, south, `${email} moved`);
		assert.equal(gw.count('sessions', `user_id = ${userByEmail('ridge.rep@example.com').id}`), 0);
		assert.equal((await rep.get('/deals')).status, 303, 'the rep signs in again');
		// History stays with the retired team.
		assert.equal(gw.sqlValue(`SELECT team_id FROM deals WHERE id = ${dealId}`), id);
		assert.equal(gw.count('stage_changes', `deal_id = ${dealId}`), changes);
		const history = await admin.get(`/team?team=${id}`);
		assert.equal(history.status, 200, 'its team page still opens');
		assert.match(history.body, /<h1>Team Ridge \(retired\)<\/h1>/);
		assert.equal(selectedOption(history.body, 'team'), String(id));
		// Audited: the retirement and each move.
		assert.deepEqual(audit('team-retire', `team:${id}`).map((a) => a.detail), ['Ridge; 2 moved to South']);
		for (const email of ['ridge.manager@example.com', 'ridge.rep@example.com'])
			assert.deepEqual(audit('user-update', email).map((a) => a.detail), ['team Ridge -> South (team retired)']);
		const list = await admin.get('/admin/teams');
		assert.match(text(list.body), /Ridge no manager no reps 0 Retired on/);
		// Retiring it again is refused.
		const again = await admin.post(`/admin/teams/${id}/active`, { active: '0', move_to: 'none' });
		assert.equal(again.status, 422);
		assert.match(again.body, /already retired/);
	});

	test('a retired team takes no new members and drops out of the pickers', async () => {
		const id = await teamWith('Dune', []);
		await admin.get(`/admin/teams/${id}`);
		assert.equal((await admin.post(`/admin/teams/${id}/active`, { active: '0', move_to: 'none' })).status, 303);
		// Not offered when adding or editing a user, nor in the team switchers.
		const users = await admin.get('/admin/users');
		assert.ok(!options(users.body, 'team_id').some((o) => o.value === String(id)), 'not in the add-user form');
		const tom = userByEmail('tom@example.com');
		const edit = await admin.get(`/admin/users/${tom.id}`);
		assert.ok(!options(edit.body, 'team_id').some((o) => o.value === String(id)), 'not in the edit-user form');
		assert.ok(!options((await admin.get('/team')).body, 'team').some((o) => o.value === String(id)), 'not in the /team switcher');
		assert.ok(!options((await admin.get('/aids/effectiveness')).body, 'team').some((o) => o.value === String(id)), 'not in the effectiveness switcher');
		// Refused when sent anyway, with the form kept.
		let res = await admin.post('/admin/users', { email: 'dune.rep@example.com', name: 'Dune Rep', role: 'rep', team_id: String(id), password: 'dune-rep-password' });
		assert.equal(res.status, 422);
		assert.match(res.body, /That team is retired/);
		assert.equal(inputValue(res.body, 'email'), 'dune.rep@example.com');
		assert.equal(gw.count('users', "email = 'dune.rep@example.com'"), 0);
		res = await admin.post(`/admin/users/${tom.id}`, { name: tom.name, role: 'rep', team_id: String(id) });
		assert.equal(res.status, 422);
		assert.match(res.body, /That team is retired/);
		assert.equal(userByEmail('tom@example.com').team_id, tom.team_id);
		// And from the command line.
		let r = gw.cli(['user', 'add', 'dune.cli@example.com', '--name', 'Dune CLI', '--role', 'rep', '--team', 'Dune'], { input: 'groundwork-demo\n' });
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /retired/);
		assert.equal(gw.count('users', "email = 'dune.cli@example.com'"), 0);
		r = gw.cli(['user', 'set-team', 'tom@example.com', 'Dune']);
		assert.notEqual(r.status, 0);
		assert.equal(userByEmail('tom@example.com').team_id, tom.team_id);
		// Brought back, it takes members again.
		res = await admin.post(`/admin/teams/${id}/active`, { active: '1' });
		assert.equal(res.status, 303);
		assert.equal(team(id).retired_at, null);
		assert.deepEqual(audit('team-restore', `team:${id}`).map((a) => a.detail), ['Dune']);
		assert.ok(options((await admin.get('/admin/users')).body, 'team_id').some((o) => o.value === String(id)));
		res = await admin.post('/admin/users', { email: 'dune.rep@example.com', name: 'Dune Rep', role: 'rep', team_id: String(id), password: 'dune-rep-password' });
		assert.equal(res.status, 303);
		assert.equal(userByEmail('dune.rep@example.com').team_id, id);
	});

	test('a team is never deleted: there is no way to, and retiring a team with history keeps every row', async () => {
		const north = teamId('North');
		const counts = () => gw.sql(`SELECT (SELECT count(*) FROM teams) AS teams,
			(SELECT count(*) FROM deals WHERE team_id = ${north}) AS deals,
			(SELECT count(*) FROM coaching_items WHERE team_id = ${north}) AS items,
			(SELECT count(*) FROM coaching_sessions WHERE team_id = ${north}) AS sessions`)[0];
		const before = counts();
		assert.ok(before.deals > 0 && before.sessions > 0, 'North has history');
		for (const p of [`/admin/teams/${north}/delete`, `/admin/teams/${north}/remove`])
			assert.equal((await admin.post(p, {})).status, 404, p);
		await admin.get(`/admin/teams/${north}`);
		assert.equal((await admin.post(`/admin/teams/${north}/active`, { active: '0', move_to: 'none' })).status, 303);
		assert.deepEqual(counts(), before);
		assert.equal(gw.count('users', `team_id = ${north}`), 0, 'its people have no team now');
		assert.equal(userByEmail('maria@example.com').team_id, null);
		const page = await admin.get(`/team?team=${north}`);
		assert.equal(page.status, 200);
		assert.match(page.body, /Open deals: <strong>\d+<\/strong>/, 'its figures are still there');
		// Bring it back for any later test of this file.
		assert.equal((await admin.post(`/admin/teams/${north}/active`, { active: '1' })).status, 303);
	});
});

test('migration 011 keeps every team, each active, on a database from before it', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-teams-upgrade-'));
	try {
		const db = path.join(dir, 'old.db');
		const files = fs.readdirSync(path.join(ROOT, 'sql')).filter((n) => /^\d{3}_.*\.sql$/.test(n)).sort();
		for (const f of files.filter((n) => Number(n.slice(0, 3)) <= 10))
			execFileSync('sqlite3', [db], { input: fs.readFileSync(path.join(ROOT, 'sql', f)) });
		execFileSync('sqlite3', [db, `PRAGMA user_version = 10;
			INSERT INTO teams (id, name, created_at) VALUES (1, 'North', 1), (2, 'South', 2), (7, 'Gap', 3);`]);
		const conf = path.join(dir, 'groundwork.conf');
		fs.writeFileSync(conf, `db = ${db}\nshare_dir = ${ROOT}\n`);
		execFileSync(BIN, ['--config', conf, 'migrate'], { stdio: 'ignore' });
		const rows = JSON.parse(execFileSync('sqlite3', ['-json', db, 'SELECT id, name, retired_at FROM teams ORDER BY id'], { encoding: 'utf8' }));
		assert.deepEqual(rows, [{ id: 1, name: 'North', retired_at: null }, { id: 2, name: 'South', retired_at: null }, { id: 7, name: 'Gap', retired_at: null }]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
