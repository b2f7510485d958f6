import { ConflictError } from '@emporium/contracts';
import { cancel, holdsStock, isFinal, isPaid, nextStatus, type OrderStatus } from './order-status';

describe('the order journey', () => {
  it('follows the happy path from PENDING to COMPLETED', () => {
    const path: OrderStatus[] = [
      'PENDING',
      'AWAITING_PAYMENT',
      'PAID',
      'FULFILLING',
      'SHIPPED',
      'DELIVERED',
      'COMPLETED',
    ];
    for (let i = 1; i < path.length; i++) expect(nextStatus(path[i - 1], path[i])).toBe(path[i]);
    expect(isFinal('COMPLETED')).toBe(true);
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['PENDING', 'PAID'],
    ['AWAITING_PAYMENT', 'SHIPPED'],
    ['SHIPPED', 'PAID'],
    ['DELIVERED', 'SHIPPED'],
    ['COMPLETED', 'RETURN_REQUESTED'],
    ['REFUNDED', 'DELIVERED'],
  ])('refuses %s → %s with a 409', (from, to) => {
    expect(() => nextStatus(from, to)).toThrow(ConflictError);
  });

  it('goes through a return to a full or partial refund, and back to DELIVERED when rejected', () => {
    expect(nextStatus('DELIVERED', 'RETURN_REQUESTED')).toBe('RETURN_REQUESTED');
    expect(nextStatus('RETURN_REQUESTED', 'PARTIALLY_REFUNDED')).toBe('PARTIALLY_REFUNDED');
    expect(nextStatus('PARTIALLY_REFUNDED', 'RETURN_REQUESTED')).toBe('RETURN_REQUESTED');
    expect(nextStatus('RETURN_REQUESTED', 'REFUNDED')).toBe('REFUNDED');
    expect(nextStatus('RETURN_REQUESTED', 'DELIVERED')).toBe('DELIVERED');
    expect(isFinal('REFUNDED')).toBe(true);
  });

  it('takes cancellations only through cancel(), with a reason', () => {
    expect(() => nextStatus('PENDING', 'CANCELLED')).toThrow(RangeError);
  });
});

describe('cancellation', () => {
  it.each<[OrderStatus, Parameters<typeof cancel>[1]]>([
    ['PENDING', 'OUT_OF_STOCK'],
    ['PENDING', 'CUSTOMER'],
    ['AWAITING_PAYMENT', 'PAYMENT_TIMEOUT'],
    ['AWAITING_PAYMENT', 'PAYMENT_FAILED'],
    ['PAID', 'CUSTOMER'],
    ['FULFILLING', 'CUSTOMER'],
  ])('cancels a %s order for %s', (status, reason) => {
    expect(cancel(status, reason)).toBe('CANCELLED');
  });

  it('refuses a customer cancellation once a parcel is picked up (SHIPPED) with a 409', () => {
    expect(() => cancel('SHIPPED', 'CUSTOMER')).toThrow(ConflictError);
    expect(() => cancel('DELIVERED', 'CUSTOMER')).toThrow('can no longer be cancelled');
  });

  it('refuses a reason that does not fit the status', () => {
    expect(() => cancel('PAID', 'PAYMENT_TIMEOUT')).toThrow(
      'cannot be cancelled for PAYMENT_TIMEOUT',
    );
    expect(() => cancel('CANCELLED', 'CUSTOMER')).toThrow(ConflictError);
  });

  it('knows whether stock must be released and whether money must be refunded', () => {
    expect(holdsStock('AWAITING_PAYMENT')).toBe(true);
    expect(holdsStock('PAID')).toBe(false); // committed on payment: shipped or released by logistics
    expect(isPaid('FULFILLING')).toBe(true);
    expect(isPaid('AWAITING_PAYMENT')).toBe(false);
  });
});

describe('store pickup', () => {
  it('goes from FULFILLING to READY_FOR_PICKUP to DELIVERED, never SHIPPED', () => {
    expect(nextStatus('FULFILLING', 'READY_FOR_PICKUP')).toBe('READY_FOR_PICKUP');
    expect(nextStatus('READY_FOR_PICKUP', 'DELIVERED')).toBe('DELIVERED');
    expect(() => nextStatus('READY_FOR_PICKUP', 'SHIPPED')).toThrow(ConflictError);
    expect(() => nextStatus('PAID', 'READY_FOR_PICKUP')).toThrow(ConflictError);
  });

  it('cancels a pickup left at the store as NOT_COLLECTED, refunding it, but takes no other cancellation there', () => {
    expect(cancel('READY_FOR_PICKUP', 'NOT_COLLECTED')).toBe('CANCELLED');
    expect(isPaid('READY_FOR_PICKUP')).toBe(true);
    expect(() => cancel('READY_FOR_PICKUP', 'CUSTOMER')).toThrow(ConflictError);
    expect(() => cancel('SHIPPED', 'NOT_COLLECTED')).toThrow(ConflictError);
  });
});
