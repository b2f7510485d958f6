import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { EventEnvelope, EventType, PaymentMethodV1, Role } from '@emporium/contracts';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  identityHeaders,
  publishEvents,
  readTopic,
  serviceClient,
  startTestKafka,
  type ReadMessage,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { paymentsEntry } from '../src/app.module';
import type { PaymentsConfig } from '../src/config';

/** Request headers, identity included. */
export type Headers = Record<string, string>;

/** A row as `query` answers it. */
export type Row = Record<string, unknown>;

/** A JSON reply. */
export interface Reply {
  readonly status: number;
  readonly headers: globalThis.Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
  readonly body: any;
}

/** An order awaiting payment, as published, with its payment and its customer's headers. */
export interface AwaitingOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly data: Record<string, unknown>;
  readonly event: EventEnvelope;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the payment as the API answers it
  readonly payment: any;
  readonly customer: Headers;
}

/** What an order awaiting payment may vary. */
export interface OrderOptions {
  readonly amount?: number;
  readonly method?: PaymentMethodV1;
  readonly dueInMs?: number;
  readonly customerId?: string;
}

/** Payments booted in this process on a Kafka of its own, with what its suites do to it. */
export interface PaymentsSuite {
  readonly kafka: TestKafka;
  /** Publishes as the other services would. */
  readonly producer: Producer;
  readonly service: TestService<PaymentsConfig>;
  /** A merchant's identity headers, the default caller. */
  readonly merchant: Headers;
  as(userId: string, role: Role): Promise<Headers>;
  call(method: string, path: string, body?: unknown, headers?: Headers): Promise<Reply>;
  publish(type: EventType, subject: string, data: unknown): Promise<EventEnvelope>;
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Every envelope of `type` about `subject` on payments.payment, read once `until` holds. */
  eventsAbout(
    type: string,
    subject: string,
    until: (events: EventEnvelope[]) => boolean,
  ): Promise<EventEnvelope[]>;
  /** Publishes order.awaiting-payment and waits for the payment it creates. */
  anOrder(options?: OrderOptions): Promise<AwaitingOrder>;
  confirm(id: string, body: unknown, headers: Headers, key?: string): Promise<Reply>;
  /** Debits and credits posted, for one payment or for all. */
  ledgerBalance(paymentId?: string): Promise<{ debits: number; credits: number }>;
  /**
   * Stops the service and boots a new one on the same database and consumer group, as a
   * restarted process; `service` is then the new one.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Boots payments for one suite, in a database named after `name`. */
export async function startPayments(
  name: string,
  env: Record<string, string> = {},
): Promise<PaymentsSuite> {
  const kafka = await startTestKafka();
  const producer = createKafka({ brokers: kafka.brokers, clientId: `${name}-test` }).producer({
    createPartitioner: partitioner,
  });
  let service: TestService<PaymentsConfig>;
  let database: TestService<PaymentsConfig>['database'];
  try {
    await producer.connect();
    service = await bootService(paymentsEntry, { kafka, name, env });
    database = service.database;
  } catch (error) {
    await producer.disconnect();
    await kafka.stop();
    throw error;
  }

  const as: PaymentsSuite['as'] = (userId, role) =>
    identityHeaders({ userId, roles: [role] }, service.config.INTERNAL_AUTH_SECRET);
  const merchant = await as(randomUUID(), 'merchant');

  // The service's URL changes with restart(): each call goes to the process running now.
  const call: PaymentsSuite['call'] = (method, path, body, headers = merchant) =>
    serviceClient(service.url).call(method, path, body, headers);

  const publish: PaymentsSuite['publish'] = async (type, subject, data) => {
    const envelope = anEnvelope(type, subject, data);
    await publishEvents(producer, envelope);
    return envelope;
  };

  const query: PaymentsSuite['query'] = (sql, params = []) =>
    service.app.get(DataSource).query(sql, params);

  const eventsAbout: PaymentsSuite['eventsAbout'] = async (type, subject, until) => {
    const matching = (messages: readonly ReadMessage[]) =>
      messages
        .map((m) => JSON.parse(m.value.toString()) as EventEnvelope)
        .filter((e) => e.type === type && e.subject === subject);
    return matching(
      await readTopic(kafka.brokers, 'payments.payment', (messages) => until(matching(messages))),
    );
  };

  const anOrder: PaymentsSuite['anOrder'] = async (options = {}) => {
    const orderId = randomUUID();
    const customerId = options.customerId ?? randomUUID();
    const data = {
      orderId,
      number: `EM20261125-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      customerId,
      amount: { amount: options.amount ?? 12_900, currency: 'CNY' },
      paymentMethod: options.method ?? 'SANDBOX_CARD',
      paymentDueAt: new Date(Date.now() + (options.dueInMs ?? 900_000)).toISOString(),
    };
    const event = await publish('order.awaiting-payment', orderId, data);
    const payment: unknown = await eventually(
      async () => {
        const res = await call('GET', `/payments?orderId=${orderId}`);
        return res.body.items?.length === 1 && res.body.items[0];
      },
      { what: `the payment of order ${orderId}` },
    );
    return {
      orderId,
      customerId,
      data,
      event,
      payment,
      customer: await as(customerId, 'customer'),
    };
  };

  const confirm: PaymentsSuite['confirm'] = (id, body, headers, key = randomUUID()) =>
    call('POST', `/payments/${id}/confirm`, body, { ...headers, 'idempotency-key': key });

  const ledgerBalance: PaymentsSuite['ledgerBalance'] = async (paymentId) => {
    const [row] = await query(
      `SELECT coalesce(sum(posting_amount) FILTER (WHERE direction = 'DEBIT'), 0)::bigint AS debits,
              coalesce(sum(posting_amount) FILTER (WHERE direction = 'CREDIT'), 0)::bigint AS credits
         FROM postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE $1::uuid IS NULL OR e.payment_id = $1`,
      [paymentId ?? null],
    );
    return { debits: Number(row.debits), credits: Number(row.credits) };
  };

  const restart: PaymentsSuite['restart'] = async () => {
    const { DATABASE_NAME, KAFKA_GROUP_ID } = service.config;
    // Closing the app alone keeps the database (stop() would drop it).
    await service.app.close();
    const previous = service;
    service = await bootService(paymentsEntry, {
      kafka,
      name,
      env: { ...env, DATABASE_NAME: DATABASE_NAME!, KAFKA_GROUP_ID: KAFKA_GROUP_ID! },
    });
    // A restarted service's `database` is a spare bootService made and it never used; the
    // suite's own is dropped by stop().
    if (previous.database !== database) await previous.database.drop();
  };

  return {
    kafka,
    producer,
    get service() {
      return service;
    },
    merchant,
    as,
    call,
    publish,
    query,
    eventsAbout,
    anOrder,
    confirm,
    ledgerBalance,
    restart,
    stop: async () => {
      await service.stop();
      if (service.database !== database) await database.drop();
      await producer.disconnect();
      await kafka.stop();
    },
  };
}
