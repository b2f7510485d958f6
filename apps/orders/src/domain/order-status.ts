import { ConflictError, type OrderCancelReason, type OrderStatus } from '@emporium/contracts';

export type { OrderStatus };

/** Why an order was cancelled. */
export type CancellationReason = OrderCancelReason;

/**
 * Where each status may go (EVENTS.md's journey, API.md's returns). A rejected return goes back to
 * the status the order had, so RETURN_REQUESTED may return to DELIVERED or PARTIALLY_REFUNDED.
 */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['AWAITING_PAYMENT', 'CANCELLED'],
  AWAITING_PAYMENT: ['PAID', 'CANCELLED'],
  PAID: ['FULFILLING', 'CANCELLED'],
  // A store pickup never ships: the store puts it aside, the customer collects it (DELIVERED).
  FULFILLING: ['SHIPPED', 'READY_FOR_PICKUP', 'CANCELLED'],
  READY_FOR_PICKUP: ['DELIVERED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: ['RETURN_REQUESTED', 'COMPLETED'],
  RETURN_REQUESTED: ['DELIVERED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['RETURN_REQUESTED', 'REFUNDED', 'COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
  REFUNDED: [],
};

/** Which cancellation reasons each cancellable status admits. */
const CANCELLABLE: Readonly<Partial<Record<OrderStatus, readonly CancellationReason[]>>> = {
  PENDING: ['OUT_OF_STOCK', 'CUSTOMER'],
  AWAITING_PAYMENT: ['PAYMENT_FAILED', 'PAYMENT_TIMEOUT', 'CUSTOMER'],
  // Paid orders can be cancelled by the customer until the first parcel is picked up.
  PAID: ['CUSTOMER'],
  FULFILLING: ['CUSTOMER', 'NOT_COLLECTED'],
  // Goods waiting at the store are not collected in time. The customer who no longer wants them
  // simply does not come: a cancellation racing the counter could hand over goods and refund them.
  READY_FOR_PICKUP: ['NOT_COLLECTED'],
};

/** True when `from` may move to `to`. */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The status after a move, or a 409 ConflictError when the journey does not allow it. */
export function nextStatus(from: OrderStatus, to: OrderStatus): OrderStatus {
  if (to === 'CANCELLED') {
    throw new RangeError('Use cancel(), which needs a reason');
  }
  if (!canMove(from, to)) {
    throw new ConflictError(
      'order-transition-not-allowed',
      `An order cannot go from ${from} to ${to}`,
    );
  }
  return to;
}

/** Cancels an order for `reason`, or a 409 ConflictError when it is too late (or the reason does not fit). */
export function cancel(from: OrderStatus, reason: CancellationReason): 'CANCELLED' {
  if (!CANCELLABLE[from]?.includes(reason)) {
    throw new ConflictError(
      'order-not-cancellable',
      from in CANCELLABLE
        ? `A ${from} order cannot be cancelled for ${reason}`
        : `A ${from} order can no longer be cancelled`,
    );
  }
  return 'CANCELLED';
}

/** True once an order can change no more. */
export function isFinal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** True while stock is held for the order and must be released if it is cancelled. */
export function holdsStock(status: OrderStatus): boolean {
  return status === 'AWAITING_PAYMENT';
}

/** True when a cancellation must refund a captured payment (rather than void an uncaptured one). */
export function isPaid(status: OrderStatus): boolean {
  return status === 'PAID' || status === 'FULFILLING' || status === 'READY_FOR_PICKUP';
}
