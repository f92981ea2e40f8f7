import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { parse, type DocumentNode } from 'graphql';
import { isErrorCode } from '../errors/error-codes';
import type { GraphQLOutcome, MetricsRegistry } from '../observability/metrics-registry';
import type { GraphQLHttpContext } from './context';
import type { PersistedQueryMap } from './persisted-queries';

/** Longer names are cut: a label value stays short whatever a client names its operation. */
const MAX_NAME_LENGTH = 64;

/** The operation names of the persisted-query allowlist: they always get a label value of their own. */
export function persistedOperationNames(queries: PersistedQueryMap): Set<string> {
  const names = new Set<string>();
  for (const text of queries.values()) {
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true });
    } catch {
      continue;
    }
    for (const definition of document.definitions) {
      if (definition.kind === 'OperationDefinition' && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

/** The operation span of each GraphQL request, from the middleware that opened it to the plugin. */
const operationSpans = new WeakMap<IncomingMessage, Span>();

/**
 * Opens the GraphQL operation span around everything Apollo does for the request (parse,
 * validate, execute), so SQL and Redis spans nest under it. It is made here rather than by
 * @opentelemetry/instrumentation-graphql because operations run compiled by graphql-jit
 * (jit-executor.ts), which never calls graphql-js's `execute` that instrumentation wraps.
 * The plugin below names it after the operation Apollo resolved when it answers. (The HTTP
 * span gets its `POST /api/v1/graphql` name from the route template: tracing.ts.)
 */
export function graphqlOperationSpan(): RequestHandler {
  const tracer = trace.getTracer('inkwell-graphql');
  return (req, res, next) => {
    const active = context.active();
    const span = tracer.startSpan('graphql', { kind: SpanKind.INTERNAL }, active);
    operationSpans.set(req, span);
    // Ends it when the plugin did not (a cache hit, a request refused before Apollo). Ending an
    // ended span is not free: the SDK builds an Error (with its stack) to warn about it.
    res.once('close', () => {
      if (span.isRecording()) span.end();
    });
    context.with(trace.setSpan(active, span), next);
  };
}

function outcomeOf(hasErrors: boolean, data: unknown): GraphQLOutcome {
  if (!hasErrors) return 'success';
  return data !== null && data !== undefined ? 'partial' : 'error';
}

/**
 * Records `graphql_operation_duration_seconds` and `graphql_errors_total` for every operation
 * Apollo answers, and names its span. Error codes are the contract's (formatError has mapped
 * them); operation names are bounded by the registry.
 */
export function operationTelemetryPlugin(metrics: MetricsRegistry | null): ApolloServerPlugin<GraphQLHttpContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      // One hook per request: the operation Apollo resolved is still on the context at the end.
      return {
        async willSendResponse({ operation, response }) {
          const name = operation ? (operation.name?.value ?? 'anonymous').slice(0, MAX_NAME_LENGTH) : 'unknown';
          const type = operation?.operation ?? 'unknown';
          const span = operationSpans.get(contextValue.req);
          if (span && operation) {
            span.updateName(`${type} ${name}`);
            span.setAttributes({ 'graphql.operation.name': name, 'graphql.operation.type': type });
          }
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (result?.errors ?? []).map((error) => {
            const code = error.extensions?.code;
            return isErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR';
          });
          if (metrics) {
            for (const code of codes) metrics.graphqlError(code);
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            metrics.graphqlOperation(name, type, outcomeOf(codes.length > 0, result?.data), seconds);
          }
          if (span && codes.length > 0) {
            span.setAttribute('graphql.error.codes', [...new Set(codes)]);
            span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
          }
          span?.end();
        },
      };
    },
  };
}
