// The manager's coaching queue in a real browser, on a desktop and on a
// 360-px phone: Maria opens Coaching, logs a session on the top item of
// This week in its one inline form, sees it leave This week, and sees
// the shift-and-lift meter's current week grow by exactly those minutes
// and the week's follow-through count it.  Nothing scrolls sideways.
// Screenshots go to tests/browser/artifacts/.
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

/**
 * The queue's main flow on one viewport: Maria opens Coaching from the
 * top bar, logs a session on the top item of This week in its one
 * inline form, sees it leave This week, and sees the meter's current
 * week grow by those minutes (in the column of the deal's stage).
 */
async function logFromQueue(kind, minutes) {
  const ctx = await newContext(browser, gw, kind);
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    await page.waitForLoadState('networkidle');
    await page.goto('/team/time');
    const was = await currentWeek(page);
    await page.goto('/');
    if (kind === 'phone') {
      await page.goto('/team/coaching');
    } else {
      const nav = page.locator('header nav').getByRole('link', { name: 'Coaching', exact: true });
      await clickAndWait(page, nav);
    }
    assert.equal(pathOf(page), '/team/coaching', await describePage(page));
    assert.match((await page.locator('main h1').textContent()).trim(), /^Coaching · North$/);
    const week = page.locator('#this-week li.coach-item');
    assert.equal(await week.count(), 5, 'five items this week');
    let [scroll, width] = await pageWidths(page);
    assert.ok(scroll <= width, `the queue scrolls sideways (${scroll} > ${width})`);
    await screenshot(page, 'coaching-queue', kind);

    const first = week.first();
    const id = Number(await first.getAttribute('data-item'));
    const item = sql(`SELECT i.deal_id, s.early FROM coaching_items i JOIN deals d ON d.id = i.deal_id
      JOIN stages s ON s.id = d.stage_id WHERE i.id = ${id}`)[0];
    assert.ok(item, 'the top item is about a deal');
    assert.match(await first.locator('p.small').textContent(), /Why first: .*= \d+/);
    const details = first.locator('details.coach-actions').first();
    assert.equal(await details.evaluate((d) => d.open), false, 'the actions start closed');
    await details.locator('summary', { hasText: 'Log a session' }).click();
    [scroll, width] = await pageWidths(page);
    assert.ok(scroll <= width, `the open form scrolls sideways (${scroll} > ${width})`);
    await first.getByLabel('Minutes').fill(String(minutes));
    await first.getByLabel('Kind').selectOption({ label: 'Deal review' });
    await first.getByLabel(/^Note/).fill('Went through the next step together');
    await screenshot(page, 'coaching-session-form', kind);
    await clickAndWait(page, first.getByRole('button', { name: 'Log it and close the item' }));
    assert.equal(pathOf(page), '/team/coaching', await describePage(page));
    assert.equal((await page.locator('main p.flash[role="status"]').textContent()).trim(), 'Session logged; the item is done.');
    assert.equal(await page.locator(`#this-week li.coach-item[data-item="${id}"]`).count(), 0, 'it left This week');
    assert.equal(await page.locator('#this-week li.coach-item').count(), 5, 'the next one moved up');
    const row = sql(`SELECT status FROM coaching_items WHERE id = ${id}`)[0];
    assert.equal(row.status, 'done');
    const s = sql(`SELECT deal_id, minutes, item_id FROM coaching_sessions ORDER BY id DESC LIMIT 1`)[0];
    assert.deepEqual(s, { deal_id: item.deal_id, minutes, item_id: id });
    await screenshot(page, 'coaching-queue-after', kind);

    await page.goto('/team/time');
    const now = await currentWeek(page);
    assert.equal(now.early, was.early + (item.early ? minutes : 0), 'early minutes');
    assert.equal(now.late, was.late + (item.early ? 0 : minutes), 'later minutes');
    assert.equal(now.untied, was.untied);
    const follow = page.locator('#follow-through tbody tr.current');
    assert.match(await follow.textContent(), /[1-9]\d* of \d+/, 'this week\'s follow-through counts the session');
    [scroll, width] = await pageWidths(page);
    assert.ok(scroll <= width, `the meter page scrolls sideways (${scroll} > ${width})`);
    await screenshot(page, 'coaching-time', kind);
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
}

test('desktop: Maria logs a session on the top item in one form; it leaves This week and the meter grows', async () => {
  await logFromQueue('desktop', 20);
});

test('phone (360 px): the same, with nothing scrolling sideways', async () => {
  await logFromQueue('phone', 15);
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
