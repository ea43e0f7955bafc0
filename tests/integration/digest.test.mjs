// Email from end to end with real parts: Groundwork's digest hands each
// message to Debian's msmtp (as the sendmail it is configured with),
// which delivers it over SMTP to a real server on loopback (Debian's
// python3-aiosmtpd, tests/integration/smtp_sink.py), and Python's email
// package parses what arrived (mail_parse.py).  The instance itself is
// configured with a sendmail that does not exist, as a server without a
// mailer package is; the digest runs are pointed at msmtp through
// GROUNDWORK_SENDMAIL.

import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useInstance, freePort, waitFor, sqlq, BIN } from './harness.mjs';

const PY = '/usr/bin/python3';
const HERE = path.dirname(new URL(import.meta.url).pathname);
const MISSING = '/nonexistent/sendmail';

const gw = useInstance({ extraConfig: `sendmail = ${MISSING} -t -oi` });

// Mondays at 10:00 UTC, each test its own week so its periods are new:
// every default setting (Monday, 08:00, UTC) is due then.
const base = (() => {
	const d = new Date();
	d.setUTCHours(10, 0, 0, 0);
	d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
	return Math.floor(d.getTime() / 1000);
})();
const monday = (week) => base + week * 7 * 86400;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-mail-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A loopback SMTP server writing into a fresh directory, and msmtp set up for it. */
async function smtpSink(name, { refuse = [], delay = 0 } = {}) {
	const port = await freePort();
	const dir = path.join(tmp, name);
	fs.mkdirSync(dir);
	const args = [path.join(HERE, 'smtp_sink.py'), '--port', String(port), '--dir', dir, '--delay', String(delay)];
	for (const a of refuse) args.push('--refuse', a);
	const proc = spawn(PY, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	await new Promise((resolve, reject) => {
		proc.stdout.on('data', (b) => { if (String(b).includes('ready')) resolve(); });
		proc.on('exit', (code) => reject(new Error(`smtp_sink.py exited ${code}`)));
	});
	const rc = path.join(tmp, `${name}.msmtprc`);
	fs.writeFileSync(rc, `defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport ${port}\nfrom groundwork@localhost\n`,
		{ mode: 0o600 });
	return {
		dir,
		sendmail: `/usr/bin/msmtp -C ${rc} -t -oi`,
		files: () => fs.readdirSync(dir).filter((f) => f.endsWith('.eml')),
		/** How many messages the sink has begun to receive. */
		started: () => { try { return Number(fs.readFileSync(path.join(dir, 'started'), 'utf8')); } catch { return 0; } },
		parse: () => JSON.parse(spawnSync(PY, [path.join(HERE, 'mail_parse.py'), dir], { encoding: 'utf8' }).stdout),
		stop: () => new Promise((resolve) => { proc.on('exit', resolve); proc.kill('SIGTERM'); }),
	};
}

function digestEnv(sink) {
	return { ...process.env, GROUNDWORK_SENDMAIL: sink.sendmail, GROUNDWORK_BASE_URL: gw.base };
}

/** Run the digest to its end. */
function digest(sink, now, ...args) {
	const r = spawnSync(BIN, ['--config', gw.conf, 'digest', '--now', String(now), ...args],
		{ env: digestEnv(sink), encoding: 'utf8', timeout: 120000 });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the digest without waiting for it. */
function digestProc(sink, now) {
	const proc = spawn(BIN, ['--config', gw.conf, 'digest', '--now', String(now)],
		{ env: digestEnv(sink), stdio: 'ignore' });
	proc.done = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
	return proc;
}

const userId = (email) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(email)}`);
const sentTo = (period) => gw.sql(
	`SELECT u.email FROM outbox o JOIN users u ON u.id = o.user_id
	 WHERE o.period = ${sqlq(period)} AND o.state IN ('sent', 'sending') ORDER BY u.email`).map((r) => r.email);
const periodOf = (t) => new Date(t * 1000).toISOString().slice(0, 10);

/** Every address got exactly one message, and the set is what the outbox says went out. */
function assertOnceEach(mails, period, what) {
	const to = mails.map((m) => m.to_addr).sort();
	assert.deepEqual(to, [...new Set(to)], `${what}: nobody got a message twice`);
	assert.deepEqual(to, sentTo(period), `${what}: each email the outbox holds arrived, and only those`);
	assert.ok(to.length >= 5, `${what}: several people had something to hear (${to.length})`);
}

test('each due email arrives through msmtp once, as MIME text and HTML with the headers automatic mail carries', async () => {
	const sink = await smtpSink('first');
	try {
		const r = digest(sink, monday(0));
		assert.equal(r.status, 0, r.stderr);
		const mails = sink.parse();
		assertOnceEach(mails, periodOf(monday(0)), 'the first run');
		const kinds = gw.sql(`SELECT DISTINCT kind FROM outbox WHERE state = 'sent'`).map((x) => x.kind).sort();
		assert.deepEqual(kinds, ['admin_weekly', 'manager_weekly', 'rep_daily']);
		for (const m of mails) {
			assert.deepEqual(m.defects, [], `${m.to_addr}: no MIME defects`);
			assert.equal(m.type, 'multipart/alternative');
			assert.deepEqual(m.parts, ['text/plain', 'text/html']);
			const h = m.headers;
			assert.equal(h.From, 'Groundwork <groundwork@127.0.0.1>');
			assert.match(h.Date, /^Mon, \d\d \w{3} \d{4} 10:00:00 \+0000$/);
			assert.match(h['Message-ID'], /^<[\w-]+\.\w+@127\.0\.0\.1>$/);
			assert.equal(h['Auto-Submitted'], 'auto-generated');
			assert.equal(h['MIME-Version'], '1.0');
			assert.match(h['List-Unsubscribe'], new RegExp(`^<${gw.base}/unsubscribe\\?t=[\\w-]{43}>$`));
			assert.equal(h['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
			assert.ok(m.envelope.toLowerCase().includes(m.to_addr), 'delivered to the address in To');
		}
		const ids = mails.map((m) => m.headers['Message-ID']);
		assert.equal(new Set(ids).size, ids.length, 'every Message-ID differs');
		// A second run at the same time, as a timer firing twice: nothing more.
		const again = digest(sink, monday(0) + 600);
		assert.equal(again.status, 0, again.stderr);
		assert.equal(sink.files().length, mails.length, 'the second run sent nothing');
	} finally {
		await sink.stop();
	}
});

test("an email's links open that person's pages, and not another's", async () => {
	const sink = await smtpSink('links');
	try {
		assert.equal(digest(sink, monday(1)).status, 0);
		const mails = sink.parse();
		const mail = (to) => mails.find((m) => m.to_addr === to);
		const pairs = [['ravi@example.com', 'lena@example.com'], ['maria@example.com', 'sam@example.com']];
		for (const [owner, other] of pairs) {
			const m = mail(owner);
			assert.ok(m, `${owner} got an email`);
			const deals = [...new Set(m.links.filter((l) => /\/deals\/\d+$/.test(l)))];
			assert.ok(deals.length > 0, `${owner}'s email links to deals`);
			const me = await gw.login(owner);
			const them = await gw.login(other);
			for (const link of deals.slice(0, 5)) {
				assert.ok(link.startsWith(gw.base), `${link} is on this site`);
				const p = link.slice(gw.base.length);
				assert.equal((await me.get(p)).status, 200, `${owner} opens ${p}`);
				assert.equal((await them.get(p)).status, 404, `${other} may not open ${p}`);
			}
		}
		// The rep's email names only their own deals' companies.
		const ravi = userId('ravi@example.com');
		const others = gw.sql(`SELECT company FROM deals WHERE owner_id <> ${ravi}`).map((d) => d.company);
		const own = new Set(gw.sql(`SELECT company FROM deals WHERE owner_id = ${ravi}`).map((d) => d.company));
		for (const line of mail('ravi@example.com').text.split('\n').filter((l) => l.startsWith('- '))) {
			const company = line.slice(2).split(':')[0];
			assert.ok(own.has(company), `${company} is Ravi's`);
		}
		assert.ok(others.length > 0);
	} finally {
		await sink.stop();
	}
});

