import { act, screen } from '@testing-library/react';
import { MockPayloadGenerator } from 'relay-test-utils';
import { DATE, operationName, renderAt } from './renderRoute';

/** The account page of Ada (three sessions, this one first), its query resolved. */
export async function openAccount() {
  const view = renderAt('/account');
  const query = view.environment.mock.getMostRecentOperation();
  expect(operationName(query)).toBe('AccountRouteQuery');
  act(() =>
    view.environment.mock.resolve(
      query,
      MockPayloadGenerator.generate(query, {
        DateTime: () => DATE,
        User: () => ({ id: 'user-1', displayName: 'Ada' }),
        Viewer: () => ({
          email: 'ada@example.com',
          personalAccessTokens: [],
          sessions: [
            { id: 'here', device: 'Firefox on Linux', isCurrent: true, createdAt: DATE, lastUsedAt: DATE },
            { id: 'phone', device: 'Safari on iPhone', isCurrent: false, createdAt: DATE, lastUsedAt: DATE },
            { id: 'laptop', device: 'Chrome on macOS', isCurrent: false, createdAt: DATE, lastUsedAt: DATE },
          ],
        }),
      }),
    ),
  );
  await screen.findByRole('list', { name: 'Sessions' });
  return view;
}
