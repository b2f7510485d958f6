import {
  chargeableGrams,
  parcelChargeableGrams,
  priceFor,
  volumetricGrams,
  zoneOf,
  type ZoneRate,
  packedItem,
} from './freight';

const rate: ZoneRate = {
  first: 1000,
  firstGrams: 1000,
  additional: 500,
  stepGrams: 1000,
  etaDays: 2,
};

describe('chargeable weight', () => {
  it('is the volumetric weight of a light, bulky parcel (L×W×H cm / 6000)', () => {
    // 60 × 40 × 30 cm = 72,000 cm³ → 12 kg, far above its 2 kg
    expect(volumetricGrams({ length: 600, width: 400, height: 300 })).toBe(12_000);
    expect(chargeableGrams(2_000, { length: 600, width: 400, height: 300 })).toBe(12_000);
  });

  it('is the actual weight of a small, heavy parcel', () => {
    // 20 × 10 × 10 cm = 2,000 cm³ → 334 g; a 5 kg dumbbell weighs more
    expect(chargeableGrams(5_000, { length: 200, width: 100, height: 100 })).toBe(5_000);
  });
});

describe('first-weight plus additional-weight pricing', () => {
  it.each([
    [0, 1000],
    [1000, 1000],
    [1001, 1500],
    [2000, 1500],
    [2001, 2000],
    [12_000, 6500],
  ])('charges %i g at %i fen', (grams, fen) => {
    expect(priceFor(grams, rate)).toBe(fen);
  });

  it('refuses a negative weight', () => {
    expect(() => priceFor(-1, rate)).toThrow(RangeError);
  });
});

describe('zones', () => {
  const from = { province: '广东省', city: '广州市' };

  it.each([
    [{ province: '广东省', city: '广州市' }, 'SAME_CITY'],
    [{ province: '广东省', city: '深圳市' }, 'SAME_PROVINCE'],
    [{ province: '湖南省', city: '长沙市' }, 'NEIGHBOURING'],
    [{ province: '北京市', city: '北京市' }, 'FAR'],
    [{ province: '新疆维吾尔自治区', city: '乌鲁木齐市' }, 'REMOTE'],
    [{ province: '西藏自治区', city: '拉萨市' }, 'REMOTE'],
  ])('ships from 广州 to %o in zone %s', (to, zone) => {
    expect(zoneOf({ from, to })).toBe(zone);
  });

  it('treats a municipality as one city', () => {
    expect(
      zoneOf({
        from: { province: '上海市', city: '上海市' },
        to: { province: '上海市', city: '上海市' },
      }),
    ).toBe('SAME_CITY');
    expect(
      zoneOf({
        from: { province: '上海市', city: '上海市' },
        to: { province: '浙江省', city: '杭州市' },
      }),
    ).toBe('NEIGHBOURING');
  });
});

describe('a parcel of several items', () => {
  it('is charged by its total weight or total volume, whichever is larger', () => {
    const phone = {
      weightGrams: 400,
      dimensionsMm: { length: 200, width: 100, height: 60 },
      quantity: 2,
    }; // 200 g volumetric each
    const pillow = {
      weightGrams: 500,
      dimensionsMm: { length: 600, width: 400, height: 200 },
      quantity: 1,
    }; // 8,000 g volumetric
    expect(parcelChargeableGrams([phone])).toBe(800);
    expect(parcelChargeableGrams([phone, pillow])).toBe(8_400);
  });
});

describe('packedItem', () => {
  it('takes a SKU’s catalog weight and size, and a one-kilogram shoebox when it has none', () => {
    expect(packedItem({ weightGrams: 200, lengthMm: 100, widthMm: 80, heightMm: 50 }, 3)).toEqual({
      weightGrams: 200,
      dimensionsMm: { length: 100, width: 80, height: 50 },
      quantity: 3,
    });
    expect(packedItem(undefined, 2)).toEqual({
      weightGrams: 1_000,
      dimensionsMm: { length: 300, width: 200, height: 100 },
      quantity: 2,
    });
  });
});
