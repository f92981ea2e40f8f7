import { AppError } from '../../platform/errors/app-error';
import type { LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { UserService } from '../users/user.service';
import { toUser, type User } from '../users/user.type';
import type { PostRecord } from './post.record';
import { toPost, toPostConnection, type Post, type PostConnection } from './post.type';

/**
 * `Post.author` is filled when a post is built, not resolved per post (post.type.ts), and only
 * when the operation selects it (lists, `post(slug:)`); writes and `node` always fill it. A
 * public list reads its authors in its own statement (PageRead.authors); other authors are read
 * through the request's user loader, so they are one `users_by_ids` statement, shared with every
 * other user look-up of the request.
 */
export interface AuthorSource {
  users: UserService;
  loaders: LoaderRegistry;
}

/**
 * The authors of some posts in one batch, each mapped once however many of the posts are
 * theirs; null for one that is gone (soft-deleted since the posts were read). Posts a public
 * list read with their authors (one statement) need no read at all.
 */
export async function authorsOf(
  posts: readonly Pick<PostRecord, 'authorId' | 'author'>[],
  { users, loaders }: AuthorSource,
): Promise<(authorId: string) => User | null> {
  if (posts.length > 0 && posts.every((post) => post.author !== undefined)) {
    const byId = new Map<string, User>();
    for (const { author } of posts) if (!byId.has(author!.id)) byId.set(author!.id, toUser(author!));
    return (authorId) => byId.get(authorId) ?? null;
  }
  const ids = [...new Set(posts.map((post) => post.authorId))];
  const records = await users.byIds(ids, loaders);
  const byId = new Map<string, User | null>();
  ids.forEach((id, index) => {
    const record = records[index];
    byId.set(id, record ? toUser(record) : null);
  });
  return (authorId) => byId.get(authorId) ?? null;
}

/**
 * A page of posts as a connection; with their authors when the operation selects them (a post
 * whose author is gone is then left out), else with none read at all.
 */
export async function toConnectionWithAuthors(
  page: Parameters<typeof toPostConnection>[0],
  source: AuthorSource,
  selected: boolean,
): Promise<PostConnection> {
  const authorOf = selected
    ? await authorsOf(
        page.edges.map((edge) => edge.node),
        source,
      )
    : null;
  return toPostConnection(page, authorOf);
}

/** Posts with their authors, in order; null where a post is null or its author is gone. */
export async function withAuthors(
  records: readonly (PostRecord | null)[],
  source: AuthorSource,
): Promise<(Post | null)[]> {
  const authorOf = await authorsOf(
    records.filter((record) => record !== null),
    source,
  );
  return records.map((record) => {
    const author = record && authorOf(record.authorId);
    return record && author ? toPost(record, author) : null;
  });
}

/**
 * One post with its author when the operation selects it; null when the author is gone (the
 * post is no longer public).
 */
export async function withAuthor(record: PostRecord, source: AuthorSource, selected: boolean): Promise<Post | null> {
  return selected ? ((await withAuthors([record], source))[0] ?? null) : toPost(record, undefined);
}

/** A post just written, with its author: its author being gone is NOT_FOUND. */
export async function writtenWithAuthor(record: PostRecord, source: AuthorSource): Promise<Post> {
  const post = await withAuthor(record, source, true);
  if (!post) throw new AppError('NOT_FOUND', 'The author of this post is gone.');
  return post;
}

/** Where a resolver's posts get their authors: the request's loaders. */
export const authorSource = (context: { services: { users: UserService }; loaders: LoaderRegistry }): AuthorSource => ({
  users: context.services.users,
  loaders: context.loaders,
});
