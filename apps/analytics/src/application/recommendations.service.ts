import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  bestSellers,
  boughtTogether,
  boughtTogetherWithAny,
  productNames,
  productsBoughtBy,
} from '../persistence/recommendations.queries';

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
    const rows = await boughtTogether(this.db, productId, limit);
    const together = rows.map((r) => ({
      productId: r.product_id,
      score: r.score,
      reason: 'frequently-bought-together' as const,
    }));
    return this.named(await this.fill(together, new Set([productId]), limit));
  }

  async forCustomer(customerId: string, limit: number): Promise<Recommendation[]> {
    const ownedIds = await productsBoughtBy(this.db, customerId);
    const rows = ownedIds.length ? await boughtTogetherWithAny(this.db, ownedIds, limit) : [];
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
    const popular = await bestSellers(this.db, POPULAR_DAYS, limit + exclude.size + result.length);
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
    const byId = await productNames(
      this.db,
      items.map((i) => i.productId),
    );
    return items.map((i) => ({
      ...i,
      name: byId.get(i.productId) ?? null,
      score: Number(i.score.toFixed(4)),
    }));
  }
}
