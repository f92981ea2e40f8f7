import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { MyPostsRouteQuery } from '../__generated__/MyPostsRouteQuery.graphql';
import { MyPostList } from '../features/posts/MyPostList';
import { Link } from '../routing/Router';
import type { RouteProps } from '../routing/types';
import { SignInPrompt } from '../shared/SignInPrompt';

export const myPostsRouteQuery = graphql`
  query MyPostsRouteQuery($count: Int!) {
    viewer {
      __id
    }
    ...MyPostList_query @arguments(count: $count)
  }
`;

export function MyPostsRoute({ queries }: RouteProps<{ posts: PreloadedQuery<MyPostsRouteQuery> }>) {
  const data = usePreloadedQuery<MyPostsRouteQuery>(myPostsRouteQuery, queries.posts);
  if (!data.viewer) return <SignInPrompt what="see your posts" />;
  return (
    <section aria-labelledby="my-posts-heading">
      <h1 id="my-posts-heading">Your posts</h1>
      <p>
        <Link className="button primary" href="/write">
          Write a post
        </Link>
      </p>
      <MyPostList query={data} viewerDataId={data.viewer.__id} />
    </section>
  );
}
