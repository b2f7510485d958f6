import { ConflictError } from '@emporium/contracts';
import { isFinal, nextStatus, type ShipmentStatus } from './shipment-status';

describe('shipment status', () => {
  it('follows the outbound happy path', () => {
    const path: ShipmentStatus[] = ['CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];
    for (let i = 1; i < path.length; i++) expect(nextStatus('OUTBOUND', path[i - 1], path[i])).toBe(path[i]);
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
});
