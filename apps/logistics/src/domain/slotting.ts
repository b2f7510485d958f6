import { BusinessRuleError, type AbcClass, type AbcMeasure } from '@emporium/contracts';

/** The shares of the measure that make the A and B classes; C is what is left. */
export interface AbcCut {
  readonly a: number;
  readonly b: number;
}

/** The usual 80/15/5 cut. */
export const DEFAULT_ABC_CUT: AbcCut = { a: 0.8, b: 0.15 };

/** Refuses a cut whose shares are not fractions or leave nothing (or less than nothing) for C. */
export function checkCut(cut: AbcCut): AbcCut {
  const fraction = (x: number) => Number.isFinite(x) && x > 0 && x < 1;
  if (!fraction(cut.a) || !fraction(cut.b) || cut.a + cut.b >= 1) {
    throw new BusinessRuleError(
      'invalid-abc-cut',
      `The A and B shares must be fractions above 0 that add up to less than 1 (got ${cut.a} and ${cut.b})`,
    );
  }
  return cut;
}

/** What a warehouse shipped of one SKU over a period. */
export interface SkuActivity {
  readonly sku: string;
  /** Order lines picked. */
  readonly picks: number;
  readonly units: number;
  /** Revenue of those units, in minor units. */
  readonly revenue: number;
}

/** A SKU's class, and the share of the measure it makes. */
export interface AbcRank {
  readonly sku: string;
  readonly abcClass: AbcClass;
  readonly share: number;
}

/**
 * Classes SKUs by their share of `by`: ranked from the largest, a SKU is A while the SKUs ranked
 * before it make less than `cut.a` of the total, B while less than `cut.a + cut.b`, else C. The
 * SKU that crosses a line still belongs to the class below it, so the top SKU is always A; a SKU
 * with nothing is C. Ties rank by SKU, so the answer does not depend on the input order.
 */
export function classifyAbc(
  activity: readonly SkuActivity[],
  by: AbcMeasure,
  cut: AbcCut = DEFAULT_ABC_CUT,
): AbcRank[] {
  checkCut(cut);
  const ranked = [...activity].sort((x, y) => y[by] - x[by] || (x.sku < y.sku ? -1 : 1));
  const total = ranked.reduce((sum, s) => sum + s[by], 0);
  let before = 0;
  return ranked.map((s) => {
    const share = total > 0 ? s[by] / total : 0;
    const abcClass: AbcClass =
      s[by] <= 0 ? 'C' : before < cut.a ? 'A' : before < cut.a + cut.b ? 'B' : 'C';
    before += share;
    return { sku: s.sku, abcClass, share };
  });
}

/** The zone a class belongs in: zone A nearest the packing station, C farthest. */
export function zoneFor(abcClass: AbcClass): string {
  return abcClass;
}

/** A bin location: one to five dash-separated segments of capitals and digits (`A-03-2`). */
export const LOCATION_PATTERN = /^[A-Z0-9]{1,8}(-[A-Z0-9]{1,8}){0,4}$/;

/** The zone of a bin location: its first segment. */
export function zoneOfLocation(location: string): string {
  return location.split('-')[0];
}

/** Where a SKU is against where its class belongs. */
export interface SlotCheck {
  readonly suggestedZone: string;
  readonly currentZone: string | null;
  readonly misplaced: boolean;
}

/** Compares a SKU's location with its class's zone; a SKU without a location is not misplaced. */
export function checkSlot(abcClass: AbcClass, location: string | null): SlotCheck {
  const suggestedZone = zoneFor(abcClass);
  const currentZone = location === null ? null : zoneOfLocation(location);
  return {
    suggestedZone,
    currentZone,
    misplaced: currentZone !== null && currentZone !== suggestedZone,
  };
}
