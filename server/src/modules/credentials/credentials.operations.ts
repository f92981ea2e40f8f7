import { z } from 'zod';
import type { ErrorCode } from '../../platform/errors/error-codes';
import { acceptedSchema as accepted, type RestOperation } from '../../platform/http/api-document';
import { restSchemas } from '../auth/auth.mappers';
import { restCredentialsBodies } from './credentials.validation';

/** What a route taking a token from a mailed link can answer besides success. */
const linkErrors = [
  'BAD_USER_INPUT',
  'INVALID_TOKEN',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];

/** The REST credentials operations as the OpenAPI document publishes them; the routes validate with their bodies. */
export const credentialsOperations = {
  register: {
    operationId: 'register',
    method: 'post',
    path: '/api/v1/auth/register/',
    tag: 'auth',
    summary: 'Create an account',
    body: restCredentialsBodies.register,
    success: { status: 201, description: 'The new account.', data: z.strictObject({ user: restSchemas.user }) },
    errors: [
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'SERVICE_UNAVAILABLE',
    ],
    rateLimited: true,
  },
  forgot: {
    operationId: 'forgotPassword',
    method: 'post',
    path: '/api/v1/auth/password/forgot/',
    tag: 'auth',
    summary: 'Mail a password reset link',
    description: 'Accepted for any address, known or not; only a known one gets a mail.',
    body: restCredentialsBodies.forgot,
    success: { status: 202, description: 'Accepted (whether or not the address has an account).', data: accepted },
    errors: ['BAD_USER_INPUT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
    rateLimited: true,
  },
  reset: {
    operationId: 'resetPassword',
    method: 'post',
    path: '/api/v1/auth/password/reset/',
    tag: 'auth',
    summary: 'Set a new password from a reset link',
    description: 'The link works once; every session of the account ends.',
    body: restCredentialsBodies.reset,
    success: {
      description: 'How many sessions ended.',
      data: z.strictObject({ revoked_sessions: z.int() }),
    },
    errors: linkErrors,
    rateLimited: true,
  },
  verifyEmail: {
    operationId: 'verifyEmail',
    method: 'post',
    path: '/api/v1/auth/email/verify/',
    tag: 'auth',
    summary: 'Confirm an email address from a verification link',
    body: restCredentialsBodies.verify,
    success: {
      description: 'The account whose address is now confirmed.',
      data: z.strictObject({ user: restSchemas.user.extend({ email_verified: z.literal(true) }) }),
    },
    errors: linkErrors,
    rateLimited: true,
  },
  resendVerification: {
    operationId: 'resendVerificationEmail',
    method: 'post',
    path: '/api/v1/auth/email/verify/resend/',
    tag: 'auth',
    summary: 'Mail a new verification link to yourself',
    description: 'Older links stop working; an address already confirmed gets nothing.',
    bearer: true,
    success: { status: 202, description: 'Accepted.', data: accepted },
    errors: [
      'UNAUTHENTICATED',
      'TOKEN_EXPIRED',
      'SESSION_REVOKED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'SERVICE_UNAVAILABLE',
    ],
    rateLimited: true,
  },
} satisfies Record<string, RestOperation>;
