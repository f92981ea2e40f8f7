import { KeyObject as KeyObjectClass, randomBytes, type KeyObject } from 'node:crypto';
import { DEFAULT_CLIENT_DIST_DIR, PACKAGE_VERSION, productionSchema, type Env } from './config.schema';
import type { TrustProxySetting } from './trust-proxy';

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  /** Embedded mode swaps PostgreSQL for PGlite and Redis for an in-process store. */
  readonly embedded: { readonly database: boolean; readonly cache: boolean };
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly dataDir: string;
  readonly clientDistDir: string;
  /** CLIENT_DIST_DIR was set explicitly: the built client must be there (paths.ts). */
  readonly clientDistDirRequired: boolean;
  /** The build's version, on every access-log line (INKWELL_VERSION, else the package's). */
  readonly version: string;
  /** The site's public origin (and path prefix), without a trailing slash: canonical URLs, feeds, mail links. */
  readonly publicUrl: string;
  readonly jwt: {
    readonly accessSecret: string;
    /**
     * When set, access tokens are signed (ES256/RS256) with the first key; every key verifies
     * and is published in the JWKS (rotation). Empty: HS256 with accessSecret.
     */
    readonly accessPrivateKeys: readonly KeyObject[];
    readonly refreshSecret: string;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTtlSeconds: number;
  };
  readonly sessions: {
    readonly refreshTtlSeconds: number;
    readonly idleTtlSeconds: number;
    readonly reuseGraceSeconds: number;
    readonly maxPerUser: number;
  };
  readonly http: {
    readonly trustProxy: TrustProxySetting;
    readonly corsOrigins: readonly string[];
    readonly shutdownTimeoutMs: number;
  };
  readonly graphql: {
    readonly sandbox: boolean;
    readonly introspection: boolean;
    /** Execute with graphql-jit (compiled operations) instead of graphql-js. */
    readonly jit: boolean;
    /** Limits on third-party queries, checked before execution (QUERY_TOO_COMPLEX). */
    readonly limits: {
      readonly maxDepth: number;
      readonly maxAliases: number;
      readonly maxCost: number;
      readonly maxTokens: number;
    };
    /** off: ignore `id`; allow: accept `id` from the allowlist besides ad-hoc queries; only: nothing else. */
    readonly persistedQueries: { readonly mode: 'off' | 'allow' | 'only'; readonly file: string };
    /** How long an automatic persisted query (APQ) stays registered in the shared store. */
    readonly apqTtlSeconds: number;
  };
  /** The shared cache of anonymous public answers (ADR 13). */
  readonly responseCache: {
    readonly enabled: boolean;
    readonly ttlSeconds: number;
    /** `s-maxage` of cacheable answers: how long the edge and other shared caches may keep them. */
    readonly edgeMaxAgeSeconds: number;
  };
  /** Defaults of the runtime feature flags (an admin's setting in the database wins). */
  readonly features: { readonly registration: boolean };
  /** Per client address (+ email for login); login failures are per account. */
  readonly rateLimits: {
    readonly login: RateLimitSetting;
    readonly loginAddress: RateLimitSetting;
    readonly loginFailures: RateLimitSetting;
    readonly register: RateLimitSetting;
    readonly refresh: RateLimitSetting;
    readonly refreshAddress: RateLimitSetting;
    /** Requests per personal access token, separate from the per-address limits. */
    readonly token: RateLimitSetting;
    readonly passwordForgot: RateLimitSetting;
    readonly passwordForgotEmail: RateLimitSetting;
    readonly emailToken: RateLimitSetting;
    readonly verifyResend: RateLimitSetting;
    /** View beacons per client address. */
    readonly events: RateLimitSetting;
    /** Data exports a user may ask for. */
    readonly dataExport: RateLimitSetting;
  };
  readonly mail: {
    /** smtp:// or smtps://; without it, mail is written as .eml files under `<DATA_DIR>/mail/`. */
    readonly smtpUrl: string | undefined;
    readonly from: string;
    /** The base of every link in mail, without a trailing slash. */
    readonly publicUrl: string;
  };
  readonly jobs: {
    /** Run the handlers in this (API) process: embedded mode. */
    readonly inProcess: boolean;
    readonly concurrency: number;
    readonly dashboardPort: number;
    /** A crashed worker's job is recovered after this long. */
    readonly stalledTimeoutMs: number;
    /** Trashed posts and deleted accounts are purged after this long. */
    readonly trashRetentionSeconds: number;
  };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly migrateOnStart: boolean;
  /** Prometheus metrics on a port of their own (`port` 0: not served). */
  readonly metrics: { readonly port: number; readonly host: string };
  /** OpenTelemetry traces: null when off (no OTLP endpoint, or OTEL_SDK_DISABLED). */
  readonly tracing: TracingConfig | null;
}

