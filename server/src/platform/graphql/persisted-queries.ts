import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ERROR_STATUS } from '../errors/error-codes';
import { sendGraphQLError } from '../http/envelope';

export type PersistedQueryMode = 'off' | 'allow' | 'only';

/** sha256 (hex) of the query text → the query text, as relay-compiler's persistConfig writes it. */
export type PersistedQueryMap = ReadonlyMap<string, string>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Reads the committed allowlist. A missing file, a malformed one, or an entry whose id is not
 * the sha256 of its text stops the start: the web client sends only ids, so a server without
 * its allowlist would answer every page with PERSISTED_QUERY_NOT_FOUND, and serving a tampered
 * allowlist would defeat its purpose. With PERSISTED_QUERIES=off nothing is read.
 */
export function loadPersistedQueries(file: string, mode: PersistedQueryMode = 'allow'): PersistedQueryMap {
  if (mode === 'off') return new Map();
  if (!fs.existsSync(file)) throw new Error(`${file}: the persisted-query allowlist does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a readable JSON file (${(error as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: must be a JSON object of sha256 → query text`);
  }
  const map = new Map<string, string>();
  for (const [id, text] of Object.entries(parsed)) {
    if (!SHA256_HEX.test(id) || typeof text !== 'string' || sha256(text) !== id) {
      throw new Error(`${file}: entry ${id.slice(0, 16)}… is not the sha256 of its query text`);
    }
    map.set(id, text);
  }
  return map;
}

function refuse(res: Response, message: string) {
  sendGraphQLError(res, ERROR_STATUS.PERSISTED_QUERY_NOT_FOUND, { code: 'PERSISTED_QUERY_NOT_FOUND', message });
}

const stringOrUndefined = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The request's `id` (Relay sends `id`; some setups send `doc_id`), its `query`, and a way to swap them. */
function operationOf(req: Request) {
  if (req.method === 'GET') {
    const url = new URL(req.url, 'http://local');
    return {
      id: stringOrUndefined(url.searchParams.get('id') ?? url.searchParams.get('doc_id')),
      query: stringOrUndefined(url.searchParams.get('query')),
      useQuery(text: string) {
        url.searchParams.delete('id');
        url.searchParams.delete('doc_id');
        url.searchParams.set('query', text);
        req.url = `${url.pathname}${url.search}`;
      },
    };
  }
  const body =
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  return {
    id: stringOrUndefined(body.id ?? body.doc_id),
    query: stringOrUndefined(body.query),
    useQuery(text: string) {
      delete body.id;
      delete body.doc_id;
      body.query = text;
    },
  };
}

/**
 * Persisted queries for Relay, which sends `{id, variables}` at the top level (Apollo's own
 * APQ lives in `extensions.persistedQuery` and does not see it). Before Apollo, swaps a known
 * `id` for its text. In `only` mode anything else is refused: unknown ids, and ad-hoc query
 * text unless it is, byte for byte, an allowlisted operation.
 */
export function persistedQueriesMiddleware(options: {
  mode: PersistedQueryMode;
  queries: PersistedQueryMap;
  logger: Logger;
}): RequestHandler {
  const { mode, queries } = options;
  if (mode === 'only' && queries.size === 0) {
    options.logger.warn('PERSISTED_QUERIES=only with an empty allowlist: every GraphQL operation will be refused');
  }
  return (req, res, next) => {
    if (mode === 'off' || (req.method !== 'GET' && req.method !== 'POST')) return next();
    const operation = operationOf(req);
    if (operation.id !== undefined) {
      const text = queries.get(operation.id);
      if (text === undefined) return refuse(res, 'Unknown persisted query id.');
      operation.useQuery(text);
      return next();
    }
    if (mode === 'only' && !(operation.query !== undefined && queries.has(sha256(operation.query)))) {
      return refuse(res, 'This server only runs persisted queries; send the `id` of an allowlisted operation.');
    }
    return next();
  };
}
