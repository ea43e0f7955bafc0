// A rep logs and moves early-stage deals, in real Chromium at a phone and
// a desktop viewport (and with JavaScript disabled), against a real
// instance (nginx + groundwork serve); a manager sees a team deal read-only
// and a manager of another team gets a 404.
//
//   node --test --test-concurrency=1 tests/browser/
//
// The reps used here (tom@, North) are not the ones signin.test.mjs uses.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clickAndWait,
  describePage,
  launchBrowser,
  newContext,
  pathOf,
  screenshot,
  signIn,
  startInstance,
} from './harness.mjs';

const REP = { email: 'tom@example.com', name: 'Tom' };
const MANAGER_SAME_TEAM = 'maria@example.com'; // North, Tom's manager
const MANAGER_OTHER_TEAM = 'sam@example.com'; // South

let gw;
let browser;
// The phone test's deal, for the managers' test: /deals/<id>.
let fjordPath;

before(async () => {
  gw = await startInstance();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await gw?.stop();
});

/** Today plus n days as YYYY-MM-DD, in local time like the server. */
function dayFromToday(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A company name no demo deal has. */
function uniqueCompany(stem) {
  return `${stem} ${Date.now().toString(36).slice(-5)}`;
}

/**
 * ctx.problems without the favicon request that Chromium drops when a
 * page is left before its icon arrived (the icon is not part of "load").
 */
function problems(ctx) {
  return ctx.problems.filter((p) => !/^request failed: .*\/favicon\.svg \(net::ERR_ABORTED\)$/.test(p));
}

function squash(s) {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

async function assertShows(page, locator, what) {
  assert.ok(await locator.isVisible(), `${what} is not shown (${await describePage(page)})`);
}

/**
 * Checks that should not stop the rest of a test (layout, wording): each
 * failure is noted and the test fails at the end with all of them, so
 * one layout problem does not hide what the rest of the flow does.
 */
function findings() {
  const list = [];
  return {
    list,
    check(ok, message) {
      if (!ok) list.push(message);
    },
    assertNone() {
      assert.deepEqual(list, [], `\n  - ${list.join('\n  - ')}`);
    },
  };
}

/**
 * Horizontal overflow.  On a mobile viewport (isMobile) Chromium widens
 * the layout viewport to fit wide content, and window.innerWidth grows
 * with it (a 360 px phone reports innerWidth 390 when something is 30 px
 * too wide), so scrollWidth <= innerWidth alone cannot catch it; the
 * page's own width (documentElement.clientWidth, 360) is checked too.
 */
async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const de = document.documentElement;
    const limit = Math.min(window.innerWidth, de.clientWidth);
    // Only a page that overflows is searched for the culprits (a walk
    // over every element grows with the page).
    const wide = de.scrollWidth <= limit ? [] : [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
      .filter((e) => e.children.length === 0)
      .slice(0, 4)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ` +
        `"${e.textContent.trim().replace(/\s+/g, ' ').slice(0, 50)}" ` +
        `(right edge ${Math.round(e.getBoundingClientRect().right)})`);
    return { scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, clientWidth: de.clientWidth, wide };
  });
}

async function checkNoHorizontalScroll(page, what, found) {
  const o = await horizontalOverflow(page);
  found.check(
    o.scrollWidth <= o.innerWidth && o.scrollWidth <= o.clientWidth,
    `${what}: the page scrolls sideways (scrollWidth ${o.scrollWidth}, innerWidth ${o.innerWidth}, ` +
      `clientWidth ${o.clientWidth}); sticking out: ${o.wide.join('; ') || '?'}`,
  );
}

/** Tap (touch) something that navigates, and wait for the new page. */
async function tapAndWait(page, locator) {
  await Promise.all([page.waitForEvent('load'), locator.tap()]);
}

async function flashText(page) {
  const flash = page.locator('main .flash');
  if ((await flash.count()) === 0) return null;
  return squash(await flash.textContent());
}

async function assertFlash(page, expected) {
  const text = await flashText(page);
  if (expected instanceof RegExp) assert.match(text ?? '', expected, await describePage(page));
  else assert.equal(text, expected, await describePage(page));
}

/** The value shown for a fact on the deal page ("Amount", "Contact"...). */
async function fact(page, label) {
  const row = page.locator('dl.facts > div').filter({
    has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }),
  });
  return squash(await row.locator('dd').textContent());
}

/** Open a section of the deal page that opens on demand (move, close,
 *  timeline...) by its summary, as a person would; no JavaScript needed. */
async function openSection(page, id) {
  const details = page.locator(`#${id} details`);
  if (!(await details.getAttribute('open').then((v) => v !== null))) {
    await page.locator(`#${id} summary`).click();
  }
}

/** The timeline's moves, edits and closes, newest first: [{ what, note }].
 *  The next steps' entries are steps.test.mjs's. */
async function timeline(page) {
  return page.locator('ol.timeline > li:not(.tl-step):not(.tl-done)').evaluateAll((items) =>
    items.map((li) => ({
      what: li.querySelector('.tl-what')?.textContent.trim() ?? '',
      note: li.querySelector('.tl-note')?.textContent.trim() ?? null,
    })),
  );
}

/** Fill the new-deal form; keys are the field names (f-<name>). */
async function fillNewDeal(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'stage') await page.locator('#f-stage_id').selectOption({ label: value });
    else await page.locator(`#f-${name}`).fill(value);
  }
}

