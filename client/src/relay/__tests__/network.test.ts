import { AuthSession } from '../../auth/authSession';
import { ClientError } from '../ClientError';
import { backoffDelay, createFetchFn } from '../network';
import { type Call, callOf, fakeResponse, graphqlError, mutationParams, queryParams, run } from '../../test/fetchFakes';

const ok = (data: unknown = { viewer: null }) => fakeResponse(200, { data });
const noSleep = async () => {};

function signedIn(token = 'access-1', fetchImpl?: typeof fetch) {
  const auth = new AuthSession(fetchImpl);
  auth.signIn(token);
  return auth;
}

describe('the network layer', () => {
  describe('requests', () => {
    it('sends the persisted id and variables, never query text, with an X-Request-ID and the token', async () => {
      const calls: Call[] = [];
      const fetchFn = createFetchFn({
        auth: signedIn('tok'),
        fetch: async (...args) => {
          calls.push(callOf(args));
          return ok();
        },
      });
      await run(fetchFn, queryParams('FeedRouteQuery'), { count: 10 });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.body).toEqual({
        id: 'id-FeedRouteQuery',
        operationName: 'FeedRouteQuery',
        variables: { count: 10 },
      });
      expect(calls[0]!.headers['X-Request-ID']).toMatch(/^web-[A-Za-z0-9._:-]+$/);
      expect(calls[0]!.headers.Authorization).toBe('Bearer tok');
    });

    it('sends persisted queries with GET (cacheable, with the CSRF header) and mutations with POST', async () => {
      const calls: Call[] = [];
      const fetchFn = createFetchFn({
        auth: signedIn(),
        fetch: async (...args) => {
          calls.push(callOf(args));
          return ok();
        },
      });
      await run(fetchFn, queryParams('FeedRouteQuery'), { count: 10 });
      await run(fetchFn, mutationParams('useLoginMutation'), { input: {} });
      expect(calls.map((call) => call.method)).toEqual(['GET', 'POST']);
      expect(calls[0]!.url).toBe(
        '/api/v1/graphql?id=id-FeedRouteQuery&operationName=FeedRouteQuery&variables=%7B%22count%22%3A10%7D',
      );
      expect(calls[0]!.headers['X-Apollo-Operation-Name']).toBe('FeedRouteQuery');
      expect(calls[0]!.headers['Content-Type']).toBeUndefined();
      expect(calls[1]!.headers['Content-Type']).toBe('application/json');
    });

    it('gives every request its own X-Request-ID', async () => {
      const ids: string[] = [];
      const fetchFn = createFetchFn({
        auth: signedIn(),
        fetch: async (...args) => {
          ids.push(callOf(args).headers['X-Request-ID']!);
          return ok();
        },
      });
      await Promise.all([run(fetchFn, queryParams()), run(fetchFn, queryParams())]);
      expect(new Set(ids).size).toBe(2);
    });

    it('sends a W3C traceparent: a trace per request, shared by its retries, a new parent id per attempt', async () => {
      const parents: string[] = [];
      let attempts = 0;
      const fetchFn = createFetchFn({
        auth: signedIn(),
        sleep: noSleep,
        fetch: async (...args) => {
          parents.push(callOf(args).headers.traceparent!);
          attempts += 1;
          return attempts === 1 ? fakeResponse(503, {}) : ok();
        },
      });
      await run(fetchFn, queryParams());
      await run(fetchFn, queryParams());
      expect(parents).toHaveLength(3);
      for (const parent of parents) expect(parent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const [first, retry, next] = parents.map((parent) => parent.split('-'));
      expect(retry![1]).toBe(first![1]);
      expect(retry![2]).not.toBe(first![2]);
      expect(next![1]).not.toBe(first![1]);
      expect(parents.some((parent) => /-0{32}-|-0{16}-/.test(parent))).toBe(false);
    });
  });

  describe('timeout', () => {
    it('aborts a request that takes longer than the timeout and reports TIMEOUT with its request id', async () => {
      let aborted = false;
      const fetchFn = createFetchFn({
        auth: signedIn(),
        timeoutMs: 30,
        retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
        fetch: (_url, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => {
              aborted = true;
              reject(new DOMException('aborted', 'AbortError'));
            });
          }),
      });
      const error = await run(fetchFn, queryParams()).catch((e: unknown) => e);
      expect(aborted).toBe(true);
      expect(error).toBeInstanceOf(ClientError);
      expect((error as ClientError).code).toBe('TIMEOUT');
      expect((error as ClientError).requestId).toMatch(/^web-/);
      expect((error as ClientError).message).toMatch(/too long/);
    });
  });

  describe('retry policy', () => {
    it('retries a query after network errors and 502/503/504, then succeeds', async () => {
      const answers = [
        () => Promise.reject(new TypeError('Failed to fetch')),
        () => Promise.resolve(fakeResponse(502, '<html>bad gateway</html>')),
        () => Promise.resolve(fakeResponse(503, graphqlError('SERVICE_UNAVAILABLE'))),
        () => Promise.resolve(ok({ posts: [] })),
      ];
      let calls = 0;
      const delays: number[] = [];
      const fetchFn = createFetchFn({
        auth: signedIn(),
        retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
        random: () => 1,
        sleep: async (ms) => void delays.push(ms),
        fetch: () => answers[calls++]!(),
      });
      await expect(run(fetchFn, queryParams())).resolves.toEqual({ data: { posts: [] } });
      expect(calls).toBe(4);
      expect(delays).toEqual([100, 200, 400]);
    });

    it('gives up after the configured retries and reports the last failure', async () => {
      let calls = 0;
      const fetchFn = createFetchFn({
        auth: signedIn(),
        retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
        sleep: noSleep,
        fetch: async () => {
          calls++;
          return fakeResponse(504, 'gateway timeout');
        },
      });
      const error = (await run(fetchFn, queryParams()).catch((e: unknown) => e)) as ClientError;
      expect(calls).toBe(3);
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
    });

    it.each([
      ['a network error', () => Promise.reject(new TypeError('Failed to fetch')), 'NETWORK_ERROR'],
      ['a 503', () => Promise.resolve(fakeResponse(503, graphqlError('SERVICE_UNAVAILABLE'))), 'SERVICE_UNAVAILABLE'],
      ['a 502 page', () => Promise.resolve(fakeResponse(502, 'not json')), 'SERVICE_UNAVAILABLE'],
    ])('never retries a mutation after %s', async (_what, answer, code) => {
      let calls = 0;
      const fetchFn = createFetchFn({
        auth: signedIn(),
        sleep: noSleep,
        fetch: () => {
          calls++;
          return answer();
        },
      });
      const error = (await run(fetchFn, mutationParams()).catch((e: unknown) => e)) as ClientError;
      expect(calls).toBe(1);
      expect(error.code).toBe(code);
    });

    it('does not retry a query that failed for a reason retrying cannot fix', async () => {
      let calls = 0;
      const fetchFn = createFetchFn({
        auth: signedIn(),
        sleep: noSleep,
        fetch: async () => {
          calls++;
          return fakeResponse(400, graphqlError('BAD_USER_INPUT'));
        },
      });
      await expect(run(fetchFn, queryParams())).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(calls).toBe(1);
    });

    it('waits with exponential backoff and full jitter, capped', () => {
      const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
      expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
      expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
      expect(backoffDelay(3, policy, () => 0)).toBe(0);
    });
  });

  describe('refresh', () => {
    it('ten concurrent 401s cause exactly one cookie refresh, then every request is replayed with the new token', async () => {
      let refreshes = 0;
      const graphqlTokens: string[] = [];
      const fetchImpl: typeof fetch = async (...args) => {
        const call = callOf(args);
        if (call.url === '/api/v1/auth/refresh/') {
          refreshes++;
          expect(call.headers['X-Requested-With']).toBe('XMLHttpRequest');
          expect(call.body).toEqual({});
          await new Promise((resolve) => setTimeout(resolve, 20));
          return fakeResponse(200, { data: { access: 'access-2', expires_in: 900 }, meta: {}, error: null });
        }
        graphqlTokens.push(call.headers.Authorization ?? '');
        return call.headers.Authorization === 'Bearer access-2'
          ? ok({ viewer: { id: 'v' } })
          : fakeResponse(401, graphqlError('TOKEN_EXPIRED'));
      };
      const auth = signedIn('access-1', fetchImpl);
      const fetchFn = createFetchFn({ auth, fetch: fetchImpl });
      const results = await Promise.all(Array.from({ length: 10 }, () => run(fetchFn, queryParams())));
      expect(refreshes).toBe(1);
      expect(results.every((r) => JSON.stringify(r) === JSON.stringify({ data: { viewer: { id: 'v' } } }))).toBe(true);
      expect(graphqlTokens.filter((t) => t === 'Bearer access-1')).toHaveLength(10);
      expect(graphqlTokens.filter((t) => t === 'Bearer access-2')).toHaveLength(10);
      expect(auth.getAccessToken()).toBe('access-2');
    });

    it('replays a mutation once after a refresh (the server refused it before running it)', async () => {
      let mutations = 0;
      const fetchImpl: typeof fetch = async (...args) => {
        const call = callOf(args);
        if (call.url.startsWith('/api/v1/auth/refresh')) {
          return fakeResponse(200, { data: { access: 'new' }, meta: {}, error: null });
        }
        mutations++;
        return call.headers.Authorization === 'Bearer new'
          ? ok({ createPost: {} })
          : fakeResponse(401, graphqlError('UNAUTHENTICATED'));
      };
      const fetchFn = createFetchFn({ auth: signedIn('old', fetchImpl), fetch: fetchImpl });
      await expect(run(fetchFn, mutationParams())).resolves.toEqual({ data: { createPost: {} } });
      expect(mutations).toBe(2);
    });

    it('signs the user out with an explanation when the refresh token was reused', async () => {
      const fetchImpl: typeof fetch = async (...args) => {
        const call = callOf(args);
        if (call.url.startsWith('/api/v1/auth/refresh')) {
          return fakeResponse(401, {
            data: null,
            meta: { request_id: 'r-1' },
            error: { code: 'REFRESH_REUSED', message: 'x' },
          });
        }
        return fakeResponse(401, graphqlError('TOKEN_EXPIRED'));
      };
      const auth = signedIn('old', fetchImpl);
      const fetchFn = createFetchFn({ auth, fetch: fetchImpl });
      await expect(run(fetchFn, queryParams())).rejects.toMatchObject({ code: 'REFRESH_REUSED', requestId: 'r-1' });
      expect(auth.getAccessToken()).toBeNull();
      expect(auth.getSnapshot().status).toBe('signedOut');
      expect(auth.getSnapshot().notice).toMatch(/signed out for your safety/);
    });

    it('signs the user out when the server says the session was revoked', async () => {
      const fetchImpl: typeof fetch = async () => fakeResponse(401, graphqlError('SESSION_REVOKED'));
      const auth = signedIn('old', fetchImpl);
      const fetchFn = createFetchFn({ auth, fetch: fetchImpl });
      await expect(run(fetchFn, queryParams())).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
      expect(auth.getSnapshot()).toMatchObject({
        status: 'signedOut',
        notice: expect.stringMatching(/another device/),
      });
    });

    it('does not try to refresh for an anonymous request', async () => {
      let refreshes = 0;
      const fetchImpl: typeof fetch = async (...args) => {
        if (callOf(args).url.startsWith('/api/v1/auth/refresh')) refreshes++;
        return fakeResponse(401, graphqlError('UNAUTHENTICATED'));
      };
      const auth = new AuthSession(fetchImpl);
      auth.signOut();
      (auth as unknown as { resolveReady: () => void }).resolveReady();
      const fetchFn = createFetchFn({ auth, fetch: fetchImpl });
      await expect(run(fetchFn, queryParams())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(refreshes).toBe(0);
    });

    it('restores the session on page load through one silent cookie refresh, and queries wait for it', async () => {
      const order: string[] = [];
      const fetchImpl: typeof fetch = async (...args) => {
        const call = callOf(args);
        order.push(call.url.split('?')[0]!);
        if (call.url.startsWith('/api/v1/auth/refresh')) {
          return fakeResponse(200, { data: { access: 'restored' }, meta: {}, error: null });
        }
        expect(call.headers.Authorization).toBe('Bearer restored');
        return ok();
      };
      const auth = new AuthSession(fetchImpl, { hasSignedInHint: () => true });
      const fetchFn = createFetchFn({ auth, fetch: fetchImpl });
      const pending = run(fetchFn, queryParams());
      void auth.restore();
      await pending;
      expect(order).toEqual(['/api/v1/auth/refresh/', '/api/v1/graphql']);
      expect(auth.getSnapshot()).toMatchObject({ status: 'signedIn', notice: null });
    });
  });

  describe('error mapping', () => {
    it('says how long to wait when rate limited, and carries the server request id', async () => {
      const fetchFn = createFetchFn({
        auth: signedIn(),
        fetch: async () => fakeResponse(429, graphqlError('RATE_LIMITED', { retryAfter: 42 })),
      });
      const error = (await run(fetchFn, mutationParams()).catch((e: unknown) => e)) as ClientError;
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.retryAfter).toBe(42);
      expect(error.message).toBe('Too many attempts. Please wait 42 seconds and try again.');
      expect(error.requestId).toBe('srv-req-1');
    });

    it('uses our own words, never the server text, and maps unknown codes to UNKNOWN', async () => {
      const fetchFn = createFetchFn({
        auth: signedIn(),
        fetch: async () => fakeResponse(500, graphqlError('SOMETHING_NEW')),
      });
      const error = (await run(fetchFn, mutationParams()).catch((e: unknown) => e)) as ClientError;
      expect(error.code).toBe('UNKNOWN');
      expect(error.message).toBe('Something went wrong.');
    });

    it('words an error for its operation where one place says so: the server’s text, or ours', async () => {
      const anonymous = () => {
        const auth = new AuthSession(async () => fakeResponse(401, graphqlError('UNAUTHENTICATED')));
        auth.signOut();
        (auth as unknown as { resolveReady: () => void }).resolveReady();
        return auth;
      };
      const answer = (code: string, message: string) => async () =>
        fakeResponse(401, { data: null, errors: [{ message, extensions: { code, requestId: 'r' } }] });
      const login = createFetchFn({
        auth: anonymous(),
        fetch: answer('UNAUTHENTICATED', 'Invalid email or password.'),
      });
      const wrongPassword = (await run(login, mutationParams('useLoginMutation')).catch(
        (e: unknown) => e,
      )) as ClientError;
      expect(wrongPassword.message).toBe('Invalid email or password.');
      expect(wrongPassword.operation).toBe('useLoginMutation');

      const register = createFetchFn({
        auth: anonymous(),
        fetch: answer('CONFLICT', 'This email address cannot be used.'),
      });
      const taken = (await run(register, mutationParams('useRegisterMutation')).catch(
        (e: unknown) => e,
      )) as ClientError;
      expect(taken.message).toBe('An account with this email already exists. Sign in instead, or use another email.');

      // Any other operation keeps the generic line for the same code.
      const other = createFetchFn({
        auth: anonymous(),
        fetch: answer('UNAUTHENTICATED', 'Invalid email or password.'),
      });
      const generic = (await run(other, mutationParams('useCreatePostMutation')).catch(
        (e: unknown) => e,
      )) as ClientError;
      expect(generic.message).toBe('Please sign in to continue.');
    });

    it('keeps field errors of BAD_USER_INPUT for the form', async () => {
      const fetchFn = createFetchFn({
        auth: signedIn(),
        fetch: async () => fakeResponse(400, graphqlError('BAD_USER_INPUT', { details: { title: ['is required'] } })),
      });
      const error = (await run(fetchFn, mutationParams()).catch((e: unknown) => e)) as ClientError;
      expect(error.fieldErrors).toEqual({ title: ['is required'] });
    });

    it('passes partial data with errors through to Relay', async () => {
      const body = { data: { viewer: null }, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] };
      const fetchFn = createFetchFn({ auth: signedIn(), fetch: async () => fakeResponse(200, body) });
      await expect(run(fetchFn, queryParams())).resolves.toEqual(body);
    });
  });
});
