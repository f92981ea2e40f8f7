import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useDeleteAccountMutation as Mutation } from '../../__generated__/useDeleteAccountMutation.graphql';

/**
 * Not optimistic: the server checks the password. On success every session of the account,
 * this one included, is already revoked: the caller signs this tab out.
 */
export function useDeleteAccountMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useDeleteAccountMutation($input: DeleteAccountInput!) {
      deleteAccount(input: $input) {
        purgeAfter
      }
    }
  `);
  const deleteAccount = useCallback(
    (options: { password: string; onCompleted: (purgeAfter: string) => void; onError: (error: Error) => void }) =>
      commit({
        variables: { input: { password: options.password } },
        onCompleted: (response) => options.onCompleted(response.deleteAccount.purgeAfter),
        onError: options.onError,
      }),
    [commit],
  );
  return [deleteAccount, isInFlight] as const;
}
