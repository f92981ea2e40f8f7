import { isUuid } from '../../platform/db/uuid';
import { cursorCodec } from '../../platform/pagination/cursor-codec';
import { isoTimestamp } from '../../platform/text/iso-timestamp';
import type { PostKey, PostOrder, PostRecord } from './post.record';

const codec = (kind: string) =>
  cursorCodec<PostKey>(
    kind,
    (key) => [isoTimestamp(key.at), key.id],
    ([at, id]) => {
      const date = at ? new Date(at) : null;
      return date && !Number.isNaN(date.getTime()) && id && isUuid(id) ? { at: date, id } : null;
    },
  );

/** One codec per ordering, so a cursor of one list cannot be replayed against another ordering. */
export const POST_CURSORS = {
  published: codec('Post:published'),
  created: codec('Post:created'),
} as const satisfies Record<PostOrder, unknown>;

export function postKey(post: PostRecord, order: PostOrder): PostKey {
  return { at: order === 'published' ? (post.publishedAt ?? post.createdAt) : post.createdAt, id: post.id };
}
