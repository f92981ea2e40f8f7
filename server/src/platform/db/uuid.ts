const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients (global ids, REST paths); only well-formed uuids reach a uuid column. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * The well-formed uuids among `ids` as one PostgreSQL array literal, for `= any(?::uuid[])`: one
 * parameter whatever the count (knex would expand a JavaScript array into one placeholder per
 * item). Null when there is none: the caller has nothing to read.
 */
export function uuidArray(ids: readonly string[]): string | null {
  const valid = ids.filter(isUuid);
  return valid.length === 0 ? null : `{${valid.join(',')}}`;
}
