import { buildSchema, findBreakingChanges, type BreakingChange } from 'graphql';

export interface SchemaCheckInput {
  /** SDL emitted from the code now. */
  emitted: string;
  /** schema/v1.graphql as it stands in the working tree. */
  committed: string;
  /** The previous committed version, when there is one. */
  previous?: string;
}

export interface SchemaCheckResult {
  ok: boolean;
  stale: boolean;
  breaking: BreakingChange[];
}

/** The contract only grows: the file must match the code and must not break its last version. */
export function checkSchema({ emitted, committed, previous }: SchemaCheckInput): SchemaCheckResult {
  const stale = emitted !== committed;
  const breaking = previous ? findBreakingChanges(buildSchema(previous), buildSchema(committed)) : [];
  return { ok: !stale && breaking.length === 0, stale, breaking };
}
