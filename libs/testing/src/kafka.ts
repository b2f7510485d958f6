import { startBroker } from '@emporium/kafka-lite';
import { dockerAnswers } from './infrastructure';

/** A Kafka cluster for one suite. */
export interface TestKafka {
  readonly brokers: string;
  stop(): Promise<void>;
}

/**
 * Kafka for a suite: `KAFKA_BROKERS` when set; else a Kafka container when a Docker engine answers;
 * else an in-process kafka-lite broker of the suite's own (so suites never see each other's events).
 */
export async function startTestKafka(options: { dataDir?: string } = {}): Promise<TestKafka> {
  if (process.env.KAFKA_BROKERS) {
    return { brokers: process.env.KAFKA_BROKERS, stop: async () => undefined };
  }
  if (
    !options.dataDir &&
    process.env.EMPORIUM_TEST_KAFKA !== 'kafka-lite' &&
    (await dockerAnswers())
  ) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start();
    return {
      brokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      stop: async () => {
        await kafka.stop();
      },
    };
  }
  const broker = await startBroker({ port: 0, dataDir: options.dataDir });
  return { brokers: broker.brokers.join(','), stop: () => broker.stop() };
}
