import { act, fireEvent, screen } from '@testing-library/react';
import { ClientError } from '../../../relay/ClientError';
import { operationName, renderAt } from '../../../test/renderRoute';
import type { RelayMockEnvironment } from 'relay-test-utils/lib/RelayModernMockEnvironment';
import { MockPayloadGenerator } from 'relay-test-utils';

/** What the network layer makes of a GraphQL error answer for this operation. */
const serverError = (operation: string, code: 'UNAUTHENTICATED' | 'CONFLICT', serverMessage: string) =>
  new ClientError(code, { operation, serverMessage, requestId: 'req-7' });

async function open(pathname: string, heading: string) {
  const view = renderAt(pathname);
  const query = view.environment.mock.getMostRecentOperation();
  act(() => view.environment.mock.resolve(query, MockPayloadGenerator.generate(query)));
  await screen.findByRole('heading', { name: heading });
  return view;
}

function rejectLatest(environment: RelayMockEnvironment, expected: string, error: Error) {
  const operation = environment.mock.getMostRecentOperation();
  expect(operationName(operation)).toBe(expected);
  act(() => environment.mock.reject(operation, error));
}

describe('the sign-in form', () => {
  it('says "Invalid email or password." for a wrong password, with the request id', async () => {
    const { environment } = await open('/login', 'Sign in');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    rejectLatest(
      environment,
      'useLoginMutation',
      serverError('useLoginMutation', 'UNAUTHENTICATED', 'Invalid email or password.'),
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Invalid email or password.');
    expect(alert.textContent).not.toContain('Please sign in to continue');
    expect(alert.textContent).toContain('req-7');
  });
});

describe('the registration form', () => {
  it('says the email already has an account when it is taken', async () => {
    const { environment } = await open('/register', 'Create an account');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'long enough password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    rejectLatest(
      environment,
      'useRegisterMutation',
      serverError('useRegisterMutation', 'CONFLICT', 'This email address cannot be used to register.'),
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'An account with this email already exists. Sign in instead, or use another email.',
    );
  });
});

describe('the registration form, field by field', () => {
  it('shows each problem the server found under its field, which it describes', async () => {
    const { environment } = await open('/register', 'Create an account');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ada@example' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'long enough password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    rejectLatest(
      environment,
      'useRegisterMutation',
      new ClientError('BAD_USER_INPUT', {
        operation: 'useRegisterMutation',
        details: { email: ['is not an email address'] },
      }),
    );

    const describedBy = screen.getByLabelText('Email').getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)!.textContent).toBe('is not an email address');
    const password = screen.getByLabelText('Password').getAttribute('aria-describedby')!.split(' ');
    expect(password.map((id) => document.getElementById(id)!.textContent)).toEqual(['8 to 128 characters.', '']);
  });
});
