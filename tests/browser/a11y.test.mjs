// Accessibility: axe-core scans every page each role can open (signed
// out, rep, manager, admin, director) in four modes: on a desktop and on
// a 360 px phone, each in the light scheme and in the dark one (emulated
// prefers-color-scheme), and finds no serious or critical violation.
// Every page's result is printed as a test diagnostic and written to
// tests/browser/artifacts/axe-<role>-<viewport>-<scheme>.json.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ARTIFACTS,
  axeScan,
  describePage,
  launchBrowser,
  newContext,
  signIn,
  startInstance,
} from './harness.mjs';

let gw;
let browser;

before(async () => {
  gw = await startInstance();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await gw?.stop();
});

// A page is a path, or the first link matching `link` on the page `from`
// (a deal, a rep, an aid: whatever the demo data holds).
const PAGES = {
  'signed out': { email: null, pages: ['/login'] },
  rep: {
    email: 'ravi@example.com',
    pages: [
      '/deals',
      '/deals?status=all',
      '/deals/new',
      '/deals/board',
      '/calendar',
      { name: 'an open deal', from: '/deals', link: 'a.deal-company' },
      { name: 'a won deal', from: '/deals?status=won', link: 'a.deal-company' },
      '/coaching',
      '/aids',
      { name: 'a job-aid', from: '/aids', link: '.aid-row a' },
      '/settings',
    ],
  },
  manager: {
    email: 'maria@example.com',
    pages: [
      '/team',
      { name: 'a rep page', from: '/team', link: '#health tbody th a' },
      '/team/deals',
      '/deals/board',
      '/team/deals?status=all&only=stalled',
      { name: "a team member's deal", from: '/team/deals', link: 'main tbody td a' },
      '/team/coaching',
      '/team/sessions/new',
      '/team/time',
      '/aids',
      { name: 'a job-aid', from: '/aids', link: '.aid-row a' },
      '/aids/effectiveness',
      '/settings',
    ],
  },
  director: {
    email: 'vp@example.com',
    pages: [
      '/org',
      '/org?sort=early&dir=desc',
      '/org/targets',
      '/team',
      { name: "a team's rep page", from: '/team', link: '#health tbody th a' },
      '/team/deals',
      { name: "a team's deal", from: '/team/deals', link: 'main tbody td a' },
      { name: "a team's meter", from: '/org', link: 'main tbody th a[href^="/team/time"]' },
      { name: "a team's coaching list", from: '/org', link: 'main tbody th a[href^="/team/coaching"]' },
    ],
  },
  admin: {
    email: 'admin@example.com',
    pages: [
      '/org',
      '/team/time',
      '/team/coaching',
      { name: 'a rep page', from: '/team', link: '#health tbody th a' },
      '/team/deals',
      { name: 'a deal', from: '/team/deals', link: 'main tbody td a' },
      '/aids',
      '/aids/effectiveness',
      '/admin/users',
      { name: 'a user', from: '/admin/users', link: 'main tbody td a' },
      '/admin/import',
      '/admin/stages',
      { name: 'a stage', from: '/admin/stages', link: 'main tbody td a' },
      '/admin/aids',
      '/admin/aids/new',
      { name: 'a library job-aid', from: '/admin/aids', link: 'main tbody td a' },
      '/admin/mail',
      '/settings',
      '/admin/offsite',
    ],
  },
};

const BLOCKING = new Set(['serious', 'critical']);

/** [background, text]: the relative luminance (0 black, 1 white) of the
 *  page's background and of its body text. */
function pageLuminance(page) {
  return page.evaluate(() => {
    const lum = (css) => {
      const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
        const x = Number(v) / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return [lum(getComputedStyle(document.documentElement).backgroundColor),
      lum(getComputedStyle(document.body).color)];
  });
}

/** Open a page of the list; returns the path it ended up at. */
async function open(page, entry) {
  if (typeof entry === 'string') {
    const res = await page.goto(entry);
    assert.equal(res.status(), 200, `${entry}: ${await describePage(page)}`);
    return entry;
  }
  await page.goto(entry.from);
  const href = await page.locator(entry.link).first().getAttribute('href');
  assert.ok(href, `${entry.name}: no link ${entry.link} on ${entry.from}`);
  const res = await page.goto(href);
  assert.equal(res.status(), 200, `${entry.name} (${href}): ${await describePage(page)}`);
  return href;
}

for (const [role, { email, pages }] of Object.entries(PAGES)) {
  const who = email ? `the ${role}` : 'a signed-out visitor';
  for (const [viewport, scheme] of [['desktop', 'light'], ['desktop', 'dark'], ['phone', 'light'], ['phone', 'dark']]) {
    test(`axe: every page open to ${who}, on a ${viewport} in the ${scheme} scheme, has no serious or critical violation`, async (t) => {
      const ctx = await newContext(browser, gw, viewport, { colorScheme: scheme });
      ctx.setDefaultTimeout(30_000);
      ctx.setDefaultNavigationTimeout(30_000);
      const report = [];
      const blocking = [];
      try {
        const page = await ctx.newPage();
        if (email) await signIn(page, email);
        for (const entry of pages) {
          const path = await open(page, entry);
          // The scheme asked for is the one the page shows: dark text on
          // a light page, or light text on a dark one.
          const [bg, ink] = await pageLuminance(page);
          assert.equal(bg > ink, scheme === 'light',
            `${path}: the ${scheme} scheme (background ${bg.toFixed(2)}, text ${ink.toFixed(2)})`);
          const violations = await axeScan(page);
          const counts = {};
          for (const v of violations) counts[v.impact] = (counts[v.impact] ?? 0) + 1;
          report.push({ path, violations });
          const summary = violations.length === 0 ? 'no violations'
            : violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ');
          t.diagnostic(`axe ${role} ${viewport} ${scheme} ${path}: ${summary}`);
          for (const v of violations.filter((x) => BLOCKING.has(x.impact))) {
            const first = v.nodes[0];
            blocking.push(`${path}: ${v.id} (${v.impact}) on ${v.nodes.length} element(s), ` +
              `e.g. ${first.target}: ${(first.summary ?? '').replace(/\s+/g, ' ').trim()}`);
          }
        }
        // Chromium drops a page's icon request when the next page is
        // opened before it arrived; that is not a problem of the page.
        assert.deepEqual(ctx.problems.filter((p) => !/\/favicon\.svg \(net::ERR_ABORTED\)$/.test(p)), []);
      } finally {
        mkdirSync(ARTIFACTS, { recursive: true });
        writeFileSync(join(ARTIFACTS, `axe-${role.replace(/ /g, '-')}-${viewport}-${scheme}.json`),
          JSON.stringify(report, null, 2));
        await ctx.close();
      }
      assert.deepEqual(blocking, [], `\n  - ${blocking.join('\n  - ')}`);
    });
  }
}
