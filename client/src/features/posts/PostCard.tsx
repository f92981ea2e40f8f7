import { graphql, useFragment } from 'react-relay';
import type { PostCard_post$key } from '../../__generated__/PostCard_post.graphql';
import { Link } from '../../routing/Router';
import { formatDate } from '../../shared/formatDate';

export function PostCard({ post }: { post: PostCard_post$key }) {
  const data = useFragment(
    graphql`
      fragment PostCard_post on Post {
        title
        slug
        excerpt
        publishedAt
        author {
          id
          displayName
        }
      }
    `,
    post,
  );
  return (
    <article className="card">
      <h2 className="card__title">
        <Link href={`/posts/${encodeURIComponent(data.slug)}`}>{data.title}</Link>
      </h2>
      <p className="meta">
        by <Link href={`/authors/${encodeURIComponent(data.author.id)}`}>{data.author.displayName}</Link>
        {data.publishedAt && (
          <>
            {' · '}
            <time dateTime={data.publishedAt}>{formatDate(data.publishedAt)}</time>
          </>
        )}
      </p>
      <p>{data.excerpt}</p>
    </article>
  );
}
