import type { GraphQLResponse, RequestParameters, Variables } from 'relay-runtime';
import type { FetchFunction } from 'relay-runtime';

/** The few parts of a fetch Response the client reads (jsdom has no Response). */
export function fakeResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name: string) => lower[name.toLowerCase()] ?? null },
    json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
  } as unknown as Response;
}

export const queryParams = (name = 'TestQuery'): RequestParameters =>
  ({ id: `id-${name}`, name, operationKind: 'query', text: null, metadata: {}, cacheID: name }) as RequestParameters;

export const mutationParams = (name = 'TestMutation'): RequestParameters =>
  ({ id: `id-${name}`, name, operationKind: 'mutation', text: null, metadata: {}, cacheID: name }) as RequestParameters;

/** Runs Relay's fetch function to its first payload (or error). */
export function run(fetchFn: FetchFunction, params: RequestParameters, variables: Variables = {}) {
  return new Promise<GraphQLResponse>((resolve, reject) => {
    const result = fetchFn(params, variables, {});
    if (!result || !('subscribe' in result)) throw new Error('expected an Observable');
    result.subscribe({ next: (value) => resolve(value as GraphQLResponse), error: reject });
  });
}

export const graphqlError = (code: string, extra: Record<string, unknown> = {}) => ({
  data: null,
  errors: [{ message: 'server text', extensions: { code, requestId: 'srv-req-1', ...extra } }],
});

export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export function callOf(args: Parameters<typeof fetch>): Call {
  const [url, init] = args;
  const method = init?.method ?? 'GET';
  const headers = (init?.headers ?? {}) as Record<string, string>;
  if (method === 'GET') {
    // A GET carries the operation in its query string: read it back as the body it stands for.
    const search = new URL(String(url), 'http://local').searchParams;
    const body: Record<string, unknown> = Object.fromEntries(search);
    body.variables = JSON.parse(search.get('variables') ?? '{}') as unknown;
    return { url: String(url), method, headers, body };
  }
  return { url: String(url), method, headers, body: JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown> };
}
