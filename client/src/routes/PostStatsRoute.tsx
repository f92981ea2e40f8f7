import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { PostStatsRouteQuery } from '../__generated__/PostStatsRouteQuery.graphql';
import { PostStats } from '../features/analytics/PostStats';
import type { RouteProps } from '../routing/types';
import { SignInPrompt } from '../shared/SignInPrompt';

export const postStatsRouteQuery = graphql`
  query PostStatsRouteQuery($slug: String!) {
    viewer {
      __typename
    }
    post(slug: $slug) {
      ...PostStats_post
    }
  }
`;

/** `/posts/:slug/stats`: a post's readership, for its author. */
export function PostStatsRoute({ queries }: RouteProps<{ stats: PreloadedQuery<PostStatsRouteQuery> }>) {
  const data = usePreloadedQuery<PostStatsRouteQuery>(postStatsRouteQuery, queries.stats);
  if (!data.viewer) return <SignInPrompt what="see your posts' numbers" />;
  if (!data.post) {
    return (
      <section>
        <h1>Post not found</h1>
        <p>It may have been deleted.</p>
      </section>
    );
  }
  return <PostStats post={data.post} />;
}
