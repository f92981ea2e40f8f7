import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/platform/config';
import { pathProblems } from '../../src/platform/config/paths';
import { TEST_SECRETS } from '../support/env';
import { spawnMain } from '../support/main-process';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
  REDIS_URL: 'redis://127.0.0.1:1',
  ...TEST_SECRETS,
};

describe('paths that default from the repository layout are checked at start', () => {
  it('the defaults hold in this checkout (the image reproduces its layout under /app)', () => {
    expect(pathProblems(loadConfig({ ...production }))).toEqual([]);
  });

  it('a missing persisted-query allowlist is a problem unless PERSISTED_QUERIES=off', () => {
    const file = '/nonexistent/persisted-queries.json';
    expect(pathProblems(loadConfig({ ...production, PERSISTED_QUERIES_FILE: file }))).toEqual([
      expect.stringContaining(`PERSISTED_QUERIES_FILE ${file} does not exist`),
    ]);
    expect(pathProblems(loadConfig({ ...production, PERSISTED_QUERIES_FILE: file, PERSISTED_QUERIES: 'off' }))).toEqual(
      [],
    );
  });

  it('an explicit CLIENT_DIST_DIR must hold a built client; the default may be absent (API-only image)', () => {
    expect(pathProblems(loadConfig({ ...production, CLIENT_DIST_DIR: '/nonexistent/dist' }))).toEqual([
      expect.stringContaining('CLIENT_DIST_DIR /nonexistent/dist has no index.html'),
    ]);
  });

  it('embedded mode needs a writable DATA_DIR', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-paths-')), 'a-file');
    fs.writeFileSync(file, '');
    expect(pathProblems(loadConfig({ NODE_ENV: 'development', DATA_DIR: path.join(file, 'data') }))).toEqual([
      expect.stringContaining('is not a writable directory'),
    ]);
  });

  it('main refuses to start without the allowlist: one line, exit 1, before any connection', async () => {
    const main = spawnMain({ ...production, PERSISTED_QUERIES_FILE: '/nonexistent/pq.json' });
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain('invalid configuration, not starting');
    expect(main.output()).toContain('PERSISTED_QUERIES_FILE /nonexistent/pq.json does not exist');
    expect(main.output()).not.toMatch(/\n\s+at /);
  });
});
