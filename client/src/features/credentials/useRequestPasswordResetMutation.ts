import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useRequestPasswordResetMutation as Mutation } from '../../__generated__/useRequestPasswordResetMutation.graphql';

export function useRequestPasswordResetMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useRequestPasswordResetMutation($input: RequestPasswordResetInput!) {
      requestPasswordReset(input: $input) {
        accepted
      }
    }
  `);
  const request = useCallback(
    (options: { email: string; onCompleted: () => void; onError: (error: Error) => void }) =>
      commit({
        variables: { input: { email: options.email } },
        onCompleted: options.onCompleted,
        onError: options.onError,
      }),
    [commit],
  );
  return [request, isInFlight] as const;
}
