import fc from 'fast-check';
import { BusinessRuleError } from '@emporium/contracts';
import { checkTransferRoute, suggestTransfers, type PlannedStock } from './transfers';

const at = (warehouseId: string, available: number, reorderPoint = 50, orderUpTo = 100) => ({
  warehouseId,
  sku: 'TEA',
  available,
  reorderPoint,
  orderUpTo,
});

describe('transfer suggestions', () => {
  it('moves the excess of an overstocked warehouse to one below its reorder point', () => {
    expect(suggestTransfers([at('SH', 10), at('CD', 300)])).toEqual([
      { sku: 'TEA', fromWarehouseId: 'CD', toWarehouseId: 'SH', quantity: 40 },
    ]);
  });

  it('moves no more than the source can spare', () => {
    expect(suggestTransfers([at('SH', 0), at('CD', 120)])).toEqual([
      { sku: 'TEA', fromWarehouseId: 'CD', toWarehouseId: 'SH', quantity: 20 },
    ]);
  });

  it('suggests nothing when no warehouse is short or none has to spare', () => {
    expect(suggestTransfers([at('SH', 60), at('CD', 300)])).toEqual([]);
    expect(suggestTransfers([at('SH', 0), at('CD', 80)])).toEqual([]);
  });

  it('serves the largest need first, from several sources', () => {
    expect(suggestTransfers([at('A', 0), at('B', 40), at('C', 130), at('D', 110)])).toEqual([
      { sku: 'TEA', fromWarehouseId: 'C', toWarehouseId: 'A', quantity: 30 },
      { sku: 'TEA', fromWarehouseId: 'D', toWarehouseId: 'A', quantity: 10 },
    ]);
  });

  it('refuses a transfer to the warehouse it leaves', () => {
    expect(() => checkTransferRoute('A', 'A')).toThrow(BusinessRuleError);
  });

  const plans = fc
    .array(
      fc
        .record({
          warehouseId: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
          sku: fc.constantFrom('X', 'Y'),
          available: fc.nat(500),
          reorderPoint: fc.nat(200),
          extra: fc.nat(200),
        })
        .map(({ extra, ...p }): PlannedStock => ({ ...p, orderUpTo: p.reorderPoint + extra })),
      { maxLength: 12 },
    )
    .map((rows) => [...new Map(rows.map((r) => [`${r.warehouseId}${r.sku}`, r])).values()]);

  it('never takes a source below its order-up-to level nor fills a destination past its reorder point', () => {
    fc.assert(
      fc.property(plans, (stock) => {
        const after = new Map(stock.map((s) => [`${s.warehouseId}${s.sku}`, s.available]));
        for (const t of suggestTransfers(stock)) {
          expect(t.fromWarehouseId).not.toBe(t.toWarehouseId);
          expect(t.quantity).toBeGreaterThan(0);
          after.set(
            `${t.fromWarehouseId}${t.sku}`,
            after.get(`${t.fromWarehouseId}${t.sku}`)! - t.quantity,
          );
          after.set(
            `${t.toWarehouseId}${t.sku}`,
            after.get(`${t.toWarehouseId}${t.sku}`)! + t.quantity,
          );
        }
        for (const s of stock) {
          const now = after.get(`${s.warehouseId}${s.sku}`)!;
          if (now < s.available) expect(now).toBeGreaterThanOrEqual(s.orderUpTo);
          if (now > s.available) expect(now).toBeLessThanOrEqual(s.reorderPoint);
        }
      }),
    );
  });
});
