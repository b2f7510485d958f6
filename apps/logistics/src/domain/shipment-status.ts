import { ConflictError } from '@emporium/contracts';

/** Shipment statuses of API.md. */
export type ShipmentStatus =
  | 'CREATED'
  | 'PICKED_UP'
  | 'IN_TRANSIT'
  | 'OUT_FOR_DELIVERY'
  | 'DELIVERED'
  | 'FAILED_ATTEMPT'
  | 'RETURNED'
  | 'CANCELLED';

/** OUTBOUND goes to the customer; RETURN brings goods back to a warehouse. */
export type ShipmentKind = 'OUTBOUND' | 'RETURN';

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
};

/** The statuses a shipment of `kind` may move to from `from`. */
export function allowedNext(kind: ShipmentKind, from: ShipmentStatus): readonly ShipmentStatus[] {
  return (kind === 'OUTBOUND' ? OUTBOUND : RETURN)[from];
}

/** The status after a tracking event, or a 409 ConflictError for an impossible transition. */
export function nextStatus(kind: ShipmentKind, from: ShipmentStatus, to: ShipmentStatus): ShipmentStatus {
  if (!allowedNext(kind, from).includes(to)) {
    throw new ConflictError('shipment-transition-not-allowed', `A ${kind} shipment cannot go from ${from} to ${to}`);
  }
  return to;
}

/** True once a shipment can change no more. */
export function isFinal(kind: ShipmentKind, status: ShipmentStatus): boolean {
  return allowedNext(kind, status).length === 0;
}
