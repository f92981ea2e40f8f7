import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Parser } from 'htmlparser2';
import { ConfigError, loadConfig } from '../../src/platform/config';
import { CLOSED_PORT } from '../support/env';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { createPost, GENEROUS_LIMITS, signUpAuthor, type Author } from '../posts/posts-support';

const PUBLIC_URL = 'https://blog.example';
const CLIENT_SHELL = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Inkwell: the generic line" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <title>Inkwell</title>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

/** The head and body of an HTML page as a crawler reads it (no JavaScript). */
function readPage(html: string) {
  const meta = new Map<string, string>();
  const links = new Map<string, string>();
  const scripts: { type?: string; src?: string; text: string }[] = [];
  let title = '';
  let inTitle = false;
  let script: { type?: string; src?: string; text: string } | null = null;
  const h1: string[] = [];
  let inH1 = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title') inTitle = true;
        if (name === 'h1') inH1 = true;
        if (name === 'meta' && (attrs.property || attrs.name)) meta.set(attrs.property ?? attrs.name!, attrs.content!);
        if (name === 'link' && attrs.rel) links.set(attrs.rel, attrs.href!);
        if (name === 'script') script = { type: attrs.type, src: attrs.src, text: '' };
      },
      ontext(text) {
        if (inTitle) title += text;
        if (inH1) h1.push(text);
        if (script) script.text += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'h1') inH1 = false;
        if (name === 'script' && script) {
          scripts.push(script);
          script = null;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const jsonLd = scripts.find((s) => s.type === 'application/ld+json');
  return { title, meta, links, scripts, h1: h1.join(''), jsonLd: jsonLd && JSON.parse(jsonLd.text) };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The structural rules of RFC 4287 a feed reader relies on: the Atom namespace; feed id,
 * title, updated (RFC 3339) and a self link; per entry id, title, updated, an alternate link,
 * an author name, and content typed html.
 */
function validateAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'link', 'author'].includes(name),
  }).parse(xml);
  const feed = parsed.feed;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(typeof feed.id).toBe('string');
  expect(feed.title).toBeTruthy();
  expect(feed.updated).toMatch(RFC3339);
  expect(feed.link.some((l: Record<string, string>) => l['@rel'] === 'self')).toBe(true);
  const entries = (feed.entry ?? []) as Record<string, unknown>[];
  for (const entry of entries) {
    expect(typeof entry.id).toBe('string');
    expect(entry.title).toBeTruthy();
    expect(entry.updated).toMatch(RFC3339);
    expect(entry.published).toMatch(RFC3339);
    expect((entry.link as Record<string, string>[]).some((l) => l['@rel'] === 'alternate' && l['@href'])).toBe(true);
    expect((entry.author as { name: string }[])[0]!.name).toBeTruthy();
    expect((entry.content as Record<string, string>)['@type']).toBe('html');
  }
  return { feed, entries };
}

