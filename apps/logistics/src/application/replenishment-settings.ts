/** How replenishment plans (LOGISTICS_REPLENISHMENT_* settings). */
export interface ReplenishmentSettings {
  /** Lead time of a SKU no supplier sells. */
  readonly leadTimeDays: number;
  readonly reviewDays: number;
  readonly safetyFactor: number;
  /** Days of sales the forecast learns from. */
  readonly historyDays: number;
  /** How often the plan is recomputed and reorder points stored. */
  readonly planIntervalMs: number;
}

/** Injection token of the ReplenishmentSettings. */
export const REPLENISHMENT_SETTINGS = Symbol('REPLENISHMENT_SETTINGS');
