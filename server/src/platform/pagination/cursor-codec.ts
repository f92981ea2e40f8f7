import crypto from 'node:crypto';

/**
 * Encodes and checks the cursors of one ordering. The payload names its ordering, so a cursor
 * from another list (or a global id) is refused, and carries a checksum, so an edited one is
 * refused too instead of silently landing somewhere else. A cursor is the sort key of its row,
 * never an offset (keyset pagination, ADR 5).
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
