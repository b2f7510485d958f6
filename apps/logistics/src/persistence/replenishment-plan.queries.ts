import type { EntityManager } from 'typeorm';
import { execute, queryRows, type Db } from '@emporium/platform-persistence';
import { OPEN_PURCHASE_STATUSES } from '../domain/purchase-orders';

/** A stock row's plan as stored. */
export interface StoredPlan {
  readonly warehouseId: string;
  readonly sku: string;
  readonly dailyDemand: number;
  readonly leadTimeDays: number;
  readonly leadTimeDemand: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
  readonly minOrderQuantity: number;
  readonly supplierId?: string;
  readonly method: string;
}

/** Replaces the stored plans of the given rows, in one statement. */
export async function storePlans(
  tx: EntityManager,
  plans: readonly StoredPlan[],
  plannedAt: Date,
): Promise<void> {
  if (plans.length === 0) return;
  const column = <T>(pick: (p: StoredPlan) => T) => plans.map(pick);
  await execute(
    tx,
    `INSERT INTO replenishment_plans AS p (warehouse_id, sku, daily_demand, lead_time_days, lead_time_demand,
            safety_stock, reorder_point, order_up_to, min_order_quantity, supplier_id, method, planned_at)
     SELECT w, s, dd, lt, ltd, ss, rp, ou, mo, su, m, $12
       FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::float8[], $6::float8[],
                   $7::int[], $8::int[], $9::int[], $10::uuid[], $11::text[])
            AS x (w, s, dd, lt, ltd, ss, rp, ou, mo, su, m)
     ON CONFLICT (warehouse_id, sku) DO UPDATE SET
       daily_demand = excluded.daily_demand, lead_time_days = excluded.lead_time_days,
       lead_time_demand = excluded.lead_time_demand, safety_stock = excluded.safety_stock,
       reorder_point = excluded.reorder_point, order_up_to = excluded.order_up_to,
       min_order_quantity = excluded.min_order_quantity, supplier_id = excluded.supplier_id,
       method = excluded.method, planned_at = excluded.planned_at`,
    [
      column((p) => p.warehouseId),
      column((p) => p.sku),
      column((p) => p.dailyDemand),
      column((p) => p.leadTimeDays),
      column((p) => p.leadTimeDemand),
      column((p) => p.safetyStock),
      column((p) => p.reorderPoint),
      column((p) => p.orderUpTo),
      column((p) => p.minOrderQuantity),
      column((p) => p.supplierId ?? null),
      column((p) => p.method),
      plannedAt,
    ],
  );
}

/** A stored plan with the row's live stock and what open purchase orders still bring. */
export interface PlannedStockRow {
  readonly warehouse_id: string;
  readonly sku: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly on_order: string;
  readonly daily_demand: number;
  readonly lead_time_days: number;
  readonly lead_time_demand: number;
  readonly safety_stock: number;
  readonly reorder_point: number;
  readonly order_up_to: number;
  readonly min_order_quantity: number;
  readonly supplier_id: string | null;
  readonly method: string;
  readonly planned_at: Date;
}

/**
 * The stored plans with live positions; `belowReorderPoint` keeps only the rows whose available +
 * on order is at or below their reorder point (what to order now).
 */
export function plannedStock(
  db: Db,
  filter: { warehouseId?: string; sku?: string; belowReorderPoint: boolean },
): Promise<PlannedStockRow[]> {
  return queryRows<PlannedStockRow>(
    db,
    `WITH on_order AS (
       SELECT po.warehouse_id, l->>'sku' AS sku,
              sum((l->>'quantity')::int - (l->>'receivedQuantity')::int) AS quantity
         FROM purchase_orders po CROSS JOIN jsonb_array_elements(po.lines) AS l
        WHERE po.status = ANY($1)
        GROUP BY 1, 2)
     SELECT p.warehouse_id, p.sku, s.on_hand, s.reserved, coalesce(o.quantity, 0) AS on_order,
            p.daily_demand, p.lead_time_days, p.lead_time_demand, p.safety_stock, p.reorder_point,
            p.order_up_to, p.min_order_quantity, p.supplier_id, p.method, p.planned_at
       FROM replenishment_plans p
       JOIN stock_levels s ON s.warehouse_id = p.warehouse_id AND s.sku = p.sku
       LEFT JOIN on_order o ON o.warehouse_id = p.warehouse_id AND o.sku = p.sku
      WHERE ($2::uuid IS NULL OR p.warehouse_id = $2) AND ($3::text IS NULL OR p.sku = $3)
        AND (NOT $4 OR s.on_hand - s.reserved + coalesce(o.quantity, 0) <= p.reorder_point)`,
    [
      OPEN_PURCHASE_STATUSES,
      filter.warehouseId ?? null,
      filter.sku ?? null,
      filter.belowReorderPoint,
    ],
  );
}
