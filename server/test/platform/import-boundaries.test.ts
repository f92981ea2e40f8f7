import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The import boundaries of ADR 19 (.dependency-cruiser.cjs, run by `npm run lint`): the real tree
 * keeps them, and each rule refuses the import it is there to refuse, so a rule that silently
 * stopped matching (a moved folder, a regex typo) fails here rather than passing forever.
 */
const SERVER = path.resolve(__dirname, '../..');
const ROOT = path.resolve(SERVER, '..');
const CONFIG = path.join(SERVER, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

interface CruiseResult {
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

/** What dependency-cruiser finds in `cwd`/src (the JSON reporter exits 0 either way; `npm run lint` uses `err`, which fails). */
function cruise(cwd: string): CruiseResult {
  const output = execFileSync(
    process.execPath,
    [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json', '--no-progress'],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(output) as CruiseResult;
}

/** A throwaway tree laid out like server/ (src/, tsconfig.json, node_modules) holding `files`. */
function fixture(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-boundaries-'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true } }),
  );
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/**
 * One throwaway tree holding one deliberately bad import per rule (each in a folder of its own),
 * cruised once: starting dependency-cruiser costs seconds, the tree costs nothing.
 */
const BAD_IMPORTS: Record<string, string> = {
  // platform → module
  'src/platform/cache/probe.ts':
    "import { PostService } from '../../modules/posts/post.service';\nexport { PostService };\n",
  'src/modules/posts/post.service.ts': 'export class PostService {}\n',
  // platform → app layer (the old GraphQL context reached the app's services)
  'src/platform/graphql/context.ts':
    "import type { AppServices } from '../../services';\nexport type C = AppServices;\n",
  'src/services.ts': 'export interface AppServices {\n  readonly n: number;\n}\n',
  // a cycle of type-only imports
  'src/modules/cycle/a.service.ts': "import type { B } from './b.repository';\nexport interface A {\n  b: B;\n}\n",
  'src/modules/cycle/b.repository.ts': "import type { A } from './a.service';\nexport interface B {\n  a: A;\n}\n",
  // services importing transport packages
  'src/modules/gql/gql.service.ts': "import { GraphQLError } from 'graphql';\nexport const e = GraphQLError;\n",
  'src/modules/tgql/tgql.service.ts': "import { Field } from 'type-graphql';\nexport const f = Field;\n",
  'src/modules/web/web.service.ts': "import type { Request } from 'express';\nexport type R = Request;\n",
  // a repository importing the GraphQL platform and its module's GraphQL type
  'src/modules/drafts/draft.repository.ts':
    "import { PageInfo } from '../../platform/graphql/connection';\nimport { Draft } from './draft.type';\nexport const p = [PageInfo, Draft];\n",
  'src/platform/graphql/connection.ts': 'export class PageInfo {}\n',
  'src/modules/drafts/draft.type.ts': 'export class Draft {}\n',
  // a service reaching express through a helper of its module
  'src/modules/pages/page.service.ts': "import { cookieName } from './page.cookies';\nexport const n = cookieName;\n",
  'src/modules/pages/page.cookies.ts':
    "import type { Request } from 'express';\nexport const cookieName = (req: Request) => req.path;\n",
  // a repository calling up into a service
  'src/modules/notes/note.repository.ts':
    "import { NoteService } from './note.service';\nexport const s = NoteService;\n",
  'src/modules/notes/note.service.ts': 'export class NoteService {}\n',
  // GraphQL in the request scope and in pagination
  'src/platform/request-scope/request-scope.ts':
    "import { GraphQLError } from 'graphql';\nexport const e = GraphQLError;\n",
  'src/platform/pagination/page.ts': "import { ObjectType } from 'type-graphql';\nexport const o = ObjectType;\n",
  // a module reaching for the composition root
  'src/modules/feeds/feed.routes.ts': "import { createApp } from '../../app';\nexport const c = createApp;\n",
  'src/app.ts': 'export const createApp = () => ({});\n',
};

describe('import boundaries (dependency-cruiser)', () => {
  let dir: string;
  let refused: { rule: string; from: string; to: string }[];

  beforeAll(() => {
    dir = fixture(BAD_IMPORTS);
    refused = cruise(dir).summary.violations.map(({ rule, from, to }) => ({ rule: rule.name, from, to }));
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hold for server/src: no cycle, no platform → module edge, no transport in services', () => {
    expect(cruise(SERVER).summary.violations).toEqual([]);
  }, 60_000);

  it.each([
    [
      'a platform file that imports a module',
      'platform-knows-no-feature',
      'src/platform/cache/probe.ts',
      'src/modules/posts/post.service.ts',
    ],
    [
      'a platform file that imports the app layer',
      'platform-knows-no-feature',
      'src/platform/graphql/context.ts',
      'src/services.ts',
    ],
    [
      'an import cycle of type-only imports',
      'no-cycles',
      'src/modules/cycle/a.service.ts',
      'src/modules/cycle/b.repository.ts',
    ],
    [
      'a service that imports graphql',
      'services-and-data-import-no-transport',
      'src/modules/gql/gql.service.ts',
      'graphql',
    ],
    [
      'a service that imports type-graphql',
      'services-and-data-import-no-transport',
      'src/modules/tgql/tgql.service.ts',
      'type-graphql',
    ],
    [
      'a service that imports express',
      'services-and-data-import-no-transport',
      'src/modules/web/web.service.ts',
      'express',
    ],
    [
      'a repository that imports the GraphQL platform',
      'services-and-data-import-no-transport',
      'src/modules/drafts/draft.repository.ts',
      'src/platform/graphql/connection.ts',
    ],
    [
      'a repository that imports a GraphQL type',
      'services-and-data-import-no-transport',
      'src/modules/drafts/draft.repository.ts',
      'src/modules/drafts/draft.type.ts',
    ],
    [
      'a service that reaches express through a helper',
      'services-and-data-reach-no-transport',
      'src/modules/pages/page.service.ts',
      'express',
    ],
    [
      'a repository that calls up into a service',
      'data-imports-no-service',
      'src/modules/notes/note.repository.ts',
      'src/modules/notes/note.service.ts',
    ],
    [
      'GraphQL in the request scope',
      'transport-free-platform-pieces',
      'src/platform/request-scope/request-scope.ts',
      'graphql',
    ],
    ['type-graphql in pagination', 'transport-free-platform-pieces', 'src/platform/pagination/page.ts', 'type-graphql'],
    [
      'a module that reaches for the composition root',
      'modules-import-no-composition-root',
      'src/modules/feeds/feed.routes.ts',
      'src/app.ts',
    ],
  ])('refuse %s', (_what, rule, from, to) => {
    // Packages resolve to a path under node_modules; files to their path in the tree.
    const target = to.startsWith('src/') ? to : expect.stringMatching(new RegExp(`node_modules/${to}/`));
    expect(refused).toContainEqual({ rule, from, to: target });
  });
});
