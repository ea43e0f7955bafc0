// The manager's tables on a 360 px phone: every table on the team page,
// a rep page, the deal list, the coaching list, the meter and the
// job-aid figures is read without scrolling sideways.  No part of a
// table reaches past the screen's edge, the key columns (days in stage,
// next step, ...) are on screen, and each figure carries its column's
// name.  On a desktop the same tables stay tables.  Screenshots go to
// tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  describePage,
  launchBrowser,
  newContext,
  pageWidths,
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

// Columns that must be on screen wherever a table has them.
const KEY_COLUMNS = ['Days in stage', 'Next step', 'Last activity', 'Stage', 'Deals', 'Stalled',
  'Early share', 'Stalled early', 'Median days', 'Early', 'Early share'];

/** The manager's pages with tables, the rep page found from /team. */
async function managerPages(page) {
  await page.goto('/team');
  const rep = await page.locator('#health tbody th a').first().getAttribute('href');
  return ['/team', '/team/deals', '/team/deals?only=stalled', rep, '/team/coaching', '/team/time',
    '/aids/effectiveness'];
}

/**
 * Everything wrong with the page's tables at this width, as sentences.
 * Opens every <details> first, so the tables behind them count too.
 */
function tableProblems(page, keyColumns) {
  return page.evaluate((keys) => {
    for (const d of document.querySelectorAll('main details')) d.open = true;
    const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
    const problems = [];
    const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
    // Inside a box clipped to nothing (the visually-hidden pattern):
    // there for screen readers, not on screen.
    const clippedAway = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        if (s.overflow === 'hidden' && r.width <= 1 && r.height <= 1) return true;
        if (e.tagName === 'TABLE') return false;
      }
      return false;
    };
    // A table kept for screen readers only (a tile's weeks), inside a
    // visually-hidden box: nothing of it is on screen to check.
    const forReadersOnly = (table) => {
      for (let e = table.parentElement; e && e.tagName !== 'MAIN'; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        if (getComputedStyle(e).overflow === 'hidden' && r.width <= 1 && r.height <= 1) return true;
      }
      return false;
    };
    document.querySelectorAll('main table').forEach((table, t) => {
      if (forReadersOnly(table)) return;
      const name = squash(table.querySelector('caption')?.textContent) || `table ${t + 1}`;
      // Nothing of it past the edge, and no box around it that scrolls.
      for (const el of [table, ...table.querySelectorAll('*')]) {
        const r = el.getBoundingClientRect();
        if ((r.width === 0 && r.height === 0) || clippedAway(el)) continue;
        if (r.right > width + 0.5 || r.left < -0.5) {
          problems.push(`${name}: <${el.tagName.toLowerCase()}> "${squash(el.textContent).slice(0, 40)}" ` +
            `spans ${Math.round(r.left)}-${Math.round(r.right)} px of ${width}`);
          break;
        }
      }
      for (let box = table.parentElement; box && box.tagName !== 'MAIN'; box = box.parentElement) {
        if (box.scrollWidth > box.clientWidth + 1) {
          problems.push(`${name}: scrolls sideways in <${box.tagName.toLowerCase()} class="${box.className}"> ` +
            `(${box.scrollWidth} px in ${box.clientWidth})`);
        }
      }
      // The name of each column, leaf headers only (a colspan above them
      // is part of the name).
      const heads = [];
      const rows = [...table.querySelectorAll('thead tr')];
      const top = rows.length > 1 ? [...rows[0].children] : [];
      const spanned = [];
      for (const th of top) {
        const n = th.colSpan || 1;
        for (let i = 0; i < n; i++) spanned.push(th.rowSpan > 1 ? null : squash(th.textContent));
      }
      const leaves = rows.length > 1
        ? [...rows[0].children].filter((th) => th.rowSpan > 1).map((th) => squash(th.textContent))
        : [];
      const leafRow = rows.length ? [...rows[rows.length - 1].children].map((th) => squash(th.textContent)) : [];
      if (rows.length > 1) {
        // rowspan'd headers first, then the second row under the colspans
        let k = 0;
        for (const s of spanned) heads.push(s === null ? leaves.shift() : `${s}: ${leafRow[k++]}`);
      } else {
        heads.push(...leafRow);
      }
      for (const tr of table.querySelectorAll('tbody tr')) {
        [...tr.children].forEach((cell, i) => {
          const head = heads[i] ?? '';
          const r = cell.getBoundingClientRect();
          const isKey = keys.some((k) => head === k || head.endsWith(`: ${k}`));
          if (isKey && (r.width === 0 || r.height === 0 || getComputedStyle(cell).visibility === 'hidden')) {
            problems.push(`${name}: the "${head}" column is hidden`);
          }
          if (i === 0 || cell.tagName !== 'TD') return;
          // A cell away from its header says which column it is.
          const headerShown = table.tHead && table.tHead.getBoundingClientRect().height > 1;
          if (headerShown) return;
          const label = getComputedStyle(cell, '::before').content.replace(/^"|"$/g, '');
          const leaf = head.includes(': ') ? head.split(': ').pop() : head;
          if (!label || label === 'none' || !label.toLowerCase().includes(leaf.toLowerCase())) {
            problems.push(`${name}: a "${head}" cell shows no label (${JSON.stringify(label)})`);
          }
        });
      }
    });
    return [...new Set(problems)];
  }, keyColumns);
}

