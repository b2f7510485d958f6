import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@emporium/platform-app';
import {
  ServiceClient,
  ServiceUnavailableError,
  type ServiceRequest,
  type ServiceResponse,
  type UnavailableReason,
} from '@emporium/platform-http';
import { counter } from '@emporium/platform-observability';
import type { Upstream } from '../domain/api-routes';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/** A request to a service, relative to its base URL. */
export type UpstreamRequest = ServiceRequest & {
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
};

/** A service's whole answer. */
export type UpstreamResponse = ServiceResponse;

export type { UnavailableReason };

/** Thrown when a service did not answer: the caller gets a 503. */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly service: Upstream,
    readonly reason: UnavailableReason,
  ) {
    super(`${service} is unavailable (${reason})`);
  }
}

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

/**
 * One ServiceClient per service (platform-http): keep-alive pools, each behind a circuit breaker,
 * so a service that fails or hangs is answered for with a fast 503 until a probe call succeeds.
 */
@Injectable()
export class Upstreams implements OnApplicationShutdown {
  private readonly clients = new Map<Upstream, ServiceClient>();
  private readonly log: Logger;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'upstreams' });
  }

  /** Sends `request` to `service`; throws UpstreamUnavailableError when it cannot answer. */
  async send(service: Upstream, request: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      return await this.clientOf(service).send(request);
    } catch (error) {
      if (error instanceof ServiceUnavailableError)
        throw new UpstreamUnavailableError(service, error.reason);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }

  private clientOf(service: Upstream): ServiceClient {
    let client = this.clients.get(service);
    if (!client) {
      client = new ServiceClient({
        service,
        baseUrl: String(this.config[URL_KEYS[service]]),
        timeoutMs: this.config.GATEWAY_UPSTREAM_TIMEOUT_MS,
        connections: this.config.GATEWAY_UPSTREAM_CONNECTIONS,
        breakerVolume: this.config.GATEWAY_BREAKER_VOLUME,
        breakerResetMs: this.config.GATEWAY_BREAKER_RESET_MS,
        log: this.log,
        calls: upstreamCalls,
      });
      this.clients.set(service, client);
    }
    return client;
  }
}
