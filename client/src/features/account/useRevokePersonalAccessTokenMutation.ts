import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { RecordSourceSelectorProxy } from 'relay-runtime';
import type { useRevokePersonalAccessTokenMutation as Mutation } from '../../__generated__/useRevokePersonalAccessTokenMutation.graphql';

const dropToken = (store: RecordSourceSelectorProxy, id: string) => {
  const viewer = store.getRoot().getLinkedRecord('viewer');
  const tokens = viewer?.getLinkedRecords('personalAccessTokens');
  if (!viewer || !tokens) return;
  viewer.setLinkedRecords(
    tokens.filter((token) => token && token.getDataID() !== id),
    'personalAccessTokens',
  );
};

/** Optimistic: the token leaves the list at once, and comes back if the server refuses. */
export function useRevokePersonalAccessTokenMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useRevokePersonalAccessTokenMutation($input: RevokePersonalAccessTokenInput!) {
      revokePersonalAccessToken(input: $input) {
        revokedPersonalAccessTokenId
      }
    }
  `);
  const revoke = useCallback(
    (id: string, onError: (error: Error) => void) =>
      commit({
        variables: { input: { id } },
        optimisticUpdater: (store) => dropToken(store, id),
        updater: (store) => dropToken(store, id),
        onError,
      }),
    [commit],
  );
  return [revoke, isInFlight] as const;
}
