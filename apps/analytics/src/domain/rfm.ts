/** One customer's purchase history over a period. */
export interface CustomerActivity {
  readonly customerId: string;
  readonly recencyDays: number;
  readonly frequency: number;
  /** Minor units. */
  readonly monetary: number;
}

/** RFM scores 1–5 (5 best: most recent, most frequent, highest spend) and their sum. */
export interface RfmScore {
  readonly customerId: string;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly score: number;
  readonly segment: RfmSegment;
}

/** A named RFM segment, from the recency and frequency scores. */
export type RfmSegment =
  'Champions' | 'Loyal' | 'Promising' | 'Needs attention' | 'At risk' | 'Hibernating';

/**
 * Quintile score of each value: 1 + ⌊5 · (values strictly below it) / n⌋, so equal values share a
 * score and the scores spread evenly over 1–5 whatever the currency or scale.
 */
export function quintileScores(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const below = (x: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((x) => Math.min(5, 1 + Math.floor((5 * below(x)) / values.length)));
}

/** The segment of an (r, f) pair. */
export function segmentOf(r: number, f: number): RfmSegment {
  if (r >= 4 && f >= 4) return 'Champions';
  if (r >= 3 && f >= 3) return 'Loyal';
  if (r >= 4) return 'Promising';
  if (r <= 2 && f >= 3) return 'At risk';
  if (r <= 2 && f <= 2) return 'Hibernating';
  return 'Needs attention';
}

/** Scores every customer by recency (fewer days is better), frequency and monetary value. */
export function scoreRfm(customers: readonly CustomerActivity[]): RfmScore[] {
  const r = quintileScores(customers.map((c) => -c.recencyDays));
  const f = quintileScores(customers.map((c) => c.frequency));
  const m = quintileScores(customers.map((c) => c.monetary));
  return customers.map((c, i) => ({
    customerId: c.customerId,
    r: r[i],
    f: f[i],
    m: m[i],
    score: r[i] + f[i] + m[i],
    segment: segmentOf(r[i], f[i]),
  }));
}
