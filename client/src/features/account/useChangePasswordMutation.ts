import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useChangePasswordMutation as Mutation } from '../../__generated__/useChangePasswordMutation.graphql';
import { filterViewerSessions } from './sessionsUpdater';

/**
 * Not optimistic (the server must check the current password). On success every other
 * session is gone and this one has a fresh token pair: the access token replaces ours, the
 * refresh token arrives as the cookie.
 */
export function useChangePasswordMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useChangePasswordMutation($input: ChangePasswordInput!) {
      changePassword(input: $input) {
        accessToken
      }
    }
  `);
  const change = useCallback(
    (options: {
      currentPassword: string;
      newPassword: string;
      onCompleted: (accessToken: string) => void;
      onError: (error: Error) => void;
    }) =>
      commit({
        variables: { input: { currentPassword: options.currentPassword, newPassword: options.newPassword } },
        updater: (store) => filterViewerSessions(store, (s) => s.isCurrent),
        onCompleted: (response) => options.onCompleted(response.changePassword.accessToken),
        onError: options.onError,
      }),
    [commit],
  );
  return [change, isInFlight] as const;
}
