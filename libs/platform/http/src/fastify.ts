import { randomUUID } from 'node:crypto';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import {
  httpRequestDuration,
  runWithContext,
  startSpan,
  type TraceSpan,
} from '@emporium/platform-observability';

/** Largest accepted request body (API.md: 413 above 1 MiB). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const spans = new WeakMap<FastifyRequest, TraceSpan>();

/**
 * The Fastify adapter every process uses: request ids accepted from `X-Request-Id` (when sane) or
 * generated, a 1 MiB body limit, and 503 to new requests while the server drains.
 */
export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    keepAliveTimeout: 65_000,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
}

/**
 * Hooks that give every request its context (request id, trace), echo `X-Request-Id`, and record
 * the latency histogram by route pattern.
 */
export function installRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const incoming = request.headers.traceparent;
    const route = request.routeOptions.url ?? 'unmatched';
    const span = startSpan(`${request.method} ${route}`, 'server', typeof incoming === 'string' ? incoming : undefined, {
      'http.request.method': request.method,
      'http.route': route,
    });
    spans.set(request, span);
    runWithContext({ requestId: String(request.id), traceparent: span.traceparent }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1_000,
    );
    spans.get(request)?.end({
      attributes: { 'http.response.status_code': reply.statusCode },
      ...(reply.statusCode >= 500 ? { error: `HTTP ${reply.statusCode}` } : {}),
    });
    done();
  });
}
