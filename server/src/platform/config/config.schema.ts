import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseDurationSeconds } from './duration';
import { parseTrustProxy } from './trust-proxy';

/**
 * The repository root from src/platform/config (development) and dist/platform/config (build)
 * alike; the Docker image keeps the same layout under /app (docker/api/Dockerfile), and
 * paths.ts checks at start that what these defaults point at is there.
 */
const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const DEFAULT_CLIENT_DIST_DIR = path.join(REPO_ROOT, 'client', 'dist');

/** server/package.json's version: the image ships it next to server/dist. */
export const PACKAGE_VERSION = (() => {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'server', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const seconds = parseDurationSeconds(text);
      if (seconds === null) {
        ctx.addIssue({ code: 'custom', message: 'must be seconds ("900") or a duration ("15m", "30d")' });
        return z.NEVER;
      }
      return seconds;
    });

/** "max/window": at most `max` hits per `window` ("5/60", "10/15m"). */
const rateRule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const [max, window] = text.split('/');
      const windowSeconds = window ? parseDurationSeconds(window) : null;
      if (!max || !/^\d+$/.test(max) || Number(max) < 1 || windowSeconds === null) {
        ctx.addIssue({ code: 'custom', message: 'must be "max/window", e.g. "5/60" or "10/15m"' });
        return z.NEVER;
      }
      return { max: Number(max), windowSeconds };
    });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const secret = z.string().min(32, 'must be at least 32 characters').optional();

const url = (protocols: string[]) =>
  z
    .string()
    .refine((text) => URL.canParse(text) && protocols.includes(new URL(text).protocol), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    })
    .optional();

