// An admin imports deals in real Chromium with JavaScript off, on a
// phone: uploads the Pipedrive-shaped sample, maps the one stage name
// Groundwork does not have, confirms, and finds the deals on the team
// page, and the pages never scroll sideways; on a desktop the upload
// and preview pages pass the axe scan.
//
//   node --test --test-concurrency=1 tests/browser/import.test.mjs

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT,
  USERS,
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

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

async function noSidewaysScroll(page, what) {
  const [scrollWidth, innerWidth] = await pageWidths(page);
  assert.ok(scrollWidth <= innerWidth, `${what}: scrolls sideways (${scrollWidth} > ${innerWidth})`);
}

/* axe runs in the page, so only where JavaScript is on. */
async function noAxeFindings(page, what) {
  const found = (await axeScan(page)).filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(found.map((v) => v.id), [], `${what}: axe findings`);
}

test('phone, JavaScript off: an admin imports the Pipedrive file, maps one stage, confirms, and sees the deals on the team page', async () => {
  const ctx = await newContext(browser, gw, 'phone', { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await signIn(page, USERS.admin.email);
    // The owners in the file (Ravi, Lena, Tom, Inès) are all in North;
    // an admin's /team opens on the first team by name, so North is
    // chosen by its switcher's value.
    await page.goto('/team');
    const north = await page.locator('option', { hasText: /^North$/ }).first().getAttribute('value');
    await page.goto(`/team?team=${north}`);
    const openBefore = Number((await page.locator('main').textContent()).match(/Open deals: (\d+)/)[1]);

    await clickAndWait(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import', exact: true }));
    assert.equal(pathOf(page), '/admin/import', await describePage(page));
    await noSidewaysScroll(page, '/admin/import');
    await page.getByLabel('CSV file').setInputFiles(join(ROOT, 'tests', 'data', 'pipedrive_deals.csv'));
    await clickAndWait(page, page.getByRole('button', { name: 'Upload and preview' }));
    assert.equal(pathOf(page), '/admin/import/run', await describePage(page));
    const main = page.locator('main');
    assert.match(squash(await main.textContent()), /4 to create · 0 to update|4 to create/);
    assert.match(squash(await main.textContent()), /"Technical Review" is not a Groundwork stage/);
    await noSidewaysScroll(page, 'the preview');
    await screenshot(page, 'import-preview', 'phone', { fullPage: true });

    await page.getByLabel(/^Technical Review/).selectOption({ label: 'Evaluation' });
    await clickAndWait(page, page.getByRole('button', { name: 'Preview again' }));
    const again = squash(await main.textContent());
    assert.match(again, /5 to create/);
    assert.match(again, /0 in error/);
    await clickAndWait(page, page.getByRole('button', { name: 'Import 5 deals' }));
    assert.equal(pathOf(page), '/team', await describePage(page));
    assert.match(squash(await page.locator('main .flash').textContent()), /Imported: 5 created, 0 updated, 0 unchanged, 0 rows left out\./);
    // Three of the five are open (one was won, one lost in Pipedrive).
    await page.goto(`/team?team=${north}`);
    const openAfter = Number((await main.textContent()).match(/Open deals: (\d+)/)[1]);
    assert.equal(openAfter, openBefore + 3);
    await page.goto(`/team/deals?team=${north}&stage=3`);
    const evaluation = squash(await main.textContent());
    assert.match(evaluation, /Northgate Supplies/, 'the mapped deal is in Evaluation');
    await page.goto(`/team/deals?team=${north}`);
    const listed = squash(await main.textContent());
    for (const company of ['Harbourline Logistics Ltd', 'Copperleaf Farms'])
      assert.match(listed, new RegExp(company), `${company} on the team's deals`);
    await screenshot(page, 'import-team-deals', 'phone');
  } finally {
    await ctx.close();
  }
});

test('desktop: the upload page and a preview with problems and a stage to map pass the axe scan', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, USERS.admin.email);
    await page.goto('/admin/import');
    await noAxeFindings(page, '/admin/import');
    await page.getByLabel('CSV file').setInputFiles(join(ROOT, 'tests', 'data', 'salesforce_opportunities.csv'));
    await clickAndWait(page, page.getByRole('button', { name: 'Upload and preview' }));
    assert.match(squash(await page.locator('main').textContent()), /"Nobody Known" matches no active user/);
    await noAxeFindings(page, 'the preview');
    await screenshot(page, 'import-preview', 'desktop', { fullPage: true });
  } finally {
    await ctx.close();
  }
});
