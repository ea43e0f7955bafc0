// The rep's daily loop in real Chromium: on a 360 px phone with
// JavaScript off, a rep opens a deal, completes its step and sets the
// next in one form, then moves the deal on with one tap; on a desktop
// with JavaScript on, a rep drags a card to the next column of the
// board (and moves another with the arrow keys) and the deal's timeline
// shows the move.  The pages are axe-clean.  The taps and seconds of
// the phone loop are written to artifacts/daily-loop-phone.json.
//
// The reps used here (diego@, julia@) are not the ones other browser
// tests use.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ARTIFACTS,
  axeScan,
  clickAndWait,
  describePage,
  launchBrowser,
  newContext,
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

function dayFromToday(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function uniqueCompany(stem) {
  return `${stem} ${Date.now().toString(36).slice(-5)}`;
}

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

async function flashText(page) {
  const flash = page.locator('main .flash');
  return (await flash.count()) ? squash(await flash.textContent()) : null;
}

/** Log a deal at Prospect with a next step through the real form. */
async function logDeal(page, company, step) {
  await page.goto('/deals/new');
  await page.locator('#f-company').fill(company);
  await page.locator('#f-next_step').fill(step);
  await page.locator('#f-next_step_due').fill(dayFromToday(1));
  await clickAndWait(page, page.locator('main form button[type="submit"]'));
  assert.match(pathOf(page), /^\/deals\/\d+$/, await describePage(page));
  return pathOf(page);
}

/** The timeline's entries, newest first, after opening its section. */
async function timeline(page) {
  const details = page.locator('#timeline details');
  if (!(await details.evaluate((d) => d.open))) await page.locator('#timeline summary').click();
  return page.locator('ol.timeline > li .tl-what').allTextContents();
}

async function assertAxeClean(page, what) {
  const violations = await axeScan(page);
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [],
    `${what} has accessibility violations`);
}

test('phone, JavaScript off: done and the next step in one form, then moved on with one tap', async () => {
  const ctx = await newContext(browser, gw, 'phone', { javaScriptEnabled: false });
  const page = await ctx.newPage();
  try {
    await signIn(page, 'diego@example.com');
    const company = uniqueCompany('Loop Co');
    const dealPath = await logDeal(page, company, 'Call the founder');

    // From opening the deal to "done, next step set, moved on".
    const started = Date.now();
    let taps = 0;
    await page.goto(dealPath);
    // The next action is on the first screen: the open step, Done,
    // Reschedule and Move to <next stage>, no scrolling.
    const height = page.viewportSize().height;
    for (const [what, locator] of [
      ['the stage chip', page.locator('.deal-head .chip')],
      ['the days in stage', page.locator('.deal-head .deal-meta', { hasText: 'in stage' })],
      ['the open step', page.locator('.deal-next-step', { hasText: 'Call the founder' })],
      ['Done', page.getByRole('button', { name: 'Done — set next' })],
      ['Reschedule', page.locator('details.reschedule summary')],
      ['Move to Discovery', page.getByRole('button', { name: 'Move to Discovery' })],
    ]) {
      const box = await locator.boundingBox();
      assert.ok(box, `${what} is shown (${await describePage(page)})`);
      assert.ok(box.y + box.height <= height, `${what} is on the first screen (bottom ${Math.round(box.y + box.height)} of ${height})`);
    }
    await screenshot(page, 'deal-next-action', 'phone');

    await page.locator('#f-step-outcome').tap(); taps++;
    await page.keyboard.type('Founder wants a demo');
    await page.locator('#f-step-next').tap(); taps++;
    await page.keyboard.type('Demo to the founder and the CFO');
    await page.locator('#f-step-next_due').fill(dayFromToday(3)); taps++;
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Done — set next' }).tap()]); taps++;
    assert.equal(await flashText(page), 'Done. Next step set.', await describePage(page));
    assert.match(squash(await page.locator('.deal-next-step').textContent()), /Demo to the founder and the CFO/);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Move to Discovery' }).tap()]); taps++;
    const seconds = (Date.now() - started) / 1000;
    assert.equal(await flashText(page), 'Moved to Discovery.', await describePage(page));
    assert.equal(squash(await page.locator('.deal-head .chip').textContent()), 'Discovery');
    const entries = await timeline(page);
    const [moved, next, done] = entries.slice(0, 3).map(squash);
    assert.match(moved, /^Moved from Prospect to Discovery\b/);
    assert.equal(next, 'Next step: Demo to the founder and the CFO (due ' + dayFromToday(3) + ')');
    assert.equal(done, 'Done: Call the founder');
    await screenshot(page, 'deal-moved-on', 'phone');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'daily-loop-phone.json'),
      JSON.stringify({ taps, seconds, typed: ['outcome', 'next step'], note: 'from opening the deal to done, next step set, moved on' }, null, 2));
    console.log(`# daily loop on a phone: ${taps} taps, ${seconds.toFixed(1)} s (typing by keyboard)`);
    assert.equal(taps, 5);
  } finally {
    await ctx.close();
  }
  // axe runs in the page, so it needs JavaScript: the same deal page.
  const js = await newContext(browser, gw, 'phone');
  const p2 = await js.newPage();
  try {
    await signIn(p2, 'diego@example.com');
    await p2.goto('/deals');
    await clickAndWait(p2, p2.locator('a.deal-company').first());
    await assertAxeClean(p2, 'the deal page on a phone');
  } finally {
    await js.close();
  }
});

