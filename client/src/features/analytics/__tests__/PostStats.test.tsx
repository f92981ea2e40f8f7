import { act, screen, within } from '@testing-library/react';
import { MockPayloadGenerator } from 'relay-test-utils';
import { DATE, operationName, renderAt } from '../../../test/renderRoute';
import { describeDays } from '../PostStats';

/** 30 UTC days ending 2026-11-30: nothing until a few views near the end, as the server sends them. */
const month = Array.from({ length: 30 }, (_, i) => {
  const day = `2026-11-${String(i + 1).padStart(2, '0')}`;
  const counts: Record<string, [number, number]> = { '2026-11-12': [9, 4], '2026-11-29': [3, 2], '2026-11-30': [1, 1] };
  const [views, visitors] = counts[day] ?? [0, 0];
  return { day, views, visitors };
});

function openStats(post: Record<string, unknown> | null, viewer: Record<string, unknown> | null = {}) {
  const view = renderAt('/posts/hello-world/stats');
  const query = view.environment.mock.getMostRecentOperation();
  act(() =>
    view.environment.mock.resolve(
      query,
      MockPayloadGenerator.generate(query, {
        Query: () => ({ viewer, post }),
        Post: () => post,
      }),
    ),
  );
  return { ...view, query };
}

describe('the post stats page', () => {
  it('starts its query for the slug in the address before rendering, always from the network', () => {
    const view = renderAt('/posts/hello-world/stats');
    const query = view.environment.mock.getMostRecentOperation();
    expect(operationName(query)).toBe('PostStatsRouteQuery');
    expect(query.request.variables).toEqual({ slug: 'hello-world' });
    expect(query.request.cacheConfig?.force).toBe(true);
  });

  it('shows its author a chart of 30 days, zero days included, with the same numbers as a table', async () => {
    openStats({ id: 'p1', title: 'Hello world', slug: 'hello-world', status: 'PUBLISHED', stats: month });

    expect(await screen.findByRole('heading', { name: 'Stats for “Hello world”' })).toBeTruthy();
    const chart = screen.getByRole('img');
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(chart.getAttribute('aria-labelledby')).toBeTruthy();
    const summary = screen.getByRole('img', { name: /13 views in all/ });
    expect(summary).toBe(chart);
    // One bar per day, a zero-height one for a day without views.
    const bars = chart.querySelectorAll('rect');
    expect(bars).toHaveLength(30);
    expect(chart.querySelector('rect[data-day="2026-11-01"]')?.getAttribute('height')).toBe('0');
    expect(Number(chart.querySelector('rect[data-day="2026-11-12"]')?.getAttribute('height'))).toBeGreaterThan(0);

    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(30);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells(rows[0]!)).toEqual(['0', '0']);
    expect(cells(rows[11]!)).toEqual(['9', '4']);
    expect(within(rows[11]!).getByRole('rowheader').querySelector('time')?.getAttribute('datetime')).toBe('2026-11-12');
    expect(screen.getByText('Views', { selector: 'dt' }).nextElementSibling?.textContent).toBe('13');
    expect(screen.getByText('Most unique visitors in a day', { selector: 'dt' }).nextElementSibling?.textContent).toBe(
      '4',
    );
    expect(screen.getByRole('link', { name: 'Back to the post' }).getAttribute('href')).toBe('/posts/hello-world');
  });

  it('tells anyone but the author that the numbers are the author’s (the server answers null)', async () => {
    openStats({ id: 'p1', title: 'Hello world', slug: 'hello-world', status: 'PUBLISHED', stats: null });
    expect(await screen.findByText('Only the author of a post can see its numbers.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('asks a signed-out reader to sign in', async () => {
    openStats(null, null);
    expect(await screen.findByRole('heading', { name: 'Sign in required' })).toBeTruthy();
  });

  it('says when there is no such post', async () => {
    openStats(null);
    expect(await screen.findByRole('heading', { name: 'Post not found' })).toBeTruthy();
  });
});

describe('the way to the stats page', () => {
  const openPost = async (authorId: string) => {
    const view = renderAt('/posts/hello-world');
    const query = view.environment.mock.getMostRecentOperation();
    act(() =>
      view.environment.mock.resolve(
        query,
        MockPayloadGenerator.generate(query, {
          DateTime: () => DATE,
          Post: () => ({ id: 'p1', title: 'Hello world', slug: 'hello-world', author: { id: authorId } }),
          Viewer: () => ({ user: { id: 'me' } }),
        }),
      ),
    );
    await screen.findByRole('heading', { name: 'Hello world' });
  };

  it('is linked from the author’s own post page', async () => {
    await openPost('me');
    expect(screen.getByRole('link', { name: 'Stats' }).getAttribute('href')).toBe('/posts/hello-world/stats');
  });

  it('is not offered on someone else’s post', async () => {
    await openPost('someone-else');
    expect(screen.queryByRole('link', { name: 'Stats' })).toBeNull();
  });
});

describe('the chart’s words', () => {
  it('name the range, the total and the busiest day, without adding up daily visitors', () => {
    const text = describeDays(month);
    expect(text).toMatch(
      /^Views and unique visitors per day, .+ to .+: 13 views in all; the busiest day was .+, with 9 views from 4 unique visitors\.$/,
    );
  });

  it('say so when nobody came', () => {
    expect(describeDays(month.map((d) => ({ ...d, views: 0, visitors: 0 })))).toMatch(/no views yet\.$/);
  });
});
