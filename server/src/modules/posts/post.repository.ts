import type { Knex } from 'knex';
import { hotStatement, runHot, type HotStatement } from '../../platform/db/hot-statement';
import { isUuid, uuidArray } from '../../platform/db/uuid';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageRequest } from '../../platform/pagination/page';
import { JOINED_USER_COLUMNS, joinedUser, type JoinedUserRow } from '../users/user.repository';
import type { PublicUserRecord } from '../users/user.record';
import type { NewPost, PostChanges, PostKey, PostOrder, PostRecord, PostScope, PageRead } from './post.record';

interface PostRow {
  id: string;
  author_id: string;
  title: string;
  slug: string;
  /** Absent from list rows (LIST_COLUMNS), like the rendering. */
  body?: string;
  body_html?: string | null;
  body_html_version?: number;
  excerpt: string;
  status: 'draft' | 'published';
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  /** Kept by triggers: the author's account is soft-deleted (the post is then never public). */
  author_deleted: boolean;
}

const COLUMNS = [
  'id',
  'author_id',
  'title',
  'slug',
  'body',
  'body_html',
  'body_html_version',
  'excerpt',
  'status',
  'published_at',
  'created_at',
  'updated_at',
  'deleted_at',
  'author_deleted',
].map((column) => `posts.${column}`);

/** A list row: everything but the body, which no list shows (a post's body can be 100 kB). */
const LIST_COLUMNS = COLUMNS.filter(
  (column) => !['posts.body', 'posts.body_html', 'posts.body_html_version'].includes(column),
);

/** The columns of a public list row: the predicate fixes `status` and `deleted_at`. */
const PUBLIC_COLUMNS = (withBody: boolean) =>
  (withBody ? COLUMNS : LIST_COLUMNS).filter(
    (column) => column !== 'posts.status' && column !== 'posts.deleted_at' && column !== 'posts.author_deleted',
  );

/** Page sizes whose public page statements are prepared: the default, the web client's, round ones. */
const NAMED_PAGE_SIZES = new Set([DEFAULT_PAGE_SIZE, 10, 50, MAX_PAGE_SIZE]);

/** The public page statements, by shape (shapes × page sizes, at most 6,464 short strings). */
const PUBLIC_PAGE_STATEMENTS = new Map<string, HotStatement>();

/** `posts.id` as knex writes it (`"posts"."id"`): the same text in logs and traces as every other statement. */
const quoted = (column: string) =>
  column
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');

function publicPageSql(
  kind: 'public' | 'author',
  order: PostOrder,
  direction: 'forward' | 'backward',
  fromCursor: boolean,
  read: Required<PageRead>,
  limit: number,
): string {
  const column = ORDER_COLUMN[order];
  const forward = direction === 'forward';
  const where = [
    ...(kind === 'author' ? ['"posts"."author_id" = ?'] : []),
    `"posts"."status" = 'published'`,
    '"posts"."deleted_at" is null',
    'not posts.author_deleted',
    ...(fromCursor ? [`(${column}, posts.id) ${forward ? '<' : '>'} (?, ?)`] : []),
  ];
  const way = forward ? 'desc' : 'asc';
  const columns = PUBLIC_COLUMNS(read.body).map(quoted).join(', ');
  const from = read.authors
    ? `${columns}, ${JOINED_USER_COLUMNS} from "posts" ` +
      `inner join "users" on "users"."id" = "posts"."author_id" and "users"."deleted_at" is null`
    : `${columns} from "posts"`;
  return (
    `select ${from} where ${where.join(' and ')} ` +
    `order by ${quoted(column)} ${way}, "posts"."id" ${way} limit ${limit}`
  );
}

const UNIQUE_VIOLATION = '23505';

const ORDER_COLUMN: Record<PostOrder, string> = { published: 'posts.published_at', created: 'posts.created_at' };

/** What a row does not say for itself: a public list's predicate fixes these, other reads read them. */
interface RowState {
  status: PostRow['status'];
  deletedAt: Date | null;
  authorDeleted: boolean;
  /** The author, when a public list read it in the same statement. */
  author: PublicUserRecord | undefined;
}

/**
 * A record built in one object literal: the driver's row is read, never added to, and every
 * record has one shape (author or not), so the code reading records sees one shape.
 */
function recordOf(row: PublicRow, state: RowState): PostRecord {
  return {
    id: row.id,
    authorId: row.author_id,
    title: row.title,
    slug: row.slug,
    body: row.body,
    rendering:
      row.body_html_version === undefined ? undefined : { html: row.body_html ?? null, version: row.body_html_version },
    excerpt: row.excerpt,
    status: state.status,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: state.deletedAt,
    authorDeleted: state.authorDeleted,
    author: state.author,
  };
}

const toRecord = (row: PostRow): PostRecord =>
  recordOf(row, {
    status: row.status,
    deletedAt: row.deleted_at,
    authorDeleted: row.author_deleted,
    author: undefined,
  });

