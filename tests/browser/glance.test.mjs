// The ten-second strips of /team and /org, their print layouts, and the README's
// screenshots, in a real browser:
// - each tile's number equals the same figure further down the page or
//   on the page it links to, and every tile has its sparkline, its
//   numbers in a table for screen readers, and its direction in words;
// - the same on /org, where each tile is the sum of the teams below;
// - printed (print media emulated), /team and /org show no navigation,
//   form or button, and say whose figures, over what and as of when;
// - the README's screenshots (static/readme/) are taken again from the
//   demo: the team page on a desktop and a phone, a deal on a phone,
//   and the coaching queue.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT,
  clickAndWait,
  describePage,
  launchBrowser,
  newContext,
  pathOf,
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

const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

/** The tile tile-<id>: its big number, its count, and its parts. */
async function tile(page, id) {
  const t = page.locator(`#tile-${id}`);
  assert.equal(await t.count(), 1, `tile ${id}`);
  return {
    el: t,
    value: await text(t.locator('.tile-value')),
    count: await text(t.locator('.tile-count')),
    href: await t.locator('h2 a').getAttribute('href'),
  };
}

/**
 * Every tile: a sparkline, eight weeks in a table, a direction word,
 * and colour only with a reason in words.
 */
async function assertTileParts(page, ids) {
  for (const id of ids) {
    const t = page.locator(`#${id}`);
    assert.equal(await t.locator('svg.spark polyline').count(), 1, `${id}: sparkline`);
    assert.equal(await t.locator('table tr').count(), 9, `${id}: a header and eight weeks`);
    assert.match(await text(t.locator('.tile-trend')), /^8 weeks: (rising|falling|steady|too little data)$/);
    const attention = (await t.getAttribute('class')).includes('attention');
    assert.equal(await t.locator('.tile-why').count(), attention ? 1 : 0, `${id}: a reason exactly when coloured`);
  }
}

test('each tile on /team equals its figure further down the page or on the page it links to', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    assert.equal(pathOf(page), '/team', await describePage(page));
    const ids = await page.locator('ul.tiles > li').evaluateAll((els) => els.map((e) => e.id));
    assert.deepEqual(ids, ['tile-early-share', 'tile-stalled-early', 'tile-inflow', 'tile-coaching', 'tile-risk']);

    await assertTileParts(page, ids);

    const summary = await text(page.locator('main > p.muted').first());
    const early = await tile(page, 'early-share');
    assert.ok(summary.includes(`Early share ${early.value} · ${early.count}.`),
      `the summary line says the same early share: ${summary}`);

    const stalledHead = await text(page.locator('#stalled h2'));
    const stalled = await tile(page, 'stalled-early');
    assert.match(stalledHead, new RegExp(`\\(${stalled.value} early\\)$`));

    const inflow = await tile(page, 'inflow');
    const inflowTotal = await text(page.locator('#inflow-total'));
    const health = await text(page.locator('#health .conclusion'));
    assert.equal(inflow.count, `${inflowTotal} of ${health.match(/target of (\d+)/)[1]}`);
    const rows = await page.locator('#health tbody tr td[data-label^="Inflow"] span').allTextContents();
    const sum = rows.reduce((a, r) => a + Number(r.match(/^(\d+) of/)[1]), 0);
    assert.equal(sum, Number(inflowTotal), 'the reps\' rows add up to the tile');

    const risk = await tile(page, 'risk');
    assert.equal(risk.value, await text(page.locator('#risk strong')));

    const coaching = await tile(page, 'coaching');
    assert.equal(coaching.href, '/team/time');

    // The linked pages: the stalled early deals and the risky ones are
    // listed there, as many as the tiles say.
    await clickAndWait(page, stalled.el.locator('h2 a'));
    assert.equal(pathOf(page), '/team/deals');
    assert.equal(await page.locator('main tbody tr').count(), Number(stalled.value));
    await page.goto('/team');
    await clickAndWait(page, page.locator('#tile-risk h2 a'));
    assert.equal(await page.locator('main tbody tr').count(), Number(risk.count.match(/^(\d+) of/)[1]));
    await page.goto('/team');
    await clickAndWait(page, page.locator('#tile-coaching h2 a'));
    assert.equal(pathOf(page), '/team/time');
    const meter = await text(page.locator('main'));
    assert.ok(meter.includes(`${coaching.value} · ${coaching.count}`),
      `/team/time shows the tile's ${coaching.value} · ${coaching.count}`);
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});

