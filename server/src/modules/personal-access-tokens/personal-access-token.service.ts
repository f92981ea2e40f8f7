import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SharedStore } from '../../platform/shared-store/shared-store';
import { AppError } from '../../platform/errors/app-error';
import type { Principal } from '../../platform/request-scope/principal';
import { parseInput } from '../../platform/validation/parse-input';
import type { PersonalAccessTokenRepository } from './personal-access-token.repository';
import { TOKEN_SCOPES, type PersonalAccessTokenRecord, type TokenScopeValue } from './personal-access-token.record';

/** Every personal access token starts with this, so scanners and people can recognise one. */
export const TOKEN_PREFIX = 'inkpat_';
export const isPersonalAccessToken = (token: string): boolean => token.startsWith(TOKEN_PREFIX);
/** The prefix and 32 random bytes in base64url. */
const TOKEN_SHAPE = /^inkpat_[A-Za-z0-9_-]{43}$/;

/** A token's record stays cached this long; revocation writes a marker that outlives it. */
const CACHE_TTL_SECONDS = 3600;
const MAX_LIVE_TOKENS = 50;
/** last-used times are written to Redis at most this often per token and replica. */
const LAST_USED_EVERY_MS = 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

const createSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1, 'must name at least one scope')
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z.int().min(1, 'must be 1 to 366 days').max(366, 'must be 1 to 366 days').nullish(),
});

interface CachedToken {
  id: string;
  userId: string;
  scopes: TokenScopeValue[];
  expiresAt: string | null;
}

/** The principal of a personal access token: the user it stands for, and the token itself. */
export interface TokenPrincipal extends Principal {
  readonly personalAccessToken: { readonly id: string; readonly scopes: readonly TokenScopeValue[] };
}

export interface TokenWithLastUse extends PersonalAccessTokenRecord {
  readonly lastUsedAt: Date | null;
}

/**
 * Personal access tokens: created and revoked by a signed-in user (never by another token),
 * checked on every request with one Redis round trip and no SQL once cached (the record for an
 * hour, a revocation marker written first, as sessions do: ADR 2).
 */
export class PersonalAccessTokenService {
  private readonly lastUseWritten = new Map<string, number>();

  constructor(
    private readonly repository: PersonalAccessTokenRepository,
    private readonly store: SharedStore,
  ) {}

  private static recordKey = (hash: string) => `pat:${hash}`;
  private static revokedKey = (hash: string) => `pat:revoked:${hash}`;
  private static usedKey = (id: string) => `pat:used:${id}`;

  async create(principal: Principal, input: unknown): Promise<{ token: string; record: PersonalAccessTokenRecord }> {
    refuseTokens(principal);
    const { name, scopes, expiresInDays } = parseInput(createSchema, input);
    if ((await this.repository.listLive(principal.userId, new Date())).length >= MAX_LIVE_TOKENS) {
      throw new AppError('CONFLICT', `You have ${MAX_LIVE_TOKENS} tokens; revoke one first.`);
    }
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const record = await this.repository.create({
      userId: principal.userId,
      name,
      tokenHash: hashOf(token),
      scopes,
      expiresAt,
    });
    return { token, record };
  }

  async list(principal: Principal): Promise<TokenWithLastUse[]> {
    refuseTokens(principal);
    const records = await this.repository.listLive(principal.userId, new Date());
    if (records.length === 0) return [];
    const used = await this.store.mget(records.map((record) => PersonalAccessTokenService.usedKey(record.id)));
    return records.map((record, index) => ({ ...record, lastUsedAt: used[index] ? new Date(used[index]!) : null }));
  }

  /** Ends a token on the next request on every replica: the Redis marker is written first. */
  async revoke(principal: Principal, id: string): Promise<PersonalAccessTokenRecord> {
    refuseTokens(principal);
    const existing = await this.repository.byId(principal.userId, id);
    if (!existing) throw new AppError('NOT_FOUND', 'No such token.');
    await this.store.set(PersonalAccessTokenService.revokedKey(existing.tokenHash), '1', CACHE_TTL_SECONDS + 60);
    const revoked = await this.repository.revoke(principal.userId, id);
    await this.store.del(PersonalAccessTokenService.recordKey(existing.tokenHash));
    return revoked ?? existing;
  }

  /**
   * Ends every token of a user (account deletion), marked revoked in the shared store before
   * PostgreSQL as `revoke` does, so every replica refuses them on the next request.
   */
  async revokeAllOfUser(userId: string): Promise<number> {
    const hashes = await this.repository.activeHashesOf(userId);
    await Promise.all(
      hashes.map((hash) => this.store.set(PersonalAccessTokenService.revokedKey(hash), '1', CACHE_TTL_SECONDS + 60)),
    );
    const revoked = await this.repository.revokeAllOfUser(userId);
    await Promise.all(hashes.map((hash) => this.store.del(PersonalAccessTokenService.recordKey(hash))));
    return revoked;
  }

  /** The principal a token stands for: one Redis round trip, PostgreSQL only when not cached. */
  async authenticate(token: string): Promise<TokenPrincipal> {
    // Not one we could have issued: refused before Redis or PostgreSQL see it.
    if (!TOKEN_SHAPE.test(token)) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked personal access token.');
    const hash = hashOf(token);
    const [cached, revoked] = await this.store.mget([
      PersonalAccessTokenService.recordKey(hash),
      PersonalAccessTokenService.revokedKey(hash),
    ]);
    if (revoked) throw new AppError('UNAUTHENTICATED', 'This personal access token was revoked.');
    const record = cached ? (JSON.parse(cached) as CachedToken) : await this.load(hash);
    if (record.expiresAt && Date.parse(record.expiresAt) <= Date.now()) {
      throw new AppError('TOKEN_EXPIRED', 'This personal access token has expired.');
    }
    this.noteUse(record.id);
    return {
      userId: record.userId,
      sessionId: `pat:${record.id}`,
      role: 'author',
      // Drafts and trash reached through post(slug:) or node(id:) need READ_POSTS too.
      readsPrivatePosts: record.scopes.includes('READ_POSTS'),
      personalAccessToken: { id: record.id, scopes: record.scopes },
    };
  }

  private async load(hash: string): Promise<CachedToken> {
    const record = await this.repository.byHash(hash);
    if (!record || record.revokedAt) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked personal access token.');
    const cached: CachedToken = {
      id: record.id,
      userId: record.userId,
      scopes: [...record.scopes],
      expiresAt: record.expiresAt?.toISOString() ?? null,
    };
    const ttl = record.expiresAt
      ? Math.min(CACHE_TTL_SECONDS, Math.ceil((record.expiresAt.getTime() - Date.now()) / 1000))
      : CACHE_TTL_SECONDS;
    if (ttl > 0) await this.store.set(PersonalAccessTokenService.recordKey(hash), JSON.stringify(cached), ttl);
    return cached;
  }

  /** Last use, in Redis (no SQL on the request path), at most once a minute per replica. */
  private noteUse(id: string): void {
    const now = Date.now();
    if (now - (this.lastUseWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUseWritten.set(id, now);
    void this.store.set(PersonalAccessTokenService.usedKey(id), new Date(now).toISOString(), 400 * 86_400).catch(() => {
      this.lastUseWritten.delete(id);
    });
  }
}

/** Tokens never manage tokens (nor sessions or passwords): only a signed-in session does. */
function refuseTokens(principal: Principal): void {
  if ((principal as Partial<TokenPrincipal>).personalAccessToken) {
    throw new AppError('FORBIDDEN', 'A personal access token cannot manage tokens; sign in.', {
      details: { requiredScope: null },
    });
  }
}
