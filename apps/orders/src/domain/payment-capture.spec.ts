import { paysInFull } from './payment-capture';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('paysInFull', () => {
  it('accepts a capture of the whole total, or more', () => {
    expect(paysInFull(cny(20_000), cny(20_000))).toBe(true);
    expect(paysInFull(cny(20_000), cny(20_001))).toBe(true);
  });

  it('refuses a capture of less than the total', () => {
    expect(paysInFull(cny(20_000), cny(19_999))).toBe(false);
    expect(paysInFull(cny(20_000), cny(1))).toBe(false);
  });

  it('refuses a capture in another currency, whatever the number', () => {
    expect(paysInFull(cny(20_000), { amount: 20_000, currency: 'USD' })).toBe(false);
    expect(paysInFull(cny(20_000), { amount: 1, currency: 'USD' })).toBe(false);
  });
});
