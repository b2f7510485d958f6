import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReplenishmentSuggestionsView } from '@emporium/contracts';
import { Periodic } from '@emporium/platform-app';
import { transaction, whileKeyLocked } from '@emporium/platform-persistence';
import { orderQuantity, planDemand } from '../domain/replenishment';
import {
  plannedStock,
  storePlans,
  type PlannedStockRow,
  type StoredPlan,
} from '../persistence/replenishment-plan.queries';
import { planningRows, storeReorderPoints } from '../persistence/stock-level.queries';
import { dailySales } from '../persistence/stock-movement.queries';
import { SupplierEntity } from '../persistence/supplier.entity';
import { REPLENISHMENT_SETTINGS, type ReplenishmentSettings } from './replenishment-settings';
import { readLevels } from './stock-levels';

const DAY_MS = 86_400_000;
/** Plans are stored this many rows per transaction, so a row is locked only briefly. */
export const PLAN_CHUNK_ROWS = 1_000;
/** Held while a replica plans, so replicas do not plan at once. */
export const PLAN_LOCK_KEY = 'logistics:replenishment-plan';
/** Asia/Shanghai is UTC+8 all year: business days start at 16:00 UTC. */
const SHANGHAI_MS = 8 * 3_600_000;

/** The business day (`YYYY-MM-DD`) `days` before the one `at` falls in. */
function businessDay(at: Date, days = 0): string {
  return new Date(at.getTime() + SHANGHAI_MS - days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Replenishment: every stock row planned from its own sales (the movement ledger) and stored, so
 * what to order now is the stored plans against the live stock; `stock.low` watches the stored
 * reorder points.
 */
@Injectable()
export class ReplenishmentService {
  constructor(
    private readonly db: DataSource,
    @Inject(REPLENISHMENT_SETTINGS) private readonly settings: ReplenishmentSettings,
  ) {}

  /** Plans every stock row from the last `historyDays` business days of sales, today included. */
  async plan(now = new Date()): Promise<StoredPlan[]> {
    const days = this.settings.historyDays;
    const since = new Date(`${businessDay(now, days - 1)}T00:00:00+08:00`);
    const [rows, sales, suppliers] = await Promise.all([
      planningRows(this.db),
      dailySales(this.db, since),
      this.db.getRepository(SupplierEntity).find(),
    ]);
    const series = new Map<string, number[]>();
    for (const s of sales) {
      const key = `${s.warehouse_id}|${s.sku}`;
      const counts = series.get(key) ?? new Array<number>(days).fill(0);
      const index = Math.round(
        (new Date(`${s.day}T00:00:00+08:00`).getTime() - since.getTime()) / DAY_MS,
      );
      if (index >= 0 && index < days) counts[index] += Number(s.units);
      series.set(key, counts);
    }
    // A SKU is bought from its fastest supplier (the first created on a tie).
    const supplierOf = new Map<string, SupplierEntity>();
    for (const s of [...suppliers].sort(
      (a, b) => a.leadTimeDays - b.leadTimeDays || a.createdAt.getTime() - b.createdAt.getTime(),
    )) {
      for (const sku of s.skus) if (!supplierOf.has(sku)) supplierOf.set(sku, s);
    }
    const none = new Array<number>(days).fill(0);
    return rows.map((r) => {
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
        leadTimeDays: terms.leadTimeDays,
        minOrderQuantity: terms.minOrderQuantity,
        ...(supplier ? { supplierId: supplier.id } : {}),
        ...planDemand(series.get(`${r.warehouse_id}|${r.sku}`) ?? none, terms),
      };
    });
  }

  /**
   * Replans every stock row and stores the plans and their reorder points; the rows already at or
   * below their new point are announced with `stock.low`. Planning reads without locks; storing
   * then locks only a chunk of rows at a time (in the order reservations lock them), so orders
   * wait at most for one chunk. Answers false when another replica is planning.
   */
  async refresh(): Promise<boolean> {
    return whileKeyLocked(this.db, PLAN_LOCK_KEY, async () => {
      const now = new Date();
      const plans = await this.plan(now);
      for (let i = 0; i < plans.length; i += PLAN_CHUNK_ROWS) {
        const chunk = plans.slice(i, i + PLAN_CHUNK_ROWS);
        // The latch moves with the reorder point under the same row locks: one stock.low per fall.
        await transaction(this.db, async (tx) => {
          await storeReorderPoints(tx, chunk);
          await storePlans(tx, chunk, now);
          await readLevels(tx, chunk);
        });
      }
    });
  }

  /**
   * The plan at start and every `planIntervalMs` after (a replica that finds another planning skips
   * its turn). It resolves to nothing: a periodic task resolving to true runs again at once.
   */
  @Periodic((self: ReplenishmentService) => self.settings.planIntervalMs, { atStart: true })
  async replanEveryInterval(): Promise<void> {
    await this.refresh();
  }

  /** What to order now by the stored plans and the live stock, largest shortfall first. */
  async suggestions(filter: {
    warehouseId?: string;
    sku?: string;
  }): Promise<ReplenishmentSuggestionsView> {
    const items = (await plannedStock(this.db, { ...filter, belowReorderPoint: true }))
      .map((r) => ({ r, quantity: orderQuantity(positionOf(r), toPlan(r), r.min_order_quantity) }))
      .filter(({ quantity }) => quantity > 0)
      .sort(({ r: a }, { r: b }) => bySuggestionPlace(placeOf(a), placeOf(b)))
      .map(({ r, quantity }) => ({
        warehouseId: r.warehouse_id,
        sku: r.sku,
        onHand: r.on_hand,
        ...positionOf(r),
        dailyDemand: r.daily_demand,
        leadTimeDays: r.lead_time_days,
        leadTimeDemand: r.lead_time_demand,
        safetyStock: r.safety_stock,
        reorderPoint: r.reorder_point,
        suggestedQuantity: quantity,
        ...(r.supplier_id ? { supplierId: r.supplier_id } : {}),
        method: r.method,
        plannedAt: r.planned_at.toISOString(),
      }));
    return { items, nextCursor: null, total: items.length };
  }

  /** Every stored plan with its live stock, for transfer suggestions. */
  async plannedStock(sku?: string) {
    return (await plannedStock(this.db, { sku, belowReorderPoint: false })).map((r) => ({
      warehouseId: r.warehouse_id,
      sku: r.sku,
      available: r.on_hand - r.reserved,
      reorderPoint: r.reorder_point,
      orderUpTo: r.order_up_to,
    }));
  }
}

function positionOf(r: PlannedStockRow) {
  return { available: r.on_hand - r.reserved, onOrder: Number(r.on_order) };
}

function toPlan(r: PlannedStockRow) {
  return { reorderPoint: r.reorder_point, orderUpTo: r.order_up_to };
}

/** A suggestion's place in the list: the largest shortfall first, then by SKU and warehouse. */
export interface SuggestionPlace {
  readonly shortfall: number;
  readonly sku: string;
  readonly warehouseId: string;
}

/** The order of suggestions (and of their pages). */
export function bySuggestionPlace(a: SuggestionPlace, b: SuggestionPlace): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return b.shortfall - a.shortfall || text(a.sku, b.sku) || text(a.warehouseId, b.warehouseId);
}

function placeOf(r: PlannedStockRow): SuggestionPlace {
  const shortfall = r.reorder_point - (r.on_hand - r.reserved) - Number(r.on_order);
  return { shortfall, sku: r.sku, warehouseId: r.warehouse_id };
}
