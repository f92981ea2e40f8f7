import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useRevokeAllSessionsMutation as Mutation } from '../../__generated__/useRevokeAllSessionsMutation.graphql';
import { filterViewerSessions } from './sessionsUpdater';

/** "Sign out everywhere else": optimistic, only this device is left in the list. */
export function useRevokeAllSessionsMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useRevokeAllSessionsMutation($input: RevokeAllSessionsInput!) {
      revokeAllSessions(input: $input) {
        revokedCount
      }
    }
  `);
  const revokeOthers = useCallback(
    (options: { onCompleted: (revokedCount: number) => void; onError: (error: Error) => void }) =>
      commit({
        variables: { input: { includeCurrent: false } },
        optimisticUpdater: (store) => filterViewerSessions(store, (s) => s.isCurrent),
        updater: (store) => filterViewerSessions(store, (s) => s.isCurrent),
        onCompleted: (response) => options.onCompleted(response.revokeAllSessions.revokedCount),
        onError: options.onError,
      }),
    [commit],
  );
  return [revokeOthers, isInFlight] as const;
}
