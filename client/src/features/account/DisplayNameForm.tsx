import { type FormEvent, useId, useState } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { DisplayNameForm_user$key } from '../../__generated__/DisplayNameForm_user.graphql';
import { toClientError } from '../../relay/ClientError';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FieldError } from '../../shared/FieldError';
import { useUpdateProfileMutation } from './useUpdateProfileMutation';

/** The name shown on the writer's posts. */
export function DisplayNameForm({ user }: { user: DisplayNameForm_user$key }) {
  const data = useFragment(
    graphql`
      fragment DisplayNameForm_user on User {
        displayName
      }
    `,
    user,
  );
  const ids = useId();
  const [update, updating] = useUpdateProfileMutation();
  const [displayName, setDisplayName] = useState(data.displayName);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  const fieldErrors = error ? toClientError(error).fieldErrors : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    update({
      displayName,
      onCompleted: (saved) => {
        setDisplayName(saved);
        setDone(true);
      },
      onError: setError,
    });
  };

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Display name</h2>
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Name shown on your posts</label>
          <input
            id={`${ids}-name`}
            autoComplete="nickname"
            required
            maxLength={80}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            aria-invalid={fieldErrors?.displayName ? true : undefined}
            aria-describedby={`${ids}-name-error`}
          />
          <FieldError id={`${ids}-name-error`} messages={fieldErrors?.displayName} />
        </div>
        {error && !fieldErrors && <ErrorMessage error={error} />}
        <p role="status" className="meta">
          {done ? 'Display name saved.' : ''}
        </p>
        <button type="submit" disabled={updating || displayName.trim() === data.displayName}>
          Save name
        </button>
      </form>
    </section>
  );
}
