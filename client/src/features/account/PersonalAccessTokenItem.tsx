import { graphql, useFragment } from 'react-relay';
import type { PersonalAccessTokenItem_token$key } from '../../__generated__/PersonalAccessTokenItem_token.graphql';
import { formatDateTime } from '../../shared/formatDate';

export function PersonalAccessTokenItem({
  token,
  onRevoke,
  busy,
}: {
  token: PersonalAccessTokenItem_token$key;
  onRevoke: (id: string) => void;
  busy: boolean;
}) {
  const data = useFragment(
    graphql`
      fragment PersonalAccessTokenItem_token on PersonalAccessToken {
        id
        name
        scopes
        createdAt
        lastUsedAt
        expiresAt
      }
    `,
    token,
  );
  return (
    <article className="card card--row">
      <div>
        <h3 className="card__title">{data.name}</h3>
        <p className="meta">
          {data.scopes.join(', ')} · created <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
          {' · '}
          {data.lastUsedAt ? (
            <>
              last used <time dateTime={data.lastUsedAt}>{formatDateTime(data.lastUsedAt)}</time>
            </>
          ) : (
            'never used'
          )}
          {' · '}
          {data.expiresAt ? (
            <>
              expires <time dateTime={data.expiresAt}>{formatDateTime(data.expiresAt)}</time>
            </>
          ) : (
            'no expiry'
          )}
        </p>
      </div>
      <div className="actions">
        <button type="button" className="danger" onClick={() => onRevoke(data.id)} disabled={busy}>
          Revoke<span className="visually-hidden"> {data.name}</span>
        </button>
      </div>
    </article>
  );
}
