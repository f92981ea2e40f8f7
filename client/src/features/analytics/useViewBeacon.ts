import { useEffect } from 'react';

/**
 * Reports one view of a post page with a beacon (fire and forget, survives navigation). A string
 * body goes as text/plain, which the server accepts, so no preflight is needed.
 */
export function useViewBeacon(postId: string | undefined) {
  useEffect(() => {
    if (!postId || typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return;
    navigator.sendBeacon('/api/v1/events/', JSON.stringify({ type: 'view', post_id: postId }));
  }, [postId]);
}
