import { systemTicketFor } from './system-tickets';

describe('systemTicketFor', () => {
  it('keys a failed delivery by parcel and each attempt by its time', () => {
    const a = systemTicketFor({
      kind: 'DELIVERY_FAILED',
      shipmentId: 's1',
      at: '2026-11-25T10:00:00Z',
    });
    const b = systemTicketFor({
      kind: 'DELIVERY_FAILED',
      shipmentId: 's1',
      at: '2026-11-26T10:00:00Z',
    });
    expect(a.key).toBe(b.key);
    expect(a.occurrenceKey).not.toBe(b.occurrenceKey);
    expect(a.type).toBe('ORDER_ISSUE');
  });

  it('opens rejected returns as after-sale tickets with the reason', () => {
    const draft = systemTicketFor({
      kind: 'RETURN_REJECTED',
      returnId: 'r1',
      orderNumber: 'EM1',
      reason: '超过退货期',
    });
    expect(draft).toMatchObject({ type: 'AFTER_SALE', key: 'return-rejected:r1' });
    expect(draft.message).toContain('超过退货期');
    expect(draft.subject).toContain('EM1');
  });

  it('keys a capture after cancellation by order', () => {
    expect(
      systemTicketFor({ kind: 'CAPTURED_AFTER_CANCEL', orderId: 'o1', amount: 12_900 }).message,
    ).toContain('¥129.00');
  });

  it('opens one ticket per statement difference, naming the provider, day and line', () => {
    const difference = (mismatch: string, reference: string) =>
      systemTicketFor({
        kind: 'PAYMENT_STATEMENT_MISMATCH',
        paymentId: 'p1',
        orderNumber: 'EM3',
        provider: 'alipay',
        date: '2026-12-08',
        mismatch,
        reference,
        ours: { amount: 77, currency: 'CNY' },
        theirs: { amount: 129, currency: 'CNY' },
      });
    const fee = difference('FEE', 'ali_1');
    expect(fee).toMatchObject({
      type: 'ORDER_ISSUE',
      key: 'statement-mismatch:alipay:2026-12-08:FEE:ali_1',
    });
    expect(fee.message).toContain('¥0.77');
    expect(fee.message).toContain('¥1.29');
    expect(fee.subject).toContain('EM3');
    expect(difference('AMOUNT', 'ali_1').key).not.toBe(fee.key);
    expect(difference('FEE', 'ali_1')).toEqual(fee);
  });

  it('opens one ticket per payment reported with a wrong amount, a message per report', () => {
    const report = (at: string) =>
      systemTicketFor({
        kind: 'PAYMENT_AMOUNT_MISMATCH',
        paymentId: 'p1',
        orderNumber: 'EM2',
        expected: { amount: 20_000, currency: 'CNY' },
        reported: { amount: 1, currency: 'USD' },
        at,
      });
    const first = report('2026-11-25T08:00:00.000Z');
    const second = report('2026-11-25T08:05:00.000Z');
    expect(first).toMatchObject({ type: 'ORDER_ISSUE', key: 'amount-mismatch:p1' });
    expect(second.key).toBe(first.key);
    expect(second.occurrenceKey).not.toBe(first.occurrenceKey);
    expect(first.subject).toContain('EM2');
    expect(first.message).toContain('¥200.00');
    expect(first.message).toContain('0.01 USD');
  });
});
