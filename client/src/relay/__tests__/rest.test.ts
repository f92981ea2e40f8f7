import { ClientError } from '../ClientError';
import { postEnvelope } from '../rest';
import { callOf, fakeResponse } from '../../test/fetchFakes';

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as ClientError,
  );

describe('a REST call', () => {
  it('posts JSON with the CSRF header, a request id and the bearer token, and returns the data', async () => {
    const fetchImpl = jest.fn(async (..._args: Parameters<typeof fetch>) =>
      fakeResponse(200, { data: { revoked_sessions: 2 }, meta: { request_id: 'srv-1' }, error: null }),
    );

    const data = await postEnvelope(fetchImpl, '/api/v1/auth/logout/', { scope: 'others' }, { bearer: 'tok' });

    expect(data).toEqual({ revoked_sessions: 2 });
    const call = callOf(fetchImpl.mock.calls[0]!);
    expect(call).toMatchObject({ url: '/api/v1/auth/logout/', method: 'POST', body: { scope: 'others' } });
    expect(call.headers).toMatchObject({ 'X-Requested-With': 'XMLHttpRequest', Authorization: 'Bearer tok' });
    expect(call.headers['X-Request-ID']).toMatch(/^web-/);
  });

  it('turns an error envelope into a ClientError with the server’s code, request id, wait and field problems', async () => {
    const fetchImpl = async () =>
      fakeResponse(
        400,
        {
          data: null,
          meta: { request_id: 'srv-2' },
          error: { code: 'BAD_USER_INPUT', message: 'no', details: { scope: ['is not one of local, others, global'] } },
        },
        { 'Retry-After': '3' },
      );

    const error = await caught(postEnvelope(fetchImpl, '/api/v1/auth/logout/', { scope: 'all' }));

    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', requestId: 'srv-2', status: 400, retryAfter: 3 });
    expect(error.fieldErrors).toEqual({ scope: ['is not one of local, others, global'] });
  });

  it('reads a proxy’s page without an envelope by its status, keeping the request id it sent', async () => {
    const fetchImpl = async () => fakeResponse(502, '<html>Bad gateway</html>');

    const error = await caught(postEnvelope(fetchImpl, '/api/v1/auth/refresh/', {}));

    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 502 });
    expect(error.requestId).toMatch(/^web-/);
  });

  it('says the server could not be reached when the request never got an answer', async () => {
    const error = await caught(
      postEnvelope(
        async () => {
          throw new TypeError('Failed to fetch');
        },
        '/api/v1/auth/refresh/',
        {},
      ),
    );

    expect(error.code).toBe('NETWORK_ERROR');
  });

  it('takes `data: null` as a result only where the caller allows it', async () => {
    const fetchImpl = async () => fakeResponse(200, { data: null, meta: {}, error: null });

    await expect(postEnvelope(fetchImpl, '/api/v1/auth/refresh/', {}, { allowNull: true })).resolves.toBeNull();
    expect((await caught(postEnvelope(fetchImpl, '/api/v1/auth/refresh/', {}))).code).toBe('UNKNOWN');
  });
});
