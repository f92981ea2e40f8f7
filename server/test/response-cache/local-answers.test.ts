import pino from 'pino';
import { answerOf, ResponseCache, type Computed } from '../../src/platform/cache/response-cache';
import { InProcessStore } from '../../src/platform/shared-store/in-process-store';
import type { SharedStore } from '../../src/platform/shared-store/shared-store';

/** A store shared by "replicas", counting what each method is asked, and able to fail. */
function sharedStore() {
  const store = new InProcessStore();
  const calls: string[] = [];
  let down = false;
  /** Refused bumps left (a store failing over, paused or read only: reads still answer). */
  let refusedWrites = 0;
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        if (down) return Promise.reject(new Error('store down'));
        if (name === 'bumpVersions' && refusedWrites > 0) {
          refusedWrites -= 1;
          return Promise.reject(new Error('READONLY You cannot write against a read only replica.'));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as SharedStore;
  return {
    store: proxy,
    calls,
    setDown: (value: boolean) => {
      down = value;
    },
    refuseWrites: (count: number) => {
      refusedWrites = count;
    },
  };
}

const logger = pino({ level: 'silent' });

function replica(store: SharedStore, options: Partial<ConstructorParameters<typeof ResponseCache>[0]> = {}) {
  return new ResponseCache({ store, enabled: true, ttlSeconds: 60, logger, ...options });
}

const computing = (payload: string) => async (): Promise<Computed<string>> => ({
  answer: answerOf(payload),
  own: payload,
});

describe("a replica's own copy of the answers it served", () => {
  it('serves a kept answer after reading only its scopes’ generations, never the entry', async () => {
    const { store, calls } = sharedStore();
    const cache = replica(store);
    expect((await cache.get('feed', ['lists'], computing('page one'))).result).toBe('MISS');
    calls.length = 0;
    const hit = await cache.get('feed', ['lists'], computing('unused'));
    expect(hit).toEqual({ result: 'HIT', answer: answerOf('page one') });
    expect(calls).toEqual(['readGenerations']);
  });

  it('keeps an answer another replica computed once it has read it', async () => {
    const { store, calls } = sharedStore();
    await replica(store).get('feed', ['lists'], computing('from the other replica'));
    const cache = replica(store);
    expect((await cache.get('feed', ['lists'], computing('unused'))).result).toBe('HIT');
    calls.length = 0;
    expect((await cache.get('feed', ['lists'], computing('unused'))).result).toBe('HIT');
    expect(calls).toEqual(['readGenerations']);
  });

  it('never serves its copy after a write on another replica bumped a scope', async () => {
    const { store } = sharedStore();
    const [one, two] = [replica(store), replica(store)];
    await one.get('feed', ['lists', 'users'], computing('before'));
    expect((await one.get('feed', ['lists', 'users'], computing('unused'))).result).toBe('HIT');
    await two.invalidate(['users']);
    const after = await one.get('feed', ['lists', 'users'], computing('after'));
    expect(after).toMatchObject({ result: 'MISS', answer: answerOf('after') });
    expect(await two.get('feed', ['lists', 'users'], computing('unused'))).toEqual({
      result: 'HIT',
      answer: answerOf('after'),
    });
  });

  it('answers BYPASS, not its copy, when the store is down, and a miss when it comes back empty', async () => {
    const { store, setDown } = sharedStore();
    const cache = replica(store);
    await cache.get('feed', ['lists'], computing('kept'));
    setDown(true);
    expect((await cache.get('feed', ['lists'], computing('unused'))).result).toBe('BYPASS');
    setDown(false);
    // Everything lost (a restart without persistence): the generations are new, the copy is not served.
    await store.del('rc:g:lists', 'rc:e:feed');
    expect(await cache.get('feed', ['lists'], computing('recomputed'))).toMatchObject({
      result: 'MISS',
      answer: answerOf('recomputed'),
    });
  });

  it('reads the generations once for the requests of one event-loop turn, when the turn ends', async () => {
    const { store, calls } = sharedStore();
    const [one, two] = [replica(store), replica(store)];
    await one.get('feed', ['lists'], computing('before'));
    calls.length = 0;
    const together = await Promise.all([1, 2, 3].map(() => one.get('feed', ['lists'], computing('unused'))));
    expect(together.map((lookup) => lookup.result)).toEqual(['HIT', 'HIT', 'HIT']);
    expect(calls).toEqual(['readGenerations']);
    // A write that answers while the turn's requests wait: the read, issued when the turn ends,
    // sees it for all of them.
    calls.length = 0;
    const waiting = [1, 2, 3].map(() => one.get('feed', ['lists'], computing('after')));
    await two.invalidate(['lists']);
    const after = await Promise.all(waiting);
    expect(after.map((lookup) => lookup.result)).toEqual(['MISS', 'MISS', 'MISS']);
    for (const lookup of after) expect(lookup).toMatchObject({ answer: answerOf('after') });
    expect(calls.filter((call) => call === 'readGenerations')).toHaveLength(1);
  });

  it('keeps a copy no longer than the cache’s TTL, then reads the stored entry again', async () => {
    const { store, calls } = sharedStore();
    let now = 1_000_000;
    const cache = replica(store, { ttlSeconds: 30, now: () => now });
    await cache.get('feed', ['lists'], computing('page'));
    now += 30_000;
    calls.length = 0;
    expect((await cache.get('feed', ['lists'], computing('unused'))).result).toBe('HIT');
    expect(calls).toEqual(['readWithGenerations']);
  });

  it('holds at most its bounds of answers and characters, oldest out first', async () => {
    const { store } = sharedStore();
    const cache = replica(store, { localEntries: 2, localCharacters: 10 });
    await cache.get('a', ['lists'], computing('aaaa'));
    await cache.get('b', ['lists'], computing('bbbb'));
    expect(cache.localSize).toBe(2);
    await cache.get('c', ['lists'], computing('cccc'));
    expect(cache.localSize).toBe(2);
    // Seven characters more would pass the bound of ten: both older answers go.
    await cache.get('d', ['lists'], computing('ddddddd'));
    expect(cache.localSize).toBe(1);
    // One alone over the bound is never kept (it is still stored and served).
    expect((await cache.get('e', ['lists'], computing('e'.repeat(11)))).result).toBe('MISS');
    expect(cache.localSize).toBe(1);
    expect((await cache.get('e', ['lists'], computing('unused'))).result).toBe('HIT');
  });

  it('does not answer a write until its bump is in while the store refuses writes and still answers reads', async () => {
    const { store, calls, refuseWrites } = sharedStore();
    const pauses: number[] = [];
    const sleep = async (ms: number) => {
      pauses.push(ms);
    };
    const [one, two] = [replica(store, { sleep }), replica(store, { sleep })];
    await two.get('feed', ['users'], computing('old name'));
    expect((await two.get('feed', ['users'], computing('unused'))).result).toBe('HIT');
    refuseWrites(3);
    calls.length = 0;
    await one.invalidate(['users']);
    expect(calls.filter((call) => call === 'bumpVersions')).toHaveLength(4);
    expect(pauses).toEqual([100, 200, 400]);
    expect(await two.get('feed', ['users'], computing('new name'))).toMatchObject({
      result: 'MISS',
      answer: answerOf('new name'),
    });
  });

  it('answers after its wait when the store keeps refusing, and bumps in the background once it takes writes', async () => {
    const { store, refuseWrites } = sharedStore();
    const waits: (() => void)[] = [];
    const pauses: number[] = [];
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        pauses.push(ms);
        if (ms < 1_000) resolve();
        else waits.push(resolve);
      });
    const [one, two] = [replica(store, { sleep, invalidateWaitMs: 500 }), replica(store)];
    await two.get('feed', ['users'], computing('old name'));
    refuseWrites(1_000);
    await one.invalidate(['users']);
    // Two pauses within the wait, then the background retry's first second.
    expect(pauses).toEqual([100, 200, 1_000]);
    // Still refused: the other replica's hit is what the store's generations say.
    expect((await two.get('feed', ['users'], computing('unused'))).result).toBe('HIT');
    refuseWrites(0);
    waits.shift()!();
    for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(await two.get('feed', ['users'], computing('new name'))).toMatchObject({ result: 'MISS' });
  });
});
