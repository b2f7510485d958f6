import fc from 'fast-check';
import { coverageOf, nearestSite, type CoverageOrder, type Site } from './coverage';
import { DEFAULT_DELIVERY_POLICY } from './delivery-policy';
import { PROVINCES } from './regions';

const shanghai: Site = {
  id: 'SH',
  province: '上海市',
  city: '上海市',
  location: { lat: 31.23, lon: 121.47 },
};
const urumqi: Site = {
  id: 'XJ',
  province: '新疆维吾尔自治区',
  city: '乌鲁木齐市',
  location: { lat: 43.83, lon: 87.62 },
};

const order = (province: string, city: string, grams = 500): CoverageOrder => ({
  province,
  city,
  option: 'STANDARD',
  chargeableGrams: grams,
});

const of = (rows: ReturnType<typeof coverageOf>, province: string) =>
  rows.find((r) => r.province === province)!;

describe('network coverage', () => {
  it('answers every province once', () => {
    const rows = coverageOf([], [shanghai], DEFAULT_DELIVERY_POLICY);
    expect(rows.map((r) => r.province).sort()).toEqual(Object.keys(PROVINCES).sort());
    expect(of(rows, '北京市')).toMatchObject({ siteId: 'SH', orders: 0, freightPerOrder: 0 });
  });

  it('ships a same-city order by the own fleet the same day for 5 yuan', () => {
    const rows = coverageOf([order('上海市', '上海市')], [shanghai], DEFAULT_DELIVERY_POLICY);
    expect(of(rows, '上海市')).toMatchObject({
      siteId: 'SH',
      orders: 1,
      within: { 1: 1, 2: 1, 3: 1 },
      freightPerOrder: 500,
      promisedDays: { STANDARD: 0, EXPRESS: 0, SAME_DAY: 0 },
    });
  });

  it('shows what a warehouse in Xinjiang would change for its orders', () => {
    const orders = [
      order('新疆维吾尔自治区', '乌鲁木齐市'),
      order('新疆维吾尔自治区', '乌鲁木齐市'),
    ];
    const far = of(coverageOf(orders, [shanghai], DEFAULT_DELIVERY_POLICY), '新疆维吾尔自治区');
    // From Shanghai: a remote zone, ZTO at 20 yuan in 5 days.
    expect(far).toMatchObject({
      siteId: 'SH',
      within: { 1: 0, 2: 0, 3: 0 },
      freightPerOrder: 2000,
    });
    const near = of(
      coverageOf(orders, [shanghai, urumqi], DEFAULT_DELIVERY_POLICY),
      '新疆维吾尔自治区',
    );
    // Same city, no own fleet there: ZTO at 7 yuan the next day.
    expect(near).toMatchObject({
      siteId: 'XJ',
      within: { 1: 1, 2: 1, 3: 1 },
      freightPerOrder: 700,
    });
  });

  it('counts an order no carrier can take from an empty network as unserved', () => {
    const rows = coverageOf([order('上海市', '上海市')], [], DEFAULT_DELIVERY_POLICY);
    expect(of(rows, '上海市')).toMatchObject({ siteId: null, orders: 1, unserved: 1 });
  });

  it('picks the nearest site', () => {
    expect(nearestSite([shanghai, urumqi], { lat: 44, lon: 88 })?.id).toBe('XJ');
    expect(nearestSite([], { lat: 44, lon: 88 })).toBeUndefined();
  });

  it('keeps shares ordered (1 ≤ 2 ≤ 3 days) and counts every order once', () => {
    const provinces = Object.entries(PROVINCES);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            p: fc.integer({ min: 0, max: provinces.length - 1 }),
            grams: fc.integer({ min: 1, max: 30_000 }),
            option: fc.constantFrom('STANDARD' as const, 'EXPRESS' as const, 'SAME_DAY' as const),
          }),
          { maxLength: 40 },
        ),
        fc.subarray([shanghai, urumqi]),
        (raw, sites) => {
          const orders = raw.map(({ p, grams, option }) => ({
            province: provinces[p][0],
            city: provinces[p][1].capital,
            option,
            chargeableGrams: grams,
          }));
          const rows = coverageOf(orders, sites, DEFAULT_DELIVERY_POLICY);
          expect(rows.reduce((n, r) => n + r.orders, 0)).toBe(orders.length);
          for (const r of rows) {
            expect(r.within[1]).toBeLessThanOrEqual(r.within[2]);
            expect(r.within[2]).toBeLessThanOrEqual(r.within[3]);
            expect(r.within[3]).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
