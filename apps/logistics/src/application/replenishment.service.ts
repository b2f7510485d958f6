import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReplenishmentSuggestionsView } from '@emporium/contracts';
import { Periodic } from '@emporium/platform-app';
import { transaction } from '@emporium/platform-persistence';
import { planReplenishment, type ReplenishmentPlan } from '../domain/replenishment';
import { unitsOnOrder } from '../persistence/purchase-order.queries';
import { planningRows, storeReorderPoints } from '../persistence/stock-level.queries';
import { dailySales } from '../persistence/stock-movement.queries';
import { SupplierEntity } from '../persistence/supplier.entity';
import { REPLENISHMENT_SETTINGS, type ReplenishmentSettings } from './replenishment-settings';
import { readLevels } from './stock-levels';

const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 all year: business days start at 16:00 UTC. */
const SHANGHAI_MS = 8 * 3_600_000;

/** One stock row's plan, with where it stands. */
export interface PlannedRow extends ReplenishmentPlan {
  readonly warehouseId: string;
  readonly sku: string;
  readonly onHand: number;
  readonly available: number;
  readonly onOrder: number;
  readonly leadTimeDays: number;
  readonly supplierId?: string;
}

/** The business day (`YYYY-MM-DD`) `days` before the one `at` falls in. */
function businessDay(at: Date, days = 0): string {
  return new Date(at.getTime() + SHANGHAI_MS - days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Replenishment: every stock row planned from its own sales (the movement ledger), what to order
 * now, and the stored reorder points that `stock.low` watches.
 */
@Injectable()
export class ReplenishmentService {
  constructor(
    private readonly db: DataSource,
    @Inject(REPLENISHMENT_SETTINGS) private readonly settings: ReplenishmentSettings,
  ) {}

  /** Plans every stock row from the last `historyDays` business days of sales, today included. */
  async plan(now = new Date()): Promise<PlannedRow[]> {
    const days = this.settings.historyDays;
    const first = businessDay(now, days - 1);
    const since = new Date(`${first}T00:00:00+08:00`);
    const [rows, sales, onOrder, suppliers] = await Promise.all([
      planningRows(this.db),
      dailySales(this.db, since),
      unitsOnOrder(this.db),
      this.db.getRepository(SupplierEntity).find(),
    ]);
    const coming = new Map(onOrder.map((o) => [`${o.warehouse_id}|${o.sku}`, Number(o.quantity)]));
    // A SKU is bought from its fastest supplier (the first created on a tie).
    const supplierOf = new Map<string, SupplierEntity>();
    for (const s of [...suppliers].sort(
      (a, b) => a.leadTimeDays - b.leadTimeDays || a.createdAt.getTime() - b.createdAt.getTime(),
    )) {
      for (const sku of s.skus) if (!supplierOf.has(sku)) supplierOf.set(sku, s);
    }
    const series = new Map<string, number[]>();
    const firstMs = since.getTime();
    for (const s of sales) {
      const key = `${s.warehouse_id}|${s.sku}`;
      const counts = series.get(key) ?? new Array<number>(days).fill(0);
      const index = Math.round((new Date(`${s.day}T00:00:00+08:00`).getTime() - firstMs) / DAY_MS);
      if (index >= 0 && index < days) counts[index] += Number(s.units);
      series.set(key, counts);
    }
    const none = new Array<number>(days).fill(0);
    return rows.map((r) => {
      const key = `${r.warehouse_id}|${r.sku}`;
      const position = { available: r.on_hand - r.reserved, onOrder: coming.get(key) ?? 0 };
      const supplier = supplierOf.get(r.sku);
      const terms = {
        leadTimeDays: supplier?.leadTimeDays ?? this.settings.leadTimeDays,
        reviewDays: this.settings.reviewDays,
        safetyFactor: this.settings.safetyFactor,
        minOrderQuantity: supplier?.minOrderQuantity ?? 1,
      };
      return {
        warehouseId: r.warehouse_id,
        sku: r.sku,
        onHand: r.on_hand,
        ...position,
        leadTimeDays: terms.leadTimeDays,
        ...(supplier ? { supplierId: supplier.id } : {}),
        ...planReplenishment(series.get(key) ?? none, position, terms),
      };
    });
  }

  /** What to order now, the largest shortfall below the reorder point first. */
  async suggestions(filter: {
    warehouseId?: string;
    sku?: string;
  }): Promise<ReplenishmentSuggestionsView> {
    const plannedAt = new Date();
    const items = (await this.plan(plannedAt))
      .filter(
        (p) =>
          p.suggestedQuantity > 0 &&
          (!filter.warehouseId || p.warehouseId === filter.warehouseId) &&
          (!filter.sku || p.sku === filter.sku),
      )
      .sort(
        (a, b) =>
          b.reorderPoint - b.available - b.onOrder - (a.reorderPoint - a.available - a.onOrder) ||
          (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.warehouseId < b.warehouseId ? -1 : 1),
      )
      .map((p) => ({
        warehouseId: p.warehouseId,
        sku: p.sku,
        onHand: p.onHand,
        available: p.available,
        onOrder: p.onOrder,
        dailyDemand: p.dailyDemand,
        leadTimeDays: p.leadTimeDays,
        leadTimeDemand: p.leadTimeDemand,
        safetyStock: p.safetyStock,
        reorderPoint: p.reorderPoint,
        suggestedQuantity: p.suggestedQuantity,
        ...(p.supplierId ? { supplierId: p.supplierId } : {}),
        method: p.method,
      }));
    return { items, nextCursor: null, total: items.length, plannedAt: plannedAt.toISOString() };
  }

  /**
   * Stores every row's reorder point and announces, with `stock.low`, the rows already at or
   * below their new point.
   */
  @Periodic((self: ReplenishmentService) => self.settings.planIntervalMs, { atStart: true })
  async refresh(): Promise<void> {
    const plans = await this.plan();
    await transaction(this.db, async (tx) => {
      await storeReorderPoints(tx, plans);
      await readLevels(tx, plans);
    });
  }
}
