import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { isoTimestamp } from '../text/iso-timestamp';
import { turnBatchedStdout } from './log-destination';
import { redactSecrets, VETTED_FIELDS } from './redact';
import { currentRequestContext } from './request-context';

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
      mixin() {
        const context = currentRequestContext();
        if (!context) return {};
        const span = trace.getSpan(otelContext.active())?.spanContext();
        return span && isSpanContextValid(span)
          ? { request_id: context.requestId, trace_id: span.traceId, span_id: span.spanId }
          : { request_id: context.requestId };
      },
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
