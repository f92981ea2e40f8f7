import { AuthSession, refreshWaitNotice } from '../authSession';
import { createFetchFn } from '../../relay/network';
import { callOf, fakeResponse, graphqlError, queryParams, run } from '../../test/fetchFakes';

const tokens = (access: string) => fakeResponse(200, { data: { access }, meta: {}, error: null });
const nothingToRefresh = () => fakeResponse(200, { data: null, meta: {}, error: null });
const limited = (retryAfter: number) =>
  fakeResponse(
    429,
    {
      data: null,
      meta: {},
      error: { code: 'RATE_LIMITED', message: 'slow down', details: { retry_after: retryAfter } },
    },
    { 'Retry-After': String(retryAfter) },
  );

describe('the session refresh', () => {
  it('on a page load without the signed-in hint cookie, asks the server nothing and is signed out', async () => {
    const fetchImpl = jest.fn<Promise<Response>, Parameters<typeof fetch>>();
    const auth = new AuthSession(fetchImpl, { hasSignedInHint: () => false });

    await auth.restore();
    await auth.ready;

    expect(fetchImpl).not.toHaveBeenCalled();
    expect(auth.getSnapshot()).toMatchObject({ status: 'signedOut', notice: null });
  });

  it('reads the hint from document.cookie by default', async () => {
    const fetchImpl = jest.fn(async () => tokens('from-cookie'));
    document.cookie = 'inkwell_signed_in=1; path=/';
    try {
      const auth = new AuthSession(fetchImpl);
      await auth.restore();
      expect(fetchImpl).toHaveBeenCalledTimes(1);
      expect(auth.getAccessToken()).toBe('from-cookie');
    } finally {
      document.cookie = 'inkwell_signed_in=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    }
  });

  it('when the server finds no refresh cookie (200, data null), the page load is quietly signed out', async () => {
    const auth = new AuthSession(async () => nothingToRefresh(), { hasSignedInHint: () => true });

    await auth.restore();

    expect(auth.getSnapshot()).toMatchObject({ status: 'signedOut', notice: null });
  });

  it('when a page-load refresh is refused by a limit, it waits as told, says so, retries, and signs in', async () => {
    const answers = [limited(7), limited(2), tokens('late')];
    const waits: number[] = [];
    const notices: (string | null)[] = [];
    const auth = new AuthSession(async () => answers.shift()!, {
      hasSignedInHint: () => true,
      sleep: async (ms) => {
        waits.push(ms);
        notices.push(auth.getSnapshot().notice);
        expect(auth.getSnapshot().status).not.toBe('signedOut');
      },
    });

    await auth.restore();

    expect(waits).toEqual([7_000, 2_000]);
    expect(notices).toEqual([refreshWaitNotice(7), refreshWaitNotice(2)]);
    expect(auth.getSnapshot()).toMatchObject({ status: 'signedIn', notice: null });
    expect(auth.getAccessToken()).toBe('late');
  });

  it('when a page-load refresh stays refused beyond the retries, it keeps trying and never reports signed out', async () => {
    let calls = 0;
    const statuses: string[] = [];
    const auth = new AuthSession(
      async () => {
        calls += 1;
        return calls <= 9 ? limited(1) : tokens('finally');
      },
      {
        hasSignedInHint: () => true,
        rateLimitRetries: 2,
        sleep: async () => void statuses.push(auth.getSnapshot().status),
      },
    );

    await auth.restore();

    expect(statuses.every((status) => status === 'restoring')).toBe(true);
    expect(calls).toBe(10);
    expect(auth.getSnapshot().status).toBe('signedIn');
  });

  it('when a signed-in user’s refresh is refused by a limit, they stay signed in and the request says to wait', async () => {
    let refreshes = 0;
    const fetchImpl: typeof fetch = async (...args) => {
      const call = callOf(args);
      if (call.url.startsWith('/api/v1/auth/refresh')) {
        refreshes += 1;
        return limited(3);
      }
      return fakeResponse(401, graphqlError('TOKEN_EXPIRED'));
    };
    const auth = new AuthSession(fetchImpl, {
      hasSignedInHint: () => true,
      rateLimitRetries: 1,
      sleep: async () => {},
    });
    auth.signIn('expired');
    const fetchFn = createFetchFn({ auth, fetch: fetchImpl });

    await expect(run(fetchFn, queryParams())).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3 });

    expect(refreshes).toBe(2);
    expect(auth.getSnapshot().status).toBe('signedIn');
    expect(auth.getAccessToken()).toBe('expired');
  });
});

describe('signing out', () => {
  it('asks the server to end this session with its token, then is signed out with a new identity', async () => {
    const calls: ReturnType<typeof callOf>[] = [];
    const auth = new AuthSession(async (...args) => {
      calls.push(callOf(args));
      return fakeResponse(200, { data: { revoked_sessions: 1 }, meta: {}, error: null });
    });
    auth.signIn('mine');
    const epoch = auth.getSnapshot().epoch;

    await auth.logout('others');

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: '/api/v1/auth/logout/', body: { scope: 'others' } });
    expect(calls[0]!.headers.Authorization).toBe('Bearer mine');
    expect(auth.getAccessToken()).toBeNull();
    expect(auth.getSnapshot()).toMatchObject({ status: 'signedOut', notice: null, epoch: epoch + 1 });
  });

  it('is signed out here even when the server cannot be reached', async () => {
    const auth = new AuthSession(async () => {
      throw new TypeError('Failed to fetch');
    });
    auth.signIn('mine');

    await expect(auth.logout()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });

    expect(auth.getSnapshot().status).toBe('signedOut');
    expect(auth.getAccessToken()).toBeNull();
  });
});
