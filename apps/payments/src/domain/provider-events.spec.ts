import { decideProviderEvent, isPaymentAmount } from './provider-events';

describe('provider events', () => {
  it('captures on success and declines on failure while the payment waits', () => {
    expect(decideProviderEvent('REQUIRES_CONFIRMATION', 'payment.succeeded', false)).toEqual({
      action: 'capture',
    });
    expect(decideProviderEvent('REQUIRES_CONFIRMATION', 'payment.failed', false)).toEqual({
      action: 'decline',
    });
  });

  it('ignores a replayed event id', () => {
    expect(decideProviderEvent('REQUIRES_CONFIRMATION', 'payment.succeeded', true)).toMatchObject({
      action: 'ignore',
    });
  });

  it.each(['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const)(
    'never un-captures on a late failure (%s)',
    (status) => {
      expect(decideProviderEvent(status, 'payment.failed', false)).toMatchObject({
        action: 'ignore',
      });
      expect(decideProviderEvent(status, 'payment.succeeded', false)).toMatchObject({
        action: 'ignore',
      });
    },
  );

  it.each(['VOIDED', 'FAILED'] as const)(
    'records and gives back money taken after the payment was %s',
    (status) => {
      expect(decideProviderEvent(status, 'payment.succeeded', false)).toEqual({
        action: 'capture-and-refund',
      });
      expect(decideProviderEvent(status, 'payment.failed', false)).toMatchObject({
        action: 'ignore',
      });
    },
  );

  it.each(['REQUIRES_CONFIRMATION', 'VOIDED', 'FAILED', 'CAPTURED'] as const)(
    'flags a success for another amount instead of capturing it (%s)',
    (status) => {
      expect(decideProviderEvent(status, 'payment.succeeded', false, false)).toEqual({
        action: 'flag',
      });
    },
  );

  it('takes a report as the payment’s amount only when amount and currency both match', () => {
    const payment = { amount: 20_000, currency: 'CNY' };
    expect(isPaymentAmount(payment, { amount: 20_000, currency: 'CNY' })).toBe(true);
    expect(isPaymentAmount(payment, undefined)).toBe(true);
    expect(isPaymentAmount(payment, { amount: 1, currency: 'USD' })).toBe(false);
    expect(isPaymentAmount(payment, { amount: 19_999, currency: 'CNY' })).toBe(false);
    expect(isPaymentAmount(payment, { amount: 20_001, currency: 'CNY' })).toBe(false);
    expect(isPaymentAmount(payment, { amount: 20_000, currency: 'USD' })).toBe(false);
  });
});
