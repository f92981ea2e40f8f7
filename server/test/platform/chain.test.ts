import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { chain } from '../../src/platform/http/chain';

/** An app with `handlers` chained on /mounted, a handler after them, and an error handler. */
function appWith(...handlers: RequestHandler[]) {
  const app = express();
  app.use('/mounted', chain(...handlers));
  app.use((req, res) => {
    res.json({ after: true, seen: (req as { seen?: string[] }).seen ?? [], url: req.url });
  });
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
    res.status(500).json({ error: error.message });
  };
  app.use(onError);
  return app;
}

const note =
  (name: string): RequestHandler =>
  (req, _res, next) => {
    const seen = ((req as { seen?: string[] }).seen ??= []);
    seen.push(`${name}:${req.url}:${req.baseUrl}`);
    next();
  };

describe('chain', () => {
  it('runs its handlers in order as one mount (each sees the mounted path), then the next layer', async () => {
    const res = await request(appWith(note('a'), note('b'), note('c'))).get('/mounted/x?q=1');
    expect(res.body).toEqual({
      after: true,
      seen: ['a:/x?q=1:/mounted', 'b:/x?q=1:/mounted', 'c:/x?q=1:/mounted'],
      url: '/mounted/x?q=1',
    });
  });

  it('stops where a handler answers', async () => {
    const answer: RequestHandler = (_req, res) => {
      res.status(201).json({ answered: true });
    };
    const res = await request(appWith(note('a'), answer, note('never'))).get('/mounted');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ answered: true });
  });

  it('leaves with an error passed to next, thrown, or rejected, skipping the handlers after it', async () => {
    const never: RequestHandler = () => {
      throw new Error('must not run');
    };
    const passed: RequestHandler = (_req, _res, next) => next(new Error('passed'));
    const thrown: RequestHandler = () => {
      throw new Error('thrown');
    };
    const rejected: RequestHandler = async () => {
      await Promise.resolve();
      throw new Error('rejected');
    };
    for (const [handler, message] of [
      [passed, 'passed'],
      [thrown, 'thrown'],
      [rejected, 'rejected'],
    ] as const) {
      const res = await request(appWith(note('a'), handler, never)).get('/mounted');
      expect([res.status, res.body]).toEqual([500, { error: message }]);
    }
  });

  it('is the handler itself when there is one', () => {
    const only = note('only');
    expect(chain(only)).toBe(only);
  });
});
