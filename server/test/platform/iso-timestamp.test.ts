import { isoTimestamp } from '../../src/platform/text/iso-timestamp';

describe('isoTimestamp', () => {
  it('writes what toISOString writes, across its whole range', () => {
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    // A fixed pseudo-random sequence (no Math.random: a failure must reproduce).
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const times = Array.from({ length: 20_000 }, () => Math.floor(next() * last));
    const edges = [
      0,
      last,
      Date.UTC(2000, 1, 29, 12),
      Date.UTC(2000, 2, 1),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999),
      Date.UTC(2100, 2, 1),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999),
      Date.UTC(2025, 0, 1),
      Date.UTC(1972, 1, 29),
    ];
    for (const time of [...edges, ...times]) {
      const date = new Date(time);
      expect(isoTimestamp(date)).toBe(date.toISOString());
    }
  });

  it('hands dates outside 1970-9999 to the builtin, and throws as it does for an invalid one', () => {
    for (const time of [-1, Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(10_000, 0, 1), -8.64e15, 8.64e15]) {
      const date = new Date(time);
      expect(isoTimestamp(date)).toBe(date.toISOString());
    }
    expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