test('phone: every manager table reads at 360 px without scrolling sideways, each figure labelled', async () => {
  const ctx = await newContext(browser, gw, 'phone');
  ctx.setDefaultTimeout(30_000);
  ctx.setDefaultNavigationTimeout(30_000);
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    const problems = [];
    let tables = 0;
    for (const path of await managerPages(page)) {
      const res = await page.goto(path);
      assert.equal(res.status(), 200, await describePage(page));
      tables += await page.locator('main table').count();
      for (const p of await tableProblems(page, KEY_COLUMNS)) problems.push(`${path}: ${p}`);
      const [scroll, width] = await pageWidths(page);
      if (scroll > width) problems.push(`${path}: the page scrolls sideways (${scroll} > ${width})`);
      const name = path.replace(/\?.*$/, '').replace(/\/\d+$/, '-rep').replace(/\//g, '-').replace(/^-/, '');
      await screenshot(page, `tables-${name}`, 'phone');
    }
    assert.ok(tables >= 9, `the pages hold the manager's tables (${tables} found)`);
    assert.deepEqual(problems, [], `\n  - ${problems.join('\n  - ')}`);
    assert.deepEqual(ctx.problems.filter((p) => !/\/favicon\.svg \(net::ERR_ABORTED\)$/.test(p)), []);
  } finally {
    await ctx.close();
  }
});

test('desktop: the same tables keep their header row and columns', async () => {
  const ctx = await newContext(browser, gw, 'desktop');
  ctx.setDefaultTimeout(30_000);
  ctx.setDefaultNavigationTimeout(30_000);
  try {
    const page = await ctx.newPage();
    await signIn(page, 'maria@example.com');
    const wrong = [];
    for (const path of await managerPages(page)) {
      await page.goto(path);
      const shapes = await page.evaluate(() => {
        for (const d of document.querySelectorAll('main details')) d.open = true;
        return [...document.querySelectorAll('main table')].map((t) => ({
          caption: t.querySelector('caption')?.textContent.trim(),
          head: t.tHead ? t.tHead.getBoundingClientRect().height : 0,
          cell: getComputedStyle(t.querySelector('tbody td') ?? t).display,
        }));
      });
      for (const s of shapes) {
        if (s.head < 10 || (s.cell !== 'table-cell' && s.cell !== 'table')) {
          wrong.push(`${path}: ${s.caption}: header ${s.head} px high, cells display ${s.cell}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  } finally {
    await ctx.close();
  }
});
