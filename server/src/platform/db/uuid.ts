const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients (global ids, REST paths); only well-formed uuids reach a uuid column. */
export const isUuid = (value: string): boolean => UUID.test(value);
