import { useEffect } from 'react';

/** The tab's title for this page (after the router's default for the route). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Inkwell`;
  }, [title]);
}