/** A public list's row: the predicate fixes what it does not read. */
type PublicRow = Omit<PostRow, 'status' | 'deleted_at' | 'author_deleted'>;

/** A public list's record: published, not deleted, its author live (the predicate says so). */
const publicRecord = (row: PublicRow, author: PublicUserRecord | undefined): PostRecord =>
  recordOf(row, { status: 'published', deletedAt: null, authorDeleted: false, author });

/** The only code that touches the posts table. Returns plain records; takes an optional transaction. */
export class PostRepository {
  constructor(private readonly db: Knex) {}

  /** The post's author is not soft-deleted (a primary-key probe per row, inside whereExists). */
  private readonly liveAuthor = (users: Knex.QueryBuilder) =>
    users.select(this.db.raw('1')).from('users').whereRaw('users.id = posts.author_id').whereNull('users.deleted_at');

  /**
   * One page of a list in one statement: a keyset range over the index of that list
   * (see the posts migrations), `limit + 1` rows so the caller knows whether more exist.
   * Public lists also skip authors who were soft-deleted: `author_deleted`, kept by a trigger
   * and part of the public indexes' predicate, so no per-row probe of `users`. The body only
   * when the caller shows it; a public list's authors (`read.authors`) in the same statement.
   */
  async page(
    scope: PostScope,
    order: PostOrder,
    request: PageRequest<PostKey>,
    read: PageRead = {},
  ): Promise<PostRecord[]> {
    if (request.limit === 0) return [];
    const withBody = read.body === true;
    if (scope.kind !== 'own') {
      return this.publicPage(scope, order, request, { body: withBody, authors: read.authors === true });
    }
    const column = ORDER_COLUMN[order];
    const forward = request.direction === 'forward';
    const query = this.db('posts')
      .select(withBody ? COLUMNS : LIST_COLUMNS)
      .orderBy([
        { column, order: forward ? 'desc' : 'asc' },
        { column: 'posts.id', order: forward ? 'desc' : 'asc' },
      ])
      .limit(request.limit + 1)
      .where('posts.author_id', scope.authorId);
    if (scope.trashed) query.whereNotNull('posts.deleted_at');
    else query.whereNull('posts.deleted_at');
    if (scope.status) query.where('posts.status', scope.status);
    if (request.cursor) {
      const { at, id } = request.cursor;
      query.whereRaw(`(${column}, posts.id) ${forward ? '<' : '>'} (?, ?)`, [at, id]);
    }
    return ((await query) as PostRow[]).map(toRecord);
  }

