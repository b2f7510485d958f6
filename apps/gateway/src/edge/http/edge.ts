import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '@emporium/contracts';
import { INTERNAL_IDENTITY_HEADER, authenticateRequest } from '@emporium/platform-auth';
import { BODY_LIMIT_BYTES } from '@emporium/platform-http';
import { API_ROUTES, toRouterPath, type ApiRoute, type Upstream } from '../domain/api-routes';
import { bucketOf } from '../domain/rate-limit-policy';
import { RateLimiterService } from '../application/rate-limiter.service';
import { GATEWAY_CONFIG } from '../../tokens';
import type { GatewayConfig } from '../../config';
import { API_PREFIX } from './api-prefix';
import { EdgeAuthenticator, INVALID_TICKET, UNLIMITED, pathOf } from './edge-authenticator';
import { Proxy } from './proxy';
import { sendProblem } from './problem-reply';

/**
 * The gateway's edge, installed on Fastify before it starts: CORS, end-user authentication (the
 * `EdgeAuthenticator` the identity guard of the gateway's own routes also uses, so a request is
 * authenticated once, before its rate limit), rate limits, and one raw route per proxied endpoint
 * of API.md.
 */
@Injectable()
export class GatewayEdge implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: EdgeAuthenticator,
    private readonly limits: RateLimiterService,
    private readonly proxy: Proxy,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const origins = this.config.GATEWAY_CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    // Not awaited: awaiting would load the routes now, before Nest sets its error handler on them.
    void fastify.register(cors, {
      origin: origins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'authorization',
        'content-type',
        'idempotency-key',
        'x-cart-token',
        'x-request-id',
      ],
      exposedHeaders: [
        'x-request-id',
        'x-cart-token',
        'retry-after',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
      maxAge: 600,
    });
    fastify.addHook('onRequest', (request, reply) => this.authenticateAndLimit(request, reply));
    fastify.addHook('preHandler', (request, reply) => this.limitLoginEmail(request, reply));
    void fastify.register(async (scope) => this.registerProxyRoutes(scope));
  }

  private async authenticateAndLimit(request: FastifyRequest, reply: FastifyReply) {
    // Only the gateway speaks for a caller: an identity header from outside is dropped, never trusted.
    Reflect.deleteProperty(request.headers, INTERNAL_IDENTITY_HEADER);
    const path = pathOf(request.url);
    if (UNLIMITED.has(path)) return;
    try {
      await authenticateRequest(this.authenticator, request);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      const challenge: Record<string, string> =
        error.code === INVALID_TICKET ? {} : { 'www-authenticate': 'Bearer error="invalid_token"' };
      return sendProblem(request, reply, 401, error.code, error.message, challenge);
    }
    const bucket = bucketOf(request.method, path);
    const key =
      bucket === 'default' && request.identity
        ? `user:${request.identity.userId}`
        : `ip:${request.ip}`;
    // A login counts here against its IP over all e-mails; per e-mail once the body is read.
    const verdict = await this.limits.consume(bucket === 'login' ? 'login-ip' : bucket, key);
    void reply.headers(verdict.headers);
    if (verdict.limited) {
      return sendProblem(
        request,
        reply,
        429,
        'rate-limited',
        'Too many requests; retry later',
        verdict.headers,
      );
    }
  }

  // Guesses at one account are limited per IP and, so a botnet cannot spread them over many IPs,
  // across IPs; neither refuses other accounts signing in from the same (shared, NATed) address.
  private async limitLoginEmail(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'POST' || pathOf(request.url) !== `${API_PREFIX}/auth/login`) return;
    const email = (request.body as { email?: unknown } | undefined)?.email;
    if (typeof email !== 'string') return;
    const account = email.trim().toLowerCase();
    for (const [kind, key] of [
      ['login', `ip:${request.ip}|${account}`],
      ['login-email', account],
    ] as const) {
      const verdict = await this.limits.consume(kind, key);
      if (verdict.limited) {
        return sendProblem(
          request,
          reply,
          429,
          'rate-limited',
          'Too many sign-in attempts; retry later',
          verdict.headers,
        );
      }
    }
  }

  private registerProxyRoutes(scope: FastifyInstance): void {
    // Bodies go to the service byte for byte (webhook signatures cover the raw body).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    for (const route of API_ROUTES) {
      if (route.owner === 'gateway') continue;
      const upstreamRoute = route as ApiRoute & { owner: Upstream };
      scope.route({
        method: route.method,
        url: (route.root ? '' : API_PREFIX) + toRouterPath(route.path),
        handler: (request, reply) => this.proxy.forward(upstreamRoute, request, reply),
      });
    }
  }
}
