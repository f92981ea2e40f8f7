import { spawnSync } from 'node:child_process';
import path from 'node:path';

const SERVER_DIR = path.join(__dirname, '..', '..');

function crash(trigger: string) {
  const script = `
    const { installCrashHandlers } = require('./src/platform/lifecycle');
    const { createLogger } = require('./src/platform/observability/logger');
    installCrashHandlers(createLogger('info'));
    ${trigger}
    setTimeout(() => {}, 5000);`;
  return spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: SERVER_DIR,
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('process-level failures', () => {
  it.each([
    [
      'an unhandled rejection',
      "Promise.reject(new Error('lost promise')); Promise.reject(new Error('second'));",
      'unhandled promise rejection',
    ],
    ['an uncaught exception', "setTimeout(() => { throw new Error('thrown late'); }, 10);", 'uncaught exception'],
  ])('logs %s once and exits non-zero', (_label, trigger, message) => {
    const result = crash(trigger);
    expect(result.status).toBe(1);
    const fatal = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((line) => line.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toBe(message);
  });
});
