import type { EntityManager } from 'typeorm';

/** A product delivered to a customer in an order. */
export interface DeliveredPurchase {
  readonly customerId: string;
  readonly productId: string;
  readonly orderId: string;
  /** ISO-8601. */
  readonly deliveredAt: string;
}

/** Records a delivered purchase; one already recorded is kept as it is. */
export async function insertDeliveredPurchase(
  tx: EntityManager,
  purchase: DeliveredPurchase,
): Promise<void> {
  await tx.query(
    `INSERT INTO delivered_purchases (customer_id, product_id, order_id, delivered_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [purchase.customerId, purchase.productId, purchase.orderId, purchase.deliveredAt],
  );
}
