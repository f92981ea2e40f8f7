export interface SessionRecord {
  id: string;
  userId: string;
  device: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  currentJtiHash: string;
  previousJtiHash: string | null;
  rotatedAt: Date | null;
}

export type RevokedReason =
  | 'logout'
  | 'logout_others'
  | 'logout_global'
  | 'revoked_by_user'
  | 'evicted'
  | 'password_changed'
  | 'refresh_reused'
  | 'revoked_by_admin'
  | 'account_deleted';
