import { areNeighbours, isRemote } from './regions';

/** Freight zones, from the warehouse's point of view. */
export type Zone = 'SAME_CITY' | 'SAME_PROVINCE' | 'NEIGHBOURING' | 'FAR' | 'REMOTE';

/** Where a parcel starts and ends, as freight pricing sees it. */
export interface Route {
  readonly from: { readonly province: string; readonly city: string };
  readonly to: { readonly province: string; readonly city: string };
}

/** The zone of a route: remote destinations first, then by how close the two places are. */
export function zoneOf({ from, to }: Route): Zone {
  if (from.province === to.province && from.city === to.city) return 'SAME_CITY';
  if (isRemote(to.province)) return 'REMOTE';
  if (from.province === to.province) return 'SAME_PROVINCE';
  if (areNeighbours(from.province, to.province)) return 'NEIGHBOURING';
  return 'FAR';
}

/** Parcel dimensions in millimetres. */
export interface DimensionsMm {
  readonly length: number;
  readonly width: number;
  readonly height: number;
}

/** Divisor of the volumetric weight: L×W×H in cm³ / 6000 = kg, the carriers' usual rule. */
export const VOLUMETRIC_DIVISOR = 6000;

/** Volumetric weight in grams of a parcel of the given dimensions. */
export function volumetricGrams({ length, width, height }: DimensionsMm): number {
  const cubicCm = (length / 10) * (width / 10) * (height / 10);
  return Math.ceil((cubicCm / VOLUMETRIC_DIVISOR) * 1000);
}

/** What carriers charge by: the larger of the actual and the volumetric weight, in grams. */
export function chargeableGrams(actualGrams: number, dimensions: DimensionsMm): number {
  return Math.max(actualGrams, volumetricGrams(dimensions));
}

/** A carrier's price for one zone: a first weight, then a price per started additional step. */
export interface ZoneRate {
  /** Price of the first `firstGrams`, in fen. */
  readonly first: number;
  readonly firstGrams: number;
  /** Price per started `stepGrams` beyond the first weight, in fen. */
  readonly additional: number;
  readonly stepGrams: number;
  readonly etaDays: number;
}

/** Price in fen of `grams` at `rate`: first weight, then each started step. */
export function priceFor(grams: number, rate: ZoneRate): number {
  if (!Number.isFinite(grams) || grams < 0) throw new RangeError(`Invalid weight ${grams}`);
  const beyond = Math.max(0, grams - rate.firstGrams);
  return rate.first + Math.ceil(beyond / rate.stepGrams) * rate.additional;
}

/** One kind of item in a parcel. */
export interface PackedItem {
  readonly weightGrams: number;
  readonly dimensionsMm: DimensionsMm;
  readonly quantity: number;
}

/** A parcel's chargeable weight: the larger of its items' total weight and total volumetric weight. */
export function parcelChargeableGrams(items: readonly PackedItem[]): number {
  let actual = 0;
  let volumetric = 0;
  for (const item of items) {
    actual += item.weightGrams * item.quantity;
    volumetric += volumetricGrams(item.dimensionsMm) * item.quantity;
  }
  return Math.max(actual, volumetric);
}

/** A SKU's shipping weight and size as catalog announced them. */
export interface SkuSpec {
  readonly weightGrams: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** A unit with no catalog data is priced as one kilogram in a shoebox. */
const UNKNOWN_ITEM = { weightGrams: 1_000, dimensionsMm: { length: 300, width: 200, height: 100 } };

/** `quantity` units of a SKU as a parcel holds them, from its spec (a shoebox when unknown). */
export function packedItem(spec: SkuSpec | undefined, quantity: number): PackedItem {
  return spec
    ? {
        weightGrams: spec.weightGrams,
        dimensionsMm: { length: spec.lengthMm, width: spec.widthMm, height: spec.heightMm },
        quantity,
      }
    : { ...UNKNOWN_ITEM, quantity };
}
