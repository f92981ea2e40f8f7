import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { FeedRouteQuery } from '../__generated__/FeedRouteQuery.graphql';
import { PostList } from '../features/posts/PostList';
import type { RouteProps } from '../routing/types';

export const feedRouteQuery = graphql`
  query FeedRouteQuery($count: Int!) {
    ...PostList_query @arguments(count: $count)
  }
`;

export function FeedRoute({ queries }: RouteProps<{ feed: PreloadedQuery<FeedRouteQuery> }>) {
  const data = usePreloadedQuery<FeedRouteQuery>(feedRouteQuery, queries.feed);
  return (
    <section aria-labelledby="feed-heading">
      <h1 id="feed-heading">Latest posts</h1>
      <PostList query={data} />
    </section>
  );
}
