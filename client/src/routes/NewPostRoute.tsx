import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { NewPostRouteQuery } from '../__generated__/NewPostRouteQuery.graphql';
import { PostEditor } from '../features/posts/PostEditor';
import type { RouteProps } from '../routing/types';
import { SignInPrompt } from '../shared/SignInPrompt';

export const newPostRouteQuery = graphql`
  query NewPostRouteQuery {
    viewer {
      __id
      user {
        id
      }
    }
  }
`;

export function NewPostRoute({ queries }: RouteProps<{ editor: PreloadedQuery<NewPostRouteQuery> }>) {
  const data = usePreloadedQuery<NewPostRouteQuery>(newPostRouteQuery, queries.editor);
  if (!data.viewer) return <SignInPrompt what="write a post" />;
  return (
    <section>
      <h1>New post</h1>
      <PostEditor post={null} viewerDataId={data.viewer.__id} userId={data.viewer.user.id} />
    </section>
  );
}
