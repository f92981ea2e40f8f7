import { act, fireEvent, screen } from '@testing-library/react';
import { ClientError } from '../../../relay/ClientError';
import { operationName, renderAt } from '../../../test/renderRoute';

describe('the forgot-password form', () => {
  it('asks for a reset link and then says where it went, whether or not the address has an account', async () => {
    const { environment } = renderAt('/forgot-password');
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }));

    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useRequestPasswordResetMutation');
    expect(mutation.request.variables).toEqual({ input: { email: 'ada@example.com' } });
    expect(screen.getByRole('button', { name: 'Sending…' })).toHaveProperty('disabled', true);
    act(() => environment.mock.resolve(mutation, { data: { requestPasswordReset: { accepted: true } } }));

    expect(screen.getByRole('heading', { name: 'Check your mail' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('If an account uses ada@example.com');
  });

  it('shows the failure with its request id and keeps what was typed', async () => {
    const { environment } = renderAt('/forgot-password');
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    act(() =>
      environment.mock.rejectMostRecentOperation(new ClientError('RATE_LIMITED', { retryAfter: 30, requestId: 'r-1' })),
    );

    expect(screen.getByRole('alert').textContent).toContain('Too many attempts. Please wait 30 seconds and try again.');
    expect(screen.getByRole('alert').textContent).toContain('r-1');
    expect(screen.getByLabelText('Email')).toHaveProperty('value', 'ada@example.com');
  });
});

describe('the reset-password form', () => {
  it('sets the new password with the token from the link, then says every device was signed out', async () => {
    const { environment } = renderAt('/reset-password?token=tok-1');
    fireEvent.change(await screen.findByLabelText('New password'), { target: { value: 'a new long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }));

    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useResetPasswordMutation');
    expect(mutation.request.variables).toEqual({ input: { token: 'tok-1', newPassword: 'a new long password' } });
    act(() => environment.mock.resolve(mutation, { data: { resetPassword: { revokedSessions: 2 } } }));

    expect(screen.getByRole('heading', { name: 'Password changed' })).toBeTruthy();
  });

  it('tells a person whose link was used or expired to ask for a new one', async () => {
    const { environment } = renderAt('/reset-password?token=used');
    fireEvent.change(await screen.findByLabelText('New password'), { target: { value: 'a new long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }));
    act(() =>
      environment.mock.rejectMostRecentOperation(
        new ClientError('INVALID_TOKEN', { operation: 'useResetPasswordMutation', requestId: 'r-2' }),
      ),
    );

    expect(screen.getByRole('alert').textContent).toContain('This link is invalid or has expired. Ask for a new one.');
    expect(screen.getByRole('button', { name: 'Set new password' })).toHaveProperty('disabled', false);
  });

  it('cannot be sent from a link without a token', async () => {
    renderAt('/reset-password');
    expect((await screen.findByRole('button', { name: 'Set new password' })).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('This link has no token. Ask for a new one.');
  });
});
