import { loadConfig } from '../platform/config';
import { createDatabase, migrateLatest } from '../platform/db/database';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function run() {
  const config = loadConfig();
  const db = createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateLatest(db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
  } finally {
    await db.destroy();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
