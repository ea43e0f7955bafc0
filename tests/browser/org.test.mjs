// The director's /org in a real browser, on a desktop and on a 360 px
// phone: sort the managers by the early share of their coaching time,
// then drill into the top team's meter, which opens read-only.  Both
// pages are scanned with axe; screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  axeScan,
  clickAndWait,
  describePage,
  launchBrowser,
  newContext,
  pageWidths,
  pathOf,
  screenshot,
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

const BLOCKING = new Set(['serious', 'critical']);

async function noBlockingViolations(page) {
  const found = (await axeScan(page)).filter((v) => BLOCKING.has(v.impact));
  assert.deepEqual(found.map((v) => `${v.id}: ${v.nodes[0]?.target}`), [], `axe on ${pathOf(page)}`);
}

/** The early shares of the rows in their order (null: no deal coaching). */
async function earlyShares(page) {
  const cells = await page.locator('main tbody td[data-col="early"]').allTextContents();
  return cells.map((t) => {
    const m = t.replace(/\s+/g, ' ').trim().match(/^(\d+)% ·/);
    return m ? Number(m[1]) : null;
  });
}

for (const viewport of ['desktop', 'phone']) {
  test(`a director on a ${viewport} sorts /org by early share and drills into a team's meter`, async () => {
    const ctx = await newContext(browser, gw, viewport);
    try {
      const page = await ctx.newPage();
      await signIn(page, 'vp@example.com');
      assert.equal(pathOf(page), '/org', await describePage(page));
      assert.equal((await page.locator('main h1').first().textContent()).trim(), 'Org');
      assert.equal(await page.locator('main tbody tr[data-team]').count(), 3, 'North, South and East');
      // Sort by early share, highest first: on a desktop by the column's
      // heading (twice: lowest first, then highest), on a phone, where the
      // headings are hidden, with the sort form.
      if (viewport === 'desktop') {
        const heading = page.locator('thead th a', { hasText: 'Early share of coaching' });
        await clickAndWait(page, heading);
        assert.equal(await page.locator('thead th[aria-sort="ascending"]').count(), 1);
        await clickAndWait(page, page.locator('thead th a', { hasText: 'Early share of coaching' }));
        assert.equal(await page.locator('thead th[aria-sort="descending"]').count(), 1);
      } else {
        await page.locator('#f-sort').selectOption('early');
        await page.locator('#f-dir').selectOption('desc');
        await clickAndWait(page, page.locator('form.sort button'));
      }
      assert.match(page.url(), /sort=early&dir=desc/);
      const shares = await earlyShares(page);
      const known = shares.filter((x) => x !== null);
      assert.deepEqual(known, [...known].sort((a, b) => b - a), `highest first: ${shares}`);
      assert.equal(shares.at(-1), null, 'the team without deal coaching last');
      const [scroll, width] = await pageWidths(page);
      assert.ok(scroll <= width, `the page scrolls sideways (${scroll} > ${width})`);
      await screenshot(page, 'org', viewport);
      await noBlockingViolations(page);
      // The top team's meter, read-only.
      const top = page.locator('main tbody tr[data-team]').first();
      const team = (await top.locator('th a').first().textContent()).trim();
      await clickAndWait(page, top.locator('a', { hasText: 'meter' }));
      assert.equal(pathOf(page), '/team/time', await describePage(page));
      assert.match(await page.locator('main h1').textContent(), new RegExp(`· ${team}$`));
      assert.equal(await page.locator('svg.chart.meter').count(), 1, 'the meter chart');
      assert.equal(await page.locator('main form[method="post"]').count(), 0, 'no form that writes');
      assert.equal(await page.locator('a[href^="/team/sessions/new"]').count(), 0, 'no session to log');
      await screenshot(page, 'org-meter', viewport);
      await noBlockingViolations(page);
      assert.deepEqual(ctx.problems.filter((p) => !/\/favicon\.svg \(net::ERR_ABORTED\)$/.test(p)), []);
    } finally {
      await ctx.close();
    }
  });
}
