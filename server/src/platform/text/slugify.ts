/**
 * "Héllo, Wörld!" → "hello-world": lower case, accents dropped, every run of other characters
 * one hyphen. Post addresses and heading anchors share it, so a heading's anchor reads like a
 * post's slug. Never empty: a text of only symbols gives `fallback`.
 */
export function slugify(text: string, options: { maxLength: number; fallback: string }): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, options.maxLength)
    .replace(/-+$/g, '');
  return slug || options.fallback;
}