test('one-click unsubscribe works without signing in and stops only that email for that person', async () => {
	const sink = await smtpSink('unsubscribe');
	try {
		assert.equal(digest(sink, monday(2)).status, 0);
		const mails = sink.parse();
		const ravi = mails.find((m) => m.to_addr === 'ravi@example.com');
		const url = ravi.headers['List-Unsubscribe'].slice(1, -1);
		const p = url.slice(gw.base.length);
		const anon = gw.client();
		const page = await anon.get(p);
		assert.equal(page.status, 200, 'the link opens a page');
		assert.equal(gw.count('user_settings', `user_id = ${userId('ravi@example.com')} AND mail_off <> 0`), 0,
			'opening the link turns nothing off');
		const bad = await anon.request('POST', '/unsubscribe?t=' + 'A'.repeat(43),
			{ body: 'List-Unsubscribe=One-Click' });
		assert.equal(bad.status, 404, 'a token no email carried is refused');
		const res = await anon.request('POST', p, { body: 'List-Unsubscribe=One-Click' });
		assert.equal(res.status, 200, 'the one-click POST (RFC 8058) needs no session or CSRF value');
		assert.equal(gw.sqlValue(`SELECT mail_off FROM user_settings WHERE user_id = ${userId('ravi@example.com')}`), 2,
			'only the daily reminder is off');
		// The next working day: Ravi hears nothing, Lena still does.
		const r = digest(sink, monday(2) + 86400);
		assert.equal(r.status, 0, r.stderr);
		const tuesday = sink.parse().filter((m) => m.headers.Date.startsWith('Tue'));
		assert.ok(tuesday.some((m) => m.to_addr === 'lena@example.com'), 'Lena still gets hers');
		assert.ok(!tuesday.some((m) => m.to_addr === 'ravi@example.com'), 'Ravi does not');
	} finally {
		await sink.stop();
	}
});