/** Move the deal on the current deal page, wait for the answer. */
async function moveDeal(page, stageLabel, note, { tap = false } = {}) {
  await openSection(page, 'move');
  const form = page.locator('#move form');
  if (stageLabel) await form.locator('#f-to_stage_id').selectOption({ label: stageLabel });
  if (note !== undefined) await form.locator('#f-note').fill(note);
  const button = form.getByRole('button', { name: 'Move deal' });
  if (tap) await tapAndWait(page, button);
  else await clickAndWait(page, button);
}

/** The My deals group for a stage (its chip says the stage name). */
function stageGroup(page, stageName) {
  return page.locator('section.stage-group').filter({
    has: page.locator('h2 .chip', { hasText: new RegExp(`^${stageName}$`) }),
  });
}

/** The id path of the deal page we are on, e.g. /deals/321. */
function assertOnDealPage(page, what) {
  const path = pathOf(page);
  assert.match(path, /^\/deals\/\d+$/, `${what}: ${path}`);
  return path;
}

test('phone: a rep logs a deal at Prospect with "12.5k", moves it to Discovery and finds it in My deals', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  try {
    const page = await ctx.newPage();
    await signIn(page, REP.email);
    assert.equal(pathOf(page), '/deals', await describePage(page));
    const found = findings();

    const company = 'Fjord Analytics';
    const contact = 'Ingrid Solberg';
    const nextStep = 'Send the discovery questions';
    const due = dayFromToday(7);

    // The timed part: tap "Log a deal" ... see the saved deal.
    const started = performance.now();
    await tapAndWait(page, page.getByRole('link', { name: 'Log a deal' }));
    assert.equal(pathOf(page), '/deals/new', await describePage(page));
    assert.equal((await page.locator('#f-stage_id option:checked').textContent()).trim(), '1. Prospect');
    await fillNewDeal(page, {
      company,
      contact,
      next_step: nextStep,
      next_step_due: due,
      amount: '12.5k',
    });
    const filledAt = performance.now();
    await screenshot(page, 'deals-new-filled', 'phone', { fullPage: true });
    await checkNoHorizontalScroll(page, '/deals/new filled in (phone)', found);
    const screenshotMs = performance.now() - filledAt;
    await tapAndWait(page, page.getByRole('button', { name: 'Save deal' }));
    await page.locator('main h1', { hasText: company }).waitFor();
    const elapsed = performance.now() - started - screenshotMs;
    console.log(
      `log-a-deal on the phone: ${(elapsed / 1000).toFixed(2)} s from tapping "Log a deal" ` +
        'to the saved deal (scripted typing, screenshot time excluded)',
    );

    fjordPath = assertOnDealPage(page, 'after saving');
    await assertFlash(page, 'Deal saved at Prospect.');
    assert.equal(squash(await page.locator('main h1').textContent()), company);
    assert.equal(squash(await page.locator('.deal-meta .chip').textContent()), 'Prospect');
    assert.equal(await page.locator('.badge.late-entry').count(), 0, 'no late-entry badge at Prospect');
    assert.equal(await fact(page, 'Amount'), '$12,500');
    assert.equal(await fact(page, 'Contact'), contact);
    assert.equal(
      squash(await page.locator('.deal-next-step p').first().textContent()),
      `${nextStep} · due ${due}`,
    );
    assert.deepEqual(await timeline(page), [{ what: 'Logged at Prospect', note: null }]);
    await checkNoHorizontalScroll(page, 'the new deal page (phone)', found);

    // The move form offers the other stages, numbered.
    const options = (await page.locator('#f-to_stage_id option').allTextContents()).map(squash);
    assert.ok(options.includes('2. Discovery'), `move options: ${JSON.stringify(options)}`);
    assert.ok(!options.includes('1. Prospect'), 'the current stage is not offered');

    await moveDeal(page, '2. Discovery', 'Buyer confirmed the problem', { tap: true });
    assert.equal(pathOf(page), fjordPath, await describePage(page));
    await assertFlash(page, 'Moved to Discovery.');
    assert.equal(squash(await page.locator('.deal-meta .chip').textContent()), 'Discovery');
    assert.deepEqual(await timeline(page), [
      // Nothing was ticked on Prospect, so the move skipped both its
      // exit criteria, and the timeline names them.
      { what: 'Moved from Prospect to Discovery, leaving 2 criteria unticked', note: 'Buyer confirmed the problem' },
      { what: 'Logged at Prospect', note: null },
    ]);
    await screenshot(page, 'deals-moved', 'phone', { fullPage: true });
    await checkNoHorizontalScroll(page, 'the deal page after the move (phone)', found);

    // My deals: the deal is in the Discovery group, with its numbers.
    await tapAndWait(page, page.locator('header.topbar nav').getByRole('link', { name: 'My deals' }));
    assert.equal(pathOf(page), '/deals', await describePage(page));
    const discovery = stageGroup(page, 'Discovery');
    assert.equal(await discovery.count(), 1, 'one Discovery group');
    const row = discovery.locator('li.deal-row').filter({
      has: page.locator('a.deal-company', { hasText: company }),
    });
    assert.equal(await row.count(), 1, `${company} is listed under Discovery`);
    await assertShows(page, row, `the ${company} row`);
    assert.equal(await row.locator('a.deal-company').getAttribute('href'), fjordPath);
    assert.equal(squash(await row.locator('.deal-amount').textContent()), '$12,500');
    assert.equal(squash(await row.locator('.deal-next').textContent()), `${nextStep} · due ${due}`);
    assert.equal(await row.locator('.overdue').count(), 0, 'not overdue');
    assert.equal(squash(await row.locator('.deal-days').textContent()), '0 days in stage');
    assert.equal(
      await stageGroup(page, 'Prospect').locator('a.deal-company', { hasText: company }).count(),
      0,
      'no longer under Prospect',
    );
    await screenshot(page, 'deals-my-deals', 'phone');
    // Overdue next steps say how late they are, in words that fit the number.
    for (const late of (await page.locator('.deal-row .next-step.overdue .due').allTextContents()).map(squash)) {
      const m = late.match(/\((\d+) (days?) late\)$/);
      found.check(
        m && m[2] === (m[1] === '1' ? 'day' : 'days'),
        `My deals (phone): an overdue next step reads "${late}" (expected "(1 day late)" / "(N days late)")`,
      );
    }
    await checkNoHorizontalScroll(page, 'My deals (phone)', found);

    assert.deepEqual(problems(ctx), []);
    found.assertNone();
  } finally {
    await ctx.close();
  }
});

