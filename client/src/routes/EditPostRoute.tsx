import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { EditPostRouteQuery } from '../__generated__/EditPostRouteQuery.graphql';
import { PostEditor } from '../features/posts/PostEditor';
import type { RouteProps } from '../routing/types';
import { SignInPrompt } from '../shared/SignInPrompt';

export const editPostRouteQuery = graphql`
  query EditPostRouteQuery($slug: String!) {
    post(slug: $slug) {
      id
      ...PostEditor_post
    }
    viewer {
      __id
      user {
        id
      }
    }
  }
`;

export function EditPostRoute({ queries }: RouteProps<{ editor: PreloadedQuery<EditPostRouteQuery> }>) {
  const data = usePreloadedQuery<EditPostRouteQuery>(editPostRouteQuery, queries.editor);
  if (!data.viewer) return <SignInPrompt what="edit your posts" />;
  if (!data.post) {
    return (
      <section>
        <h1>Post not found</h1>
      </section>
    );
  }
  return (
    <section>
      <h1>Edit post</h1>
      <PostEditor key={data.post.id} post={data.post} viewerDataId={data.viewer.__id} userId={data.viewer.user.id} />
    </section>
  );
}
