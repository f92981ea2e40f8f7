/** The "deleted — undo" line after a delete; a live region so screen readers hear it. */
export function UndoBar({
  title,
  onUndo,
  onDismiss,
  busy,
}: {
  title: string;
  onUndo: () => void;
  onDismiss?: () => void;
  busy: boolean;
}) {
  return (
    <div className="notice" role="status" aria-live="polite">
      <span>“{title}” was moved to the trash.</span>{' '}
      <button type="button" onClick={onUndo} disabled={busy}>
        Undo
      </button>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
