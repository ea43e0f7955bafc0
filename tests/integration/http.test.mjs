// HTTP behaviour through the real nginx: security headers on every
// kind of response, the 500 page, request limits, and malformed
// requests sent over raw sockets.  The last test checks that none of
// it killed a worker.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	useInstance,
	Instance,
	ROOT,
	DEMO_PASSWORD,
	inputValue,
	buildRequest,
	missingSecurityHeaders,
} from './harness.mjs';

const gw = useInstance({ extraConfig: 'debug_routes = true' });

let startWorkers;
before(async () => {
	await gw.ready;
	startWorkers = gw.workerPids();
	assert.equal(startWorkers.length, 4, 'four workers at the start');
});

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Check the three security headers (fetch Headers or a raw header object). */
function assertSecurityHeaders(res, what) {
	const h = res.headers;
	assert.deepEqual(missingSecurityHeaders(h), [], `${what}: security headers present`);
	const get = typeof h.get === 'function' ? (k) => h.get(k) : (k) => h[k];
	assert.match(get('content-security-policy'), /default-src 'self'/, `${what}: CSP`);
	assert.match(get('content-security-policy'), /frame-ancestors 'none'/, `${what}: CSP`);
	assert.equal(get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
	assert.equal(get('referrer-policy'), 'same-origin', `${what}: Referrer-Policy`);
}

/** A raw request through nginx. */
function raw(method, target, opts = {}) {
	return gw.raw(buildRequest(method, target, opts), opts);
}

/** A urlencoded body of exactly n bytes made of fields under 8 KiB each. */
function bodyOfSize(n) {
	const parts = [];
	let left = n;
	let i = 0;
	while (left > 0) {
		const key = `f${i++}=`;
		const sep = left === n ? 0 : 1;
		const take = Math.min(8000, left - key.length - sep);
		assert.ok(take >= 0);
		parts.push(key + 'x'.repeat(take));
		left -= key.length + take + sep;
	}
	const body = parts.join('&');
	assert.equal(body.length, n);
	return body;
}

/** A signed-out browser that has loaded /login (cookie + csrf). */
async function loginForm() {
	const c = gw.client();
	await c.get('/login');
	return c;
}

describe('security headers on every kind of response', () => {
	const cases = [
		['200 /healthz', 200, () => gw.client().get('/healthz')],
		['200 /login page', 200, () => gw.client().get('/login')],
		['200 static file from nginx', 200, () => gw.client().get('/static/app.css')],
		['303 redirect', 303, () => gw.client().get('/')],
		['303 to sign-in from a protected page', 303, () => gw.client().get('/admin/users')],
		['404 unknown page', 404, () => gw.client().get('/no-such-page')],
		['404 unknown static file (nginx)', 404, () => gw.client().get('/static/nope.css')],
		['405 wrong method', 405, () => gw.client().request('PUT', '/')],
		['400 bad query encoding (app)', 400, () => gw.client().get('/login?next=%zz')],
		['400 bad path encoding (nginx)', 400, () => raw('GET', '/%zz')],
		['401 wrong password', 401, async () => (await loginForm()).post('/login', { email: 'ravi@example.com', password: 'wrong-password-1' })],
		['403 missing csrf (sign-in form)', 403, async () => (await loginForm()).post('/login', { email: 'a@example.com', password: 'x' }, { csrf: null })],
		['403 missing csrf (signed in)', 403, async () => (await gw.login('mei@example.com')).post('/logout', {}, { csrf: null })],
		['413 from the app (70 KiB body)', 413, () => raw('POST', '/logout', { headers: FORM, body: 'a=' + 'x'.repeat(70 * 1024) })],
		['413 from nginx (200 KiB body)', 413, () => raw('POST', '/logout', { headers: FORM, body: 'a=' + 'x'.repeat(200 * 1024) })],
		['415 non-form body', 415, () => raw('POST', '/logout', { headers: { 'Content-Type': 'text/plain' }, body: 'hello' })],
		['422 empty sign-in form', 422, async () => (await loginForm()).post('/login', { email: '', password: '' })],
		['500 internal error', 500, () => gw.client().get('/_debug/fail')],
		['400 from nginx (20 KB cookie)', 400, () => raw('GET', '/', { headers: { Cookie: 'big=' + 'x'.repeat(20000) } })],
		['414 from nginx (20 KB URL)', 414, () => raw('GET', '/' + 'a'.repeat(20000))],
	];
	for (const [what, status, send] of cases) {
		test(`${what}: status ${status} with CSP, nosniff and Referrer-Policy`, async () => {
			const res = await send();
			assert.equal(res.status, status, what);
			assertSecurityHeaders(res, what);
		});
	}

	test('HEAD / is a 303 with the headers and no body', async () => {
		const res = await gw.client().head('/');
		assert.equal(res.status, 303);
		assert.equal(res.location, '/login');
		assert.equal(res.body, '');
		assertSecurityHeaders(res, 'HEAD /');
	});

	test('HEAD /healthz is a 200 with no body', async () => {
		const res = await raw('HEAD', '/healthz');
		assert.equal(res.status, 200);
		assert.equal(res.body, '');
		assertSecurityHeaders(res, 'HEAD /healthz');
	});

	test("nginx's own 413 page is the static 'Request refused' page, not an nginx default page", async () => {
		const res = await raw('POST', '/login', { headers: FORM, body: 'a=' + 'x'.repeat(200 * 1024) });
		assert.equal(res.status, 413);
		assert.match(res.body, /Request refused/);
		assert.doesNotMatch(res.body, /nginx/i);
	});
});

describe('the 500 page', () => {
	test('shows a request id that is also in the log, and nothing internal', async () => {
		const res = await gw.client().get('/_debug/fail');
		assert.equal(res.status, 500);
		const m = res.body.match(/quote the reference <code>([0-9a-f]{8,32})<\/code>/);
		assert.ok(m, 'the page shows a request id');
		const id = m[1];
		const log = gw.log();
		const line = log.split('\n').find((l) => l.includes(id));
		assert.ok(line, `the id ${id} is in groundwork.log`);
		assert.match(line, /deliberate failure/);
		for (const secret of ['deliberate failure', 'SELECT', 'sqlite', 'SQLITE', ROOT, gw.dir, '.c:', '/tmp/', 'stack']) {
			assert.ok(!res.body.includes(secret), `the page does not contain ${JSON.stringify(secret)}`);
		}
	});

	test('each failure gets its own request id', async () => {
		const a = await gw.client().get('/_debug/fail');
		const b = await gw.client().get('/_debug/fail');
		const id = (r) => r.body.match(/<code>([0-9a-f]+)<\/code>/)[1];
		assert.notEqual(id(a), id(b));
	});

	test('/_debug/fail is a 404 on an instance without debug_routes (see roles.test.mjs), a 500 here', async () => {
		assert.equal((await gw.client().get('/_debug/fail')).status, 500);
	});
});

describe('body size and field limits', () => {
	test('a 64 KiB body is accepted; 64 KiB + 1 byte is 413 from the app', async () => {
		const ok = await raw('POST', '/logout', { headers: FORM, body: bodyOfSize(64 * 1024) });
		assert.equal(ok.status, 303, 'exactly 64 KiB reaches the page (anonymous: sent to sign in)');
		const big = await raw('POST', '/logout', { headers: FORM, body: bodyOfSize(64 * 1024 + 1) });
		assert.equal(big.status, 413);
		assert.match(big.body, /Too much data/, "the app's own 413 page");
	});

	test('a body over 128 KiB is refused by nginx with 413 before the app sees it', async () => {
		const res = await raw('POST', '/logout', { headers: FORM, body: bodyOfSize(129 * 1024) });
		assert.equal(res.status, 413);
		assert.match(res.body, /Request refused/);
	});

	test('256 fields are accepted; 257 fields are 413', async () => {
		const fields = (n) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&');
		const ok = await raw('POST', '/logout', { headers: FORM, body: fields(256) });
		assert.equal(ok.status, 303);
		const over = await raw('POST', '/logout', { headers: FORM, body: fields(257) });
		assert.equal(over.status, 413);
	});

	test('10,000 fields are 413', async () => {
		const body = Array.from({ length: 10000 }, (_, i) => `k${i}=1`).join('&');
		const res = await raw('POST', '/logout', { headers: FORM, body });
		assert.equal(res.status, 413);
	});

	test('a field of 8 KiB is accepted; 8 KiB + 1 byte is 413', async () => {
		const ok = await raw('POST', '/logout', { headers: FORM, body: 'a=' + 'x'.repeat(8192) });
		assert.equal(ok.status, 303);
		const big = await raw('POST', '/logout', { headers: FORM, body: 'a=' + 'x'.repeat(8193) });
		assert.equal(big.status, 413);
		const enc = await raw('POST', '/logout', { headers: FORM, body: 'a=' + '%41'.repeat(8193) });
		assert.equal(enc.status, 413, 'the limit applies to the decoded value');
	});

	test('a sign-in POST with a 8 KiB email is a 422 form, not an error', async () => {
		const c = await loginForm();
		const res = await c.post('/login', { email: 'x'.repeat(8000) + '@example.com', password: 'whatever-123' });
		assert.equal(res.status, 422);
		assert.match(res.body, /This is too long: at most \d+ characters/);
	});
});

describe('malformed requests', () => {
	test('a truncated body (Content-Length larger than sent, then EOF) gets no 5xx', async () => {
		const req = buildRequest('POST', '/login', {
			headers: { ...FORM, 'Content-Length': '100' },
			body: 'email=a%40',
		});
		const res = await gw.raw(req, { endWrite: true, timeoutMs: 20000 });
		assert.equal(res.timedOut, false, 'nginx closed the connection');
		assert.ok(res.status === null || (res.status >= 400 && res.status < 500), `status ${res.status}`);
	});

	test('a body with bad percent-encoding is 400', async () => {
		for (const body of ['a=%zz', 'a=%4', 'a=%', '%zz=1']) {
			const res = await raw('POST', '/logout', { headers: FORM, body });
			assert.equal(res.status, 400, body);
			assertSecurityHeaders(res, body);
		}
	});

	test('a non-form Content-Type with a body is 415', async () => {
		for (const ct of ['text/plain', 'application/json', 'multipart/form-data; boundary=x']) {
			const res = await raw('POST', '/logout', { headers: { 'Content-Type': ct }, body: '{"a":1}' });
			assert.equal(res.status, 415, ct);
			assert.match(res.body, /Unsupported form/);
		}
	});

	test('a chunked request body gets no 5xx', async () => {
		const req = buildRequest('POST', '/login', {
			headers: { ...FORM, 'Transfer-Encoding': 'chunked' },
			body: '3\r\na=1\r\n0\r\n\r\n',
		});
		const res = await gw.raw(req);
		assert.ok(res.status >= 200 && res.status < 500, `status ${res.status}`);
	});

	test('a bad Content-Length is refused by nginx (400) without reaching the app', async () => {
		for (const cl of ['abc', '-1']) {
			const res = await raw('POST', '/logout', { headers: { ...FORM, 'Content-Length': cl }, body: 'a=1' });
			assert.equal(res.status, 400, `Content-Length: ${cl}`);
		}
	});

	for (const target of ['/deals%00', '/%00', '/login%00.css', '/%FF', '/%C0%AF', '/deals/%ED%A0%80', '/%0d%0aX-Injected:%201']) {
		test(`path ${target} is 400`, async () => {
			const res = await raw('GET', target);
			assert.equal(res.status, 400, target);
			assert.equal(res.headers['x-injected'], undefined);
			assertSecurityHeaders(res, target);
		});
	}

	test('a path over 8 KiB (but under nginx limits) is 400, not a crash', async () => {
		const res = await raw('GET', '/' + 'a'.repeat(9000));
		assert.equal(res.status, 400);
	});

	test('a query string with bad encoding or too many fields is 400', async () => {
		const many = Array.from({ length: 1100 }, (_, i) => `q${i}=1`).join('&');
		for (const q of ['next=%zz', many]) {
			const res = await raw('GET', `/login?${q}`);
			assert.equal(res.status, 400);
		}
	});

	test('a raw NUL byte in a form value makes that field invalid (422), not a crash', async () => {
		const c = await loginForm();
		const body = Buffer.concat([
			Buffer.from(`csrf=${c.csrf}&email=ravi`),
			Buffer.from([0]),
			Buffer.from('@example.com&password=groundwork-demo'),
		]);
		const res = await c.request('POST', '/login', { body });
		assert.equal(res.status, 422);
		assert.match(res.body, /This holds characters that cannot be saved\./);
		assert.equal(c.jar.has('gw_session'), false, 'no session from a NUL-spliced email');
	});

	test('a %00 in a form value makes that field invalid (422)', async () => {
		const c = await loginForm();
		const res = await c.post('/login', `email=ravi%40example.com%00evil&password=${DEMO_PASSWORD}`);
		assert.equal(res.status, 422);
		assert.match(res.body, /cannot be saved/);
		assert.equal(c.jar.has('gw_session'), false);
	});

	test('invalid UTF-8 (%FF) in the email is a 422 form with the bad byte shown as U+FFFD', async () => {
		const c = await loginForm();
		const res = await c.post('/login', 'email=%FFravi%40example.com&password=whatever-123');
		assert.ok(res.status === 422 || res.status === 401, `status ${res.status}`);
		assert.match(res.body, /name="email"/);
		assert.equal(inputValue(res.body, 'email'), '\uFFFDravi@example.com');
	});

	test('a raw 0xFF byte in the body is handled the same way', async () => {
		const c = await loginForm();
		const body = Buffer.concat([Buffer.from(`csrf=${c.csrf}&email=`), Buffer.from([0xff, 0xfe]), Buffer.from('&password=x')]);
		const res = await c.request('POST', '/login', { body });
		assert.equal(res.status, 422);
	});

	test('an invalid UTF-8 field name is ignored, not fatal', async () => {
		const c = await loginForm();
		const res = await c.post('/login', `%FF%FE=1&email=&password=`);
		assert.equal(res.status, 422);
	});

	test('a 20 KB cookie is refused by nginx with a 4xx', async () => {
		const res = await raw('GET', '/deals', { headers: { Cookie: 'gw_session=' + 'x'.repeat(20000) } });
		assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
	});

	test('a 10 KB Cookie header (past the app limit) is ignored: treated as signed out', async () => {
		const admin = await gw.login('admin@example.com');
		const cookie = `${admin.cookieHeader()}; pad=${'x'.repeat(10000)}`;
		const res = await raw('GET', '/admin/users', { headers: { Cookie: cookie } });
		assert.equal(res.status, 303);
		assert.match(res.headers.location, /^\/login/);
	});

	test('garbage cookies are skipped and a valid session among them still works', async () => {
		const admin = await gw.login('admin@example.com');
		const cookie = `;;; =; =x; junk; a="b; ${admin.cookieHeader()}; \u0001=2; other=${"y".repeat(5000)}`;
		const res = await raw('GET', '/admin/users', { headers: { Cookie: cookie } });
		assert.equal(res.status, 200, 'the valid session cookie is still found');
		const bad = await raw('GET', '/admin/users', { headers: { Cookie: 'gw_session=' + 'A'.repeat(43) } });
		assert.equal(bad.status, 303, 'a well-formed but unknown token is signed out');
	});

	test('an HTTP/1.0 request without Host works', async () => {
		const res = await gw.raw(Buffer.from('GET /healthz HTTP/1.0\r\n\r\n'));
		assert.equal(res.status, 200);
		assert.match(res.body, /^ok /);
	});

	test('a request line that is not HTTP is refused by nginx (400)', async () => {
		const res = await gw.raw(Buffer.from('HELLO\r\n\r\n'));
		assert.ok(res.status === null || res.status === 400, `status ${res.status}`);
	});
});

describe("nginx's sign-in rate limit (second instance, 1r/m burst 1)", () => {
	let limited;
	before(async () => {
		limited = await Instance.start({ signinRate: '1r/m', signinBurst: 1, noSeed: true });
	});
	after(async () => {
		if (limited) await limited.stop();
	});

	test('a burst of sign-in POSTs gets 429 from nginx, with the security headers', async () => {
		const statuses = [];
		let refused;
		for (let i = 0; i < 4; i++) {
			const res = await limited.raw(buildRequest('POST', '/login', { headers: FORM, body: 'email=a&password=b' }));
			statuses.push(res.status);
			if (res.status === 429) refused = res;
		}
		assert.ok(refused, `one of ${statuses.join(', ')} is a 429`);
		assertSecurityHeaders(refused, 'nginx 429');
		assert.match(refused.body, /Request refused/);
		// Pages other than the sign-in POST are not limited.
		assert.equal((await limited.client().get('/login')).status, 200);
	});
});

describe('after all of the above', () => {
	test('no worker died or was restarted, and /healthz still answers', async () => {
		const log = gw.log();
		assert.doesNotMatch(log, /died of signal/);
		assert.doesNotMatch(log, /restarting/);
		assert.doesNotMatch(log, /left a transaction open/);
		assert.deepEqual(gw.workerPids(), startWorkers, 'the same four workers are serving');
		const res = await gw.client().get('/healthz');
		assert.equal(res.status, 200);
		assert.match(res.body, /^ok \d+\.\d+\.\d+/);
	});
});