/**
 * Every environment variable Inkwell reads, in one place (the contract's list plus
 * a few operational knobs). Defaults suit development; production requires the
 * connection URLs and JWT secrets (see refineProduction).
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_KEY_PREFIX: z.string().default('inkwell:'),
  JWT_ACCESS_SECRET: secret,
  JWT_REFRESH_SECRET: secret,
  // Optional: PEM private keys (EC P-256 or RSA) to sign access tokens asymmetrically (ES256 /
  // RS256) and publish the public halves as a JWKS, so third parties can verify tokens
  // themselves. Several keys, one after the other: the first signs, all verify and are
  // published (key rotation, see the README).
  JWT_ACCESS_PRIVATE_KEY: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return [];
      const blocks = text.replace(/\\n/g, '\n').match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g) ?? [];
      try {
        if (blocks.length === 0) throw new Error('no PEM');
        return blocks.map((pem) => {
          const key = createPrivateKey(pem);
          if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'rsa') throw new Error('type');
          if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
            throw new Error('curve');
          // jsonwebtoken refuses to sign RS256 with less, so such a key would fail every sign-in.
          if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
            throw new Error('size');
          return key;
        });
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be one or more PEM private keys (EC P-256, or RSA of at least 2048 bits)',
        });
        return z.NEVER;
      }
    }),
  JWT_ISSUER: z.string().min(1).default('inkwell'),
  JWT_AUDIENCE: z.string().min(1).default('inkwell-api'),
  ACCESS_TOKEN_TTL: duration('900'),
  REFRESH_TOKEN_TTL: duration('30d'),
  SESSION_IDLE_TTL: duration('7d'),
  REFRESH_REUSE_GRACE: duration('10'),
  MAX_SESSIONS_PER_USER: positiveInt(10),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const setting = parseTrustProxy(text);
      if (setting === null) {
        ctx.addIssue({ code: 'custom', message: 'must be a hop count or a comma-separated list of IPs/CIDRs' });
        return z.NEVER;
      }
      return setting;
    }),
  // Where people reach Inkwell (links in answers, e.g. Post.url, and the OpenAPI server).
  PUBLIC_URL: z
    .string()
    .default('http://localhost:4000')
    .refine((text) => URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol), {
      message: 'must be a URL starting with http:// or https://',
    })
    .transform((text) => text.replace(/\/+$/, '')),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  RATE_LIMIT_LOGIN: rateRule('5/1m'),
  RATE_LIMIT_LOGIN_ADDRESS: rateRule('60/1m'),
  RATE_LIMIT_LOGIN_FAILURES: rateRule('10/15m'),
  RATE_LIMIT_REGISTER: rateRule('10/1h'),
  RATE_LIMIT_REFRESH: rateRule('60/1m'),
  RATE_LIMIT_REFRESH_ADDRESS: rateRule('600/1m'),
  RATE_LIMIT_TOKEN: rateRule('5000/1h'),
  RATE_LIMIT_PASSWORD_FORGOT: rateRule('5/15m'),
  RATE_LIMIT_PASSWORD_FORGOT_EMAIL: rateRule('3/1h'),
  RATE_LIMIT_EMAIL_TOKEN: rateRule('20/15m'),
  RATE_LIMIT_VERIFY_RESEND: rateRule('3/1h'),
  RATE_LIMIT_EVENTS: rateRule('60/1m'),
  RATE_LIMIT_DATA_EXPORT: rateRule('3/1d'),
  SMTP_URL: url(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().min(3).default('Inkwell <no-reply@inkwell.localhost>'),
  TRASH_RETENTION: duration('30d'),
  // Run the job handlers inside the API process (embedded `npm start`); default: when there is no Redis.
  JOBS_IN_PROCESS: booleanText.optional(),
  WORKER_CONCURRENCY: positiveInt(5),
  // A job whose worker stopped renewing its lock this long ago (crashed) goes back to the queue.
  JOBS_STALLED_TIMEOUT: duration('30'),
  // Bull Board on an internal port of the worker (never the public one); 0 = off.
  JOBS_DASHBOARD_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHQL_SANDBOX: booleanText.optional(),
  GRAPHQL_INTROSPECTION: booleanText.optional(),
  GRAPHQL_MAX_DEPTH: positiveInt(12),
  GRAPHQL_MAX_ALIASES: positiveInt(20),
  GRAPHQL_MAX_COST: positiveInt(5_000),
  GRAPHQL_MAX_TOKENS: positiveInt(3_000),
  GRAPHQL_JIT: booleanText.default(true),
  PERSISTED_QUERIES: z.enum(['off', 'allow', 'only']).default('allow'),
  APQ_TTL: duration('5m'),
  PERSISTED_QUERIES_FILE: z.string().default(path.join(REPO_ROOT, 'schema', 'persisted-queries.json')),
  RESPONSE_CACHE: booleanText.default(true),
  RESPONSE_CACHE_TTL: duration('300'),
  RESPONSE_CACHE_EDGE_MAX_AGE: duration('5'),
  FEATURE_REGISTRATION: booleanText.default(true),
  MIGRATE_ON_START: booleanText.default(true),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  CLIENT_DIST_DIR: z.string().optional(),
  // The build's version in every access-log line; CI and images may pass a tag or commit.
  INKWELL_VERSION: z.string().min(1).max(100).optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  METRICS_HOST: z.string().default('0.0.0.0'),
  // OpenTelemetry's standard variables (the subset Inkwell acts on; the exporters read the rest,
  // such as OTEL_EXPORTER_OTLP_HEADERS, themselves). Tracing is on when an endpoint is set.
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url(['http:', 'https:']),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json', 'grpc'])
    .default('http/protobuf')
    .refine((protocol) => protocol !== 'grpc', { message: 'grpc is not supported: use http/protobuf or http/json' }),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z
    .enum(['http/protobuf', 'http/json', 'grpc'])
    .optional()
    .refine((protocol) => protocol !== 'grpc', { message: 'grpc is not supported: use http/protobuf or http/json' }),
  OTEL_SERVICE_NAME: z.string().min(1).default('inkwell-api'),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_traceidratio'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  OTEL_SDK_DISABLED: booleanText.default(false),
});

export type Env = z.infer<typeof envSchema>;

const REQUIRED_IN_PRODUCTION = ['DATABASE_URL', 'REDIS_URL', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const;

export const productionSchema = envSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  for (const key of REQUIRED_IN_PRODUCTION) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
  }
});
