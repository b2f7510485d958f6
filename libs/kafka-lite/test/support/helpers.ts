import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { BrokerOptions, RunningBroker, startBroker } from '../../src';

/** Starts a broker of the test's own on a random port, quiet and with test-friendly timeouts. */
export function startTestBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  return startBroker({ port: 0, logLevel: 'error', minSessionTimeoutMs: 500, ...options });
}

/** A kafkajs client for a broker, with logging off and short retries. */
export function kafkaFor(
  broker: { brokers: string[] },
  clientId = 'test',
  config: Partial<KafkaConfig> = {},
): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId,
    brokers: broker.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 50, maxRetryTime: 1000 },
    ...config,
  });
}

/** Anything with a disconnect(), for cleanup after each test whatever its outcome. */
interface Disconnectable {
  disconnect(): Promise<void>;
}

const tracked = new Set<Disconnectable>();

/** Registers a client so disconnectAll() closes it (also when a test fails midway). */
export function track<T extends Disconnectable>(client: T): T {
  tracked.add(client);
  return client;
}

/** Disconnects every tracked client; use in afterEach/afterAll. */
export async function disconnectAll(): Promise<void> {
  const clients = [...tracked];
  tracked.clear();
  await Promise.allSettled(clients.map((c) => c.disconnect()));
}

/** Consumer settings that make groups react quickly in tests (the test brokers allow short sessions). */
export const FAST_CONSUMER = {
  sessionTimeout: 3000,
  rebalanceTimeout: 6000,
  heartbeatInterval: 300,
  maxWaitTimeInMs: 100,
};

/** Like FAST_CONSUMER but within Kafka's default group.min.session.timeout.ms (6 s). */
export const DEFAULT_SESSION_CONSUMER = { ...FAST_CONSUMER, sessionTimeout: 6000 };

/** Polls `check` until it returns true or the time runs out. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A topic name unique within the run. */
export function uniqueTopic(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
