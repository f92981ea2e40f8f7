import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE, lockDataDirectory } from '../../src/platform/db/data-dir-lock';
import { spawnMain } from '../support/main-process';

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-lock-'));

/** The pid of a process that has certainly exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

describe('the embedded data directory belongs to one process', () => {
  it('refuses a second claim while the holder lives, naming its pid', () => {
    const dir = scratch();
    const held = lockDataDirectory(dir);
    try {
      expect(() => lockDataDirectory(dir, process.pid + 1_000_000)).toThrow(
        `data directory ${dir} in use by pid ${process.pid}`,
      );
    } finally {
      held.release();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, LOCK_FILE), `${deadPid()}\n`);
    const held = lockDataDirectory(dir);
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    held.release();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a second server on the same DATA_DIR exits non-zero with "data directory in use by pid N"', async () => {
    const dir = scratch();
    const env = { NODE_ENV: 'development', DATA_DIR: dir, LOG_LEVEL: 'info' };
    const first = spawnMain(env, 60_000);
    try {
      await first.listening;
      const second = spawnMain(env, 60_000);
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.output()).toContain(`data directory ${dir} in use by pid ${first.child.pid}`);
      expect(second.output()).not.toMatch(/RuntimeError|wasm|Aborted/i);
      // The first one is unharmed.
      expect((await first.listening) > 0).toBe(true);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
