import { AppError } from '../errors/app-error';

/** Opaque Relay global ids: base64url("Type:key"). Clients must not parse them. */
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export interface ResolvedGlobalId {
  type: string;
  key: string;
}

export function fromGlobalId(id: string): ResolvedGlobalId | null {
  // Not a string at run time: graphql-jit passes an explicit null inside a list or input literal
  // (`nodes(ids: [$x])` with {"x": null}) to the resolver, where graphql-js refuses it first.
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0 || separator === decoded.length - 1) return null;
  return { type: decoded.slice(0, separator), key: decoded.slice(separator + 1) };
}

/** Decodes an id that must be of `type`; anything else is the caller's mistake. */
export function expectGlobalId(id: string, type: string, field = 'id'): string {
  const resolved = fromGlobalId(id);
  if (!resolved || resolved.type !== type) {
    throw new AppError('BAD_USER_INPUT', `Invalid ${type} id.`, { details: { [field]: [`must be a ${type} id`] } });
  }
  return resolved.key;
}