describe('pages for crawlers and feed readers', () => {
  let t: TestApp;
  let author: Author;
  let scratch: ScratchDatabase;
  let distDir: string;

  beforeAll(async () => {
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-dist-'));
    fs.writeFileSync(path.join(distDir, 'index.html'), CLIENT_SHELL);
    // A database of its own: the feed lists the newest posts, which other test files add to.
    scratch = await scratchDatabase('site');
    t = await startTestApp({
      databaseUrl: scratch.url,
      env: { ...GENEROUS_LIMITS, PUBLIC_URL, CLIENT_DIST_DIR: distDir },
    });
    author = await signUpAuthor(t);
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
    fs.rmSync(distDir, { recursive: true, force: true });
  });

  it('answers a post URL with its title, description, canonical URL, Open Graph, Twitter and JSON-LD', async () => {
    const post = await createPost(t, author, {
      title: 'Keyset pagination, explained',
      body: 'Offsets get slower with every page.\n\n## Why\n\n```sql\nselect 1;\n```',
      status: 'PUBLISHED',
    });
    const res = await t.http().get(`/posts/${post.slug}`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = readPage(res.text);
    const url = `${PUBLIC_URL}/posts/${post.slug}`;
    expect(page.title).toBe('Keyset pagination, explained · Inkwell');
    expect(page.meta.get('description')).toBe('Offsets get slower with every page. Why');
    expect(page.links.get('canonical')).toBe(url);
    expect(page.links.get('icon')).toBe('/favicon.svg');
    expect(page.meta.get('og:title')).toBe('Keyset pagination, explained');
    expect(page.meta.get('og:type')).toBe('article');
    expect(page.meta.get('og:url')).toBe(url);
    expect(page.meta.get('og:description')).toBe('Offsets get slower with every page. Why');
    expect(page.meta.get('twitter:card')).toBe('summary');
    expect(page.meta.get('twitter:title')).toBe('Keyset pagination, explained');
    expect(page.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: 'Keyset pagination, explained',
      url,
      datePublished: post.publishedAt,
      author: { '@type': 'Person', name: 'Test User' },
    });
    // The article itself for readers without JavaScript, and the client that takes over.
    expect(page.h1).toBe('Keyset pagination, explained');
    expect(res.text).toContain('<h2 id="why">');
    expect(res.text).toContain('<pre><code class="language-sql">');
    expect(page.scripts.some((s) => s.src === '/assets/index-abc123.js')).toBe(true);
    // The client's generic description is replaced, not repeated.
    expect(res.text).not.toContain('the generic line');
  });

  it('escapes what writers type: a title with <script> and quotes cannot leave its element or attribute', async () => {
    const title = `"><script>alert(1)</script><!-- ' & </title></script>`;
    const post = await createPost(t, author, { title, body: `${title}\n\ntext`, status: 'PUBLISHED' });
    const res = await t.http().get(`/posts/${post.slug}`);
    const page = readPage(res.text);
    expect(page.title).toBe(`${title} · Inkwell`);
    expect(page.meta.get('og:title')).toBe(title);
    expect(page.meta.get('twitter:title')).toBe(title);
    expect(page.h1).toBe(title);
    expect(page.jsonLd.headline).toBe(title);
    // Only the client's module script and the JSON-LD block: nothing the title opened.
    expect(page.scripts.map((s) => s.type)).toEqual(['module', 'application/ld+json']);
    expect(res.text).not.toContain('<script>alert(1)');
  });

  it('answers an unknown, draft or deleted post with 404 and the same shell, marked noindex', async () => {
    const draft = await createPost(t, author, { title: 'Secret draft', status: 'DRAFT' });
    const deleted = await createPost(t, author, { title: 'Secret deleted', status: 'PUBLISHED' });
    await t.db('posts').where({ slug: deleted.slug }).update({ deleted_at: new Date() });
    for (const slug of ['no-such-post', draft.slug, deleted.slug, 'x'.repeat(300)]) {
      const res = await t.http().get(`/posts/${slug}`).set('Accept', 'text/html');
      expect(res.status).toBe(404);
      const page = readPage(res.text);
      expect(page.title).toBe('Not found · Inkwell');
      expect(page.meta.get('robots')).toBe('noindex');
      expect(page.scripts.some((s) => s.src === '/assets/index-abc123.js')).toBe(true);
      expect(res.text).not.toContain('Secret');
    }
  });

  it('serves an Atom feed of the latest published posts with their HTML, valid and escaped', async () => {
    const post = await createPost(t, author, {
      title: 'Feed <b>me</b> & "quote"',
      body: '# Heading\n\n<img src=x onerror=alert(1)>',
      status: 'PUBLISHED',
    });
    const draft = await createPost(t, author, { title: 'Not in the feed', status: 'DRAFT' });
    const res = await t.http().get('/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = validateAtom(res.text);
    expect(feed.id).toBe(`${PUBLIC_URL}/`);
    const entry = entries.find((e) => e.id === `${PUBLIC_URL}/posts/${post.slug}`);
    expect(entry).toBeDefined();
    expect((entry!.title as Record<string, string>)['#text']).toBe('Feed <b>me</b> & "quote"');
    expect((entry!.content as Record<string, string>)['@xml:base']).toBe(`${PUBLIC_URL}/posts/${post.slug}`);
    const html = (entry!.content as Record<string, string>)['#text'];
    expect(html).toContain('<h2 id="heading">');
    expect(html).not.toContain('onerror');
    expect(entries.some((e) => String(e.id).endsWith(draft.slug))).toBe(false);
    expect(feed.updated).toBe(
      entries
        .map((e) => String(e.updated))
        .sort()
        .at(-1),
    );
  });

  it('answers a URL with broken percent-encoding with 400 BAD_USER_INPUT, not a 500', async () => {
    for (const url of ['/posts/%E0%A4%A', '/api/v1/posts/%E0%A4%A/']) {
      const res = await t.http().get(url);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
    }
  });

  it('lists published posts in the sitemap and points robots.txt at it', async () => {
    const post = await createPost(t, author, { title: 'In the sitemap', status: 'PUBLISHED' });
    const draft = await createPost(t, author, { title: 'Not in the sitemap', status: 'DRAFT' });
    const res = await t.http().get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(res.text)).toBe(true);
    const parsed = new XMLParser({ isArray: (name) => name === 'url' }).parse(res.text);
    const locs = parsed.urlset.url.map((u: { loc: string }) => u.loc);
    expect(locs[0]).toBe(`${PUBLIC_URL}/`);
    expect(locs).toContain(`${PUBLIC_URL}/posts/${post.slug}`);
    expect(locs).not.toContain(`${PUBLIC_URL}/posts/${draft.slug}`);

    const robots = await t.http().get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.text).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
    expect(robots.text).toMatch(/^Disallow: \/api\/$/m);
  });

  it('an empty site still has a valid feed and sitemap', async () => {
    await t.db('posts').del();
    const { entries } = validateAtom((await t.http().get('/feed.xml')).text);
    expect(entries).toEqual([]);
    expect(XMLValidator.validate((await t.http().get('/sitemap.xml')).text)).toBe(true);
  });
});

describe('PUBLIC_URL', () => {
  it('defaults to http://localhost:4000, drops a trailing slash, and refuses what is not http(s)', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).publicUrl).toBe('http://localhost:4000');
    expect(loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://blog.example/' }).publicUrl).toBe(
      'https://blog.example',
    );
    expect(() => loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'javascript:alert(1)' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'blog.example' })).toThrow(/PUBLIC_URL must be a URL/);
  });
});

describe('pages when PostgreSQL is down', () => {
  it('the post page degrades to the bare shell with 503, the feed to the 503 envelope', async () => {
    const t = await startTestApp({ databaseUrl: `postgres://postgres@127.0.0.1:${CLOSED_PORT}/postgres` });
    try {
      const page = await t.http().get('/posts/anything').set('Accept', 'text/html');
      expect(page.status).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(readPage(page.text).meta.get('robots')).toBe('noindex');
      const feed = await t.http().get('/feed.xml');
      expect(feed.status).toBe(503);
      expect(feed.body.error.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await t.close();
    }
  });
});
