// Signing in and out as each role, wrong passwords, and an admin adding a
// user, in real Chromium at a desktop and a phone viewport, against a real
// instance (nginx + groundwork serve).
//
//   node --test --test-concurrency=1 tests/browser/

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
  signOut,
  startInstance,
} from './harness.mjs';

const WRONG_PASSWORD_MESSAGE = 'That email and password do not match an active account.';

const ROLES = [
  { role: 'rep', path: '/deals', heading: /^My deals$/, nav: ['My deals', 'My coaching', 'Job-aids'] },
  { role: 'manager', path: '/team', heading: /Team/, nav: ['Team', 'Coaching', 'My time', 'Job-aids'] },
  { role: 'admin', path: '/admin/users', heading: /^Users$/, nav: ['Org', 'Team', 'Users', 'Teams', 'Import', 'Stages', 'Job-aids', 'Mail', 'Backups'] },
  { role: 'director', path: '/org', heading: /^Org$/, nav: ['Org', 'Team'] },
];

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

async function assertNoHorizontalScroll(page, viewportName, what) {
  if (viewportName !== 'phone') return;
  const [scrollWidth, innerWidth] = await pageWidths(page);
  assert.ok(
    scrollWidth <= innerWidth,
    `${what}: page scrolls sideways on the phone (scrollWidth ${scrollWidth} > innerWidth ${innerWidth})`,
  );
}

// Pages are rendered by the server and each step waits for the load
// event, so what should be on the page is there already: check at once
// and say what the page shows instead.
async function assertShows(page, locator, what) {
  assert.ok(await locator.isVisible(), `${what} is not shown (${await describePage(page)})`);
}

async function assertSignedOut(page) {
  assert.equal(pathOf(page), '/login', await describePage(page));
  await assertShows(page, page.getByText('You are signed out.', { exact: true }), '"You are signed out."');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
}

