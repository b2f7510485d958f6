/**
 * Where a service process listens (issue #20): on this machine only unless told otherwise, and,
 * given a management port, /readyz (which names the dependencies) and /metrics only there, never
 * beside the API the ingress and the host publish.
 */
import { networkInterfaces } from 'node:os';
import {
  startPlatformProcesses,
  startTestKafka,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';

/** An address of this machine that is not loopback: what another host on the network would call. */
function externalAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('this machine has no non-loopback IPv4 address to test against');
  return address;
}

/** The status of GET `url`, or the connection error's code. */
async function statusOf(url: string): Promise<number | string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
    return res.status;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
  }
}

describe('where a service listens', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses | undefined;

  beforeAll(async () => {
    kafka = await startTestKafka();
  });
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it('answers on 127.0.0.1 only when HOST is not set, the gateway and an internal service alike', async () => {
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['gateway', 'catalog'],
    });
    const outside = externalAddress();
    for (const service of [platform.services.gateway, platform.services.catalog]) {
      expect({
        service: service.name,
        loopback: await statusOf(`http://127.0.0.1:${service.port}/healthz`),
      }).toEqual({
        service: service.name,
        loopback: 200,
      });
      expect({
        service: service.name,
        outside: await statusOf(`http://${outside}:${service.port}/healthz`),
      }).toEqual({
        service: service.name,
        outside: 'ECONNREFUSED',
      });
    }
  });

  it('answers on every interface when told HOST=0.0.0.0, as containers are', async () => {
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['catalog'],
      env: { HOST: '0.0.0.0' },
    });
    expect(
      await statusOf(`http://${externalAddress()}:${platform.services.catalog.port}/healthz`),
    ).toBe(200);
  });

  it('serves /readyz and /metrics on the management port only; /healthz and the API stay on the service port', async () => {
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['gateway', 'catalog'],
      managementPorts: true,
      readyTimeoutMs: 60_000,
    });
    for (const service of [platform.services.gateway, platform.services.catalog]) {
      expect(service.managementUrl).not.toBe(service.url);
      const seen = {
        service: service.name,
        public: {
          healthz: await statusOf(`${service.url}/healthz`),
          readyz: await statusOf(`${service.url}/readyz`),
          metrics: await statusOf(`${service.url}/metrics`),
        },
        management: {
          healthz: await statusOf(`${service.managementUrl}/healthz`),
          readyz: await statusOf(`${service.managementUrl}/readyz`),
          metrics: await statusOf(`${service.managementUrl}/metrics`),
        },
      };
      expect(seen).toEqual({
        service: service.name,
        public: { healthz: 200, readyz: 404, metrics: 404 },
        management: { healthz: 200, readyz: 200, metrics: 200 },
      });
    }
    const gateway = platform.services.gateway;
    expect(await statusOf(`${gateway.url}/api/v1/products`)).toBe(200);
    const ready = (await (await fetch(`${gateway.managementUrl}/readyz`)).json()) as {
      status: string;
      info: Record<string, unknown>;
    };
    expect(ready.status).toBe('ok');
    expect(Object.keys(ready.info)).toEqual(expect.arrayContaining(['database', 'redis', 'kafka']));
    const metrics = await (await fetch(`${gateway.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/^http_request_duration_seconds_count\{.*route="\/api\/v1\/products"/m);
  });
});
