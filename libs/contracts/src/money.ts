/** An amount of money in integer minor units (fen for CNY), never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** The platform's default currency. */
export const DEFAULT_CURRENCY = 'CNY';

/** Builds a Money value, refusing non-integer amounts. */
export function money(amount: number, currency: string = DEFAULT_CURRENCY): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`Money amounts are whole minor units, got ${amount}`);
  }
  return { amount, currency };
}
