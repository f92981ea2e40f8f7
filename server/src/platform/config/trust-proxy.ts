import { isIP } from 'node:net';

/** What express's `trust proxy` setting accepts: false, a hop count, or addresses/CIDRs. */
export type TrustProxySetting = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY is a hop count ("1") or a comma-separated list of addresses and CIDRs.
 * Unset, empty, "0" or "false" trusts nothing, so X-Forwarded-For is ignored.
 */
export function parseTrustProxy(text: string | undefined): TrustProxySetting | null {
  const value = (text ?? '').trim();
  if (value === '' || value === '0' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isAddressOrCidr) ? entries : null;
}
