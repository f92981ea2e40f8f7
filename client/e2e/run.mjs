// End-to-end: the built client, served by the real server (node server/dist/main.js) on a
// fresh PostgreSQL database and a private Redis key prefix, driven in Debian's Chromium
// through playwright-core. Run: npm run e2e -w client (E2E_SKIP_BUILD=1 to reuse the builds).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
// Scratch databases come from the server's one helper.
const { createScratchDatabase } = require('../../server/scripts/scratch-database.cjs');
// A real SMTP server that keeps what the server's in-process worker sends.
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const PG_ADMIN = process.env.E2E_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const HAS_POSTS = /\bcreatePost\b/.test(fs.readFileSync(path.join(ROOT, 'schema', 'v1.graphql'), 'utf8'));
const POSTS_SKIP = HAS_POSTS ? false : 'posts are not in schema/v1.graphql yet: post steps skipped';

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let database;
const user = {
  name: 'Ada E2E',
  email: `ada-${run}@example.com`,
  password: 'correct horse battery',
  next: 'even better staple 42',
  reset: 'reset by mail staple 7',
};
const mails = [];
const MAIL_ORIGIN = 'http://inkwell.e2e';
let smtp;
let server;
let base;
let browser;
let serverLog = '';

/** The port the server reports it bound (PORT=0: the OS picks a free one, no race). */
async function boundPort(ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const port = /"port":(\d+)/.exec(serverLog)?.[1];
    if (port) return Number(port);
    if (server.exitCode !== null) throw new Error(`server exited:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server never reported its port:\n${serverLog}`);
}

