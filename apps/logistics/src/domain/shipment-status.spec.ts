import { ConflictError } from '@emporium/contracts';
import { flowOf, isFinal, nextStatus, type ShipmentStatus } from './shipment-status';

describe('shipment status', () => {
  it('follows the outbound happy path', () => {
    const path: ShipmentStatus[] = [
      'CREATED',
      'PICKED_UP',
      'IN_TRANSIT',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
    ];
    for (let i = 1; i < path.length; i++)
      expect(nextStatus('OUTBOUND', path[i - 1], path[i])).toBe(path[i]);
    expect(isFinal('OUTBOUND', 'DELIVERED')).toBe(true);
  });

  it('retries delivery after a failed attempt, or returns the parcel', () => {
    expect(nextStatus('OUTBOUND', 'OUT_FOR_DELIVERY', 'FAILED_ATTEMPT')).toBe('FAILED_ATTEMPT');
    expect(nextStatus('OUTBOUND', 'FAILED_ATTEMPT', 'OUT_FOR_DELIVERY')).toBe('OUT_FOR_DELIVERY');
    expect(nextStatus('OUTBOUND', 'FAILED_ATTEMPT', 'RETURNED')).toBe('RETURNED');
    expect(isFinal('OUTBOUND', 'RETURNED')).toBe(true);
  });

  it('cancels an outbound parcel only before pickup, and for good', () => {
    expect(nextStatus('OUTBOUND', 'CREATED', 'CANCELLED')).toBe('CANCELLED');
    expect(isFinal('OUTBOUND', 'CANCELLED')).toBe(true);
    expect(() => nextStatus('OUTBOUND', 'PICKED_UP', 'CANCELLED')).toThrow(ConflictError);
    expect(() => nextStatus('RETURN', 'CREATED', 'CANCELLED')).toThrow(ConflictError);
  });

  it.each<[ShipmentStatus, ShipmentStatus]>([
    ['CREATED', 'DELIVERED'],
    ['PICKED_UP', 'OUT_FOR_DELIVERY'],
    ['IN_TRANSIT', 'FAILED_ATTEMPT'],
    ['DELIVERED', 'IN_TRANSIT'],
    ['CREATED', 'RETURNED'],
  ])('refuses %s → %s on an outbound shipment with a 409', (from, to) => {
    expect(() => nextStatus('OUTBOUND', from, to)).toThrow(ConflictError);
  });

  it('takes a return shipment to the warehouse without delivery attempts', () => {
    expect(nextStatus('RETURN', 'IN_TRANSIT', 'DELIVERED')).toBe('DELIVERED');
    expect(() => nextStatus('RETURN', 'IN_TRANSIT', 'OUT_FOR_DELIVERY')).toThrow(ConflictError);
    expect(() => nextStatus('RETURN', 'CREATED', 'FAILED_ATTEMPT')).toThrow(ConflictError);
  });

  it('takes a store pickup from the shelf to the customer, or back on the shelf', () => {
    expect(flowOf('OUTBOUND', 'PICKUP')).toBe('PICKUP');
    expect(flowOf('OUTBOUND', 'OWN_FLEET')).toBe('OUTBOUND');
    expect(nextStatus('PICKUP', 'CREATED', 'READY_FOR_PICKUP')).toBe('READY_FOR_PICKUP');
    expect(nextStatus('PICKUP', 'READY_FOR_PICKUP', 'PICKED_UP_BY_CUSTOMER')).toBe(
      'PICKED_UP_BY_CUSTOMER',
    );
    expect(nextStatus('PICKUP', 'READY_FOR_PICKUP', 'PICKUP_EXPIRED')).toBe('PICKUP_EXPIRED');
    expect(nextStatus('PICKUP', 'READY_FOR_PICKUP', 'CANCELLED')).toBe('CANCELLED');
    expect(isFinal('PICKUP', 'PICKED_UP_BY_CUSTOMER')).toBe(true);
    expect(isFinal('PICKUP', 'PICKUP_EXPIRED')).toBe(true);
  });

  it.each<[ShipmentStatus, ShipmentStatus]>([
    ['CREATED', 'PICKED_UP'],
    ['CREATED', 'PICKED_UP_BY_CUSTOMER'],
    ['READY_FOR_PICKUP', 'READY_FOR_PICKUP'],
    ['PICKED_UP_BY_CUSTOMER', 'PICKUP_EXPIRED'],
    ['PICKUP_EXPIRED', 'PICKED_UP_BY_CUSTOMER'],
  ])('refuses %s → %s on a store pickup with a 409', (from, to) => {
    expect(() => nextStatus('PICKUP', from, to)).toThrow(ConflictError);
  });

  it('keeps carrier parcels out of the store steps', () => {
    expect(() => nextStatus('OUTBOUND', 'CREATED', 'READY_FOR_PICKUP')).toThrow(ConflictError);
    expect(() => nextStatus('RETURN', 'CREATED', 'READY_FOR_PICKUP')).toThrow(ConflictError);
  });
});
