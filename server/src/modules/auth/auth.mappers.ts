import { z } from 'zod';
import { toGlobalId } from '../../platform/ids/global-id';
import { SESSION_TYPE } from '../sessions/session.type';
import type { SessionRecord } from '../sessions/session.record';
import { USER_TYPE } from '../users/user.type';
import type { UserRecord } from '../users/user.record';
import type { IssuedTokens } from './auth.service';

const timestamp = z.iso.datetime({ offset: true });
const globalId = (type: string) => z.string().meta({ description: `The global id of the ${type} (same as GraphQL).` });

/** REST response shapes: the OpenAPI document publishes them and the mappers below are typed by them. */
export const restSchemas = {
  user: z
    .strictObject({
      id: globalId('user'),
      display_name: z.string(),
      created_at: timestamp,
      email: z.email().optional().meta({ description: 'Only in answers about yourself.' }),
    })
    .meta({ id: 'User' }),
  session: z
    .strictObject({
      id: globalId('session'),
      device: z.string(),
      ip_address: z.string().nullable(),
      created_at: timestamp,
      last_used_at: timestamp,
      expires_at: timestamp,
      is_current: z.boolean(),
    })
    .meta({ id: 'Session' }),
};

const tokens = z.object({
  access: z.string().meta({ description: 'The access token (JWT): `Authorization: Bearer <access>`.' }),
  refresh: z.string().meta({ description: 'The refresh token, for POST /api/v1/auth/refresh/.' }),
  token_type: z.literal('Bearer'),
  expires_in: z.int().meta({ description: 'Seconds the access token lives.' }),
  session: restSchemas.session,
});

export const restTokenSchemas = {
  tokens: tokens.strict().meta({ id: 'Tokens' }),
  login: tokens.extend({ user: restSchemas.user }).strict().meta({ id: 'TokensWithUser' }),
};

/** REST response mappers: snake_case, whitelisted fields, ids as the same global ids GraphQL uses. */
export const restUser = (user: UserRecord, self = false): z.infer<typeof restSchemas.user> => ({
  id: toGlobalId(USER_TYPE, user.id),
  display_name: user.displayName,
  created_at: user.createdAt.toISOString(),
  ...(self && { email: user.email }),
});

export const restSession = (
  session: SessionRecord,
  currentSessionId?: string,
): z.infer<typeof restSchemas.session> => ({
  id: toGlobalId(SESSION_TYPE, session.id),
  device: session.device,
  ip_address: session.ipAddress,
  created_at: session.createdAt.toISOString(),
  last_used_at: session.lastUsedAt.toISOString(),
  expires_at: session.expiresAt.toISOString(),
  is_current: session.id === currentSessionId,
});

export const restTokens = (issued: IssuedTokens): z.infer<typeof restTokenSchemas.tokens> => ({
  access: issued.accessToken,
  refresh: issued.refreshToken,
  token_type: 'Bearer' as const,
  expires_in: issued.expiresIn,
  session: restSession(issued.session, issued.session.id),
});