test('phone: a wrong amount keeps everything typed, saves nothing, and then saves once fixed', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  try {
    const page = await ctx.newPage();
    await signIn(page, REP.email);
    await tapAndWait(page, page.getByRole('link', { name: 'Log a deal' }));
    assert.equal(pathOf(page), '/deals/new', await describePage(page));

    const typed = {
      company: uniqueCompany('Kestrel Freight'),
      contact: 'Amara Okafor',
      next_step: 'Book a call with the ops lead',
      amount: 'twelve',
    };
    const found = findings();
    await fillNewDeal(page, typed);
    await tapAndWait(page, page.getByRole('button', { name: 'Save deal' }));

    assert.equal(pathOf(page), '/deals/new', await describePage(page));
    const summary = page.locator('.error-summary');
    await assertShows(page, summary, 'the error summary');
    assert.match(squash(await summary.textContent()), /^The deal was not saved/);
    const summaryItems = (await summary.locator('li').allTextContents()).map(squash);
    assert.equal(summaryItems.length, 1, `one problem: ${JSON.stringify(summaryItems)}`);
    assert.match(summaryItems[0], /^Amount: /);
    assert.equal(await summary.locator('a').getAttribute('href'), '#f-amount');

    const amount = page.locator('#f-amount');
    assert.equal(await amount.getAttribute('aria-invalid'), 'true');
    const amountError = page.locator('.field').filter({ has: amount }).locator('.field-error');
    await assertShows(page, amountError, "the amount field's error");
    assert.equal(
      squash(await amountError.textContent()),
      'Enter an amount such as 12500, 12,500.00 or 12.5k.',
    );
    assert.ok(
      (await amount.getAttribute('aria-describedby')).split(/\s+/).includes(await amountError.getAttribute('id')),
      'the amount field is described by its error',
    );
    for (const name of ['company', 'contact', 'next_step']) {
      assert.equal(await page.locator(`#f-${name}`).getAttribute('aria-invalid'), null, `${name} is not marked wrong`);
    }
    // Everything typed is kept exactly.
    for (const [name, value] of Object.entries(typed)) {
      assert.equal(await page.locator(`#f-${name}`).inputValue(), value, `#f-${name} keeps what was typed`);
    }
    assert.equal((await page.locator('#f-stage_id option:checked').textContent()).trim(), '1. Prospect');
    assert.equal(await flashText(page), null, 'no "saved" flash');
    await screenshot(page, 'deals-new-error', 'phone', { fullPage: true });
    await checkNoHorizontalScroll(page, '/deals/new with an error (phone)', found);

    // Nothing was saved: My deals (all statuses) does not find it.
    const check = await ctx.newPage();
    await check.goto(`/deals?status=all&q=${encodeURIComponent(typed.company)}`);
    assert.equal(await check.locator('a.deal-company', { hasText: typed.company }).count(), 0);
    assert.equal(squash(await check.locator('p.count').textContent()), '0 deals');
    await check.goto('/deals');
    assert.equal(await check.locator('a.deal-company', { hasText: typed.company }).count(), 0);
    await check.close();

    // Fix the amount and save.
    await amount.fill('12,500');
    await tapAndWait(page, page.getByRole('button', { name: 'Save deal' }));
    assertOnDealPage(page, 'after fixing the amount');
    await assertFlash(page, 'Deal saved at Prospect.');
    assert.equal(await page.locator('.error-summary').count(), 0);
    assert.equal(squash(await page.locator('main h1').textContent()), typed.company);
    assert.equal(await fact(page, 'Amount'), '$12,500');
    assert.equal(await fact(page, 'Contact'), typed.contact);
    assert.equal(squash(await page.locator('.deal-next-step p').first().textContent()), typed.next_step);
    assert.deepEqual(await timeline(page), [{ what: 'Logged at Prospect', note: null }]);

    // Saved once, not twice.
    await page.goto(`/deals?status=all&q=${encodeURIComponent(typed.company)}`);
    assert.equal(await page.locator('a.deal-company', { hasText: typed.company }).count(), 1);
    assert.deepEqual(problems(ctx), []);
    found.assertNone();
  } finally {
    await ctx.close();
  }
});

