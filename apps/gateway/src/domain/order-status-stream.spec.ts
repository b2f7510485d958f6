import { sseFrame, statusUpdateOf } from './order-status-stream';

describe('order status stream', () => {
  it('maps an order event to the status it announces', () => {
    expect(statusUpdateOf('order.paid', '2026-11-25T10:00:00.000Z', { orderId: 'o' })).toEqual({
      status: 'PAID',
      at: '2026-11-25T10:00:00.000Z',
    });
  });

  it('carries the reason of a cancellation', () => {
    expect(statusUpdateOf('order.cancelled', 't', { reason: 'PAYMENT_TIMEOUT' })).toEqual({
      status: 'CANCELLED',
      at: 't',
      reason: 'PAYMENT_TIMEOUT',
    });
  });

  it('frames an update as one SSE event named status', () => {
    expect(sseFrame({ status: 'SHIPPED', at: 't' })).toBe('event: status\ndata: {"status":"SHIPPED","at":"t"}\n\n');
  });
});