test('an admin\'s /team has the four team tiles and no coaching tile of their own', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'admin@example.com');
    await page.goto('/team');
    const ids = await page.locator('ul.tiles > li').evaluateAll((els) => els.map((e) => e.id));
    assert.deepEqual(ids, ['tile-early-share', 'tile-stalled-early', 'tile-inflow', 'tile-risk']);
  } finally {
    await ctx.close();
  }
});

test('printed, /team shows no navigation, form or button, and heads its figures with the team, the period and the time', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    await page.goto('/team');
    // On screen the navigation and the forms are there ...
    assert.ok(await page.locator('nav').first().isVisible());
    assert.ok(await page.locator('form.period').isVisible());
    await page.emulateMedia({ media: 'print' });
    // ... on paper none of them, and no button.
    for (const sel of ['nav', 'form', 'button', 'a.button', 'select', 'input'])
      for (const el of await page.locator(sel).all())
        assert.equal(await el.isVisible(), false, `${sel} shows in print`);
    const head = page.locator('main .print-only');
    assert.ok(await head.isVisible(), 'the print header shows');
    assert.match(await text(head), /^Team North · flow over 90 days · figures as of \d\d:\d\d UTC$/);
    assert.ok(await page.locator('ul.tiles').isVisible(), 'the tiles print');
    // A table row never splits across pages.
    const rowBreak = await page.locator('#stalled tbody tr').first()
      .evaluate((tr) => getComputedStyle(tr).breakInside);
    assert.equal(rowBreak, 'avoid');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'prints to A4');
  } finally {
    await ctx.close();
  }
});

test('each tile on /org equals the "All teams" row or the pipeline below, and links to the teams sorted by it', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'vp@example.com');
    assert.equal(pathOf(page), '/org', await describePage(page));
    const ids = await page.locator('ul.tiles > li').evaluateAll((els) => els.map((e) => e.id));
    assert.deepEqual(ids, ['tile-early-share', 'tile-stalled-early', 'tile-inflow', 'tile-coaching', 'tile-risk']);
    await assertTileParts(page, ids);
    const total = (col) => text(page.locator(`main tfoot td[data-col="${col}"]`));
    const rows = async (col) => (await page.locator(`main tbody td[data-col="${col}"]`).allTextContents())
      .map((t) => t.replace(/\s+/g, ' ').trim());
    const num = (t) => Number(t.replace(/[^\d]/g, ''));

    // Early share of open deals: the pipeline's summary line.
    const early = await tile(page, 'early-share');
    const summary = await text(page.locator('#pipeline p.muted'));
    assert.ok(summary.includes(`Early share ${early.value} · ${early.count}.`), `the pipeline says the same: ${summary}`);

    // Stalled early deals: the "All teams" row, which is the rows' sum.
    const stalled = await tile(page, 'stalled-early');
    assert.equal(await total('stalled'), stalled.value);
    const stalledRows = (await rows('stalled')).map(num);
    assert.equal(stalledRows.reduce((a, b) => a + b, 0), Number(stalled.value), 'the teams add up to the tile');

    // New deals against the target: the row's deals and target.
    const inflow = await tile(page, 'inflow');
    const [deals, target] = inflow.count.split(' of ');
    assert.equal(await text(page.locator('main tfoot td[data-col="inflow"] span')),
      `${deals} deal${deals === '1' ? '' : 's'} · target ${target}`);
    const inflowRows = (await rows('inflow')).map((t) => Number(t.match(/([\d,]+) deals?$/)[1].replace(/,/g, '')));
    assert.equal(inflowRows.reduce((a, b) => a + b, 0), Number(deals.replace(/,/g, '')));

    // The managers' coaching time: the row's early share of minutes.
    const coaching = await tile(page, 'coaching');
    assert.equal(await total('early'), `${coaching.value} · ${coaching.count} min`);

    // Forecast risk: the row's amount and deals.
    const risk = await tile(page, 'risk');
    const riskTotal = await total('risk');
    assert.ok(riskTotal.startsWith(risk.value), `${riskTotal} starts with ${risk.value}`);
    const riskDeals = risk.count.match(/^([\d,]+) of/)[1];
    assert.equal(await text(page.locator('main tfoot td[data-col="risk"] span')),
      `${riskDeals} deal${riskDeals === '1' ? '' : 's'}`);

    // A tile opens the teams sorted by its figure.
    await clickAndWait(page, stalled.el.locator('h2 a'));
    assert.equal(pathOf(page), '/org');
    assert.match(page.url(), /sort=stalled&dir=desc/);
    assert.equal(await page.locator('thead th[aria-sort="descending"]').count(), 1);
    const sorted = (await rows('stalled')).map(num);
    assert.deepEqual(sorted, [...sorted].sort((a, b) => b - a));
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});

