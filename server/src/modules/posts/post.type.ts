import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../platform/graphql/connection';
import { Node } from '../../platform/graphql/node';
import { toGlobalId } from '../../platform/graphql/relay-id';
import type { PostRecord, PostStatusValue } from './post.types';

export const POST_TYPE = 'Post';

export enum PostStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(PostStatus, { name: 'PostStatus', description: 'DRAFT: only its author sees it. PUBLISHED: public.' });

export const toStatusValue = (status: PostStatus): PostStatusValue =>
  status === PostStatus.PUBLISHED ? 'published' : 'draft';

// simpleResolvers: plain data fields skip type-graphql's per-field middleware stack (no
// field here needs auth or middleware); it is most of a feed's server-side cost otherwise.
@ObjectType(POST_TYPE, { implements: Node, description: 'A blog post (markdown body).', simpleResolvers: true })
export class Post implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field({ description: 'Unique, derived from the title at creation; it never changes afterwards.' })
  slug!: string;

  /** Resolved by PostResolver.body: rows of a list carry no body. */
  @Field({ description: 'Markdown.' })
  body?: string;

  @Field({ description: 'Plain text from the start of the body, for previews.' })
  excerpt!: string;

  @Field(() => PostStatus)
  status!: PostStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set while the post is in the trash (visible to its author only).',
  })
  deletedAt!: Date | null;

  /** Database keys for field resolvers (never exposed). */
  postId!: string;
  authorId!: string;
}

/** Response mapper: whitelists the fields of a post record. */
export function toPost(record: PostRecord): Post {
  return Object.assign(new Post(), {
    id: toGlobalId(POST_TYPE, record.id),
    postId: record.id,
    authorId: record.authorId,
    title: record.title,
    slug: record.slug,
    body: record.body,
    excerpt: record.excerpt,
    status: record.status === 'published' ? PostStatus.PUBLISHED : PostStatus.DRAFT,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    publishedAt: record.publishedAt,
    deletedAt: record.deletedAt,
  });
}

@ObjectType('PostEdge', { simpleResolvers: true })
export class PostEdge extends EdgeType(Post) {}

@ObjectType('PostConnection', {
  description: 'A page of posts, newest first (Relay connection).',
  simpleResolvers: true,
})
export class PostConnection extends ConnectionType(PostEdge) {}

/** Maps a service page of records to the GraphQL connection. */
export function toPostConnection(page: {
  edges: { cursor: string; node: PostRecord }[];
  pageInfo: PostConnection['pageInfo'];
}): PostConnection {
  return Object.assign(new PostConnection(), {
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toPost(node) })),
    pageInfo: page.pageInfo,
  });
}
