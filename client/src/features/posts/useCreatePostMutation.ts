import { useCallback } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { PostStatus, useCreatePostMutation as Mutation } from '../../__generated__/useCreatePostMutation.graphql';

export interface CreatePostArgs {
  readonly title: string;
  readonly body: string;
  readonly status: PostStatus;
  readonly connections: readonly string[];
  readonly onCompleted: (slug: string) => void;
  readonly onError: (error: Error) => void;
}

/** Not optimistic: the id and slug come from the server. The new edge goes on top of each list. */
export function useCreatePostMutation() {
  const [commit, isInFlight] = useMutation<Mutation>(graphql`
    mutation useCreatePostMutation($input: CreatePostInput!, $connections: [ID!]!) {
      createPost(input: $input) {
        postEdge @prependEdge(connections: $connections) {
          cursor
          node {
            id
            slug
            ...PostCard_post
            ...MyPostItem_post
          }
        }
      }
    }
  `);
  const create = useCallback(
    ({ title, body, status, connections, onCompleted, onError }: CreatePostArgs) =>
      commit({
        variables: { input: { title, body, status }, connections: [...connections] },
        onCompleted: (response) => onCompleted(response.createPost.postEdge.node.slug),
        onError,
      }),
    [commit],
  );
  return [create, isInFlight] as const;
}
