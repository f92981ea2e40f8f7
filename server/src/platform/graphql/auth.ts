import type { AuthChecker } from 'type-graphql';
import { AppError } from '../errors/app-error';
import { requirePrincipal, type RequestScope } from '../request-scope/request-scope';

/**
 * `@Authorized()` needs a signed-in principal; `@Authorized('admin')` also needs the role.
 * It throws AppErrors so the codes are the contract's (UNAUTHENTICATED / FORBIDDEN).
 */
export const authChecker: AuthChecker<RequestScope> = ({ context }, roles) => {
  const principal = requirePrincipal(context);
  if (roles.length > 0 && !roles.includes(principal.role)) {
    throw new AppError('FORBIDDEN', 'You are not allowed to do this.');
  }
  return true;
};
