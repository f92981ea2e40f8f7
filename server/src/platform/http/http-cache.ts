import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { answerOf, type CacheResult, type CachedAnswer, type ResponseCache } from '../cache/response-cache';
import { sendData } from './envelope';

/** The refresh cookie's name (owned by auth; repeated here so the platform imports no module). */
const REFRESH_COOKIE_PATTERN = /(?:^|;\s*)inkwell_refresh=/;

/**
 * Anonymous means no credential of any kind: no Authorization header (whatever its scheme) and
 * no refresh cookie. Anything else is answered privately and never from, or into, a shared cache.
 */
export function isAnonymous(headers: IncomingHttpHeaders): boolean {
  if (headers.authorization !== undefined) return false;
  const cookie = headers.cookie;
  return cookie === undefined || !REFRESH_COOKIE_PATTERN.test(cookie);
}

export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/**
 * `X-Cache: BYPASS` until the cache says otherwise: answers refused before it is consulted
 * (bad input, unknown persisted ids) say so too.
 */
export const bypassUntilCached: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Cache', 'BYPASS');
  next();
};

/** `Cache-Control` of a public answer: browsers revalidate (ETag), shared caches keep it briefly. */
/** Built once per max age (a server has one), not per answer. */
const cacheControls = new Map<number, string>();
const publicCacheControl = (edgeMaxAgeSeconds: number) => {
  let value = cacheControls.get(edgeMaxAgeSeconds);
  if (value === undefined) {
    value = `public, max-age=0, s-maxage=${edgeMaxAgeSeconds}, stale-while-revalidate=${edgeMaxAgeSeconds * 6}`;
    cacheControls.set(edgeMaxAgeSeconds, value);
  }
  return value;
};

/** If-None-Match (weak comparison, as RFC 9110 asks for it) against our strong ETag. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * How a transport's body is made of a stored answer and the request's id: the text before the id
 * and the text after it, both fixed for an answer (the id is the only part that changes per
 * request). Each answer's two parts are encoded to UTF-8 once and kept while the answer is (a
 * WeakMap), so a hit writes them as they are: no per-request concatenation of the page's text,
 * UTF-8 length count, flattening or encoding; the socket gets the header, the two buffers and the
 * id in one write.
 */
export class AnswerBody {
  private readonly encoded = new WeakMap<CachedAnswer, { readonly head: Buffer; readonly tail: Buffer }>();

  constructor(private readonly around: (payload: string) => readonly [head: string, tail: string]) {}

  partsOf(answer: CachedAnswer): { readonly head: Buffer; readonly tail: Buffer } {
    let parts = this.encoded.get(answer);
    if (parts === undefined) {
      const [head, tail] = this.around(answer.payload);
      parts = { head: Buffer.from(head), tail: Buffer.from(tail) };
      this.encoded.set(answer, parts);
    }
    return parts;
  }
}

export interface SendAnswerOptions {
  readonly result: CacheResult;
  readonly contentType: string;
  readonly edgeMaxAgeSeconds: number;
  /** The body's fixed parts around the request id. */
  readonly body: AnswerBody;
  readonly requestId: string;
  /**
   * When `Content-Type` follows the request's `Accept` (GraphQL's two media types): the name of
   * this representation if it is not the first one. Shared caches are told (`Vary: Accept`), and
   * each representation has its own strong ETag, as RFC 9110 asks of strong validators.
   */
  readonly negotiated?: { readonly variant: string | null };
}

/** Sends a public answer from (or just stored into) the cache; 304 when the client has it. */
export function sendAnswer(req: Request, res: Response, answer: CachedAnswer, options: SendAnswerOptions): void {
  const variant = options.negotiated?.variant;
  const etag = variant ? `${answer.etag.slice(0, -1)}.${variant}"` : answer.etag;
  res.setHeader('X-Cache', options.result);
  res.setHeader('Cache-Control', publicCacheControl(options.edgeMaxAgeSeconds));
  if (options.negotiated) res.vary('Accept');
  res.setHeader('ETag', etag);
  if (matches(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.statusCode = 200;
  const { head, tail } = options.body.partsOf(answer);
  const id = JSON.stringify(options.requestId);
  res.setHeader('Content-Type', options.contentType);
  res.setHeader('Content-Length', head.length + Buffer.byteLength(id) + tail.length);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // node corks the socket on the first write until the next tick: one write of all four.
  res.write(head);
  res.write(id);
  res.end(tail);
}

export interface EnvelopeParts {
  readonly data: unknown;
  /** `meta` besides the request id (next_cursor, has_next…). */
  readonly meta: Record<string, unknown>;
}

/** Stored as `data` and `meta` JSON on two lines (JSON text never holds a raw newline). */
const envelopePayload = ({ data, meta }: EnvelopeParts) => `${JSON.stringify(data)}\n${JSON.stringify(meta)}`;

/** The REST envelope of a stored payload, with the request's id first in `meta`. */
const ENVELOPE_BODY = new AnswerBody((payload) => {
  const newline = payload.indexOf('\n');
  const meta = payload.slice(newline + 1);
  const rest = meta === '{}' ? '' : `,${meta.slice(1, -1)}`;
  return [`{"data":${payload.slice(0, newline)},"meta":{"request_id":`, `${rest}},"error":null}`];
});

export interface CachedEnvelopeOptions {
  readonly cache: ResponseCache;
  readonly edgeMaxAgeSeconds: number;
  readonly key: string;
  readonly scopes: readonly string[];
}

/**
 * A public REST read through the shared response cache: anonymous callers get the cached
 * envelope (or fill it), anyone with a credential gets a private, uncached answer. `X-Cache`
 * is on every response.
 */
export async function sendCachedEnvelope(
  req: Request,
  res: Response,
  options: CachedEnvelopeOptions,
  compute: () => Promise<EnvelopeParts>,
): Promise<void> {
  const sendComputed = async (parts?: EnvelopeParts) => {
    const { data, meta } = parts ?? (await compute());
    sendData(res, data, { meta });
  };
  res.setHeader('X-Cache', 'BYPASS');
  if (!isAnonymous(req.headers)) {
    res.setHeader('Cache-Control', PRIVATE_CACHE_CONTROL);
    return sendComputed();
  }
  const lookup = await options.cache.get(options.key, options.scopes, async () => {
    const parts = await compute();
    return { answer: answerOf(envelopePayload(parts)), own: parts };
  });
  if (lookup.result === 'BYPASS' || !lookup.answer) return sendComputed();
  sendAnswer(req, res, lookup.answer, {
    result: lookup.result,
    contentType: 'application/json; charset=utf-8',
    edgeMaxAgeSeconds: options.edgeMaxAgeSeconds,
    body: ENVELOPE_BODY,
    requestId: req.context?.requestId ?? '',
  });
}
