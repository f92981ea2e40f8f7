import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { recordErrorCodes } from '../http/envelope';
import { currentRequestContext } from '../observability/request-context';
import type { GraphQLContext } from './context';

const codesOf = (errors: readonly GraphQLFormattedError[] | undefined) =>
  (errors ?? []).map((error) => error.extensions?.code).filter((code): code is string => typeof code === 'string');

/**
 * The HTTP status a result deserves beyond Apollo's own: an APQ miss is a 400 (its body says
 * so); when every root field failed because a dependency is down, 503, so load balancers and
 * status-code alerts see the outage.
 */
export function resultStatus(
  data: Record<string, unknown> | null | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): number | undefined {
  if (!errors?.length) return undefined;
  const codes = codesOf(errors);
  if (codes.length === errors.length && codes.every((code) => code === 'PERSISTED_QUERY_NOT_FOUND')) return 400;
  const nothingResolved = data === null || data === undefined || Object.values(data).every((value) => value === null);
  if (nothingResolved && codes.length === errors.length && codes.every((code) => code === 'SERVICE_UNAVAILABLE')) {
    return 503;
  }
  return undefined;
}

/**
 * Adds `extensions.meta.requestId` to every response (errors included), records the operation
 * name and error codes for the access log, and sets the statuses of resultStatus. Responses are
 * never cacheable (`Cache-Control: no-store`, what Apollo's cache-control plugin answered for a
 * schema without cache hints).
 */
export const requestMetaPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, operation, contextValue }) {
        contextValue.request.operationName = request.operationName ?? operation?.name?.value ?? 'anonymous';
      },
      async willSendResponse({ response, contextValue }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const requestId = contextValue.requestId;
        result.extensions = { ...result.extensions, meta: { requestId } };
        result.errors = result.errors?.map((error) =>
          error.extensions?.requestId ? error : { ...error, extensions: { ...error.extensions, requestId } },
        );
        recordErrorCodes(codesOf(result.errors));
        const status = resultStatus(result.data, result.errors);
        if (status !== undefined) response.http.status = status;
        if (status === 503) response.http.headers.set('retry-after', '5');
      },
    };
  },
};

/**
 * Apollo answers some requests without running any plugin hook (CSRF refusal, a batch when
 * batching is off, an empty or unreadable body): formatError gives their errors a requestId,
 * but the response-level `extensions.meta` is added here. Only error statuses are inspected,
 * so a successful response is never parsed twice.
 */
export const graphqlErrorResponseMeta: RequestHandler = (req, res, next) => {
  // express 5 leaves `req.body` unset for a content type express.json does not read; Apollo's
  // integration answers that with a 500. An empty body lets Apollo say what is wrong (400).
  req.body ??= {};
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (res.statusCode >= 400 && typeof body === 'string' && body.startsWith('{')) {
      try {
        const parsed = JSON.parse(body) as {
          errors?: GraphQLFormattedError[];
          extensions?: Record<string, unknown>;
        };
        if (Array.isArray(parsed.errors) && !parsed.extensions?.meta) {
          const requestId = currentRequestContext()?.requestId;
          parsed.extensions = { ...parsed.extensions, meta: { requestId } };
          recordErrorCodes(codesOf(parsed.errors));
          return send(JSON.stringify(parsed));
        }
      } catch {
        // Not JSON after all: sent as it is.
      }
    }
    return send(body);
  };
  next();
};
