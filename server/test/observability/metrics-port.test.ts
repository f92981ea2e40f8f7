import net from 'node:net';
import { startServerProcess } from '../support/server-process';

describe('the metrics port', () => {
  it('when it is taken, the API still serves and says /metrics is not served', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    const server = await startServerProcess({}, taken);
    try {
      expect((await fetch(`${server.url}/health/`)).status).toBe(200);
      const line = server.logLines().find((entry) => entry.msg === 'metrics port unavailable: /metrics not served');
      expect(line).toMatchObject({ level: 'error', metrics_port: taken });
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 60_000);
});
