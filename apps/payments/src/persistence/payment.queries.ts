import type { EntityManager } from 'typeorm';
import type { Money } from '@emporium/contracts';
import { execute, queryRows, updatedRows, type Db } from '@emporium/platform-persistence';
import type { PaymentMethod, PaymentStatus } from '../domain/payment-status';

/** The payment an order awaiting payment gets, waiting for the customer's confirmation. */
export interface OrderPayment {
  readonly id: string;
  readonly orderId: string;
  readonly orderNumber: string;
  readonly customerId: string;
  readonly method: PaymentMethod;
  readonly provider: string;
  readonly providerRef: string;
  readonly amount: Money;
  readonly dueAt: string;
}

/** Inserts the order's payment; false when the order has one already (one payment per order). */
export async function insertOrderPayment(tx: EntityManager, p: OrderPayment): Promise<boolean> {
  const inserted = await queryRows<{ id: string }>(
    tx,
    `INSERT INTO payments (id, order_id, order_number, customer_id, method, provider, provider_ref, status,
                           currency, total_amount, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'REQUIRES_CONFIRMATION', $8, $9, $10)
     ON CONFLICT (order_id) DO NOTHING RETURNING id`,
    [
      p.id,
      p.orderId,
      p.orderNumber,
      p.customerId,
      p.method,
      p.provider,
      p.providerRef,
      p.amount.currency,
      p.amount.amount,
      p.dueAt,
    ],
  );
  return inserted.length > 0;
}

/** Ends a confirmation's intent, so that the customer may try again. */
export async function clearConfirmation(db: Db, paymentId: string): Promise<void> {
  await execute(db, 'UPDATE payments SET confirming_since = NULL WHERE id = $1', [paymentId]);
}

/** Records that the provider has closed a voided payment. */
export async function markClosedAtProvider(db: Db, paymentId: string): Promise<void> {
  await execute(db, 'UPDATE payments SET provider_closed_at = now() WHERE id = $1', [paymentId]);
}

/** Records the provider's reference of a refund it carried out; a refund done already stays. */
export async function markRefundSucceeded(
  db: Db,
  refundId: string,
  providerRefundRef: string,
): Promise<void> {
  await execute(
    db,
    "UPDATE refunds SET provider_status = 'SUCCEEDED', provider_refund_ref = $2 WHERE id = $1 AND provider_status = 'PENDING'",
    [refundId, providerRefundRef],
  );
}

/** A payment whose provider is to be asked how it stands. */
export interface PaymentToAsk {
  readonly id: string;
  readonly method: PaymentMethod;
  readonly provider_ref: string;
  readonly status: PaymentStatus;
}

/**
 * Takes up to `limit` payments still awaiting their provider whose notification is later than
 * `lateAfterMs`, and marks them asked now (so the next ask is as late again, and replicas never
 * take the same ones). Voided and failed ones too: the shopper may have paid before the close
 * reached the provider, and that money must be given back.
 */
export function paymentsToAsk(db: Db, lateAfterMs: number, limit: number): Promise<PaymentToAsk[]> {
  return updatedRows(
    db,
    `UPDATE payments SET awaiting_provider_since = now()
      WHERE id IN (
        SELECT id FROM payments
         WHERE awaiting_provider_since < now() - $1 * interval '1 millisecond'
           AND status IN ('REQUIRES_CONFIRMATION', 'VOIDED', 'FAILED')
         ORDER BY awaiting_provider_since
         LIMIT $2
           FOR UPDATE SKIP LOCKED)
      RETURNING id, method, provider_ref, status`,
    [lateAfterMs, limit],
  );
}
