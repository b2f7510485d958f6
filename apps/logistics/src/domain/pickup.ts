/** Wrong codes a pickup takes before it is locked (staff then issue a new code). */
export const PICKUP_CODE_ATTEMPTS = 5;

/** A pickup code: six digits, shown to the customer who owns the order and to nobody else. */
export const PICKUP_CODE_PATTERN = /^\d{6}$/;

/** What the store knows of a pickup's code. */
export interface PickupCodeState {
  /** The code the customer was given; null once the pickup is over. */
  readonly pickupCode: string | null;
  readonly pickupFailedAttempts: number;
}

/** The outcome of a code given at the counter. */
export type PickupCheck =
  | { readonly outcome: 'COLLECTED' }
  | {
      readonly outcome: 'WRONG_CODE';
      readonly failedAttempts: number;
      readonly attemptsLeft: number;
    }
  | { readonly outcome: 'LOCKED' };

/** True once too many wrong codes were given: no code is accepted, not even the right one. */
export function isLocked(state: PickupCodeState): boolean {
  return state.pickupFailedAttempts >= PICKUP_CODE_ATTEMPTS;
}

/** Compares in time independent of where the strings differ, so timing tells nothing of the code. */
function sameCode(expected: string, given: string): boolean {
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++)
    diff |= expected.charCodeAt(i) ^ (given.charCodeAt(i) || 0);
  return diff === 0;
}

/**
 * Checks the code given at the counter: the right code collects, a wrong one counts against
 * the attempts left, and a locked pickup accepts none.
 */
export function checkPickupCode(state: PickupCodeState, given: string): PickupCheck {
  if (isLocked(state) || state.pickupCode === null) return { outcome: 'LOCKED' };
  if (sameCode(state.pickupCode, given)) return { outcome: 'COLLECTED' };
  const failedAttempts = state.pickupFailedAttempts + 1;
  return {
    outcome: 'WRONG_CODE',
    failedAttempts,
    attemptsLeft: PICKUP_CODE_ATTEMPTS - failedAttempts,
  };
}

/** The moment goods put aside at `readyAt` are no longer held: `windowDays` later (fractions allowed). */
export function collectBy(readyAt: Date, windowDays: number): Date {
  return new Date(readyAt.getTime() + Math.round(windowDays * 86_400_000));
}

/** True when a pickup that had to be collected by `deadline` has not been in time at `now`. */
export function isUncollected(deadline: Date, now: Date): boolean {
  return now.getTime() >= deadline.getTime();
}
