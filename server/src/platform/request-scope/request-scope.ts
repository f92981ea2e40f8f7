import { AppError } from '../errors/app-error';
import type { LoaderRegistry } from './loader-registry';
import type { Principal } from './principal';

/**
 * What one request carries whichever door it came through (GraphQL, REST, a server-rendered
 * page): the caller, and the DataLoaders that batch its reads. Knows no transport.
 */
export interface RequestScope {
  /** The caller; null when anonymous or when the credential was refused (see `authError`). */
  readonly principal: Principal | null;
  /**
   * Why a sent credential was not accepted (expired, revoked, store down). Anonymous reads still
   * work; anything that needs the principal throws this instead of a generic UNAUTHENTICATED.
   */
  readonly authError: AppError | undefined;
  readonly loaders: LoaderRegistry;
}

/** The principal, or the reason there is none (the credential's error, else UNAUTHENTICATED). */
export function requirePrincipal(scope: RequestScope): Principal {
  if (scope.authError) throw scope.authError;
  if (!scope.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return scope.principal;
}
