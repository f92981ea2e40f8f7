import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../platform/graphql/connection';
import { Node } from '../../platform/graphql/node';
import { toGlobalId } from '../../platform/ids/global-id';
import { User } from '../users/user.type';
import { POST_TYPE, type PostRecord, type PostStatusValue, type Rendering } from './post.record';

export enum PostStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(PostStatus, {
  name: 'PostStatus',
  description: 'DRAFT: only its author sees it. PUBLISHED: public.',
  valuesConfig: {
    DRAFT: { description: 'Visible to its author (and admins) only.' },
    PUBLISHED: { description: "Public: in the feed, its author's list, `post(slug:)` and REST." },
  },
});

export const toStatusValue = (status: PostStatus): PostStatusValue =>
  status === PostStatus.PUBLISHED ? 'published' : 'draft';

// simpleResolvers: plain data fields skip type-graphql's per-field middleware stack (no
// field here needs auth or middleware); it is most of a feed's server-side cost otherwise.
@ObjectType(POST_TYPE, { implements: Node, description: 'A blog post (markdown body).', simpleResolvers: true })
export class Post implements Node {
  @Field(() => ID, { description: 'Opaque global id; refetch it with node(id:).' })
  id!: string;

  @Field({ description: '1-200 characters.' })
  title!: string;

  @Field({ description: 'Unique, derived from the title at creation; it never changes afterwards.' })
  slug!: string;

  /** Resolved by PostResolver.body: rows of a list carry no body. */
  @Field({ description: 'Markdown (CommonMark with GFM tables and strikethrough); `bodyHTML` is its rendering.' })
  body?: string;

  @Field({ description: 'Plain text from the start of the body, for previews.' })
  excerpt!: string;

  @Field(() => PostStatus, { description: 'DRAFT or PUBLISHED.' })
  status!: PostStatus;

  @Field(() => Date, { description: 'When the post was written.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the post last changed.' })
  updatedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the post was first published; null for a draft never published.',
  })
  publishedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set while the post is in the trash (visible to its author only).',
  })
  deletedAt!: Date | null;

  // A plain field, filled when the post is built if the operation selects it (post-authors.ts
  // reads a page's authors in one batch): graphql-jit builds a field without a resolver inline,
  // where a resolver per post costs a deferred call each (6% of an uncached feed request, side
  // by side). Left undefined when not selected: nothing reads it then.
  @Field(() => User, { description: 'Who wrote the post.' })
  author!: User;

  /** Database keys and the stored rendering, for field resolvers (never exposed as such). */
  postId!: string;
  authorId!: string;
  rendering!: Rendering;
}

/** The page of a post in the web client (`/posts/<slug>`), absolute under PUBLIC_URL. */
export const postUrl = (publicUrl: string, slug: string): string => `${publicUrl}/posts/${encodeURIComponent(slug)}`;

/** Response mapper: whitelists the fields of a post record; `author`: see Post.author. */
export function toPost(record: PostRecord, author: User | undefined): Post {
  return Object.assign(new Post(), {
    id: toGlobalId(POST_TYPE, record.id),
    postId: record.id,
    authorId: record.authorId,
    author,
    title: record.title,
    slug: record.slug,
    body: record.body,
    rendering: record.rendering,
    excerpt: record.excerpt,
    status: record.status === 'published' ? PostStatus.PUBLISHED : PostStatus.DRAFT,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    publishedAt: record.publishedAt,
    deletedAt: record.deletedAt,
  });
}

@ObjectType('PostEdge', { description: 'A post and its cursor in a PostConnection.', simpleResolvers: true })
export class PostEdge extends EdgeType(Post) {}

@ObjectType('PostConnection', {
  description: 'A page of posts, newest first (Relay connection).',
  simpleResolvers: true,
})
export class PostConnection extends ConnectionType(PostEdge, Post) {}

/**
 * Maps a service page of records to the GraphQL connection, each post with its author from
 * `authorOf` (null: authors not selected). A post whose author is gone (deleted between the
 * page's read and its authors' read) is left out, as the next read of the page would leave it out.
 */
export function toPostConnection(
  page: { edges: { cursor: string; node: PostRecord }[]; pageInfo: PostConnection['pageInfo'] },
  authorOf: ((authorId: string) => User | null) | null,
): PostConnection {
  const edges: { cursor: string; node: Post }[] = [];
  for (const { cursor, node } of page.edges) {
    const author = authorOf ? authorOf(node.authorId) : undefined;
    if (author !== null) edges.push({ cursor, node: toPost(node, author) });
  }
  return Object.assign(new PostConnection(), { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo });
}
