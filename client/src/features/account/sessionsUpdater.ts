import type { RecordSourceSelectorProxy } from 'relay-runtime';

/** Keeps only the viewer's sessions that pass `keep` (after a revoke, the list shrinks in place). */
export function filterViewerSessions(
  store: RecordSourceSelectorProxy,
  keep: (session: { id: string; isCurrent: boolean }) => boolean,
): void {
  const viewer = store.getRoot().getLinkedRecord('viewer');
  const sessions = viewer?.getLinkedRecords('sessions');
  if (!viewer || !sessions) return;
  viewer.setLinkedRecords(
    sessions.filter(
      (session) =>
        session !== null &&
        session !== undefined &&
        keep({ id: session.getDataID(), isCurrent: session.getValue('isCurrent') === true }),
    ),
    'sessions',
  );
}