test('an address the mailer refuses is retried with back-off, then shows as failed to doctor and the admin, and only for that person', async () => {
	const sink = await smtpSink('refuse', { refuse: ['lena@example.com'] });
	try {
		const t0 = monday(3);
		const r = digest(sink, t0);
		assert.equal(r.status, 0, r.stderr);
		const to = sink.parse().map((m) => m.to_addr);
		assert.ok(!to.includes('lena@example.com'));
		// (Ravi stopped his reminders in the test above.)
		assert.ok(to.includes('tom@example.com'), 'the others still went out');
		const lena = userId('lena@example.com');
		const row = () => gw.sql(`SELECT state, tries, next_try_at, error FROM outbox
			WHERE user_id = ${lena} AND period = ${sqlq(periodOf(t0))}`)[0];
		assert.equal(row().state, 'retry');
		assert.equal(row().next_try_at, t0 + 300, 'tried again after five minutes');
		assert.match(row().error, /msmtp exited/);
		// Too early: nothing is tried.  Then each try waits twice as long.
		digest(sink, t0 + 200);
		assert.equal(row().tries, 1);
		let at = t0;
		for (let tries = 1; tries < 5; tries++) {
			at = row().next_try_at;
			digest(sink, at);
			assert.equal(row().tries, tries + 1);
		}
		assert.equal(row().state, 'failed', 'given up after five tries');
		assert.equal(sink.parse().filter((m) => m.to_addr === 'tom@example.com').length, 1,
			"the retries resent nobody else's email");
		const doctor = gw.cli(['doctor']);
		assert.match(doctor.stdout, /PROBLEM\s+no email given up on/);
		assert.match(doctor.stdout, new RegExp(`PROBLEM\\s+the mailer \\(${MISSING} -t -oi\\) can be used: ${MISSING} is missing`));
		const admin = await gw.login('admin@example.com');
		const page = await admin.get('/admin/mail');
		assert.equal(page.status, 200);
		assert.match(page.body, /No email can go out: \/nonexistent\/sendmail is missing/);
		const problems = page.body.split('<h2 id="problems">Problems</h2>')[1].split('</table>')[0];
		assert.match(problems, /lena@example\.com<\/td><td>rep_daily<\/td>/);
		assert.match(problems, /No such user here/);
		assert.doesNotMatch(problems, /tom@example\.com/);
	} finally {
		await sink.stop();
	}
});

