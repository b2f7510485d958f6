import type { EntityManager } from 'typeorm';
import { execute } from '@emporium/platform-persistence';

/** The statuses of an order this service follows. */
export type OrderViewStatus = 'PLACED' | 'AWAITING_PAYMENT' | 'PAID' | 'CANCELLED';

/** What an order event may tell besides the status; absent facts keep what is known. */
export interface OrderViewDetails {
  readonly number?: string;
  readonly customerId?: string;
  readonly amount?: { readonly amount: number; readonly currency: string };
  readonly paymentDueAt?: string;
}

/**
 * Records an order's status and facts in the orders read model that reconciliation compares
 * payments with. A cancelled order stays cancelled whatever arrives late.
 */
export async function upsertOrderView(
  tx: EntityManager,
  orderId: string,
  status: OrderViewStatus,
  details: OrderViewDetails,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO order_views AS o (order_id, number, customer_id, order_amount, currency, status, payment_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (order_id) DO UPDATE SET
       number = coalesce(EXCLUDED.number, o.number),
       customer_id = coalesce(EXCLUDED.customer_id, o.customer_id),
       -- The amount asked for payment (order.awaiting-payment) is what captures are checked against.
       order_amount = CASE WHEN EXCLUDED.status = 'AWAITING_PAYMENT' THEN coalesce(EXCLUDED.order_amount, o.order_amount)
                           ELSE coalesce(o.order_amount, EXCLUDED.order_amount) END,
       currency = coalesce(EXCLUDED.currency, o.currency),
       payment_due_at = coalesce(EXCLUDED.payment_due_at, o.payment_due_at),
       status = CASE WHEN o.status = 'CANCELLED' THEN o.status ELSE EXCLUDED.status END,
       updated_at = now()`,
    [
      orderId,
      details.number ?? null,
      details.customerId ?? null,
      details.amount?.amount ?? null,
      details.amount?.currency ?? null,
      status,
      details.paymentDueAt ?? null,
    ],
  );
}
