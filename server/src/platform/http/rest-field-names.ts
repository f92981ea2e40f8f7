import type { ErrorDetails } from '../errors/app-error';

/**
 * The one table of field names that differ between the services (named as GraphQL names them)
 * and the REST bodies (snake_case, and shorter where the route says what the value is). Field
 * errors a service raises reach REST clients under the names they sent.
 */
export const REST_FIELD_NAMES: Readonly<Record<string, string>> = {
  displayName: 'display_name',
  newPassword: 'password',
  refreshToken: 'refresh',
};

/** `{field: [messages]}` details with each field under its REST name; other details as they are. */
export function restFieldDetails(details: ErrorDetails | undefined): ErrorDetails | undefined {
  if (!details || Array.isArray(details)) return details;
  return Object.fromEntries(Object.entries(details).map(([field, value]) => [REST_FIELD_NAMES[field] ?? field, value]));
}
