import { randomBytes } from 'node:crypto';
import {
  bootService,
  serviceClient,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { gatewayEntry } from '../src/app.module';
import type { GatewayConfig } from '../src/config';

/** A gateway booted for one suite, with rate limit counters of its own. */
export interface TestGateway {
  readonly service: TestService<GatewayConfig>;
  readonly url: string;
  readonly kafka: TestKafka;
  stop(): Promise<void>;
}

export const ADMIN = { email: 'root@emporium.test', password: 'root-password-123' };

/** Boots the real gateway on a random port with its own database, group and Redis prefix. */
export async function startGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const kafka = await startTestKafka();
  const service = await bootService(gatewayEntry, {
    kafka,
    name: 'gateway',
    env: {
      GATEWAY_REDIS_PREFIX: `test:gateway:${randomBytes(6).toString('hex')}`,
      EMPORIUM_ADMIN_EMAIL: ADMIN.email,
      EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
  });
  return {
    service,
    url: service.url,
    kafka,
    stop: async () => {
      await service.stop();
      await kafka.stop();
    },
  };
}

/** A JSON answer: status, headers and the parsed body. */
export interface JsonAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls the gateway with a JSON body and an optional bearer token. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return serviceClient(base).call<T>(method, path, options.body, headers);
}

/** A unique e-mail for a test account. */
export function anEmail(label = 'user'): string {
  return `${label}.${randomBytes(5).toString('hex')}@example.com`;
}
