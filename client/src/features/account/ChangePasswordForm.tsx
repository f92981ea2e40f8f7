import { useId, useState } from 'react';
import { useAuthSession } from '../../auth/useAuth';
import { CurrentPasswordField, NewPasswordField } from '../../shared/CredentialFields';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useFormSubmit } from '../../shared/useFormSubmit';
import { useChangePasswordMutation } from './useChangePasswordMutation';

export function ChangePasswordForm() {
  const ids = useId();
  const auth = useAuthSession();
  const [change, changing] = useChangePasswordMutation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const { error, fail, errorsFor, submitWith } = useFormSubmit();
  const [done, setDone] = useState(false);

  const onSubmit = submitWith(() => {
    setDone(false);
    change({
      currentPassword,
      newPassword,
      onCompleted: (accessToken) => {
        auth.signIn(accessToken);
        setCurrent('');
        setNew('');
        setDone(true);
      },
      onError: fail,
    });
  });

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Change password</h2>
      <form className="form" onSubmit={onSubmit}>
        <CurrentPasswordField
          id={`${ids}-current`}
          label="Current password"
          value={currentPassword}
          onChange={setCurrent}
          errors={errorsFor('currentPassword')}
        />
        <NewPasswordField
          id={`${ids}-new`}
          label="New password"
          value={newPassword}
          onChange={setNew}
          hint="8 to 128 characters. Every other device will be signed out."
          errors={errorsFor('newPassword')}
        />
        {error && <ErrorMessage error={error} />}
        <p role="status">{done && 'Password changed. Every other device has been signed out.'}</p>
        <button type="submit" className="primary" disabled={changing}>
          Change password
        </button>
      </form>
    </section>
  );
}
