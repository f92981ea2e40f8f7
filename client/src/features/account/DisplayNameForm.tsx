import { useId, useState } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { DisplayNameForm_user$key } from '../../__generated__/DisplayNameForm_user.graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { TextField } from '../../shared/TextField';
import { useFormSubmit } from '../../shared/useFormSubmit';
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
  const { error, fail, fieldErrors, errorsFor, submitWith } = useFormSubmit();
  const [done, setDone] = useState(false);

  const onSubmit = submitWith(() => {
    setDone(false);
    update({
      displayName,
      onCompleted: (saved) => {
        setDisplayName(saved);
        setDone(true);
      },
      onError: fail,
    });
  });

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Display name</h2>
      <form className="form" onSubmit={onSubmit}>
        <TextField
          id={`${ids}-name`}
          label="Name shown on your posts"
          autoComplete="nickname"
          required
          maxLength={80}
          value={displayName}
          onChange={setDisplayName}
          aria-invalid={fieldErrors?.displayName ? true : undefined}
          errors={errorsFor('displayName')}
        />
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
