import { graphql, useFragment } from 'react-relay';
import type { MyPostItem_post$key } from '../../__generated__/MyPostItem_post.graphql';
import { Link } from '../../routing/Router';
import { formatDateTime } from '../../shared/formatDate';

export function MyPostItem({
  post,
  onTogglePublished,
  onDelete,
}: {
  post: MyPostItem_post$key;
  onTogglePublished: (id: string, publish: boolean) => void;
  onDelete: (id: string, title: string) => void;
}) {
  const data = useFragment(
    graphql`
      fragment MyPostItem_post on Post {
        id
        title
        slug
        status
        updatedAt
      }
    `,
    post,
  );
  const published = data.status === 'PUBLISHED';
  return (
    <article className="card card--row">
      <div>
        <h2 className="card__title">
          <Link href={`/posts/${encodeURIComponent(data.slug)}`}>{data.title}</Link>
        </h2>
        <p className="meta">
          <span className={published ? 'badge badge--ok' : 'badge'}>{published ? 'Published' : 'Draft'}</span>
          {' · updated '}
          <time dateTime={data.updatedAt}>{formatDateTime(data.updatedAt)}</time>
        </p>
      </div>
      <div className="actions">
        <Link className="button" href={`/edit/${encodeURIComponent(data.slug)}`} aria-label={`Edit ${data.title}`}>
          Edit
        </Link>
        <Link
          className="button"
          href={`/posts/${encodeURIComponent(data.slug)}/stats`}
          aria-label={`Stats for ${data.title}`}
        >
          Stats
        </Link>
        <button type="button" onClick={() => onTogglePublished(data.id, !published)}>
          {published ? 'Unpublish' : 'Publish'}
          <span className="visually-hidden"> {data.title}</span>
        </button>
        <button type="button" className="danger" onClick={() => onDelete(data.id, data.title)}>
          Delete<span className="visually-hidden"> {data.title}</span>
        </button>
      </div>
    </article>
  );
}