test('desktop, JavaScript on: a card dragged to the next column moves the deal, and its timeline shows the move', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  const page = await ctx.newPage();
  try {
    await signIn(page, 'julia@example.com');
    const company = uniqueCompany('Drag Co');
    const dealPath = await logDeal(page, company, 'Send the questions');
    const id = dealPath.split('/').pop();
    // A screen tall enough for the whole board: a drag that scrolls the
    // page under the pointer would start on another card.
    await page.setViewportSize({ width: 1280, height: 2400 });
    await page.goto('/deals/board');
    await assertAxeClean(page, 'the board on a desktop');
    const card = page.locator(`.board-col[data-stage="1"] .board-card[data-deal="${id}"]`);
    await card.waitFor();
    const target = page.locator('.board-col[data-stage="2"]');
    await Promise.all([page.waitForEvent('load'), card.dragTo(target)]);
    assert.equal(pathOf(page), '/deals/board', await describePage(page));
    assert.equal(await flashText(page), 'Moved to Discovery.');
    const where = await page.locator(`.board-card[data-deal="${id}"]`).evaluateAll((cards) =>
      cards.map((c) => c.closest('.board-col').dataset.stage));
    assert.deepEqual(where, ['2'], 'the card is in the Discovery column');
    await screenshot(page, 'board-after-drag', 'desktop');

    // The keyboard does the same: focus the card, arrow right.
    const moved = page.locator(`.board-card[data-deal="${id}"]`);
    await moved.focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('ArrowRight')]);
    assert.equal(await flashText(page), 'Moved to Evaluation.');
    await page.locator(`.board-col[data-stage="3"] .board-card[data-deal="${id}"]`).waitFor();

    await page.goto(dealPath);
    const entries = (await timeline(page)).map(squash);
    assert.match(entries[0], /^Moved from Discovery to Evaluation\b/);
    assert.match(entries[1], /^Moved from Prospect to Discovery\b/);
    assert.deepEqual(ctx.problems.filter((p) => !/favicon/.test(p)), []);
  } finally {
    await ctx.close();
  }
});

test('phone: the board shows one stage at a time with tabs, and is axe-clean', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  const page = await ctx.newPage();
  try {
    await signIn(page, 'julia@example.com');
    await page.goto('/deals/board');
    const visible = await page.locator('.board-col').evaluateAll((cols) =>
      cols.filter((c) => getComputedStyle(c).display !== 'none').map((c) => c.dataset.stage));
    assert.deepEqual(visible, ['1']);
    await clickAndWait(page, page.locator('.board-tabs a').nth(1));
    const now = await page.locator('.board-col').evaluateAll((cols) =>
      cols.filter((c) => getComputedStyle(c).display !== 'none').map((c) => c.dataset.stage));
    assert.deepEqual(now, ['2']);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(widths[0] <= widths[1], `the board does not scroll sideways (${widths})`);
    await assertAxeClean(page, 'the board on a phone');
    await screenshot(page, 'board', 'phone');
  } finally {
    await ctx.close();
  }
});
