import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useRegisterMutation as Mutation } from '../../__generated__/useRegisterMutation.graphql';

export function useRegisterMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useRegisterMutation($input: RegisterInput!) {
      register(input: $input) {
        user {
          displayName
        }
      }
    }
  `);
  const register = useCallback(
    (options: {
      email: string;
      password: string;
      displayName?: string;
      onCompleted: (displayName: string) => void;
      onError: (error: Error) => void;
    }) =>
      commit({
        variables: {
          input: { email: options.email, password: options.password, displayName: options.displayName },
        },
        onCompleted: (response) => options.onCompleted(response.register.user.displayName),
        onError: options.onError,
      }),
    [commit],
  );
  return [register, isInFlight] as const;
}
