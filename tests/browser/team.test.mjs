// The manager's team page in a real browser, on a desktop and a phone:
// it renders every section with its chart and tables, nothing scrolls
// sideways, the numbers link to the deals behind them, and a rep page
// opens from it.  Screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
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

for (const viewport of ['desktop', 'phone']) {
  test(`the team page on a ${viewport}: every section, a chart with a text alternative, no sideways scroll`, async () => {
    const ctx = await newContext(browser, gw, viewport);
    try {
      const page = await ctx.newPage();
      await signIn(page, 'maria@example.com');
      assert.equal(pathOf(page), '/team', await describePage(page));
      assert.equal((await page.locator('main h1').textContent()).trim(), 'Team North');
      for (const id of ['stalled', 'distribution', 'health', 'flow', 'risk'])
        assert.equal(await page.locator(`section#${id}`).count(), 1, `section #${id}`);
      // The chart states its data for screen readers, and the same
      // numbers are in a table behind a <details>.
      const chart = page.locator('svg.chart');
      assert.equal(await chart.getAttribute('role'), 'img');
      const title = await chart.locator('title').textContent();
      assert.match(title, /^Open deals per stage: Prospect \d+, Discovery \d+/);
      const bars = await chart.locator('g.bar').count();
      assert.equal(bars, 5);
      const prospectInChart = Number(title.match(/Prospect (\d+)/)[1]);
      const prospectInTable = Number((await page.locator('#distribution details tbody tr').first()
        .locator('td').first().textContent()).trim());
      assert.equal(prospectInTable, prospectInChart, 'chart and table agree');
      // One sparkline per rep, labelled with its weekly numbers.
      const sparks = page.locator('#health svg.spark');
      assert.equal(await sparks.count(), 4);
      assert.match(await sparks.first().getAttribute('aria-label'), /^New deals per week: (\d+, ){7}\d+$/);
      const [scroll, width] = await pageWidths(page);
      assert.ok(scroll <= width, `the page scrolls sideways (${scroll} > ${width})`);
      await screenshot(page, 'team', viewport);
      assert.deepEqual(ctx.problems, []);
    } finally {
      await ctx.close();
    }
  });
}

test('a number on the team page opens the deals behind it, and a rep opens their page', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    // The first rep's Prospect cell in the rep x stage matrix.
    const cell = page.locator('table.matrix tbody tr').first().locator('td a').first();
    const count = Number((await cell.textContent()).trim());
    await clickAndWait(page, cell);
    assert.equal(pathOf(page), '/team/deals', await describePage(page));
    assert.equal(await page.locator('main tbody tr').count(), count, 'as many deals as the number said');
    await screenshot(page, 'team-deals', 'desktop');
    await page.goBack();
    const rep = page.locator('#health tbody th a').first();
    const name = (await rep.textContent()).trim();
    await clickAndWait(page, rep);
    assert.match(pathOf(page), /^\/team\/reps\/\d+$/);
    assert.equal((await page.locator('main h1').textContent()).trim(), name);
    assert.equal(await page.locator('section#deals').count(), 1, 'the rep page lists their deals');
    await screenshot(page, 'team-rep', 'desktop');
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});

test('a rep who opens /team gets the not-found page', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'ravi@example.com');
    const res = await page.goto('/team');
    assert.equal(res.status(), 404);
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Page not found');
  } finally {
    await ctx.close();
  }
});
