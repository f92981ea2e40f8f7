import { createHash } from 'node:crypto';
import {
  getNamedType,
  getOperationAST,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { stringify } from 'safe-stable-stringify';
import { cacheKeyOf, RESPONSE_SCOPES } from '../cache/response-cache';
import { LruCache } from './jit-executor';
import { fromGlobalId } from '../ids/global-id';

/**
 * Which GraphQL operations the shared response cache may answer, decided once per document
 * (ADR 13). An operation is cacheable when it is a valid query and every field it selects is a
 * public one whose answer is the same for every anonymous caller: the public roots below, and
 * any field of the public types except the ones listed as private. Everything else (the
 * viewer, sessions, tokens, introspection, types added later and not listed here) is answered
 * uncached.
 */
const PUBLIC_ROOT_FIELDS = new Set(['posts', 'post', 'node', 'nodes', 'featureFlags', '__typename']);
const PUBLIC_TYPES = new Set([
  'Query',
  'Post',
  'PostConnection',
  'PostEdge',
  'PageInfo',
  'User',
  'Node',
  'FeatureFlag',
]);
/** Fields of public types whose answer depends on who asks. */
const PRIVATE_FIELDS = new Set(['User.emailVerified', 'User.email']);
const POST_NODE_TYPE = 'Post';

/** Where a scope's value comes from: an argument of a root field, read per request. */
interface ScopeArgument {
  readonly kind: 'slug' | 'nodeId';
  readonly value: ValueNode;
}

export type CachePolicy =
  | { readonly cacheable: false; readonly reason: string }
  | {
      readonly cacheable: true;
      /** sha256 of the document text (a persisted query's id is exactly this). */
      readonly documentHash: string;
      readonly operationName: string;
      readonly variableNames: readonly string[];
      /** Declared defaults, for scope arguments whose variable the request leaves out. */
      readonly variableDefaults: Readonly<Record<string, ValueNode>>;
      readonly staticScopes: readonly string[];
      readonly scopeArguments: readonly ScopeArgument[];
    };

const notCacheable = (reason: string): CachePolicy => ({ cacheable: false, reason });

function analyse(schema: GraphQLSchema, text: string, operationName: string | undefined): CachePolicy {
  let document;
  try {
    document = parse(text, { maxTokens: 5_000 });
  } catch {
    return notCacheable('parse error');
  }
  if (validate(schema, document).length > 0) return notCacheable('invalid');
  const operation = getOperationAST(document, operationName);
  if (!operation) return notCacheable('no such operation');
  if (operation.operation !== 'query') return notCacheable(operation.operation);

  const typeInfo = new TypeInfo(schema);
  const scopes = new Set<string>();
  const scopeArguments: ScopeArgument[] = [];
  let privateField: string | undefined;
  const argument = (args: readonly ArgumentNode[] | undefined, name: string) =>
    args?.find((arg) => arg.name.value === name)?.value;

  // The whole document is visited (fragments the operation does not use included): conservative.
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType()?.name ?? '';
        const field = node.name.value;
        if (field === '__typename') return;
        const coordinate = `${parent}.${field}`;
        if (!PUBLIC_TYPES.has(parent) || PRIVATE_FIELDS.has(coordinate)) privateField ??= coordinate;
        if (parent === 'Query' && !PUBLIC_ROOT_FIELDS.has(field)) privateField ??= coordinate;
        if (field.startsWith('__')) privateField ??= coordinate;
        const type = typeInfo.getType();
        if (type && getNamedType(type).name === 'User') scopes.add(RESPONSE_SCOPES.users);
        if (coordinate === 'Query.posts' || coordinate === 'User.posts') scopes.add(RESPONSE_SCOPES.lists);
        if (coordinate === 'Query.featureFlags') scopes.add(RESPONSE_SCOPES.flags);
        if (coordinate === 'Query.post') {
          const slug = argument(node.arguments, 'slug');
          if (slug) scopeArguments.push({ kind: 'slug', value: slug });
          scopes.add(RESPONSE_SCOPES.users);
        }
        if (coordinate === 'Query.node' || coordinate === 'Query.nodes') {
          const ids = argument(node.arguments, field === 'node' ? 'id' : 'ids');
          if (ids) scopeArguments.push({ kind: 'nodeId', value: ids });
          // A node may be a user (or a post whose author was deleted).
          scopes.add(RESPONSE_SCOPES.users);
        }
      },
    }),
  );
  if (privateField) return notCacheable(`selects ${privateField}`);
  return {
    cacheable: true,
    documentHash: createHash('sha256').update(text, 'utf8').digest('hex'),
    operationName: operation.name?.value ?? '',
    variableNames: (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value).sort(),
    variableDefaults: Object.fromEntries(
      (operation.variableDefinitions ?? []).flatMap((definition) =>
        definition.defaultValue ? [[definition.variable.name.value, definition.defaultValue]] : [],
      ),
    ),
    staticScopes: [...scopes].sort(),
    scopeArguments,
  };
}