test('desktop: a deal logged at Evaluation is a late entry; closing it as lost needs a reason', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, REP.email);
    await clickAndWait(page, page.getByRole('link', { name: 'Log a deal' }));
    const company = uniqueCompany('Tarn Robotics');
    await fillNewDeal(page, {
      company,
      stage: '3. Evaluation',
      contact: 'Paul Dubois',
      amount: '$1.2m',
    });
    // The optional fields are behind "More details".
    await page.locator('details.more > summary').click();
    await page.locator('#f-title').fill('Warehouse pilot');
    await page.locator('#f-source').fill('Referral');
    await clickAndWait(page, page.getByRole('button', { name: 'Save deal' }));

    assertOnDealPage(page, 'after saving at Evaluation');
    const flash = await flashText(page);
    assert.match(flash ?? '', /^Deal saved at Evaluation\./, await describePage(page));
    assert.match(flash, /late entr/i, 'the flash mentions late entry');
    const badge = page.locator('.deal-meta .badge.late-entry');
    await assertShows(page, badge, 'the "Late entry" badge');
    assert.equal(squash(await badge.textContent()), 'Late entry');
    assert.equal(await badge.getAttribute('title'), 'First logged at Evaluation');
    assert.equal(squash(await page.locator('.deal-meta .chip').textContent()), 'Evaluation');
    assert.equal(await fact(page, 'Amount'), '$1,200,000');
    assert.equal(await fact(page, 'Title'), 'Warehouse pilot');
    assert.equal(await fact(page, 'Source'), 'Referral');
    assert.deepEqual(await timeline(page), [{ what: 'Logged at Evaluation', note: null }]);

    // Lost without a reason: refused, with the message next to the reason.
    await openSection(page, 'close');
    const close = page.locator('#close');
    await close.getByRole('radio', { name: 'Lost', exact: true }).check();
    await clickAndWait(page, close.getByRole('button', { name: 'Close deal' }));
    const closeSummary = page.locator('#close .error-summary');
    await assertShows(page, closeSummary, 'the close form error summary');
    assert.match(squash(await closeSummary.textContent()), /^The deal was not closed/);
    const reason = page.locator('#f-lost_reason');
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    const reasonError = page.locator('.field').filter({ has: reason }).locator('.field-error');
    await assertShows(page, reasonError, "the reason field's error");
    assert.match(squash(await reasonError.textContent()), /Say why the deal was lost/);
    assert.ok(await page.locator('#close input[value="lost"]').isChecked(), 'Lost stays chosen');
    assert.equal(squash(await page.locator('.deal-meta .badge.status-open').textContent()), 'open');
    assert.equal((await timeline(page)).length, 1, 'nothing happened to the deal');

    await reason.fill('Chose a cheaper tool');
    await clickAndWait(page, page.locator('#close').getByRole('button', { name: 'Close deal' }));
    await assertFlash(page, 'Closed as lost.');
    assert.equal(squash(await page.locator('.deal-meta .badge.status-lost').textContent()), 'lost');
    assert.match(squash(await page.locator('.deal-head').textContent()), /Lost because: Chose a cheaper tool/);
    const entries = await timeline(page);
    assert.deepEqual(entries[0], { what: 'Closed as lost at Evaluation', note: 'Chose a cheaper tool' });
    assert.deepEqual(entries.slice(1), [{ what: 'Logged at Evaluation', note: null }]);
    // A closed deal cannot be moved or closed again, only reopened.
    assert.equal(await page.getByRole('button', { name: 'Move deal' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Close deal' }).count(), 0);
    await assertShows(page, page.getByRole('button', { name: 'Reopen deal' }), 'the "Reopen deal" button');
    await screenshot(page, 'deals-closed-lost', 'desktop', { fullPage: true });

    // It left the open deals.
    await page.goto('/deals');
    assert.equal(await page.locator('a.deal-company', { hasText: company }).count(), 0);
    assert.deepEqual(problems(ctx), []);
  } finally {
    await ctx.close();
  }
});

