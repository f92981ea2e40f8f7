import { ClientError, codeFrom } from '../../relay/ClientError';
import { ERROR_MESSAGES, messageFor } from '../errorMessages';
import { SERVER_ERROR_CODES } from '../serverErrorCodes';

describe('the error codes the client understands', () => {
  it('are every code in the server table, each read as itself rather than as UNKNOWN', () => {
    for (const code of SERVER_ERROR_CODES) expect(codeFrom(code)).toBe(code);
    expect(codeFrom('NOT_A_SERVER_CODE')).toBe('UNKNOWN');
  });

  it('each have their own wording, never the catch-all line', () => {
    for (const code of SERVER_ERROR_CODES) expect(messageFor(code)).not.toBe(ERROR_MESSAGES.UNKNOWN);
  });

  it('tell a person with a used or expired reset link to ask for a new one', () => {
    const error = new ClientError(codeFrom('INVALID_TOKEN'), { operation: 'useResetPasswordMutation' });
    expect(error.message).toBe('This link is invalid or has expired. Ask for a new one.');
  });
});
