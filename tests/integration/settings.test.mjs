// Each person's own settings (/settings): the time zone every page's
// dates follow, checked against the server's zone database, and which
// emails they get and when.

import test from 'node:test';
import assert from 'node:assert/strict';
import { useInstance, sqlq, htmlUnescape } from './harness.mjs';

const gw = useInstance();

const userId = (who) => gw.sqlValue(`SELECT id FROM users WHERE email = ${sqlq(`${who}@example.com`)}`);

/** The times on a deal's timeline ("2026-12-01 14:05"). */
const timelineTimes = (html) => [...html.matchAll(/<span class="nowrap">([^<]*)<\/span>/g)].map((m) => m[1]);

/** What a time reads as in zone, as the pages write it. */
function inZone(t, zone) {
	const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
		timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

test("a person's time zone moves the dates on their pages, and nobody else's", async () => {
	const ravi = await gw.login('ravi@example.com');
	const deal = gw.sqlValue(`SELECT id FROM deals WHERE owner_id = ${userId('ravi')} ORDER BY id LIMIT 1`);
	const firstMove = gw.sqlValue(`SELECT min(at) FROM stage_changes WHERE deal_id = ${deal}`);
	const before = timelineTimes((await ravi.get(`/deals/${deal}`)).body);
	assert.ok(before.includes(inZone(firstMove, 'UTC')), `the install's zone (UTC) first: ${before}`);

	await ravi.get('/settings');
	const res = await ravi.post('/settings', { timezone: 'Asia/Kolkata', send_day: '1', send_hour: '7',
		mail_rep_daily: '1' });
	assert.equal(res.status, 303);
	const after = timelineTimes((await ravi.get(`/deals/${deal}`)).body);
	assert.ok(after.includes(inZone(firstMove, 'Asia/Kolkata')), `Ravi's own zone: ${after}`);
	assert.ok(!after.includes(inZone(firstMove, 'UTC')), 'no longer in UTC');

	const maria = await gw.login('maria@example.com');
	const hers = timelineTimes((await maria.get(`/deals/${deal}`)).body);
	assert.ok(hers.includes(inZone(firstMove, 'UTC')), 'his manager still reads it in hers');

	const page = await ravi.get('/settings');
	assert.match(page.body, /value="Asia\/Kolkata"/);
	assert.match(page.body, /<option value="7" selected>07:00<\/option>/);
	assert.deepEqual(gw.sql(`SELECT timezone, mail_off, send_day, send_hour FROM user_settings
		WHERE user_id = ${userId('ravi')}`), [{ timezone: 'Asia/Kolkata', mail_off: 0, send_day: 1, send_hour: 7 }]);
});

test("the team page's moment is in the reader's zone too", async () => {
	const sam = await gw.login('sam@example.com');
	assert.match((await sam.get('/team')).body, /Figures as of \d\d:\d\d UTC\./);
	await sam.get('/settings');
	assert.equal((await sam.post('/settings', { timezone: 'Asia/Kolkata', send_day: '1', send_hour: '8',
		mail_manager_weekly: '1' })).status, 303);
	const body = (await sam.get('/team')).body;
	const m = body.match(/Figures as of (\d\d):(\d\d) IST\./);
	assert.ok(m, 'shown in India Standard Time');
	// IST is UTC+05:30: the minutes differ from UTC's by 30.
	const utcMinute = new Date().getUTCMinutes();
	assert.ok([(utcMinute + 30) % 60, (utcMinute + 29) % 60, (utcMinute + 31) % 60].includes(Number(m[2])),
		`${m[0]} is half an hour off UTC`);
	await sam.post('/settings', { timezone: '', send_day: '1', send_hour: '8', mail_manager_weekly: '1' });
});

test('a time zone that does not exist is refused with a message, and nothing is saved', async () => {
	const lena = await gw.login('lena@example.com');
	await lena.get('/settings');
	for (const zone of ['Mars/Olympus_Mons', '../../etc/passwd', 'Europe', 'UTC; DROP TABLE users']) {
		const res = await lena.post('/settings', { timezone: zone, send_day: '1', send_hour: '8', mail_rep_daily: '1' });
		assert.equal(res.status, 422, zone);
		assert.match(htmlUnescape(res.body), /There is no time zone of that name on this server/);
	}
	assert.equal(gw.count('user_settings', `user_id = ${userId('lena')}`), 0);
});

test('unticking an email turns off only that one; a manager is offered only the emails of their role', async () => {
	const sam = await gw.login('sam@example.com');
	const page = await sam.get('/settings');
	assert.match(page.body, /name="mail_manager_weekly" value="1" checked/);
	assert.doesNotMatch(page.body, /name="mail_rep_daily"/);
	assert.doesNotMatch(page.body, /name="mail_admin_weekly"/);
	const res = await sam.post('/settings', { timezone: 'America/New_York', send_day: '3', send_hour: '9' });
	assert.equal(res.status, 303);
	assert.deepEqual(gw.sql(`SELECT timezone, mail_off, send_day, send_hour FROM user_settings
		WHERE user_id = ${userId('sam')}`), [{ timezone: 'America/New_York', mail_off: 1, send_day: 3, send_hour: 9 }]);
	// A day or hour outside the choices is refused.
	for (const [day, hour] of [['0', '9'], ['8', '9'], ['3', '24'], ['3', '-1'], ['3', 'x']]) {
		const bad = await sam.post('/settings', { timezone: '', send_day: day, send_hour: hour });
		assert.equal(bad.status, 422, `day ${day} hour ${hour}`);
	}
	assert.equal(gw.sqlValue(`SELECT send_day FROM user_settings WHERE user_id = ${userId('sam')}`), 3);
});

test('settings need a session and a CSRF value; the unsubscribe link needs neither but a real token', async () => {
	const anon = gw.client();
	const offBefore = gw.count('user_settings', 'mail_off <> 0');
	const get = await anon.get('/settings');
	assert.equal(get.status, 303);
	assert.match(get.location, /^\/login/);
	const tom = await gw.login('tom@example.com');
	const forged = await tom.post('/settings', { timezone: 'UTC', send_day: '1', send_hour: '8' }, { csrf: 'x'.repeat(43) });
	assert.equal(forged.status, 403);
	for (const t of ['', 'short', 'A'.repeat(43), '%00'.repeat(10)]) {
		assert.equal((await anon.get(`/unsubscribe?t=${t}`)).status, 404, `GET token ${t}`);
		assert.equal((await anon.request('POST', `/unsubscribe?t=${t}`, { body: 'List-Unsubscribe=One-Click' })).status,
			404, `POST token ${t}`);
	}
	assert.equal(gw.count('user_settings', 'mail_off <> 0'), offBefore, 'no email was turned off');
});
