import { ClientError, codeFrom, statusCode } from './ClientError';
import { newRequestId } from './requestId';

interface Envelope<T> {
  data: T | null;
  meta?: { request_id?: string };
  error: { code: string; message: string; details?: unknown } | null;
}

export interface PostOptions {
  /** The access token, when the call acts for a signed-in user. */
  readonly bearer?: string | null;
  /** A `data: null` answer is a result (e.g. "no cookie to refresh"), not an error. */
  readonly allowNull?: boolean;
}

/**
 * One JSON POST to the REST door (`/api/v1/…`), whose answers are `{ data, meta, error }`
 * envelopes: the data, or a ClientError carrying the envelope's code, request id and details
 * (or a code from the status when a proxy answered without an envelope).
 */
export async function postEnvelope<T>(
  fetchImpl: typeof fetch,
  url: string,
  body: unknown,
  options?: PostOptions & { allowNull?: false },
): Promise<T>;
export async function postEnvelope<T>(
  fetchImpl: typeof fetch,
  url: string,
  body: unknown,
  options: PostOptions & { allowNull: true },
): Promise<T | null>;
export async function postEnvelope<T>(
  fetchImpl: typeof fetch,
  url: string,
  body: unknown,
  options: PostOptions = {},
): Promise<T | null> {
  const requestId = newRequestId();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    // The server's CSRF rule for cookie-authenticated calls.
    'X-Requested-With': 'XMLHttpRequest',
    'X-Request-ID': requestId,
  };
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ClientError('NETWORK_ERROR', { requestId, cause });
  }
  const envelope = (await response.json().catch(() => null)) as Envelope<T> | null;
  const serverId = envelope?.meta?.request_id ?? response.headers.get('X-Request-ID') ?? requestId;
  if (response.ok && envelope && !envelope.error && envelope.data === null && options.allowNull) return null;
  if (!response.ok || !envelope || envelope.error || envelope.data === null) {
    const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    const code = envelope?.error ? codeFrom(envelope.error.code) : statusCode(response.status);
    throw new ClientError(code, {
      requestId: serverId,
      status: response.status,
      retryAfter,
      details: envelope?.error?.details,
    });
  }
  return envelope.data;
}
