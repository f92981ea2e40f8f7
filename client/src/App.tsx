import { useEffect, useState } from 'react';

type Status = { state: 'checking' } | { state: 'ok'; requestId: string } | { state: 'down'; message: string };

/** A first page: tells whether the API answers. The Relay client replaces it. */
export function App() {
  const [status, setStatus] = useState<Status>({ state: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    fetch('/health/', { signal: controller.signal })
      .then(async (res) => {
        const body = (await res.json()) as { meta: { request_id: string } };
        setStatus(
          res.ok ? { state: 'ok', requestId: body.meta.request_id } : { state: 'down', message: res.statusText },
        );
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setStatus({ state: 'down', message: String(error) });
      });
    return () => controller.abort();
  }, []);

  return (
    <main style={{ maxWidth: '40rem', margin: '3rem auto', fontFamily: 'system-ui, sans-serif', lineHeight: 1.5 }}>
      <h1>Inkwell</h1>
      <p>A blog platform built the way production systems should be.</p>
      <p role="status">
        {status.state === 'checking' && 'Checking the API…'}
        {status.state === 'ok' && `API is up (request ${status.requestId}).`}
        {status.state === 'down' && `API is not answering: ${status.message}`}
      </p>
      <p>
        Explore the API in <a href="/api/v1/graphql">Apollo Sandbox</a>.
      </p>
    </main>
  );
}
