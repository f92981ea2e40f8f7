import crypto from 'node:crypto';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { AppError } from '../errors/app-error';

/**
 * Relay cursor connections (https://relay.dev/graphql/connections.htm), keyset-paginated:
 * a cursor is the sort key of its edge, never an offset, so inserts and deletes between two
 * pages neither skip nor repeat rows, and page N costs what page 1 costs.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Where a page sits in its connection (Relay).', simpleResolvers: true })
export class PageInfo {
  @Field({ description: 'Whether more edges follow (paging forward: ask again with `after: endCursor`).' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether edges come before (paging backward: ask again with `before: startCursor`).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

/** first/after and last/before, each page at most MAX_PAGE_SIZE. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size when paging forward (0-${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the edges after this cursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size when paging backward (0-${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the edges before this cursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  before?: string | null;
}

/** `Edge` for a node type: `@ObjectType('PostEdge') class PostEdge extends EdgeType(Post) {}`. */
export function EdgeType<TNode extends object>(nodeType: ClassType<TNode>) {
  @ObjectType({ simpleResolvers: true })
  abstract class Edge {
    @Field({ description: 'Opaque; pass it as `after` or `before`.' })
    cursor!: string;

    @Field(() => nodeType, { description: 'The object at this position.' })
    node!: TNode;
  }
  return Edge;
}

/**
 * `Connection` for an edge type: `class PostConnection extends ConnectionType(PostEdge, Post) {}`.
 * `nodes` is GitHub's shortcut beside `edges`: the same objects without cursors.
 */
export function ConnectionType<TEdge extends object, TNode extends object>(
  edgeType: ClassType<TEdge>,
  nodeType: ClassType<TNode>,
) {
  @ObjectType({ simpleResolvers: true })
  abstract class Connection {
    @Field(() => [edgeType], { description: "The page, in the connection's order, each with its cursor." })
    edges!: TEdge[];

    @Field(() => [nodeType], { description: 'The same page as `edges`, without cursors (for clients that need none).' })
    nodes!: TNode[];

    @Field(() => PageInfo, { description: 'Where this page sits: cursors and whether there is more.' })
    pageInfo!: PageInfo;
  }
  return Connection;
}

/* ------------------------------------------------------------------------------------------ */
/* Cursors                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * Encodes and checks the cursors of one ordering. The payload names its ordering, so a cursor
 * from another connection (or a global id) is refused, and carries a checksum, so an edited
 * one is refused too instead of silently landing somewhere else.
 */
export interface CursorCodec<TKey> {
  readonly kind: string;
  encode(key: TKey): string;
  /** The key, or null when the text is not a cursor of this ordering. */
  decode(cursor: string): TKey | null;
}

// One-shot crypto.hash (Node >= 20.12) is about twice as fast as a Hash object for a short
// payload, and every edge of every page encodes a cursor; same digest either way.
const sha256Base64url: (payload: string) => string =
  typeof crypto.hash === 'function'
    ? (payload) => crypto.hash('sha256', payload, 'base64url')
    : (payload) => crypto.createHash('sha256').update(payload).digest('base64url');

const checksum = (payload: string) => sha256Base64url(payload).slice(0, 8);

export function cursorCodec<TKey>(
  kind: string,
  toParts: (key: TKey) => string[],
  fromParts: (parts: string[]) => TKey | null,
): CursorCodec<TKey> {
  return {
    kind,
    encode(key) {
      const payload = JSON.stringify([kind, ...toParts(key)]);
      return Buffer.from(`${payload}${checksum(payload)}`, 'utf8').toString('base64url');
    },
    decode(cursor) {
      if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) return null;
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      const payload = text.slice(0, -8);
      if (payload.length === 0 || checksum(payload) !== text.slice(-8)) return null;
      try {
        const parts: unknown = JSON.parse(payload);
        if (!Array.isArray(parts) || parts[0] !== kind || !parts.every((part) => typeof part === 'string')) return null;
        return fromParts(parts.slice(1) as string[]);
      } catch {
        return null;
      }
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Page requests and results                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** What a repository needs: which way, how many, and from where (exclusive). */
export interface PageRequest<TKey> {
  readonly direction: 'forward' | 'backward';
  readonly limit: number;
  readonly cursor: TKey | null;
}

export interface PaginationInput {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const badPage = (field: string, message: string) =>
  new AppError('BAD_USER_INPUT', `Invalid pagination: ${field} ${message}.`, { details: { [field]: [message] } });

function pageSize(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badPage(field, `must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  return value;
}

function cursorKey<TKey>(codec: CursorCodec<TKey>, cursor: string | null | undefined, field: string): TKey | null {
  if (cursor === null || cursor === undefined) return null;
  const key = codec.decode(cursor);
  if (key === null) throw badPage(field, 'is not a cursor of this list');
  return key;
}

/**
 * Turns connection arguments into a page request. Mixing directions (first with before,
 * last with after) is refused: the spec allows it, clients never need it, and refusing it
 * keeps every page a single index range scan.
 */
export function pageRequest<TKey>(args: PaginationInput, codec: CursorCodec<TKey>): PageRequest<TKey> {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  const backward = last !== undefined || (args.before !== null && args.before !== undefined);
  const forward = first !== undefined || (args.after !== null && args.after !== undefined);
  if (backward && forward) throw badPage('last', 'cannot be combined with first/after; page one way at a time');
  if (backward) {
    return { direction: 'backward', limit: last ?? DEFAULT_PAGE_SIZE, cursor: cursorKey(codec, args.before, 'before') };
  }
  return { direction: 'forward', limit: first ?? DEFAULT_PAGE_SIZE, cursor: cursorKey(codec, args.after, 'after') };
}

export interface Page<TNode> {
  readonly edges: { cursor: string; node: TNode }[];
  readonly pageInfo: PageInfo;
}

/**
 * Builds a page from rows fetched in the request's direction with `limit + 1` rows (the extra
 * row only says whether there is more). Backward rows come nearest-first and are flipped back
 * to the connection's order. The side we came from is reported as "has more" when a cursor
 * was given: true unless that row was deleted since, and it costs no second query.
 */
export function toPage<TRow, TNode, TKey>(
  rows: readonly TRow[],
  request: PageRequest<TKey>,
  codec: CursorCodec<TKey>,
  keyOf: (row: TRow) => TKey,
  toNode: (row: TRow) => TNode,
): Page<TNode> {
  const more = rows.length > request.limit;
  const taken = rows.slice(0, request.limit);
  if (request.direction === 'backward') taken.reverse();
  const edges = taken.map((row) => ({ cursor: codec.encode(keyOf(row)), node: toNode(row) }));
  const cameFromCursor = request.cursor !== null;
  return {
    edges,
    pageInfo: {
      hasNextPage: request.direction === 'forward' ? more : cameFromCursor,
      hasPreviousPage: request.direction === 'backward' ? more : cameFromCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
