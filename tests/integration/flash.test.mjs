// The one-time flash message after a POST travels in a signed cookie
// (gw_flash), not the database: it is shown once, only to the session
// it was made for, and showing it writes nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Instance, sleep, useInstance } from './harness.mjs';

const gw = useInstance();

const FLASH_P = /<p class="flash" role="status">/;

/** The Set-Cookie header for name in a response, or undefined. */
function setCookieFor(res, name) {
	return res.setCookies.find((sc) => sc.startsWith(`${name}=`));
}

/** A digest of the database and its WAL: any commit changes it. */
function dbFilesDigest(inst) {
	const h = crypto.createHash('sha256');
	for (const f of [inst.db, `${inst.db}-wal`]) {
		h.update(f);
		if (fs.existsSync(f)) h.update(fs.readFileSync(f));
	}
	return h.digest('hex');
}

/** Create a deal; returns the POST's response. */
async function createDeal(client, company) {
	await client.get('/deals/new');
	const res = await client.post('/deals/new', { company, stage_id: '1' });
	assert.equal(res.status, 303, `create answered ${res.status}`);
	return res;
}

describe('after creating a deal', () => {
	test('the POST sets a short-lived HttpOnly gw_flash cookie and stores nothing in sessions', async () => {
		const ravi = await gw.login('ravi@example.com');
		const res = await createDeal(ravi, 'Flash Cookie Co');
		const sc = setCookieFor(res, 'gw_flash');
		assert.ok(sc, `a gw_flash cookie is set: ${JSON.stringify(res.setCookies)}`);
		const attrs = sc.split(';').slice(1).map((a) => a.trim());
		for (const a of ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=60'])
			assert.ok(attrs.includes(a), `${a} in ${sc}`);
		assert.ok(!attrs.includes('Secure'), 'no Secure over plain http (secure_cookies = false)');
		assert.match(sc, /^gw_flash=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43};/);
		assert.ok(!sc.includes('Deal saved'), 'the message is encoded, not raw');
		const row = gw.sql(`SELECT flash FROM sessions WHERE id = ${gw.sessionRow(ravi.sessionCookie).id}`)[0];
		assert.equal(row.flash, null, 'sessions.flash stays NULL');
	});

	test('the redirect target shows the flash once and clears the cookie; the page after does not show it', async () => {
		const ravi = await gw.login('ravi@example.com');
		const res = await createDeal(ravi, 'Shown Once Ltd');
		const first = await ravi.get(res.location);
		assert.equal(first.status, 200);
		assert.match(first.body, /<p class="flash" role="status">Deal saved at Prospect\.<\/p>/);
		const cleared = setCookieFor(first, 'gw_flash');
		assert.ok(cleared, 'the page that shows the flash clears the cookie');
		assert.match(cleared, /^gw_flash=;.*Max-Age=0/);
		assert.equal(ravi.jar.has('gw_flash'), false);
		const second = await ravi.get(res.location);
		assert.equal(second.status, 200);
		assert.doesNotMatch(second.body, FLASH_P);
		assert.equal(setCookieFor(second, 'gw_flash'), undefined, 'no cookie to clear any more');
	});

	test('showing the flash writes nothing: the database and its WAL are byte-for-byte unchanged', async () => {
		const ravi = await gw.login('ravi@example.com');
		const res = await createDeal(ravi, 'Read Only Read Inc');
		const sessionBefore = gw.sql(
			`SELECT * FROM sessions WHERE id = ${gw.sessionRow(ravi.sessionCookie).id}`,
		);
		// Into a later second than the sign-in and the POST, so even a
		// write of the same session's last_seen would change a byte.
		await sleep(1100 - (Date.now() % 1000));
		const before = dbFilesDigest(gw);
		const page = await ravi.get(res.location);
		assert.match(page.body, /Deal saved at Prospect\./);
		assert.equal(dbFilesDigest(gw), before, 'the GET that showed the flash committed something');
		assert.deepEqual(
			gw.sql(`SELECT * FROM sessions WHERE id = ${gw.sessionRow(ravi.sessionCookie).id}`),
			sessionBefore,
		);
		assert.equal(sessionBefore[0].flash, null);
	});

	test('a POST while a flash is pending answers with one gw_flash cookie, the new one', async () => {
		const ravi = await gw.login('ravi@example.com');
		await createDeal(ravi, 'First Pending Co');
		assert.ok(ravi.jar.has('gw_flash'));
		await ravi.get('/deals/new'); // shows and clears the first
		await createDeal(ravi, 'Unused');
		const stale = ravi.jar.get('gw_flash');
		const res = await ravi.post('/deals/new', { company: 'Second Pending Co', stage_id: '2' });
		assert.equal(res.status, 303);
		const flashes = res.setCookies.filter((sc) => sc.startsWith('gw_flash='));
		assert.equal(flashes.length, 1, JSON.stringify(res.setCookies));
		assert.notEqual(ravi.jar.get('gw_flash'), stale);
		const page = await ravi.get(res.location);
		assert.match(page.body, /Deal saved at Discovery\./);
	});
});

