import { useTransition } from 'react';
import { graphql, usePaginationFragment } from 'react-relay';
import type { PostListPaginationQuery } from '../../__generated__/PostListPaginationQuery.graphql';
import type { PostList_query$key } from '../../__generated__/PostList_query.graphql';
import { LoadMore } from './LoadMore';
import { FEED_PAGE_SIZE } from './pageSize';
import { PostCard } from './PostCard';

/** The public feed: published posts, newest first, a page at a time. */
export function PostList({ query }: { query: PostList_query$key }) {
  const [, startTransition] = useTransition();
  const { data, loadNext, hasNext, isLoadingNext } = usePaginationFragment<PostListPaginationQuery, PostList_query$key>(
    graphql`
      fragment PostList_query on Query
      @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" })
      @refetchable(queryName: "PostListPaginationQuery") {
        posts(first: $count, after: $cursor) @connection(key: "PostList_posts") {
          edges {
            node {
              id
              ...PostCard_post
            }
          }
        }
      }
    `,
    query,
  );
  const loadMore = () => {
    if (hasNext && !isLoadingNext)
      startTransition(() => {
        loadNext(FEED_PAGE_SIZE);
      });
  };
  if (data.posts.edges.length === 0) return <p>No posts yet.</p>;
  return (
    <>
      <ol className="post-list" aria-label="Posts">
        {data.posts.edges.map(({ node }) => (
          <li key={node.id}>
            <PostCard post={node} />
          </li>
        ))}
      </ol>
      <LoadMore hasNext={hasNext} isLoading={isLoadingNext} onLoad={loadMore} />
    </>
  );
}
