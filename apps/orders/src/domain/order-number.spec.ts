import { orderNumber } from './order-number';

describe('order numbers', () => {
  it('uses the business day in Asia/Shanghai and a six-digit daily sequence', () => {
    expect(orderNumber(new Date('2026-11-24T03:00:00Z'), 123)).toBe('EM20261124-000123');
  });

  it('rolls over to the next day at midnight in Shanghai (16:00 UTC)', () => {
    expect(orderNumber(new Date('2026-11-24T15:59:59Z'), 1)).toBe('EM20261124-000001');
    expect(orderNumber(new Date('2026-11-24T16:00:00Z'), 1)).toBe('EM20261125-000001');
  });

  it('widens past 999,999 orders a day instead of wrapping', () => {
    expect(orderNumber(new Date('2026-11-24T03:00:00Z'), 1_234_567)).toBe('EM20261124-1234567');
  });

  it('refuses a sequence that is not a positive whole number', () => {
    expect(() => orderNumber(new Date(), 0)).toThrow(RangeError);
  });
});
