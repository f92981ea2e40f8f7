import { XMLBuilder } from 'fast-xml-parser';

/**
 * Atom (RFC 4287) and sitemap XML, built as objects and serialised by fast-xml-parser, which
 * escapes every text and attribute value: a title with `<`, `&` or quotes stays text.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: true,
  format: false,
  processEntities: true,
});

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  html: string;
  authorName: string;
  authorUrl: string;
  published: Date;
  updated: Date;
}

export interface FeedHead {
  siteUrl: string;
  feedUrl: string;
  title: string;
  subtitle: string;
}

export function atomFeed(head: FeedHead, entries: readonly FeedEntry[]): string {
  // The feed changes when its newest change does; an empty feed is as old as the epoch.
  const updated = entries.reduce((latest, entry) => Math.max(latest, entry.updated.getTime()), 0);
  return (
    XML_DECLARATION +
    builder.build({
      feed: {
        '@xmlns': 'http://www.w3.org/2005/Atom',
        id: `${head.siteUrl}/`,
        title: head.title,
        subtitle: head.subtitle,
        updated: new Date(updated).toISOString(),
        link: [
          { '@rel': 'self', '@type': 'application/atom+xml', '@href': head.feedUrl },
          { '@rel': 'alternate', '@type': 'text/html', '@href': `${head.siteUrl}/` },
        ],
        generator: 'Inkwell',
        entry: entries.map((entry) => ({
          id: entry.url,
          title: { '@type': 'text', '#text': entry.title },
          link: { '@rel': 'alternate', '@type': 'text/html', '@href': entry.url },
          published: entry.published.toISOString(),
          updated: entry.updated.toISOString(),
          author: { name: entry.authorName, uri: entry.authorUrl },
          summary: { '@type': 'text', '#text': entry.summary },
          // Relative links in the body (/posts/…, #heading) resolve against the post's own URL.
          content: { '@type': 'html', '@xml:base': entry.url, '#text': entry.html },
        })),
      },
    })
  );
}

export function sitemap(urls: readonly { loc: string; lastmod?: Date }[]): string {
  return (
    XML_DECLARATION +
    builder.build({
      urlset: {
        '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
        url: urls.map((url) => ({ loc: url.loc, lastmod: url.lastmod?.toISOString() })),
      },
    })
  );
}
