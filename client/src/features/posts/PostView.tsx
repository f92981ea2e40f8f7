import { graphql, useFragment } from 'react-relay';
import type { PostView_post$key } from '../../__generated__/PostView_post.graphql';
import { Link } from '../../routing/Router';
import { formatDateTime } from '../../shared/formatDate';
import { PostBody } from './PostBody';

export function PostView({ post, canEdit }: { post: PostView_post$key; canEdit: boolean }) {
  const data = useFragment(
    graphql`
      fragment PostView_post on Post {
        title
        slug
        body
        status
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
    <article>
      <h1>{data.title}</h1>
      <p className="meta">
        by <Link href={`/authors/${encodeURIComponent(data.author.id)}`}>{data.author.displayName}</Link>
        {data.publishedAt && (
          <>
            {' · '}
            <time dateTime={data.publishedAt}>{formatDateTime(data.publishedAt)}</time>
          </>
        )}
        {data.status === 'DRAFT' && <span className="badge">Draft</span>}
      </p>
      {canEdit && (
        <p>
          <Link href={`/edit/${encodeURIComponent(data.slug)}`}>Edit this post</Link>
        </p>
      )}
      <PostBody text={data.body} />
    </article>
  );
}
