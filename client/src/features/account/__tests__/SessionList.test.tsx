import { act, fireEvent, screen, within } from '@testing-library/react';
import { openAccount } from '../../../test/openAccount';
import { operationName } from '../../../test/renderRoute';

describe('the session list', () => {
  it('revokes one other session', async () => {
    const { environment } = await openAccount();
    const list = screen.getByRole('list', { name: 'Sessions' });
    const phone = within(list).getAllByRole('listitem')[1]!;
    fireEvent.click(within(phone).getByRole('button', { name: /Revoke/ }));
    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useRevokeSessionMutation');
    expect(mutation.request.variables).toEqual({ input: { sessionId: 'phone' } });
    act(() => environment.mock.resolve(mutation, { data: { revokeSession: { revokedSessionId: 'phone' } } }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText('Session revoked.')).toBeTruthy();
  });

  it('asks before signing out everywhere; Cancel changes nothing, confirming signs out every session', async () => {
    const { auth } = await openAccount();
    const logout = jest.spyOn(auth, 'logout').mockResolvedValue();

    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    const question = screen.getByRole('alertdialog');
    expect(question.textContent).toContain('Sign out of all 3 sessions, this one included?');
    expect(logout).not.toHaveBeenCalled();

    fireEvent.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(logout).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, sign out everywhere' }));
    expect(logout).toHaveBeenCalledTimes(1);
    expect(logout).toHaveBeenCalledWith('global');
  });
});

describe('the display name form', () => {
  it('saves a new name, shown at once wherever the user appears', async () => {
    const { environment } = await openAccount();
    const input = screen.getByLabelText('Name shown on your posts') as HTMLInputElement;
    expect(input.value).toBe('Ada');
    fireEvent.change(input, { target: { value: 'Ada Lovelace' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useUpdateProfileMutation');
    expect(mutation.request.variables).toEqual({ input: { displayName: 'Ada Lovelace' } });
    act(() =>
      environment.mock.resolve(mutation, {
        data: { updateProfile: { user: { id: 'user-1', displayName: 'Ada Lovelace' } } },
      }),
    );
    expect(screen.getByText('Display name saved.')).toBeTruthy();
    expect(screen.getByText(/Ada Lovelace · ada@example.com/)).toBeTruthy();
  });
});
