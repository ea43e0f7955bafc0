// An admin imports deals in real Chromium with JavaScript off, on a
// phone: uploads the Pipedrive-shaped sample, maps the one stage name
// Groundwork does not have, confirms, and finds the deals on the team
// page, and the pages never scroll sideways; on a desktop the upload
// and preview pages pass the axe scan.  The preview and the import run
// as jobs of their own: a long file's page shows where it stands and
// loads itself again (a meta refresh, no JavaScript) until the preview.
//
//   node --test --test-concurrency=1 tests/browser/import.test.mjs

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
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

/* Wait, through the upload's page that loads itself again while its
 * job runs, until the job has finished; a generous limit, for a busy
 * machine. */
async function settle(page) {
  const deadline = Date.now() + 180000;
  // Counted once the page has loaded; a refresh may have begun loading
  // the next one meanwhile, so count again once that one has loaded.
  const refreshing = async () => {
    await page.waitForLoadState('load');
    return page.locator('meta[http-equiv="refresh"]').count().catch(() => 1);
  };
  while ((await refreshing()) > 0 || (await refreshing()) > 0) {
    assert.ok(Date.now() < deadline, 'the import job finished within three minutes');
    await page.waitForTimeout(500);
  }
}

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
    await settle(page);
    assert.equal(pathOf(page), '/admin/import/run', await describePage(page));
    const main = page.locator('main');
    assert.match(squash(await main.textContent()), /4 to create · 0 to update|4 to create/);
    assert.match(squash(await main.textContent()), /"Technical Review" is not a Groundwork stage/);
    await noSidewaysScroll(page, 'the preview');
    await screenshot(page, 'import-preview', 'phone', { fullPage: true });

    await page.getByLabel(/^Technical Review/).selectOption({ label: 'Evaluation' });
    await clickAndWait(page, page.getByRole('button', { name: 'Preview again' }));
    await settle(page);
    const again = squash(await main.textContent());
    assert.match(again, /5 to create/);
    assert.match(again, /0 in error/);
    await clickAndWait(page, page.getByRole('button', { name: 'Import 5 deals' }));
    await settle(page);
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
    await settle(page);
    assert.match(squash(await page.locator('main').textContent()), /"Nobody Known" matches no active user/);
    await noAxeFindings(page, 'the preview');
    await screenshot(page, 'import-preview', 'desktop', { fullPage: true });
  } finally {
    await ctx.close();
  }
});

test('phone, JavaScript off: a long file\'s preview shows where it stands, with a labelled progress bar, and comes by itself', async () => {
  const rows = 30000;
  const file = join(gw.dir, 'long.csv');
  const lines = ['id,company,owner,stage,amount'];
  for (let i = 1; i <= rows; i++) lines.push(`long-${i},Long ${i} Ltd,ravi@example.com,Prospect,${1000 + i}`);
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const ctx = await newContext(browser, gw, 'phone', { javaScriptEnabled: false });
  let pid;
  try {
    const page = await ctx.newPage();
    await signIn(page, USERS.admin.email);
    await page.goto('/admin/import');
    // The upload answers at once with the job's page; the job is held
    // (SIGSTOP, by the pid in its .job file) until that page is seen,
    // so the test does not depend on the machine's speed.  Chromium
    // does not hand a file upload's body to an intercepted request, so
    // the upload is sent from here, with the page's cookie and CSRF
    // value, and its 303 given to the page, which follows it.
    const csrf = await page.locator('form[action="/admin/import/upload"] input[name="csrf"]').getAttribute('value');
    await page.route('**/admin/import/upload', async (route) => {
      const form = new FormData();
      form.append('csrf', csrf);
      form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), 'long.csv');
      const res = await fetch(gw.url('/admin/import/upload'), {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: { cookie: (await route.request().allHeaders()).cookie, origin: gw.baseURL },
      });
      const location = res.headers.get('location');
      const token = new URL(location, gw.baseURL).searchParams.get('upload');
      pid = Number(readFileSync(join(gw.dir, 'groundwork.db.uploads', `${token}.job`), 'utf8').trim());
      process.kill(pid, 'SIGSTOP');
      await route.fulfill({ status: res.status, headers: { location }, body: '' });
    });
    await page.getByLabel('CSV file').setInputFiles(file);
    await clickAndWait(page, page.getByRole('button', { name: 'Upload and preview' }));
    assert.equal(pathOf(page), '/admin/import/run', await describePage(page));
    const status = squash(await page.getByRole('status').textContent());
    assert.match(status, /^Previewing: [\d,]+ rows read, \d+% of the file\.$/);
    const bar = page.getByRole('progressbar', { name: 'Share of the file read' });
    assert.equal(await bar.count(), 1, 'a progress bar with its label');
    assert.equal(await page.locator('meta[http-equiv="refresh"]').getAttribute('content'), '2');
    await noSidewaysScroll(page, 'the progress page');
    await screenshot(page, 'import-progress', 'phone');
    process.kill(pid, 'SIGCONT');
    pid = undefined;
    await settle(page);
    const main = squash(await page.locator('main').textContent());
    assert.match(main, new RegExp(`Preview of long\\.csv`));
    assert.match(main, new RegExp(`${rows} to create`));
    assert.equal(await page.getByRole('button', { name: `Import ${rows} deals` }).count(), 1);
  } finally {
    if (pid) process.kill(pid, 'SIGCONT');
    await ctx.close();
  }
});
