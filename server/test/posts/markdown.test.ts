import { randomUUID } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { MarkdownRenderer, RENDERER_VERSION } from '../../src/platform/markdown/markdown.renderer';
import { gql } from '../support/auth';
import type { TestApp } from '../support/test-app';
import { createPost, signUpAuthor, startPostsApp, type Author } from './posts-support';

const renderer = new MarkdownRenderer({ siteUrl: 'https://blog.example' });

const ALLOWED_URL = /^(https?:|mailto:|\/|#|[^:]*$)/i;
const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'link',
  'meta',
  'base',
  'frame',
  'frameset',
  'noscript',
  'template',
]);

/**
 * What is dangerous in rendered HTML, read as a browser would (htmlparser2, entities decoded):
 * forbidden elements, event-handler and style attributes, URLs of other schemes. Text that
 * merely reads "javascript:" is harmless and not counted.
 */
export function dangers(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (FORBIDDEN_TAGS.has(name)) found.push(`<${name}>`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/i.test(attribute) || ['style', 'srcdoc', 'formaction', 'srcset'].includes(attribute)) {
            found.push(`${name}[${attribute}]`);
          }
          if (['href', 'src', 'action', 'cite', 'xlink:href'].includes(attribute)) {
            const url = value.replace(/[\p{Cc}\s]/gu, '');
            if (!ALLOWED_URL.test(url)) found.push(`${name}[${attribute}=${value}]`);
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

// The usual XSS payloads (OWASP's filter-evasion cheat sheet and friends), as raw HTML in
// Markdown and as Markdown links and images.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)" />',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](data:text/html,<script>alert(1)</script>)',
  '![x](javascript:alert(1))',
  '![x](data:image/png;base64,iVBORw0KGgo=)',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p style="position:fixed;inset:0">cover</p>',
  '<style>body { display: none }</style>',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<form action="https://evil.example"><input name="q"><button formaction="javascript:alert(1)">x</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>x</details>',
  '<a href="https://ok.example" onclick="alert(1)" onmouseover="alert(1)">x</a>',
  '<h2 onclick="alert(1)" id="x">x</h2>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
];

describe('the Markdown renderer', () => {
  it.each(PAYLOADS)('keeps no script, handler, style, frame or dangerous URL from %s', (payload) => {
    const html = renderer.render(`Before\n\n${payload}\n\nand inline ${payload} too`);
    expect(dangers(html)).toEqual([]);
    expect(html).toContain('Before');
  });

  it('the check itself finds what it looks for', () => {
    expect(
      dangers('<p onclick="x()">a</p><a href="jav&#x09;ascript:x">b</a><img src="data:x"><script></script>'),
    ).toEqual(['p[onclick]', 'a[href=jav\tascript:x]', 'img[src=data:x]', '<script>']);
  });

  it('renders # as <h2> (the title is the page’s <h1>), every heading with an anchor to itself', () => {
    const html = renderer.render('# Getting started\n\n## Install it!\n\n## Install it!');
    expect(html).toContain(
      '<h2 id="getting-started"><a class="header-anchor" href="#getting-started">Getting started</a></h2>',
    );
    expect(html).toContain('<h2 id="install-it"><a class="header-anchor" href="#install-it">Install it!</a></h2>');
    expect(html).toContain('<h2 id="install-it-1">');
    expect(renderer.render('### Deeper')).toContain('<h3 id="deeper">');
  });

  it('keeps the indentation of code blocks and highlights known languages', () => {
    const html = renderer.render('```ts\nfunction f() {\n    return 1;\n}\n```\n\n    indented\n        more');
    expect(html).toContain('<pre><code class="language-ts"><span class="hljs-keyword">function</span>');
    expect(html).toContain('\n    <span class="hljs-keyword">return</span>');
    expect(html).toContain('<pre><code>indented\n    more\n</code></pre>');
  });

  it('marks external links noopener noreferrer nofollow and leaves the site’s own links alone', () => {
    const html = renderer.render(
      '[out](https://elsewhere.example/x) [proto](//elsewhere.example) [in](/posts/a) [abs](https://blog.example/posts/b) [here](#top) <a href="https://elsewhere.example" rel="opener">raw</a> https://auto.example',
    );
    const rel = 'rel="noopener noreferrer nofollow"';
    expect(html).toContain(`<a href="https://elsewhere.example/x" ${rel}>out</a>`);
    expect(html).toContain(`<a href="//elsewhere.example" ${rel}>proto</a>`);
    expect(html).toContain(`<a href="https://elsewhere.example" ${rel}>raw</a>`);
    expect(html).toContain(`<a href="https://auto.example" ${rel}>https://auto.example</a>`);
    expect(html).toContain('<a href="/posts/a">in</a>');
    expect(html).toContain('<a href="https://blog.example/posts/b">abs</a>');
    expect(html).toContain('<a href="#top">here</a>');
  });

  it('keeps tables, strikethrough, inline HTML that is harmless, and https images (lazy)', () => {
    const html = renderer.render(
      '| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\nPress <kbd>Ctrl</kbd>\n\n![alt text](https://img.example/x.png)',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<s>2</s>');
    expect(html).toContain('<kbd>Ctrl</kbd>');
    expect(html).toContain('<img src="https://img.example/x.png" alt="alt text" loading="lazy" />');
    expect(renderer.render('<img src="https://img.example/y.png">')).toContain('alt=""');
  });
});

describe('Post.bodyHTML', () => {
  let t: TestApp;
  let author: Author;
  beforeAll(async () => {
    t = await startPostsApp();
    author = await signUpAuthor(t);
  });
  afterAll(async () => {
    await t.db('posts').where({ author_id: author.key }).del();
    await t.close();
  });

  const read = async (slug: string, token?: string) =>
    (
      await gql<{
        post: { bodyHTML: string; readingTimeMinutes: number; url: string };
      }>(t, 'query ($slug: String!) { post(slug: $slug) { bodyHTML readingTimeMinutes url } }', { slug }, { token })
    ).data!.post;

  it('is rendered and stored when a post is written, and again when its body changes', async () => {
    const post = await createPost(t, author, { body: '## Hello\n\n<img src=x onerror=alert(1)>', status: 'PUBLISHED' });
    const stored = await t.db('posts').where({ slug: post.slug }).first();
    expect(stored.body_html).toContain('<h2 id="hello">');
    expect(dangers(stored.body_html)).toEqual([]);
    expect(stored.body_html_version).toBe(RENDERER_VERSION);
    const first = await read(post.slug);
    expect(first.bodyHTML).toBe(stored.body_html);
    expect(first.url).toBe(`http://localhost:4000/posts/${post.slug}`);
    expect(first.readingTimeMinutes).toBe(1);

    const long = Array.from({ length: 1150 }, (_, i) => `word${i}`).join(' ');
    const res = await gql(
      t,
      'mutation ($input: UpdatePostInput!) { updatePost(input: $input) { post { bodyHTML readingTimeMinutes } } }',
      { input: { id: post.id, body: `*changed*\n\n${long}` } },
      { token: author.access },
    );
    expect(res.errors).toBeUndefined();
    const updated = (res.data as { updatePost: { post: { bodyHTML: string; readingTimeMinutes: number } } }).updatePost
      .post;
    expect(updated.bodyHTML).toMatch(/^<p><em>changed<\/em><\/p>/);
    expect(updated.readingTimeMinutes).toBe(5);
    expect((await t.db('posts').where({ slug: post.slug }).first()).body_html).toBe(updated.bodyHTML);
  });

  it('renders rows stored before the column existed on read, and fills them in once serving', async () => {
    const slug = `legacy-${randomUUID()}`;
    await t.db('posts').insert({
      author_id: author.key,
      title: 'Legacy',
      slug,
      body: '# Old post\n\n<script>alert(1)</script>text',
      excerpt: 'Old post',
      status: 'published',
      published_at: new Date(),
    });
    expect((await t.db('posts').where({ slug }).first()).body_html).toBeNull();
    const html = (await read(slug)).bodyHTML;
    expect(html).toContain('<h2 id="old-post">');
    expect(dangers(html)).toEqual([]);

    await t.app.services.afterStart();
    const row = await t.db('posts').where({ slug }).first();
    expect(row.body_html).toBe(html);
    expect(row.body_html_version).toBe(RENDERER_VERSION);
  });

  it('previews Markdown exactly as a post would show it, for signed-in writers only', async () => {
    const markdown = '# Title\n\n```js\nconst a = 1;\n```\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>';
    const query = 'query ($markdown: String!) { previewMarkdown(markdown: $markdown) }';
    const anonymous = await gql(t, query, { markdown });
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

    const preview = await gql<{ previewMarkdown: string }>(t, query, { markdown }, { token: author.access });
    const post = await createPost(t, author, { body: markdown });
    expect(preview.data!.previewMarkdown).toBe((await read(post.slug, author.access)).bodyHTML);
    expect(dangers(preview.data!.previewMarkdown)).toEqual([]);

    const tooLarge = await gql(t, query, { markdown: 'x'.repeat(100_001) }, { token: author.access });
    expect(tooLarge.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('limits previews to 60 a minute per writer (rendering a hostile body costs CPU)', async () => {
    const writer = await signUpAuthor(t);
    const aliases = Array.from({ length: 20 }, (_, i) => `p${i}: previewMarkdown(markdown: "# ${i}")`).join(' ');
    for (let batch = 0; batch < 3; batch += 1) {
      expect((await gql(t, `{ ${aliases} }`, {}, { token: writer.access })).errors).toBeUndefined();
    }
    const over = await gql(t, '{ previewMarkdown(markdown: "one more") }', {}, { token: writer.access });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    // Another writer has a bucket of their own.
    expect(
      (await gql(t, '{ previewMarkdown(markdown: "mine") }', {}, { token: author.access })).errors,
    ).toBeUndefined();
  });
});
