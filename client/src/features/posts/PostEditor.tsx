import { type FormEvent, useId, useState } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { PostEditor_post$key, PostStatus } from '../../__generated__/PostEditor_post.graphql';
import { toClientError } from '../../relay/ClientError';
import { Link, useRouter } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FieldError } from '../../shared/FieldError';
import { authorPostsConnectionId, feedConnectionId, myPostsConnectionId } from './connections';
import { UndoBar } from './UndoBar';
import { useCreatePostMutation } from './useCreatePostMutation';
import { useDeletePostMutation } from './useDeletePostMutation';
import { useRestorePostMutation } from './useRestorePostMutation';
import { useUpdatePostMutation } from './useUpdatePostMutation';

/** Writes a new post (`post` null) or edits one: save, publish or unpublish, delete with undo. */
export function PostEditor({
  post,
  viewerDataId,
  userId,
}: {
  post: PostEditor_post$key | null;
  viewerDataId: string;
  userId: string;
}) {
  const data = useFragment(
    graphql`
      fragment PostEditor_post on Post {
        id
        title
        body
        slug
        status
      }
    `,
    post,
  );
  const { navigate } = useRouter();
  const ids = useId();
  const [title, setTitle] = useState(data?.title ?? '');
  const [body, setBody] = useState(data?.body ?? '');
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [deleted, setDeleted] = useState(false);
  const [create, creating] = useCreatePostMutation();
  const [update, updating] = useUpdatePostMutation();
  const [remove, removing] = useDeletePostMutation();
  const [restore, restoring] = useRestorePostMutation();
  const busy = creating || updating || removing;
  const fieldErrors = error ? toClientError(error).fieldErrors : undefined;
  const ownList = myPostsConnectionId(viewerDataId);
  const publicLists = [feedConnectionId(), authorPostsConnectionId(userId)];

  const fail = (e: Error) => {
    setSaved(null);
    setError(e);
  };
  const save = (status: PostStatus) => {
    setError(null);
    setSaved(null);
    if (!data) {
      create({
        title,
        body,
        status,
        connections: status === 'PUBLISHED' ? [ownList, ...publicLists] : [ownList],
        onCompleted: (slug) => navigate(`/posts/${encodeURIComponent(slug)}`),
        onError: fail,
      });
      return;
    }
    update({
      id: data.id,
      title,
      body,
      status,
      publicConnections: publicLists,
      onCompleted: () => setSaved(status === 'PUBLISHED' ? 'Published.' : 'Saved as a draft.'),
      onError: fail,
    });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save(data?.status ?? 'DRAFT');
  };

  if (data && deleted) {
    return (
      <UndoBar
        title={data.title}
        busy={restoring}
        onUndo={() =>
          restore({ id: data.id, connections: [ownList], onCompleted: () => setDeleted(false), onError: fail })
        }
      />
    );
  }

  return (
    <form className="form editor" onSubmit={onSubmit} aria-describedby={`${ids}-status`}>
      <div className="field">
        <label htmlFor={`${ids}-title`}>Title</label>
        <input
          id={`${ids}-title`}
          name="title"
          value={title}
          maxLength={200}
          required
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={fieldErrors?.title ? true : undefined}
          aria-describedby={`${ids}-title-error`}
        />
        <FieldError id={`${ids}-title-error`} messages={fieldErrors?.title} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-body`}>Body</label>
        <textarea
          id={`${ids}-body`}
          name="body"
          value={body}
          rows={16}
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={fieldErrors?.body ? true : undefined}
          aria-describedby={`${ids}-body-error`}
        />
        <FieldError id={`${ids}-body-error`} messages={fieldErrors?.body} />
      </div>
      <p id={`${ids}-status`} role="status" className="meta">
        {data ? (data.status === 'PUBLISHED' ? 'This post is published.' : 'This post is a draft.') : 'A new post.'}
        {saved && ` ${saved}`}
      </p>
      {error && !fieldErrors && <ErrorMessage error={error} />}
      <div className="actions">
        {!data && (
          <>
            <button type="button" onClick={() => save('DRAFT')} disabled={busy}>
              Save draft
            </button>
            <button type="button" className="primary" onClick={() => save('PUBLISHED')} disabled={busy}>
              Publish
            </button>
          </>
        )}
        {data && (
          <>
            <button type="submit" className="primary" disabled={busy}>
              Save
            </button>
            {data.status === 'PUBLISHED' ? (
              <button type="button" onClick={() => save('DRAFT')} disabled={busy}>
                Unpublish
              </button>
            ) : (
              <button type="button" onClick={() => save('PUBLISHED')} disabled={busy}>
                Publish
              </button>
            )}
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                setError(null);
                setDeleted(true);
                remove({
                  id: data.id,
                  connections: [ownList, ...publicLists],
                  onError: (e) => {
                    setDeleted(false);
                    fail(e);
                  },
                });
              }}
            >
              Delete
            </button>
            <Link href={`/posts/${encodeURIComponent(data.slug)}`}>View</Link>
          </>
        )}
      </div>
    </form>
  );
}
