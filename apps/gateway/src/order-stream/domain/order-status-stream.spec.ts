import { returnStatusUpdateOf, sseFrame, statusUpdateOf } from './order-status-stream';

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

  it('announces a store pickup waiting at the store as READY_FOR_PICKUP', () => {
    expect(
      statusUpdateOf('order.ready-for-pickup', 't', { orderId: 'o', collectBy: 'later' }),
    ).toEqual({ status: 'READY_FOR_PICKUP', at: 't' });
  });

  it('gives the finer cause of a cancellation as its reason: a pickup never collected is NOT_COLLECTED', () => {
    expect(
      statusUpdateOf('order.cancelled', 't', { reason: 'CUSTOMER', cause: 'NOT_COLLECTED' }),
    ).toEqual({
      status: 'CANCELLED',
      at: 't',
      reason: 'NOT_COLLECTED',
    });
  });

  describe('of a return', () => {
    const returned = { returnId: 'r', orderId: 'o', customerId: 'c' };

    it('announces the order status a return event names, with the return reason', () => {
      expect(
        returnStatusUpdateOf('return.requested', 't', {
          ...returned,
          reason: '尺码不合适',
          orderStatus: 'RETURN_REQUESTED',
        }),
      ).toEqual({
        status: 'RETURN_REQUESTED',
        at: 't',
        reason: '尺码不合适',
      });
      expect(
        returnStatusUpdateOf('return.rejected', 't', {
          ...returned,
          reason: '商品已使用',
          orderStatus: 'PARTIALLY_REFUNDED',
        }),
      ).toEqual({
        status: 'PARTIALLY_REFUNDED',
        at: 't',
        reason: '商品已使用',
      });
      expect(
        returnStatusUpdateOf('return.rejected', 't', { ...returned, orderStatus: 'DELIVERED' }),
      ).toEqual({ status: 'DELIVERED', at: 't' });
      expect(
        returnStatusUpdateOf('return.refunded', 't', {
          ...returned,
          amount: { amount: 100, currency: 'CNY' },
          orderStatus: 'REFUNDED',
        }),
      ).toEqual({
        status: 'REFUNDED',
        at: 't',
      });
    });

    it('falls back to RETURN_REQUESTED for a request sent without orderStatus (older events)', () => {
      expect(returnStatusUpdateOf('return.requested', 't', { ...returned, reason: 'x' })).toEqual({
        status: 'RETURN_REQUESTED',
        at: 't',
        reason: 'x',
      });
    });

    it('announces nothing for a rejection or refund sent without orderStatus (older events)', () => {
      expect(
        returnStatusUpdateOf('return.rejected', 't', { ...returned, reason: 'x' }),
      ).toBeUndefined();
      expect(
        returnStatusUpdateOf('return.refunded', 't', {
          ...returned,
          amount: { amount: 100, currency: 'CNY' },
        }),
      ).toBeUndefined();
      expect(returnStatusUpdateOf('return.refunded', 't', null)).toBeUndefined();
    });
  });

  it('frames an update as one SSE event named status', () => {
    expect(sseFrame({ status: 'SHIPPED', at: 't' })).toBe(
      'event: status\ndata: {"status":"SHIPPED","at":"t"}\n\n',
    );
  });
});