test('a run killed with SIGKILL halfway, then run again, delivers every email exactly once', async () => {
	const sink = await smtpSink('killed', { delay: 0.4 });
	try {
		const t = monday(4);
		const first = digestProc(sink, t);
		// Killed while its fourth mailer is handing a message over: the
		// claim is made and the mailer runs on (between a claim and its
		// mailer, a killed run would lose that email, by design).
		await waitFor(() => sink.files().length >= 3 && sink.started() > sink.files().length,
			{ what: 'three emails delivered and a fourth on its way' });
		first.kill('SIGKILL');
		assert.equal((await first.done).signal, 'SIGKILL');
		const r = digest(sink, t + 60);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /sent [1-9]\d* emails/, 'the killed run had left emails for the rerun');
		// A mailer the killed run had started finishes on its own.
		await waitFor(() => sink.files().length === sentTo(periodOf(t)).length,
			{ what: 'every claimed email delivered' });
		assertOnceEach(sink.parse(), periodOf(t), 'killed and rerun');
	} finally {
		await sink.stop();
	}
});

test('two runs at once deliver each email once', async () => {
	const sink = await smtpSink('overlap', { delay: 0.2 });
	try {
		const t = monday(5);
		const a = digestProc(sink, t), b = digestProc(sink, t);
		const [ra, rb] = await Promise.all([a.done, b.done]);
		// (Both runs claim as they go: which one sends which email is
		// up to the writer lock, so only the outcome is asserted.)
		assert.equal(ra.code, 0);
		assert.equal(rb.code, 0);
		await waitFor(() => sink.files().length === sentTo(periodOf(t)).length, { what: 'all delivered' });
		assertOnceEach(sink.parse(), periodOf(t), 'two runs at once');
	} finally {
		await sink.stop();
	}
});

test("the admin's test email goes out with the next run, and the page says so", async () => {
	const sink = await smtpSink('test-email');
	try {
		const admin = await gw.login('admin@example.com');
		await admin.get('/admin/mail');
		const res = await admin.post('/admin/mail/test', {});
		assert.equal(res.status, 303);
		assert.equal(digest(sink, Math.floor(Date.now() / 1000) + 5).status, 0);
		const mails = sink.parse().filter((m) => m.headers.Subject === 'Groundwork test email');
		assert.equal(mails.length, 1);
		assert.equal(mails[0].to_addr, 'admin@example.com');
		assert.equal(mails[0].headers['List-Unsubscribe'], '', 'nothing to unsubscribe from');
		const page = await admin.get('/admin/mail');
		assert.match(page.body, /admin@example\.com<\/td><td>test<\/td><td>[^<]*<\/td><td>sent<\/td>/);
	} finally {
		await sink.stop();
	}
});

test('a dry run writes what would be sent as .eml files and sends and records nothing', () => {
	const out = path.join(tmp, 'dry');
	const before = gw.count('outbox');
	const items = gw.sqlValue(`SELECT group_concat(id || status || updated, ',') FROM (SELECT id, status,
		coalesce(closed_at, 0) AS updated FROM coaching_items ORDER BY id)`);
	const r = spawnSync(BIN, ['--config', gw.conf, 'digest', '--dry-run', '--user', 'maria@example.com', '--out', out],
		{ encoding: 'utf8', env: { ...process.env, GROUNDWORK_BASE_URL: gw.base } });
	assert.equal(r.status, 0, r.stderr);
	assert.deepEqual(fs.readdirSync(out), ['maria@example.com-manager_weekly.eml']);
	assert.equal(gw.count('outbox'), before, 'the outbox is untouched');
	assert.equal(gw.sqlValue(`SELECT group_concat(id || status || updated, ',') FROM (SELECT id, status,
		coalesce(closed_at, 0) AS updated FROM coaching_items ORDER BY id)`), items, 'the coaching list is untouched');
	const text = fs.readFileSync(path.join(out, 'maria@example.com-manager_weekly.eml'), 'utf8');
	assert.match(text, /^Subject: Your coaching week, team North$/m);
});
