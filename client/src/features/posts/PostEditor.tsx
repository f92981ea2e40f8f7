import { type FormEvent, useId, useState } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { PostEditor_post$key, PostStatus } from '../../__generated__/PostEditor_post.graphql';
import { toClientError } from '../../relay/ClientError';
import { Link, useBlocker, useRouter } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FieldError } from '../../shared/FieldError';
import { formatDateTime } from '../../shared/formatDate';
import { authorPostsConnectionId, feedConnectionId, myPostsConnectionId } from './connections';
import { MarkdownPreview } from './MarkdownPreview';
import { UndoBar } from './UndoBar';
import { useLocalDraft } from './useLocalDraft';
import { useCreatePostMutation } from './useCreatePostMutation';
import { useDeletePostMutation } from './useDeletePostMutation';
import { useRestorePostMutation } from './useRestorePostMutation';
import { useUpdatePostMutation } from './useUpdatePostMutation';

export const LEAVE_QUESTION = 'You have unsaved changes. Leave without saving them?';

/**
 * Writes a new post (`post` null) or edits one: save, publish or unpublish, delete with undo,
 * a preview rendered by the server. Nothing typed is lost: a copy is kept in this browser as
 * you type (offered back next time), and leaving with unsaved changes asks first.
 */
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
  // What the server has: the baseline for "unsaved changes".
  const [stored, setStored] = useState({ title: data?.title ?? '', body: data?.body ?? '' });
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [deleted, setDeleted] = useState(false);
  const draft = useLocalDraft(`${userId}:${data?.id ?? 'new'}`, stored, { title, body });
  const dirty = !deleted && (title !== stored.title || body !== stored.body);
  useBlocker(dirty, LEAVE_QUESTION);
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
    const sent = { title, body };
    if (!data) {
      create({
        ...sent,
        status,
        connections: status === 'PUBLISHED' ? [ownList, ...publicLists] : [ownList],
        onCompleted: (slug) => {
          draft.clear();
          // The server has it all now: nothing to ask about on the way out.
          navigate(`/posts/${encodeURIComponent(slug)}`, { unblocked: true });
        },
        onError: fail,
      });
      return;
    }
    update({
      id: data.id,
      ...sent,
      status,
      publicConnections: publicLists,
      onCompleted: () => {
        setStored(sent);
        draft.clear();
        setSaved(status === 'PUBLISHED' ? 'Published.' : 'Saved as a draft.');
      },
      onError: fail,
    });
  };
  const restoreDraft = () => {
    const copy = draft.take();
    if (!copy) return;
    setTitle(copy.title);
    setBody(copy.body);
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
      {draft.offer && (
        <div className="notice" role="status">
          <span>
            This browser kept changes you had not saved ({formatDateTime(new Date(draft.offer.savedAt).toISOString())}).
          </span>{' '}
          <button type="button" onClick={restoreDraft}>
            Restore them
          </button>{' '}
          <button type="button" className="link" onClick={draft.dismiss}>
            Discard
          </button>
        </div>
      )}
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
        <div className="editor__tabs" role="group" aria-label="Body view">
          <button type="button" aria-pressed={mode === 'write'} onClick={() => setMode('write')}>
            Write
          </button>
          <button type="button" aria-pressed={mode === 'preview'} onClick={() => setMode('preview')}>
            Preview
          </button>
        </div>
        {mode === 'write' ? (
          <>
            <label htmlFor={`${ids}-body`}>Body (Markdown)</label>
            <textarea
              id={`${ids}-body`}
              name="body"
              value={body}
              rows={16}
              onChange={(e) => setBody(e.target.value)}
              aria-invalid={fieldErrors?.body ? true : undefined}
              aria-describedby={`${ids}-body-error`}
            />
          </>
        ) : (
          <MarkdownPreview markdown={body} id={`${ids}-preview`} />
        )}
        <FieldError id={`${ids}-body-error`} messages={fieldErrors?.body} />
      </div>
      <p id={`${ids}-status`} role="status" className="meta">
        {data ? (data.status === 'PUBLISHED' ? 'This post is published.' : 'This post is a draft.') : 'A new post.'}
        {saved && ` ${saved}`}
        {dirty && ' Unsaved changes (a copy is kept in this browser).'}
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
                draft.clear();
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
