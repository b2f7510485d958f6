import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryRow, queryRows, updatedRows } from '@emporium/platform-persistence';
import type { FlashGiveBack } from './flash-sale-gate';

/** Units of a flash sale one order bought, to be recorded in the order's transaction. */
export interface FlashPurchase {
  readonly promotionId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly sku: string;
  readonly units: number;
}

/** What recording a purchase came to; anything but `recorded` and `already-recorded` is a refusal. */
export type FlashRecordOutcome =
  | { readonly outcome: 'recorded' | 'already-recorded' | 'not-active' | 'sold-out' }
  | { readonly outcome: 'customer-limit-reached'; readonly perCustomerLimit: number };

/**
 * The Postgres ledger of flash sales: `promotions.flash_sold` and `flash_sale_purchases`, the
 * durable record of what was sold to whom. It does not decide grants (the Redis gate,
 * flash-sale-gate.lua, does); its writes are guarded so that it never records more than the
 * sale's quantity (also a CHECK) or a customer's limit, whatever a stale gate granted. After a
 * Redis loss it is the truth the gate's counters are seeded from.
 */
export class FlashSaleLedger {
  constructor(private readonly db: DataSource) {}

  /**
   * Records an order's units in its transaction. The guarded update takes the sale's row lock,
   * so purchases of one sale queue and each sees the ones before it. Recording the same order
   * again changes nothing.
   */
  async record(tx: EntityManager, p: FlashPurchase): Promise<FlashRecordOutcome> {
    const done = await queryRows(
      tx,
      'SELECT 1 FROM flash_sale_purchases WHERE promotion_id = $1 AND order_id = $2',
      [p.promotionId, p.orderId],
    );
    if (done.length > 0) return { outcome: 'already-recorded' };
    const [sale] = await updatedRows<{ limit: number }>(
      tx,
      `UPDATE promotions SET flash_sold = flash_sold + $2
       WHERE id = $1 AND kind = 'FLASH_SALE' AND status = 'ACTIVE' AND rules->>'sku' = $3
         AND flash_sold + $2 <= (rules->>'quantity')::integer
       RETURNING (rules->>'perCustomerLimit')::integer AS "limit"`,
      [p.promotionId, p.units, p.sku],
    );
    if (!sale) {
      const [active] = await queryRows(
        tx,
        `SELECT 1 FROM promotions WHERE id = $1 AND kind = 'FLASH_SALE' AND status = 'ACTIVE'`,
        [p.promotionId],
      );
      return { outcome: active ? 'sold-out' : 'not-active' };
    }
    // A statement of its own, under the row lock the update holds: it sees every purchase
    // committed before the lock was ours.
    // (An INSERT's RETURNING rows come back as they are, unlike an UPDATE's.)
    const inserted = await queryRows(
      tx,
      `INSERT INTO flash_sale_purchases (promotion_id, order_id, customer_id, sku, quantity)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::integer
       WHERE (SELECT coalesce(sum(quantity), 0) FROM flash_sale_purchases
              WHERE promotion_id = $1 AND customer_id = $3 AND released_at IS NULL) + $5 <= $6::integer
       RETURNING 1`,
      [p.promotionId, p.orderId, p.customerId, p.sku, p.units, sale.limit],
    );
    if (inserted.length === 0) {
      // A refusal records nothing, even in a transaction its caller goes on to commit.
      await execute(tx, 'UPDATE promotions SET flash_sold = flash_sold - $2 WHERE id = $1', [
        p.promotionId,
        p.units,
      ]);
      return { outcome: 'customer-limit-reached', perCustomerLimit: sale.limit };
    }
    return { outcome: 'recorded' };
  }

  /** Releases an order's purchases in its transaction; answers what to give back to the gate, once. */
  async release(tx: EntityManager, orderId: string): Promise<FlashGiveBack[]> {
    const purchases = (
      await updatedRows<{ promotion_id: string; customer_id: string; quantity: number }>(
        tx,
        `UPDATE flash_sale_purchases SET released_at = now()
         WHERE order_id = $1 AND released_at IS NULL
         RETURNING promotion_id, customer_id, quantity`,
        [orderId],
      )
    ).sort((a, b) => (a.promotion_id < b.promotion_id ? -1 : 1));
    for (const p of purchases) {
      await execute(tx, 'UPDATE promotions SET flash_sold = flash_sold - $2 WHERE id = $1', [
        p.promotion_id,
        p.quantity,
      ]);
    }
    return purchases.map((p) => ({
      promotionId: p.promotion_id,
      customerId: p.customer_id,
      units: p.quantity,
    }));
  }

  /** Units of the sale sold in committed orders not released. */
  async sold(promotionId: string): Promise<number> {
    const row = await queryRow<{ sold: number }>(
      this.db,
      'SELECT flash_sold AS sold FROM promotions WHERE id = $1',
      [promotionId],
    );
    return row?.sold ?? 0;
  }

  /** Units of the sale each customer bought in committed orders not released. */
  async taken(
    promotionId: string,
    customerIds: readonly string[],
  ): Promise<{ customerId: string; taken: number }[]> {
    if (customerIds.length === 0) return [];
    return queryRows<{ customerId: string; taken: number }>(
      this.db,
      `SELECT c.id AS "customerId", coalesce(sum(f.quantity), 0)::integer AS taken
       FROM unnest($2::uuid[]) AS c(id)
       LEFT JOIN flash_sale_purchases f
         ON f.promotion_id = $1 AND f.customer_id = c.id AND f.released_at IS NULL
       GROUP BY c.id`,
      [promotionId, customerIds],
    );
  }
}
