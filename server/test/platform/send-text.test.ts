import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendText } from '../../src/platform/http/send-text';

describe('sendText', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => sendText(req, res, '{"name":"Zoë ✓"}', 'application/json; charset=utf-8'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const call = (method: string) =>
    new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .request({ port, host: '127.0.0.1', method }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject)
        .end();
    });

  it('sends the text with its UTF-8 length and type', async () => {
    const { headers, body } = await call('GET');
    expect(body.toString('utf8')).toBe('{"name":"Zoë ✓"}');
    expect(headers['content-length']).toBe(String(body.length));
    expect(body.length).toBeGreaterThan('{"name":"Zoë ✓"}'.length);
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers HEAD with the same length and no body', async () => {
    const { headers, body } = await call('HEAD');
    expect(body).toHaveLength(0);
    expect(headers['content-length']).toBe(String(Buffer.byteLength('{"name":"Zoë ✓"}')));
  });
});
