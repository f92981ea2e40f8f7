import { act, fireEvent, screen, within } from '@testing-library/react';
import type { RelayMockEnvironment } from 'relay-test-utils/lib/RelayModernMockEnvironment';
import { ClientError } from '../../../relay/ClientError';
import type { ErrorCode } from '../../../errors/errorMessages';
import { openAccount } from '../../../test/openAccount';
import { operationName } from '../../../test/renderRoute';

const PURGE_AFTER = '2026-12-30T05:00:00.000Z';

function latest(environment: RelayMockEnvironment, expected: string) {
  const operation = environment.mock.getMostRecentOperation();
  expect(operationName(operation)).toBe(expected);
  return operation;
}

const serverError = (operation: string, code: ErrorCode, details?: unknown) =>
  new ClientError(code, { operation, details, serverMessage: 'from the server', requestId: 'req-9' });

async function confirmDeletion(password: string) {
  const view = await openAccount();
  const logout = jest.spyOn(view.auth, 'logout').mockResolvedValue();
  fireEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
  const dialog = screen.getByRole('alertdialog', { name: 'Delete your account?' });
  fireEvent.change(within(dialog).getByLabelText('Your password'), { target: { value: password } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, delete my account' }));
  return { ...view, logout, dialog };
}

describe('deleting the account', () => {
  it('asks for the password in a confirmation; Cancel closes it and sends nothing', async () => {
    const { environment } = await openAccount();
    const before = environment.mock.getAllOperations().length;
    fireEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete your account?' });
    expect(within(dialog).getByLabelText('Your password')).toBe(document.activeElement);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(environment.mock.getAllOperations()).toHaveLength(before);
  });

  it('sends the password, then signs this tab out and says until when signing in undoes it', async () => {
    const { environment, logout } = await confirmDeletion('my secret words');
    const mutation = latest(environment, 'useDeleteAccountMutation');
    expect(mutation.request.variables).toEqual({ input: { password: 'my secret words' } });
    expect(logout).not.toHaveBeenCalled();

    act(() => environment.mock.resolve(mutation, { data: { deleteAccount: { purgeAfter: PURGE_AFTER } } }));

    expect(logout).toHaveBeenCalledWith('local');
    expect(await screen.findByRole('heading', { name: 'Your account is deleted' })).toBeTruthy();
    expect(window.location.pathname).toBe('/account/deleted');
    expect(document.querySelector('time')?.getAttribute('datetime')).toBe(PURGE_AFTER);
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  });

  it('on a wrong password says the account is still there, marks the field, and stays signed in', async () => {
    const { environment, logout, dialog } = await confirmDeletion('not it');
    const mutation = latest(environment, 'useDeleteAccountMutation');
    act(() =>
      environment.mock.reject(
        mutation,
        serverError('useDeleteAccountMutation', 'BAD_USER_INPUT', { password: ['is not correct'] }),
      ),
    );
    expect(within(dialog).getByRole('alert').textContent).toContain(
      'That is not your current password. Your account was not deleted.',
    );
    const field = within(dialog).getByLabelText('Your password');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe('is not correct');
    expect(logout).not.toHaveBeenCalled();
    expect(window.location.pathname).toBe('/account');
  });
});

describe('downloading my data', () => {
  it('asks the server to mail the export and says where it goes', async () => {
    const { environment } = await openAccount();
    expect(screen.getByText(/It goes to ada@example.com only/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Email me my data' }));
    const mutation = latest(environment, 'useRequestDataExportMutation');
    act(() => environment.mock.resolve(mutation, { data: { requestDataExport: { accepted: true } } }));
    expect(
      screen.getByText('Your data is on its way to ada@example.com. Check your inbox (and spam folder).'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Email me my data' })).toBeNull();
  });

  it('explains a refusal by the daily limit in its own words', async () => {
    const { environment } = await openAccount();
    fireEvent.click(screen.getByRole('button', { name: 'Email me my data' }));
    const mutation = latest(environment, 'useRequestDataExportMutation');
    act(() => environment.mock.reject(mutation, serverError('useRequestDataExportMutation', 'RATE_LIMITED')));
    expect(screen.getByRole('alert').textContent).toContain('You asked for your data a short while ago');
    expect(screen.getByRole('button', { name: 'Email me my data' })).toBeTruthy();
  });
});
