import type { ApolloServer, BaseContext, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { answerOf, type Computed, type ResponseCache } from '../cache/response-cache';
import { AnswerBody, isAnonymous, PRIVATE_CACHE_CONTROL, sendAnswer } from '../http/http-cache';
import { sendText } from '../http/send-text';
import type { GraphQLCachePolicy } from './cache-policy';

/**
 * Apollo Server on express, as @as-integrations/express5 does it (same request mapping), with
 * the shared response cache in front (ADR 13): an anonymous query the policy allows is answered
 * from the cache without running Apollo at all; on a miss Apollo runs once per key and a clean
 * answer (no errors) is stored. `X-Cache` says which, on every GraphQL response.
 */

const MEDIA_TYPES = ['application/json', 'application/graphql-response+json'];
/** Each media type's Content-Type and ETag variant (the first has none), worked out once. */
const REPRESENTATIONS = new Map(
  MEDIA_TYPES.map((type, index) => [
    type,
    {
      contentType: `${type}; charset=utf-8`,
      negotiated: { variant: index === 0 ? null : 'graphql-response' },
    },
  ]),
);
/** What Apollo's CSRF prevention accepts on a GET (the same rule, so a hit cannot skip it). */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

interface Operation {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** A GET's Content-Type, when it has one, that Apollo takes: JSON (in UTF-8). HTTP's whitespace only. */
const GET_CONTENT_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset="?utf-8"?[ \t]*)?$/i;

/** The request target's query, as Apollo is given it: everything after the first `?`. */
const searchOf = (req: Request) => (req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function preflighted(req: Request): boolean {
  const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType && !SIMPLE_CONTENT_TYPES.includes(contentType)) return true;
  return PREFLIGHT_HEADERS.some((header) => (req.headers[header] as string | undefined)?.length);
}

/** The operation of a request the cache may consider; null hands it to Apollo untouched. */
function operationOf(req: Request): Operation | null {
  let fields: Record<string, unknown>;
  if (req.method === 'GET') {
    // Only what Apollo would take as it is (runHttpQuery): anything it refuses (a Content-Type
    // other than JSON, a parameter given twice, variables that are not a JSON object) or that
    // the cache does not read (extensions) goes to Apollo, never to a cached answer.
    if (!preflighted(req) || !GET_CONTENT_TYPE.test(req.headers['content-type'] ?? 'application/json')) return null;
    // Exactly the text Apollo reads its parameters from (searchOf): a raw `#` in the target is
    // part of it, not a fragment, or the two would read different parameters.
    const params = new URLSearchParams(searchOf(req));
    const once = (name: string) => {
      const values = params.getAll(name);
      return values.length > 1 ? null : values[0];
    };
    const [query, operationName, variablesText] = [once('query'), once('operationName'), once('variables')];
    if (query === null || operationName === null || variablesText === null || params.has('extensions')) return null;
    let variables: unknown = {};
    if (variablesText !== undefined) {
      try {
        variables = JSON.parse(variablesText);
      } catch {
        return null;
      }
      if (!isRecord(variables)) return null;
    }
    fields = { query, operationName, variables };
  } else if (req.method === 'POST' && isRecord(req.body)) {
    if (req.body.extensions !== undefined) return null;
    fields = req.body;
  } else return null;
  const { query, operationName, variables = {} } = fields;
  if (typeof query !== 'string' || !isRecord(variables ?? {})) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  return { query, operationName: operationName ?? undefined, variables: (variables ?? {}) as Record<string, unknown> };
}

/** The stable part of a clean answer, or null when it must not be stored (errors, unknown extensions). */
function cacheablePayload(response: HTTPGraphQLResponse): string | null {
  if ((response.status ?? 200) !== 200 || response.body.kind !== 'complete') return null;
  const result = JSON.parse(response.body.string) as { data?: unknown; errors?: unknown; extensions?: unknown };
  if (result.errors !== undefined || result.data === undefined || result.data === null) return null;
  const extensions = isRecord(result.extensions) ? result.extensions : {};
  if (Object.keys(extensions).some((key) => key !== 'meta' && key !== 'cost')) return null;
  // The operation's cost (query-limits.ts) is fixed for the same document and variables: kept on
  // a line of its own before the data (compact JSON never holds a raw newline).
  const cost = extensions.cost === undefined ? '' : JSON.stringify(extensions.cost);
  return `${cost}\n${JSON.stringify(result.data)}`;
}

/** A cached payload as the body Apollo would have sent, with the request's id. */
const GRAPHQL_BODY = new AnswerBody((payload) => {
  const split = payload.indexOf('\n');
  const cost = split > 0 ? `,"cost":${payload.slice(0, split)}` : '';
  const data = split >= 0 ? payload.slice(split + 1) : payload;
  return [`{"data":${data},"extensions":{"meta":{"requestId":`, `}${cost}}}`];
});

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  readonly context: (args: { req: Request; res: Response }) => Promise<TContext>;
  readonly responseCache: ResponseCache;
  readonly policy: GraphQLCachePolicy;
  readonly edgeMaxAgeSeconds: number;
}

export function graphqlHandler<TContext extends BaseContext>(options: GraphQLHandlerOptions<TContext>): RequestHandler {
  const { apollo, context, responseCache, policy } = options;
  apollo.assertStarted('graphqlHandler()');

  function execute(req: Request, res: Response): Promise<HTTPGraphQLResponse> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const search = searchOf(req);
    return apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search, body: req.body },
      context: () => context({ req, res }),
    });
  }

  async function send(req: Request, res: Response, response: HTTPGraphQLResponse) {
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Errors go through res.send, where graphqlErrorResponseMeta adds the response's meta.
      if (res.statusCode < 400) sendText(req, res, response.body.string);
      else res.send(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return async (req, res) => {
    const anonymous = isAnonymous(req.headers);
    const operation = anonymous && responseCache.enabled ? operationOf(req) : null;
    // The representation the caller accepts; when none, Apollo answers it as it would uncached.
    const representation = operation ? REPRESENTATIONS.get(req.accepts(MEDIA_TYPES) || '') : undefined;
    const request =
      operation && representation
        ? policy.request(operation.query, operation.operationName, operation.variables)
        : null;
    if (!request || !representation) {
      const response = await execute(req, res);
      res.setHeader('X-Cache', 'BYPASS');
      if (!anonymous) response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
      return send(req, res, response);
    }

    const lookup = await responseCache.get(
      request.key,
      request.scopes,
      async (): Promise<Computed<HTTPGraphQLResponse>> => {
        const response = await execute(req, res);
        const payload = cacheablePayload(response);
        return { answer: payload === null ? null : answerOf(payload), own: response };
      },
    );
    const requestId = req.context?.requestId ?? '';
    if (lookup.result !== 'BYPASS' && lookup.answer) {
      if (lookup.result === 'HIT' && req.context) req.context.operationName = request.operationName || 'anonymous';
      return sendAnswer(req, res, lookup.answer, {
        result: lookup.result,
        ...representation,
        edgeMaxAgeSeconds: options.edgeMaxAgeSeconds,
        body: GRAPHQL_BODY,
        requestId,
      });
    }
    const response = lookup.result === 'MISS' && lookup.own ? lookup.own : await execute(req, res);
    res.setHeader('X-Cache', lookup.result);
    return send(req, res, response);
  };
}
