import { BusinessRuleError, MEMBER_TIERS, type MemberTier } from '@emporium/contracts';

/** The net paid spend (fen) from which each tier above REGULAR starts. */
export type TierThresholds = Readonly<Record<Exclude<MemberTier, 'REGULAR'>, number>>;

/** Parses `SILVER:100000,GOLD:500000,PLATINUM:2000000`; thresholds must be whole fen and rising. */
export function parseTierThresholds(text: string): TierThresholds {
  const found: Partial<Record<MemberTier, number>> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [tier, amount] = part.split(':');
    const value = Number(amount);
    if (
      !MEMBER_TIERS.includes(tier as MemberTier) ||
      tier === 'REGULAR' ||
      !Number.isSafeInteger(value) ||
      value < 0
    ) {
      throw new BusinessRuleError(
        'invalid-tier-thresholds',
        `Cannot read tier threshold "${part}"`,
      );
    }
    found[tier as MemberTier] = value;
  }
  const { SILVER, GOLD, PLATINUM } = found;
  if (SILVER === undefined || GOLD === undefined || PLATINUM === undefined) {
    throw new BusinessRuleError(
      'invalid-tier-thresholds',
      'SILVER, GOLD and PLATINUM all need a threshold',
    );
  }
  if (!(SILVER < GOLD && GOLD < PLATINUM)) {
    throw new BusinessRuleError(
      'invalid-tier-thresholds',
      'Thresholds must rise from SILVER to PLATINUM',
    );
  }
  return { SILVER, GOLD, PLATINUM };
}

/** The tier earned by `paid - refunded` fen of spend; refunds can lower it again. */
export function tierFor(paid: number, refunded: number, thresholds: TierThresholds): MemberTier {
  const net = paid - refunded;
  if (net >= thresholds.PLATINUM) return 'PLATINUM';
  if (net >= thresholds.GOLD) return 'GOLD';
  if (net >= thresholds.SILVER) return 'SILVER';
  return 'REGULAR';
}
