import { useState, useTransition } from 'react';
import { graphql, usePaginationFragment } from 'react-relay';
import type { MyPostListPaginationQuery } from '../../__generated__/MyPostListPaginationQuery.graphql';
import type { MyPostList_query$key } from '../../__generated__/MyPostList_query.graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { authorPostsConnectionId, feedConnectionId, myPostsConnectionId } from './connections';
import { LoadMore } from './LoadMore';
import { MyPostItem } from './MyPostItem';
import { FEED_PAGE_SIZE } from './pageSize';
import { UndoBar } from './UndoBar';
import { useDeletePostMutation } from './useDeletePostMutation';
import { useRestorePostMutation } from './useRestorePostMutation';
import { useUpdatePostMutation } from './useUpdatePostMutation';

/** The signed-in author's own posts, drafts included: publish, unpublish, delete with undo. */
export function MyPostList({ query, viewerDataId }: { query: MyPostList_query$key; viewerDataId: string }) {
  const [, startTransition] = useTransition();
  const { data, loadNext, hasNext, isLoadingNext } = usePaginationFragment<
    MyPostListPaginationQuery,
    MyPostList_query$key
  >(
    graphql`
      fragment MyPostList_query on Query
      @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" })
      @refetchable(queryName: "MyPostListPaginationQuery") {
        viewer {
          user {
            id
          }
          posts(first: $count, after: $cursor) @connection(key: "MyPostList_posts", filters: []) {
            edges {
              node {
                id
                ...MyPostItem_post
              }
            }
          }
        }
      }
    `,
    query,
  );
  const [update] = useUpdatePostMutation();
  const [remove] = useDeletePostMutation();
  const [restore, restoring] = useRestorePostMutation();
  const [deleted, setDeleted] = useState<{ id: string; title: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  if (!data.viewer) return null;
  const userId = data.viewer.user.id;
  const publicLists = [feedConnectionId(), authorPostsConnectionId(userId)];
  const ownList = myPostsConnectionId(viewerDataId);

  const onTogglePublished = (id: string, publish: boolean) => {
    setError(null);
    update({ id, status: publish ? 'PUBLISHED' : 'DRAFT', publicConnections: publicLists, onError: setError });
  };
  const onDelete = (id: string, title: string) => {
    setError(null);
    setDeleted({ id, title });
    remove({ id, connections: [ownList, ...publicLists], onError: setError });
  };
  const onUndo = () => {
    if (!deleted) return;
    restore({ id: deleted.id, connections: [ownList], onCompleted: () => setDeleted(null), onError: setError });
  };

  return (
    <>
      {deleted && <UndoBar title={deleted.title} onUndo={onUndo} onDismiss={() => setDeleted(null)} busy={restoring} />}
      {error && <ErrorMessage error={error} />}
      {data.viewer.posts.edges.length === 0 ? (
        <p>You have not written anything yet.</p>
      ) : (
        <ol className="post-list" aria-label="Your posts">
          {data.viewer.posts.edges.map(({ node }) => (
            <li key={node.id}>
              <MyPostItem post={node} onTogglePublished={onTogglePublished} onDelete={onDelete} />
            </li>
          ))}
        </ol>
      )}
      <LoadMore
        hasNext={hasNext}
        isLoading={isLoadingNext}
        onLoad={() => {
          if (hasNext && !isLoadingNext)
            startTransition(() => {
              loadNext(FEED_PAGE_SIZE);
            });
        }}
      />
    </>
  );
}
