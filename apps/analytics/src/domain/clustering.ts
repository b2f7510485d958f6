/** The outcome of clustering with k chosen by silhouette. */
export interface Clustering {
  readonly k: number;
  readonly assignments: readonly number[];
  /** Centroids in the standardized feature space. */
  readonly centroids: readonly (readonly number[])[];
  /** Mean silhouette per k tried, and the within-cluster sum of squares (the elbow curve). */
  readonly tried: readonly {
    readonly k: number;
    readonly silhouette: number;
    readonly inertia: number;
  }[];
}

const SEED = 42;
const MAX_ITERATIONS = 100;
const SILHOUETTE_SAMPLE = 1_500;
const FIT_SAMPLE = 5_000;

const distance = (a: readonly number[], b: readonly number[]) =>
  Math.sqrt(a.reduce((sum, x, i) => sum + (x - b[i]) ** 2, 0));

/** A small seeded PRNG (mulberry32), so the same customers always give the same clusters. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** k-means++ seeding: each next centre drawn with probability proportional to squared distance. */
function seedCentres(
  points: readonly (readonly number[])[],
  k: number,
  next: () => number,
): number[][] {
  const centres = [[...points[Math.floor(next() * points.length)]]];
  const nearest = points.map((p) => distance(p, centres[0]) ** 2);
  while (centres.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let target = next() * total;
    let chosen = points.length - 1;
    for (let i = 0; i < points.length; i++) {
      target -= nearest[i];
      if (target <= 0 && nearest[i] > 0) {
        chosen = i;
        break;
      }
    }
    centres.push([...points[chosen]]);
    points.forEach(
      (p, i) => (nearest[i] = Math.min(nearest[i], distance(p, centres.at(-1)!) ** 2)),
    );
  }
  return centres;
}

/** Lloyd's k-means from k-means++ seeds: assign to the nearest centre, move centres to means. */
export function kmeans(
  points: readonly (readonly number[])[],
  k: number,
  seed = SEED,
): { clusters: number[]; centroids: number[][] } {
  let centroids = seedCentres(points, k, random(seed));
  let clusters = points.map(() => -1);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let moved = false;
    clusters = points.map((p, i) => {
      let best = 0;
      for (let c = 1; c < k; c++)
        if (distance(p, centroids[c]) < distance(p, centroids[best])) best = c;
      if (best !== clusters[i]) moved = true;
      return best;
    });
    if (!moved) break;
    centroids = centroids.map((centre, c) => {
      const members = points.filter((_, i) => clusters[i] === c);
      if (members.length === 0) return centre; // an empty cluster keeps its centre
      return centre.map((_, j) => members.reduce((s, p) => s + p[j], 0) / members.length);
    });
  }
  return { clusters, centroids };
}

/** Z-scores per column; a constant column becomes zeros instead of dividing by zero. */
export function standardize(rows: readonly (readonly number[])[]): number[][] {
  if (rows.length === 0) return [];
  const columns = rows[0].length;
  const stats = Array.from({ length: columns }, (_, j) => {
    const values = rows.map((r) => r[j]);
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length);
    return { mu, sd };
  });
  return rows.map((r) =>
    r.map((x, j) => (stats[j].sd === 0 ? 0 : (x - stats[j].mu) / stats[j].sd)),
  );
}

/**
 * Mean silhouette coefficient: for each point, (b − a) / max(a, b) with a its mean distance to its
 * own cluster and b to the nearest other cluster; 1 is perfectly separated, 0 overlapping.
 */
export function silhouette(
  points: readonly (readonly number[])[],
  assignments: readonly number[],
): number {
  const clusters = new Set(assignments);
  if (clusters.size < 2) return 0;
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const sums = new Map<number, { sum: number; n: number }>();
    for (let j = 0; j < points.length; j++) {
      if (i === j) continue;
      const entry = sums.get(assignments[j]) ?? { sum: 0, n: 0 };
      entry.sum += distance(points[i], points[j]);
      entry.n += 1;
      sums.set(assignments[j], entry);
    }
    const own = sums.get(assignments[i]);
    if (!own) continue; // a singleton cluster scores 0 by convention
    const a = own.sum / own.n;
    let b = Infinity;
    for (const [cluster, { sum, n }] of sums)
      if (cluster !== assignments[i]) b = Math.min(b, sum / n);
    total += (b - a) / Math.max(a, b);
  }
  return total / points.length;
}

/** An evenly spaced, deterministic sample, so the silhouette stays affordable on many customers. */
function sample<T>(items: readonly T[], size: number): { items: T[]; index: number[] } {
  if (items.length <= size) return { items: [...items], index: items.map((_, i) => i) };
  const step = items.length / size;
  const index = Array.from({ length: size }, (_, i) => Math.floor(i * step));
  return { items: index.map((i) => items[i]), index };
}

/**
 * k-means (k-means++ seeding, fixed seed, so the same data gives the same clusters) for every k in
 * [kMin, kMax], keeping the k with the highest mean silhouette on a sample of the points. Centroids
 * are fitted on an evenly spaced sample of at most 5,000 points, then every point joins its nearest
 * centroid, so a year of customers clusters in well under a second.
 */
export function clusterWithSilhouette(
  points: readonly (readonly number[])[],
  kMin = 2,
  kMax = 6,
): Clustering {
  const distinct = new Set(points.map((p) => p.join(','))).size;
  const upper = Math.min(kMax, distinct - 1);
  if (points.length === 0) return { k: 0, assignments: [], centroids: [], tried: [] };
  if (upper < kMin) {
    const centroid = points[0].map((_, j) => points.reduce((s, p) => s + p[j], 0) / points.length);
    return { k: 1, assignments: points.map(() => 0), centroids: [centroid], tried: [] };
  }
  const data = points.map((p) => [...p]);
  const fitting = sample(data, FIT_SAMPLE).items;
  const probe = sample(data, SILHOUETTE_SAMPLE);
  const nearest = (p: readonly number[], centroids: readonly (readonly number[])[]) => {
    let best = 0;
    for (let c = 1; c < centroids.length; c++)
      if (distance(p, centroids[c]) < distance(p, centroids[best])) best = c;
    return best;
  };
  let best: Clustering | undefined;
  let bestScore = -Infinity;
  const tried: { k: number; silhouette: number; inertia: number }[] = [];
  for (let k = kMin; k <= upper; k++) {
    const fitted = kmeans(fitting, k);
    const result = {
      centroids: fitted.centroids,
      clusters: data.map((p) => nearest(p, fitted.centroids)),
    };
    const inertia = data.reduce(
      (s, p, i) => s + distance(p, result.centroids[result.clusters[i]]) ** 2,
      0,
    );
    const score = silhouette(
      probe.items,
      probe.index.map((i) => result.clusters[i]),
    );
    tried.push({ k, silhouette: Number(score.toFixed(4)), inertia: Number(inertia.toFixed(4)) });
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = { k, assignments: result.clusters, centroids: result.centroids, tried };
    }
  }
  return { ...best!, tried };
}
