import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useVerifyEmailMutation as Mutation } from '../../__generated__/useVerifyEmailMutation.graphql';

export function useVerifyEmailMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useVerifyEmailMutation($input: VerifyEmailInput!) {
      verifyEmail(input: $input) {
        user {
          id
          emailVerified
        }
      }
    }
  `);
  const verify = useCallback(
    (options: { token: string; onCompleted: () => void; onError: (error: Error) => void }) =>
      commit({
        variables: { input: { token: options.token } },
        onCompleted: options.onCompleted,
        onError: options.onError,
      }),
    [commit],
  );
  return [verify, isInFlight] as const;
}
