import type { PublicUserRecord } from '../users/user.record';

/** The type name in a post's global id (`Post:<uuid>`), in GraphQL and REST answers alike. */
export const POST_TYPE = 'Post';

/** A post as the rest of the app sees it (plain object from the repository). */
export interface PostRecord {
  id: string;
  authorId: string;
  title: string;
  slug: string;
  /** Absent on rows of a list (lists never read bodies): PostService.bodyOf loads it. */
  body?: string;
  /** The stored HTML of the body and the renderer version that made it (html null: not yet
   * rendered); absent on list rows, like the body. */
  rendering?: Rendering;
  excerpt: string;
  status: PostStatusValue;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** The author's account is soft-deleted: the post is then public to no one (canRead). */
  authorDeleted: boolean;
  /** The author, when a public list read it in the same statement as the post (PageRead.authors). */
  author?: PublicUserRecord;
}

/** What a list reads besides its posts' own columns. */
export interface PageRead {
  /** The bodies and their renderings (no list shows them unless asked). */
  body?: boolean;
  /**
   * The authors, in the same statement (public lists; a post whose author is gone is then left
   * out). Other lists ignore it: their authors are read through the request's user loader.
   */
  authors?: boolean;
}

export type PostStatusValue = 'draft' | 'published';

export interface Rendering {
  html: string | null;
  version: number;
}

/** A position in one of the post orderings: the sort timestamp, then the id as tiebreak. */
export interface PostKey {
  at: Date;
  id: string;
}

/** The two orderings: public lists by publication, an author's own list by creation. */
export type PostOrder = 'published' | 'created';

/** Which posts a list holds. */
export type PostScope =
  | { kind: 'public' }
  | { kind: 'author'; authorId: string }
  | { kind: 'own'; authorId: string; trashed: boolean; status?: PostStatusValue };

export interface NewPost {
  authorId: string;
  title: string;
  slug: string;
  body: string;
  rendering: Rendering;
  excerpt: string;
  status: PostStatusValue;
}

export interface PostChanges {
  title?: string;
  body?: string;
  rendering?: Rendering;
  excerpt?: string;
  status?: PostStatusValue;
}
