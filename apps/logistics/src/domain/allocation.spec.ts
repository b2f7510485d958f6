import fc from 'fast-check';
import { allocate, shortfalls, type Candidate } from './allocation';
import { PROVINCES } from './regions';

const at = (province: string) => PROVINCES[province].at;
const warehouse = (
  warehouseId: string,
  province: string,
  stock: Record<string, number>,
): Candidate => ({
  warehouseId,
  location: at(province),
  available: new Map(Object.entries(stock)),
});

const guangzhou = warehouse('gz', '广东省', { PHONE: 5, CASE: 10 });
const shanghai = warehouse('sh', '上海市', { PHONE: 50, CASE: 50 });
const beijing = warehouse('bj', '北京市', { PHONE: 50, CHARGER: 5 });

describe('allocation', () => {
  it('takes the whole order from the nearest warehouse that has everything', () => {
    const result = allocate(
      [
        { sku: 'PHONE', quantity: 2 },
        { sku: 'CASE', quantity: 1 },
      ],
      [shanghai, guangzhou, beijing],
      at('广东省'),
    );
    expect(result).toEqual({
      ok: true,
      allocations: [
        { warehouseId: 'gz', sku: 'PHONE', quantity: 2 },
        { warehouseId: 'gz', sku: 'CASE', quantity: 1 },
      ],
    });
  });

  it('prefers one farther shipment to two nearer ones', () => {
    // 广州 lacks enough phones; 上海 has it all, so one parcel from 上海 beats splitting.
    const result = allocate(
      [
        { sku: 'PHONE', quantity: 8 },
        { sku: 'CASE', quantity: 1 },
      ],
      [guangzhou, shanghai],
      at('广东省'),
    );
    expect(result.ok && new Set(result.allocations.map((a) => a.warehouseId))).toEqual(
      new Set(['sh']),
    );
  });

  it('splits across warehouses only when no single one can serve the order', () => {
    const result = allocate(
      [
        { sku: 'CASE', quantity: 1 },
        { sku: 'CHARGER', quantity: 1 },
      ],
      [guangzhou, shanghai, beijing],
      at('广东省'),
    );
    expect(result).toEqual({
      ok: true,
      allocations: [
        { warehouseId: 'gz', sku: 'CASE', quantity: 1 },
        { warehouseId: 'bj', sku: 'CHARGER', quantity: 1 },
      ],
    });
  });

  it('splits one line across warehouses, nearest first, when no warehouse has enough of it', () => {
    const result = allocate(
      [{ sku: 'CHARGER', quantity: 7 }],
      [beijing, warehouse('tj', '天津市', { CHARGER: 4 })],
      at('天津市'),
    );
    expect(result).toEqual({
      ok: true,
      allocations: [
        { warehouseId: 'tj', sku: 'CHARGER', quantity: 4 },
        { warehouseId: 'bj', sku: 'CHARGER', quantity: 3 },
      ],
    });
  });

  it('allocates nothing and names the short SKUs when the order cannot be covered', () => {
    expect(
      allocate(
        [
          { sku: 'PHONE', quantity: 1 },
          { sku: 'CHARGER', quantity: 6 },
          { sku: 'TV', quantity: 1 },
        ],
        [guangzhou, beijing],
        at('广东省'),
      ),
    ).toEqual({
      ok: false,
      shortSkus: ['CHARGER', 'TV'],
    });
  });

  it('says how many of each short SKU were asked for and how many all warehouses hold', () => {
    const lines = [
      { sku: 'PHONE', quantity: 1 },
      { sku: 'CHARGER', quantity: 4 },
      { sku: 'CHARGER', quantity: 2 },
      { sku: 'TV', quantity: 1 },
    ];
    expect(shortfalls(lines, [guangzhou, beijing])).toEqual([
      { sku: 'CHARGER', requested: 6, available: 5 },
      { sku: 'TV', requested: 1, available: 0 },
    ]);
    expect(shortfalls([{ sku: 'PHONE', quantity: 55 }], [guangzhou, beijing])).toEqual([]);
  });

  it('merges lines of the same SKU', () => {
    const result = allocate(
      [
        { sku: 'PHONE', quantity: 3 },
        { sku: 'PHONE', quantity: 3 },
      ],
      [guangzhou],
      at('广东省'),
    );
    expect(result).toEqual({ ok: false, shortSkus: ['PHONE'] });
  });

  it('refuses a quantity that is not a positive whole number', () => {
    expect(() => allocate([{ sku: 'PHONE', quantity: 0 }], [guangzhou], at('广东省'))).toThrow(
      RangeError,
    );
  });

  it('always allocates exactly the ordered units, within what each warehouse has (property)', () => {
    const provinces = Object.keys(PROVINCES);
    const skus = ['A', 'B', 'C', 'D'];
    const candidateArb = fc.record({
      province: fc.constantFrom(...provinces),
      stock: fc.dictionary(fc.constantFrom(...skus), fc.integer({ min: 0, max: 20 })),
    });
    fc.assert(
      fc.property(
        fc.array(candidateArb, { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 15 }) }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom(...provinces),
        (specs, lines, destination) => {
          const candidates = specs.map((s, i) => warehouse(`w${i}`, s.province, s.stock));
          const result = allocate(lines, candidates, at(destination));
          const ordered = new Map<string, number>();
          for (const l of lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);
          const supply = (sku: string) =>
            candidates.reduce((sum, c) => sum + (c.available.get(sku) ?? 0), 0);
          if (!result.ok) {
            expect(result.shortSkus.length).toBeGreaterThan(0);
            for (const sku of result.shortSkus) expect(supply(sku)).toBeLessThan(ordered.get(sku)!);
            return;
          }
          for (const [sku, quantity] of ordered) {
            const given = result.allocations.filter((a) => a.sku === sku);
            expect(given.reduce((sum, a) => sum + a.quantity, 0)).toBe(quantity);
            for (const a of given) {
              const source = candidates.find((c) => c.warehouseId === a.warehouseId)!;
              expect(a.quantity).toBeGreaterThan(0);
              expect(a.quantity).toBeLessThanOrEqual(source.available.get(sku) ?? 0);
            }
          }
        },
      ),
    );
  });
});
