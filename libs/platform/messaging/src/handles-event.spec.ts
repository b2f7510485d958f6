import 'reflect-metadata';
import { HandlesEvent, handledEventsOf } from './handles-event';

describe('@HandlesEvent', () => {
  it('records every event type one handler class handles, in the service group', () => {
    @HandlesEvent('order.placed', 'order.cancelled', 'order.placed')
    class OrderStatusHandler {}
    expect(handledEventsOf(OrderStatusHandler)).toEqual({
      types: ['order.placed', 'order.cancelled'],
    });
  });

  it('records a consumer group of its own when given one', () => {
    @HandlesEvent('order.paid', 'payment.refunded', { group: 'webhooks' })
    class WebhookHandler {}
    expect(handledEventsOf(WebhookHandler)).toEqual({
      types: ['order.paid', 'payment.refunded'],
      group: 'webhooks',
    });
  });

  it('finds nothing on a class that handles no event', () => {
    class Plain {}
    expect(handledEventsOf(Plain)).toBeUndefined();
  });
});
