import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { useRestorePostMutation as Mutation } from '../../__generated__/useRestorePostMutation.graphql';

export interface RestorePostArgs {
  readonly id: string;
  readonly connections: readonly string[];
  readonly onCompleted?: () => void;
  readonly onError: (error: Error) => void;
}

/** The undo of a delete: the post comes back from the trash, on top of the given lists. */
export function useRestorePostMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useRestorePostMutation($input: RestorePostInput!, $connections: [ID!]!) {
      restorePost(input: $input) {
        post @prependNode(connections: $connections, edgeTypeName: "PostEdge") {
          id
          ...MyPostItem_post
          ...PostEditor_post
        }
      }
    }
  `);
  const restore = useCallback(
    ({ id, connections, onCompleted, onError }: RestorePostArgs) =>
      commit({
        variables: { input: { id }, connections: [...connections] },
        onCompleted: () => onCompleted?.(),
        onError,
      }),
    [commit],
  );
  return [restore, isInFlight] as const;
}
