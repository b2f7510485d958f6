import type { IncomingHttpHeaders } from 'node:http';
import CircuitBreaker from 'opossum';
import { Pool } from 'undici';
import type { Identity } from '@emporium/contracts';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { childTraceparent, counter, currentContext } from '@emporium/platform-observability';

/** A request to a service, relative to its base URL. */
export interface ServiceRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Who the call is made for: signed into the identity header the services verify. */
  readonly identity?: Identity;
  /**
   * A 5xx answer counts as a failure (the breaker's too) and is thrown as ServiceAnswerError;
   * else every answer is returned as it is (a proxy relays them).
   */
  readonly failOnServerError?: boolean;
}

/** A service's whole answer. */
export interface ServiceResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Why a service could not answer. */
export type UnavailableReason = 'circuit-open' | 'timeout' | 'unreachable';

/** Thrown when a service did not answer (it may have answered an error: that is a response). */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: string,
    readonly reason: UnavailableReason,
  ) {
    super(`${service} is unavailable (${reason})`);
  }
}

/** Thrown by `ServiceClient.json` when the service answered, but not with a 2xx. */
export class ServiceAnswerError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
  ) {
    super(`${service} answered ${status}`);
  }
}

/** How a `ServiceClient` reaches one service. */
export interface ServiceClientOptions {
  /** The service called, as metrics and logs name it. */
  readonly service: string;
  readonly baseUrl: string;
  /** One deadline per call, the retry included. */
  readonly timeoutMs: number;
  /** Keep-alive connections to the service (default 16). */
  readonly connections?: number;
  /** Calls in a 10 s window before the breaker may open (default 10). */
  readonly breakerVolume?: number;
  /** How long an open breaker answers for the service before a probe call (default 5 s). */
  readonly breakerResetMs?: number;
  /** Signs `identity` (the services' INTERNAL_AUTH_SECRET); needed only for calls made as someone. */
  readonly secret?: string;
  /** Where breaker changes and failures are logged. */
  readonly log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** The counter of calls by service and outcome (default `emporium_service_calls_total`). */
  readonly calls?: { inc(labels: { service: string; outcome: string }): void };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
// Errors raised before the service could have acted on the request: safe to retry once.
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

const serviceCalls = counter('emporium_service_calls_total', 'Calls to other services by outcome', [
  'service',
  'outcome',
]);

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.name;
}

/**
 * Calls one other service: a keep-alive pool behind a circuit breaker (a service that fails or
 * hangs is answered for with a fast ServiceUnavailableError until a probe call succeeds), one
 * deadline per call, one retry of an idempotent call that could not connect, the current
 * request's id and trace context passed on, the caller's identity signed, and every call counted.
 */
export class ServiceClient {
  private readonly pool: Pool;
  private readonly breaker: CircuitBreaker<[ServiceRequest], ServiceResponse>;
  private readonly calls: NonNullable<ServiceClientOptions['calls']>;

  constructor(private readonly options: ServiceClientOptions) {
    const { service, timeoutMs, log } = options;
    this.calls = options.calls ?? serviceCalls;
    this.pool = new Pool(options.baseUrl, {
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      connectTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    this.breaker = new CircuitBreaker((request: ServiceRequest) => this.attempt(request), {
      timeout: false, // the call carries its own deadline (an abort signal)
      errorThresholdPercentage: 50,
      volumeThreshold: options.breakerVolume ?? 10,
      resetTimeout: options.breakerResetMs ?? 5_000,
      rollingCountTimeout: 10_000,
      name: service,
    });
    this.breaker.on('open', () => log?.warn({ service }, 'Circuit opened'));
    this.breaker.on('close', () => log?.info({ service }, 'Circuit closed'));
  }

  /** Sends `request`; throws ServiceUnavailableError when the service cannot answer. */
  async send(request: ServiceRequest): Promise<ServiceResponse> {
    const { service } = this.options;
    try {
      const response = await this.breaker.fire(request);
      this.calls.inc({ service, outcome: 'answered' });
      return response;
    } catch (error) {
      if (error instanceof ServiceAnswerError) {
        this.calls.inc({ service, outcome: 'server-error' });
        throw error;
      }
      const code = errorCode(error);
      const reason: UnavailableReason =
        this.breaker.opened && code === 'EOPENBREAKER'
          ? 'circuit-open'
          : code === 'TimeoutError' || String(code).includes('TIMEOUT')
            ? 'timeout'
            : 'unreachable';
      this.calls.inc({ service, outcome: reason });
      if (reason !== 'circuit-open')
        this.options.log?.warn({ err: error, service }, 'Service call failed');
      throw new ServiceUnavailableError(service, reason);
    }
  }

  /**
   * Sends `body` as JSON (none: no body) and returns the JSON answer; throws ServiceAnswerError on
   * an answer other than 2xx, ServiceUnavailableError when there is none.
   */
  async json<T>(method: string, path: string, body?: unknown, identity?: Identity): Promise<T> {
    const res = await this.send({
      method,
      path,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      identity,
      failOnServerError: true,
    });
    if (res.status < 200 || res.status > 299)
      throw new ServiceAnswerError(this.options.service, res.status);
    return JSON.parse(res.body.toString('utf8')) as T;
  }

  /** Stops the breaker and closes the connections (on shutdown). */
  async close(): Promise<void> {
    this.breaker.shutdown();
    await this.pool.close();
  }

  private async headersOf(request: ServiceRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...request.headers };
    const context = currentContext();
    if (context?.requestId && !headers['x-request-id']) headers['x-request-id'] = context.requestId;
    if (!headers.traceparent) {
      // The call is a child of the work in progress (a request or a consumed event), or a trace of its own.
      headers.traceparent = context?.traceparent ?? childTraceparent(undefined);
    }
    if (request.identity) {
      if (!this.options.secret)
        throw new Error(`${this.options.service}: a call as someone needs the secret`);
      headers[INTERNAL_IDENTITY_HEADER] = await signInternalIdentity(
        request.identity,
        this.options.secret,
      );
    }
    return headers;
  }

  private async attempt(request: ServiceRequest): Promise<ServiceResponse> {
    const attempts = IDEMPOTENT.has(request.method) ? 2 : 1;
    const headers = await this.headersOf(request);
    // One deadline for the whole call, retry included; cleared as soon as the call ends.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await this.pool.request({
            method: request.method as 'GET',
            path: request.path,
            headers,
            body: request.body,
            signal: deadline.signal,
          });
          const body = Buffer.from(await res.body.arrayBuffer());
          if (request.failOnServerError && res.statusCode >= 500) {
            throw new ServiceAnswerError(this.options.service, res.statusCode);
          }
          return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body };
        } catch (error) {
          if (error instanceof ServiceAnswerError) throw error;
          if (deadline.signal.aborted)
            throw Object.assign(new Error('deadline exceeded'), { code: 'TimeoutError' });
          if (attempt >= attempts || !CONNECT_ERRORS.has(String(errorCode(error)))) throw error;
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
