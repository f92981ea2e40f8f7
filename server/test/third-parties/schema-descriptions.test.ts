import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildGraphQLSchema } from '../../src/platform/graphql/schema';
import { resolvers } from '../../src/resolvers';

/** Every type, field, argument and enum value of a schema that has no description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (described: { description?: string | null }, name: string) => {
    if (!described.description?.trim()) missing.push(name);
  };
  const types = Object.values(schema.getTypeMap()).filter((type: GraphQLNamedType) => !type.name.startsWith('__'));
  for (const type of types) {
    check(type, type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(field, `${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) check(arg, `${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) check(value, `${type.name}.${value.name}`);
  }
  return missing;
}

describe('the schema described to the last field', () => {
  it('every type, field, argument and enum value of the SDL has a description', async () => {
    expect(undescribed(await buildGraphQLSchema(resolvers))).toEqual([]);
  });

  it('the check notices a missing one', async () => {
    const schema = await buildGraphQLSchema(resolvers);
    const post = schema.getType('Post');
    if (!isObjectType(post)) throw new Error('Post is not an object type');
    const title = post.getFields().title!;
    const saved = title.description;
    title.description = undefined;
    try {
      expect(undescribed(schema)).toEqual(['Post.title']);
    } finally {
      title.description = saved;
    }
  });
});
