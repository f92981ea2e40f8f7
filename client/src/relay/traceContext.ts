/**
 * W3C Trace Context for the API's traces: one trace per logical request (its retries and its
 * replay after a token refresh are spans of the same trace), a new parent span id per attempt.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 */
function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  crypto.getRandomValues(values);
  const hex = Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
  // All zeros is the spec's "invalid id"; one in 2^64 at worst, but never send it.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

export const newTraceId = (): string => randomHex(16);

/** `traceparent` for one attempt: version 00, the trace, a fresh parent id, sampled. */
export const traceparent = (traceId: string): string => `00-${traceId}-${randomHex(8)}-01`;
