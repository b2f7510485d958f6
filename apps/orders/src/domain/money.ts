// Integer fen arithmetic for pricing. Amounts here are plain numbers of minor units (fen); the
// http layer wraps them into `Money` at the boundary. BigInt is used where a product of two
// amounts could pass Number.MAX_SAFE_INTEGER, so rounding is always exact.

/** Throws unless `value` is a whole, non-negative number of fen. */
export function assertFen(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative whole number of fen, got ${value}`);
  }
}

/** Sum of fen amounts. */
export function sumFen(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** `percent` % of `amount`, rounded half-up to the fen (API.md: 15 means 15 %). */
export function percentOf(amount: number, percent: number): number {
  assertFen(amount, 'amount');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percent must be a whole number from 0 to 100, got ${percent}`);
  }
  return Number((BigInt(amount) * BigInt(percent) + 50n) / 100n);
}

/**
 * Splits `total` fen over `weights` in proportion, largest-remainder method: each share is the
 * floor of its exact part, and the fen left over go one each to the largest remainders (ties to
 * the lower index). The shares always sum to `total`, and no share exceeds its weight when
 * `total` does not exceed the sum of the weights. All-zero weights split evenly.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  assertFen(total, 'total');
  weights.forEach((weight, i) => assertFen(weight, `weights[${i}]`));
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError(`Cannot allocate ${total} fen over no weights`);
  }
  const weightSum = sumFen(weights);
  // Nothing has value (e.g. all lines already free): an even split still has to add up.
  const effective = weightSum === 0 ? weights.map(() => 1) : weights;
  const divisor = BigInt(weightSum === 0 ? weights.length : weightSum);
  const exact = effective.map((weight) => BigInt(total) * BigInt(weight));
  const shares = exact.map((part) => Number(part / divisor));
  const remainders = exact.map((part) => part % divisor);
  const leftover = total - sumFen(shares);
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  for (let k = 0; k < leftover; k++) shares[byRemainder[k].index] += 1;
  return shares;
}

/** Formats fen as yuan for explanations, e.g. 3050 → "¥30.50". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
