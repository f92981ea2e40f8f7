import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useResetPasswordMutation as Mutation } from '../../__generated__/useResetPasswordMutation.graphql';

export function useResetPasswordMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useResetPasswordMutation($input: ResetPasswordInput!) {
      resetPassword(input: $input) {
        revokedSessions
      }
    }
  `);
  const reset = useCallback(
    (options: { token: string; newPassword: string; onCompleted: () => void; onError: (error: Error) => void }) =>
      commit({
        variables: { input: { token: options.token, newPassword: options.newPassword } },
        onCompleted: options.onCompleted,
        onError: options.onError,
      }),
    [commit],
  );
  return [reset, isInFlight] as const;
}
