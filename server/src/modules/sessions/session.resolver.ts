import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { AppError } from '../../platform/errors/app-error';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import type { GraphQLContext } from '../../graphql-context';
import { expectGlobalId, toGlobalId } from '../../platform/ids/global-id';
import { Viewer } from '../auth/viewer.type';
import { RevokeAllSessionsInput, RevokeSessionInput } from './session.input';
import { RevokeAllSessionsPayload, RevokeSessionPayload } from './session.payload';
import { Session, SESSION_TYPE, toSession } from './session.type';

@Resolver(() => Viewer)
export class ViewerSessionsResolver {
  @FieldResolver(() => Session, { description: 'The session making this request.' })
  async currentSession(@Root() viewer: Viewer, @Ctx() context: GraphQLContext): Promise<Session> {
    const session = await context.services.sessions.loader(context.loaders, context.principal).load(viewer.sessionId);
    if (!session) throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
    return toSession(session, viewer.sessionId);
  }

  @FieldResolver(() => [Session], { description: 'Live sessions, newest first; the current one has isCurrent.' })
  async sessions(@Root() viewer: Viewer, @Ctx() context: GraphQLContext): Promise<Session[]> {
    const sessions = await context.services.sessions.listLive(viewer.userId);
    return sessions.map((session) => toSession(session, viewer.sessionId));
  }
}

@Resolver()
export class SessionMutationsResolver {
  @Authorized()
  @Mutation(() => RevokeSessionPayload, {
    description: "Ends one of the viewer's sessions (another user's: NOT_FOUND).",
  })
  async revokeSession(
    @Arg('input', () => RevokeSessionInput, { description: 'The session to end.' }) input: RevokeSessionInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RevokeSessionPayload> {
    const id = expectGlobalId(input.sessionId, SESSION_TYPE, 'sessionId');
    const revoked = await context.services.sessions.revokeSession(requirePrincipal(context), { sessionId: id });
    return { revokedSessionId: toGlobalId(SESSION_TYPE, revoked) };
  }

  @Authorized()
  @Mutation(() => RevokeAllSessionsPayload, { description: 'Ends every other session, or all with includeCurrent.' })
  async revokeAllSessions(
    @Arg('input', () => RevokeAllSessionsInput, { description: 'Whether to end this session too.' })
    input: RevokeAllSessionsInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RevokeAllSessionsPayload> {
    const revokedCount = await context.services.sessions.revokeAllSessions(requirePrincipal(context), { ...input });
    return { revokedCount };
  }
}
