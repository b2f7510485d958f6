// A live order feed from Emporium's Kafka topics, with kafkajs only.
//   KAFKA_BROKERS=127.0.0.1:9092 npx tsx examples/integrator/order-feed.ts [--from-beginning]
import { Kafka, logLevel } from 'kafkajs';

/** The topics this feed follows. */
export const FEED_TOPICS = ['orders.order', 'logistics.shipment'];

/** The fields of an event envelope the feed reads (EVENTS.md "Envelope"). */
export interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly subject: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

const yuan = (money: unknown) => {
  const m = money as { amount?: number; currency?: string } | undefined;
  return m && typeof m.amount === 'number'
    ? `${(m.amount / 100).toFixed(2)} ${m.currency ?? ''}`.trim()
    : '';
};

/** One line of the feed for an event, or undefined for a version this feed does not know. */
export function describeEvent(event: FeedEvent): string | undefined {
  // A breaking change arrives as a new version: skip what this code was not written for.
  if (event.version !== 1) return undefined;
  const d = event.data;
  const order = String(d.orderId ?? event.subject).slice(0, 8);
  const details: Record<string, string> = {
    'order.placed': `placed ${String(d.number ?? '')} total ${yuan((d.totals as Record<string, unknown> | undefined)?.total)}`,
    'order.awaiting-payment': `awaiting payment of ${yuan(d.amount)}`,
    'order.paid': `paid ${yuan(d.total)}`,
    'order.cancelled': `cancelled (${String(d.reason ?? '')})`,
    'order.fulfilling': 'fulfilling',
    'order.shipped': 'shipped',
    'order.delivered': 'delivered',
    'order.completed': 'completed',
    'shipment.created': `parcel ${String(d.trackingNumber ?? '')} by ${String(d.carrier ?? '')}`,
    'shipment.status-changed': `parcel ${String(d.from ?? '')} → ${String(d.to ?? '')}${d.location ? ` at ${String(d.location)}` : ''}`,
    'shipment.delivered': 'parcel delivered',
  };
  const text = details[event.type] ?? event.type;
  return `${event.occurredAt.slice(11, 19)}  order ${order}  ${text}`;
}

async function main(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'integrator-order-feed',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.WARN,
  });
  // Your own group: you get every event, independent of Emporium's services.
  const consumer = kafka.consumer({ groupId: process.env.GROUP_ID ?? 'integrator-order-feed' });
  const seen = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({
    topics: FEED_TOPICS,
    fromBeginning: process.argv.includes('--from-beginning'),
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      const event = JSON.parse(message.value.toString('utf8')) as FeedEvent;
      // Delivery is at least once: an id seen before is a redelivery.
      if (seen.has(event.id)) return;
      seen.add(event.id);
      const line = describeEvent(event);
      if (line) console.log(line);
    },
  });
  console.log(`following ${FEED_TOPICS.join(', ')}; Ctrl-C to stop`);
  const stop = () => void consumer.disconnect().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
