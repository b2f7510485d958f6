import { forecastDaily } from '@emporium/forecasting';

/** z of the 95 % prediction intervals the forecast answers, to read a σ back from them. */
const Z95 = 1.959964;

/** How a SKU is bought for a warehouse. */
export interface ReplenishmentTerms {
  /** Days from ordering to the units on the shelf. */
  readonly leadTimeDays: number;
  /** Days an order should last beyond the lead time (until the next one arrives). */
  readonly reviewDays: number;
  /** Safety factor z: 1.65 keeps about 95 % of lead times free of a stock-out. */
  readonly safetyFactor: number;
  /** The supplier's smallest order, in units. */
  readonly minOrderQuantity: number;
}

/** Where a SKU stands in a warehouse: sellable now and already coming. */
export interface StockPosition {
  readonly available: number;
  /** Units ordered or in transfer, not yet received. */
  readonly onOrder: number;
}

/** A SKU's replenishment plan in one warehouse. */
export interface ReplenishmentPlan {
  /** Forecast units per day over the lead time. */
  readonly dailyDemand: number;
  readonly leadTimeDemand: number;
  readonly safetyStock: number;
  /** Order when available + on order falls to this. */
  readonly reorderPoint: number;
  /** What an order now should bring the position up to. */
  readonly orderUpTo: number;
  /** Units to order now; 0 while the position is above the reorder point. */
  readonly suggestedQuantity: number;
  readonly method: string;
}

/** A SKU's stored plan in one warehouse: what the forecast says, before looking at the stock. */
export type DemandPlan = Omit<ReplenishmentPlan, 'suggestedQuantity'>;

/**
 * Plans one SKU in one warehouse from its daily sales (oldest first, the last day most recent).
 * The demand forecast is analytics' method (`forecastDaily`: Holt-Winters with weekly season, the
 * mean under two weeks of history; its backtest is not needed here). Lead-time demand is the sum
 * of the first `leadTimeDays` points; safety stock is z·√(Σσₕ²) with each σₕ read from its
 * point's 95 % interval (the errors taken as independent, which understates a trend's risk a
 * little); the reorder point is their sum, rounded up, and the order-up-to level adds the demand
 * of the review days.
 */
export function planDemand(history: readonly number[], terms: ReplenishmentTerms): DemandPlan {
  // Nothing sold: every method forecasts zero, so the grid search is skipped (most rows of a
  // large catalog sell nothing in a given warehouse).
  if (history.every((units) => units === 0)) {
    return {
      dailyDemand: 0,
      leadTimeDemand: 0,
      safetyStock: 0,
      reorderPoint: 0,
      orderUpTo: 0,
      method: `no sales in ${history.length} days`,
    };
  }
  const lead = Math.max(1, Math.ceil(terms.leadTimeDays));
  const review = Math.max(0, Math.ceil(terms.reviewDays));
  const forecast = forecastDaily(history, lead + review, 7, false);
  const points = forecast.points;
  const leadTimeDemand = sum(points.slice(0, lead).map((p) => p.value));
  const variance = sum(
    points.slice(0, lead).map((p) => (Math.max(p.upper - p.value, 0) / Z95) ** 2),
  );
  const safetyStock = terms.safetyFactor * Math.sqrt(variance);
  // The epsilon keeps float dust (70.000000001) from ordering a unit more.
  const reorderPoint = Math.max(0, Math.ceil(leadTimeDemand + safetyStock - 1e-9));
  const orderUpTo = Math.max(
    0,
    Math.ceil(reorderPoint + sum(points.slice(lead).map((p) => p.value)) - 1e-9),
  );
  return {
    dailyDemand: leadTimeDemand / lead,
    leadTimeDemand,
    safetyStock,
    reorderPoint,
    orderUpTo,
    method: forecast.method,
  };
}

/**
 * Units to order now: at or below the reorder point, enough to bring available + on order up to
 * the order-up-to level, and never below the supplier's minimum; else none. A SKU that never
 * sells (nothing to bring it up to) is never ordered.
 */
export function orderQuantity(
  position: StockPosition,
  plan: Pick<DemandPlan, 'reorderPoint' | 'orderUpTo'>,
  minOrderQuantity: number,
): number {
  const stock = position.available + position.onOrder;
  return stock <= plan.reorderPoint && plan.orderUpTo > 0
    ? Math.max(minOrderQuantity, plan.orderUpTo - stock, 1)
    : 0;
}

/** The plan and the order it calls for now. */
export function planReplenishment(
  history: readonly number[],
  position: StockPosition,
  terms: ReplenishmentTerms,
): ReplenishmentPlan {
  const plan = planDemand(history, terms);
  return { ...plan, suggestedQuantity: orderQuantity(position, plan, terms.minOrderQuantity) };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
