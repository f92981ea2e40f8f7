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
      // Every line written while a request is in flight carries its id, whoever logs it.
      mixin() {
        const context = currentRequestContext();
        return context ? { request_id: context.requestId } : {};
      },
    },
    destination,
  );
}
