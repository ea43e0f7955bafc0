// Browser-test harness: one real Groundwork instance (groundwork serve
// behind nginx, via deploy/local.sh) and one headless Chromium per test
// file.  Debian's chromium is driven by playwright-core; nothing is
// downloaded.
//
//   const gw = await startInstance();      // gw.url('/login'), gw.stop()
//   const browser = await launchBrowser();
//   const ctx = await browser.newContext({ ...VIEWPORTS.phone, baseURL: gw.baseURL });
//   await signIn(page, 'ravi@example.com');
//   await screenshot(page, 'signin-rep', 'phone');

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const ARTIFACTS = join(HERE, 'artifacts');
export const CHROMIUM = process.env.GW_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'groundwork-demo';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// Context options per viewport; spread into browser.newContext().
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: {
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  },
};

// The demo accounts that "groundwork seed --demo" creates.
export const USERS = {
  rep: { email: 'ravi@example.com', name: 'Ravi Patel' },
  manager: { email: 'maria@example.com', name: 'Maria Santos' },
  admin: { email: 'admin@example.com', name: 'Avery Admin' },
  director: { email: 'vp@example.com', name: 'Victoria Park' },
};

/** A TCP port that was free a moment ago (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// deploy/local.sh leaves groundwork and nginx running in the background
// with its stdout, so wait for the script itself to exit rather than for
// its output pipes to close (they stay open as long as the servers run).
function localSh(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [join(ROOT, 'deploy', 'local.sh'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const finish = () => {
        // Do not wait on a pipe that a background server may have inherited.
        child.stderr.destroy();
        if (code === 0) resolve();
        else reject(new Error(`local.sh ${args[0]} exited ${code ?? signal}: ${stderr.trim()}`));
      };
      // Let the rest of the script's messages arrive, but not forever.
      const grace = setTimeout(finish, 1000);
      child.stderr.once('end', () => {
        clearTimeout(grace);
        finish();
      });
    });
  });
}

function stopSync(dir) {
  try {
    execFileSync('sh', [join(ROOT, 'deploy', 'local.sh'), 'stop', '--dir', dir], {
      cwd: ROOT,
      stdio: 'ignore',
      timeout: 30_000,
    });
  } catch {
    // best effort: the process is going away anyway
  }
}

/**
 * Build if needed, then start a fresh instance (migrated, demo data seeded)
 * on a free port in a new temp directory.  Returns when it answers.
 * Sign-in rate limiting is relaxed so that a test file can sign in often.
 */
