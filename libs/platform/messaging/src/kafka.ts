import './kafkajs-idle-loop-fix';
import { Kafka, logLevel, Partitioners, type Admin, type LogEntry } from 'kafkajs';

/** Where log lines of the Kafka client go: a pino-like logger. */
export interface KafkaLogSink {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * kafkajs' warning for an idempotent producer whose retries are bounded. They are bounded on
 * purpose: a send that gives up hands its rows back to the outbox relay, which re-sends them with
 * backoff (and stops on shutdown), and consumers' inboxes absorb a re-sent event. The platform
 * promises at-least-once delivery with exactly-once effects, not Kafka transactions (EoS), so the
 * warning describes no risk here (docs/architecture.md, "Producers").
 */
const BOUNDED_IDEMPOTENT_RETRIES =
  'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/** A kafkajs client for the given bootstrap servers, logging warnings and errors to `log`. */
export function createKafka(options: {
  brokers: string | readonly string[];
  clientId: string;
  log?: KafkaLogSink;
}): Kafka {
  const brokers =
    typeof options.brokers === 'string'
      ? options.brokers
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean)
      : [...options.brokers];
  return new Kafka({
    clientId: options.clientId,
    brokers,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        if (!options.log || message === BOUNDED_IDEMPOTENT_RETRIES) return;
        if (level <= logLevel.ERROR) options.log.error({ kafka: rest }, message);
        else options.log.warn({ kafka: rest }, message);
      },
  });
}

/** The partitioner every producer uses: Java-compatible murmur2, so keys land where real Kafka clients put them. */
export const partitioner = Partitioners.DefaultPartitioner;

/** Creates the topics that do not exist yet; safe to call from every replica at start. */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  numPartitions: number,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })),
  });
}
