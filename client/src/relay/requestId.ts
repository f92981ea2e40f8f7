/** An X-Request-ID the server accepts as-is ([A-Za-z0-9._:-]{1,128}): "web-" + a UUID. */
export function newRequestId(): string {
  const uuid =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `web-${uuid}`;
}
