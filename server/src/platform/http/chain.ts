import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several handlers as one express layer: each runs when the one before calls `next()`, as if
 * mounted one after another (`next(error)` leaves the chain with the error, a rejected promise
 * too, as express 5 does for a handler). One layer instead of several matters on a mounted path:
 * the router matches each layer's path, rewrites `req.url` for it and parses the URL again
 * after, on every request; the GraphQL endpoints' four handlers did that four times.
 * One difference no handler here relies on: `next('route')` leaves the whole chain (to the
 * router, which carries on with the next layer), where separate layers would go on to the next
 * handler of the chain.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  if (handlers.length === 1) return handlers[0]!;
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const next = (error?: unknown) => {
      if (error !== undefined && error !== null) return done(error);
      const handler = handlers[index++];
      if (handler === undefined) return done();
      try {
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise)
          result.then(undefined, (rejected: unknown) => done(rejected ?? new Error('Rejected')));
      } catch (thrown) {
        done(thrown);
      }
    };
    next();
  };
}
