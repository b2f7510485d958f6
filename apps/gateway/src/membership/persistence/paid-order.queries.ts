import type { EntityManager } from 'typeorm';
import { queryRows } from '@emporium/platform-persistence';

/** A paid order as it counts towards its customer's spend (fen). */
export interface PaidOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: number;
}

/** Records a paid order; false when it was recorded before, which changes nothing. */
export async function insertPaidOrder(tx: EntityManager, order: PaidOrder): Promise<boolean> {
  const inserted = await queryRows<{ order_id: string }>(
    tx,
    `INSERT INTO paid_orders (order_id, customer_id, paid_amount) VALUES ($1, $2, $3)
     ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
    [order.orderId, order.customerId, order.amount],
  );
  return inserted.length > 0;
}
