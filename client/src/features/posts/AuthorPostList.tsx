import { useTransition } from 'react';
import { graphql, usePaginationFragment } from 'react-relay';
import type { AuthorPostListPaginationQuery } from '../../__generated__/AuthorPostListPaginationQuery.graphql';
import type { AuthorPostList_user$key } from '../../__generated__/AuthorPostList_user.graphql';
import { LoadMore } from './LoadMore';
import { FEED_PAGE_SIZE } from './pageSize';
import { PostCard } from './PostCard';

export function AuthorPostList({ user }: { user: AuthorPostList_user$key }) {
  const [, startTransition] = useTransition();
  const { data, loadNext, hasNext, isLoadingNext } = usePaginationFragment<
    AuthorPostListPaginationQuery,
    AuthorPostList_user$key
  >(
    graphql`
      fragment AuthorPostList_user on User
      @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" })
      @refetchable(queryName: "AuthorPostListPaginationQuery") {
        posts(first: $count, after: $cursor) @connection(key: "AuthorPostList_posts") {
          edges {
            node {
              id
              ...PostCard_post
            }
          }
        }
      }
    `,
    user,
  );
  if (data.posts.edges.length === 0) return <p>No published posts yet.</p>;
  return (
    <>
      <ol className="post-list" aria-label="Posts by this author">
        {data.posts.edges.map(({ node }) => (
          <li key={node.id}>
            <PostCard post={node} />
          </li>
        ))}
      </ol>
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
