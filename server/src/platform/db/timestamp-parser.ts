import { types } from 'pg';

/**
 * node-postgres turns every `timestamptz` it reads into a Date through postgres-date, which runs
 * three regular expressions per value and allocates their match arrays: on an uncached feed page
 * (three timestamps a post) it was the largest single source of garbage in the profile. This
 * parser reads the one shape PostgreSQL sends with its default DateStyle (ISO) for the years this
 * app stores, `2026-01-31 12:34:56.789123+00` (fraction and zone minutes optional), straight from
 * the character codes, and gives the same Date; every other text (BC, infinity, five-digit years,
 * another DateStyle) goes to node-postgres's own parser. Written by hand because it is small,
 * pure and on every read; test/platform/timestamp-parser.test.ts holds it to the library's answers.
 */
const libraryParser = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;

const ZERO = 48;
const NINE = 57;

/** The value of the two digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  if (a < ZERO || a > NINE || b < ZERO || b > NINE) return -1;
  return (a - ZERO) * 10 + (b - ZERO);
}

/** The Date of a timestamptz text in the shape above, else null (the caller falls back). */
export function parseIsoTimestamptz(text: string): Date | null {
  const length = text.length;
  if (length < 22 || length > 35) return null;
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (century < 10 || yearInCentury < 0 || month < 0 || day < 0 || hours < 0 || minutes < 0 || seconds < 0) {
    return null;
  }
  const separators =
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 && // space
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58;
  if (!separators) return null;
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    // .fraction: up to 6 digits; 1000 × (digits / 10^n) is the very double postgres-date gets from
    // 1000 × parseFloat('.digits') (both are the correctly rounded quotient).
    let digits = 0;
    let scale = 1;
    at += 1;
    for (let code = text.charCodeAt(at); code >= ZERO && code <= NINE; code = text.charCodeAt(at)) {
      digits = digits * 10 + (code - ZERO);
      scale *= 10;
      at += 1;
    }
    if (scale === 1 || scale > 1_000_000) return null;
    ms = 1000 * (digits / scale);
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return null; // + or -
  const zoneHours = twoDigits(text, at + 1);
  if (zoneHours < 0) return null;
  at += 3;
  let zoneSeconds = zoneHours * 3600;
  if (at < length) {
    if (text.charCodeAt(at) !== 58) return null;
    const zoneMinutes = twoDigits(text, at + 1);
    if (zoneMinutes < 0) return null;
    zoneSeconds += zoneMinutes * 60;
    at += 3;
    if (at < length) {
      if (text.charCodeAt(at) !== 58) return null;
      const zoneSecondsPart = twoDigits(text, at + 1);
      if (zoneSecondsPart < 0) return null;
      zoneSeconds += zoneSecondsPart;
      at += 3;
    }
  }
  if (at !== length) return null;
  const offset = (sign === 45 ? -zoneSeconds : zoneSeconds) * 1000;
  const time = Date.UTC(century * 100 + yearInCentury, month - 1, day, hours, minutes, seconds, ms);
  return new Date(time - offset);
}

/** A `timestamptz` text as node-postgres would parse it (Date, or ±Infinity for ±infinity). */
export const parseTimestamptz = (text: string): Date | number => parseIsoTimestamptz(text) ?? libraryParser(text);

/** Installs the parser for every node-postgres connection of this process (idempotent). */
export function useFastTimestampParser(): void {
  types.setTypeParser(types.builtins.TIMESTAMPTZ, 'text', parseTimestamptz);
}
