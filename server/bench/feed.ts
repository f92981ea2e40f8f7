/**
 * What the feed benches share: the Relay client's feed page as a query, and its rows.
 */

/** A feed page's fields: what the web client's FeedRouteQuery selects of a connection. */
export const FEED_PAGE_FIELDS =
  '{ edges { cursor node { id title slug excerpt publishedAt author { id displayName } } } pageInfo { hasNextPage endCursor } }';

/** The anonymous feed, first page of 20. */
export const FEED = JSON.stringify({ query: `query Feed { posts(first: 20) ${FEED_PAGE_FIELDS} }` });

/** A signed-in reader's feed: the viewer's name plus the same page (never cached: a Bearer). */
export const AUTH_FEED = JSON.stringify({
  query: `query AuthFeed { viewer { user { displayName } } posts(first: 20) ${FEED_PAGE_FIELDS} }`,
});

/**
 * The rows: ten authors and `total` published posts spread over them, so a page of
 * the feed has ten different authors (one batched author read per page, as on a real blog).
 * Adds rows up to `total`; vacuumed and analysed, so the planner has statistics and autovacuum
 * does not start on fresh rows while a bench measures.
 */
import type { Knex } from 'knex';

export async function seedFeed(db: Knex, total: number) {
  const authors = (await db('users')
    .insert(
      Array.from({ length: 10 }, (_, i) => ({
        email: `bench-${i}@bench.test`,
        display_name: `Bench Author ${i}`,
        password_hash: 'x',
      })),
    )
    .onConflict(db.raw('(lower(email))'))
    .ignore()
    .returning('id')) as { id: string }[];
  const ids = authors.length ? authors.map((a) => a.id) : await db('users').pluck('id');
  const existing = Number((await db('posts').count<{ count: string }[]>('* as count'))[0]!.count);
  const batch = 100_000;
  for (let from = existing + 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await db.raw(
      `insert into posts (author_id, title, slug, body, excerpt, status, published_at, created_at, updated_at)
       select (?::uuid[])[1 + g % 10], 'Post number ' || g, 'bench-post-' || g,
              'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Post ' || g, 'Lorem ipsum dolor sit amet',
              'published', ts, ts, ts
       from generate_series(?::int, ?::int) g,
            lateral (select timestamptz '2026-01-01' - make_interval(secs => g) as ts) t`,
      [ids, from, to],
    );
  }
  // Vacuumed as well as analysed: a million fresh rows would otherwise set autovacuum off on the
  // table while the latencies after the seed are measured.
  await db.raw('vacuum analyze posts');
  await db.raw('vacuum analyze users');
}
