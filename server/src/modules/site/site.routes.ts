import { Router, type NextFunction, type Request, type Response } from 'express';
import escapeHtml from 'escape-html';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config';
import { isAppError } from '../../platform/errors/app-error';
import { dependencyFailure } from '../../platform/errors/dependency-failure';
import { LoaderRegistry } from '../../platform/request-scope/loader-registry';
import { toGlobalId } from '../../platform/ids/global-id';
import type { PostService } from '../posts/post.service';
import { postPath, readingMinutes } from '../posts/post.text';
import type { PostRecord } from '../posts/post.record';
import type { UserService } from '../users/user.service';
import { USER_TYPE } from '../users/user.type';
import type { PublicUserRecord } from '../users/user.record';
import { HtmlShell, type PageHead } from './html-shell';
import { atomFeed, sitemap, type FeedEntry } from './site.feeds';

const SITE_NAME = 'Inkwell';
const SITE_DESCRIPTION = 'Inkwell: engineering writing, in Markdown.';
const FEED_SIZE = 20;
/** The sitemap protocol's limit for one file. */
const SITEMAP_SIZE = 50_000;
const MAX_SLUG = 200;

const authorPath = (author: PublicUserRecord) => `/authors/${encodeURIComponent(toGlobalId(USER_TYPE, author.id))}`;

/**
 * What crawlers and feed readers read without JavaScript: each post's page with its title,
 * description, canonical URL, Open Graph / Twitter tags, JSON-LD and the article itself in
 * the web client's shell (the client takes over when it starts); unknown posts answer 404
 * with the same shell; the Atom feed, the sitemap and robots.txt. Reads go through the posts
 * and users services like every other door.
 */
export function siteRoutes(deps: { posts: PostService; users: UserService; config: Config; logger: Logger }): Router {
  const { posts, users, config, logger } = deps;
  const site = config.publicUrl;
  const shell = new HtmlShell(config.clientDistDir);
  const router = Router();

  const notFoundPage = () =>
    shell.render({ title: `Not found · ${SITE_NAME}`, description: 'No such post.', robots: 'noindex' });

  router.get('/posts/:slug', async (req: Request, res: Response, next: NextFunction) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html');
    try {
      const slug = String(req.params.slug);
      const post = slug.length <= MAX_SLUG ? await posts.bySlug(slug, null) : null;
      const author = post && (await users.byId(post.authorId, new LoaderRegistry()));
      if (!post || !author) {
        res.status(404).send(notFoundPage());
        return;
      }
      res.send(postPage(post, author, await posts.html(post, new LoaderRegistry())));
    } catch (error) {
      // The page degrades to the bare client (which shows its own error and a retry), with a
      // status that tells crawlers to come back rather than drop the page.
      const known = isAppError(error) ? error : dependencyFailure(error);
      if (!known) logger.error({ err: error }, 'post page failed');
      res
        .status(known?.status ?? 500)
        .send(shell.render({ title: SITE_NAME, description: SITE_DESCRIPTION, robots: 'noindex' }));
    }
  });

  function postPage(post: PostRecord, author: PublicUserRecord, html: string): string {
    const url = site + postPath(post.slug);
    const description = post.excerpt || post.title;
    const published = (post.publishedAt ?? post.createdAt).toISOString();
    const head: PageHead = {
      title: `${post.title} · ${SITE_NAME}`,
      description,
      canonical: url,
      meta: [
        ['property', 'og:type', 'article'],
        ['property', 'og:site_name', SITE_NAME],
        ['property', 'og:title', post.title],
        ['property', 'og:description', description],
        ['property', 'og:url', url],
        ['property', 'article:published_time', published],
        ['property', 'article:modified_time', post.updatedAt.toISOString()],
        ['property', 'article:author', author.displayName],
        ['name', 'twitter:card', 'summary'],
        ['name', 'twitter:title', post.title],
        ['name', 'twitter:description', description],
      ],
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'BlogPosting',
        headline: post.title,
        description,
        url,
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
        datePublished: published,
        dateModified: post.updatedAt.toISOString(),
        author: { '@type': 'Person', name: author.displayName, url: site + authorPath(author) },
        publisher: { '@type': 'Organization', name: SITE_NAME, url: `${site}/` },
      },
    };
    const minutes = readingMinutes(post.body ?? '');
    const article =
      `<article><h1>${escapeHtml(post.title)}</h1>` +
      `<p class="meta">by <a href="${escapeHtml(authorPath(author))}">${escapeHtml(author.displayName)}</a>` +
      ` · <time datetime="${published}">${published.slice(0, 10)}</time> · ${minutes} min read</p>` +
      `<div class="post-body">${html}</div></article>`;
    return shell.render(head, article);
  }

  router.get('/feed.xml', async (_req, res) => {
    const loaders = new LoaderRegistry();
    // The page's authors come with it (one statement), as for the feed's other doors.
    const page = await posts.feed({ first: FEED_SIZE }, loaders, { body: true, authors: true });
    const records = page.edges.map((edge) => edge.node);
    const authors = await Promise.all(records.map((post) => post.author ?? users.byId(post.authorId, loaders)));
    const bodies = await Promise.all(records.map((post) => posts.html(post, loaders)));
    const entries: FeedEntry[] = [];
    records.forEach((post, index) => {
      const author = authors[index];
      if (!author) return;
      const url = site + postPath(post.slug);
      entries.push({
        url,
        title: post.title,
        summary: post.excerpt,
        html: bodies[index]!,
        authorName: author.displayName,
        authorUrl: site + authorPath(author),
        published: post.publishedAt ?? post.createdAt,
        updated: post.updatedAt,
      });
    });
    const head = { siteUrl: site, feedUrl: `${site}/feed.xml`, title: SITE_NAME, subtitle: SITE_DESCRIPTION };
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.type('application/atom+xml; charset=utf-8').send(atomFeed(head, entries));
  });

  router.get('/sitemap.xml', async (_req, res) => {
    const addresses = await posts.publishedAddresses(SITEMAP_SIZE - 1);
    const urls = [
      { loc: `${site}/` },
      ...addresses.map((post) => ({ loc: site + postPath(post.slug), lastmod: post.updatedAt })),
    ];
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/xml; charset=utf-8').send(sitemap(urls));
  });

  router.get('/robots.txt', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res
      .type('text/plain; charset=utf-8')
      .send(
        [
          'User-agent: *',
          'Allow: /',
          'Disallow: /api/',
          'Disallow: /graphql',
          'Disallow: /account',
          'Disallow: /edit/',
          'Disallow: /write',
          'Disallow: /me/',
          '',
          `Sitemap: ${site}/sitemap.xml`,
          '',
        ].join('\n'),
      );
  });

  return router;
}
