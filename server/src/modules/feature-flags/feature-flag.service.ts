import { z } from 'zod';
import type { Logger } from 'pino';
import type { SharedStore } from '../../platform/shared-store/shared-store';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import type { Principal } from '../../platform/request-scope/principal';
import { parseInput } from '../../platform/validation/parse-input';
import type { FeatureFlagRepository } from './feature-flag.repository';

/** Every flag Inkwell knows, with what it gates. Defaults come from the environment (FEATURE_*). */
export const FEATURE_FLAGS = {
  registration: 'New accounts can register (both REST and GraphQL).',
} as const;

export type FeatureFlagKey = keyof typeof FEATURE_FLAGS;

export interface FeatureFlagState {
  key: FeatureFlagKey;
  enabled: boolean;
  description: string;
}

const CACHE_KEY = 'feature-flags:v1';

/**
 * Shared by every replica through Redis: a change deletes the cached map, so each replica reads
 * PostgreSQL again on its next check. The TTL bounds staleness should that delete be lost
 * (Redis down during the change, or a reader racing the writer).
 */
const CACHE_TTL_SECONDS = 5;

/** What an admin can do to flags, checked once here (the GraphQL input only declares the shape). */
export const featureFlagCommands = {
  set: z.object({ key: z.string().max(64, 'must be at most 64 characters'), enabled: z.boolean() }),
};

export const isFeatureFlagKey = (key: string): key is FeatureFlagKey => Object.hasOwn(FEATURE_FLAGS, key);

/**
 * Feature flags changed at runtime without a restart. The stored value wins over the env
 * default; a Redis outage falls back to PostgreSQL so flags keep working.
 */
export class FeatureFlagService {
  constructor(
    private readonly deps: {
      repository: FeatureFlagRepository;
      store: SharedStore;
      config: Config;
      logger: Logger;
      publicAnswers: PublicAnswers;
    },
  ) {}

  /** Is a feature on? Unknown keys are off. (The auth service gates registration with this.) */
  async isEnabled(key: string): Promise<boolean> {
    if (!isFeatureFlagKey(key)) return false;
    const stored = await this.stored();
    return stored[key] ?? this.deps.config.features[key];
  }

  async list(): Promise<FeatureFlagState[]> {
    const stored = await this.stored();
    return (Object.keys(FEATURE_FLAGS) as FeatureFlagKey[]).map((key) => ({
      key,
      enabled: stored[key] ?? this.deps.config.features[key],
      description: FEATURE_FLAGS[key],
    }));
  }

  async set(principal: Principal, flagKey: string, flagEnabled: boolean): Promise<FeatureFlagState> {
    const { key, enabled } = parseInput(featureFlagCommands.set, { key: flagKey, enabled: flagEnabled });
    if (principal.role !== 'admin') throw new AppError('FORBIDDEN', 'Only admins can change feature flags.');
    if (!isFeatureFlagKey(key)) {
      throw new AppError('BAD_USER_INPUT', 'Unknown feature flag.', {
        details: { key: [`must be one of: ${Object.keys(FEATURE_FLAGS).join(', ')}`] },
      });
    }
    await this.deps.repository.upsert(key, enabled, principal.userId);
    await this.deps.store.del(CACHE_KEY).catch((error: unknown) => {
      this.deps.logger.warn(
        { err: error, key },
        `feature flag cache not cleared; replicas catch up within ${CACHE_TTL_SECONDS}s`,
      );
    });
    await this.deps.publicAnswers.invalidate([RESPONSE_SCOPES.flags]);
    this.deps.logger.info({ key, enabled, by: principal.userId }, 'feature flag changed');
    return { key, enabled, description: FEATURE_FLAGS[key] };
  }

  private async stored(): Promise<Partial<Record<FeatureFlagKey, boolean>>> {
    const { store, repository, logger } = this.deps;
    const cached = await store.get(CACHE_KEY).catch((error: unknown) => {
      logger.warn({ err: error }, 'feature flag cache unavailable; reading PostgreSQL');
      return null;
    });
    if (cached !== null) return JSON.parse(cached) as Partial<Record<FeatureFlagKey, boolean>>;
    const rows = await repository.all();
    const stored = Object.fromEntries(
      rows.filter((row) => isFeatureFlagKey(row.key)).map((row) => [row.key, row.enabled]),
    );
    await store.set(CACHE_KEY, JSON.stringify(stored), CACHE_TTL_SECONDS).catch(() => undefined);
    return stored;
  }
}
