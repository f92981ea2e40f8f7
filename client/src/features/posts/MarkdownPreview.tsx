import { useEffect, useState } from 'react';
import { fetchQuery, graphql, useRelayEnvironment } from 'react-relay';
import type { MarkdownPreviewQuery } from '../../__generated__/MarkdownPreviewQuery.graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Spinner } from '../../shared/Spinner';
import { PostBody } from './PostBody';

const previewQuery = graphql`
  query MarkdownPreviewQuery($markdown: String!) {
    previewMarkdown(markdown: $markdown)
  }
`;

/**
 * The body as its post page will show it: rendered by the server's renderer (the one that
 * makes `bodyHTML`), so the preview cannot differ from the page and the client ships no
 * Markdown or sanitiser code.
 */
export function MarkdownPreview({ markdown, id }: { markdown: string; id: string }) {
  const environment = useRelayEnvironment();
  const [result, setResult] = useState<{ markdown: string; html?: string; error?: unknown } | null>(null);

  useEffect(() => {
    // network-only: a preview is of text that exists nowhere else, there is nothing to cache.
    const subscription = fetchQuery<MarkdownPreviewQuery>(
      environment,
      previewQuery,
      { markdown },
      { fetchPolicy: 'network-only' },
    ).subscribe({
      next: (data) => setResult({ markdown, html: data.previewMarkdown }),
      error: (error: unknown) => setResult({ markdown, error }),
    });
    return () => subscription.unsubscribe();
  }, [environment, markdown]);

  if (!result || result.markdown !== markdown) return <Spinner />;
  if (result.error) return <ErrorMessage error={result.error} />;
  return (
    <section id={id} className="preview" aria-label="Preview">
      {markdown.trim() === '' ? <p className="meta">Nothing to preview yet.</p> : <PostBody html={result.html!} />}
    </section>
  );
}