for (const viewportName of ['desktop', 'phone']) {
  describe(`${viewportName} viewport`, () => {
    for (const { role, path, heading, nav } of ROLES) {
      test(`${role} signs in, lands on ${path}, signs out`, async () => {
        const user = USERS[role];
        const ctx = await newContext(browser, gw, viewportName);
        try {
          const page = await ctx.newPage();
          await page.goto('/login');
          await assertNoHorizontalScroll(page, viewportName, '/login');
          await signIn(page, user.email);

          assert.equal(pathOf(page), path, await describePage(page));
          const h1 = page.locator('main h1');
          assert.equal(await h1.count(), 1, 'one h1 on the page');
          assert.match((await h1.textContent()).trim(), heading);

          const topbar = page.locator('header.topbar');
          assert.match(await topbar.locator('.who').textContent(), new RegExp(user.name));
          const links = (await topbar.locator('nav a').allTextContents()).map((s) => s.trim());
          assert.deepEqual(links, nav, `${role}'s nav links`);
          assert.equal(
            await topbar.locator('nav a[aria-current="page"]').count(),
            1,
            'the current page is marked in the nav',
          );

          await assertNoHorizontalScroll(page, viewportName, path);
          await screenshot(page, `signin-${role}`, viewportName);

          await signOut(page);
          await assertSignedOut(page);

          // The session is really gone: the landing page sends us to sign in.
          await page.goto(path);
          assert.equal(pathOf(page), '/login');

          assert.deepEqual(ctx.problems, []);
        } finally {
          await ctx.close();
        }
      });
    }

    test('a wrong password is refused and the email is kept', async () => {
      const ctx = await newContext(browser, gw, viewportName);
      try {
        const page = await ctx.newPage();
        await signIn(page, USERS.rep.email, 'not-the-password');

        assert.equal(pathOf(page), '/login');
        await assertShows(page, page.getByText(WRONG_PASSWORD_MESSAGE, { exact: true }), 'the wrong-password message');
        assert.equal(await page.locator('#f-email').inputValue(), USERS.rep.email);
        assert.equal(await page.locator('#f-password').inputValue(), '');
        assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
        await assertNoHorizontalScroll(page, viewportName, '/login with an error');
        await screenshot(page, 'signin-wrong-password', viewportName, { fullPage: true });

        // The same form then works with the right password.
        await page.locator('#f-password').fill('groundwork-demo');
        await clickAndWait(page, page.locator('main form button[type="submit"]'));
        assert.equal(pathOf(page), '/deals', await describePage(page));
        assert.deepEqual(ctx.problems, []);
      } finally {
        await ctx.close();
      }
    });

    test('an admin adds a user, fixing a too-short password first', async () => {
      const ctx = await newContext(browser, gw, viewportName);
      const newUser = {
        email: `priya.${viewportName}@example.com`,
        name: `Priya Raman ${viewportName === 'phone' ? 'Phone' : 'Desktop'}`,
      };
      try {
        const page = await ctx.newPage();
        await signIn(page, USERS.admin.email);
        assert.equal(pathOf(page), '/admin/users', await describePage(page));

        const form = page.locator('form[action^="/admin/users"]');
        await form.locator('#f-email').fill(newUser.email);
        await form.locator('#f-name').fill(newUser.name);
        await form.locator('#f-role').selectOption('rep');
        await form.locator('#f-team_id').selectOption({ label: 'North' });
        await form.locator('#f-password').fill('short');
        await clickAndWait(page, form.getByRole('button', { name: 'Add user' }));

        // Error summary, and the message next to the password field.
        const summary = page.locator('.error-summary').filter({ hasText: 'The user was not added' });
        await assertShows(page, summary, 'the error summary');
        assert.match(await summary.textContent(), /Password/);
        const pwField = page.locator('.field').filter({ has: page.locator('#f-password') });
        const pwError = pwField.locator('.field-error');
        await assertShows(page, pwError, "the password field's error");
        assert.match(await pwError.textContent(), /10 characters/);
        assert.equal(await page.locator('#f-password').getAttribute('aria-invalid'), 'true');
        assert.equal(
          await page.locator('#f-password').getAttribute('aria-describedby'),
          await pwError.getAttribute('id'),
        );
        // What was typed is kept (but never the password).
        assert.equal(await page.locator('#f-email').inputValue(), newUser.email);
        assert.equal(await page.locator('#f-name').inputValue(), newUser.name);
        assert.equal(await page.locator('#f-password').inputValue(), '');
        assert.equal(await page.locator('#f-role').inputValue(), 'rep');
        assert.equal(
          (await page.locator('#f-team_id option:checked').textContent()).trim(),
          'North',
        );
        assert.equal(await page.locator('table.data').getByText(newUser.email).count(), 0);
        await assertNoHorizontalScroll(page, viewportName, 'add-user error');
        await screenshot(page, 'add-user-error', viewportName);

        // Fix the password and submit again.
        await page.locator('#f-password').fill('a-long-enough-password');
        await clickAndWait(
          page,
          page.locator('form[action^="/admin/users"]').getByRole('button', { name: 'Add user' }),
        );
        await assertShows(
          page,
          page.locator('.flash').getByText(`Added ${newUser.name}.`, { exact: true }),
          `the flash "Added ${newUser.name}."`,
        );
        assert.equal(await page.locator('.error-summary').count(), 0);
        const row = page.locator('table.data tbody tr').filter({ hasText: newUser.email });
        assert.equal(await row.count(), 1, 'the new user is in the table');
        const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
        assert.deepEqual(cells, [newUser.name, newUser.email, 'rep', 'North', 'Active']);
        await assertNoHorizontalScroll(page, viewportName, 'users after adding');
        await screenshot(page, 'add-user-done', viewportName);

        // The new account can sign in.
        await signOut(page);
        await signIn(page, newUser.email, 'a-long-enough-password');
        assert.equal(pathOf(page), '/deals', await describePage(page));
        assert.match(await page.locator('header .who').textContent(), new RegExp(newUser.name));
        assert.deepEqual(ctx.problems, []);
      } finally {
        await ctx.close();
      }
    });

    test('signing in and out works with JavaScript disabled', async () => {
      const ctx = await newContext(browser, gw, viewportName, { javaScriptEnabled: false });
      try {
        const page = await ctx.newPage();

        await signIn(page, USERS.manager.email, 'not-the-password');
        assert.equal(pathOf(page), '/login');
        await assertShows(page, page.getByText(WRONG_PASSWORD_MESSAGE, { exact: true }), 'the wrong-password message');
        assert.equal(await page.locator('#f-email').inputValue(), USERS.manager.email);

        for (const { role, path, heading } of ROLES) {
          await signIn(page, USERS[role].email);
          assert.equal(pathOf(page), path, `${role}: ${await describePage(page)}`);
          assert.match((await page.locator('main h1').textContent()).trim(), heading);
          assert.match(await page.locator('header .who').textContent(), new RegExp(USERS[role].name));
          if (role === 'rep') await screenshot(page, 'nojs-signin-rep', viewportName);
          await signOut(page);
          await assertSignedOut(page);
        }
        assert.deepEqual(ctx.problems, []);
      } finally {
        await ctx.close();
      }
    });
  });
}