test("managers: the rep's manager sees a deal read-only, another team's manager gets a 404", async () => {
  let path = fjordPath;
  let company = 'Fjord Analytics';
  if (!path) {
    // The phone test did not get as far as saving: log one here.
    const ctx = await newContext(browser, gw, 'desktop');
    try {
      const page = await ctx.newPage();
      await signIn(page, REP.email);
      await page.goto('/deals/new');
      company = uniqueCompany('Fjord Analytics');
      await fillNewDeal(page, { company });
      await clickAndWait(page, page.getByRole('button', { name: 'Save deal' }));
      path = assertOnDealPage(page, 'after saving');
    } finally {
      await ctx.close();
    }
  }

  const found = findings();
  const maria = await newContext(browser, gw, 'desktop');
  try {
    const page = await maria.newPage();
    await signIn(page, MANAGER_SAME_TEAM);
    const res = await page.goto(path);
    assert.equal(res.status(), 200, await describePage(page));
    assert.equal(squash(await page.locator('main h1').textContent()), company);
    await assertShows(page, page.getByText('only its owner can change it'), 'the read-only note');
    assert.match(await fact(page, 'Owner'), /^Tom\b/);
    for (const name of ['Move deal', 'Close deal', 'Save changes', 'Reopen deal']) {
      assert.equal(await page.getByRole('button', { name }).count(), 0, `no "${name}" button`);
    }
    assert.equal(await page.locator('main form').count(), 0, 'no forms in the page body');
    assert.ok((await timeline(page)).length >= 1, 'the timeline is shown');
    await screenshot(page, 'deals-manager-read-only', 'desktop', { fullPage: true });

    // The way back from the deal (the breadcrumb) leads to a page the
    // manager may see.
    const crumb = page.locator('main .crumbs a').first();
    if ((await crumb.count()) > 0) {
      const label = squash(await crumb.textContent());
      const href = await crumb.getAttribute('href');
      await clickAndWait(page, crumb);
      const h1 = squash(await page.locator('main h1').first().textContent());
      found.check(
        h1 !== 'Page not found',
        `manager's view of ${path}: the breadcrumb "${label} ›" links to ${href}, ` +
          `which answers "${h1}" for a manager`,
      );
    }
    assert.deepEqual(problems(maria), []);
  } finally {
    await maria.close();
  }

  const sam = await newContext(browser, gw, 'desktop');
  try {
    const page = await sam.newPage();
    await signIn(page, MANAGER_OTHER_TEAM);
    const res = await page.goto(path);
    assert.equal(res.status(), 404, await describePage(page));
    assert.equal(squash(await page.locator('main h1').textContent()), 'Page not found');
    assert.equal(await page.getByText(company).count(), 0, 'nothing of the deal is shown');
    assert.deepEqual(problems(sam), []);
  } finally {
    await sam.close();
  }
  found.assertNone();
});

