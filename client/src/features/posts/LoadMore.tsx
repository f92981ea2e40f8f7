import { useEffect, useRef } from 'react';

/**
 * "Load more" as a real button (keyboard and screen readers), plus infinite scroll: when
 * the button scrolls into view, the next page is requested.
 */
export function LoadMore({ hasNext, isLoading, onLoad }: { hasNext: boolean; isLoading: boolean; onLoad: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const onLoadRef = useRef(onLoad);
  useEffect(() => {
    onLoadRef.current = onLoad;
  });
  useEffect(() => {
    const button = ref.current;
    if (!button || !hasNext || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoadRef.current();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasNext]);
  if (!hasNext) return <p className="meta end">You have reached the end.</p>;
  return (
    <button ref={ref} type="button" className="load-more" onClick={onLoad} disabled={isLoading} aria-busy={isLoading}>
      {isLoading ? 'Loading…' : 'Load more'}
    </button>
  );
}
