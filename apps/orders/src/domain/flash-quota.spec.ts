import { couponRefusal, flashGrant, flashUnitsLeft } from './flash-quota';

describe('flash sale quota', () => {
  const standing = { quantity: 10, sold: 0, perCustomerLimit: 2, customerTaken: 0 };

  it('leaves the smaller of the quota and the customer’s own limit', () => {
    expect(flashUnitsLeft(standing)).toBe(2);
    expect(flashUnitsLeft({ ...standing, sold: 9 })).toBe(1);
    expect(flashUnitsLeft({ ...standing, customerTaken: 1 })).toBe(1);
  });

  it('never goes below zero, even when counters overshoot', () => {
    expect(flashUnitsLeft({ ...standing, sold: 12 })).toBe(0);
    expect(flashUnitsLeft({ ...standing, customerTaken: 3 })).toBe(0);
  });

  it('grants no more than asked and no more than left', () => {
    expect(flashGrant(1, standing)).toBe(1);
    expect(flashGrant(5, standing)).toBe(2);
    expect(flashGrant(5, { ...standing, sold: 10 })).toBe(0);
    expect(flashGrant(0, standing)).toBe(0);
  });
});

describe('coupon limits', () => {
  it('allows a use while both limits have room', () => {
    expect(couponRefusal({ usageLimit: 2, used: 1, perCustomerLimit: 1, customerUsed: 0 })).toBeUndefined();
    expect(couponRefusal({ used: 1_000, customerUsed: 1_000 })).toBeUndefined();
  });

  it('refuses once all uses are taken, before looking at the customer', () => {
    expect(couponRefusal({ usageLimit: 2, used: 2, perCustomerLimit: 1, customerUsed: 1 })).toBe('coupon-usage-limit-reached');
  });

  it('refuses a customer who used up their own uses', () => {
    expect(couponRefusal({ usageLimit: 10, used: 3, perCustomerLimit: 1, customerUsed: 1 })).toBe('coupon-customer-limit-reached');
  });
});
