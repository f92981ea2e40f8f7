import { act, fireEvent, screen, within } from '@testing-library/react';
import { MockPayloadGenerator } from 'relay-test-utils';
import { DATE, operationName, renderAt as renderRoute } from '../../test/renderRoute';

const renderAt = (pathname: string) => renderRoute(pathname).environment;

describe('the feed route', () => {
  it('starts its query before rendering, shows the first page, and loads the next one', async () => {
    const environment = renderAt('/');
    // The query was started by the router (loadQuery) before the lazy route rendered.
    const first = environment.mock.getMostRecentOperation();
    expect(operationName(first)).toBe('FeedRouteQuery');
    expect(first.request.variables).toEqual({ count: 10 });

    let n = 0;
    const resolvers = {
      DateTime: () => DATE,
      PostConnection: () => ({ edges: Array(10).fill(undefined) }),
      Post: () => {
        n += 1;
        return { id: `post-${n}`, title: `Post number ${n}`, slug: `post-${n}`, publishedAt: DATE };
      },
      PageInfo: () => ({ hasNextPage: true, endCursor: `cursor-${n}` }),
    };
    act(() => environment.mock.resolve(first, MockPayloadGenerator.generate(first, resolvers)));

    expect(await screen.findByRole('heading', { name: 'Latest posts' })).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Posts' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(within(list).getByRole('link', { name: 'Post number 1' }).getAttribute('href')).toBe('/posts/post-1');

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const next = environment.mock.getMostRecentOperation();
    expect(operationName(next)).toBe('PostListPaginationQuery');
    expect(next.request.variables).toMatchObject({ count: 10, cursor: 'cursor-10' });
    act(() => environment.mock.resolve(next, MockPayloadGenerator.generate(next, resolvers)));

    expect(within(list).getAllByRole('listitem')).toHaveLength(20);
    expect(within(list).getByRole('link', { name: 'Post number 20' })).toBeTruthy();
  });
});

describe('the router', () => {
  const feedResolvers = {
    DateTime: () => DATE,
    Post: () => ({ id: 'post-1', title: 'Post number 1', slug: 'post-1', publishedAt: DATE }),
    PostConnection: () => ({ edges: [undefined] }),
  };

  async function feedPage() {
    const environment = renderAt('/');
    const feed = environment.mock.getMostRecentOperation();
    act(() => environment.mock.resolve(feed, MockPayloadGenerator.generate(feed, feedResolvers)));
    await screen.findByRole('heading', { name: 'Latest posts' });
    return environment;
  }
  const started = (environment: ReturnType<typeof renderAt>, name: string) =>
    environment.mock.getAllOperations().filter((operation) => operationName(operation) === name);

  it('starts a route’s query when its link is pointed at, and the click uses that request', async () => {
    const environment = await feedPage();
    const link = screen.getByRole('link', { name: 'Post number 1' });
    fireEvent.mouseEnter(link);
    expect(started(environment, 'PostRouteQuery')).toHaveLength(1);
    expect(started(environment, 'PostRouteQuery')[0]!.request.variables).toEqual({ slug: 'post-1' });
    fireEvent.focus(link); // intent again: still one request
    fireEvent.click(link);
    expect(window.location.pathname).toBe('/posts/post-1');
    expect(started(environment, 'PostRouteQuery')).toHaveLength(1);
  });

  it('returns to the reader’s scroll position on Back, and starts a new page at the top', async () => {
    const scrollTo = jest.spyOn(window, 'scrollTo').mockImplementation(() => {});
    await feedPage();
    Object.defineProperty(window, 'scrollY', { configurable: true, value: 640 });
    fireEvent.click(screen.getByRole('link', { name: 'Post number 1' }));
    expect(scrollTo).toHaveBeenLastCalledWith(0, 0);

    Object.defineProperty(window, 'scrollY', { configurable: true, value: 0 });
    await act(async () => {
      window.history.back();
      await new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    });
    expect(window.location.pathname).toBe('/');
    expect(scrollTo).toHaveBeenLastCalledWith(0, 640);
    scrollTo.mockRestore();
  });
});

