import { useState } from 'react';
import { graphql, useFragment } from 'react-relay';
import type { SessionList_viewer$key } from '../../__generated__/SessionList_viewer.graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useAuthSession } from '../../auth/useAuth';
import { SessionItem } from './SessionItem';
import { useRevokeAllSessionsMutation } from './useRevokeAllSessionsMutation';
import { useRevokeSessionMutation } from './useRevokeSessionMutation';

/** The session manager: every device signed in to this account, this one marked. */
export function SessionList({ viewer }: { viewer: SessionList_viewer$key }) {
  const data = useFragment(
    graphql`
      fragment SessionList_viewer on Viewer {
        sessions {
          id
          ...SessionItem_session
        }
      }
    `,
    viewer,
  );
  const auth = useAuthSession();
  const [revoke, revoking] = useRevokeSessionMutation();
  const [revokeOthers, revokingOthers] = useRevokeAllSessionsMutation();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const signOutEverywhere = () => {
    setSigningOut(true);
    // REST logout with scope "global": the one door that also clears this browser's cookie.
    auth.logout('global').catch(() => {});
  };

  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <p role="status" className="meta">
        {status ?? `${data.sessions.length} active session${data.sessions.length === 1 ? '' : 's'}.`}
      </p>
      {Boolean(error) && <ErrorMessage error={error} />}
      <ul className="session-list" aria-label="Sessions">
        {data.sessions.map((session) => (
          <li key={session.id}>
            <SessionItem
              session={session}
              busy={revoking}
              onRevoke={(id) => {
                setError(null);
                setStatus('Session revoked.');
                revoke(id, setError);
              }}
            />
          </li>
        ))}
      </ul>
      <div className="actions">
        <button
          type="button"
          disabled={revokingOthers || data.sessions.length < 2}
          onClick={() => {
            setError(null);
            revokeOthers({
              onCompleted: (n) => setStatus(`Signed out of ${n} other session${n === 1 ? '' : 's'}.`),
              onError: setError,
            });
          }}
        >
          Sign out everywhere else
        </button>
        {!confirming && (
          <button type="button" className="danger" disabled={signingOut} onClick={() => setConfirming(true)}>
            Sign out everywhere
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="sign-out-everywhere-question">
          <p id="sign-out-everywhere-question">
            Sign out of all {data.sessions.length} session{data.sessions.length === 1 ? '' : 's'}, this one included?
            You will need your password to sign in again.
          </p>
          <div className="actions">
            <button type="button" className="danger" disabled={signingOut} onClick={signOutEverywhere} autoFocus>
              Yes, sign out everywhere
            </button>
            <button type="button" disabled={signingOut} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
