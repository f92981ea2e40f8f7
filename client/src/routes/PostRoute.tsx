import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { PostRouteQuery } from '../__generated__/PostRouteQuery.graphql';
import { useViewBeacon } from '../features/analytics/useViewBeacon';
import { PostView } from '../features/posts/PostView';
import type { RouteProps } from '../routing/types';

export const postRouteQuery = graphql`
  query PostRouteQuery($slug: String!) {
    post(slug: $slug) {
      id
      author {
        id
      }
      ...PostView_post
    }
    viewer {
      user {
        id
      }
    }
  }
`;

export function PostRoute({ queries }: RouteProps<{ post: PreloadedQuery<PostRouteQuery> }>) {
  const data = usePreloadedQuery<PostRouteQuery>(postRouteQuery, queries.post);
  useViewBeacon(data.post?.id);
  if (!data.post) {
    return (
      <section>
        <h1>Post not found</h1>
        <p>It may have been unpublished or deleted.</p>
      </section>
    );
  }
  return <PostView post={data.post} canEdit={data.viewer?.user.id === data.post.author.id} />;
}
