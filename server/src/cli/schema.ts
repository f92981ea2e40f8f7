import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildGraphQLSchema, printSortedSchema } from '../platform/graphql/schema';
import { checkSchema } from '../platform/graphql/schema-check';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SCHEMA_FILE = 'schema/v1.graphql';

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/**
 * The baseline a change is judged against: `--base <ref>` when given (a PR's target branch),
 * else HEAD when the file has uncommitted edits, else the commit before the file's last change.
 */
function previousVersion(committed: string, explicit?: string): { ref: string; sdl: string } | undefined {
  const head = git('show', `HEAD:${SCHEMA_FILE}`);
  let ref: string | undefined = explicit;
  if (!ref) {
    if (head !== undefined && head !== committed) ref = 'HEAD';
    else ref = git('log', '-n', '2', '--format=%H', '--', SCHEMA_FILE)?.split('\n')[1];
  }
  const sdl = ref ? git('show', `${ref}:${SCHEMA_FILE}`) : undefined;
  return ref && sdl !== undefined ? { ref, sdl } : undefined;
}

async function main() {
  const mode = process.argv[2];
  const emitted = printSortedSchema(await buildGraphQLSchema());
  const file = path.join(REPO_ROOT, SCHEMA_FILE);
  if (mode === 'emit') {
    fs.writeFileSync(file, emitted);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
    return;
  }
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const baseFlag = process.argv.indexOf('--base');
  const previous = previousVersion(committed, baseFlag > 0 ? process.argv[baseFlag + 1] : undefined);
  const result = checkSchema({ emitted, committed, previous: previous?.sdl });
  if (result.stale) process.stderr.write(`${SCHEMA_FILE} is stale: run \`npm run schema:emit\` and commit it\n`);
  for (const change of result.breaking) {
    process.stderr.write(`breaking change against ${previous?.ref}: ${change.type}: ${change.description}\n`);
  }
  if (!result.ok) process.exit(1);
  process.stdout.write(
    `schema ok: ${SCHEMA_FILE} matches the code; ${previous ? `no breaking change against ${previous.ref.slice(0, 12)}` : 'no earlier version to compare'}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`schema ${process.argv[2]} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
