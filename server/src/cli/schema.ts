import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildGraphQLSchema, printSortedSchema } from '../platform/graphql/schema';
import { resolvers } from '../resolvers';
import { checkSchema, schemaBaselines } from '../platform/graphql/schema-check';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SCHEMA_FILE = 'schema/v1.graphql';

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Every value of a repeatable flag (`--base a --base b`). */
function flagValues(name: string): string[] {
  return process.argv.flatMap((arg, index) =>
    arg === name && process.argv[index + 1] ? [process.argv[index + 1]!] : [],
  );
}

async function main() {
  const mode = process.argv[2];
  const emitted = printSortedSchema(await buildGraphQLSchema(resolvers));
  const file = path.join(REPO_ROOT, SCHEMA_FILE);
  if (mode === 'emit') {
    fs.writeFileSync(file, emitted);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
    return;
  }
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const bases = schemaBaselines({ git, file: SCHEMA_FILE, committed, explicit: flagValues('--base') });
  const compared = bases.filter((base) => base.sdl !== undefined);
  // In CI the baseline must be a fixed ref that holds the schema, never the file's own parent.
  if (process.argv.includes('--require-base') && (flagValues('--base').length === 0 || compared.length === 0)) {
    process.stderr.write(
      `no earlier ${SCHEMA_FILE} to compare against${bases.length ? ` at ${bases.map((b) => b.ref).join(', ')}` : ''}: the contract gate cannot pass without a baseline\n`,
    );
    process.exit(1);
  }
  let ok = true;
  for (const base of [...compared, ...(compared.length === 0 ? [{ ref: '', sdl: undefined }] : [])]) {
    const result = checkSchema({ emitted, committed, previous: base.sdl });
    if (result.stale && ok)
      process.stderr.write(`${SCHEMA_FILE} is stale: run \`npm run schema:emit\` and commit it\n`);
    for (const change of result.breaking) {
      process.stderr.write(`breaking change against ${base.ref}: ${change.type}: ${change.description}\n`);
    }
    ok &&= result.ok;
  }
  for (const base of bases.filter((base) => base.sdl === undefined)) {
    process.stdout.write(`note: ${SCHEMA_FILE} did not exist at ${base.ref}\n`);
  }
  if (!ok) process.exit(1);
  const against = compared.map((base) => base.ref.slice(0, 40)).join(', ');
  process.stdout.write(
    `schema ok: ${SCHEMA_FILE} matches the code; ${against ? `no breaking change against ${against}` : 'no earlier version to compare'}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`schema ${process.argv[2]} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
