import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderDeliveredV1, OrderPaidV1 } from '@emporium/contracts';

/** Read models fed by orders.order: units sold (best-selling rank) and who may review what. */
@Injectable()
export class SalesService {
  /** Adds a paid order's units to its products' sales. */
  async recordPaid(tx: EntityManager, order: OrderPaidV1): Promise<void> {
    const units = new Map<string, number>();
    for (const line of order.lines)
      units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
    for (const [productId, quantity] of units) {
      // Listing caches are not retired per order: the best-selling order may lag by the cache TTL.
      await tx.query('UPDATE products SET sold_units = sold_units + $2 WHERE id = $1', [
        productId,
        quantity,
      ]);
    }
  }

  /** Records that the customer received these products, which entitles them to review each once. */
  async recordDelivered(tx: EntityManager, order: OrderDeliveredV1): Promise<void> {
    for (const productId of new Set(order.lines.map((l) => l.productId))) {
      await tx.query(
        `INSERT INTO delivered_purchases (customer_id, product_id, order_id, delivered_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [order.customerId, productId, order.orderId, order.deliveredAt],
      );
    }
  }
}
