import { toGlobalId } from '../../platform/graphql/relay-id';
import { SESSION_TYPE } from '../sessions/session.type';
import type { SessionRecord } from '../sessions/session.types';
import { USER_TYPE } from '../users/user.type';
import type { UserRecord } from '../users/user.types';
import type { IssuedTokens } from './auth.service';

/** REST response mappers: snake_case, whitelisted fields, ids as the same global ids GraphQL uses. */
export const restUser = (user: UserRecord, self = false) => ({
  id: toGlobalId(USER_TYPE, user.id),
  display_name: user.displayName,
  created_at: user.createdAt.toISOString(),
  ...(self && { email: user.email }),
});

export const restSession = (session: SessionRecord, currentSessionId?: string) => ({
  id: toGlobalId(SESSION_TYPE, session.id),
  device: session.device,
  ip_address: session.ipAddress,
  created_at: session.createdAt.toISOString(),
  last_used_at: session.lastUsedAt.toISOString(),
  expires_at: session.expiresAt.toISOString(),
  is_current: session.id === currentSessionId,
});

export const restTokens = (issued: IssuedTokens) => ({
  access: issued.accessToken,
  refresh: issued.refreshToken,
  token_type: 'Bearer' as const,
  expires_in: issued.expiresIn,
  session: restSession(issued.session, issued.session.id),
});
