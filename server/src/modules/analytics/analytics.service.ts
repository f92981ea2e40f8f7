import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { SharedStore } from '../../platform/shared-store/shared-store';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import { expectGlobalId } from '../../platform/ids/global-id';
import { LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { Principal } from '../../platform/request-scope/principal';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { parseInput } from '../../platform/validation/parse-input';
import type { PostService } from '../posts/post.service';
import { POST_TYPE } from '../posts/post.record';
import type { DayStats, PostStatsRepository } from './post-stats.repository';
import { viewEvent } from './analytics.validation';

/** Live counters outlive the fold window (today and yesterday) by a day. */
const LIVE_TTL_SECONDS = 3 * 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

const keys = {
  views: (day: string, postId: string) => `an:views:${day}:${postId}`,
  visitors: (day: string, postId: string) => `an:visitors:${day}:${postId}`,
  viewed: (day: string) => `an:viewed:${day}`,
  salt: (day: string) => `an:salt:${day}`,
};

/**
 * Post views. A beacon counts a view (a counter) and a visitor (a HyperLogLog of a salted hash
 * of address + user agent; the salt is random per day and expires with the day's counters, so
 * no address is stored and yesterday's hashes cannot be recomputed). A repeatable job folds the
 * counters into post_daily_stats; today is read live from the store.
 */
export class AnalyticsService {
  constructor(
    private readonly deps: {
      config: Config;
      store: SharedStore;
      posts: PostService;
      stats: PostStatsRepository;
      rateLimiter: RateLimiter;
      clock: Clock;
    },
  ) {}

  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  /** Records one view; a view of a post that is not public is accepted and not counted. */
  async recordView(input: unknown, client: { ip: string; userAgent: string | undefined }): Promise<boolean> {
    const { config, store, posts, rateLimiter } = this.deps;
    const event = parseInput(viewEvent, input);
    const postId = expectGlobalId(event.post_id, POST_TYPE, 'post_id');
    await rateLimiter.consume({ name: 'events', ...config.rateLimits.events }, { ip: client.ip, subject: '' });
    const [post] = await posts.visibleByIds([postId], null, new LoaderRegistry());
    if (!post) return false;
    const day = utcDay(this.now());
    const visitor = createHash('sha256')
      .update(`${await this.salt(day)}|${client.ip}|${client.userAgent ?? ''}`)
      .digest('base64url');
    await store.increment(keys.views(day, post.id), LIVE_TTL_SECONDS);
    await store.addDistinct(keys.visitors(day, post.id), visitor, LIVE_TTL_SECONDS);
    await store.addToSet(keys.viewed(day), post.id, LIVE_TTL_SECONDS);
    return true;
  }

  /**
   * The day's salt. Two replicas creating it at the same instant may briefly hash with different
   * salts (a visitor counted twice that second); the last write wins and both read it after.
   */
  private async salt(day: string): Promise<string> {
    const { store } = this.deps;
    const existing = await store.get(keys.salt(day));
    if (existing) return existing;
    await store.set(keys.salt(day), randomBytes(16).toString('hex'), LIVE_TTL_SECONDS);
    return (await store.get(keys.salt(day)))!;
  }

  private async live(day: string, postId: string): Promise<DayStats> {
    const { store } = this.deps;
    const [views, visitors] = await Promise.all([
      store.get(keys.views(day, postId)),
      store.countDistinct(keys.visitors(day, postId)),
    ]);
    return { day, views: Number(views ?? 0), visitors };
  }

  /** The repeatable fold: yesterday's and today's counters into PostgreSQL (absolute, so idempotent). */
  async fold(logger: Logger): Promise<number> {
    const { store, stats } = this.deps;
    const now = this.now();
    let folded = 0;
    for (const day of [utcDay(new Date(now.getTime() - DAY_MS)), utcDay(now)]) {
      const postIds = await store.setMembers(keys.viewed(day));
      const rows = await Promise.all(postIds.map(async (postId) => ({ postId, ...(await this.live(day, postId)) })));
      await stats.upsert(rows);
      folded += rows.length;
    }
    logger.info({ event: 'analytics.fold', posts: folded }, 'post views folded');
    return folded;
  }

  /** A post's numbers for the last `days` days (today live); its author only, anyone else null. */
  async statsFor(
    principal: Principal | null,
    post: { postId: string; authorId: string },
    days: number,
  ): Promise<DayStats[] | null> {
    if (!principal || principal.userId !== post.authorId) return null;
    const span = Math.min(Math.max(Math.trunc(days), 1), 366);
    const now = this.now();
    const today = utcDay(now);
    const from = utcDay(new Date(now.getTime() - (span - 1) * DAY_MS));
    const stored = new Map((await this.deps.stats.range(post.postId, from, today)).map((row) => [row.day, row]));
    stored.set(today, await this.live(today, post.postId));
    return Array.from({ length: span }, (_, index) => {
      const day = utcDay(new Date(now.getTime() - (span - 1 - index) * DAY_MS));
      return stored.get(day) ?? { day, views: 0, visitors: 0 };
    });
  }
}
