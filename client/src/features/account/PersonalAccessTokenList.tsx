import { type FormEvent, useId, useState } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { PersonalAccessTokenList_viewer$key } from '../../__generated__/PersonalAccessTokenList_viewer.graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { PersonalAccessTokenItem } from './PersonalAccessTokenItem';
import { type TokenScope, useCreatePersonalAccessTokenMutation } from './useCreatePersonalAccessTokenMutation';
import { useRevokePersonalAccessTokenMutation } from './useRevokePersonalAccessTokenMutation';

const SCOPES: { scope: TokenScope; label: string }[] = [
  { scope: 'READ_POSTS', label: 'Read your posts, drafts included' },
  { scope: 'WRITE_POSTS', label: 'Write, delete and restore your posts' },
  { scope: 'READ_ACCOUNT', label: 'Read your email address' },
];

/** Personal access tokens for third-party apps: create one (its secret shown once), list, revoke. */
export function PersonalAccessTokenList({ viewer }: { viewer: PersonalAccessTokenList_viewer$key }) {
  const data = useFragment(
    graphql`
      fragment PersonalAccessTokenList_viewer on Viewer {
        personalAccessTokens {
          id
          ...PersonalAccessTokenItem_token
        }
      }
    `,
    viewer,
  );
  const ids = useId();
  const [create, creating] = useCreatePersonalAccessTokenMutation();
  const [revoke, revoking] = useRevokePersonalAccessTokenMutation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['READ_POSTS']);
  const [days, setDays] = useState('90');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSecret(null);
    create({
      name,
      scopes,
      expiresInDays: days === 'never' ? null : Number(days),
      onCompleted: (token) => {
        setSecret(token);
        setName('');
      },
      onError: setError,
    });
  };
  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Personal access tokens</h2>
      <p className="meta">For apps that act for you. A token can never change your password or sessions.</p>
      {Boolean(error) && <ErrorMessage error={error} />}
      {secret && (
        <p role="status" className="card">
          Copy your new token now; it will not be shown again: <code>{secret}</code>
        </p>
      )}
      <ul className="session-list" aria-label="Personal access tokens">
        {data.personalAccessTokens.map((token) => (
          <li key={token.id}>
            <PersonalAccessTokenItem token={token} busy={revoking} onRevoke={(id) => revoke(id, setError)} />
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={onSubmit} aria-label="New personal access token">
        <div className="field">
          <label htmlFor={`${ids}-name`}>Token name</label>
          <input id={`${ids}-name`} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className="field">
          <legend>Scopes</legend>
          {SCOPES.map(({ scope, label }) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => toggle(scope, e.target.checked)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-days`}>Expires</label>
          <select id={`${ids}-days`} value={days} onChange={(e) => setDays(e.target.value)}>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="366">in a year</option>
            <option value="never">never (until revoked)</option>
          </select>
        </div>
        <button type="submit" disabled={creating || scopes.length === 0}>
          Create token
        </button>
      </form>
    </section>
  );
}