  /**
   * A page of a public list (the feed, an author's page): the hot statements. Their SQL text is
   * written once per shape and kept (no query building per request), under a statement name
   * PostgreSQL prepares once per connection. The status and the page size are literals in that
   * text: with `status = $1` the public indexes' predicate cannot be proven, and with `limit $n`
   * a generic plan looks costly, so PostgreSQL planned every execution again (custom plans);
   * with literals it keeps one generic plan and skips planning. Only the usual page sizes
   * (NAMED_PAGE_SIZES) are prepared, so a client cycling through sizes cannot make each
   * connection hold hundreds of plans; other sizes are planned per execution. `status`,
   * `deleted_at` and `author_deleted` are not read: the predicate fixes them.
   *
   * With `read.authors`, each post's author comes in the same statement (a join on the users'
   * primary key, live authors only): one round trip to PostgreSQL for a page and its authors
   * instead of two, which was about a sixth of an uncached feed request's CPU (ADR 4). Posts
   * of one author share one record.
   */
  private async publicPage(
    scope: Extract<PostScope, { kind: 'public' | 'author' }>,
    order: PostOrder,
    request: PageRequest<PostKey>,
    read: Required<PageRead>,
  ): Promise<PostRecord[]> {
    const limit = request.limit + 1;
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Invalid page size ${request.limit}`);
    const shape = [
      scope.kind,
      order,
      request.direction,
      request.cursor ? 'after' : 'first',
      read.body ? 'body' : 'list',
      ...(read.authors ? ['authors'] : []),
      limit,
    ];
    const name = `posts_page_${shape.join('_')}`;
    let statement = PUBLIC_PAGE_STATEMENTS.get(name);
    if (statement === undefined) {
      const sql = publicPageSql(scope.kind, order, request.direction, request.cursor !== null, read, limit);
      statement = hotStatement(NAMED_PAGE_SIZES.has(request.limit) ? name : undefined, sql);
      PUBLIC_PAGE_STATEMENTS.set(name, statement);
    }
    const bindings: unknown[] = scope.kind === 'author' ? [scope.authorId] : [];
    if (request.cursor) bindings.push(request.cursor.at, request.cursor.id);
    const rows = await runHot<PublicRow & JoinedUserRow>(this.db, statement, bindings);
    if (!read.authors) return rows.map((row) => publicRecord(row, undefined));
    const authors = new Map<string, PublicUserRecord>();
    return rows.map((row) => {
      let author = authors.get(row.author_id);
      if (author === undefined) authors.set(row.author_id, (author = joinedUser(row.author_id, row)));
      return publicRecord(row, author);
    });
  }

  /** Batch read for DataLoader, trash included (visibility is the service's call). */
  async findByIds(ids: readonly string[]): Promise<PostRecord[]> {
    const array = uuidArray(ids);
    if (array === null) return [];
    const rows = (await this.db('posts')
      .select(COLUMNS)
      .whereRaw('id = any(?::uuid[])', [array])
      .options({ name: 'posts_by_ids' })) as PostRow[];
    return rows.map(toRecord);
  }

  /** Address and last change of published posts, newest first (sitemaps). */
  async publishedAddresses(limit: number): Promise<{ slug: string; updatedAt: Date }[]> {
    const rows = (await this.db('posts')
      .select('posts.slug', 'posts.updated_at')
      .where('posts.status', 'published')
      .whereNull('posts.deleted_at')
      .whereExists(this.liveAuthor)
      .orderBy([
        { column: 'posts.published_at', order: 'desc' },
        { column: 'posts.id', order: 'desc' },
      ])
      .limit(limit)) as Pick<PostRow, 'slug' | 'updated_at'>[];
    return rows.map((row) => ({ slug: row.slug, updatedAt: row.updated_at }));
  }

  async findBySlug(slug: string): Promise<PostRecord | null> {
    const row = (await this.db('posts').select(COLUMNS).where({ slug }).first()) as PostRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Locks the row for the rest of the transaction, so concurrent edits apply one after the other. */
  async findForUpdate(id: string, trx: Knex.Transaction): Promise<PostRecord | null> {
    if (!isUuid(id)) return null;
    const row = (await trx('posts').select(COLUMNS).where({ id }).forUpdate().first()) as PostRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Inserts a post; null when the slug is taken (the caller picks another). */
  async create(post: NewPost, trx: Knex | Knex.Transaction = this.db): Promise<PostRecord | null> {
    try {
      const [row] = (await trx('posts')
        .insert({
          author_id: post.authorId,
          title: post.title,
          slug: post.slug,
          body: post.body,
          body_html: post.rendering.html,
          body_html_version: post.rendering.version,
          excerpt: post.excerpt,
          status: post.status,
          published_at: post.status === 'published' ? trx.fn.now() : null,
        })
        .returning(COLUMNS)) as PostRow[];
      return toRecord(row!);
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  /**
   * Applies changes. Publishing stamps published_at; going back to draft clears it, so a
   * republished post reappears at the top of the feed as new.
   */
  async update(id: string, changes: PostChanges, trx: Knex | Knex.Transaction = this.db): Promise<PostRecord> {
    const patch: Record<string, unknown> = { updated_at: trx.fn.now() };
    if (changes.title !== undefined) patch.title = changes.title;
    if (changes.body !== undefined) patch.body = changes.body;
    if (changes.rendering !== undefined) {
      patch.body_html = changes.rendering.html;
      patch.body_html_version = changes.rendering.version;
    }
    if (changes.excerpt !== undefined) patch.excerpt = changes.excerpt;
    if (changes.status !== undefined) {
      patch.status = changes.status;
      patch.published_at =
        changes.status === 'published' ? trx.raw('coalesce(published_at, now())') : trx.raw('null::timestamptz');
    }
    const [row] = (await trx('posts').where({ id }).update(patch).returning(COLUMNS)) as PostRow[];
    return toRecord(row!);
  }

  async setDeleted(id: string, deleted: boolean, trx: Knex | Knex.Transaction = this.db): Promise<PostRecord> {
    const [row] = (await trx('posts')
      .where({ id })
      .update({ deleted_at: deleted ? trx.fn.now() : null, updated_at: trx.fn.now() })
      .returning(COLUMNS)) as PostRow[];
    return toRecord(row!);
  }

  /**
   * Renders again, in one transaction, up to `limit` posts whose stored HTML is older than
   * `version`; rows another replica is already on are skipped. Returns how many it did.
   */
  async rerenderStale(version: number, limit: number, render: (body: string) => string): Promise<number> {
    return this.db.transaction(async (trx) => {
      const rows = (await trx('posts')
        .select('id', 'body')
        .where('body_html_version', '<', version)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked()) as Pick<PostRow, 'id' | 'body'>[];
      for (const row of rows) {
        // updated_at stays: the post did not change, only how it is shown.
        await trx('posts')
          .where({ id: row.id })
          .update({ body_html: render(row.body ?? ''), body_html_version: version });
      }
      return rows.length;
    });
  }

  /** Demo seeding: how many posts an author has. */
  async countByAuthor(authorId: string): Promise<number> {
    const row = (await this.db('posts').where({ author_id: authorId }).count<{ count: string }[]>('* as count'))[0];
    return Number(row?.count ?? 0);
  }

  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
