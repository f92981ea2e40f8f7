/** What run-tests.js decided: real services (and where), or embedded mode. */
export const testEnv = {
  embedded: process.env.INKWELL_TEST_EMBEDDED === '1',
  databaseUrl: process.env.TEST_DATABASE_URL,
  adminDatabaseUrl: process.env.TEST_ADMIN_DATABASE_URL,
  redisUrl: process.env.TEST_REDIS_URL,
};

/** A port nothing listens on, for "dependency is down" tests. */
export const CLOSED_PORT = 1;

export const TEST_SECRETS = {
  JWT_ACCESS_SECRET: 'test-access-secret-0123456789abcdef0123456789',
  JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdef012345678',
};
