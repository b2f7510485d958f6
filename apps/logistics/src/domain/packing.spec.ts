import fc from 'fast-check';
import type { PackedItem } from './freight';
import {
  cartonChargeableGrams,
  chooseCarton,
  DEFAULT_CARTONS,
  packInto,
  packParcel,
  unitParcels,
  type Carton,
  type Placement,
} from './packing';

const box = (length: number, width: number, height: number, quantity = 1, weightGrams = 100) => ({
  weightGrams,
  dimensionsMm: { length, width, height },
  quantity,
});

const carton = (l: number, w: number, h: number, cost = 100, maxWeightGrams = 10_000): Carton => ({
  code: `C${l}x${w}x${h}`,
  lengthMm: l,
  widthMm: w,
  heightMm: h,
  maxWeightGrams,
  cost,
});

const overlap = (p: Placement, q: Placement) =>
  p.x < q.x + q.length &&
  q.x < p.x + p.length &&
  p.y < q.y + q.width &&
  q.y < p.y + p.width &&
  p.z < q.z + q.height &&
  q.z < p.z + p.height;

describe('carton packing', () => {
  it('turns a long item to lie along the carton', () => {
    expect(packInto([box(50, 300, 40)], carton(310, 60, 50))).toEqual([
      { x: 0, y: 0, z: 0, length: 300, width: 50, height: 40 },
    ]);
  });

  it('stacks units: eight 10 cm cubes fill a 20 cm cube exactly, nine do not', () => {
    expect(packInto([box(100, 100, 100, 8)], carton(200, 200, 200))).toHaveLength(8);
    expect(packInto([box(100, 100, 100, 9)], carton(200, 200, 200))).toBeUndefined();
  });

  it('refuses an item longer than every side', () => {
    expect(packInto([box(400, 10, 10)], carton(300, 300, 300))).toBeUndefined();
  });

  it('chooses the cheapest carton that holds the items within its weight limit', () => {
    const cartons = [
      carton(100, 100, 100, 30),
      carton(200, 200, 200, 60),
      carton(400, 400, 400, 90),
    ];
    expect(chooseCarton([box(90, 90, 90)], cartons)?.code).toBe('C100x100x100');
    expect(chooseCarton([box(90, 90, 90, 2)], cartons)?.code).toBe('C200x200x200');
    expect(
      chooseCarton([box(90, 90, 90, 1, 20_000)], [...cartons, carton(500, 500, 500, 500, 30_000)])
        ?.code,
    ).toBe('C500x500x500');
    expect(chooseCarton([box(900, 10, 10)], cartons)).toBeUndefined();
  });

  it('charges a packed carton by its own size when that outweighs its contents', () => {
    // 40×30×20 cm = 24,000 cm³ / 6000 = 4 kg.
    expect(cartonChargeableGrams([box(100, 100, 100, 1, 500)], carton(400, 300, 200))).toBe(4_000);
    expect(cartonChargeableGrams([box(100, 100, 100, 1, 9_000)], carton(400, 300, 200))).toBe(
      9_000,
    );
  });

  it('packs two phones and a charger in the smallest standard carton a phone lies in', () => {
    const phones: PackedItem[] = [box(160, 80, 10, 2, 200), box(60, 60, 30, 1, 80)];
    // 16 cm phones are too long for 12号 (13 cm) and 11号 (14.5 cm).
    expect(chooseCarton(phones, DEFAULT_CARTONS)?.code).toBe('POST-10');
  });

  it('prices a parcel by its carton, or by its items when no carton holds them', () => {
    const small = [carton(200, 200, 200, 10)];
    expect(packParcel([box(100, 100, 100, 2, 300)], small)).toEqual({
      carton: small[0],
      chargeableGrams: 1_334, // 8,000 cm³ / 6000
    });
    expect(packParcel([box(300, 100, 100, 1, 300)], small)).toEqual({ chargeableGrams: 500 });
  });

  it('charges units sent alone each by its own carton', () => {
    // A 12 cm cube carton is 1,728 cm³ / 6000 = 288 g, more than the 100 g inside.
    expect(unitParcels([box(100, 100, 100, 3, 100)], [carton(120, 120, 120, 5)])).toEqual([
      288, 288, 288,
    ]);
  });

  const items = fc.array(
    fc.record({
      weightGrams: fc.integer({ min: 1, max: 2_000 }),
      dimensionsMm: fc.record({
        length: fc.integer({ min: 1, max: 300 }),
        width: fc.integer({ min: 1, max: 300 }),
        height: fc.integer({ min: 1, max: 300 }),
      }),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 5 },
  );
  const cartons = fc.record({
    l: fc.integer({ min: 50, max: 600 }),
    w: fc.integer({ min: 50, max: 600 }),
    h: fc.integer({ min: 50, max: 600 }),
  });

  it('only answers placements inside the carton that never overlap, one per unit', () => {
    fc.assert(
      fc.property(items, cartons, (stuff, { l, w, h }) => {
        const placed = packInto(stuff, carton(l, w, h));
        if (!placed) return;
        expect(placed).toHaveLength(stuff.reduce((n, i) => n + i.quantity, 0));
        for (const [i, p] of placed.entries()) {
          expect(p.x + p.length).toBeLessThanOrEqual(l);
          expect(p.y + p.width).toBeLessThanOrEqual(w);
          expect(p.z + p.height).toBeLessThanOrEqual(h);
          for (const q of placed.slice(i + 1)) expect(overlap(p, q)).toBe(false);
        }
      }),
    );
  });

  it('fits a single item exactly when its sorted sides fit the sorted carton sides', () => {
    fc.assert(
      fc.property(items, cartons, (stuff, { l, w, h }) => {
        const one = { ...stuff[0], quantity: 1 };
        const item = [one.dimensionsMm.length, one.dimensionsMm.width, one.dimensionsMm.height];
        const sides = [l, w, h];
        const fits = [...item]
          .sort((a, b) => a - b)
          .every((d, i) => d <= [...sides].sort((a, b) => a - b)[i]);
        expect(packInto([one], carton(l, w, h)) !== undefined).toBe(fits);
      }),
    );
  });

  it('never chooses a carton dearer than another that holds the items', () => {
    fc.assert(
      fc.property(items, (stuff) => {
        const chosen = chooseCarton(stuff, DEFAULT_CARTONS);
        const weight = stuff.reduce((s, i) => s + i.weightGrams * i.quantity, 0);
        for (const c of DEFAULT_CARTONS) {
          if (weight <= c.maxWeightGrams && packInto(stuff, c)) {
            expect(chosen).toBeDefined();
            expect(chosen!.cost).toBeLessThanOrEqual(c.cost);
          }
        }
      }),
    );
  });
});