describe('a flash cookie the server did not make for this session', () => {
	test('a forged gw_flash shows nothing, the page is 200, and the cookie is cleared', async () => {
		const ravi = await gw.login('ravi@example.com');
		const text = Buffer.from('You have won a prize').toString('base64url');
		for (const forged of [
			`${text}.${'A'.repeat(43)}`,
			text,
			'',
			'not base64 at all!',
			`${'A'.repeat(4000)}.${'A'.repeat(43)}`,
		]) {
			const c = ravi.clone();
			c.jar.set('gw_flash', forged);
			const res = await c.get('/deals');
			assert.equal(res.status, 200, `forged value ${JSON.stringify(forged.slice(0, 40))}`);
			assert.doesNotMatch(res.body, FLASH_P);
			assert.doesNotMatch(res.body, /prize/);
			assert.match(setCookieFor(res, 'gw_flash') ?? '', /^gw_flash=;.*Max-Age=0/);
		}
	});

	test('a flash with its message swapped, or its MAC altered, is not shown', async () => {
		const ravi = await gw.login('ravi@example.com');
		await createDeal(ravi, 'Altered Flash Co');
		const good = ravi.jar.get('gw_flash');
		const [, mac] = good.split('.');
		const last = mac.at(-1) === 'A' ? 'B' : 'A';
		for (const bad of [
			`${Buffer.from('Deal saved at Won.').toString('base64url')}.${mac}`,
			`${good.slice(0, -1)}${last}`,
		]) {
			const c = ravi.clone();
			c.jar.set('gw_flash', bad);
			const res = await c.get('/deals');
			assert.equal(res.status, 200);
			assert.doesNotMatch(res.body, FLASH_P, bad);
		}
		// The untouched value still works (control).
		assert.match((await ravi.get('/deals')).body, /Deal saved at Prospect\./);
	});

	test('a flash moved to another session is not shown', async () => {
		const ravi = await gw.login('ravi@example.com');
		const maria = await gw.login('maria@example.com');
		await createDeal(ravi, 'Moved Flash Co');
		maria.jar.set('gw_flash', ravi.jar.get('gw_flash'));
		const res = await maria.get(maria.home);
		assert.equal(res.status, 200);
		assert.doesNotMatch(res.body, FLASH_P);
	});

	test('after sign-out and a new sign-in in the same browser, an old flash is not shown', async () => {
		const c = await gw.login('ravi@example.com');
		await createDeal(c, 'Signed Out Flash Co');
		const old = c.jar.get('gw_flash');
		assert.ok(old);
		const out = await c.post('/logout', {});
		assert.equal(out.status, 303);
		assert.equal(c.jar.has('gw_flash'), false, 'sign-out clears the flash cookie');
		// Another person signs in; the old cookie somehow survived.
		c.jar.set('gw_flash', old);
		const signIn = await c.signIn('lena@example.com', 'groundwork-demo');
		assert.equal(signIn.status, 303);
		c.jar.set('gw_flash', old);
		const page = await c.get(signIn.location);
		assert.equal(page.status, 200);
		assert.doesNotMatch(page.body, FLASH_P);
		assert.doesNotMatch(page.body, /Signed Out Flash Co/);
	});

	test('signing in with a stale flash cookie sets the session, clears the pre-session and the flash', async () => {
		const c = gw.client();
		await c.get('/login');
		c.jar.set('gw_flash', `${Buffer.from('stale').toString('base64url')}.${'A'.repeat(43)}`);
		const res = await c.post('/login', { email: 'ravi@example.com', password: 'groundwork-demo' });
		assert.equal(res.status, 303);
		const names = res.setCookies.map((sc) => sc.slice(0, sc.indexOf('='))).sort();
		assert.deepEqual(names, ['gw_flash', 'gw_pre', 'gw_session']);
		assert.ok(c.sessionCookie);
		assert.equal(c.jar.has('gw_flash'), false);
		assert.equal((await c.get(res.location)).status, 200);
	});
});

describe('with secure_cookies = true', () => {
	let sec;
	before(async () => {
		sec = await Instance.start({ extraConfig: 'secure_cookies = true' });
	});
	after(async () => {
		if (sec) await sec.stop();
	});

	test('the flash cookie takes the __Host- name and Secure, and is shown once', async () => {
		const c = await sec.login('ravi@example.com');
		await c.get('/deals/new');
		const res = await c.post('/deals/new', { company: 'Secure Flash Co', stage_id: '1' });
		assert.equal(res.status, 303);
		const sc = setCookieFor(res, '__Host-gw_flash');
		assert.ok(sc, JSON.stringify(res.setCookies));
		assert.ok(sc.split(';').map((a) => a.trim()).includes('Secure'), sc);
		assert.equal(setCookieFor(res, 'gw_flash'), undefined);
		const page = await c.get(res.location);
		assert.match(page.body, /Deal saved at Prospect\./);
		assert.match(setCookieFor(page, '__Host-gw_flash') ?? '', /Max-Age=0/);
		assert.doesNotMatch((await c.get(res.location)).body, FLASH_P);
	});
});
