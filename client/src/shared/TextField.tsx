import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldError } from './FieldError';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'aria-describedby'>;

export interface TextFieldProps extends InputProps {
  /** The input's id; its hint and error lines are `<id>-hint` and `<id>-error`. */
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** A line under the input that describes it, e.g. the length rule. */
  readonly hint?: ReactNode;
  /**
   * The server's problems with this field (`useFormSubmit().errorsFor(name)`), for an operation
   * that reports them per field. Omitted, the field has no error line at all.
   */
  readonly errors?: readonly string[];
}

/** A labelled input, with its hint and the server's problems with it tied by aria-describedby. */
export function TextField({ id, label, value, onChange, hint, errors, ...input }: TextFieldProps) {
  const describedBy = [hint === undefined ? null : `${id}-hint`, errors ? `${id}-error` : null].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy.length > 0 ? describedBy.join(' ') : undefined}
        {...input}
      />
      {hint !== undefined && (
        <p id={`${id}-hint`} className="meta">
          {hint}
        </p>
      )}
      {errors && <FieldError id={`${id}-error`} messages={errors} />}
    </div>
  );
}
