import { queryRows, type Db } from '@emporium/platform-persistence';

/** A product picked for a recommendation, with its score. */
export interface ScoredProductRow {
  product_id: string;
  score: number;
}

/** A best seller and its units sold. */
export interface BestSellerRow {
  product_id: string;
  units: string;
}

/**
 * Products bought with `productId`, scored by confidence (orders with both / orders with it), not
 * archived, best first.
 */
export function boughtTogether(
  db: Db,
  productId: string,
  limit: number,
): Promise<ScoredProductRow[]> {
  return queryRows<ScoredProductRow>(
    db,
    `SELECT pp.other_product_id AS product_id, pp.orders::float / greatest(
              (SELECT sum(orders) FROM agg_product_monthly WHERE product_id = $1), 1) AS score
     FROM agg_product_pairs pp LEFT JOIN dim_products d ON d.product_id = pp.other_product_id
     WHERE pp.product_id = $1 AND coalesce(d.status, 'ACTIVE') <> 'ARCHIVED'
     ORDER BY score DESC, pp.other_product_id LIMIT $2`,
    [productId, limit],
  );
}

/** The products of a customer's paid orders. */
export async function productsBoughtBy(db: Db, customerId: string): Promise<string[]> {
  const rows = await queryRows<{ product_id: string }>(
    db,
    `SELECT DISTINCT l.product_id FROM fact_orders o JOIN fact_order_lines l USING (order_id)
     WHERE o.customer_id = $1 AND o.paid_at IS NOT NULL`,
    [customerId],
  );
  return rows.map((r) => r.product_id);
}

/**
 * Products bought with any of `productIds` and not among them, not archived, scored by their
 * mean confidence over `productIds`, best first.
 */
export function boughtTogetherWithAny(
  db: Db,
  productIds: readonly string[],
  limit: number,
): Promise<ScoredProductRow[]> {
  return queryRows<ScoredProductRow>(
    db,
    `SELECT pp.other_product_id AS product_id,
            sum(pp.orders::float / greatest(t.orders, 1)) / $3 AS score
     FROM agg_product_pairs pp
     JOIN (SELECT product_id, sum(orders) AS orders FROM agg_product_monthly
           WHERE product_id = ANY($1) GROUP BY product_id) t ON t.product_id = pp.product_id
     LEFT JOIN dim_products d ON d.product_id = pp.other_product_id
     WHERE pp.product_id = ANY($1) AND NOT pp.other_product_id = ANY($1)
       AND coalesce(d.status, 'ACTIVE') <> 'ARCHIVED'
     GROUP BY pp.other_product_id ORDER BY score DESC, pp.other_product_id LIMIT $2`,
    [productIds, limit, productIds.length],
  );
}

/** The products not archived that sold most units in the `days` up to the last day with sales. */
export function bestSellers(db: Db, days: number, limit: number): Promise<BestSellerRow[]> {
  return queryRows<BestSellerRow>(
    db,
    `WITH latest AS (SELECT max(day) AS day FROM agg_product_daily)
     SELECT a.product_id, sum(a.units) AS units FROM agg_product_daily a
     LEFT JOIN dim_products d USING (product_id), latest
     WHERE a.day > latest.day - $1::int AND coalesce(d.status, 'ACTIVE') <> 'ARCHIVED'
     GROUP BY a.product_id ORDER BY units DESC, a.product_id LIMIT $2`,
    [days, limit],
  );
}

/** The names of those of `productIds` the catalog announced, by product id. */
export async function productNames(
  db: Db,
  productIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await queryRows<{ product_id: string; name: string }>(
    db,
    'SELECT product_id, name FROM dim_products WHERE product_id = ANY($1)',
    [productIds],
  );
  return new Map(rows.map((r) => [r.product_id, r.name]));
}
