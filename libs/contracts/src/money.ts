/**
 * An amount of money in integer minor units (fen for CNY), never a float, and its ISO 4217
 * currency code.
 */
export interface Money {
  /** @asType integer @minimum 0 */
  readonly amount: number;
  /** @minLength 3 @maxLength 3 @example "CNY" */
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

/**
 * Money from a stored value: a Postgres `bigint`/`sum()` arrives as a string, and a sum over no
 * rows as `null` (zero). A `null` currency is the default one.
 */
export function moneyFrom(
  amount: string | number | null | undefined,
  currency?: string | null,
): Money {
  return money(Number(amount ?? 0), currency ?? DEFAULT_CURRENCY);
}
