import { BusinessRuleError, ConflictError, type PurchaseOrderStatus } from '@emporium/contracts';

/** A purchase order line and what has arrived of it. */
export interface PurchaseLine {
  readonly sku: string;
  readonly quantity: number;
  readonly receivedQuantity: number;
}

/** What a purchase order's rules look at. */
export interface PurchaseOrder {
  readonly status: PurchaseOrderStatus;
  readonly lines: readonly PurchaseLine[];
}

/** Units of a SKU ordered or received. */
export interface PurchaseUnits {
  readonly sku: string;
  readonly quantity: number;
}

/** Statuses whose remaining units are still expected, so replenishment counts them on order. */
export const OPEN_PURCHASE_STATUSES: readonly PurchaseOrderStatus[] = [
  'DRAFT',
  'SENT',
  'PARTIALLY_RECEIVED',
];

/** The lines of a new order: one per SKU (repeats added up), each for at least `minimum` units. */
export function draftLines(units: readonly PurchaseUnits[], minimum: number): PurchaseLine[] {
  if (units.length === 0) {
    throw new BusinessRuleError('nothing-to-order', 'A purchase order needs at least one line');
  }
  const bySku = new Map<string, number>();
  for (const u of units) bySku.set(u.sku, (bySku.get(u.sku) ?? 0) + u.quantity);
  const short = [...bySku].filter(([, quantity]) => quantity < minimum).map(([sku]) => sku);
  if (short.length) {
    throw new BusinessRuleError(
      'below-minimum-order',
      `The supplier takes orders of at least ${minimum} units per SKU (${short.join(', ')})`,
    );
  }
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity, receivedQuantity: 0 }));
}

/** A DRAFT goes to the supplier. */
export function send(order: PurchaseOrder): PurchaseOrder {
  if (order.status !== 'DRAFT') {
    throw new ConflictError('purchase-order-not-draft', `A ${order.status} order cannot be sent`);
  }
  return { ...order, status: 'SENT' };
}

/** Stops an order: what has arrived stays, the rest is no longer expected. */
export function cancel(order: PurchaseOrder): PurchaseOrder {
  if (!OPEN_PURCHASE_STATUSES.includes(order.status)) {
    throw new ConflictError('purchase-order-closed', `A ${order.status} order cannot be cancelled`);
  }
  return { ...order, status: 'CANCELLED' };
}

/**
 * Books a receipt against a sent order: each SKU must be on the order, and no more than is still
 * due may arrive. The order is RECEIVED once every line has arrived in full, else
 * PARTIALLY_RECEIVED.
 */
export function receive(order: PurchaseOrder, receipt: readonly PurchaseUnits[]): PurchaseOrder {
  if (order.status !== 'SENT' && order.status !== 'PARTIALLY_RECEIVED') {
    throw new ConflictError(
      'purchase-order-not-receivable',
      `A ${order.status} order receives nothing; it must be SENT first`,
    );
  }
  if (receipt.length === 0) {
    throw new BusinessRuleError('empty-receipt', 'A receipt needs at least one line');
  }
  const arriving = new Map<string, number>();
  for (const r of receipt) arriving.set(r.sku, (arriving.get(r.sku) ?? 0) + r.quantity);
  for (const [sku, quantity] of arriving) {
    const line = order.lines.find((l) => l.sku === sku);
    if (!line) {
      throw new BusinessRuleError('sku-not-on-purchase-order', `${sku} is not on this order`);
    }
    const due = line.quantity - line.receivedQuantity;
    if (quantity > due) {
      throw new BusinessRuleError(
        'receipt-exceeds-ordered',
        `Only ${due} units of ${sku} are still due; ${quantity} cannot be received`,
      );
    }
  }
  const lines = order.lines.map((l) => ({
    ...l,
    receivedQuantity: l.receivedQuantity + (arriving.get(l.sku) ?? 0),
  }));
  const complete = lines.every((l) => l.receivedQuantity === l.quantity);
  return { status: complete ? 'RECEIVED' : 'PARTIALLY_RECEIVED', lines };
}

/** Units of each line still expected. */
export function remaining(order: PurchaseOrder): PurchaseUnits[] {
  if (!OPEN_PURCHASE_STATUSES.includes(order.status)) return [];
  return order.lines
    .map((l) => ({ sku: l.sku, quantity: l.quantity - l.receivedQuantity }))
    .filter((u) => u.quantity > 0);
}
