import { TextField, type TextFieldProps } from './TextField';

type FieldProps = Omit<TextFieldProps, 'type' | 'autoComplete' | 'minLength' | 'maxLength' | 'required'>;

/** The server's password rule (8 to 128 characters), checked by the browser first. */
const PASSWORD_LENGTH = { minLength: 8, maxLength: 128 } as const;

/** An email address, filled in by the browser as the account's name ("username") unless told otherwise. */
export function EmailField({
  autoComplete = 'username',
  ...props
}: FieldProps & { autoComplete?: 'username' | 'email' }) {
  return <TextField type="email" autoComplete={autoComplete} required {...props} />;
}

/** The password the account has now. */
export function CurrentPasswordField(props: FieldProps) {
  return <TextField type="password" autoComplete="current-password" required {...props} />;
}

/** A password being chosen: the browser may suggest one, and the length rule applies. */
export function NewPasswordField(props: FieldProps) {
  return <TextField type="password" autoComplete="new-password" required {...PASSWORD_LENGTH} {...props} />;
}
