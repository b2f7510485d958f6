import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  authenticateRequest,
  signInternalIdentity,
  INTERNAL_IDENTITY_HEADER,
} from '@emporium/platform-auth';
import { STATUS_PROBLEMS } from '@emporium/platform-http';
import { currentContext } from '@emporium/platform-observability';
import { checkAccess, type ApiRoute, type Upstream } from '../domain/api-routes';
import { UpstreamUnavailableError, Upstreams } from '../application/upstreams';
import { GATEWAY_CONFIG } from '../../tokens';
import type { GatewayConfig } from '../../config';
import { API_PREFIX } from './api-prefix';
import { EdgeAuthenticator } from './edge-authenticator';
import { problemOf, sendProblem } from './problem-reply';

// What a client may tell a service; everything else (cookies, hop-by-hop, forged identities) stays.
const FORWARDED_REQUEST_HEADERS = [
  'content-type',
  'accept',
  'accept-language',
  'idempotency-key',
  'x-cart-token',
  'x-signature',
  'if-none-match',
  'user-agent',
];
// What a service may tell a client.
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'cache-control',
  'etag',
  'last-modified',
  'location',
  'x-cart-token',
  'retry-after',
  'content-disposition',
];

/** Forwards an API route to its owning service, as the verified caller, and relays the answer. */
@Injectable()
export class Proxy {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly authenticator: EdgeAuthenticator,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async forward(
    route: ApiRoute & { owner: Upstream },
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    // The edge authenticated the request before its rate limit; this is that same answer.
    const identity = await authenticateRequest(this.authenticator, request);
    const access = checkAccess(route.access, identity?.roles);
    if (access === 401)
      return sendProblem(request, reply, 401, 'unauthenticated', 'Authentication is required');
    if (access === 403)
      return sendProblem(request, reply, 403, 'forbidden', 'Your role may not do this');

    const headers: Record<string, string> = {
      'x-request-id': String(request.id),
      'x-forwarded-for': request.ip,
    };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const traceparent = currentContext()?.traceparent;
    if (traceparent) headers.traceparent = traceparent;
    if (identity) {
      headers[INTERNAL_IDENTITY_HEADER] = await signInternalIdentity(
        identity,
        this.config.INTERNAL_AUTH_SECRET,
      );
    }
    const path = route.root ? request.url : request.url.slice(API_PREFIX.length);
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    try {
      const answer = await this.upstreams.send(route.owner, {
        method: request.method,
        path,
        headers,
        body,
      });
      return this.relay(request, reply, route.owner, answer.status, answer.headers, answer.body);
    } catch (error) {
      if (!(error instanceof UpstreamUnavailableError)) throw error;
      const detail =
        error.reason === 'timeout'
          ? `The ${route.owner} service did not answer in time`
          : `The ${route.owner} service is unavailable`;
      return sendProblem(request, reply, 503, `service-unavailable`, detail, {
        'retry-after': '5',
      });
    }
  }

  private relay(
    request: FastifyRequest,
    reply: FastifyReply,
    service: Upstream,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ) {
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = headers[name];
      if (value !== undefined) void reply.header(name, value);
    }
    const contentType = String(headers['content-type'] ?? '');
    if (status < 400) return reply.code(status).send(body);
    if (contentType.startsWith('application/problem+json')) {
      // The service's problem, addressed with the public URL the client used.
      try {
        const problem = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        return reply
          .code(status)
          .header('content-type', 'application/problem+json')
          .send({ ...problem, instance: request.url, requestId: String(request.id) });
      } catch {
        // Not JSON after all: answered below like any other error body.
      }
    }
    if (status >= 500) {
      return sendProblem(request, reply, 502, 'bad-gateway', `The ${service} service failed`);
    }
    const known = STATUS_PROBLEMS[status] ?? STATUS_PROBLEMS[400];
    return reply
      .code(status)
      .header('content-type', 'application/problem+json')
      .send(problemOf(request, status, known.code, known.title));
  }
}
