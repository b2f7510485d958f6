/** Which way units cross a warehouse's door. */
export type MovementDirection = 'OUTBOUND' | 'INBOUND';

/** Why they moved: sold on an order, moved between warehouses, or bought from a supplier. */
export type MovementReason = 'ORDER' | 'TRANSFER' | 'PURCHASE_ORDER';

/**
 * Splits `total` (minor units) over parts in proportion to their weights, in whole units that add
 * up to `total` exactly: each part gets its floor, and the units left go to the largest remainders
 * (the earlier part first on a tie).
 */
export function shareOut(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}
