import fs from 'node:fs';
import path from 'node:path';
import { buildGraphQLSchema, printSortedSchema } from '../../src/platform/graphql/schema';
import { checkSchema } from '../../src/platform/graphql/schema-check';

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
    expect(printSortedSchema(await buildGraphQLSchema())).toBe(committed);
  });
});
