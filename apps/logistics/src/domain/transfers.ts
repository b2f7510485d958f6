import { BusinessRuleError } from '@emporium/contracts';

/** Where a SKU stands in one warehouse against its plan. */
export interface PlannedStock {
  readonly warehouseId: string;
  readonly sku: string;
  readonly available: number;
  /** Below this the warehouse is short. */
  readonly reorderPoint: number;
  /** Above this the warehouse holds more than its plan asks for. */
  readonly orderUpTo: number;
}

/** Units to move of one SKU from one warehouse to another. */
export interface TransferSuggestion {
  readonly sku: string;
  readonly fromWarehouseId: string;
  readonly toWarehouseId: string;
  readonly quantity: number;
}

/**
 * Moves stock where it is missing: for each SKU, a warehouse below its reorder point needs what
 * brings it back up to that point, and a warehouse above its order-up-to level can spare the
 * excess. The largest need is served first from the largest excess, and so on; no source gives
 * more than its excess and no destination gets more than its need.
 */
export function suggestTransfers(stock: readonly PlannedStock[]): TransferSuggestion[] {
  const bySku = new Map<string, PlannedStock[]>();
  for (const s of stock) bySku.set(s.sku, [...(bySku.get(s.sku) ?? []), s]);
  const suggestions: TransferSuggestion[] = [];
  for (const [sku, rows] of [...bySku].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const order = (a: { id: string; n: number }, b: { id: string; n: number }) =>
      b.n - a.n || (a.id < b.id ? -1 : 1);
    const needs = rows
      .map((r) => ({ id: r.warehouseId, n: r.reorderPoint - r.available }))
      .filter((x) => x.n > 0)
      .sort(order);
    const spares = rows
      .map((r) => ({ id: r.warehouseId, n: r.available - r.orderUpTo }))
      .filter((x) => x.n > 0)
      .sort(order);
    let s = 0;
    for (const need of needs) {
      while (need.n > 0 && s < spares.length) {
        const quantity = Math.min(need.n, spares[s].n);
        suggestions.push({ sku, fromWarehouseId: spares[s].id, toWarehouseId: need.id, quantity });
        need.n -= quantity;
        spares[s].n -= quantity;
        if (spares[s].n === 0) s++;
      }
    }
  }
  return suggestions;
}

/** Refuses a transfer that goes nowhere. */
export function checkTransferRoute(fromWarehouseId: string, toWarehouseId: string): void {
  if (fromWarehouseId === toWarehouseId) {
    throw new BusinessRuleError(
      'transfer-to-same-warehouse',
      'A transfer needs two different warehouses',
    );
  }
}
