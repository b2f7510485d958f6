import { randomUUID } from 'node:crypto';
import {
  identityHeaders,
  readTopic,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';

const SECRET = 'graceful-shutdown-test-secret-0123456789abcdef';

describe('graceful shutdown: SIGTERM under load', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses;

  beforeAll(async () => {
    kafka = await startTestKafka();
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['catalog'],
      // A pod's termination grace; the drain itself takes well under a second when the machine is idle.
      env: { INTERNAL_AUTH_SECRET: SECRET, SHUTDOWN_GRACE_MS: '30000' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await kafka?.stop();
  });

  it('finishes every accepted request and publishes every event it committed', async () => {
    const { url, process: child, output } = platform.services.catalog;
    const merchant = {
      ...(await identityHeaders({ userId: randomUUID(), roles: ['merchant'] }, SECRET)),
      'content-type': 'application/json',
    };
    const category = await fetch(`${url}/categories`, {
      method: 'POST',
      headers: merchant,
      body: JSON.stringify({ name: '停机测试', slug: `stop-${uniqueSuffix()}` }),
    });
    const { id: categoryId } = (await category.json()) as { id: string };

    const created: string[] = [];
    const outcomes: string[] = [];
    let stopping = false;
    // Writers stop starting requests at SIGTERM, as a load balancer does once the pod is removed
    // from its endpoints; the requests already sent must all be answered.
    const writer = async () => {
      while (!stopping) {
        const sku = `STOP-${randomUUID()}`;
        const body = {
          name: `停机商品 ${sku}`,
          description: '优雅停机',
          categoryId,
          variants: [
            {
              sku,
              name: '标准',
              price: { amount: 100, currency: 'CNY' },
              weightGrams: 100,
              dimensionsMm: { length: 10, width: 10, height: 10 },
              attributes: {},
            },
          ],
        };
        try {
          const res = await fetch(`${url}/products`, {
            method: 'POST',
            headers: merchant,
            body: JSON.stringify(body),
          });
          outcomes.push(String(res.status));
          if (res.status === 201) created.push(((await res.json()) as { id: string }).id);
          else await res.text();
        } catch (error) {
          outcomes.push((error as { cause?: { code?: string } }).cause?.code ?? 'unknown');
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await new Promise((r) => setTimeout(r, 1_500));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    stopping = true;
    await Promise.all(writers);
    // Keep-alive connections used by those last requests must not hold the exit back.
    const code = await exited;
    expect({ code, output: code === 0 ? '' : output.join('') }).toEqual({ code: 0, output: '' });

    expect(created.length).toBeGreaterThan(20);
    // Every request in flight at SIGTERM was answered: a success, or the drain's 503.
    expect(outcomes.filter((o) => o !== '201' && o !== '503')).toEqual([]);
    // Every product the service confirmed was announced before it exited.
    const announced = await readTopic(kafka.brokers, 'catalog.product', (messages) => {
      const ids = new Set(
        messages.map((m) => (JSON.parse(m.value.toString()) as { subject: string }).subject),
      );
      return created.every((id) => ids.has(id));
    });
    expect(announced.length).toBeGreaterThanOrEqual(created.length);
  });
});
