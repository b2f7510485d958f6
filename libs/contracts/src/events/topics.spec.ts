import { TOPICS, dlqTopicOf, isEventType, topicOf, type Topic } from './topics';

describe('topics', () => {
  it('routes every event type to the one topic that lists it', () => {
    for (const topic of Object.keys(TOPICS) as Topic[]) {
      for (const type of TOPICS[topic].events) expect(topicOf(type)).toBe(topic);
    }
  });

  it('keeps event type names unique across topics', () => {
    const all = Object.values(TOPICS).flatMap((t) => [...t.events]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('names topics <service>.<aggregate> as EVENTS.md does', () => {
    expect(Object.keys(TOPICS)).toEqual(
      expect.arrayContaining(['orders.order', 'logistics.inventory', 'payments.payment']),
    );
    expect(topicOf('stock.reservation-failed')).toBe('logistics.inventory');
  });

  it('recognises only declared event types', () => {
    expect(isEventType('order.paid')).toBe(true);
    expect(isEventType('order.teleported')).toBe(false);
  });

  it('names the dead-letter topic after the consumer group', () => {
    expect(dlqTopicOf('logistics')).toBe('logistics.dlq');
  });
});
