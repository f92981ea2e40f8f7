import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ends a response with a text body as it is: `Content-Length` from its UTF-8 length, the text
 * handed to the socket without a copy, nothing on HEAD. What express's `res.send` does for a
 * string, minus its costs on every answer: it copies a body over 1,000 characters into a
 * Buffer first, parses and rewrites `Content-Type` to add the charset, and checks freshness
 * (answers sent here carry no validator; cached answers go out through sendAnswer).
 */
export function sendText(req: IncomingMessage, res: ServerResponse, body: string, contentType?: string): void {
  if (contentType) res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}
