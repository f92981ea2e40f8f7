import { act, fireEvent, screen, within } from '@testing-library/react';
import { MockPayloadGenerator } from 'relay-test-utils';
import { ClientError } from '../../../relay/ClientError';
import { DATE, operationName, renderAt } from '../../../test/renderRoute';

async function openAccountOf(displayName: string) {
  const view = renderAt('/account');
  const query = view.environment.mock.getMostRecentOperation();
  act(() =>
    view.environment.mock.resolve(
      query,
      MockPayloadGenerator.generate(query, {
        DateTime: () => DATE,
        User: () => ({ id: 'user-1', displayName }),
        Viewer: () => ({ email: 'ada@example.com', personalAccessTokens: [], sessions: [] }),
      }),
    ),
  );
  await screen.findByRole('heading', { name: 'Change password' });
  return view;
}

const badInput = (operation: string, details: Record<string, string[]>) =>
  new ClientError('BAD_USER_INPUT', { operation, details, serverMessage: 'Check the form.', requestId: 'r-3' });

const section = (name: string) => screen.getByRole('region', { name });

describe('the change-password form', () => {
  it('shows a wrong current password under that field, which it describes', async () => {
    const { environment } = await openAccountOf('Ada');
    const form = within(section('Change password'));
    fireEvent.change(form.getByLabelText('Current password'), { target: { value: 'not it' } });
    fireEvent.change(form.getByLabelText('New password'), { target: { value: 'a new long password' } });
    fireEvent.click(form.getByRole('button', { name: 'Change password' }));

    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useChangePasswordMutation');
    act(() =>
      environment.mock.reject(mutation, badInput('useChangePasswordMutation', { currentPassword: ['is not correct'] })),
    );

    const current = form.getByLabelText('Current password');
    const describedBy = current.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)!.textContent).toBe('is not correct');
    expect(form.getByRole('alert').textContent).toContain('Check the form.');
    expect(form.getByLabelText('New password').getAttribute('aria-describedby')!.split(' ')).toHaveLength(2);
  });

  it('signs in with the new token, empties both fields and says the other devices were signed out', async () => {
    const { environment, auth } = await openAccountOf('Ada');
    const signIn = jest.spyOn(auth, 'signIn');
    const form = within(section('Change password'));
    fireEvent.change(form.getByLabelText('Current password'), { target: { value: 'the old one' } });
    fireEvent.change(form.getByLabelText('New password'), { target: { value: 'a new long password' } });
    fireEvent.click(form.getByRole('button', { name: 'Change password' }));
    act(() =>
      environment.mock.resolve(environment.mock.getMostRecentOperation(), {
        data: { changePassword: { accessToken: 'fresh' } },
      }),
    );

    expect(signIn).toHaveBeenCalledWith('fresh');
    expect(form.getByLabelText('Current password')).toHaveProperty('value', '');
    expect(form.getByLabelText('New password')).toHaveProperty('value', '');
    expect(form.getByRole('status').textContent).toBe('Password changed. Every other device has been signed out.');
  });
});

describe('the display-name form', () => {
  it('marks the name invalid and shows why under it, without a second message for the form', async () => {
    const { environment } = await openAccountOf('Ada');
    const form = within(section('Display name'));
    fireEvent.change(form.getByLabelText('Name shown on your posts'), { target: { value: ' ' } });
    fireEvent.click(form.getByRole('button', { name: 'Save name' }));
    act(() =>
      environment.mock.rejectMostRecentOperation(
        badInput('useUpdateProfileMutation', { displayName: ['must not be blank'] }),
      ),
    );

    const input = form.getByLabelText('Name shown on your posts');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)!.textContent).toBe('must not be blank');
    expect(form.queryByRole('alert')).toBeNull();
  });

  it('saves a changed name and says so; an unchanged one cannot be sent', async () => {
    const { environment } = await openAccountOf('Ada');
    const form = within(section('Display name'));
    expect(form.getByRole('button', { name: 'Save name' })).toHaveProperty('disabled', true);
    fireEvent.change(form.getByLabelText('Name shown on your posts'), { target: { value: 'Ada L.' } });
    fireEvent.click(form.getByRole('button', { name: 'Save name' }));

    const mutation = environment.mock.getMostRecentOperation();
    expect(operationName(mutation)).toBe('useUpdateProfileMutation');
    act(() =>
      environment.mock.resolve(mutation, {
        data: { updateProfile: { user: { id: 'user-1', displayName: 'Ada L.' } } },
      }),
    );

    expect(form.getByRole('status').textContent).toBe('Display name saved.');
    expect(form.getByLabelText('Name shown on your posts')).toHaveProperty('value', 'Ada L.');
  });
});
