import { graphql, useFragment } from 'react-relay';
import type { SessionItem_session$key } from '../../__generated__/SessionItem_session.graphql';
import { formatDateTime } from '../../shared/formatDate';

export function SessionItem({
  session,
  onRevoke,
  busy,
}: {
  session: SessionItem_session$key;
  onRevoke: (id: string) => void;
  busy: boolean;
}) {
  const data = useFragment(
    graphql`
      fragment SessionItem_session on Session {
        id
        device
        ipAddress
        createdAt
        lastUsedAt
        isCurrent
      }
    `,
    session,
  );
  return (
    <article
      className={data.isCurrent ? 'card card--row card--current' : 'card card--row'}
      data-current={data.isCurrent}
    >
      <div>
        <h3 className="card__title">
          {data.device}
          {data.isCurrent && <span className="badge badge--ok">This device</span>}
        </h3>
        <p className="meta">
          Signed in <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
          {' · last active '}
          <time dateTime={data.lastUsedAt}>{formatDateTime(data.lastUsedAt)}</time>
          {data.ipAddress && ` · ${data.ipAddress}`}
        </p>
      </div>
      {!data.isCurrent && (
        <div className="actions">
          <button type="button" className="danger" onClick={() => onRevoke(data.id)} disabled={busy}>
            Revoke<span className="visually-hidden"> {data.device}</span>
          </button>
        </div>
      )}
    </article>
  );
}
