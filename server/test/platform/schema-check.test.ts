import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGraphQLSchema, printSortedSchema } from '../../src/platform/graphql/schema';
import { resolvers } from '../../src/resolvers';
import { checkSchema, schemaBaselines } from '../../src/platform/graphql/schema-check';

const V1 = `type Query { post(slug: String!): Post }\ntype Post { id: ID! title: String! body: String! }\n`;

describe('schema:check', () => {
  it('catches a removed field as a breaking change', () => {
    const withoutBody = `type Query { post(slug: String!): Post }\ntype Post { id: ID! title: String! }\n`;
    const result = checkSchema({ emitted: withoutBody, committed: withoutBody, previous: V1 });
    expect(result.ok).toBe(false);
    expect(result.breaking.map((change) => change.description)).toEqual(['Post.body was removed.']);
  });

  it('accepts an additive change', () => {
    const additive = `type Query { post(slug: String!): Post }\ntype Post { id: ID! title: String! body: String! excerpt: String }\n`;
    expect(checkSchema({ emitted: additive, committed: additive, previous: V1 }).ok).toBe(true);
  });

  it('fails when the committed file is stale', () => {
    const result = checkSchema({ emitted: V1, committed: `${V1}\n# edited by hand\n`, previous: undefined });
    expect(result).toMatchObject({ ok: false, stale: true });
  });

  it('the committed schema/v1.graphql matches the code', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../../schema/v1.graphql'), 'utf8');
    expect(printSortedSchema(await buildGraphQLSchema(resolvers))).toBe(committed);
  });
});

describe('schema:check against a fixed baseline (--base)', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-schema-'));
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
  const commit = (sdl: string, message: string) => {
    fs.writeFileSync(path.join(repo, 'v1.graphql'), sdl);
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '-qm', message);
  };
  const withoutBody = `type Query { post(slug: String!): Post }\ntype Post { id: ID! title: String! }\n`;
  const later = `type Query { post(slug: String!): Post }\ntype Post { id: ID! title: String! excerpt: String }\n`;
  beforeAll(() => {
    git('init', '-q');
    commit(V1, 'v1');
    git('tag', 'v1.0.0');
    commit(withoutBody, 'breaking');
    commit(later, 'any later schema commit');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  const breakingAgainst = (explicit: string[]) =>
    schemaBaselines({ git, file: 'v1.graphql', committed: later, explicit }).flatMap(
      (base) => checkSchema({ emitted: later, committed: later, previous: base.sdl }).breaking,
    );

  it('a breaking commit hidden behind a later one passes against the parent, fails against the release tag', () => {
    expect(breakingAgainst([])).toEqual([]);
    expect(breakingAgainst(['v1.0.0']).map((change) => change.description)).toEqual(['Post.body was removed.']);
  });

  it('a baseline that does not resolve (a shallow clone) is an error, not a pass', () => {
    expect(() => breakingAgainst(['origin/main'])).toThrow(/does not resolve/);
  });
});
