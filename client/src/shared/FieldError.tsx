/** A field's server-side problems, tied to its input by aria-describedby. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  return (
    <p id={id} className="field__error">
      {messages?.join(' ')}
    </p>
  );
}
