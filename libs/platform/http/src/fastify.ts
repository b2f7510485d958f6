import { randomUUID } from 'node:crypto';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { BadRequestError } from '@emporium/contracts';
import {
  httpRequestDuration,
  runWithContext,
  startSpan,
  type TraceSpan,
} from '@emporium/platform-observability';

/**
 * Which peers may name the client in `X-Forwarded-For` (Fastify's `trustProxy`): a hop count, or
 * addresses and CIDRs; false trusts none, so `request.ip` is the socket's peer.
 */
export type TrustProxy = boolean | number | string | string[];

/** Largest accepted request body (API.md: 413 above 1 MiB). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Deepest nesting of arrays and objects a JSON body may have (API.md: 400 above it). */
export const MAX_JSON_DEPTH = 64;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the JSON text in `bytes` nests arrays and objects deeper than `max`, read over its bytes
 * without parsing it (brackets inside strings do not count).
 */
export function nestsDeeperThan(bytes: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      if (++depth > max) return true;
    } else if (CLOSE.has(byte)) {
      depth--;
    }
  }
  return false;
}
const spans = new WeakMap<FastifyRequest, TraceSpan>();

/**
 * The Fastify adapter every process uses: request ids accepted from `X-Request-Id` (when sane) or
 * generated, a 1 MiB body limit, and 503 to new requests while the server drains.
 */
export function createFastifyAdapter(options: { trustProxy?: TrustProxy } = {}): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: options.trustProxy ?? false,
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
 * Hooks that give every request its context (request id, trace), echo `X-Request-Id`, record
 * the latency histogram by route pattern, and refuse JSON bodies nested deeper than
 * `MAX_JSON_DEPTH`.
 */
export function installRequestHooks(fastify: FastifyInstance): void {
  // JSON.parse copes with any depth, but what walks the result afterwards (validation, logging,
  // JSON.stringify) recurses and overflows the stack: refuse before a handler sees it. The bytes
  // are the raw body (kept for webhook signatures) or the body a proxy forwards untouched.
  fastify.addHook('preValidation', async (request) => {
    const raw = Buffer.isBuffer(request.body)
      ? request.body
      : (request as { rawBody?: unknown }).rawBody;
    if (!Buffer.isBuffer(raw) || !/json/i.test(String(request.headers['content-type'] ?? '')))
      return;
    if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
      throw new BadRequestError(
        'body-too-deep',
        `The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const incoming = request.headers.traceparent;
    const route = request.routeOptions.url ?? 'unmatched';
    const span = startSpan(
      `${request.method} ${route}`,
      'server',
      typeof incoming === 'string' ? incoming : undefined,
      {
        'http.request.method': request.method,
        'http.route': route,
      },
    );
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
