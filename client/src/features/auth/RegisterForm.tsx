import { useId, useState } from 'react';
import { EmailField, NewPasswordField } from '../../shared/CredentialFields';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { TextField } from '../../shared/TextField';
import { useFormSubmit } from '../../shared/useFormSubmit';
import { useRegisterMutation } from './useRegisterMutation';
import { useSignIn } from './useSignIn';

/** Creates the account, then signs in with the same credentials. */
export function RegisterForm() {
  const ids = useId();
  const [register, registering] = useRegisterMutation();
  const [signIn, signingIn] = useSignIn();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, fail, errorsFor, submitWith } = useFormSubmit();

  const onSubmit = submitWith(() =>
    register({
      email,
      password,
      displayName: displayName.trim() || undefined,
      onCompleted: () => signIn(email, password, fail),
      onError: fail,
    }),
  );

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Create an account</h1>
      <TextField
        id={`${ids}-name`}
        label="Display name (optional)"
        autoComplete="nickname"
        value={displayName}
        onChange={setDisplayName}
        errors={errorsFor('displayName')}
      />
      <EmailField
        id={`${ids}-email`}
        label="Email"
        autoComplete="email"
        value={email}
        onChange={setEmail}
        errors={errorsFor('email')}
      />
      <NewPasswordField
        id={`${ids}-password`}
        label="Password"
        value={password}
        onChange={setPassword}
        hint="8 to 128 characters."
        errors={errorsFor('password')}
      />
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={registering || signingIn}>
        Create account
      </button>
    </form>
  );
}
