import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { counter } from '@emporium/platform-observability';
import type { Upstream } from '../domain/api-routes';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/** A request to a service, relative to its base URL. */
export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

/** A service's whole answer. */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Why a service could not answer. */
export type UnavailableReason = 'circuit-open' | 'timeout' | 'unreachable';

/** Thrown when a service did not answer: the caller gets a 503. */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly service: Upstream,
    readonly reason: UnavailableReason,
  ) {
    super(`${service} is unavailable (${reason})`);
  }
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
// Errors raised before the service could have acted on the request: safe to retry once.
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

const upstreamCalls = counter('gateway_upstream_calls_total', 'Calls to services by outcome', [
  'service',
  'outcome',
]);

const URL_KEYS: Record<Upstream, keyof GatewayConfig> = {
  catalog: 'GATEWAY_CATALOG_URL',
  orders: 'GATEWAY_ORDERS_URL',
  payments: 'GATEWAY_PAYMENTS_URL',
  logistics: 'GATEWAY_LOGISTICS_URL',
  'customer-service': 'GATEWAY_CUSTOMER_SERVICE_URL',
  analytics: 'GATEWAY_ANALYTICS_URL',
};

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.name;
}

/**
 * Keep-alive pools to the services, each behind a circuit breaker: a service that fails or hangs
 * is answered for with a fast 503 until a probe call succeeds again.
 */
@Injectable()
export class Upstreams implements OnApplicationShutdown {
  private readonly pools = new Map<Upstream, Pool>();
  private readonly breakers = new Map<Upstream, CircuitBreaker<[UpstreamRequest], UpstreamResponse>>();
  private readonly log: Logger;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'upstreams' });
  }

  /** Sends `request` to `service`; throws UpstreamUnavailableError when it cannot answer. */
  async send(service: Upstream, request: UpstreamRequest): Promise<UpstreamResponse> {
    const breaker = this.breakerOf(service);
    try {
      const response = await breaker.fire(request);
      upstreamCalls.inc({ service, outcome: 'answered' });
      return response;
    } catch (error) {
      const reason: UnavailableReason = breaker.opened && errorCode(error) === 'EOPENBREAKER'
        ? 'circuit-open'
        : errorCode(error) === 'TimeoutError' || String(errorCode(error)).includes('TIMEOUT')
          ? 'timeout'
          : 'unreachable';
      upstreamCalls.inc({ service, outcome: reason });
      if (reason !== 'circuit-open') this.log.warn({ err: error, service }, 'Service call failed');
      throw new UpstreamUnavailableError(service, reason);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }

  private breakerOf(service: Upstream): CircuitBreaker<[UpstreamRequest], UpstreamResponse> {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      breaker = new CircuitBreaker((request: UpstreamRequest) => this.call(service, request), {
        timeout: false, // the call carries its own deadline (an abort signal)
        errorThresholdPercentage: 50,
        volumeThreshold: this.config.GATEWAY_BREAKER_VOLUME,
        resetTimeout: this.config.GATEWAY_BREAKER_RESET_MS,
        rollingCountTimeout: 10_000,
        name: service,
      });
      breaker.on('open', () => this.log.warn({ service }, 'Circuit opened'));
      breaker.on('close', () => this.log.info({ service }, 'Circuit closed'));
      this.breakers.set(service, breaker);
    }
    return breaker;
  }

  private poolOf(service: Upstream): Pool {
    let pool = this.pools.get(service);
    if (!pool) {
      const timeout = this.config.GATEWAY_UPSTREAM_TIMEOUT_MS;
      pool = new Pool(String(this.config[URL_KEYS[service]]), {
        connections: this.config.GATEWAY_UPSTREAM_CONNECTIONS,
        keepAliveTimeout: 30_000,
        connectTimeout: timeout,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      this.pools.set(service, pool);
    }
    return pool;
  }

  private async call(service: Upstream, request: UpstreamRequest): Promise<UpstreamResponse> {
    const attempts = IDEMPOTENT.has(request.method) ? 2 : 1;
    // One deadline for the whole call, retry included; cleared as soon as the call ends.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.config.GATEWAY_UPSTREAM_TIMEOUT_MS);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await this.poolOf(service).request({
            method: request.method as 'GET',
            path: request.path,
            headers: request.headers,
            body: request.body,
            signal: deadline.signal,
          });
          const body = Buffer.from(await res.body.arrayBuffer());
          return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body };
        } catch (error) {
          if (deadline.signal.aborted) throw Object.assign(new Error('deadline exceeded'), { code: 'TimeoutError' });
          if (attempt >= attempts || !CONNECT_ERRORS.has(String(errorCode(error)))) throw error;
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
