import type { EventType } from '@emporium/contracts';

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
  'order.shipped': 'SHIPPED',
  'order.delivered': 'DELIVERED',
  'order.completed': 'COMPLETED',
} as const satisfies Partial<Record<EventType, string>>;

/** An order event type that changes the order's status. */
export type OrderStatusEvent = keyof typeof ORDER_EVENT_STATUS;

/** The stream update for an order event, with the reason when the event gives one. */
export function statusUpdateOf(type: OrderStatusEvent, occurredAt: string, data: unknown): OrderStatusUpdate {
  const reason = (data as { reason?: unknown } | null)?.reason;
  return { status: ORDER_EVENT_STATUS[type], at: occurredAt, ...(typeof reason === 'string' ? { reason } : {}) };
}

/** The Server-Sent Events frame of an update. */
export function sseFrame(update: OrderStatusUpdate): string {
  return `event: status\ndata: ${JSON.stringify(update)}\n\n`;
}
