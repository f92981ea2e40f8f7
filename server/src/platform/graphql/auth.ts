import type { AuthChecker } from 'type-graphql';
import { AppError } from '../errors/app-error';
import type { GraphQLContext, Viewer } from './context';

/**
 * `@Authorized()` needs a signed-in viewer; `@Authorized('admin')` also needs the role.
 * It throws AppErrors so the codes are the contract's (UNAUTHENTICATED / FORBIDDEN).
 */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) => {
  const viewer = requireViewer(context);
  if (roles.length > 0 && !roles.includes(viewer.role)) {
    throw new AppError('FORBIDDEN', 'You are not allowed to do this.');
  }
  return true;
};

/** For code paths without the decorator: the viewer or UNAUTHENTICATED. */
export function requireViewer(context: GraphQLContext): Viewer {
  if (context.authError) throw context.authError;
  if (!context.viewer) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return context.viewer;
}
