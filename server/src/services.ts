import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { AccountService } from './modules/account/account-admin.service';
import { AuthStateCache } from './modules/auth/auth-state';
import { AuthStateRepository } from './modules/auth/auth-state.repository';
import { AuthService } from './modules/auth/auth.service';
import { LoginThrottle } from './modules/auth/login-throttle';
import { TokenService } from './modules/auth/token.service';
import { AccountDeletionService } from './modules/account/account-deletion.service';
import { AccountExportRepository } from './modules/account/account-export.repository';
import { AccountExportService } from './modules/account/account-export.service';
import { AnalyticsService } from './modules/analytics/analytics.service';
import { PostStatsRepository } from './modules/analytics/post-stats.repository';
import { CredentialsService, type FeatureGate } from './modules/credentials/credentials.service';
import { EmailTokenRepository } from './modules/credentials/email-token.repository';
import { MailService } from './modules/mail/mail.service';
import { FeatureFlagRepository } from './modules/feature-flags/feature-flag.repository';
import { FeatureFlagService } from './modules/feature-flags/feature-flag.service';
import { PersonalAccessTokenRepository } from './modules/personal-access-tokens/personal-access-token.repository';
import { PersonalAccessTokenService } from './modules/personal-access-tokens/personal-access-token.service';
import { seedDemoContent } from './modules/posts/demo-content';
import { PostRepository } from './modules/posts/post.repository';
import { PostService } from './modules/posts/post.service';
import { postNodes } from './modules/posts/post.node';
import { RevocationRepository, sessionCredentialSource } from './modules/sessions/revocation.repository';
import { RevocationStore } from './modules/sessions/revocation.store';
import { SessionRepository } from './modules/sessions/session.repository';
import { SessionService } from './modules/sessions/session.service';
import { sessionNodes } from './modules/sessions/session.node';
import { UserRepository } from './modules/users/user.repository';
import { UserService } from './modules/users/user.service';
import { userNodes } from './modules/users/user.node';
import type { SharedStore } from './platform/shared-store/shared-store';
import { ResponseCache } from './platform/cache/response-cache';
import { systemClock, type Clock } from './platform/clock';
import { transactionsOf } from './platform/db/transaction';
import type { Config } from './platform/config';
import { NodeRegistry } from './platform/graphql/node';
import { NO_METRICS, type ResponseCacheResult } from './platform/observability/metrics';
import type { MetricsRegistry } from './platform/observability/metrics-registry';
import type { JobBackend } from './platform/jobs/job.types';
import { Outbox } from './platform/jobs/outbox';
import { MarkdownRenderer } from './platform/markdown/markdown.renderer';
import { RateLimiter } from './platform/rate-limit/rate-limiter';

/** What the app is built from: the only I/O handles it gets. Tests build their own. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Knex;
  readonly store: SharedStore;
  /** Where metrics are recorded; createApp makes a registry of its own when none is given. */
  readonly metrics?: MetricsRegistry;
  /** Where the outbox relays jobs (BullMQ, or in-process in embedded mode); none: rows wait for a worker's sweeper. */
  readonly jobs?: JobBackend;
  /** The app's time for its own windows; tests pass one they can move (default: the system's). */
  readonly clock?: Clock;
}

/** Feature services, created once per app and reached by transports through the context. */
export interface AppServices {
  readonly config: Config;
  readonly nodes: NodeRegistry;
  readonly rateLimiter: RateLimiter;
  readonly users: UserService;
  readonly sessions: SessionService;
  readonly auth: AuthService;
  readonly accounts: AccountService;
  readonly posts: PostService;
  readonly featureFlags: FeatureFlagService;
  readonly outbox: Outbox;
  readonly mail: MailService;
  readonly credentials: CredentialsService;
  readonly analytics: AnalyticsService;
  readonly accountExport: AccountExportService;
  readonly accountDeletion: AccountDeletionService;
  /** The shared cache of public answers; writes invalidate it through their services. */
  readonly responseCache: ResponseCache;
  readonly personalAccessTokens: PersonalAccessTokenService;
  /** Work to do once before serving (embedded demo content, cache warm-up). */
  onStart?(): Promise<void>;
  /** Work to do once while serving (re-rendering stored post HTML of an older renderer version). */
  afterStart(): Promise<void>;
}

/** `X-SharedStore` verdicts as response_cache_requests_total's label values. */
const RESPONSE_CACHE_RESULTS = { HIT: 'hit', MISS: 'miss', BYPASS: 'bypass' } as const satisfies Record<
  string,
  ResponseCacheResult
