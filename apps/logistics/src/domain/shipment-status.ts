import { ConflictError, type ShipmentKind, type ShipmentStatus } from '@emporium/contracts';

export type { ShipmentKind, ShipmentStatus };

/**
 * The way a shipment goes: an OUTBOUND shipment of mode PICKUP never leaves its store, so it
 * follows the store's steps rather than a carrier's.
 */
export type ShipmentFlow = ShipmentKind | 'PICKUP';

/** The flow of a shipment of `kind` delivered by `mode`. */
export function flowOf(kind: ShipmentKind, mode: string): ShipmentFlow {
  return kind === 'OUTBOUND' && mode === 'PICKUP' ? 'PICKUP' : kind;
}

const NONE = { READY_FOR_PICKUP: [], PICKED_UP_BY_CUSTOMER: [], PICKUP_EXPIRED: [] } as const;

const OUTBOUND: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  // CANCELLED: the order was cancelled before a carrier took the parcel.
  CREATED: ['PICKED_UP', 'CANCELLED'],
  PICKED_UP: ['IN_TRANSIT'],
  // Repeated IN_TRANSIT scans record the parcel's way through hubs.
  IN_TRANSIT: ['IN_TRANSIT', 'OUT_FOR_DELIVERY'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'FAILED_ATTEMPT'],
  FAILED_ATTEMPT: ['OUT_FOR_DELIVERY', 'RETURNED'],
  DELIVERED: [],
  RETURNED: [],
  CANCELLED: [],
  ...NONE,
};

const RETURN: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  CREATED: ['PICKED_UP'],
  PICKED_UP: ['IN_TRANSIT'],
  IN_TRANSIT: ['IN_TRANSIT', 'DELIVERED'],
  OUT_FOR_DELIVERY: [],
  FAILED_ATTEMPT: [],
  DELIVERED: [],
  RETURNED: [],
  CANCELLED: [],
  ...NONE,
};

const PICKUP: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  // The store puts the goods aside (staff say so); CANCELLED: the order was cancelled first.
  CREATED: ['READY_FOR_PICKUP', 'CANCELLED'],
  // Collected with the right code, not collected in time, or the order was cancelled meanwhile.
  READY_FOR_PICKUP: ['PICKED_UP_BY_CUSTOMER', 'PICKUP_EXPIRED', 'CANCELLED'],
  PICKED_UP_BY_CUSTOMER: [],
  PICKUP_EXPIRED: [],
  CANCELLED: [],
  PICKED_UP: [],
  IN_TRANSIT: [],
  OUT_FOR_DELIVERY: [],
  DELIVERED: [],
  FAILED_ATTEMPT: [],
  RETURNED: [],
};

const FLOWS: Readonly<
  Record<ShipmentFlow, Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>>>
> = { OUTBOUND, RETURN, PICKUP };

/** The statuses a shipment of `flow` may move to from `from`. */
export function allowedNext(flow: ShipmentFlow, from: ShipmentStatus): readonly ShipmentStatus[] {
  return FLOWS[flow][from];
}

/** The status after a tracking event, or a 409 ConflictError for an impossible transition. */
export function nextStatus(
  flow: ShipmentFlow,
  from: ShipmentStatus,
  to: ShipmentStatus,
): ShipmentStatus {
  if (!allowedNext(flow, from).includes(to)) {
    const what = flow === 'PICKUP' ? 'A store pickup' : `A ${flow} shipment`;
    throw new ConflictError(
      'shipment-transition-not-allowed',
      `${what} cannot go from ${from} to ${to}`,
    );
  }
  return to;
}

/** True once a shipment can change no more. */
export function isFinal(flow: ShipmentFlow, status: ShipmentStatus): boolean {
  return allowedNext(flow, status).length === 0;
}

/** True when a shipment in `status` has reached its customer (a store pickup: collected). */
export function isDelivered(status: ShipmentStatus): boolean {
  return status === 'DELIVERED' || status === 'PICKED_UP_BY_CUSTOMER';
}
