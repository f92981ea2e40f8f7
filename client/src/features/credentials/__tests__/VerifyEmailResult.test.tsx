import { act, screen } from '@testing-library/react';
import { ClientError } from '../../../relay/ClientError';
import { operationName, renderAt } from '../../../test/renderRoute';

async function open(token: string) {
  const { environment } = renderAt(`/verify-email?token=${token}`, { strict: true });
  await screen.findByText('Confirming your address…');
  return environment;
}

describe('the verification link page', () => {
  it('spends the single-use token once, even when effects run twice, and says the address is confirmed', async () => {
    const environment = await open('tok-1');
    const sent = environment.mock.getAllOperations();
    expect(sent.map(operationName)).toEqual(['useVerifyEmailMutation']);
    expect(sent[0]!.request.variables).toEqual({ input: { token: 'tok-1' } });
    act(() =>
      environment.mock.resolve(sent[0]!, { data: { verifyEmail: { user: { id: 'u1', emailVerified: true } } } }),
    );
    expect(screen.getByRole('heading', { name: 'Address confirmed' })).toBeTruthy();
  });

  it('says when the link did not work, and where to ask for a new one', async () => {
    const environment = await open('used');
    act(() =>
      environment.mock.reject(
        environment.mock.getMostRecentOperation(),
        new ClientError('BAD_USER_INPUT', { operation: 'useVerifyEmailMutation' }),
      ),
    );
    expect(screen.getByRole('heading', { name: 'This link did not work' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'your account' }).getAttribute('href')).toBe('/account');
  });
});
