import { AppError } from '../errors/app-error';

/**
 * The one rule every text input obeys, whichever door it came through (REST body, path,
 * query string, GraphQL literal or variable): no NUL character (U+0000). PostgreSQL refuses it
 * in text (22021) and no user means it, so it is refused at the boundary as the caller's mistake.
 */
const NUL = '\u0000';

export const hasNulCharacter = (text: string): boolean => text.includes(NUL);

export const nulCharacterError = (field: string): AppError =>
  new AppError('BAD_USER_INPUT', `Invalid ${field}: text must not contain the NUL character (U+0000).`, {
    details: { [field]: ['must not contain the NUL character (U+0000)'] },
  });

/**
 * The dotted path of the first string (value or object key) that breaks the rule, else null.
 * Iterative: a 100 kB JSON body can nest tens of thousands of levels deep.
 */
export function findNulCharacter(value: unknown, path = ''): string | null {
  const pending: [unknown, string][] = [[value, path]];
  while (pending.length > 0) {
    const [current, at] = pending.pop()!;
    if (typeof current === 'string') {
      if (hasNulCharacter(current)) return at || 'input';
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = at ? `${at}.${key}` : key;
        if (hasNulCharacter(key)) return childPath;
        pending.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Throws BAD_USER_INPUT naming the offending field when `value` holds a NUL anywhere. */
export function assertNoNulCharacter(value: unknown, path = ''): void {
  const found = findNulCharacter(value, path);
  if (found !== null) throw nulCharacterError(found);
}
