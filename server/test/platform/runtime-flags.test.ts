import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_RUNTIME_FLAGS } from '../../bench/harness';

const root = path.join(__dirname, '../../..');

describe('the V8 flags the API runs with', () => {
  it('are the same for `npm start`, the image and every bench server', () => {
    const start = (
      JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
    ).scripts.start;
    expect(start).toBe(`exec node ${SERVER_RUNTIME_FLAGS.join(' ')} server/dist/main.js`);
    const dockerfile = fs.readFileSync(path.join(root, 'docker/api/Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...SERVER_RUNTIME_FLAGS, 'server/dist/main.js']);
  });

  it('are flags this node accepts', () => {
    const out = execFileSync(process.execPath, [...SERVER_RUNTIME_FLAGS, '-e', 'process.stdout.write("ok")']);
    expect(out.toString()).toBe('ok');
  });
});
