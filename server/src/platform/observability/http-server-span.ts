import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { requestIdOf } from '../http/request-id';
import { requestRouteTemplate, matchedRoute, trackRoutes } from '../http/route-template';
import { REQUEST_ID_ATTRIBUTE } from './tracing';

/**
 * The HTTP server span of each request to the public app: `POST /api/v1/graphql`, a child of the
 * caller's `traceparent` (W3C propagation), with the stable HTTP semantic-convention attributes,
 * `http.route` from the route template (the same one the metrics use) and `request.id`.
 *
 * Hand-written in place of @opentelemetry/instrumentation-http's server side (ADR 14): that
 * instrumentation binds the request and response emitters to the span's context, wrapping every
 * listener anyone adds to them (body parser, on-finished, the access log, …) in a context switch,
 * and, with instrumentation-express for the route name, patches every middleware layer. Measured
 * on the cached feed they were most of what tracing cost. Here the context is entered once
 * around the middleware chain; AsyncLocalStorage carries it through the body parser (raw-body
 * binds its callback) and every promise after, which is all the pg and ioredis spans need.
 */
export function httpServerSpan(app: { request: object }): RequestHandler {
  trackRoutes(app);
  const tracer = trace.getTracer('inkwell-http');
  return (req, res, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const attributes: Attributes = {
      'http.request.method': req.method,
      'url.path': req.path,
      'url.scheme': req.protocol,
      'network.protocol.version': req.httpVersion,
      'client.address': req.socket.remoteAddress,
      [REQUEST_ID_ATTRIBUTE]: requestIdOf(req),
    };
    const userAgent = req.headers['user-agent'];
    if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes }, parent);
    res.on('close', () => {
      const status = res.statusCode;
      // A 404 from a named mount (the static client's fallthrough) matched no route either.
      const route = status === 404 ? matchedRoute(req) : requestRouteTemplate(req);
      if (route !== undefined) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      // Closed before the response was finished: the client went away.
      if (!res.writableFinished) span.setAttribute('error.type', 'aborted');
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
