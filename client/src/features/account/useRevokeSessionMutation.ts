import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useRevokeSessionMutation as Mutation } from '../../__generated__/useRevokeSessionMutation.graphql';
import { filterViewerSessions } from './sessionsUpdater';

/** Optimistic: the session leaves the list at once, and comes back if the server refuses. */
export function useRevokeSessionMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useRevokeSessionMutation($input: RevokeSessionInput!) {
      revokeSession(input: $input) {
        revokedSessionId
      }
    }
  `);
  const revoke = useCallback(
    (sessionId: string, onError: (error: Error) => void) =>
      commit({
        variables: { input: { sessionId } },
        optimisticUpdater: (store) => filterViewerSessions(store, (s) => s.id !== sessionId),
        updater: (store, response) => {
          const revokedSessionId = response?.revokeSession.revokedSessionId ?? sessionId;
          filterViewerSessions(store, (s) => s.id !== revokedSessionId);
        },
        onError,
      }),
    [commit],
  );
  return [revoke, isInFlight] as const;
}
