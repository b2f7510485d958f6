import { distanceKm, type GeoPoint } from './geo';

/** One order line to reserve. */
export interface DemandLine {
  readonly sku: string;
  readonly quantity: number;
}

/** A warehouse that may serve the order, with what it can give now per SKU. */
export interface Candidate {
  readonly warehouseId: string;
  readonly location: GeoPoint;
  /** Available (on hand minus reserved) units per SKU. */
  readonly available: ReadonlyMap<string, number>;
}

/** Units of one SKU taken from one warehouse. */
export interface Allocation {
  readonly warehouseId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** The outcome of allocating an order: all of it, or the SKUs that cannot be covered. */
export type AllocationResult =
  | { readonly ok: true; readonly allocations: readonly Allocation[] }
  | { readonly ok: false; readonly shortSkus: readonly string[] };

/** A SKU the candidates together hold too few of: what was asked for and what they have. */
export interface Shortfall {
  readonly sku: string;
  readonly requested: number;
  readonly available: number;
}

/** Exhaustive search over warehouse sets up to this size; larger orders fall back to greedy. */
const MAX_EXHAUSTIVE_SET = 3;
const MAX_EXHAUSTIVE_CANDIDATES = 40;

function merge(lines: readonly DemandLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const { sku, quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity <= 0)
      throw new RangeError(`Invalid quantity for ${sku}`);
    demand.set(sku, (demand.get(sku) ?? 0) + quantity);
  }
  return demand;
}

function covers(set: readonly Candidate[], demand: ReadonlyMap<string, number>): boolean {
  for (const [sku, quantity] of demand) {
    let total = 0;
    for (const c of set) total += c.available.get(sku) ?? 0;
    if (total < quantity) return false;
  }
  return true;
}

/** Takes each SKU from the nearest members of `set` first, splitting only when one is not enough. */
function take(
  set: readonly Candidate[],
  demand: ReadonlyMap<string, number>,
  to: GeoPoint,
): Allocation[] {
  const nearestFirst = [...set].sort(
    (a, b) => distanceKm(a.location, to) - distanceKm(b.location, to),
  );
  const allocations: Allocation[] = [];
  for (const [sku, quantity] of demand) {
    let left = quantity;
    // A warehouse that can give the whole line beats splitting it.
    const whole = nearestFirst.find((c) => (c.available.get(sku) ?? 0) >= left);
    for (const c of whole ? [whole] : nearestFirst) {
      const units = Math.min(left, c.available.get(sku) ?? 0);
      if (units <= 0) continue;
      allocations.push({ warehouseId: c.warehouseId, sku, quantity: units });
      left -= units;
      if (left === 0) break;
    }
  }
  return allocations;
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i], ...rest];
  }
}

function cost(
  allocations: readonly Allocation[],
  byId: ReadonlyMap<string, Candidate>,
  to: GeoPoint,
) {
  const used = new Set(allocations.map((a) => a.warehouseId));
  let distance = 0;
  for (const id of used) distance += distanceKm(byId.get(id)!.location, to);
  return { shipments: used.size, distance };
}

function greedy(
  candidates: readonly Candidate[],
  demand: Map<string, number>,
  to: GeoPoint,
): Candidate[] {
  const chosen: Candidate[] = [];
  const left = new Map(demand);
  const pool = [...candidates];
  while ([...left.values()].some((q) => q > 0) && pool.length) {
    // The warehouse that covers the most outstanding units; nearer wins a tie.
    pool.sort((a, b) => {
      const gain = (c: Candidate) =>
        [...left].reduce((sum, [sku, q]) => sum + Math.min(q, c.available.get(sku) ?? 0), 0);
      return gain(b) - gain(a) || distanceKm(a.location, to) - distanceKm(b.location, to);
    });
    const next = pool.shift()!;
    chosen.push(next);
    for (const [sku, q] of left) left.set(sku, Math.max(0, q - (next.available.get(sku) ?? 0)));
  }
  return chosen;
}

/** The SKUs of `lines` that all `candidates` together cannot cover, by SKU; empty when they can. */
export function shortfalls(
  lines: readonly DemandLine[],
  candidates: readonly Candidate[],
): Shortfall[] {
  return [...merge(lines)]
    .map(([sku, requested]) => ({
      sku,
      requested,
      available: candidates.reduce((sum, c) => sum + (c.available.get(sku) ?? 0), 0),
    }))
    .filter((s) => s.available < s.requested)
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/**
 * Allocates every line of an order to warehouses, all or nothing: the fewest shipments first
 * (one warehouse that has everything beats two nearer ones), then the shortest total distance to
 * the destination. Lines of the same SKU are merged.
 */
export function allocate(
  lines: readonly DemandLine[],
  candidates: readonly Candidate[],
  destination: GeoPoint,
): AllocationResult {
  const demand = merge(lines);
  const short = shortfalls(lines, candidates);
  if (short.length) return { ok: false, shortSkus: short.map((s) => s.sku) };

  const useful = candidates.filter((c) =>
    [...demand.keys()].some((sku) => (c.available.get(sku) ?? 0) > 0),
  );
  const byId = new Map(useful.map((c) => [c.warehouseId, c]));
  if (useful.length <= MAX_EXHAUSTIVE_CANDIDATES) {
    for (let size = 1; size <= Math.min(MAX_EXHAUSTIVE_SET, useful.length); size++) {
      let best: { allocations: Allocation[]; distance: number } | undefined;
      for (const set of combinations(useful, size)) {
        if (!covers(set, demand)) continue;
        const allocations = take(set, demand, destination);
        const { shipments, distance } = cost(allocations, byId, destination);
        if (shipments < size) continue; // a smaller set does it; found at a smaller size already
        if (!best || distance < best.distance) best = { allocations, distance };
      }
      if (best) return { ok: true, allocations: best.allocations };
    }
  }
  return { ok: true, allocations: take(greedy(useful, demand, destination), demand, destination) };
}