/**
 * A variable's value as GraphQL sees it: an own property of the variables only. A name such as
 * `constructor` or `toString` must not read what every object inherits (graphql-js coerces own
 * properties only, so the variable's default applies).
 */
const variableOf = (record: Readonly<Record<string, unknown>>, name: string): unknown =>
  Object.hasOwn(record, name) ? record[name] : undefined;

/** The text values an argument holds (a literal, a variable or its default, or a list of these). */
function textValues(
  value: ValueNode,
  variables: Record<string, unknown>,
  defaults: Readonly<Record<string, ValueNode>>,
): string[] {
  switch (value.kind) {
    case 'StringValue':
      return [value.value];
    case 'ListValue':
      return value.values.flatMap((item) => textValues(item, variables, defaults));
    case 'Variable': {
      const given = variableOf(variables, value.name.value);
      const fallback = variableOf(defaults, value.name.value) as ValueNode | undefined;
      if (given === undefined && fallback) return textValues(fallback, {}, {});
      const items = Array.isArray(given) ? given : [given];
      return items.filter((item): item is string => typeof item === 'string');
    }
    default:
      return [];
  }
}

/** Variables in canonical form (sorted keys), or null when they nest too deep to write out. */
function canonicalOf(declared: Record<string, unknown>): string | null {
  try {
    return stringify(declared) ?? '{}';
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** The longest canonical variables whose request is remembered (longer ones are worked out each time). */
const MEMO_VARIABLES_LENGTH = 1_024;

export interface CacheRequest {
  readonly key: string;
  readonly operationName: string;
  readonly scopes: readonly string[];
}

/** Decides per document (memoised) and builds the key and scopes of one request. */
export class GraphQLCachePolicy {
  private readonly policies = new LruCache<string, CachePolicy>(1_000);
  /** Requests already worked out, by document and canonical variables (see request). */
  private readonly requests = new LruCache<string, CacheRequest>(1_000);
  private readonly schemaVersion: string;

  constructor(
    private readonly schema: GraphQLSchema,
    schemaText: string,
  ) {
    this.schemaVersion = createHash('sha256').update(schemaText).digest('hex').slice(0, 16);
  }

  policyOf(text: string, operationName: string | undefined): CachePolicy {
    // No name and an empty name are different requests (Apollo refuses the second), and a name
    // may hold any character: the name's length first keeps every pair apart.
    const memo = operationName === undefined ? `-\n${text}` : `${operationName.length}:${operationName}\n${text}`;
    let policy = this.policies.get(memo);
    if (!policy) {
      policy = analyse(this.schema, text, operationName);
      this.policies.set(memo, policy);
    }
    return policy;
  }

  /**
   * The key: operation (document hash), operation name, the declared variables in canonical form
   * (sorted keys; undeclared ones ignored, so junk cannot multiply keys) and the schema version.
   * Nothing else from the request.
   */
  request(text: string, operationName: string | undefined, variables: Record<string, unknown>): CacheRequest | null {
    const policy = this.policyOf(text, operationName);
    if (!policy.cacheable) return null;
    const declared = Object.fromEntries(
      policy.variableNames.flatMap((name) => {
        const value = variableOf(variables, name);
        return value === undefined ? [] : [[name, value]];
      }),
    );
    const canonical = canonicalOf(declared);
    // Variables too deep to put in canonical form (graphql-js refuses them): not cached here.
    if (canonical === null) return null;
    // The same operation with the same variables is the same request: its key and scopes are
    // worked out once (a page's readers all send the same), short variables only.
    const memo =
      canonical.length <= MEMO_VARIABLES_LENGTH
        ? `${policy.documentHash}\n${policy.operationName}\n${canonical}`
        : null;
    const known = memo === null ? undefined : this.requests.get(memo);
    if (known) return known;
    const key = cacheKeyOf('graphql', this.schemaVersion, policy.documentHash, policy.operationName, canonical);
    const scopes = new Set(policy.staticScopes);
    for (const { kind, value } of policy.scopeArguments) {
      for (const text of textValues(value, variables, policy.variableDefaults)) {
        if (kind === 'slug') scopes.add(RESPONSE_SCOPES.slug(text));
        else {
          const id = fromGlobalId(text);
          if (id?.type === POST_NODE_TYPE) scopes.add(RESPONSE_SCOPES.post(id.key));
        }
      }
    }
    const request = { key, operationName: policy.operationName, scopes: [...scopes] };
    if (memo !== null) this.requests.set(memo, request);
    return request;
  }
}
