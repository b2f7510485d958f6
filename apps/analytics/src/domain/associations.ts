import { FPGrowth } from 'node-fpgrowth';

/** An association rule between item sets (API.md `GET /analytics/associations`). */
export interface AssociationRule {
  readonly antecedent: readonly string[];
  readonly consequent: readonly string[];
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
}

const MAX_RULE_ITEMS = 4;
const round = (x: number) => Number(x.toFixed(4));

function subsets(items: readonly string[]): string[][] {
  const result: string[][] = [];
  for (let mask = 1; mask < (1 << items.length) - 1; mask++) {
    result.push(items.filter((_, i) => mask & (1 << i)));
  }
  return result;
}

/**
 * Frequent item sets by FP-growth (Han et al., 2000; node-fpgrowth), then every rule A → I∖A of each
 * frequent set I: support = s(I), confidence = s(I) / s(A), lift = confidence / s(I∖A). Every subset
 * of a frequent set is frequent, so all three come from the mined supports.
 */
export async function mineAssociationRules(
  baskets: readonly (readonly string[])[],
  minSupport: number,
  minConfidence: number,
  limit = 100,
): Promise<AssociationRule[]> {
  const transactions = baskets.map((b) => [...new Set(b)]).filter((b) => b.length > 0);
  if (transactions.length === 0) return [];
  const itemsets = await new FPGrowth<string>(minSupport).exec(transactions);
  const n = transactions.length;
  const supportOf = new Map<string, number>();
  const key = (items: readonly string[]) => [...items].sort().join('\u0000');
  for (const set of itemsets) supportOf.set(key(set.items), set.support / n);
  const rules: AssociationRule[] = [];
  for (const set of itemsets) {
    if (set.items.length < 2 || set.items.length > MAX_RULE_ITEMS) continue;
    const items = [...set.items].sort();
    const support = set.support / n;
    for (const antecedent of subsets(items)) {
      const consequent = items.filter((i) => !antecedent.includes(i));
      const confidence = support / supportOf.get(key(antecedent))!;
      if (confidence + 1e-12 < minConfidence) continue;
      const lift = confidence / supportOf.get(key(consequent))!;
      rules.push({
        antecedent,
        consequent,
        support: round(support),
        confidence: round(confidence),
        lift: round(lift),
      });
    }
  }
  return rules
    .sort(
      (a, b) =>
        b.lift - a.lift ||
        b.confidence - a.confidence ||
        b.support - a.support ||
        key(a.antecedent).localeCompare(key(b.antecedent)) ||
        key(a.consequent).localeCompare(key(b.consequent)),
    )
    .slice(0, limit);
}
