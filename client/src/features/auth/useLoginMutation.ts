import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useLoginMutation as Mutation } from '../../__generated__/useLoginMutation.graphql';

/** GraphQL login also sets the refresh cookie; only the access token is read here. */
export function useLoginMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useLoginMutation($input: LoginInput!) {
      login(input: $input) {
        accessToken
      }
    }
  `);
  const login = useCallback(
    (options: {
      email: string;
      password: string;
      device?: string;
      onCompleted: (accessToken: string) => void;
      onError: (error: Error) => void;
    }) =>
      commit({
        variables: { input: { email: options.email, password: options.password, device: options.device } },
        onCompleted: (response) => options.onCompleted(response.login.accessToken),
        onError: options.onError,
      }),
    [commit],
  );
  return [login, isInFlight] as const;
}
