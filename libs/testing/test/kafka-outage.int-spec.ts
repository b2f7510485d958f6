import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startBroker } from '@emporium/kafka-lite';
import { writeOutbox } from '@emporium/platform-messaging';
import { ServicePlatformModule, type ServiceEntry } from '@emporium/platform-app';
import {
  infrastructureSpecs,
  loadConfig,
  type InfrastructureConfig,
} from '@emporium/platform-config';
import {
  bootService,
  eventually,
  freePort,
  readTopic,
  uniqueSuffix,
  type TestService,
} from '../src';
import { productData } from './fixtures/widgets';

@Module({})
class BareServiceModule {}

/** A service with nothing but the platform, named after catalog so it produces catalog.product. */
const bareService: ServiceEntry<InfrastructureConfig> = {
  loadConfig: (env) => loadConfig(infrastructureSpecs, env),
  definition: (config) => ({ name: 'catalog', config }),
  appModule: (config) => ({
    module: BareServiceModule,
    imports: [ServicePlatformModule.forService({ name: 'catalog', config })],
  }),
  port: () => 0,
};

describe('a service while Kafka is down', () => {
  let service: TestService<InfrastructureConfig> | undefined;
  let broker: Awaited<ReturnType<typeof startBroker>> | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-outage-'));

  afterAll(async () => {
    await service?.stop();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, reports not ready, keeps committed events, and publishes them once Kafka is back', async () => {
    const port = await freePort();
    const brokers = `127.0.0.1:${port}`;
    service = await bootService(bareService, {
      kafka: { brokers, stop: async () => undefined },
      name: 'outage',
      env: { LOG_LEVEL: 'fatal' }, // connection errors are expected here
    });
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: Record<string, unknown> }).error).toHaveProperty(
      'kafka',
    );

    const subject = `outage-${uniqueSuffix()}`;
    const written = await service.app.get(DataSource).transaction((tx) =>
      writeOutbox(tx, {
        type: 'product.created',
        subject,
        data: productData(subject, 'written while Kafka was down'),
      }),
    );

    broker = await startBroker({ port, dataDir });
    await eventually(async () => (await fetch(`${service!.url}/readyz`)).status === 200, {
      what: 'readiness',
      timeoutMs: 45_000,
    });
    const [{ sent }] = await eventually(
      async () => {
        const rows: { sent: boolean }[] = await service!.app
          .get(DataSource)
          .query('SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE event_id = $1', [
            written.id,
          ]);
        return rows[0]?.sent && rows;
      },
      { what: 'the event to be published', timeoutMs: 30_000 },
    );
    expect(sent).toBe(true);

    await readTopic(brokers, 'catalog.product', (messages) =>
      messages.some((m) => m.value.includes(written.id)),
    );
  });
});
