import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { recordErrorCodes } from '../http/envelope';
import { currentRequestContext } from '../observability/request-context';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLHttpContext } from './context';

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
export const requestMetaPlugin: ApolloServerPlugin<GraphQLHttpContext> = {
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

/** The response keys of an operation's root fields (aliases included, fragments followed). */
function rootResponseKeys(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  const keys = new Set<string>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) keys.add(selection.alias?.value ?? selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return keys;
}

/**
 * GraphQL answers 200 with errors in the body, which proxies, SDKs and retry middleware cannot
 * see. When a rate limit refused the operation's root fields and nothing else happened, the
 * request as a whole was rate limited: it answers HTTP 429 with `Retry-After` (the longest wait
 * among the refusals). "Nothing else happened": every error is RATE_LIMITED, no root field has a
 * value, and the root fields that ran were all refused: for a query (fields run side by side)
 * every one; for a mutation (fields run in order, and a refused non-null field stops the rest)
 * the first. A partial refusal (an earlier mutation field did run) stays 200.
 */
export const rateLimitStatusPlugin: ApolloServerPlugin<GraphQLHttpContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation, document }) {
        if (response.body.kind !== 'single' || !operation || !document) return;
        const { errors, data } = response.body.singleResult;
        if (!errors?.length || errors.some((error) => error.extensions?.code !== 'RATE_LIMITED')) return;
        if (data && Object.values(data).some((value) => value !== null)) return;
        const refused = new Map<string, number>();
        for (const error of errors) {
          const key = error.path?.[0];
          if (typeof key === 'string') {
            refused.set(key, Math.max(refused.get(key) ?? 0, Number(error.extensions?.retryAfter ?? 1)));
          }
        }
        const keys = [...rootResponseKeys(operation, document)];
        const allRefused =
          operation.operation === 'mutation' ? refused.has(keys[0] ?? '') : keys.every((key) => refused.has(key));
        if (!allRefused) return;
        response.http.status = 429;
        response.http.headers.set('retry-after', String(Math.max(...refused.values())));
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