describe('the session manager', () => {
  it('marks this device and revokes another session optimistically', async () => {
    const environment = renderAt('/account');
    const query = environment.mock.getMostRecentOperation();
    expect(operationName(query)).toBe('AccountRouteQuery');
    act(() =>
      environment.mock.resolve(
        query,
        MockPayloadGenerator.generate(query, {
          DateTime: () => DATE,
          Viewer: () => ({
            email: 'ada@example.com',
            personalAccessTokens: [],
            sessions: [
              {
                id: 'session-here',
                device: 'Firefox on Linux',
                isCurrent: true,
                ipAddress: null,
                createdAt: DATE,
                lastUsedAt: DATE,
              },
              {
                id: 'session-there',
                device: 'Safari on iPhone',
                isCurrent: false,
                ipAddress: null,
                createdAt: DATE,
                lastUsedAt: DATE,
              },
            ],
          }),
        }),
      ),
    );

    const list = await screen.findByRole('list', { name: 'Sessions' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('This device')).toBeTruthy();
    expect(within(items[0]!).queryByRole('button')).toBeNull();

    fireEvent.click(within(items[1]!).getByRole('button', { name: /Revoke/ }));
    // Optimistic: gone before the server answers.
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useRevokeSessionMutation');
    expect(mutation.request.variables).toEqual({ input: { sessionId: 'session-there' } });

    act(() => environment.mock.resolve(mutation, { data: { revokeSession: { revokedSessionId: 'session-there' } } }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('Session revoked.')).toBeTruthy();
  });

  it('puts the session back and shows the error with its request id when the server refuses', async () => {
    const environment = renderAt('/account');
    const query = environment.mock.getMostRecentOperation();
    act(() =>
      environment.mock.resolve(
        query,
        MockPayloadGenerator.generate(query, {
          DateTime: () => DATE,
          Viewer: () => ({
            personalAccessTokens: [],
            sessions: [
              { id: 'a', device: 'Here', isCurrent: true, createdAt: DATE, lastUsedAt: DATE },
              { id: 'b', device: 'There', isCurrent: false, createdAt: DATE, lastUsedAt: DATE },
            ],
          }),
        }),
      ),
    );
    const list = await screen.findByRole('list', { name: 'Sessions' });
    fireEvent.click(within(list).getByRole('button', { name: /Revoke/ }));
    const { ClientError } = await import('../../relay/ClientError');
    act(() =>
      environment.mock.reject(
        environment.mock.getMostRecentOperation(),
        new ClientError('FORBIDDEN', { requestId: 'req-42' }),
      ),
    );
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('alert').textContent).toContain('req-42');
  });
});

describe('personal access tokens on the account page', () => {
  it('creates a token, shows its secret once at the top of the list, and revokes one optimistically', async () => {
    const environment = renderAt('/account');
    const query = environment.mock.getMostRecentOperation();
    act(() =>
      environment.mock.resolve(
        query,
        MockPayloadGenerator.generate(query, {
          DateTime: () => DATE,
          Viewer: () => ({
            sessions: [],
            personalAccessTokens: [
              {
                id: 'pat-old',
                name: 'Old app',
                scopes: ['READ_POSTS'],
                createdAt: DATE,
                lastUsedAt: null,
                expiresAt: null,
              },
            ],
          }),
        }),
      ),
    );
    const list = await screen.findByRole('list', { name: 'Personal access tokens' });
    expect(within(list).getByText('never used', { exact: false })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'My script' } });
    fireEvent.click(screen.getByLabelText('Write, delete and restore your posts'));
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const create = environment.mock.getMostRecentOperation();
    expect(operationName(create)).toBe('useCreatePersonalAccessTokenMutation');
    expect(create.request.variables).toEqual({
      input: { name: 'My script', scopes: ['READ_POSTS', 'WRITE_POSTS'], expiresInDays: 90 },
    });
    act(() =>
      environment.mock.resolve(create, {
        data: {
          createPersonalAccessToken: {
            token: 'inkpat_secret',
            personalAccessToken: {
              id: 'pat-new',
              name: 'My script',
              scopes: ['READ_POSTS', 'WRITE_POSTS'],
              createdAt: DATE,
              lastUsedAt: null,
              expiresAt: DATE,
            },
          },
        },
      }),
    );
    expect(screen.getByText('inkpat_secret')).toBeTruthy();
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('heading').textContent)).toEqual(['My script', 'Old app']);

    fireEvent.click(within(items[1]!).getByRole('button', { name: /Revoke/ }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    const revoke = environment.mock.getMostRecentOperation();
    expect(operationName(revoke)).toBe('useRevokePersonalAccessTokenMutation');
    expect(revoke.request.variables).toEqual({ input: { id: 'pat-old' } });
  });
});
