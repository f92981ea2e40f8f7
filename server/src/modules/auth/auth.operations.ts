import { z } from 'zod';
import type { RestOperation } from '../../platform/http/api-document';
import { restTokenSchemas } from './auth.mappers';
import { restAuthBodies } from './auth.validation';

const jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'JWKS', description: 'RFC 7517 key set; empty when access tokens are signed HS256.' });

const jwksOperation = (operationId: string, path: string, summary: string): RestOperation => ({
  operationId,
  method: 'get',
  path,
  tag: 'auth',
  summary,
  success: { description: 'The key set.', data: jwks },
  raw: { contentType: 'application/json', schema: jwks },
});

/** The REST auth operations as the OpenAPI document publishes them; the routes validate with their bodies. */
export const authOperations = {
  token: {
    operationId: 'createToken',
    method: 'post',
    path: '/api/v1/auth/token/',
    tag: 'auth',
    summary: 'Sign in: a new session with an access and a refresh token',
    description: 'Also sets the `inkwell_refresh` cookie (HttpOnly, Path=/api/v1/auth) for web clients.',
    body: restAuthBodies.token,
    success: { description: 'The tokens, the session and you.', data: restTokenSchemas.login },
    errors: [
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'SERVICE_UNAVAILABLE',
    ],
    rateLimited: true,
  },
  refresh: {
    operationId: 'refreshToken',
    method: 'post',
    path: '/api/v1/auth/refresh/',
    tag: 'auth',
    summary: 'Rotate a refresh token',
    description: 'The old refresh token is spent; a copy presented again after the grace period ends the session.',
    body: restAuthBodies.refresh,
    success: {
      description: 'A new pair for the same session; `null` when no token was sent (nothing to refresh).',
      data: restTokenSchemas.tokens.nullable(),
    },
    errors: [
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'TOKEN_EXPIRED',
      'SESSION_REVOKED',
      'REFRESH_REUSED',
      'CSRF_REJECTED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'SERVICE_UNAVAILABLE',
    ],
    rateLimited: true,
  },
  logout: {
    operationId: 'logout',
    method: 'post',
    path: '/api/v1/auth/logout/',
    tag: 'auth',
    summary: 'End this session, the others, or all',
    body: restAuthBodies.logout,
    bearer: true,
    success: {
      description: 'How many sessions ended (twice is not an error).',
      data: z.strictObject({ revoked_sessions: z.int() }),
    },
    errors: [
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'TOKEN_EXPIRED',
      'CSRF_REJECTED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'SERVICE_UNAVAILABLE',
    ],
  },
  jwks: jwksOperation('authJwks', '/api/v1/auth/jwks.json', 'Public keys of the access-token signer'),
  wellKnownJwks: jwksOperation('wellKnownJwks', '/.well-known/jwks.json', 'The same keys at the well-known location'),
} satisfies Record<string, RestOperation>;
