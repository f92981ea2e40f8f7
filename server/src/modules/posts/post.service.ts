import type DataLoader from 'dataloader';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import { AppError } from '../../platform/errors/app-error';
import { parseInput } from '../../platform/validation/parse-input';
import { pageRequest, toPage, type Page, type PaginationInput } from '../../platform/pagination/page';
import { byIdLoader, type LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { Principal } from '../../platform/request-scope/principal';
import { type MarkdownRenderer, RENDERER_VERSION } from '../../platform/markdown/markdown.renderer';
import { postCommands, type CreatePostCommand, type UpdatePostCommand } from './post.commands';
import { POST_CURSORS, postKey } from './post.cursors';
import type { PostRepository } from './post.repository';
import { excerptOf, slugify, withSuffix } from './post.text';
import type { PageRead, PostOrder, PostRecord, PostScope, PostStatusValue, Rendering } from './post.record';

export type { CreatePostCommand, UpdatePostCommand } from './post.commands';

const SLUG_ATTEMPTS = 4;
const RENDER_BATCH = 100;

const notFound = () => new AppError('NOT_FOUND', 'No such post.');

/** Who may read a post: anyone when it is published and live; otherwise its author and admins. */
export function canRead(post: PostRecord, principal: Principal | null): boolean {
  if (post.status === 'published' && post.deletedAt === null && !post.authorDeleted) return true;
  return principal?.readsPrivatePosts !== false && canManage(post, principal);
}

const isPublic = (post: PostRecord | null) => post !== null && post.status === 'published' && post.deletedAt === null;

/**
 * The public answers a change of `post` can alter: its own (by id and slug) and, when it was or
 * is public, every public list. A draft edited in private leaves the lists' cache alone.
 */
function changedScopes(before: PostRecord | null, after: PostRecord): string[] {
  const scopes = [RESPONSE_SCOPES.post(after.id), RESPONSE_SCOPES.slug(after.slug)];
  if (isPublic(before) || isPublic(after)) scopes.push(RESPONSE_SCOPES.lists);
  return scopes;
}

/** Who may edit, delete and restore a post: its author and admins. */
export function canManage(post: PostRecord, principal: Principal | null): boolean {
  return principal !== null && (principal.userId === post.authorId || principal.role === 'admin');
}

/**
 * Posts: lists (keyset pages), reads with visibility, and the commands an author runs.
 * Reads batch through a per-request DataLoader; lists prime it, so `node` lookups of posts
 * already on the page cost nothing.
 */
export class PostService {
  constructor(
    private readonly posts: PostRepository,
    private readonly publicAnswers: PublicAnswers,
    private readonly markdown: MarkdownRenderer,
  ) {}

  /**
   * The sanitised HTML of a post's body: the stored rendering, or a fresh one when it is stale.
   * A row read by a list has neither body nor rendering: the whole row is loaded (batched).
   */
  async html(post: { id: string; body?: string; rendering?: Rendering }, loaders: LoaderRegistry): Promise<string> {
    const full = post.rendering && post.body !== undefined ? post : await this.loader(loaders).load(post.id);
    if (!full?.rendering) return '';
    const { html, version } = full.rendering;
    return html !== null && version === RENDERER_VERSION ? html : this.markdown.render(full.body ?? '');
  }

  /** What the body will look like, without saving anything (the editor's preview). */
  async preview(markdown: string, admit: () => Promise<unknown> = async () => {}): Promise<string> {
    const input = parseInput(postCommands.preview, { markdown });
    await admit(); // the caller's rate limit: only a preview that will be rendered counts
    return this.markdown.render(input.markdown);
  }

  /**
   * Renders the posts stored before the HTML column existed, or by an older renderer version,
   * in batches (run at start; replicas share the work without doing a row twice).
   */
  async renderStale(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.posts.rerenderStale(RENDERER_VERSION, RENDER_BATCH, (body) => this.markdown.render(body));
      total += done;
      if (done < RENDER_BATCH) return total;
    }
  }

  private rendering(body: string): Rendering {
    return { html: this.markdown.render(body), version: RENDERER_VERSION };
  }

  /** Published posts, newest first: the home feed, the REST list. Bodies and authors only as `read` asks. */
  feed(args: PaginationInput, loaders?: LoaderRegistry, read: PageRead = {}): Promise<Page<PostRecord>> {
    return this.list({ kind: 'public' }, 'published', args, loaders, read);
  }

  /** One author's published posts (User.posts). */
  byAuthor(
    authorId: string,
    args: PaginationInput,
    loaders?: LoaderRegistry,
    read: PageRead = {},
  ): Promise<Page<PostRecord>> {
    return this.list({ kind: 'author', authorId }, 'published', args, loaders, read);
  }

  /** The principal's own posts, drafts included; `trashed` lists the soft-deleted ones instead. */
  mine(
    principal: Principal,
    args: PaginationInput,
    filter: { trashed: boolean; status?: PostStatusValue },
    loaders?: LoaderRegistry,
    read: PageRead = {},
  ): Promise<Page<PostRecord>> {
    return this.list({ kind: 'own', authorId: principal.userId, ...filter }, 'created', args, loaders, read);
  }

  private async list(
    scope: PostScope,
    order: PostOrder,
    args: PaginationInput,
    loaders: LoaderRegistry | undefined,
    read: PageRead,
  ): Promise<Page<PostRecord>> {
    const codec = POST_CURSORS[order];
    const request = pageRequest(args, codec);
    const rows = await this.posts.page(scope, order, request, read);
    if (loaders) rows.forEach((row) => this.summaries(loaders).set(row.id, row));
    return toPage(
      rows,
      request,
      codec,
      (row) => postKey(row, order),
      (row) => row,
    );
  }

  private readonly findByIds = (ids: readonly string[]) => this.posts.findByIds(ids);

  loader(loaders: LoaderRegistry): DataLoader<string, PostRecord | null> {
    return byIdLoader(loaders, 'posts.byId', this.findByIds);
  }

  /** Posts already read this request by a list (no body), so `node` lookups of a page's posts cost nothing. */
  private summaries(loaders: LoaderRegistry): Map<string, PostRecord> {
    return loaders.get('posts.summaries', () => new Map<string, PostRecord>());
  }

  /** The body of a post read from a list (batched: one statement for every body a page asks for). */
  async bodyOf(id: string, loaders: LoaderRegistry): Promise<string> {
    return (await this.loader(loaders).load(id))?.body ?? '';
  }

  /** Posts by id as `principal` may see them: null where missing or private (Node lookups). */
  async visibleByIds(ids: readonly string[], principal: Principal | null, loaders: LoaderRegistry) {
    const [loader, summaries] = [this.loader(loaders), this.summaries(loaders)];
    const rows = await Promise.all(ids.map((id) => summaries.get(id) ?? loader.load(id)));
    return rows.map((row) => (row && canRead(row, principal) ? row : null));
  }

  /** Slug and last change of the newest published posts, for a sitemap. */
  publishedAddresses(limit: number): Promise<{ slug: string; updatedAt: Date }[]> {
    return this.posts.publishedAddresses(limit);
  }

  /** A reader asking for a post by the slug they typed (GraphQL `post(slug:)`): checked first. */
  async askBySlug(slug: string, principal: Principal | null): Promise<PostRecord | null> {
    return this.bySlug(parseInput(postCommands.bySlug, { slug }).slug, principal);
  }

  async bySlug(slug: string, principal: Principal | null): Promise<PostRecord | null> {
    const post = await this.posts.findBySlug(slug);
    return post && canRead(post, principal) ? post : null;
  }

  /** The cursor of a post in the author's own list, for a client inserting a new edge. */
  ownCursor(post: PostRecord): string {
    return POST_CURSORS.created.encode(postKey(post, 'created'));
  }

  async create(principal: Principal, command: CreatePostCommand): Promise<PostRecord> {
    const input = parseInput(postCommands.create, command);
    const title = input.title.trim();
    const base = slugify(title);
    const post = {
      authorId: principal.userId,
      title,
      body: input.body,
      rendering: this.rendering(input.body),
      excerpt: excerptOf(input.body),
      status: input.status ?? 'draft',
    };
    // The unique index decides; a taken slug gets a random suffix and another try.
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt += 1) {
      const created = await this.posts.create({ ...post, slug: attempt === 0 ? base : withSuffix(base) });
      if (created) return this.changed(null, created);
    }
    throw new AppError('CONFLICT', 'Could not find a free address for this post; change the title and retry.');
  }

  /** The slug stays as created: links to a post never break when its title changes. */
  async update(principal: Principal, id: string, command: UpdatePostCommand): Promise<PostRecord> {
    const input = parseInput(postCommands.update, command);
    const { before, after } = await this.posts.transaction(async (trx) => {
      const post = this.authorize(await this.posts.findForUpdate(id, trx), principal);
      if (post.deletedAt) throw new AppError('CONFLICT', 'This post is in the trash; restore it before editing.');
      const title = input.title?.trim();
      const body = input.body ?? undefined;
      const updated = await this.posts.update(
        post.id,
        {
          title,
          body,
          rendering: body === undefined ? undefined : this.rendering(body),
          excerpt: body === undefined ? undefined : excerptOf(body),
          status: input.status ?? undefined,
        },
        trx,
      );
      return { before: post, after: updated };
    });
    return this.changed(before, after);
  }

  /** Soft delete; deleting what is already in the trash is a no-op. */
  async remove(principal: Principal, id: string): Promise<PostRecord> {
    const { before, after } = await this.posts.transaction(async (trx) => {
      const post = this.authorize(await this.posts.findForUpdate(id, trx), principal);
      return { before: post, after: post.deletedAt ? post : await this.posts.setDeleted(post.id, true, trx) };
    });
    return this.changed(before, after);
  }

  /** Takes a post out of the trash; restoring a live post is a no-op. */
  async restore(principal: Principal, id: string): Promise<PostRecord> {
    const { before, after } = await this.posts.transaction(async (trx) => {
      const post = this.authorize(await this.posts.findForUpdate(id, trx), principal);
      return { before: post, after: post.deletedAt ? await this.posts.setDeleted(post.id, false, trx) : post };
    });
    return this.changed(before, after);
  }

  /** After the commit, before the answer: cached public answers that showed the old post go. */
  private async changed(before: PostRecord | null, after: PostRecord): Promise<PostRecord> {
    await this.publicAnswers.invalidate(changedScopes(before, after));
    return after;
  }

  /**
   * Someone who cannot even see the post (another author's draft or trash) gets NOT_FOUND,
   * so existence stays private; someone who can see it but not change it gets FORBIDDEN.
   */
  private authorize(post: PostRecord | null, principal: Principal): PostRecord {
    if (!post || !canRead(post, principal)) throw notFound();
    if (!canManage(post, principal))
      throw new AppError('FORBIDDEN', 'Only the author or an admin can change this post.');
    return post;
  }
}
