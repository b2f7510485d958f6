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
});
