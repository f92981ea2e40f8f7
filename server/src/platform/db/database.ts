import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { Logger } from 'pino';
import { lockDataDirectory } from './data-dir-lock';
import { useFastTimestampParser } from './timestamp-parser';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

export interface DatabaseOptions {
  /** A postgres:// URL, or undefined for embedded PGlite under `dataDir`. */
  url: string | undefined;
  dataDir: string;
  /** In-memory PGlite (tests in embedded mode); ignored when `url` is set. */
  inMemory?: boolean;
  poolMax?: number;
  /** Where knex's own warnings go (it prints to the console otherwise). */
  logger?: Logger;
}

const migrationsConfig: Knex.MigratorConfig = {
  directory: MIGRATIONS_DIR,
  tableName: 'knex_migrations',
  loadExtensions: ['.js'],
};

/**
 * One knex instance for the process (the data layer: ADR 7). PostgreSQL gets bounded connect,
 * acquire and statement timeouts so a dead database turns into a quick error, never a hang.
 */
export function createDatabase(options: DatabaseOptions): Knex {
  const logger = options.logger;
  const log = {
    warn: (message: unknown) => logger?.warn({ knex: String(message) }, 'knex warning'),
    error: (message: unknown) => logger?.warn({ knex: String(message) }, 'knex error'),
    deprecate: (message: unknown) => logger?.debug({ knex: String(message) }, 'knex deprecation'),
    debug: (message: unknown) => logger?.debug({ knex: String(message) }, 'knex debug'),
  };
  // timestamptz read without postgres-date's regular expressions (timestamp-parser.ts).
  if (options.url) useFastTimestampParser();
  const db = options.url
    ? knexFactory({
        client: 'pg',
        connection: {
          connectionString: options.url,
          connectionTimeoutMillis: 2_000,
          statement_timeout: 10_000,
          application_name: 'inkwell-api',
        },
        pool: { min: 0, max: options.poolMax ?? 10, idleTimeoutMillis: 30_000 },
        acquireConnectionTimeout: 3_000,
        migrations: migrationsConfig,
        log,
      })
    : knexFactory({
        client: ClientPgLite as unknown as typeof Knex.Client,
        dialect: 'postgres',
        connection: options.inMemory ? {} : { filename: embeddedPath(options.dataDir) },
        migrations: migrationsConfig,
        log,
      } as Knex.Config);
  return db;
}

/** PGlite's files under `dataDir`, claimed for this process first (data-dir-lock.ts). */
function embeddedPath(dataDir: string): string {
  lockDataDirectory(dataDir);
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}

/** Resolves when `promise` does, or rejects after `ms` (health checks must answer promptly). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** The pool's connections now (knex's tarn pool); null before knex made one. */
export function poolStats(db: Knex): { used: number; idle: number; waiting: number } | null {
  const pool = (db.client as { pool?: TarnPool | null }).pool;
  if (!pool || typeof pool.numUsed !== 'function') return null;
  return { used: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires() };
}
