/**
 * Marks log fields whose names are all known not to be secrets (the access line's fixed dozen):
 * the logger writes them without the redaction walk, which would copy them to the same result.
 */
export const VETTED_FIELDS: unique symbol = Symbol('inkwell.vettedLogFields');

/** What replaces a secret in a log line. */
export const REDACTED = '[redacted]';

// Normalised (lower case, no "-" or "_") names of fields that carry secrets, at any depth.
const SECRET_KEYS = new Set([
  'password',
  'newpassword',
  'currentpassword',
  'passwordhash',
  'token',
  'refresh',
  'refreshtoken',
  'access',
  'accesstoken',
  'idtoken',
  'authorization',
  'proxyauthorization',
  'cookie',
  'cookies',
  'setcookie',
  'xrefreshtoken',
  'resettoken',
  'verificationtoken',
  'secret',
  'clientsecret',
  'apikey',
  'variables',
]);
// Any name ending like these is a secret too (emailVerificationToken, jwtAccessSecret, …).
const SECRET_SUFFIX = /(password|token|secret)$/;
const MAX_DEPTH = 12;

const normalise = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/**
 * Answers so far, by field name: a log line's fields are mostly the same few names (every access
 * line has the same dozen), so each is normalised and matched once. Bounded: names from input
 * (an object's keys) could otherwise grow it without end.
 */
const decided = new Map<string, boolean>();
const MAX_DECIDED = 2_000;

/** Is a field of this name a secret? Exported for tests and for anything that echoes input. */
export const isSecretKey = (key: string): boolean => {
  let secret = decided.get(key);
  if (secret === undefined) {
    const name = normalise(key);
    secret = SECRET_KEYS.has(name) || SECRET_SUFFIX.test(name);
    if (decided.size < MAX_DECIDED) decided.set(key, secret);
  }
  return secret;
};

/**
 * A copy of `value` with every field named like a secret replaced, at any depth, through
 * arrays, Errors (their own fields and causes) and cycles. pino's own `redact` takes fixed
 * paths, which miss `{variables: {input: {password}}}` and whatever shape comes next; this walks
 * the object instead, by key name. `variables` is on the list: GraphQL operation variables are
 * never logged whole (auth mutations carry passwords and tokens in them).
 */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
    if (value instanceof Date || Buffer.isBuffer(value)) return value;
    // Sockets, requests, responses: left to their serializers (walking them is costly and noisy).
    if (typeof (value as { on?: unknown }).on === 'function') return value;
    // An Error keeps its prototype (so pino's err serializer still names its type) and message.
    const out = (value instanceof Error ? Object.create(Object.getPrototypeOf(value) as object) : {}) as Record<
      string,
      unknown
    >;
    if (value instanceof Error) {
      out.message = value.message;
      out.stack = value.stack;
      if (value.cause !== undefined) out.cause = redactSecrets(value.cause, depth + 1, seen);
    }
    for (const [key, field] of Object.entries(value)) {
      out[key] = isSecretKey(key) ? REDACTED : redactSecrets(field, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
