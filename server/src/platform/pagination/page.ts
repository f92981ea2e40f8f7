import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { CursorCodec } from './cursor-codec';

/**
 * Keyset pages, the same for every door: GraphQL connections (platform/graphql/connection.ts)
 * and REST lists both turn their arguments into a PageRequest here and get a Page back.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** The one page-size rule: an integer from `min` (GraphQL allows an empty page, REST does not) to MAX_PAGE_SIZE. */
export const pageSizeProblem = (min: 0 | 1) => `must be an integer from ${min} to ${MAX_PAGE_SIZE}`;

export const pageSize = (min: 0 | 1) =>
  z
    .int({ error: pageSizeProblem(min) })
    .min(min, pageSizeProblem(min))
    .max(MAX_PAGE_SIZE, pageSizeProblem(min));

const GRAPHQL_PAGE_SIZE = pageSize(0);

/** What a repository needs: which way, how many, and from where (exclusive). */
export interface PageRequest<TKey> {
  readonly direction: 'forward' | 'backward';
  readonly limit: number;
  readonly cursor: TKey | null;
}

/** Relay's connection arguments, the shape every list takes. */
export interface PaginationInput {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Where a page sits in its list (Relay's PageInfo, without GraphQL). */
export interface PagePosition {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Page<TNode> {
  readonly edges: { cursor: string; node: TNode }[];
  readonly pageInfo: PagePosition;
}

const badPage = (field: string, message: string) =>
  new AppError('BAD_USER_INPUT', `Invalid pagination: ${field} ${message}.`, { details: { [field]: [message] } });

function checkedPageSize(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!GRAPHQL_PAGE_SIZE.safeParse(value).success) throw badPage(field, pageSizeProblem(0));
  return value;
}

function cursorKey<TKey>(codec: CursorCodec<TKey>, cursor: string | null | undefined, field: string): TKey | null {
  if (cursor === null || cursor === undefined) return null;
  const key = codec.decode(cursor);
  if (key === null) throw badPage(field, 'is not a cursor of this list');
  return key;
}

/**
 * Turns connection arguments into a page request. Mixing directions (first with before,
 * last with after) is refused: the spec allows it, clients never need it, and refusing it
 * keeps every page a single index range scan.
 */
export function pageRequest<TKey>(args: PaginationInput, codec: CursorCodec<TKey>): PageRequest<TKey> {
  const first = checkedPageSize(args.first, 'first');
  const last = checkedPageSize(args.last, 'last');
  const backward = last !== undefined || (args.before !== null && args.before !== undefined);
  const forward = first !== undefined || (args.after !== null && args.after !== undefined);
  if (backward && forward) throw badPage('last', 'cannot be combined with first/after; page one way at a time');
  if (backward) {
    return { direction: 'backward', limit: last ?? DEFAULT_PAGE_SIZE, cursor: cursorKey(codec, args.before, 'before') };
  }
  return { direction: 'forward', limit: first ?? DEFAULT_PAGE_SIZE, cursor: cursorKey(codec, args.after, 'after') };
}

/**
 * Builds a page from rows fetched in the request's direction with `limit + 1` rows (the extra
 * row only says whether there is more). Backward rows come nearest-first and are flipped back
 * to the list's order. The side we came from is reported as "has more" when a cursor was
 * given: true unless that row was deleted since, and it costs no second query.
 */
export function toPage<TRow, TNode, TKey>(
  rows: readonly TRow[],
  request: PageRequest<TKey>,
  codec: CursorCodec<TKey>,
  keyOf: (row: TRow) => TKey,
  toNode: (row: TRow) => TNode,
): Page<TNode> {
  const more = rows.length > request.limit;
  const taken = rows.slice(0, request.limit);
  if (request.direction === 'backward') taken.reverse();
  const edges = taken.map((row) => ({ cursor: codec.encode(keyOf(row)), node: toNode(row) }));
  const cameFromCursor = request.cursor !== null;
  return {
    edges,
    pageInfo: {
      hasNextPage: request.direction === 'forward' ? more : cameFromCursor,
      hasPreviousPage: request.direction === 'backward' ? more : cameFromCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