export interface TracingConfig {
  readonly serviceName: string;
  /** The full URL spans are posted to (`…/v1/traces`). */
  readonly tracesUrl: string;
  readonly protocol: 'http/protobuf' | 'http/json';
  readonly sampler: Env['OTEL_TRACES_SAMPLER'];
  readonly samplerRatio: number;
}

/** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is; the generic endpoint gets `/v1/traces` appended. */
function tracingConfig(env: Env): TracingConfig | null {
  if (env.OTEL_SDK_DISABLED) return null;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!tracesUrl) return null;
  return {
    serviceName: env.OTEL_SERVICE_NAME,
    tracesUrl,
    protocol: (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL) as TracingConfig['protocol'],
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG,
  };
}

export interface RateLimitSetting {
  readonly max: number;
  readonly windowSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof KeyObjectClass)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Outside production, unset secrets get a per-process random value (tokens die with the process). */
const devSecret = () => randomBytes(32).toString('hex');

/**
 * Validates the environment and returns a typed, frozen config.
 * This module (with config.schema.ts) is the only place that reads process.env.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = productionSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'} ${issue.message}`));
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  return deepFreeze<Config>({
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    embedded: { database: !env.DATABASE_URL, cache: !env.REDIS_URL },
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    dataDir: env.DATA_DIR,
    clientDistDir: env.CLIENT_DIST_DIR ?? DEFAULT_CLIENT_DIST_DIR,
    clientDistDirRequired: env.CLIENT_DIST_DIR !== undefined,
    version: env.INKWELL_VERSION ?? PACKAGE_VERSION,
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
    jwt: {
      accessSecret: env.JWT_ACCESS_SECRET ?? devSecret(),
      accessPrivateKeys: env.JWT_ACCESS_PRIVATE_KEY,
      refreshSecret: env.JWT_REFRESH_SECRET ?? devSecret(),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL,
    },
    sessions: {
      refreshTtlSeconds: env.REFRESH_TOKEN_TTL,
      idleTtlSeconds: env.SESSION_IDLE_TTL,
      reuseGraceSeconds: env.REFRESH_REUSE_GRACE,
      maxPerUser: env.MAX_SESSIONS_PER_USER,
    },
    http: {
      trustProxy: env.TRUST_PROXY,
      corsOrigins: env.CORS_ORIGINS,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    },
    graphql: {
      sandbox: env.GRAPHQL_SANDBOX ?? !isProduction,
      introspection: env.GRAPHQL_INTROSPECTION ?? !isProduction,
      jit: env.GRAPHQL_JIT,
      limits: {
        maxDepth: env.GRAPHQL_MAX_DEPTH,
        maxAliases: env.GRAPHQL_MAX_ALIASES,
        maxCost: env.GRAPHQL_MAX_COST,
        maxTokens: env.GRAPHQL_MAX_TOKENS,
      },
      persistedQueries: { mode: env.PERSISTED_QUERIES, file: env.PERSISTED_QUERIES_FILE },
      apqTtlSeconds: env.APQ_TTL,
    },
    responseCache: {
      enabled: env.RESPONSE_CACHE,
      ttlSeconds: env.RESPONSE_CACHE_TTL,
      edgeMaxAgeSeconds: env.RESPONSE_CACHE_EDGE_MAX_AGE,
    },
    features: { registration: env.FEATURE_REGISTRATION },
    rateLimits: {
      login: env.RATE_LIMIT_LOGIN,
      loginAddress: env.RATE_LIMIT_LOGIN_ADDRESS,
      loginFailures: env.RATE_LIMIT_LOGIN_FAILURES,
      register: env.RATE_LIMIT_REGISTER,
      refresh: env.RATE_LIMIT_REFRESH,
      refreshAddress: env.RATE_LIMIT_REFRESH_ADDRESS,
      token: env.RATE_LIMIT_TOKEN,
      passwordForgot: env.RATE_LIMIT_PASSWORD_FORGOT,
      passwordForgotEmail: env.RATE_LIMIT_PASSWORD_FORGOT_EMAIL,
      emailToken: env.RATE_LIMIT_EMAIL_TOKEN,
      verifyResend: env.RATE_LIMIT_VERIFY_RESEND,
      events: env.RATE_LIMIT_EVENTS,
      dataExport: env.RATE_LIMIT_DATA_EXPORT,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, publicUrl: env.PUBLIC_URL.replace(/\/+$/, '') },
    jobs: {
      inProcess: env.JOBS_IN_PROCESS ?? !env.REDIS_URL,
      concurrency: env.WORKER_CONCURRENCY,
      dashboardPort: env.JOBS_DASHBOARD_PORT,
      stalledTimeoutMs: env.JOBS_STALLED_TIMEOUT * 1000,
      trashRetentionSeconds: env.TRASH_RETENTION,
    },
    logLevel: env.LOG_LEVEL,
    migrateOnStart: env.MIGRATE_ON_START,
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    tracing: tracingConfig(env),
  });
}

export type { TrustProxySetting };
