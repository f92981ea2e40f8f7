import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabase, migrateLatest } from '../../src/platform/db/database';
import { testEnv } from './env';

export interface ScratchDatabase {
  /** undefined in embedded mode, where each test file already has its own in-memory database. */
  readonly url?: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of the file's own, for tests that change global state (feature flags are
 * global: flipping one in the run's shared database would close registration under the other
 * test files running beside it).
 */
export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  if (testEnv.embedded) return { drop: async () => {} };
  const name = `inkwell_test_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testEnv.adminDatabaseUrl!);
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), dataDir: '' });
  await migrateLatest(db);
  await db.destroy();
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new Client({ connectionString: testEnv.adminDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
