import type { SharedStore } from './shared-store';

interface Entry {
  value: string | number[] | Set<string>;
  expiresAt: number;
}

/**
 * The embedded-mode stand-in for Redis: one process, one map, lazy expiry. Single-threaded
 * JavaScript makes each method atomic, which is what the Redis version gets from Lua.
 */
export class InProcessStore implements SharedStore {
  private readonly entries = new Map<string, Entry>();
  private lastGeneration = 0;

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private put(key: string, value: Entry['value'], ttlSeconds?: number) {
    const expiresAt = ttlSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + Math.ceil(ttlSeconds * 1000);
    this.entries.set(key, { value, expiresAt });
  }

  async get(key: string) {
    const value = this.live(key)?.value;
    return typeof value === 'string' ? value : null;
  }

  async mget(keys: readonly string[]) {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async set(key: string, value: string, ttlSeconds?: number) {
    this.put(key, value, ttlSeconds);
  }

  async setMany(entries: readonly { key: string; value: string; ttlSeconds: number }[]) {
    entries.forEach(({ key, value, ttlSeconds }) => this.put(key, value, ttlSeconds));
  }

  async setMonotonic(key: string, version: number, value: string, ttlSeconds: number) {
    const current = this.live(key)?.value;
    const stored = typeof current === 'string' ? Number(current.split(':')[0]) : Number.NEGATIVE_INFINITY;
    if (version >= stored) this.put(key, `${version}:${value}`, ttlSeconds);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number) {
    if (this.live(key)) return false;
    this.put(key, value, ttlSeconds);
    return true;
  }

  async del(...keys: string[]) {
    keys.forEach((key) => this.entries.delete(key));
  }

  async increment(key: string, ttlSeconds: number) {
    const entry = this.live(key);
    const next = Number(entry?.value ?? 0) + 1;
    if (entry) entry.value = String(next);
    else this.put(key, String(next), ttlSeconds);
    return next;
  }

  async recordHit(key: string, nowMs: number, windowMs: number) {
    const entry = this.live(key);
    const prior = (Array.isArray(entry?.value) ? entry.value : []).filter((t) => t > nowMs - windowMs);
    this.put(key, [...prior, nowMs], windowMs / 1000);
    return prior;
  }

  async addDistinct(key: string, member: string, ttlSeconds: number) {
    await this.addToSet(key, member, ttlSeconds);
  }

  async countDistinct(key: string) {
    return (await this.setMembers(key)).length;
  }

  async addToSet(key: string, member: string, ttlSeconds: number) {
    const current = this.live(key)?.value;
    const set = current instanceof Set ? current : new Set<string>();
    set.add(member);
    this.put(key, set, ttlSeconds);
  }

  async setMembers(key: string) {
    const current = this.live(key)?.value;
    return current instanceof Set ? [...current] : [];
  }

  /** A generation above any this process handed out before (the clock in microseconds, or the last one + 1). */
  private freshGeneration() {
    this.lastGeneration = Math.max(this.lastGeneration + 1, Date.now() * 1000);
    return String(this.lastGeneration);
  }

  async readWithGenerations(key: string, scopes: readonly string[]) {
    let missing = false;
    const generations = scopes.map((scope) => {
      const current = this.live(scope)?.value;
      if (typeof current === 'string') return current;
      missing = true;
      const fresh = this.freshGeneration();
      this.put(scope, fresh);
      return fresh;
    });
    return { value: missing ? null : await this.get(key), generations: generations.join('.') };
  }

  async readGenerations(scopes: readonly string[]) {
    const generations = scopes.map((scope) => this.live(scope)?.value);
    return generations.every((generation) => typeof generation === 'string') ? generations.join('.') : null;
  }

  async bumpVersions(scopes: readonly string[]) {
    scopes.forEach((scope) => this.put(scope, this.freshGeneration()));
  }

  async ping() {}

  async close() {
    this.entries.clear();
  }
}
