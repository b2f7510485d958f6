import { BusinessRuleError, MEMBER_TIERS, type MemberTier } from '@emporium/contracts';

/**
 * Points earned per yuan of goods (shipping never earns), by the tier the order was placed at, in
 * thousandths of a point: whole numbers, so 1.15 a yuan earns exactly 69 points on ¥60.
 */
export type PointsRates = Readonly<Record<MemberTier, number>>;

/**
 * Parses `REGULAR:1,SILVER:1.2,GOLD:1.5,PLATINUM:2`; every tier needs a rate of 0 or more with at
 * most three decimals.
 */
export function parsePointsRates(text: string): PointsRates {
  const found: Partial<Record<MemberTier, number>> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [tier, rate] = part.split(':');
    if (!MEMBER_TIERS.includes(tier as MemberTier) || !/^\d+(\.\d{1,3})?$/.test(rate ?? '')) {
      throw new BusinessRuleError('invalid-points-rates', `Cannot read points rate "${part}"`);
    }
    const [whole, fraction = ''] = rate.split('.');
    found[tier as MemberTier] = Number(whole) * 1_000 + Number(fraction.padEnd(3, '0'));
  }
  const missing = MEMBER_TIERS.filter((tier) => found[tier] === undefined);
  if (missing.length > 0) {
    throw new BusinessRuleError('invalid-points-rates', `No points rate for ${missing.join(', ')}`);
  }
  return found as PointsRates;
}

/** The points an order earns: whole points for its goods (fen, shipping excluded) at `rate` (‰). */
export function pointsFor(goodsFen: number, rate: number): number {
  return Math.floor((Math.max(0, goodsFen) * rate) / 100_000);
}

/**
 * What of an order's points stands after refunds: the share of the paid amount not refunded,
 * rounded down. A refund's reversal is the drop in this figure, so partial refunds never drift.
 */
export function pointsKept(points: number, paid: number, refunded: number): number {
  if (paid <= 0) return 0;
  const kept = Math.max(0, paid - Math.min(refunded, paid));
  return Math.floor((points * kept) / paid);
}

/** A batch of earned points not yet spent, reversed or expired. */
export interface PointsLot {
  readonly id: string;
  readonly remaining: number;
  readonly expiresAt: Date;
}

/** How much to take from which lot. */
export interface LotDebit {
  readonly lotId: string;
  readonly points: number;
}

/**
 * Takes up to `points` from `lots`, the first to expire first (lots named in `first` before
 * all others); never more than a lot holds, so a balance never goes below zero.
 */
export function debitLots(
  lots: readonly PointsLot[],
  points: number,
  first: readonly string[] = [],
): LotDebit[] {
  const ordered = [...lots].sort(
    (a, b) =>
      Number(!first.includes(a.id)) - Number(!first.includes(b.id)) ||
      a.expiresAt.getTime() - b.expiresAt.getTime(),
  );
  const debits: LotDebit[] = [];
  let left = Math.max(0, Math.floor(points));
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    if (take > 0) debits.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return debits;
}
