// The manager's coaching in a real browser: Maria opens Coaching from
// the top bar, marks an item done through its details, logs a session
// on an early-stage deal and sees the shift-and-lift meter's current
// week grow by exactly those minutes.  Also the list on a phone, with no
// sideways scroll.  Screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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

/** Rows of a query on the instance's database (sqlite3 CLI). */
function sql(query) {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', join(gw.dir, 'groundwork.db'), query], {
    encoding: 'utf8',
  });
  return out.trim() ? JSON.parse(out) : [];
}

/** The meter table's current (last) week: { early, late, untied }. */
async function currentWeek(page) {
  const details = page.locator('#meter details');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  const cells = page.locator('#meter table tbody tr').last().locator('td');
  const n = async (i) => Number((await cells.nth(i).textContent()).trim());
  assert.equal(await page.locator('#meter table tbody tr').count(), 12, 'twelve weeks');
  return { early: await n(0), late: await n(1), untied: await n(2) };
}

test('desktop: Maria marks an item done and logs a 20-minute early session; the meter grows by 20', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    // Coaching from the top bar.
    const nav = page.locator('header nav').getByRole('link', { name: 'Coaching', exact: true });
    await clickAndWait(page, nav);
    assert.equal(pathOf(page), '/team/coaching', await describePage(page));
    assert.match((await page.locator('main h1').textContent()).trim(), /^Coaching · North$/);
    assert.equal(await nav.getAttribute('aria-current'), 'page');
    const items = page.locator('li.coach-item');
    const before = await items.count();
    assert.ok(before > 0, 'the rules suggested something to coach');
    await screenshot(page, 'coaching-list', 'desktop');

    // Mark the first item done through its details.
    const first = items.first();
    const doneAction = await first.locator('form[action$="/done"]').getAttribute('action');
    const id = Number(doneAction.match(/\/team\/coaching\/(\d+)\/done/)[1]);
    const reason = sql(`SELECT reason FROM coaching_items WHERE id = ${id}`)[0].reason;
    const details = first.locator('details.coach-actions');
    assert.equal(await details.evaluate((d) => d.open), false, 'the actions start closed');
    assert.equal(await first.getByRole('button', { name: 'Done', exact: true }).isVisible(), false);
    await details.locator('summary', { hasText: 'Done, snooze or dismiss' }).click();
    assert.equal(await details.evaluate((d) => d.open), true);
    await first.getByRole('textbox', { name: /^Note/ }).fill('Talked it through on Monday');
    await clickAndWait(page, first.getByRole('button', { name: 'Done', exact: true }));
    assert.equal(pathOf(page), '/team/coaching', await describePage(page));
    assert.equal((await page.locator('main p.flash[role="status"]').textContent()).trim(), 'Marked done.');
    const row = sql(`SELECT status, close_note FROM coaching_items WHERE id = ${id}`)[0];
    assert.deepEqual(row, { status: 'done', close_note: 'Talked it through on Monday' });
    assert.equal(await page.locator(`form[action="/team/coaching/${id}/done"]`).count(), 0, 'off the open list');
    const closed = page.locator('section.card', { has: page.locator('h2', { hasText: 'Closed' }) });
    assert.ok((await closed.textContent()).includes(reason), 'in the closed history');
    assert.ok((await closed.textContent()).includes('Talked it through on Monday'));

    // The meter before.
    await page.goto('/team/time');
    const was = await currentWeek(page);

    // An open Prospect or Discovery deal of a North rep.
    const deal = sql(`SELECT d.id, d.owner_id, u.name AS owner FROM deals d JOIN stages s ON s.id = d.stage_id
      JOIN users u ON u.id = d.owner_id JOIN teams t ON t.id = d.team_id
      WHERE t.name = 'North' AND d.status = 'open' AND s.early = 1 AND s.position <= 2
      ORDER BY s.position, d.id LIMIT 1`)[0];
    assert.ok(deal, 'an early deal in North');

    await clickAndWait(page, page.locator('main').getByRole('link', { name: 'Log a session' }));
    assert.equal(pathOf(page), '/team/sessions/new', await describePage(page));
    await page.locator('#f-rep_id').selectOption({ label: deal.owner });
    await page.getByLabel('Deal number').fill(String(deal.id));
    await page.getByLabel('Minutes').fill('20');
    await page.getByLabel('Kind').selectOption({ label: 'Deal review' });
    await page.getByLabel('Notes', { exact: true }).fill('Went through the discovery plan');
    await clickAndWait(page, page.getByRole('button', { name: 'Log session' }));
    assert.equal(pathOf(page), '/team/time', await describePage(page));
    assert.equal((await page.locator('main p.flash[role="status"]').textContent()).trim(), 'Coaching session logged.');
    const now = await currentWeek(page);
    assert.equal(now.early, was.early + 20, 'the current week\'s Early grew by 20');
    assert.equal(now.late, was.late);
    assert.equal(now.untied, was.untied);
    const s = sql(`SELECT deal_id, minutes, early, kind FROM coaching_sessions ORDER BY id DESC LIMIT 1`)[0];
    assert.deepEqual(s, { deal_id: deal.id, minutes: 20, early: 1, kind: 'deal_review' });
    assert.equal(await page.locator('svg.chart.meter').getAttribute('role'), 'img');
    assert.ok((await page.locator('main').textContent()).includes('Went through the discovery plan'));
    await screenshot(page, 'coaching-time', 'desktop');
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});

test('phone: the coaching list does not scroll sideways, and its actions open', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    await page.waitForLoadState('networkidle');
    await page.goto('/team/coaching');
    assert.equal(pathOf(page), '/team/coaching', await describePage(page));
    assert.ok((await page.locator('li.coach-item').count()) > 0);
    let [scroll, width] = await pageWidths(page);
    assert.ok(scroll <= width, `the list scrolls sideways (${scroll} > ${width})`);
    // Opened, the forms fit too.
    await page.locator('li.coach-item').first().locator('summary').click();
    [scroll, width] = await pageWidths(page);
    assert.ok(scroll <= width, `the opened actions scroll sideways (${scroll} > ${width})`);
    await screenshot(page, 'coaching-list', 'phone');
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});

test('phone: the meter page does not scroll sideways', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    await page.waitForLoadState('networkidle');
    await page.goto('/team/time');
    assert.equal(pathOf(page), '/team/time', await describePage(page));
    await page.locator('#meter details summary').click();
    const [scroll, width] = await pageWidths(page);
    await screenshot(page, 'coaching-time', 'phone');
    assert.ok(scroll <= width, `the meter page scrolls sideways (${scroll} > ${width})`);
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});
