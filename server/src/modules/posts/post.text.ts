import { randomBytes } from 'node:crypto';

const MAX_SLUG_LENGTH = 80;
const EXCERPT_LENGTH = 280;

/** "Héllo, Wörld!" → "hello-world". Never empty: a title of only symbols gives "post". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, '');
  return slug || 'post';
}

/** A slug made unique by a short random suffix, for when the plain one is taken. */
export const withSuffix = (slug: string) => `${slug.slice(0, MAX_SLUG_LENGTH - 7)}-${randomBytes(3).toString('hex')}`;

/**
 * Plain text from the start of a markdown body, for cards and REST lists. A rough strip of
 * the syntax is enough here: the excerpt is a preview, not a rendering.
 */
export function excerptOf(markdown: string): string {
  const text = markdown
    .slice(0, EXCERPT_LENGTH * 8)
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
