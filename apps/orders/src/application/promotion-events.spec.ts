import type { PromotionEntity } from '../persistence/promotion.entity';
import { toPromotionState } from './promotion-events';

const aStoredPromotion = (p: Partial<PromotionEntity>): PromotionEntity => ({
  id: '6f1c2a9e-4b7d-4c1e-9a35-0d2f8e7b5c41',
  name: '秒杀 Tea',
  kind: 'FLASH_SALE',
  startsAt: new Date('2026-11-24T08:00:00.000Z'),
  endsAt: new Date('2026-11-24T10:00:00.000Z'),
  target: { skus: ['TEA-1'] },
  memberTiers: [],
  couponCode: 'SECRET1',
  usageLimit: null,
  perCustomerLimit: null,
  stackable: false,
  advertised: false,
  rules: { sku: 'TEA-1', price: 1_990, quantity: 100, perCustomerLimit: 2 },
  status: 'ACTIVE',
  flashSold: 7,
  createdAt: new Date('2026-11-23T08:30:00.000Z'),
  updatedAt: new Date('2026-11-23T09:00:00.000Z'),
  version: 3,
  ...p,
});

describe('toPromotionState', () => {
  it('writes the whole state in the documented field order, the coupon code included', () => {
    expect(JSON.stringify(toPromotionState(aStoredPromotion({})))).toBe(
      JSON.stringify({
        id: '6f1c2a9e-4b7d-4c1e-9a35-0d2f8e7b5c41',
        name: '秒杀 Tea',
        status: 'ACTIVE',
        startsAt: '2026-11-24T08:00:00.000Z',
        endsAt: '2026-11-24T10:00:00.000Z',
        target: { skus: ['TEA-1'] },
        memberTiers: [],
        couponCode: 'SECRET1',
        couponRequired: true,
        advertised: false,
        usageLimit: null,
        perCustomerLimit: null,
        stackable: false,
        createdAt: '2026-11-23T08:30:00.000Z',
        updatedAt: '2026-11-23T09:00:00.000Z',
        version: 3,
        kind: 'FLASH_SALE',
        rules: {
          sku: 'TEA-1',
          price: { amount: 1_990, currency: 'CNY' },
          quantity: 100,
          perCustomerLimit: 2,
        },
        flashSold: 7,
      }),
    );
  });

  it('turns the fen of threshold tiers into Money and carries no flashSold outside flash sales', () => {
    const state = toPromotionState(
      aStoredPromotion({
        kind: 'THRESHOLD_OFF',
        couponCode: null,
        rules: { tiers: [{ minSubtotal: 19_900, off: 2_000 }] },
      }),
    );
    expect(state).toMatchObject({
      kind: 'THRESHOLD_OFF',
      couponCode: null,
      couponRequired: false,
      rules: {
        tiers: [
          {
            minSubtotal: { amount: 19_900, currency: 'CNY' },
            off: { amount: 2_000, currency: 'CNY' },
          },
        ],
      },
    });
    expect(state).not.toHaveProperty('flashSold');
  });
});
