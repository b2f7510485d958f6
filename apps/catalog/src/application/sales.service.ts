import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderDeliveredV1, OrderPaidV1 } from '@emporium/contracts';
import { insertDeliveredPurchase } from '../persistence/delivered-purchase.queries';
import { addSoldUnits } from '../persistence/product.queries';

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
      await addSoldUnits(tx, productId, quantity);
    }
  }

  /** Records that the customer received these products, which entitles them to review each once. */
  async recordDelivered(tx: EntityManager, order: OrderDeliveredV1): Promise<void> {
    for (const productId of new Set(order.lines.map((l) => l.productId))) {
      await insertDeliveredPurchase(tx, {
        customerId: order.customerId,
        productId,
        orderId: order.orderId,
        deliveredAt: order.deliveredAt,
      });
    }
  }
}
