const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients (global ids, REST paths); only well-formed uuids reach a uuid column. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * Validated uuids as one PostgreSQL array literal, for `= any(?::uuid[])`: one parameter whatever
 * the count (knex would expand a JavaScript array into one placeholder per item).
 */
export const uuidArray = (ids: readonly string[]) => `{${ids.filter(isUuid).join(',')}}`;

/** uuidArray of ids already checked with isUuid. */
export const checkedUuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;
