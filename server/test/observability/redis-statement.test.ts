import { redisStatement } from '../../src/platform/observability/tracing';

describe('the Redis span statement', () => {
  it('keeps a script’s keys and drops its arguments (cached bodies, token hashes)', () => {
    const statement = redisStatement('evalsha', ['abc123', 2, 'inkwell:rc:key', 'inkwell:rc:scope', '{"data":1}', 60]);
    expect(statement).toBe('evalsha abc123 2 inkwell:rc:key inkwell:rc:scope [2 other arguments]');
    expect(redisStatement('eval', ['return 1', 0])).toBe('eval return 1 0');
  });

  it('keeps the default for other commands: keys, never the value written', () => {
    expect(redisStatement('set', ['inkwell:session:1', 'secret-value', 'EX', 60])).toBe(
      'set inkwell:session:1 [3 other arguments]',
    );
    expect(redisStatement('get', ['inkwell:rc:key'])).toBe('get inkwell:rc:key');
  });
});
