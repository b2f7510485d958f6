import { couponRefusal } from './coupon-limits';

describe('coupon limits', () => {
  it('allows a use while both limits have room', () => {
    expect(
      couponRefusal({ usageLimit: 2, used: 1, perCustomerLimit: 1, customerUsed: 0 }),
    ).toBeUndefined();
    expect(couponRefusal({ used: 1_000, customerUsed: 1_000 })).toBeUndefined();
  });

  it('refuses once all uses are taken, before looking at the customer', () => {
    expect(couponRefusal({ usageLimit: 2, used: 2, perCustomerLimit: 1, customerUsed: 1 })).toBe(
      'coupon-usage-limit-reached',
    );
  });

  it('refuses a customer who used up their own uses', () => {
    expect(couponRefusal({ usageLimit: 10, used: 3, perCustomerLimit: 1, customerUsed: 1 })).toBe(
      'coupon-customer-limit-reached',
    );
  });
});
