import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { EventEnvelope, EventType } from '@emporium/contracts';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  publishEvents,
  serviceClient,
  type Caller,
  type ServiceReply,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { customerServiceEntry } from '../src/app.module';
import { Clock, ManualClock } from '../src/application/clock';
import { SlaMonitorService } from '../src/application/sla-monitor.service';
import type { CustomerServiceConfig } from '../src/config';

export { aCustomer, aMerchant, anAgent, type Caller } from '@emporium/testing';

/** A JSON reply. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions
export type Reply = ServiceReply<any>;

/** The customer-service booted for one suite, with a clock the suite controls. */
export interface Desk {
  readonly kafka: TestKafka;
  readonly service: TestService<CustomerServiceConfig>;
  readonly clock: ManualClock;
  call(method: string, path: string, body?: unknown, as?: Caller): Promise<Reply>;
  publish(
    type: EventType,
    subject: string,
    data: unknown,
    overrides?: Partial<EventEnvelope>,
  ): Promise<EventEnvelope>;
  republish(envelope: EventEnvelope): Promise<void>;
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs the SLA monitor once, now, instead of waiting for its timer. */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDesk(name: string, env: Record<string, string> = {}): Promise<Desk> {
  const kafka = await startTestKafka();
  const service = await bootService(customerServiceEntry, {
    kafka,
    name,
    env: {
      CUSTOMER_SERVICE_MANUAL_CLOCK: 'true',
      CUSTOMER_SERVICE_SLA_SWEEP_INTERVAL_MS: '3600000',
      ...env,
    },
  });
  const producer: Producer = createKafka({
    brokers: kafka.brokers,
    clientId: `${name}-test`,
  }).producer({ createPartitioner: partitioner });
  await producer.connect();
  const api = serviceClient(service.url, service.config.INTERNAL_AUTH_SECRET);
  return {
    kafka,
    service,
    clock: service.app.get(Clock) as ManualClock,
    call: (method, path, body, as) => api.as(as).call(method, path, body),
    publish: async (type, subject, data, overrides) => {
      const envelope = anEnvelope(type, subject, data, overrides);
      await publishEvents(producer, envelope);
      return envelope;
    },
    republish: (envelope) => publishEvents(producer, envelope),
    sql: (query, params = []) => service.app.get(DataSource).query(query, params),
    sweep: () => service.app.get(SlaMonitorService).tick(),
    stop: async () => {
      await producer.disconnect();
      await service.stop();
      await kafka.stop();
    },
  };
}
