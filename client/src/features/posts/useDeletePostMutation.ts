import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useDeletePostMutation as Mutation } from '../../__generated__/useDeletePostMutation.graphql';

export interface DeletePostArgs {
  readonly id: string;
  readonly connections: readonly string[];
  readonly onCompleted?: () => void;
  readonly onError: (error: Error) => void;
}

/** Optimistic: the post leaves every given list at once; a failure puts it back. */
export function useDeletePostMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useDeletePostMutation($input: DeletePostInput!, $connections: [ID!]!) {
      deletePost(input: $input) {
        deletedPostId @deleteEdge(connections: $connections)
      }
    }
  `);
  const remove = useCallback(
    ({ id, connections, onCompleted, onError }: DeletePostArgs) =>
      commit({
        variables: { input: { id }, connections: [...connections] },
        optimisticResponse: { deletePost: { deletedPostId: id } },
        onCompleted: () => onCompleted?.(),
        onError,
      }),
    [commit],
  );
  return [remove, isInFlight] as const;
}
