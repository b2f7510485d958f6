import {
  parcelChargeableGrams,
  volumetricGrams,
  type DimensionsMm,
  type PackedItem,
} from './freight';

/** A carton a warehouse packs parcels in. */
export interface Carton {
  readonly code: string;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  /** The most it may carry, contents only, in grams. */
  readonly maxWeightGrams: number;
  /** What one carton costs, in fen. */
  readonly cost: number;
}

/** Where one unit sits in a carton: its corner and its size as turned. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly length: number;
  readonly width: number;
  readonly height: number;
}

type Space = Placement;

/** More units than this in one parcel are not packed (the greedy cut grows with their square). */
export const MAX_PACKED_UNITS = 200;

const turns = ({ length: a, width: b, height: c }: DimensionsMm): [number, number, number][] => [
  [a, b, c],
  [a, c, b],
  [b, a, c],
  [b, c, a],
  [c, a, b],
  [c, b, a],
];

/**
 * Places every unit in the carton, or answers undefined. Units go largest first, each into the
 * smallest free space it fits in some orientation, at that space's corner; what is left of the
 * space is cut into three boxes (beside, behind, above), which never overlap. So a placement
 * answered is always real; a fit this greedy cut misses is reported as no fit, never the other way.
 */
export function packInto(items: readonly PackedItem[], carton: Carton): Placement[] | undefined {
  if (items.reduce((n, i) => n + i.quantity, 0) > MAX_PACKED_UNITS) return undefined;
  const units = items
    .flatMap((i) => Array.from({ length: i.quantity }, () => i.dimensionsMm))
    .sort(
      (p, q) =>
        q.length * q.width * q.height - p.length * p.width * p.height ||
        Math.max(q.length, q.width, q.height) - Math.max(p.length, p.width, p.height),
    );
  const volume = units.reduce((v, u) => v + u.length * u.width * u.height, 0);
  if (volume > carton.lengthMm * carton.widthMm * carton.heightMm) return undefined;
  let free: Space[] = [
    { x: 0, y: 0, z: 0, length: carton.lengthMm, width: carton.widthMm, height: carton.heightMm },
  ];
  const placed: Placement[] = [];
  for (const unit of units) {
    let best: { space: Space; turn: [number, number, number] } | undefined;
    for (const space of free) {
      const turn = turns(unit).find(
        ([a, b, c]) => a <= space.length && b <= space.width && c <= space.height,
      );
      if (turn && (!best || size(space) < size(best.space))) best = { space, turn };
    }
    if (!best) return undefined;
    const { space, turn } = best;
    const [a, b, c] = turn;
    placed.push({ x: space.x, y: space.y, z: space.z, length: a, width: b, height: c });
    free = free.filter((s) => s !== space);
    const rest: Space[] = [
      { ...space, x: space.x + a, length: space.length - a },
      { ...space, y: space.y + b, length: a, width: space.width - b },
      { ...space, z: space.z + c, length: a, width: b, height: space.height - c },
    ];
    free.push(...rest.filter((s) => size(s) > 0));
  }
  return placed;
}

function sorted(xs: number[]): number[] {
  return xs.sort((a, b) => a - b);
}

function size(s: Space): number {
  return s.length * s.width * s.height;
}

/** The cheapest carton that carries the items (a smaller one on a tie); undefined when none does. */
export function chooseCarton(
  items: readonly PackedItem[],
  cartons: readonly Carton[],
): Carton | undefined {
  const weight = items.reduce((w, i) => w + i.weightGrams * i.quantity, 0);
  const volume = items.reduce(
    (v, i) => v + i.dimensionsMm.length * i.dimensionsMm.width * i.dimensionsMm.height * i.quantity,
    0,
  );
  const sides = items.map((i) =>
    sorted([i.dimensionsMm.length, i.dimensionsMm.width, i.dimensionsMm.height]),
  );
  // Cheap necessary conditions first: the placing itself is tried only where every item could lie.
  const mayHold = (c: Carton) => {
    const box = sorted([c.lengthMm, c.widthMm, c.heightMm]);
    return (
      weight <= c.maxWeightGrams &&
      volume <= box[0] * box[1] * box[2] &&
      sides.every((s) => s[0] <= box[0] && s[1] <= box[1] && s[2] <= box[2])
    );
  };
  return [...cartons]
    .filter(mayHold)
    .sort(
      (p, q) =>
        p.cost - q.cost ||
        p.lengthMm * p.widthMm * p.heightMm - q.lengthMm * q.widthMm * q.heightMm,
    )
    .find((c) => packInto(items, c) !== undefined);
}

/** What a carrier charges a packed carton by: its contents' weight or its own volumetric weight. */
export function cartonChargeableGrams(items: readonly PackedItem[], carton: Carton): number {
  const weight = items.reduce((w, i) => w + i.weightGrams * i.quantity, 0);
  return Math.max(
    weight,
    volumetricGrams({ length: carton.lengthMm, width: carton.widthMm, height: carton.heightMm }),
  );
}

/** A parcel as freight prices it: in its carton, or its items' own sizes when no carton holds them. */
export interface PackedParcel {
  readonly carton?: Carton;
  readonly chargeableGrams: number;
}

/** Packs a parcel in the cheapest carton that holds it. */
export function packParcel(items: readonly PackedItem[], cartons: readonly Carton[]): PackedParcel {
  const chosen = chooseCarton(items, cartons);
  return chosen
    ? { carton: chosen, chargeableGrams: cartonChargeableGrams(items, chosen) }
    : { chargeableGrams: parcelChargeableGrams(items) };
}

/**
 * What each unit would be charged by sent alone, each in its own cheapest carton: the freight of
 * not packing a parcel's items together, which packing saves.
 */
export function unitParcels(items: readonly PackedItem[], cartons: readonly Carton[]): number[] {
  return items.flatMap((i) => {
    const grams = packParcel([{ ...i, quantity: 1 }], cartons).chargeableGrams;
    return Array.from({ length: i.quantity }, () => grams);
  });
}

const carton = (
  code: string,
  [lengthMm, widthMm, heightMm]: [number, number, number],
  maxWeightGrams: number,
  cost: number,
): Carton => ({ code, lengthMm, widthMm, heightMm, maxWeightGrams, cost });

/** China Post's standard cartons (邮政纸箱 1–12号); costs in fen, deployments set their own. */
export const DEFAULT_CARTONS: readonly Carton[] = [
  carton('POST-12', [130, 80, 90], 3_000, 30),
  carton('POST-11', [145, 85, 105], 3_000, 35),
  carton('POST-10', [175, 95, 115], 5_000, 40),
  carton('POST-9', [195, 105, 135], 5_000, 50),
  carton('POST-8', [210, 110, 140], 5_000, 60),
  carton('POST-7', [230, 130, 160], 8_000, 70),
  carton('POST-6', [260, 150, 180], 10_000, 90),
  carton('POST-5', [290, 170, 190], 10_000, 110),
  carton('POST-4', [350, 190, 230], 15_000, 150),
  carton('POST-3', [430, 210, 270], 20_000, 200),
  carton('POST-2', [530, 230, 290], 25_000, 260),
  carton('POST-1', [530, 290, 370], 30_000, 320),
];
