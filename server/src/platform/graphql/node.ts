import { Arg, Ctx, Field, ID, InterfaceType, Query, Resolver } from 'type-graphql';
import { AppError } from '../errors/app-error';
import type { RequestScope } from '../request-scope/request-scope';
import { fromGlobalId } from '../ids/global-id';

/** Marks a plain object with its GraphQL type, so `Node` can be resolved without classes. */
export const NODE_TYPE = Symbol('nodeType');

export type Typed<T> = T & { [NODE_TYPE]: string };

export const asNode = <T extends object>(type: string, value: T): Typed<T> =>
  Object.assign(value, { [NODE_TYPE]: type });

/** The concrete type of a node: the mark `asNode` left on it. */
export const resolveNodeType = (value: Partial<Typed<object>>): string | undefined => value[NODE_TYPE];

@InterfaceType({
  description: 'An object with a globally unique, opaque id (Relay Object Identification).',
  resolveType: resolveNodeType,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id; refetch it with `node(id:)`.' })
  id!: string;
}

/** Loads nodes of one type by key for the current request; null where missing or not visible. */
export type NodeLoader = (keys: readonly string[], scope: RequestScope) => Promise<(object | null)[]>;

/** One node type and how to load it; each feature exports its own (e.g. posts/post.node.ts). */
export interface NodeSource {
  readonly type: string;
  readonly load: NodeLoader;
}

/** Which feature resolves which node type. The composition root (services.ts) lists them. */
export class NodeRegistry {
  private readonly loaders: Map<string, NodeLoader>;

  constructor(sources: readonly NodeSource[]) {
    this.loaders = new Map(sources.map(({ type, load }) => [type, load]));
  }

  /** Adds (or replaces) one type's loader after construction: tests that need odd nodes. */
  register(type: string, loader: NodeLoader): void {
    this.loaders.set(type, loader);
  }

  /** Resolves global ids in order, batching per type; unknown or invalid ids give null. */
  async resolve(ids: readonly string[], scope: RequestScope): Promise<(object | null)[]> {
    const decoded = ids.map(fromGlobalId);
    const byType = new Map<string, string[]>();
    decoded.forEach((id) => {
      if (id && this.loaders.has(id.type)) byType.set(id.type, [...(byType.get(id.type) ?? []), id.key]);
    });
    const found = new Map<string, object | null>();
    await Promise.all(
      [...byType].map(async ([type, keys]) => {
        const unique = [...new Set(keys)];
        const rows = await this.loaders.get(type)!(unique, scope);
        unique.forEach((key, index) => found.set(`${type}:${key}`, rows[index] ? asNode(type, rows[index]) : null));
      }),
    );
    return decoded.map((id) => (id ? (found.get(`${id.type}:${id.key}`) ?? null) : null));
  }
}

/** What `node`/`nodes` need from the GraphQL context: the request scope and the registry. */
export interface NodeContext extends RequestScope {
  readonly nodes: NodeRegistry;
}

/** One `nodes` call resolves at most this many ids (the same cap as a connection page). */
export const MAX_NODE_IDS = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetches any object by its global id.' })
  async node(
    @Arg('id', () => ID, { description: 'A global id from any `id` field.' }) id: string,
    @Ctx() context: NodeContext,
  ): Promise<object | null> {
    const [node] = await context.nodes.resolve([id], context);
    return node ?? null;
  }

  @Query(() => [Node], { nullable: 'items', description: 'Fetches objects by global id, keeping order and length.' })
  async nodes(
    @Arg('ids', () => [ID], { description: 'Global ids (at most 100).' }) ids: string[],
    @Ctx() context: NodeContext,
  ): Promise<(object | null)[]> {
    if (ids.length > MAX_NODE_IDS) {
      throw new AppError('BAD_USER_INPUT', `Ask for at most ${MAX_NODE_IDS} ids at a time.`, {
        details: { ids: [`must hold at most ${MAX_NODE_IDS} ids`] },
      });
    }
    return context.nodes.resolve(ids, context);
  }
}
