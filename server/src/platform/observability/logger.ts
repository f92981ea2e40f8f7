import pino, { type Logger } from 'pino';
import { redactSecrets } from './redact';
import { currentRequestContext } from './request-context';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'inkwell-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Every line's fields are redacted by key name at any depth (redact.ts), whoever logs them.
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object) as Record<string, unknown>,
      },
      // Every line written while a request is in flight carries its id, whoever logs it.
      mixin() {
        const context = currentRequestContext();
        return context ? { request_id: context.requestId } : {};
      },
    },
    destination,
  );
  // pino resets the bindings formatter for children, so child bindings are redacted here; the
  // override is inherited by every descendant (pino children are prototype copies).
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings) as typeof bindings, options);
  } as typeof logger.child;
  return logger;
}