async function waitForHealth(url, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health/`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    if (server.exitCode !== null) throw new Error(`server exited:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy:\n${serverLog}`);
}

/** Calls the API like a third party would (ad-hoc query text, token in the header). */
async function gql(query, variables = {}, token) {
  const res = await fetch(`${base}/api/v1/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function rest(pathname, body) {
  const res = await fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The first mail to `to` whose subject matches, waiting for the worker to send it. */
async function mailTo(to, subject, ms = 20_000) {
  const deadline = Date.now() + ms;
  let mail;
  while (!(mail = mails.find((m) => m.to === to && subject.test(m.subject))) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(mail, `a mail "${subject}" reached ${to}; got ${JSON.stringify(mails.map((m) => m.subject))}`);
  return mail;
}

before(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', 'client'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync('npm', ['run', 'build', '-w', 'server'], { cwd: ROOT, stdio: 'inherit' });
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  database = await createScratchDatabase({ prefix: 'inkwell_e2e', adminUrl: PG_ADMIN });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: parsed.subject,
            text: parsed.text,
          });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const secret = (c) => c.repeat(40);
  server = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      // No fixed metrics port (9464) in a test run: this suite does not scrape.
      METRICS_PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `inkwell-e2e-${run}:`,
      JWT_ACCESS_SECRET: secret('a'),
      JWT_REFRESH_SECRET: secret('r'),
      RATE_LIMIT_LOGIN: '100/1m',
      // The jobs run in this process and mail goes to the capturing SMTP server above; links in
      // mail point at PUBLIC_URL, which the test maps onto the port the server reports.
      JOBS_IN_PROCESS: 'true',
      SMTP_URL: `smtp://127.0.0.1:${smtp.server.address().port}`,
      PUBLIC_URL: MAIL_ORIGIN,
      // info: the "is serving" line carries the port; the log is shown only on failure.
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  base = `http://localhost:${await boundPort()}`;
  await waitForHealth(base);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  await database?.drop().catch((e) => console.error(e.message));
  const redis = await import('ioredis').then((m) => new m.default(REDIS_URL)).catch(() => null);
  if (redis) {
    const keys = await redis.keys(`inkwell-e2e-${run}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});

describe('the web client against the real server', { timeout: 180_000 }, () => {
  let pageA;
  let pageB;
  const tokensSeenByA = [];

  test('an anonymous visitor sees the feed shell', async () => {
    const context = await browser.newContext();
    pageA = await context.newPage();
    pageA.on('request', (request) => {
      const auth = request.headers().authorization;
      if (auth && request.url().includes('/graphql')) tokensSeenByA.push(auth.slice('Bearer '.length));
    });
    const missing = [];
    pageA.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await pageA.goto(base);
    await pageA.getByRole('heading', { name: 'Latest posts' }).waitFor();
    // The icon and the manifest exist: a page load logs no 404.
    const icon = await pageA.evaluate(() => document.querySelector('link[rel="icon"]')?.href);
    assert.equal((await fetch(icon)).status, 200);
    assert.equal((await fetch(`${base}/manifest.webmanifest`)).status, 200);
    assert.deepEqual(missing, []);
  });

  test('registers, which signs in, then signs out and in again', async () => {
    await pageA.getByRole('link', { name: 'Register' }).click();
    await pageA.getByLabel('Display name (optional)').fill(user.name);
    await pageA.getByLabel('Email').fill(user.email);
    await pageA.getByLabel('Password', { exact: true }).fill(user.password);
    await pageA.getByRole('button', { name: 'Create account' }).click();
    await pageA.getByRole('button', { name: 'Sign out' }).waitFor();
    await pageA.getByRole('button', { name: 'Sign out' }).click();
    await pageA.getByRole('link', { name: 'Sign in' }).click();
    await pageA.getByLabel('Email').fill(user.email);
    await pageA.getByLabel('Password').fill(user.password);
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    await pageA.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  test('a reload keeps the session (silent cookie refresh)', async () => {
    await pageA.reload();
    await pageA.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  test(
    'writes and publishes a post that tops the feed, and pages past the first page',
    { skip: POSTS_SKIP },
    async () => {
      // Another author's dozen posts, so that the feed has more than one page.
      const seeder = { email: `seed-${run}@example.com`, password: 'seeder password 1' };
      assert.equal((await rest('/api/v1/auth/register/', seeder)).status, 201);
      const login = await rest('/api/v1/auth/token/', seeder);
      const token = login.body.data.access;
      for (let i = 1; i <= 12; i++) {
        const res = await gql(
          'mutation ($input: CreatePostInput!) { createPost(input: $input) { post { id } } }',
          { input: { title: `Seed post ${i} ${run}`, body: `Seed body ${i}`, status: 'PUBLISHED' } },
          token,
        );
        assert.ok(res.data?.createPost?.post?.id, JSON.stringify(res));
      }

      const title = `Hello from the e2e ${run}`;
      await pageA.getByRole('link', { name: 'Write' }).click();
      await pageA.getByLabel('Title').fill(title);
      await pageA.getByLabel('Body (Markdown)').fill('First paragraph.\n\nSecond paragraph.');
      await pageA.getByRole('button', { name: 'Publish' }).click();
      await pageA.getByRole('heading', { level: 1, name: title }).waitFor();

      await pageA.getByRole('link', { name: 'Feed' }).click();
      const list = pageA.getByRole('list', { name: 'Posts' });
      await list.getByRole('listitem').first().getByRole('link', { name: title }).waitFor();
      // store-and-network: the store's copy may render first; wait for the network's full page.
      await list.getByRole('listitem').nth(9).waitFor();
      assert.equal(await list.getByRole('listitem').count(), 10);
      await pageA.screenshot({ path: path.join(ARTIFACTS, 'feed.png'), fullPage: true });

      await pageA.getByRole('button', { name: 'Load more' }).click();
      await list.getByRole('link', { name: `Seed post 1 ${run}` }).waitFor();
      await list.getByRole('listitem').nth(12).waitFor();
      assert.equal(await list.getByRole('listitem').count(), 13);
    },
  );

  test(
    'Markdown: a heading, indented code and a link render; an <img onerror> payload runs nothing',
    { skip: POSTS_SKIP },
    async () => {
      const dialogs = [];
      pageA.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      const title = `Markdown works ${run}`;
      const body = [
        '## Getting started',
        '',
        'Read [the docs](https://docs.example/start) first.',
        '',
        '```js',
        'function hello() {',
        "    return 'indented';",
        '}',
        '```',
        '',
        '<img src="x" onerror="window.__xss = true; alert(1)">',
      ].join('\n');
      await pageA.getByRole('link', { name: 'Write' }).click();
      await pageA.getByLabel('Title').fill(title);
      await pageA.getByLabel('Body (Markdown)').fill(body);
      await pageA.getByRole('button', { name: 'Preview' }).click();
      await pageA.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'Getting started' }).waitFor();
      await pageA.getByRole('button', { name: 'Publish' }).click();

      const heading = pageA.getByRole('heading', { level: 1, name: title });
      await heading.waitFor();
      await pageA.getByRole('heading', { level: 2, name: 'Getting started' }).waitFor();
      assert.equal(await pageA.title(), `${title} · Inkwell`);
      assert.equal(await heading.evaluate((el) => el === document.activeElement), true, 'focus on the heading');
      await pageA.getByText(/\d+ min read/).waitFor();
      const code = await pageA.locator('.post-body pre code').innerText();
      assert.match(code, /\n {4}return 'indented';/);
      const link = pageA.locator('.post-body a', { hasText: 'the docs' });
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
      // The image arrived without its handler and nothing ran.
      await pageA.waitForTimeout(300); // give a broken image time to fire its error event
      assert.equal(await pageA.evaluate(() => window.__xss), undefined);
      assert.equal(await pageA.locator('[onerror]').count(), 0);
      assert.deepEqual(dialogs, []);
      await pageA.screenshot({ path: path.join(ARTIFACTS, 'post.png'), fullPage: true });

      // A crawler: no JavaScript, just the HTML of the post's URL.
      const url = pageA.url();
      const html = await (await fetch(url, { headers: { Accept: 'text/html' } })).text();
      assert.match(html, new RegExp(`<title>${title} · Inkwell</title>`));
      assert.match(html, new RegExp(`<meta property="og:title" content="${title}" />`));
      assert.match(html, /<script type="application\/ld\+json">/);

      const feed = await (await fetch(`${base}/feed.xml`)).text();
      assert.match(feed, new RegExp(`<title type="text">${title}</title>`));
      assert.match(feed, new RegExp(`<id>[^<]*${new URL(url).pathname}</id>`));
    },
  );

  test('a reader’s visit is counted: the author sees it on the post’s stats page', { skip: POSTS_SKIP }, async () => {
    // pageA (the author) is on the post page from the step above; a reader opens it too.
    const postUrl = pageA.url();
    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    const beacon = readerPage.waitForRequest((request) => request.url().includes('/api/v1/events/'));
    await readerPage.goto(postUrl);
    await beacon;
    await reader.close();

    await pageA.getByRole('link', { name: 'Stats', exact: true }).click();
    await pageA.getByRole('heading', { name: /^Stats for/ }).waitFor();
    // Today is read live from Redis: the author's own view and the reader's, within moments.
    const deadline = Date.now() + 15_000;
    let today = 0;
    for (;;) {
      await pageA.getByText('The numbers, day by day').click();
      const rows = pageA.getByRole('table').getByRole('row');
      assert.equal(await rows.count(), 31, 'a header row and 30 days');
      today = Number(await rows.last().getByRole('cell').first().innerText());
      if (today >= 2 || Date.now() > deadline) break;
      await pageA.reload();
      await pageA.getByRole('heading', { name: /^Stats for/ }).waitFor();
    }
    assert.ok(today >= 2, `today's views: ${today}`);
    const chart = pageA.getByRole('img', { name: /views in all/ });
    assert.equal(await chart.locator('rect').count(), 30);
    await pageA.screenshot({ path: path.join(ARTIFACTS, 'post-stats.png'), fullPage: true });
  });

  test('a second browser signs in as the same user; the sessions page shows two, this one marked', async () => {
    const contextB = await browser.newContext();
    pageB = await contextB.newPage();
    await pageB.goto(`${base}/login`);
    await pageB.getByLabel('Email').fill(user.email);
    await pageB.getByLabel('Password').fill(user.password);
    await pageB.getByRole('button', { name: 'Sign in' }).click();
    await pageB.getByRole('button', { name: 'Sign out' }).waitFor();

    await pageA.getByRole('link', { name: 'Account' }).click();
    const sessions = pageA.getByRole('list', { name: 'Sessions' });
    await sessions.waitFor();
    assert.equal(await sessions.getByRole('listitem').count(), 2);
    assert.equal(await sessions.locator('[data-current="true"]').count(), 1);
    await sessions.locator('[data-current="true"]').getByText('This device').waitFor();
    await pageA.screenshot({ path: path.join(ARTIFACTS, 'sessions.png'), fullPage: true });
  });

  test('revoking the other session signs the other browser out at its next action', async () => {
    const sessions = pageA.getByRole('list', { name: 'Sessions' });
    await sessions.getByRole('button', { name: /Revoke/ }).click();
    await pageA.getByText('Session revoked.').waitFor();
    assert.equal(await sessions.getByRole('listitem').count(), 1);

    await pageB.getByRole('link', { name: 'Account' }).click();
    await pageB
      .getByText(/You were signed out/)
      .first()
      .waitFor();
    // The page asks to sign in too (the route is prepared again for the signed-out reader).
    await pageB.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in', exact: true }).waitFor();
  });

  test('changing the password keeps this device signed in and refuses the old tokens', async () => {
    const oldToken = tokensSeenByA.at(-1);
    assert.ok(oldToken, 'page A sent an access token');
    await pageA.getByLabel('Current password').fill(user.password);
    await pageA.getByLabel('New password').fill(user.next);
    await pageA.getByRole('button', { name: 'Change password' }).click();
    await pageA.getByText(/Password changed/).waitFor();

    const refused = await gql('{ viewer { email } }', {}, oldToken);
    assert.equal(refused.errors?.[0]?.extensions?.code, 'SESSION_REVOKED', JSON.stringify(refused));
    assert.equal((await rest('/api/v1/auth/token/', { email: user.email, password: user.password })).status, 401);

    // This device goes on with its new token.
    await pageA.getByRole('link', { name: 'Your posts' }).click();
    await pageA.getByRole('heading', { name: 'Your posts' }).waitFor();
    assert.notEqual(tokensSeenByA.at(-1), oldToken);
  });

  test('forgot password: the mailed link sets a new password, then sign-in works with it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your mail' }).waitFor();

    const mail = await mailTo(user.email, /reset/i);
    const link = /http:\/\/inkwell\.e2e(\/reset-password\?token=[A-Za-z0-9_%-]+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);

    await page.goto(`${base}${link}`);
    await page.getByLabel('New password', { exact: true }).fill(user.reset);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'reset-password.png') });

    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.reset);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // The old password no longer works.
    assert.equal((await rest('/api/v1/auth/token/', { email: user.email, password: user.next })).status, 401);
    await context.close();
  });
  test('the data export is mailed; deleting the account signs out and hides its posts; signing in undoes it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.reset);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: 'Account' }).click();

    await page.getByRole('button', { name: 'Email me my data' }).click();
    await page.getByText(/Your data is on its way/).waitFor();
    await mailTo(user.email, /your inkwell data/i);

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete your account?' });
    await dialog.getByLabel('Your password').fill('not my password');
    await dialog.getByRole('button', { name: 'Yes, delete my account' }).click();
    await dialog.getByText('That is not your current password. Your account was not deleted.').waitFor();
    await dialog.getByLabel('Your password').fill(user.reset);
    await dialog.getByRole('button', { name: 'Yes, delete my account' }).click();
    await page.getByRole('heading', { name: 'Your account is deleted' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-deleted.png') });
    if (HAS_POSTS) {
      const feed = await gql(`{ posts(first: 50) { nodes { title } } }`);
      assert.ok(
        !JSON.stringify(feed).includes(`Hello from the e2e ${run}`),
        'the deleted author’s posts left the feed',
      );
    }

    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.reset);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    if (HAS_POSTS) {
      const feed = await gql(`{ posts(first: 50) { nodes { title } } }`);
      assert.ok(JSON.stringify(feed).includes(`Hello from the e2e ${run}`), 'signing in brought the posts back');
    }
    await context.close();
  });
});
