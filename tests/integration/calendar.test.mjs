// The calendar feed: a user makes a secret address (its token stored
// only as its hash), a real iCalendar parser (Debian's
// python3-icalendar) reads the feed and finds each open step on its due
// date, the feed needs no cookie and shows only that user's steps, and
// a revoked, replaced, unknown or malformed token gets 404.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { useInstance } from './harness.mjs';

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

/** Make a new feed address as client; returns its path and query. */
async function makeFeed(client) {
	await client.get('/calendar');
	const res = await client.post('/calendar', { action: 'create' });
	assert.equal(res.status, 303);
	const page = await client.get('/calendar');
	const m = page.body.match(/(\/calendar\/feed\.ics\?t=[A-Za-z0-9_-]{43})/);
	assert.ok(m, 'the address is shown once, after it is made');
	return m[1];
}

/** The events of an iCalendar text, as python3-icalendar reads them. */
function parse(ics) {
	const py = `
import sys, json
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
out = []
for ev in cal.walk('VEVENT'):
    out.append({'summary': str(ev.get('summary')), 'start': ev.decoded('dtstart').isoformat(),
                'uid': str(ev.get('uid')), 'url': str(ev.get('url', ''))})
print(json.dumps({'version': str(cal.get('version')), 'events': out}))
`;
	// Debian's interpreter, the one python3-icalendar is installed for.
	const r = spawnSync('/usr/bin/python3', ['-c', py], { input: ics, encoding: 'utf8' });
	assert.equal(r.status, 0, `python3-icalendar could not read the feed: ${r.stderr}`);
	return JSON.parse(r.stdout);
}

test('the feed lists each open step with a due date on that date, read by a real iCalendar parser, with no cookie', async () => {
	gw.addUser('cal.rep@example.com', { name: 'Cal Rep', role: 'rep', team: 'North' });
	const cal = await gw.login('cal.rep@example.com');
	const a = await create(cal, { company: 'Acme, Inc; "East"', next_step: 'Call Ada, then write', next_step_due: day(1) });
	const b = await create(cal, { company: 'Beta Ltd', next_step: 'Demo to the team', next_step_due: day(7) });
	await create(cal, { company: 'No Due Co', next_step: 'Someday' });
	await create(cal, { company: 'No Step Co' });
	const closed = await create(cal, { company: 'Closed Co', next_step: 'Never', next_step_due: day(2) });
	await cal.post(`/deals/${closed}/close`, { outcome: 'lost', lost_reason: 'No budget' });
	const feed = await makeFeed(cal);
	const token = feed.split('t=')[1];
	// Only the hash is stored.
	assert.equal(gw.count('calendar_feeds', `user_id = (SELECT id FROM users WHERE email = 'cal.rep@example.com')`), 1);
	assert.equal(gw.count('calendar_feeds', `token_hash = '${token}' OR CAST(token_hash AS TEXT) = '${token}'`), 0);
	assert.equal(gw.sqlValue(`SELECT length(token_hash) FROM calendar_feeds WHERE user_id = (SELECT id FROM users WHERE email = 'cal.rep@example.com')`), 32);

	const res = await gw.client().get(feed); // no cookie at all
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/calendar; charset=utf-8/);
	assert.match(res.body, /^BEGIN:VCALENDAR\r\n/);
	const parsed = parse(res.body);
	assert.equal(parsed.version, '2.0');
	assert.deepEqual(parsed.events.map((e) => [e.summary, e.start]), [
		['Call Ada, then write (Acme, Inc; "East")', day(1)],
		['Demo to the team (Beta Ltd)', day(7)],
	]);
	assert.deepEqual(parsed.events.map((e) => e.uid), [`deal-${a}-step@groundwork`, `deal-${b}-step@groundwork`]);
	// Done and rescheduled steps follow.
	await cal.get(`/deals/${b}`);
	await cal.post(`/deals/${b}/step/reschedule`, { due: day(9) });
	await cal.post(`/deals/${a}/step/done`, { outcome: 'ok' });
	const again = parse((await gw.client().get(feed)).body);
	assert.deepEqual(again.events.map((e) => [e.summary, e.start]), [['Demo to the team (Beta Ltd)', day(9)]]);
});

test('a revoked, replaced, unknown or malformed token gets 404; another user\'s token shows only their steps', async () => {
	const cal = await gw.login('cal.rep@example.com');
	const first = await makeFeed(cal);
	assert.equal((await gw.client().get(first)).status, 200);
	const second = await makeFeed(cal);
	assert.notEqual(first, second);
	assert.equal((await gw.client().get(first)).status, 404, 'the replaced address stops working');
	assert.equal((await gw.client().get(second)).status, 200);
	await cal.get('/calendar');
	assert.equal((await cal.post('/calendar', { action: 'revoke' })).status, 303);
	assert.equal((await gw.client().get(second)).status, 404, 'revoked');
	const page = await cal.get('/calendar');
	assert.match(page.body, /Calendar address revoked/);
	for (const bad of ['/calendar/feed.ics', '/calendar/feed.ics?t=', `/calendar/feed.ics?t=${'A'.repeat(43)}`,
		`/calendar/feed.ics?t=${'A'.repeat(44)}`, '/calendar/feed.ics?t=%00%01', `/calendar/feed.ics?t=${'*'.repeat(43)}`]) {
		const res = await gw.client().get(bad);
		assert.equal(res.status, 404, bad);
		assert.doesNotMatch(res.body, /BEGIN:VCALENDAR/);
	}
	// Ravi's feed shows Ravi's steps, never Cal's.
	const ravi = await gw.login('ravi@example.com');
	const raviFeed = await makeFeed(ravi);
	const raviEvents = parse((await gw.client().get(raviFeed)).body).events;
	assert.ok(raviEvents.length > 0, 'the demo rep has steps with due dates');
	assert.ok(raviEvents.every((e) => !/Acme, Inc|Beta Ltd/.test(e.summary)));
	const raviId = gw.sqlValue("SELECT id FROM users WHERE email = 'ravi@example.com'");
	const expected = gw.sqlValue(`SELECT count(*) FROM deals WHERE owner_id = ${raviId} AND status = 'open' AND next_step_due != ''`);
	assert.equal(raviEvents.length, Math.min(expected, 500));
	assert.equal(gw.count('audit_log', "action = 'calendar-feed-create'") >= 4, true);
	assert.equal(gw.count('audit_log', "action = 'calendar-feed-revoke'"), 1);
});

test('a disabled user\'s feed stops working', async () => {
	gw.addUser('cal.gone@example.com', { name: 'Cal Gone', role: 'rep', team: 'North' });
	const gone = await gw.login('cal.gone@example.com');
	await create(gone, { company: 'Gone Co', next_step: 'Call', next_step_due: day(1) });
	const feed = await makeFeed(gone);
	assert.equal((await gw.client().get(feed)).status, 200);
	gw.sql("UPDATE users SET active = 0 WHERE email = 'cal.gone@example.com'");
	assert.equal((await gw.client().get(feed)).status, 404);
});