export async function startInstance() {
  if (!existsSync(join(ROOT, 'build', 'groundwork'))) {
    execFileSync('make', ['-s'], { cwd: ROOT, stdio: 'inherit' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'gw-browser-'));
  const env = { GW_SIGNIN_RATE: '6000r/m', GW_SIGNIN_BURST: '100' };
  let port;
  let lastError;
  // A port can be taken between freePort() and nginx's bind; try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    port = await freePort();
    try {
      await localSh(['start', '--port', String(port), '--dir', dir], env);
      lastError = undefined;
      break;
    } catch (err) {
      lastError = err;
      stopSync(dir);
    }
  }
  if (lastError) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`deploy/local.sh start failed: ${lastError.message}`);
  }

  // If the test process dies without running its after() hook, do not
  // leave nginx and groundwork behind.
  const onExit = () => stopSync(dir);
  process.once('exit', onExit);

  const baseURL = `http://127.0.0.1:${port}`;
  return {
    port,
    dir,
    baseURL,
    url: (path) => baseURL + path,
    async stop() {
      process.removeListener('exit', onExit);
      await localSh(['stop', '--dir', dir]).catch(() => stopSync(dir));
      if (process.env.GW_KEEP_RUN) {
        console.log(`# instance directory kept: ${dir}`);
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Headless Debian chromium with a throwaway profile. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A new context (fresh cookies) for one viewport.  Every request that fails
 * or answers 4xx/5xx for a sub-resource (CSS, icon) is recorded in
 * ctx.problems, as are console errors such as CSP violations.
 */
export async function newContext(browser, instance, viewportName, extra = {}) {
  const ctx = await browser.newContext({
    ...VIEWPORTS[viewportName],
    baseURL: instance.baseURL,
    ...extra,
  });
  // Generous: these bound a failing step, and a busy machine (other
  // builds, the sanitizer layer) must not turn a slow step into a failure.
  ctx.setDefaultTimeout(60_000);
  ctx.setDefaultNavigationTimeout(60_000);
  ctx.problems = [];
  ctx.on('requestfailed', (req) => {
    const why = req.failure()?.errorText;
    // Chromium drops the favicon request when a page is left before its
    // icon arrived (the icon is not part of "load"): not a problem.
    if (why === 'net::ERR_ABORTED' && new URL(req.url()).pathname === '/static/favicon.svg') return;
    ctx.problems.push(`request failed: ${req.url()} (${why})`);
  });
  ctx.on('response', (res) => {
    if (res.request().resourceType() !== 'document' && res.status() >= 400) {
      ctx.problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  ctx.on('console', (msg) => {
    // Chromium logs every 4xx/5xx, pages included, as "Failed to load
    // resource"; a form answered 422 is fine, and sub-resources are
    // checked above.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      ctx.problems.push(`console error: ${msg.text()}`);
    }
  });
  return ctx;
}

/**
 * Click something that submits a form or follows a link, and wait until
 * the resulting page has loaded (works with JavaScript disabled too).
 */
export async function clickAndWait(page, locator) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
}

/** Sign in through the real form on /login. */
export async function signIn(page, email, password = PASSWORD) {
  if (new URL(page.url(), 'http://x').pathname !== '/login') {
    await page.goto('/login');
  }
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await clickAndWait(page, page.locator('main form button[type="submit"]'));
}

/** Sign out with the top bar's button. */
export async function signOut(page) {
  await clickAndWait(page, page.getByRole('button', { name: 'Sign out' }));
}

/** Path (and query) of the current page. */
export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname;
}

/** What the page says about itself, for assertion messages. */
export async function describePage(page) {
  const h1 = await page.locator('main h1').first().textContent({ timeout: 10_000 }).catch(() => null);
  const alerts = await page.locator('[role="alert"], [role="status"]').allTextContents();
  const text = alerts.map((a) => a.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return `at ${pathOf(page)}, h1 ${JSON.stringify(h1?.trim())}` +
    (text.length ? `, messages: ${JSON.stringify(text)}` : '');
}

/**
 * Screenshot to tests/browser/artifacts/<name>-<viewport>.png: what the
 * viewport shows, unless fullPage is asked for.  Full page only for
 * pages whose length does not grow with the data (a form, one deal):
 * a list's full length grows with the demo's size, and so does the time
 * to capture it (the phone's coaching list is ~19,000 px tall).
 */
export async function screenshot(page, name, viewportName, { fullPage = false } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}-${viewportName}.png`);
  await page.screenshot({ path, fullPage, timeout: 120_000 });
  return path;
}

/** Horizontal overflow on the current page: [scrollWidth, width], where
 *  width is the narrower of innerWidth and the root's clientWidth (on a
 *  mobile viewport Chromium widens innerWidth to fit wide content). */
export function pageWidths(page) {
  return page.evaluate(() => [document.documentElement.scrollWidth,
    Math.min(window.innerWidth, document.documentElement.clientWidth)]);
}

// axe-core, the accessibility checker, read once.  The pages' CSP
// (default-src 'self') blocks an inline <script>, so page.addScriptTag
// cannot inject it; page.evaluate runs it through the DevTools protocol,
// which the CSP does not govern, and the page keeps its real policy.
let axeSource;

/**
 * Run axe-core on the current page (WCAG 2.0-2.2 A and AA rules plus
 * best practices).  Returns its violations, each { id, impact, help,
 * nodes: [{ target, summary }] }.
 */
export async function axeScan(page) {
  if (axeSource === undefined) {
    const require = createRequire(join(HERE, 'package.json'));
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() => window.axe.run(document, {
    resultTypes: ['violations'],
  }));
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}
