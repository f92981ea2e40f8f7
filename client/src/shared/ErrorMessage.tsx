import { toClientError } from '../relay/ClientError';

/** An error as a person reads it, with the request id they can quote to support. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const clientError = toClientError(error);
  return (
    <div className="error" role="alert">
      <p>{clientError.message}</p>
      {clientError.requestId && (
        <p className="error__id">
          Request ID: <code>{clientError.requestId}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
