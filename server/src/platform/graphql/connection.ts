import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { MAX_PAGE_SIZE, type PagePosition } from '../pagination/page';

/**
 * The GraphQL shapes of Relay cursor connections (https://relay.dev/graphql/connections.htm).
 * Paging itself (cursors, page requests, sizes) is platform/pagination's, shared with REST:
 * a cursor is the sort key of its edge, never an offset, so inserts and deletes between two
 * pages neither skip nor repeat rows, and page N costs what page 1 costs.
 */

@ObjectType({ description: 'Where a page sits in its connection (Relay).', simpleResolvers: true })
export class PageInfo implements PagePosition {
  @Field({ description: 'Whether more edges follow (paging forward: ask again with `after: endCursor`).' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether edges come before (paging backward: ask again with `before: startCursor`).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

/** first/after and last/before; the page size is checked once, by pageRequest (platform/pagination). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size when paging forward (0-${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the edges after this cursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size when paging backward (0-${MAX_PAGE_SIZE}).` })
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
