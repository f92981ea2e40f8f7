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

export interface Baseline {
  ref: string;
  /** The schema at `ref`; undefined when the file did not exist there yet. */
  sdl: string | undefined;
}

/**
 * The baselines a change is judged against. Explicit refs (`--base`: a PR's target branch, the
 * last release tag) fix them, so a breaking commit cannot hide behind a later one; a ref that
 * does not resolve is an error, never a pass. Without one: HEAD when the file has uncommitted
 * edits, else the commit before the file's last change (a local habit, not a gate).
 * `git` runs git in the repository and answers undefined when git fails.
 */
export function schemaBaselines(options: {
  git: (...args: string[]) => string | undefined;
  file: string;
  committed: string;
  explicit: readonly string[];
}): Baseline[] {
  const { git, file, committed, explicit } = options;
  if (explicit.length > 0) {
    return explicit.map((ref) => {
      if (git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`) === undefined) {
        throw new Error(`--base ${ref} does not resolve to a commit here (a shallow clone? fetch the history)`);
      }
      return { ref, sdl: git('show', `${ref}:${file}`) };
    });
  }
  const head = git('show', `HEAD:${file}`);
  const ref =
    head !== undefined && head !== committed
      ? 'HEAD'
      : git('log', '-n', '2', '--format=%H', '--', file)?.split('\n')[1];
  const sdl = ref ? git('show', `${ref}:${file}`) : undefined;
  return ref && sdl !== undefined ? [{ ref, sdl }] : [];
}
