import {
  PICKUP_CODE_ATTEMPTS,
  checkPickupCode,
  collectBy,
  isLocked,
  isUncollected,
} from './pickup';

describe('store pickup codes', () => {
  it('collects with the right code', () => {
    expect(checkPickupCode({ pickupCode: '042917', pickupFailedAttempts: 2 }, '042917')).toEqual({
      outcome: 'COLLECTED',
    });
  });

  it('counts a wrong code and says how many attempts are left', () => {
    expect(checkPickupCode({ pickupCode: '042917', pickupFailedAttempts: 0 }, '042918')).toEqual({
      outcome: 'WRONG_CODE',
      failedAttempts: 1,
      attemptsLeft: PICKUP_CODE_ATTEMPTS - 1,
    });
    expect(
      checkPickupCode({ pickupCode: '042917', pickupFailedAttempts: 0 }, '04291'),
    ).toMatchObject({ outcome: 'WRONG_CODE' });
  });

  it('locks after five wrong codes, and then refuses even the right one', () => {
    let state = { pickupCode: '042917', pickupFailedAttempts: 0 };
    for (let i = 1; i <= PICKUP_CODE_ATTEMPTS; i++) {
      const check = checkPickupCode(state, '000000');
      expect(check).toEqual({
        outcome: 'WRONG_CODE',
        failedAttempts: i,
        attemptsLeft: PICKUP_CODE_ATTEMPTS - i,
      });
      state = { ...state, pickupFailedAttempts: i };
    }
    expect(isLocked(state)).toBe(true);
    expect(checkPickupCode(state, '042917')).toEqual({ outcome: 'LOCKED' });
  });

  it('accepts no code once the pickup is over', () => {
    expect(checkPickupCode({ pickupCode: null, pickupFailedAttempts: 0 }, '042917')).toEqual({
      outcome: 'LOCKED',
    });
  });
});

describe('store pickup window', () => {
  const ready = new Date('2026-12-01T10:00:00Z');

  it('holds the goods for the configured days, fractions included', () => {
    expect(collectBy(ready, 7).toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(collectBy(ready, 0.5).toISOString()).toBe('2026-12-01T22:00:00.000Z');
  });

  it('expires a pickup at its deadline, not before', () => {
    const deadline = collectBy(ready, 7);
    expect(isUncollected(deadline, new Date(deadline.getTime() - 1))).toBe(false);
    expect(isUncollected(deadline, deadline)).toBe(true);
  });
});
