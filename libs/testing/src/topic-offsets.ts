import { createKafka } from '@emporium/platform-messaging';

/** Messages ever written to `topic` (sum of its partitions' high watermarks); 0 when it does not exist. */
export async function messagesOn(brokers: string, topic: string): Promise<number> {
  const admin = createKafka({ brokers, clientId: 'test-offsets' }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
