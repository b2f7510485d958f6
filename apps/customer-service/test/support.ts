import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { EventEnvelope, EventType, MemberTier, Role } from '@emporium/contracts';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  publishEvents,
  serviceClient,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { customerServiceEntry } from '../src/app.module';
import { Clock, ManualClock } from '../src/application/clock';
import { SlaMonitorService } from '../src/application/sla-monitor.service';
import type { CustomerServiceConfig } from '../src/config';

/** Who calls. */
export interface Caller {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly memberTier?: MemberTier;
}

/** A JSON reply. */
export interface Reply {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions
  readonly body: any;
}

export const aCustomer = (memberTier: MemberTier = 'REGULAR'): Caller => ({
  userId: randomUUID(),
  roles: ['customer'],
  memberTier,
});
export const anAgent = (): Caller => ({ userId: randomUUID(), roles: ['agent'] });
export const aMerchant = (): Caller => ({ userId: randomUUID(), roles: ['merchant'] });

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
