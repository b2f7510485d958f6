import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Why a product is recommended. */
export type RecommendationReason = 'frequently-bought-together' | 'personal-history' | 'popularity';

/** One recommendation (API.md). */
export interface Recommendation {
  readonly productId: string;
  readonly name: string | null;
  readonly score: number;
  readonly reason: RecommendationReason;
}

const POPULAR_DAYS = 30;

/**
 * Recommendations from the co-purchase rollup (agg_product_pairs): score = confidence of
 * "bought A → bought B" = orders with both / orders with A. Personal ones weigh the pairs of
 * everything the customer bought. Both fill up with the best sellers of the 30 days up to the last
 * day with sales, and
 * leave out archived products and what the customer already has.
 */
@Injectable()
export class RecommendationsService {
  constructor(private readonly db: DataSource) {}

  async forProduct(productId: string, limit: number): Promise<Recommendation[]> {
    const rows = (await this.db.query(
      `SELECT pp.other_product_id AS product_id, pp.orders::float / greatest(
                (SELECT sum(orders) FROM agg_product_monthly WHERE product_id = $1), 1) AS score
       FROM agg_product_pairs pp LEFT JOIN dim_products d ON d.product_id = pp.other_product_id
       WHERE pp.product_id = $1 AND coalesce(d.status, 'ACTIVE') <> 'ARCHIVED'
       ORDER BY score DESC, pp.other_product_id LIMIT $2`,
      [productId, limit],
    )) as { product_id: string; score: number }[];
    const together = rows.map((r) => ({
      productId: r.product_id,
      score: r.score,
      reason: 'frequently-bought-together' as const,
    }));
    return this.named(await this.fill(together, new Set([productId]), limit));
  }

  async forCustomer(customerId: string, limit: number): Promise<Recommendation[]> {
    const owned = (await this.db.query(
      `SELECT DISTINCT l.product_id FROM fact_orders o JOIN fact_order_lines l USING (order_id)
       WHERE o.customer_id = $1 AND o.paid_at IS NOT NULL`,
      [customerId],
    )) as { product_id: string }[];
    const ownedIds = owned.map((r) => r.product_id);
    const rows = ownedIds.length
      ? ((await this.db.query(
          `SELECT pp.other_product_id AS product_id,
                  sum(pp.orders::float / greatest(t.orders, 1)) / $3 AS score
           FROM agg_product_pairs pp
           JOIN (SELECT product_id, sum(orders) AS orders FROM agg_product_monthly
                 WHERE product_id = ANY($1) GROUP BY product_id) t ON t.product_id = pp.product_id
           LEFT JOIN dim_products d ON d.product_id = pp.other_product_id
           WHERE pp.product_id = ANY($1) AND NOT pp.other_product_id = ANY($1)
             AND coalesce(d.status, 'ACTIVE') <> 'ARCHIVED'
           GROUP BY pp.other_product_id ORDER BY score DESC, pp.other_product_id LIMIT $2`,
          [ownedIds, limit, ownedIds.length],
        )) as { product_id: string; score: number }[])
      : [];
    const personal = rows.map((r) => ({
      productId: r.product_id,
      score: r.score,
      reason: 'personal-history' as const,
    }));
    return this.named(await this.fill(personal, new Set(ownedIds), limit));
  }

  /** Tops a list up with the period's best sellers, scored by their share of the top seller. */
  private async fill(
    picks: Omit<Recommendation, 'name'>[],
    exclude: ReadonlySet<string>,
    limit: number,
  ): Promise<Omit<Recommendation, 'name'>[]> {
    const result = picks.filter((p) => !exclude.has(p.productId)).slice(0, limit);
    if (result.length >= limit) return result;
    const popular = (await this.db.query(
      `WITH latest AS (SELECT max(day) AS day FROM agg_product_daily)
       SELECT a.product_id, sum(a.units) AS units FROM agg_product_daily a
       LEFT JOIN dim_products d USING (product_id), latest
       WHERE a.day > latest.day - $1::int AND coalesce(d.status, 'ACTIVE') <> 'ARCHIVED'
       GROUP BY a.product_id ORDER BY units DESC, a.product_id LIMIT $2`,
      [POPULAR_DAYS, limit + exclude.size + result.length],
    )) as { product_id: string; units: string }[];
    const top = Number(popular[0]?.units ?? 1);
    const taken = new Set([...exclude, ...result.map((r) => r.productId)]);
    for (const p of popular) {
      if (result.length >= limit) break;
      if (taken.has(p.product_id)) continue;
      result.push({ productId: p.product_id, score: Number(p.units) / top, reason: 'popularity' });
    }
    return result;
  }

  private async named(items: Omit<Recommendation, 'name'>[]): Promise<Recommendation[]> {
    if (items.length === 0) return [];
    const names = (await this.db.query(
      'SELECT product_id, name FROM dim_products WHERE product_id = ANY($1)',
      [items.map((i) => i.productId)],
    )) as { product_id: string; name: string }[];
    const byId = new Map(names.map((n) => [n.product_id, n.name]));
    return items.map((i) => ({
      ...i,
      name: byId.get(i.productId) ?? null,
      score: Number(i.score.toFixed(4)),
    }));
  }
}
