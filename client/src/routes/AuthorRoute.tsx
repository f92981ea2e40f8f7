import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { AuthorRouteQuery } from '../__generated__/AuthorRouteQuery.graphql';
import { AuthorPostList } from '../features/posts/AuthorPostList';
import type { RouteProps } from '../routing/types';
import { formatDate } from '../shared/formatDate';

export const authorRouteQuery = graphql`
  query AuthorRouteQuery($id: ID!, $count: Int!) {
    node(id: $id) {
      ... on User @alias(as: "user") {
        displayName
        createdAt
        ...AuthorPostList_user @arguments(count: $count)
      }
    }
  }
`;

export function AuthorRoute({ queries }: RouteProps<{ author: PreloadedQuery<AuthorRouteQuery> }>) {
  const data = usePreloadedQuery<AuthorRouteQuery>(authorRouteQuery, queries.author);
  const author = data.node?.user;
  if (!author) {
    return (
      <section>
        <h1>Author not found</h1>
      </section>
    );
  }
  return (
    <section aria-labelledby="author-heading">
      <h1 id="author-heading">{author.displayName}</h1>
      <p className="meta">
        Writing on Inkwell since <time dateTime={author.createdAt}>{formatDate(author.createdAt)}</time>
      </p>
      <AuthorPostList user={author} />
    </section>
  );
}
