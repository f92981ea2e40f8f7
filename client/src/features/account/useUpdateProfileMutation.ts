import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useUpdateProfileMutation as Mutation } from '../../__generated__/useUpdateProfileMutation.graphql';

/** Changes the display name; the User record in the store updates by id, so every post shows it. */
export function useUpdateProfileMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useUpdateProfileMutation($input: UpdateProfileInput!) {
      updateProfile(input: $input) {
        user {
          id
          displayName
        }
      }
    }
  `);
  const update = useCallback(
    (options: { displayName: string; onCompleted: (displayName: string) => void; onError: (error: Error) => void }) =>
      commit({
        variables: { input: { displayName: options.displayName } },
        onCompleted: (response) => options.onCompleted(response.updateProfile.user.displayName),
        onError: options.onError,
      }),
    [commit],
  );
  return [update, isInFlight] as const;
}
