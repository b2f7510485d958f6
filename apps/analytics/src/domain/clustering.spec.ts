import { clusterWithSilhouette, silhouette, standardize } from './clustering';

const blob = (cx: number, cy: number) =>
  [
    [0, 0],
    [0.1, 0],
    [0, 0.1],
    [-0.1, 0],
    [0, -0.1],
  ].map(([dx, dy]) => [cx + dx, cy + dy]);

describe('k-means with k chosen by silhouette', () => {
  it('finds three obvious clusters and puts each blob together', () => {
    const points = [...blob(0, 0), ...blob(10, 10), ...blob(-10, 10)];
    const result = clusterWithSilhouette(points);
    expect(result.k).toBe(3);
    for (const start of [0, 5, 10]) {
      const cluster = result.assignments[start];
      expect(result.assignments.slice(start, start + 5).every((c) => c === cluster)).toBe(true);
    }
    expect(new Set(result.assignments).size).toBe(3);
    expect(result.tried.map((t) => t.k)).toEqual([2, 3, 4, 5, 6]);
  });

  it('scores two well separated pairs near 1 and a random split low', () => {
    const points = [[0], [1], [100], [101]];
    expect(silhouette(points, [0, 0, 1, 1])).toBeCloseTo((1 - 1 / 100.5 + 1 - 1 / 99.5) / 2, 6);
    expect(silhouette(points, [0, 1, 0, 1])).toBeLessThan(0);
  });

  it('standardizes columns to mean 0 and deviation 1, constant columns to 0', () => {
    expect(
      standardize([
        [1, 5],
        [3, 5],
      ]),
    ).toEqual([
      [-1, 0],
      [1, 0],
    ]);
  });

  it('keeps one cluster when every customer looks the same', () => {
    expect(
      clusterWithSilhouette([
        [1, 1],
        [1, 1],
        [1, 1],
      ]).k,
    ).toBe(1);
  });
});
