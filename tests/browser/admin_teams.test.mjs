// An admin works the teams pages in real Chromium, on a phone with
// JavaScript disabled and on a desktop, against a real instance (nginx +
// groundwork serve): opens Teams from the top bar, adds a team, renames
// it and retires it, and the pages never scroll sideways on the phone.
//
//   node --test --test-concurrency=1 tests/browser/

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  USERS,
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

async function assertNoSidewaysScroll(page, viewportName, what) {
  if (viewportName !== 'phone') return;
  const [scrollWidth, innerWidth] = await pageWidths(page);
  assert.ok(scrollWidth <= innerWidth, `${what}: scrolls sideways (${scrollWidth} > ${innerWidth})`);
}

async function flash(page) {
  return squash(await page.locator('main .flash').textContent());
}

for (const [viewportName, js] of [['phone', false], ['desktop', true]]) {
  test(`${viewportName}${js ? '' : ', JavaScript off'}: an admin adds, renames and retires a team`, async () => {
    const ctx = await newContext(browser, gw, viewportName, { javaScriptEnabled: js });
    try {
      const page = await ctx.newPage();
      await signIn(page, USERS.admin.email);
      await clickAndWait(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams', exact: true }));
      assert.equal(pathOf(page), '/admin/teams', await describePage(page));
      assert.equal(squash(await page.locator('main h1').textContent()), 'Teams');
      const north = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: 'North', exact: true }) });
      assert.match(squash(await north.textContent()), /Maria Santos.*Ravi Patel.*Active/);
      await assertNoSidewaysScroll(page, viewportName, '/admin/teams');
      await screenshot(page, 'admin-teams', viewportName);

      const name = `Harbour ${viewportName}`;
      await page.locator('#f-team_name').fill(name);
      await clickAndWait(page, page.getByRole('button', { name: 'Add team' }));
      assert.equal(await flash(page), `Added team ${name}.`);
      await clickAndWait(page, page.getByRole('link', { name, exact: true }));
      assert.match(pathOf(page), /^\/admin\/teams\/\d+$/, await describePage(page));

      // Rename it.
      await page.locator('#f-team_name').fill(`${name} West`);
      await clickAndWait(page, page.getByRole('button', { name: 'Rename' }));
      assert.equal(await flash(page), `Renamed team ${name} to ${name} West.`);
      assert.equal(squash(await page.locator('main h1').textContent()), `${name} West`);

      // Retiring without saying where its people go is refused, beside
      // the choice.
      await clickAndWait(page, page.getByRole('button', { name: 'Retire team' }));
      const error = page.locator('#e-move_to');
      assert.ok(await error.isVisible(), await describePage(page));
      assert.equal(await page.locator('#f-move_to').getAttribute('aria-invalid'), 'true');
      await assertNoSidewaysScroll(page, viewportName, 'the team page with an error');
      await page.locator('#f-move_to').selectOption({ label: 'No team' });
      await clickAndWait(page, page.getByRole('button', { name: 'Retire team' }));
      assert.equal(await flash(page), `Retired team ${name} West; 0 people moved to no team.`);
      assert.match(squash(await page.locator('main').textContent()), /Retired on \d{4}-\d\d-\d\d/);
      await screenshot(page, 'admin-team-retired', viewportName);
      await assertNoSidewaysScroll(page, viewportName, 'a retired team\'s page');

      // It is no longer offered when adding a user.
      await page.goto('/admin/users');
      const offered = await page.locator('#f-team_id option').allTextContents();
      assert.ok(!offered.some((o) => o.includes(name)), `offered: ${offered.join(', ')}`);
      assert.deepEqual(ctx.problems, []);
    } finally {
      await ctx.close();
    }
  });
}
