import { useEffect, useRef } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { PostView_post$key } from '../../__generated__/PostView_post.graphql';
import { Link, useRouter } from '../../routing/Router';
import { formatDateTime } from '../../shared/formatDate';
import { useDocumentTitle } from '../../shared/useDocumentTitle';
import { PostBody } from './PostBody';

export function PostView({ post, canEdit }: { post: PostView_post$key; canEdit: boolean }) {
  const data = useFragment(
    graphql`
      fragment PostView_post on Post {
        title
        slug
        bodyHTML
        readingTimeMinutes
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
  const { navigated } = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(data.title);
  // After an in-app navigation, focus goes to the post's heading, so a screen reader starts
  // there (on the page the browser loaded, focus stays where the browser puts it).
  useEffect(() => {
    if (navigated) heading.current?.focus();
  }, [navigated, data.slug]);
  return (
    <article>
      <h1 ref={heading} tabIndex={-1}>
        {data.title}
      </h1>
      <p className="meta">
        by <Link href={`/authors/${encodeURIComponent(data.author.id)}`}>{data.author.displayName}</Link>
        {data.publishedAt && (
          <>
            {' · '}
            <time dateTime={data.publishedAt}>{formatDateTime(data.publishedAt)}</time>
          </>
        )}
        {' · '}
        <span>{data.readingTimeMinutes} min read</span>
        {data.status === 'DRAFT' && <span className="badge">Draft</span>}
      </p>
      {canEdit && (
        <p>
          <Link href={`/edit/${encodeURIComponent(data.slug)}`}>Edit this post</Link>
          {' · '}
          <Link href={`/posts/${encodeURIComponent(data.slug)}/stats`}>Stats</Link>
        </p>
      )}
      <PostBody html={data.bodyHTML} />
    </article>
  );
}
