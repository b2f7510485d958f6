import type { EventType, OrderStatus } from '@emporium/contracts';

/** One `status` event of an order's stream (API.md `GET /orders/{id}/stream`). */
export interface OrderStatusUpdate {
  readonly status: string;
  readonly at: string;
  readonly reason?: string;
}

/** The order status each order event announces. */
export const ORDER_EVENT_STATUS = {
  'order.placed': 'PENDING',
  'order.awaiting-payment': 'AWAITING_PAYMENT',
  'order.paid': 'PAID',
  'order.cancelled': 'CANCELLED',
  'order.fulfilling': 'FULFILLING',
  'order.ready-for-pickup': 'READY_FOR_PICKUP',
  'order.shipped': 'SHIPPED',
  'order.delivered': 'DELIVERED',
  'order.completed': 'COMPLETED',
} as const satisfies Partial<Record<EventType, OrderStatus>>;

/** An order event type that changes the order's status. */
export type OrderStatusEvent = keyof typeof ORDER_EVENT_STATUS;

/**
 * The order status a return event announces when it carries no `orderStatus` (events written before
 * it was sent): a request always means RETURN_REQUESTED, while a rejection or a refund may lead to
 * either of two statuses, so they announce none.
 */
export const RETURN_EVENT_FALLBACK_STATUS = {
  'return.requested': 'RETURN_REQUESTED',
  'return.rejected': undefined,
  'return.refunded': undefined,
} as const satisfies Partial<Record<EventType, string | undefined>>;

/** A return event type that changes its order's status. */
export type ReturnStatusEvent = keyof typeof RETURN_EVENT_FALLBACK_STATUS;

function withReason(update: OrderStatusUpdate, data: unknown): OrderStatusUpdate {
  // An order.cancelled `cause` (NOT_COLLECTED) is the order's own reason, finer than `reason`.
  const given = data as { reason?: unknown; cause?: unknown } | null;
  const reason = typeof given?.cause === 'string' ? given.cause : given?.reason;
  return typeof reason === 'string' ? { ...update, reason } : update;
}

/** The stream update for an order event, with the reason when the event gives one. */
export function statusUpdateOf(
  type: OrderStatusEvent,
  occurredAt: string,
  data: unknown,
): OrderStatusUpdate {
  return withReason({ status: ORDER_EVENT_STATUS[type], at: occurredAt }, data);
}

/**
 * The stream update for a return event: the order's status it names (`orderStatus`), with the
 * return's reason when the event gives one; undefined when the status cannot be told.
 */
export function returnStatusUpdateOf(
  type: ReturnStatusEvent,
  occurredAt: string,
  data: unknown,
): OrderStatusUpdate | undefined {
  const named = (data as { orderStatus?: unknown } | null)?.orderStatus;
  const status =
    typeof named === 'string' && named !== '' ? named : RETURN_EVENT_FALLBACK_STATUS[type];
  return status === undefined ? undefined : withReason({ status, at: occurredAt }, data);
}

/** The Server-Sent Events frame of an update. */
export function sseFrame(update: OrderStatusUpdate): string {
  return `event: status\ndata: ${JSON.stringify(update)}\n\n`;
}