>;

/** The composition root: repositories, then services, then node types. */
export function createServices(deps: AppDeps): AppServices {
  const { config, logger, db, store } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  const clock = deps.clock ?? systemClock;
  const transact = transactionsOf(db);
  const rateLimiter = new RateLimiter(store, clock, metrics);
  const responseCache = new ResponseCache({
    store,
    enabled: config.responseCache.enabled,
    ttlSeconds: config.responseCache.ttlSeconds,
    logger: logger.child({ component: 'response-cache' }),
  });
  responseCache.onResult((result) => metrics.responseCacheRequest(RESPONSE_CACHE_RESULTS[result]));
  const userRepository = new UserRepository(db);
  const users = new UserService(userRepository, responseCache);
  const tokens = new TokenService(config);
  const featureFlags: FeatureGate & FeatureFlagService = new FeatureFlagService({
    repository: new FeatureFlagRepository(db),
    store,
    config,
    logger,
    publicAnswers: responseCache,
  });
  const postRepository = new PostRepository(db);
  const posts = new PostService(postRepository, responseCache, new MarkdownRenderer({ siteUrl: config.publicUrl }));
  const authState = new AuthStateCache(store, new AuthStateRepository(db));
  const revocationRepository = new RevocationRepository(db);
  const revocations = new RevocationStore(store, config.jwt.accessTtlSeconds, authState, logger).register(
    sessionCredentialSource(revocationRepository),
  );
  const sessions = new SessionService(new SessionRepository(db), revocations, config, metrics);
  const throttle = new LoginThrottle(rateLimiter, config);
  // Auth owns credentials (password hashes, token versions), which UserService deliberately
  // never hands out, so it works with the users repository directly. Its sign-in hooks call
  // services made below, only once requests arrive.
  const auth: AuthService = new AuthService({
    config,
    logger,
    transact,
    users: userRepository,
    sessions,
    tokens,
    authState,
    throttle,
    rateLimiter,
    metrics,
    signInHooks: {
      noteSignIn: (trx, signIn) => credentials.noteSignIn(trx, signIn),
      beforeSignIn: (email, password) => accountDeletion.restoreOnSignIn(email, password),
    },
    clock,
  });
  const outbox = new Outbox(db, deps.jobs ?? null, logger);
  const mail = new MailService(outbox, config);
  const credentials = new CredentialsService({
    config,
    logger,
    transact,
    users: userRepository,
    tokens: new EmailTokenRepository(db),
    sessions,
    auth,
    authState,
    throttle,
    features: featureFlags,
    mail,
    outbox,
    rateLimiter,
    clock,
    metrics,
  });
  const analytics = new AnalyticsService({
    config,
    store,
    posts,
    stats: new PostStatsRepository(db),
    rateLimiter,
    clock,
  });
  const accountExport = new AccountExportService({
    config,
    db,
    outbox,
    repository: new AccountExportRepository(db),
    rateLimiter,
  });
  const personalAccessTokens = new PersonalAccessTokenService(new PersonalAccessTokenRepository(db), store);
  const accounts = new AccountService({
    transact,
    users: userRepository,
    sessions,
    authState,
    publicAnswers: responseCache,
    tokens: personalAccessTokens,
  });
  const accountDeletion = new AccountDeletionService({
    config,
    logger,
    transact,
    users: userRepository,
    authState,
    accounts,
    rateLimiter,
    publicAnswers: responseCache,
  });
  // Every node type `node(id:)` can resolve, each loaded by the feature that owns it.
  const nodes = new NodeRegistry([sessionNodes(sessions), postNodes(posts, users), userNodes(users)]);

  // Embedded `npm start` shows a few posts on its first start; real deployments start empty.
  const onStart = config.embedded.database
    ? () => seedDemoContent({ users: userRepository, posts: postRepository, logger })
    : undefined;
  // In the background: reads render stale rows on the fly meanwhile, so a large table does not
  // hold up listening.
  const afterStart = async () => {
    const rendered = await posts.renderStale();
    if (rendered > 0) logger.info({ posts: rendered }, 'rendered the HTML of posts stored without it');
  };

  return {
    config,
    nodes,
    rateLimiter,
    users,
    sessions,
    auth,
    accounts,
    posts,
    featureFlags,
    responseCache,
    personalAccessTokens,
    outbox,
    mail,
    credentials,
    analytics,
    accountExport,
    accountDeletion,
    onStart,
    afterStart,
  };
}
