/** A user as the rest of the app sees it: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  role: 'author' | 'admin';
  tokenVersion: number;
  /** Grows on every change of token_version, role or account state (the cache's version). */
  authVersion: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}
