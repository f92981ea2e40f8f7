import {
  type FetchFunction,
  type GraphQLResponse,
  type RequestParameters,
  type Variables,
  Network,
  Observable,
} from 'relay-runtime';
import type { ErrorCode } from '../errors/errorMessages';
import { type AuthPort, REFRESHABLE_CODES, SIGN_OUT_CODES } from './authPort';
import { ClientError, codeFrom, statusCode } from './ClientError';
import { newRequestId } from './requestId';
import { newTraceId, traceparent } from './traceContext';

export interface RetryPolicy {
  /** Extra attempts after the first, for queries only. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface NetworkOptions {
  readonly auth: AuthPort;
  readonly url?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Injected for tests: the wait between attempts, and the jitter source. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 5_000 };
export const DEFAULT_TIMEOUT_MS = 15_000;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

interface WireError {
  message?: string;
  extensions?: { code?: string; status?: number; requestId?: string; retryAfter?: number; details?: unknown };
}
interface WireResponse {
  data?: unknown;
  errors?: WireError[];
  extensions?: { meta?: { requestId?: string } };
}

/** "Full jitter": a random wait up to the exponential step, so retrying tabs do not stampede. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Relay's fetch function. Per request: an X-Request-ID, a W3C `traceparent` (its retries
 * share the trace), a timeout, the in-memory access token. Queries (never mutations, which may not be idempotent) are retried with backoff on
 * network failures and 502/503/504. An UNAUTHENTICATED or TOKEN_EXPIRED answer to a request
 * that carried a token triggers the shared cookie refresh and one replay; SESSION_REVOKED and
 * REFRESH_REUSED sign the user out.
 */
export function createFetchFn(options: NetworkOptions): FetchFunction {
  const {
    auth,
    url = '/api/v1/graphql',
    timeoutMs = DEFAULT_TIMEOUT_MS,
    retry = DEFAULT_RETRY,
    sleep = defaultSleep,
    random = Math.random,
  } = options;
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function sendOnce(params: RequestParameters, variables: Variables, signal: AbortSignal, traceId: string) {
    const requestId = newRequestId();
    const token = auth.getAccessToken();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Request-ID': requestId,
      traceparent: traceparent(traceId),
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    // Persisted queries travel as GET (`?id=…&variables=…`): cacheable by the edge and by the
    // browser (ETag). The operation-name header satisfies Apollo's CSRF prevention for GET.
    // Mutations, and text that is not persisted, are POSTed.
    let request: { target: string; init: RequestInit };
    if (params.id && params.operationKind === 'query') {
      const search = new URLSearchParams({ id: params.id, operationName: params.name });
      if (Object.keys(variables).length > 0) search.set('variables', JSON.stringify(variables));
      headers['X-Apollo-Operation-Name'] = params.name;
      request = { target: `${url}?${search}`, init: { method: 'GET' } };
    } else {
      headers['Content-Type'] = 'application/json';
      const body = params.id
        ? { id: params.id, operationName: params.name, variables }
        : { query: params.text, operationName: params.name, variables };
      request = { target: url, init: { method: 'POST', body: JSON.stringify(body) } };
    }

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const onAbort = () => timeout.abort();
    signal.addEventListener('abort', onAbort);
    try {
      const response = await fetchImpl(request.target, {
        ...request.init,
        headers,
        credentials: 'same-origin',
        signal: timeout.signal,
      });
      const json = (await response.json().catch(() => null)) as WireResponse | null;
      return { response, json, requestId, sentToken: token !== null };
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new ClientError(timeout.signal.aborted ? 'TIMEOUT' : 'NETWORK_ERROR', { requestId, cause });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  async function execute(params: RequestParameters, variables: Variables, signal: AbortSignal) {
    await auth.ready;
    const retriable = params.operationKind === 'query';
    let attempt = 0;
    let replayed = false;
    const traceId = newTraceId();
    for (;;) {
      let outcome: Awaited<ReturnType<typeof sendOnce>>;
      try {
        outcome = await sendOnce(params, variables, signal, traceId);
      } catch (error) {
        if (retriable && !signal.aborted && error instanceof ClientError && attempt < retry.retries) {
          await sleep(backoffDelay(attempt++, retry, random), signal);
          continue;
        }
        throw error;
      }
      const { response, json, requestId, sentToken } = outcome;
      if (retriable && RETRYABLE_STATUS.has(response.status) && attempt < retry.retries) {
        await sleep(backoffDelay(attempt++, retry, random), signal);
        continue;
      }
      const first = json?.errors?.[0];
      const code: ErrorCode | null = first
        ? codeFrom(first.extensions?.code)
        : json
          ? null
          : statusCode(response.status);
      if (code && REFRESHABLE_CODES.has(code) && sentToken && !replayed) {
        replayed = true;
        await auth.refresh(); // throws (and signs out when the session is over) on failure
        continue;
      }
      if (code && SIGN_OUT_CODES.has(code)) auth.signOut(code);
      if (code && (json?.data === null || json?.data === undefined)) {
        throw new ClientError(code, {
          requestId: first?.extensions?.requestId ?? json?.extensions?.meta?.requestId ?? requestId,
          status: first?.extensions?.status ?? response.status,
          retryAfter: first?.extensions?.retryAfter ?? (Number(response.headers.get('Retry-After')) || undefined),
          details: first?.extensions?.details,
          operation: params.name,
          serverMessage: typeof first?.message === 'string' ? first.message : undefined,
        });
      }
      return json as GraphQLResponse;
    }
  }

  return (params, variables) =>
    Observable.create<GraphQLResponse>((sink) => {
      const controller = new AbortController();
      execute(params, variables, controller.signal).then(
        (json) => {
          sink.next(json);
          sink.complete();
        },
        (error: unknown) => {
          if (!controller.signal.aborted) sink.error(error instanceof Error ? error : new Error(String(error)));
        },
      );
      return () => controller.abort();
    });
}

export const createNetwork = (options: NetworkOptions) => Network.create(createFetchFn(options));
