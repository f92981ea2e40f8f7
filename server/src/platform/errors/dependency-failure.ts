import { serviceUnavailable, type AppError } from './app-error';

// Socket-level failures and PostgreSQL's "connection exception" / "operator intervention" /
// "too many connections" classes: the database is down or going away, not our bug.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection.*ended unexpectedly|Client has encountered a connection error/i;

/**
 * Recognises "PostgreSQL is unreachable" in whatever shape pg and knex raise it, so both error
 * mappers (REST and GraphQL) answer 503 SERVICE_UNAVAILABLE instead of a 500.
 */
export function dependencyFailure(error: unknown): AppError | null {
  const candidate = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return null;
  const isDown =
    candidate.name === 'KnexTimeoutError' ||
    (typeof candidate.code === 'string' && CONNECTION_CODES.has(candidate.code)) ||
    (typeof candidate.message === 'string' && CONNECTION_MESSAGES.test(candidate.message));
  return isDown ? serviceUnavailable('The database', error) : null;
}
