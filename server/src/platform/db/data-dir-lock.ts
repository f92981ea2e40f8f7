import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'inkwell.pid';

/** Whether a process with this id exists (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const holderOf = (file: string): number | null => {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/**
 * Claims `dataDir` for this process: PGlite is one process's database, and a second one opening
 * the same files aborts with a WebAssembly crash. The claim is a pid file created exclusively
 * (`wx`); a file left by a process that is gone (or by this pid, as a container's PID 1 after a
 * restart) is taken over. Released when the process exits. See ADR 9.
 */
export function lockDataDirectory(dataDir: string, pid = process.pid): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      const release = () => {
        if (holderOf(file) === pid) fs.rmSync(file, { force: true });
        process.removeListener('exit', release);
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder !== null && holder !== pid && isAlive(holder)) {
        throw new Error(`data directory ${dataDir} in use by pid ${holder}`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`data directory ${dataDir}: could not claim ${LOCK_FILE}`);
}
