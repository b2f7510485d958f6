/** Every topic of EVENTS.md with the event types it carries and the service that produces it. */
export const TOPICS = {
  'identity.customer': {
    producer: 'gateway',
    events: ['customer.registered', 'user.roles-changed'],
  },
  'catalog.product': {
    producer: 'catalog',
    events: ['product.created', 'product.updated', 'product.archived', 'price.changed'],
  },
  'logistics.inventory': {
    producer: 'logistics',
    events: [
      'stock.adjusted',
      'stock.reserved',
      'stock.reservation-failed',
      'stock.released',
      'stock.committed',
      'stock.restocked',
      'stock.low',
    ],
  },
  'logistics.shipment': {
    producer: 'logistics',
    events: ['shipment.created', 'shipment.status-changed', 'shipment.delivered'],
  },
  'orders.order': {
    producer: 'orders',
    events: [
      'order.placed',
      'order.awaiting-payment',
      'order.paid',
      'order.cancelled',
      'order.fulfilling',
      'order.ready-for-pickup',
      'order.shipped',
      'order.delivered',
      'order.completed',
    ],
  },
  'orders.return': {
    producer: 'orders',
    events: [
      'return.requested',
      'return.approved',
      'return.rejected',
      'return.received',
      'return.refunded',
    ],
  },
  'orders.member': {
    producer: 'orders',
    events: ['customer.tier-changed'],
  },
  'orders.promotion': {
    producer: 'orders',
    events: ['promotion.created', 'promotion.updated', 'promotion.ended'],
  },
  'payments.payment': {
    producer: 'payments',
    events: [
      'payment.created',
      'payment.captured',
      'payment.failed',
      'payment.refunded',
      'payment.voided',
      'payment.flagged',
      'payment.statement-mismatch',
    ],
  },
  'support.ticket': {
    producer: 'customer-service',
    events: [
      'ticket.opened',
      'ticket.replied',
      'ticket.status-changed',
      'ticket.rated',
      'ticket.assigned',
      'ticket.priority-changed',
      'ticket.sla-breached',
    ],
  },
  'analytics.behavior': {
    producer: 'gateway',
    events: ['behavior.recorded'],
  },
} as const;

/** A topic name of the platform. */
export type Topic = keyof typeof TOPICS;

/**
 * Topics whose Kafka key is not the aggregate id (`subject`), and what the key is instead. Events
 * with one key stay in order.
 */
export const TOPIC_KEYS: Readonly<Partial<Record<Topic, string>>> = {
  'payments.payment':
    "the order id (`data.orderId`), so the events of one order's payments keep their order; `subject` is the payment id",
};

/** An event type of the platform, as EVENTS.md spells it. */
export type EventType = (typeof TOPICS)[Topic]['events'][number];

/** The name of a service that produces events. */
export type ServiceName = (typeof TOPICS)[Topic]['producer'];

/** Default partition count of every topic (EVENTS.md); configurable per deployment. */
export const DEFAULT_PARTITIONS = 6;

const topicByType: ReadonlyMap<string, Topic> = new Map(
  (Object.keys(TOPICS) as Topic[]).flatMap((topic) =>
    TOPICS[topic].events.map((type) => [type, topic] as const),
  ),
);

/** Returns true for an event type that EVENTS.md defines. */
export function isEventType(type: string): type is EventType {
  return topicByType.has(type);
}

/** The topic an event type is published on. */
export function topicOf(type: EventType): Topic {
  const topic = topicByType.get(type);
  if (!topic) throw new RangeError(`Unknown event type ${type}`);
  return topic;
}

/** The dead-letter topic of a consumer group (`logistics` → `logistics.dlq`). */
export function dlqTopicOf(group: string): string {
  return `${group}.dlq`;
}
