import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import { ConnectionHandler } from 'relay-runtime';
import type { PostStatus, useUpdatePostMutation as Mutation } from '../../__generated__/useUpdatePostMutation.graphql';

export interface UpdatePostArgs {
  readonly id: string;
  readonly title?: string;
  readonly body?: string;
  readonly status?: PostStatus;
  /** Lists the post leaves when it is unpublished (the public feed, the author's page). */
  readonly publicConnections?: readonly string[];
  readonly onCompleted?: () => void;
  readonly onError: (error: Error) => void;
}

/** Optimistic: what was typed, and the new status, show at once; the server's answer replaces them. */
export function useUpdatePostMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useUpdatePostMutation($input: UpdatePostInput!) {
      updatePost(input: $input) {
        post {
          id
          ...PostEditor_post
          ...PostCard_post
          ...MyPostItem_post
        }
      }
    }
  `);
  const update = useCallback(
    ({ id, title, body, status, publicConnections = [], onCompleted, onError }: UpdatePostArgs) =>
      commit({
        variables: { input: { id, title, body, status } },
        optimisticUpdater: (store) => {
          const post = store.get(id);
          if (!post) return;
          if (title !== undefined) post.setValue(title, 'title');
          if (body !== undefined) post.setValue(body, 'body');
          if (status !== undefined) post.setValue(status, 'status');
        },
        updater: (store) => {
          if (status !== 'DRAFT') return;
          for (const connectionId of publicConnections) {
            const connection = store.get(connectionId);
            if (connection) ConnectionHandler.deleteNode(connection, id);
          }
        },
        onCompleted: () => onCompleted?.(),
        onError,
      }),
    [commit],
  );
  return [update, isInFlight] as const;
}
