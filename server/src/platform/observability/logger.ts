import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { currentRequestContext } from './request-context';

/**
 * Paths pino removes before a line is written. Secrets must never reach a log, whatever
 * object they arrive in, so the list covers headers and the body fields that carry them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-refresh-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refresh',
  '*.refreshToken',
  '*.access',
  '*.accessToken',
  '*.token',
  'password',
  'token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'inkwell-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
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
    destination,
  );
}
