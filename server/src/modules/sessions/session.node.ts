import type { NodeSource } from '../../platform/graphql/node';
import type { SessionService } from './session.service';
import { SESSION_TYPE, toSession } from './session.type';

/** Sessions by global id: only the caller's own, marked current when it is this request's. */
export const sessionNodes = (sessions: SessionService): NodeSource => ({
  type: SESSION_TYPE,
  load: async (keys, scope) => {
    const loader = sessions.loader(scope.loaders, scope.principal);
    const rows = await Promise.all(keys.map((key) => loader.load(key)));
    return rows.map((row) => (row ? toSession(row, scope.principal?.sessionId) : null));
  },
});
