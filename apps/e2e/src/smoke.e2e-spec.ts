import {
  SERVICE_NAMES,
  startPlatformProcesses,
  startTestKafka,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';

describe('the platform as real processes', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses | undefined;

  beforeAll(async () => {
    kafka = await startTestKafka();
    platform = await startPlatformProcesses({ brokers: kafka.brokers });
  });

  afterAll(async () => {
    await platform?.stop();
    await kafka?.stop();
  });

  it.each(SERVICE_NAMES)('%s answers /healthz', async (name) => {
    const res = await fetch(`${platform!.services[name].url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it.each(SERVICE_NAMES)(
    '%s is ready: database, Redis and Kafka up (the gateway: its webhooks group too)',
    async (name) => {
      const res = await fetch(`${platform!.services[name].url}/readyz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; details: Record<string, unknown> };
      expect(body.status).toBe('ok');
      const own = name === 'gateway' ? ['webhooks'] : [];
      expect(Object.keys(body.details).sort()).toEqual(['database', 'kafka', 'redis', ...own]);
    },
  );

  it.each(SERVICE_NAMES)('%s serves Prometheus metrics', async (name) => {
    const res = await fetch(`${platform!.services[name].url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('process_cpu_user_seconds_total');
  });

  it('every process stops cleanly on SIGTERM within 10 s', async () => {
    const results = await platform!.stop();
    platform = undefined;
    for (const result of results) {
      expect({ name: result.name, code: result.code }).toEqual({ name: result.name, code: 0 });
      expect(result.ms).toBeLessThan(10_000);
    }
  });
});
