import { useId } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { PostStats_post$key } from '../../__generated__/PostStats_post.graphql';
import { Link } from '../../routing/Router';
import { useDocumentTitle } from '../../shared/useDocumentTitle';
import { DailyChart, type DayCount } from './DailyChart';
import { formatLongDay } from './formatDay';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the chart says, in words: its image text. Daily visitor counts are not added up: one
 * reader on two days is one visitor each day, and the sum would count them twice.
 */
export function describeDays(days: readonly DayCount[]): string {
  if (days.length === 0) return 'No days to show.';
  const first = formatLongDay(days[0]!.day);
  const last = formatLongDay(days.at(-1)!.day);
  const views = days.reduce((sum, d) => sum + d.views, 0);
  if (views === 0) return `Views and unique visitors per day, ${first} to ${last}: no views yet.`;
  const busiest = days.reduce((best, d) => (d.views > best.views ? d : best));
  return (
    `Views and unique visitors per day, ${first} to ${last}: ${plural(views, 'view', 'views')} in all; ` +
    `the busiest day was ${formatLongDay(busiest.day)}, with ${plural(busiest.views, 'view', 'views')} ` +
    `from ${plural(busiest.visitors, 'unique visitor', 'unique visitors')}.`
  );
}

export function PostStats({ post }: { post: PostStats_post$key }) {
  const ids = useId();
  const data = useFragment(
    graphql`
      fragment PostStats_post on Post {
        title
        slug
        status
        stats(days: 30) {
          day
          views
          visitors
        }
      }
    `,
    post,
  );
  useDocumentTitle(`Stats: ${data.title}`);
  const back = (
    <p>
      <Link href={`/posts/${encodeURIComponent(data.slug)}`}>Back to the post</Link>
    </p>
  );
  if (!data.stats) {
    return (
      <section aria-labelledby={`${ids}-heading`}>
        <h1 id={`${ids}-heading`}>Stats for “{data.title}”</h1>
        <p>Only the author of a post can see its numbers.</p>
        {back}
      </section>
    );
  }
  const days = data.stats;
  const views = days.reduce((sum, d) => sum + d.views, 0);
  const mostVisitors = Math.max(0, ...days.map((d) => d.visitors));
  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Stats for “{data.title}”</h1>
      <p className="meta">
        The last {days.length} days, in UTC days; today is counted as it happens. Visitors are estimated and no address
        is kept.
        {data.status === 'DRAFT' && ' This post is a draft: nobody can read it yet.'}
      </p>
      <dl className="stats-totals">
        <div>
          <dt>Views</dt>
          <dd>{views}</dd>
        </div>
        <div>
          <dt>Most unique visitors in a day</dt>
          <dd>{mostVisitors}</dd>
        </div>
      </dl>
      <ul className="stats-legend" aria-hidden="true">
        <li>
          <span className="stats-legend__swatch stats-legend__swatch--views" />
          Views (bars)
        </li>
        <li>
          <span className="stats-legend__swatch stats-legend__swatch--visitors" />
          Unique visitors (line)
        </li>
      </ul>
      <DailyChart days={days} summary={describeDays(days)} />
      <details>
        <summary>The numbers, day by day</summary>
        <table className="stats-table">
          <caption className="visually-hidden">Views and unique visitors per day, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Views</th>
              <th scope="col">Unique visitors</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">
                  <time dateTime={d.day}>{formatLongDay(d.day)}</time>
                </th>
                <td>{d.views}</td>
                <td>{d.visitors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {back}
    </section>
  );
}