test('printed, /org shows no navigation, form or button, and heads its figures with the sort, the period and the time', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'vp@example.com');
    await page.goto('/org?sort=risk&dir=desc&period=30');
    assert.ok(await page.locator('form.sort').isVisible());
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['nav', 'form', 'button', 'a.button', 'select', 'input'])
      for (const el of await page.locator(sel).all())
        assert.equal(await el.isVisible(), false, `${sel} shows in print`);
    const head = page.locator('main .print-only');
    assert.ok(await head.isVisible(), 'the print header shows');
    assert.match(await text(head),
      /^Org · teams by Forecast risk, highest first · flow over 30 days · figures as of \d\d:\d\d UTC$/);
    assert.ok(await page.locator('ul.tiles').isVisible(), 'the tiles print');
    const rowBreak = await page.locator('#teams tbody tr').first()
      .evaluate((tr) => getComputedStyle(tr).breakInside);
    assert.equal(rowBreak, 'avoid');
    for (const format of ['A4', 'Letter'])
      assert.ok((await page.pdf({ format })).length > 1000, `prints to ${format}`);
  } finally {
    await ctx.close();
  }
});

// The README's pictures: regenerated here, kept in git (make install
// leaves static/readme/ out).
const README = join(ROOT, 'static', 'readme');

async function shoot(page, name) {
  mkdirSync(README, { recursive: true });
  await page.screenshot({ path: join(README, `${name}.png`), timeout: 120_000 });
}

test('the README screenshots: the team page on a desktop and a phone, a deal on a phone, the coaching queue', async () => {
  for (const viewport of ['desktop', 'phone']) {
    const ctx = await newContext(browser, gw, viewport);
    try {
      const page = await ctx.newPage();
      await signIn(page, 'maria@example.com');
      await page.goto('/team');
      await shoot(page, viewport === 'desktop' ? 'team' : 'team-phone');
      if (viewport === 'desktop') {
        await page.goto('/team/coaching');
        await shoot(page, 'coaching');
      }
    } finally {
      await ctx.close();
    }
  }
  const ctx = await newContext(browser, gw, 'phone');
  try {
    const page = await ctx.newPage();
    await signIn(page, 'ravi@example.com');
    const href = await page.locator('a.deal-company').first().getAttribute('href');
    await page.goto(href);
    await shoot(page, 'deal-phone');
  } finally {
    await ctx.close();
  }
});
