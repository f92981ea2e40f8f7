export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export declare const DEFAULT_ADMIN_URL: string;

export declare function createScratchDatabase(options: {
  /** Lower-case letters, digits and `_`: the name is `<prefix>_<time>_<random>`. */
  prefix: string;
  /** A database URL on the server to create it on (default: the contract's local PostgreSQL). */
  adminUrl?: string;
  /** Apply the server's migrations before returning. */
  migrate?: boolean;
}): Promise<ScratchDatabase>;

export declare function dropScratchDatabase(url: string, adminUrl?: string): Promise<void>;
