import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/platform/config';

const SERVER_DIR = path.join(__dirname, '..', '..');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('configuration', () => {
  it('names every missing production variable, one problem each', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is required in production',
        'REDIS_URL is required in production',
        'JWT_ACCESS_SECRET is required in production',
        'JWT_REFRESH_SECRET is required in production',
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('names each invalid value', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://nope',
      REDIS_URL: 'not a url',
      JWT_ACCESS_SECRET: 'short',
      JWT_REFRESH_SECRET: 'x'.repeat(40),
      PORT: 'eighty',
      ACCESS_TOKEN_TTL: '15 minutes',
      TRUST_PROXY: '10.0.0.0/99',
      JWT_ACCESS_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----',
      RATE_LIMIT_LOGIN: 'five per minute',
    });
    for (const key of [
      'DATABASE_URL',
      'REDIS_URL',
      'JWT_ACCESS_SECRET',
      'PORT',
      'ACCESS_TOKEN_TTL',
      'TRUST_PROXY',
      'JWT_ACCESS_PRIVATE_KEY',
      'RATE_LIMIT_LOGIN',
    ]) {
      expect(problems.some((problem) => problem.startsWith(`${key} `))).toBe(true);
    }
    expect(problems.some((problem) => problem.startsWith('JWT_REFRESH_SECRET'))).toBe(false);
  });

  it('refuses an RSA signing key shorter than 2048 bits, which could never sign a token', () => {
    const pem = (bits: number) =>
      generateKeyPairSync('rsa', { modulusLength: bits })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://localhost/x',
      REDIS_URL: 'redis://localhost:6379',
      JWT_ACCESS_SECRET: 'a'.repeat(40),
      JWT_REFRESH_SECRET: 'b'.repeat(40),
    };
    const short = problemsOf({ ...base, JWT_ACCESS_PRIVATE_KEY: `${pem(2048)}\n${pem(1024)}` });
    expect(short).toEqual([expect.stringMatching(/^JWT_ACCESS_PRIVATE_KEY .*2048/)]);
    expect(problemsOf({ ...base, JWT_ACCESS_PRIVATE_KEY: pem(2048) })).toEqual([]);
  });

  it('runs embedded in development when no connection URLs are given', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.embedded).toEqual({ database: true, cache: true });
    expect(config.port).toBe(4000);
    expect(config.graphql).toMatchObject({ sandbox: true, introspection: true });
  });

  it('parses durations, trust proxy and booleans, and freezes the result', () => {
    const config = loadConfig({
      REFRESH_TOKEN_TTL: '30d',
      ACCESS_TOKEN_TTL: '15m',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      GRAPHQL_INTROSPECTION: 'false',
    });
    expect(config.sessions.refreshTtlSeconds).toBe(30 * 86_400);
    expect(config.jwt.accessTtlSeconds).toBe(900);
    expect(config.http.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(config.graphql.introspection).toBe(false);
    expect(Object.isFrozen(config.jwt)).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({}).http.trustProxy).toBe(false);
  });

  it('makes a production process exit non-zero before listening, one line per problem, no stack', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_ACCESS_SECRET: 'short' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/invalid configuration/);
    expect(lines.slice(1).map((line) => line.trim())).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is required in production',
        'REDIS_URL is required in production',
        'JWT_ACCESS_SECRET must be at least 32 characters',
        'JWT_REFRESH_SECRET is required in production',
      ]),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toMatch(/serving/);
  });
});
