import { EventEmitter } from 'node:events';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import {
  isSpanContextValid,
  SamplingDecision,
  SpanKind,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Sampler as ApiSampler,
  type Span as ApiSpan,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultDbStatementSerializer } from '@opentelemetry/redis-common';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SamplingResult,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from '../config';
import { requestIdOf } from '../http/request-id';
import { routeOf } from '../http/route-template';
import { currentRequestContext } from './request-context';

/** The attribute every span of a request carries: the id users quote and logs carry. */
export const REQUEST_ID_ATTRIBUTE = 'request.id';

/**
 * Stamps `request.id` on each span when it starts: from the request context (AsyncLocalStorage)
 * or, for spans started before the request-id middleware ran, from the parent span.
 */
export class RequestIdSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const parent = trace.getSpan(parentContext) as Partial<ReadableSpan> | undefined;
    const requestId = currentRequestContext()?.requestId ?? parent?.attributes?.[REQUEST_ID_ATTRIBUTE];
    if (requestId !== undefined) span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
  }
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/**
 * The SDK's AsyncLocalStorage context manager, except that it leaves event emitters alone. The
 * HTTP instrumentation binds each request and response to the span's context, which replaces eight
 * listener methods on both objects, per request: each then has a hidden class of its own, every
 * property read on them in express and the middleware goes megamorphic, and every listener added
 * gets a wrapper. On Node 24, AsyncLocalStorage runs on AsyncContextFrame: a listener runs in the
 * context of the code that made the event happen (the response's writes, the body stream's
 * callbacks), which is the request's. The tracing tests pin what that must keep: SQL and Redis
 * spans under the operation, trace_id on the access log line written at 'finish'.
 */
export class RequestContextManager extends AsyncLocalStorageContextManager {
  override bind<T>(context: Context, target: T): T {
    return target instanceof EventEmitter ? target : super.bind(context, target);
  }
}

/**
 * Names the HTTP server span after the route template the app recorded (the one the metrics and
 * the access log use): `POST /api/v1/graphql`, `GET /api/v1/posts/:slug`. Unmatched requests keep
 * the method alone, as the semantic conventions ask; the static client's files too.
 */
function nameServerSpan(
  span: ApiSpan,
  request: ClientRequest | IncomingMessage,
  response: IncomingMessage | ServerResponse,
): void {
  if (!('setHeader' in response)) return; // a client span (none are made: outgoing is off)
  const route = routeOf(request as IncomingMessage, response.statusCode);
  if (!route?.startsWith('/')) return;
  span.setAttribute(ATTR_HTTP_ROUTE, route);
  span.updateName(`${request.method ?? 'GET'} ${route}`);
}

/**
 * Traces start where requests do: a span with no parent is recorded only when it is a request's
 * server span. Anything else (the GraphQL instrumentation's parse of the persisted-query
 * allowlist at startup, the schema check) would be a one-span trace of its own, with no request
 * id. Below a request's span, the configured sampler decides as usual.
 */
export class RequestRootSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (kind !== SpanKind.SERVER && !(parent && isSpanContextValid(parent))) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return this.inner.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `RequestRootSampler{${this.inner.toString()}}`;
  }
}

function samplerFor(config: TracingConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

/**
 * `db.query.text` of a Redis span: the default one (redis-common: keys, never values), except for
 * scripts, where the default writes every argument: a script's arguments are its values (a cached
 * response body, a token hash), so only the script, its key count and keys are kept.
 */
export function redisStatement(name: string, args: readonly unknown[]): string {
  if (!/^eval/i.test(name)) return defaultDbStatementSerializer(name, [...args] as (string | Buffer | number)[]);
  const keyCount = Number(args[1]) || 0;
  const kept = args.slice(0, 2 + keyCount);
  const rest = args.length - kept.length;
  return [name, ...kept.map(String), ...(rest > 0 ? [`[${rest} other arguments]`] : [])].join(' ');
}

export interface Tracing {
  /** Exports what is buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry: a Node tracer provider exporting over OTLP/HTTP (protobuf or JSON), and
 * the HTTP, GraphQL, pg and ioredis instrumentations (no express: ADR 14); the GraphQL operation span is made
 * by operation-telemetry.ts (graphql-jit hides execution from the GraphQL instrumentation). Must
 * run before those modules are loaded (main.ts imports instrument.ts first). Nothing here runs
 * when tracing is off.
 */
export function startTracing(config: TracingConfig, { metricsPort }: { metricsPort: number }): Tracing {
  const exporter =
    config.protocol === 'http/json'
      ? new JsonExporter({ url: config.tracesUrl })
      : new ProtobufExporter({ url: config.tracesUrl });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    sampler: new RequestRootSampler(samplerFor(config)) satisfies ApiSampler,
    spanProcessors: [new RequestIdSpanProcessor(), new BatchSpanProcessor(exporter)],
  });
  provider.register({ contextManager: new RequestContextManager() });
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // The API makes no outgoing HTTP calls of its own (only the exporter does).
        disableOutgoingRequestInstrumentation: true,
        // Scrapes of the metrics port are not requests anyone wants a trace of.
        ignoreIncomingRequestHook: (req) => metricsPort !== 0 && req.socket.localPort === metricsPort,
        requestHook: (span, req) => {
          if ('headers' in req && !('setHeader' in req)) {
            span.setAttribute(REQUEST_ID_ATTRIBUTE, requestIdOf(req as IncomingMessage));
          }
        },
        // The route the app matched (no express instrumentation: see ADR 14).
        applyCustomAttributesOnSpan: nameServerSpan,
      }),
      // Sees parse and validate (first time per document, Apollo caches both) and execution when
      // GRAPHQL_JIT=false; the operation span itself is made by operation-telemetry.ts.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, ignoreResolveSpans: true, mergeItems: true }),
      // Only under a request's (or a job's) span: no traces of pool housekeeping or startup.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: redisStatement }),
    ],
  });
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
