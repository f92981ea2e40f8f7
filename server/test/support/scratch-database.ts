import { createScratchDatabase } from '../../scripts/scratch-database.cjs';
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
  return createScratchDatabase({ prefix: `inkwell_test_${label}`, adminUrl: testEnv.adminDatabaseUrl, migrate: true });
}
