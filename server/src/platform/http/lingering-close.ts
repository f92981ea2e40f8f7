import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Envelope } from './envelope';
import type { ErrorCode } from '../errors/error-codes';

/**
 * Lingering close (what nginx does): an answer sent while the client is still sending must not be
 * followed by an immediate close, or the kernel answers the unread bytes with a reset and the
 * client loses the answer. We read and discard for a bounded time and byte count, then close.
 */
export const LINGER_MS = 2_000;
/** The most unread request body read off the wire (and discarded) before closing anyway. */
export const LINGER_MAX_BYTES = 1024 * 1024;

interface ClientErrorAnswer {
  status: number;
  code: ErrorCode;
  message: string;
}

function answerFor(error: NodeJS.ErrnoException): ClientErrorAnswer {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'BAD_USER_INPUT', message: 'The request line or headers are too large.' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The chunk extensions are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'BAD_USER_INPUT', message: 'The request did not arrive in time.' };
    default:
      return { status: 400, code: 'BAD_USER_INPUT', message: 'The request is not valid HTTP.' };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

const lingering = new WeakSet<Socket>();

/**
 * Half-closes (the answer is out), reads and discards whatever the client still sends, and
 * destroys the socket when the client closes its side, or after LINGER_MS or LINGER_MAX_BYTES.
 */
function linger(socket: Socket): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  const startedAt = Date.now();
  const bytesBefore = socket.bytesRead;
  // bytesRead counts what the http parser consumes too (it reads the handle, not 'data' events).
  const check = setInterval(() => {
    if (Date.now() - startedAt >= LINGER_MS || socket.bytesRead - bytesBefore > LINGER_MAX_BYTES) socket.destroy();
  }, 100).unref();
  socket.once('close', () => clearInterval(check));
  socket.once('end', () => socket.destroy());
  // Closing anyway: a late write on the half-closed socket (an app handler answering a request
  // whose framing broke) must not become an unhandled 'error'.
  socket.on('error', () => socket.destroy());
  socket.on('data', () => {});
  socket.end();
  socket.resume();
}

/** Node's http server sets this while an answer is being written on the socket. */
const inFlight = (socket: Socket) => (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;

/**
 * Lingering close on the http server: Node ends a `Connection: close` answer with
 * `socket.destroySoon()` (lib/_http_server.js, resOnFinish), which destroys the socket as soon as
 * the answer is flushed, so request bytes still arriving (a body no route read, or bytes after a
 * body-less request) make the kernel reset the connection and the client loses the answer. Each
 * connection's destroySoon lingers instead. Requests Node cannot parse (a too-long URL or header,
 * bad framing) are answered in the REST envelope with `Connection: close`, then linger the same way.
 */
export function lingerOnClose(server: Server, { headers = [] }: { headers?: readonly [string, string][] } = {}): void {
  // Headers every answer carries (the security baseline), on the answers written here too.
  const extra = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  server.on('connection', (socket: Socket) => {
    socket.destroySoon = () => linger(socket);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // The parser reports every later chunk again: the first answer stands.
    if (lingering.has(socket)) return;
    // Bytes after a `Connection: close` request: its answer is on the way and its close lingers.
    if (error.code === 'HPE_CLOSED_CONNECTION' && inFlight(socket)) return;
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // The framing broke inside a request already handed to the app (a bad chunk size): Node
    // never ends that request's body, so the app cannot answer it. Unless its answer has started,
    // the 400 is written here like any unparseable request's; the app's handler then sees the
    // connection close.
    if (inFlight(socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, code, message } = answerFor(error);
    const requestId = randomUUID();
    const envelope: Envelope<never> = { data: null, meta: { request_id: requestId }, error: { code, message } };
    const body = JSON.stringify(envelope);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-ID: ${requestId}\r\n` +
        extra +
        '\r\n' +
        body,
    );
    linger(socket);
  });
}
