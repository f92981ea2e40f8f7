import { type FormEvent, useState } from 'react';
import { type FieldErrors, toClientError } from '../relay/ClientError';

const NONE: readonly string[] = [];

export interface FormSubmit {
  /** The last attempt's failure, until the form is sent again. */
  readonly error: Error | null;
  /** Its problems per field (BAD_USER_INPUT details), when it has any. */
  readonly fieldErrors: FieldErrors | undefined;
  /** The mutation's `onError`. */
  readonly fail: (error: Error) => void;
  /** One field's problems (none: empty), for `TextField`'s `errors`. */
  readonly errorsFor: (field: string) => readonly string[];
  /** The form's `onSubmit`: no page load, the last failure cleared, then `send`. */
  readonly submitWith: (send: () => void) => (event: FormEvent) => void;
}

/** What every form does around its mutation: send on submit, keep the failure to show. */
export function useFormSubmit(): FormSubmit {
  const [error, setError] = useState<Error | null>(null);
  const fieldErrors = error ? toClientError(error).fieldErrors : undefined;
  return {
    error,
    fieldErrors,
    fail: setError,
    errorsFor: (field) => fieldErrors?.[field] ?? NONE,
    submitWith: (send) => (event) => {
      event.preventDefault();
      setError(null);
      send();
    },
  };
}
