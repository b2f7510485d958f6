import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicOf } from '@emporium/contracts';
import { KAFKA, MessagingRuntime, createServiceApp } from '@emporium/platform-app';
import { AppModule } from './app.module';
import type { AnalyticsConfig } from './config';
import { COLLECTED_EVENT_TYPES } from './messaging/collecting.handlers';
import { countRows, type RebuiltTable } from './persistence/replay.queries';

/** What a replay read and rebuilt. */
export interface ReplayResult {
  readonly groupId: string;
  readonly messages: number;
  readonly seconds: number;
  readonly rows: Record<string, number>;
}

const COUNTED: readonly RebuiltTable[] = [
  'fact_orders',
  'fact_order_lines',
  'fact_refunds',
  'fact_behavior_events',
  'fact_sessions',
  'quarantine',
];

/**
 * Rebuilds every analytics table from the beginning of the topics: empties them, then runs the
 * normal collectors under a fresh consumer group (so a fresh inbox too) until that group has
 * committed every partition up to the end offsets seen at the start. The same events give the same
 * numbers, because every fact and rollup is keyed by natural ids and guarded against repeats.
 */
export async function runReplay(
  config: AnalyticsConfig,
  log: (line: string) => void = () => undefined,
): Promise<ReplayResult> {
  const started = Date.now();
  const groupId = `${config.KAFKA_GROUP_ID ?? 'analytics'}-replay-${started}`;
  const app = await createServiceApp(
    AppModule.forConfig({ ...config, KAFKA_GROUP_ID: groupId }, { replay: true }),
  );
  await app.init();
  try {
    const kafka = app.get<Kafka>(KAFKA);
    const runtime = app.get(MessagingRuntime);
    const deadline = started + config.ANALYTICS_REPLAY_TIMEOUT_SECONDS * 1_000;
    const topics = [...new Set(COLLECTED_EVENT_TYPES.map(topicOf))];
    const admin = kafka.admin();
    await admin.connect();
    try {
      while (!runtime.isStarted) {
        if (Date.now() > deadline) throw new Error('Kafka did not become reachable in time');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const ends = new Map<string, number>();
      let messages = 0;
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          ends.set(`${topic}/${p.partition}`, Number(p.high));
          messages += Number(p.high) - Number(p.low);
        }
      }
      log(`replaying ${messages} messages of ${topics.length} topics as group ${groupId}`);
      for (;;) {
        const committed = await admin.fetchOffsets({ groupId, topics });
        const behind = committed.flatMap(({ topic, partitions }) =>
          partitions.filter((p) => {
            const end = ends.get(`${topic}/${p.partition}`) ?? 0;
            return end > 0 && Number(p.offset) < end;
          }),
        );
        if (behind.length === 0) break;
        if (Date.now() > deadline)
          throw new Error(`Replay timed out with ${behind.length} partitions behind`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const db = app.get(DataSource);
      const rows: Record<string, number> = {};
      for (const table of COUNTED) rows[table] = await countRows(db, table);
      return { groupId, messages, seconds: (Date.now() - started) / 1_000, rows };
    } finally {
      await admin.disconnect();
    }
  } finally {
    await app.close();
  }
}
