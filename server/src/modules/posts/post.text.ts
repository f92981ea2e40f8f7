import { randomBytes } from 'node:crypto';
import { slugify as slugifyText } from '../../platform/text/slugify';

const MAX_SLUG_LENGTH = 80;
const EXCERPT_LENGTH = 280;

/** "Héllo, Wörld!" → "hello-world". Never empty: a title of only symbols gives "post". */
export const slugify = (title: string): string => slugifyText(title, { maxLength: MAX_SLUG_LENGTH, fallback: 'post' });

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
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
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

/** Words a minute of an average adult reading technical prose silently. */
const WORDS_PER_MINUTE = 230;

/** Whole minutes to read a Markdown body, at least 1 (code and syntax count as words: close enough). */
export function readingMinutes(markdown: string): number {
  const words = markdown.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** The path of a post's page in the web client (and of its crawler-readable HTML). */
export const postPath = (slug: string) => `/posts/${encodeURIComponent(slug)}`;
