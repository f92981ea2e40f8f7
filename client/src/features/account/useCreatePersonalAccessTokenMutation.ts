import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type {
  TokenScope,
  useCreatePersonalAccessTokenMutation as Mutation,
} from '../../__generated__/useCreatePersonalAccessTokenMutation.graphql';

export type { TokenScope };

/** Creates a token; the new one joins the top of the list, and its secret goes to `onCompleted` once. */
export function useCreatePersonalAccessTokenMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useCreatePersonalAccessTokenMutation($input: CreatePersonalAccessTokenInput!) {
      createPersonalAccessToken(input: $input) {
        token
        personalAccessToken {
          id
          ...PersonalAccessTokenItem_token
        }
      }
    }
  `);
  const create = useCallback(
    (options: {
      name: string;
      scopes: TokenScope[];
      expiresInDays: number | null;
      onCompleted: (secret: string) => void;
      onError: (error: Error) => void;
    }) =>
      commit({
        variables: { input: { name: options.name, scopes: options.scopes, expiresInDays: options.expiresInDays } },
        updater: (store) => {
          const viewer = store.getRoot().getLinkedRecord('viewer');
          const created = store.getRootField('createPersonalAccessToken')?.getLinkedRecord('personalAccessToken');
          if (!viewer || !created) return;
          const tokens = viewer.getLinkedRecords('personalAccessTokens') ?? [];
          viewer.setLinkedRecords([created, ...tokens], 'personalAccessTokens');
        },
        onCompleted: (response) => options.onCompleted(response.createPersonalAccessToken.token),
        onError: options.onError,
      }),
    [commit],
  );
  return [create, isInFlight] as const;
}
