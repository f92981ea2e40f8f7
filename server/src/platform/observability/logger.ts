import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { isoTimestamp } from '../text/iso-timestamp';
import { turnBatchedStdout } from './log-destination';
import { redactSecrets, VETTED_FIELDS } from './redact';
import { currentRequestContext } from './request-context';

/** What the mixin adds to a line outside a request, or to one that has its request's id. */
const NOTHING = Object.freeze({});

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'inkwell-api' },
      // pino's isoTime, with the faster formatter of the same text (iso-timestamp.ts).
      timestamp: () => `,"time":"${isoTimestamp(new Date())}"`,
      // Every line's fields are redacted by key name at any depth (redact.ts), whoever logs them.
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) =>
          (object as { [VETTED_FIELDS]?: true })[VETTED_FIELDS]
            ? object
            : (redactSecrets(object) as Record<string, unknown>),
      },
      // Every line written while a request is in flight carries its id, whoever logs it;
      // inside a traced request, trace_id and span_id too: from a log line to its trace.
      mixin(line) {
        const context = currentRequestContext();
        if (!context) return NOTHING;
        const span = trace.getSpan(otelContext.active())?.spanContext();
        if (span && isSpanContextValid(span)) {
          return { request_id: context.requestId, trace_id: span.traceId, span_id: span.spanId };
        }
        // A line that carries its request's id already (the access line) needs nothing added.
        return (line as { request_id?: unknown }).request_id === context.requestId
          ? NOTHING
          : { request_id: context.requestId };
      },
      // pino's own strategy copies the line into the mixin's object: not when there is nothing.
      mixinMergeStrategy: (line, mixed) => (mixed === NOTHING ? line : Object.assign(mixed, line)),
    },
    // Standard output by default, written once per event-loop turn (log-destination.ts).
    destination ?? turnBatchedStdout(),
  );
  // pino resets the bindings formatter for children, so child bindings are redacted here; the
  // override is inherited by every descendant (pino children are prototype copies).
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings) as typeof bindings, options);
  } as typeof logger.child;
  return logger;
}