test('with JavaScript disabled, a rep logs a deal and moves it', async () => {
  const ctx = await newContext(browser, gw, 'phone', { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await signIn(page, REP.email);
    await clickAndWait(page, page.getByRole('link', { name: 'Log a deal' }));
    assert.equal(pathOf(page), '/deals/new', await describePage(page));
    const found = findings();
    const company = uniqueCompany('Nordlys Ferries');
    const due = dayFromToday(3);
    await fillNewDeal(page, {
      company,
      contact: 'Sigrid Berg',
      next_step: 'Send the agenda',
      next_step_due: due,
      amount: '12,500.00',
    });
    await clickAndWait(page, page.getByRole('button', { name: 'Save deal' }));
    const path = assertOnDealPage(page, 'after saving without JavaScript');
    await assertFlash(page, 'Deal saved at Prospect.');
    assert.equal(await fact(page, 'Amount'), '$12,500');

    // Without a stage chosen the move is refused and nothing changes.
    await moveDeal(page, null, 'forgot the stage');
    assert.equal(pathOf(page), `${path}/move`, await describePage(page));
    await assertShows(page, page.locator('#move .error-summary'), 'the move error summary');
    assert.equal(await page.locator('#f-to_stage_id').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#f-note').inputValue(), 'forgot the stage');
    assert.equal(squash(await page.locator('.deal-meta .chip').textContent()), 'Prospect');

    await moveDeal(page, '2. Discovery', 'Buyer confirmed the problem');
    assert.equal(pathOf(page), path, await describePage(page));
    await assertFlash(page, 'Moved to Discovery.');
    assert.equal(squash(await page.locator('.deal-meta .chip').textContent()), 'Discovery');

    // Skipping a stage says so.
    await moveDeal(page, '4. Proposal', '');
    await assertFlash(page, 'Moved to Proposal.');
    assert.deepEqual(await timeline(page), [
      { what: 'Moved from Discovery to Proposal, skipping 1 stage, leaving 2 criteria unticked', note: null },
      { what: 'Moved from Prospect to Discovery, leaving 2 criteria unticked', note: 'Buyer confirmed the problem' },
      { what: 'Logged at Prospect', note: null },
    ]);
    await screenshot(page, 'nojs-deal-moved', 'phone', { fullPage: true });
    await checkNoHorizontalScroll(page, 'the deal page without JavaScript (phone)', found);

    await page.goto('/deals');
    const row = stageGroup(page, 'Proposal').locator('a.deal-company', { hasText: company });
    assert.equal(await row.count(), 1, `${company} is listed under Proposal`);
    assert.deepEqual(problems(ctx), []);
    found.assertNone();
  } finally {
    await ctx.close();
  }
});

test('with JavaScript disabled, a win from an early stage asks once, then counts the stages passed over', async () => {
  const ctx = await newContext(browser, gw, 'phone', { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await signIn(page, REP.email);
    await clickAndWait(page, page.getByRole('link', { name: 'Log a deal' }));
    const found = findings();
    const company = uniqueCompany('Quick Yes Dairy');
    await fillNewDeal(page, { company });
    await clickAndWait(page, page.getByRole('button', { name: 'Save deal' }));
    const path = assertOnDealPage(page, 'after saving at Prospect');

    // Won, straight from Prospect: the form comes back with one question.
    await openSection(page, 'close');
    const close = page.locator('#close');
    await close.getByRole('radio', { name: 'Won', exact: true }).check();
    await close.locator('#f-lost_reason').fill('typed by mistake');
    await clickAndWait(page, close.getByRole('button', { name: 'Close deal' }));
    assert.equal(pathOf(page), `${path}/close`, await describePage(page));
    const question = page.locator('#e-confirm_win');
    await assertShows(page, question, 'the confirmation question');
    assert.match(squash(await question.textContent()),
      /^Prospect is an early stage\. Closing as won now passes over Discovery, Evaluation, Proposal, Commit, and counts them as skipped\./);
    assert.ok(await page.locator('#close input[value="won"]').isChecked(), 'Won stays chosen');
    assert.equal(await page.locator('#f-lost_reason').inputValue(), 'typed by mistake', 'what was typed is kept');
    assert.equal(squash(await page.locator('.deal-meta .badge.status-open').textContent()), 'open');
    await screenshot(page, 'nojs-win-confirm', 'phone');
    await checkNoHorizontalScroll(page, 'the win confirmation (phone)', found);

    // Confirmed: closed as won, the skipped stages named in the timeline.
    await page.locator('#f-confirm_win').check();
    await clickAndWait(page, page.locator('#close').getByRole('button', { name: 'Close deal' }));
    assert.equal(pathOf(page), path, await describePage(page));
    await assertFlash(page, 'Closed as won. Well done.');
    const entries = await timeline(page);
    assert.match(entries[0].what, /^Closed as won at Prospect, skipping 4 stages/);
    await assertShows(page, page.locator('.deal-meta .badge.skip'), 'the "Skipped steps" badge');
    assert.deepEqual(problems(ctx), []);
    found.assertNone();
  } finally {
    await ctx.close();
  }
});
