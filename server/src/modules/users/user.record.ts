export type Role = 'author' | 'admin';

/** A user as the rest of the app sees it: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  tokenVersion: number;
  /** Grows on every change of token_version, role or account state (the cache's version). */
  authVersion: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/**
 * What anyone may see of a user (GraphQL's User, REST's author, the site's pages): all a public
 * page reads of its authors, so no email or auth state travels on the public path.
 */
export type PublicUserRecord = Pick<UserRecord, 'id' | 'displayName' | 'createdAt'>;

export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}

/** The part of a user every authenticated request must see (cached by auth, true in PostgreSQL). */
export interface UserAuthState {
  /** Grows on every change below; the cache is written monotonically on it. */
  authVersion: number;
  /** Carried by every token; a token with another version is refused. */
  tokenVersion: number;
  role: Role;
  deleted: boolean;
}

/** The auth state of a user record. */
export const authStateOf = (
  user: Pick<UserRecord, 'authVersion' | 'tokenVersion' | 'role' | 'deletedAt'>,
): UserAuthState => ({
  authVersion: user.authVersion,
  tokenVersion: user.tokenVersion,
  role: user.role,
  deleted: user.deletedAt !== null,
});
