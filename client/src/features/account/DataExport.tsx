import { useId, useState } from 'react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useRequestDataExportMutation } from './useRequestDataExportMutation';

/**
 * "Download my data". The server mails the export (a JSON file) to the account's own address,
 * so the page says where it goes rather than starting a download.
 */
export function DataExport({ email }: { email: string }) {
  const ids = useId();
  const [request, requesting] = useRequestDataExportMutation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const onClick = () => {
    setError(null);
    request({ variables: {}, onCompleted: () => setSent(true), onError: setError });
  };
  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Download your data</h2>
      <p>
        We email you one JSON file with your profile, all your posts (drafts and trash included) and your sessions. It
        goes to {email} only, and usually arrives within a few minutes.
      </p>
      {error && <ErrorMessage error={error} />}
      <p role="status">{sent && `Your data is on its way to ${email}. Check your inbox (and spam folder).`}</p>
      {!sent && (
        <button type="button" disabled={requesting} onClick={onClick}>
          {requesting ? 'Asking…' : 'Email me my data'}
        </button>
      )}
    </section>
  );
}
