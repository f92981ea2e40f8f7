export const TOKEN_SCOPES = ['READ_POSTS', 'WRITE_POSTS', 'READ_ACCOUNT'] as const;
export type TokenScopeValue = (typeof TOKEN_SCOPES)[number];

/** A personal access token as stored: never the secret, only its hash. */
export interface PersonalAccessTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly tokenHash: string;
  readonly scopes: readonly TokenScopeValue[];
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}
