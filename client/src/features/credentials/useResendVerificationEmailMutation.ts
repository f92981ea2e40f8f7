import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useResendVerificationEmailMutation as Mutation } from '../../__generated__/useResendVerificationEmailMutation.graphql';

export function useResendVerificationEmailMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useResendVerificationEmailMutation {
      resendVerificationEmail {
        accepted
      }
    }
  `);
  const resend = useCallback(
    (options: { onCompleted: () => void; onError: (error: Error) => void }) =>
      commit({ variables: {}, onCompleted: options.onCompleted, onError: options.onError }),
    [commit],
  );
  return [resend, isInFlight] as const;
}
