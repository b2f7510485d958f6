import type { DeliveryMode, DeliveryOption, WarehouseKind } from '@emporium/contracts';
import { distanceKm, type GeoPoint } from './geo';
import { priceFor, zoneOf, type Zone, type ZoneRate } from './freight';

export type { DeliveryMode, DeliveryOption };

/** A carrier's offer: which options it serves, where, and at what price and speed per zone. */
export interface CarrierRates {
  readonly mode: DeliveryMode;
  readonly carrier: string;
  readonly options: readonly DeliveryOption[];
  readonly rates: Partial<Record<Zone, ZoneRate>>;
  /** Own fleet: the cities whose warehouses it serves from. */
  readonly cities?: readonly string[];
  /** Crowdsourced riders: the farthest they ride from the warehouse, in km. */
  readonly radiusKm?: number;
}

/** The delivery policy: every carrier's rates and the longest ETA each option promises. */
export interface DeliveryPolicy {
  readonly carriers: readonly CarrierRates[];
  readonly promisedEtaDays: Readonly<Record<DeliveryOption, number>>;
}

/** A place a parcel leaves from or goes to. */
export interface Place {
  readonly province: string;
  readonly city: string;
  readonly location: GeoPoint;
}

/** One parcel: from one warehouse (or store) to the customer, at its chargeable weight. */
export interface Parcel {
  readonly from: Place & { readonly kind: WarehouseKind };
  readonly to: Place;
  readonly chargeableGrams: number;
}

/** The carrier chosen for one parcel, and why. */
export interface CarrierChoice {
  readonly mode: DeliveryMode;
  readonly carrier: string;
  readonly price: number;
  readonly etaDays: number;
  readonly reason: string;
}

function serves(
  carrier: CarrierRates,
  option: DeliveryOption,
  parcel: Parcel,
  zone: Zone,
): boolean {
  if (!carrier.options.includes(option) || !carrier.rates[zone]) return false;
  if (carrier.mode === 'PICKUP') return parcel.from.kind === 'STORE';
  if (parcel.from.kind === 'STORE') return false; // stores hand goods over; they do not ship them
  if (carrier.cities && !carrier.cities.includes(parcel.from.city)) return false;
  if (
    carrier.radiusKm !== undefined &&
    distanceKm(parcel.from.location, parcel.to.location) > carrier.radiusKm
  ) {
    return false;
  }
  return true;
}

/**
 * Chooses the carrier for a parcel and option: the cheapest among those that serve the route within
 * the option's promised ETA (faster wins a tie). Undefined when no carrier can keep the promise.
 */
export function chooseCarrier(
  policy: DeliveryPolicy,
  option: DeliveryOption,
  parcel: Parcel,
): CarrierChoice | undefined {
  const zone = option === 'STORE_PICKUP' ? 'SAME_CITY' : zoneOf(parcel);
  const promise = policy.promisedEtaDays[option];
  const offers = policy.carriers
    .filter((c) => serves(c, option, parcel, zone))
    .map((c) => ({ c, rate: c.rates[zone]! }))
    .filter(({ rate }) => rate.etaDays <= promise)
    .map(({ c, rate }) => ({
      c,
      price: priceFor(parcel.chargeableGrams, rate),
      etaDays: rate.etaDays,
    }))
    .sort((a, b) => a.price - b.price || a.etaDays - b.etaDays);
  const best = offers[0];
  if (!best) return undefined;
  return {
    mode: best.c.mode,
    carrier: best.c.carrier,
    price: best.price,
    etaDays: best.etaDays,
    reason:
      `${option} ${zone}: cheapest of ${offers.length} carrier(s) within ${promise} day(s) ` +
      `(${best.c.carrier} ${best.price} fen, ${best.etaDays} day(s))`,
  };
}

/** A quoted delivery option for a whole order. */
export interface DeliveryQuote {
  readonly deliveryOption: DeliveryOption;
  readonly mode: DeliveryMode;
  readonly carrier: string;
  /** Sum over the order's parcels, in fen. */
  readonly price: number;
  /** The slowest parcel's ETA. */
  readonly etaDays: number;
  readonly parcels: readonly CarrierChoice[];
}

/** Quotes `option` for an order's parcels; undefined when any parcel cannot be served. */
export function quoteOption(
  policy: DeliveryPolicy,
  option: DeliveryOption,
  parcels: readonly Parcel[],
): DeliveryQuote | undefined {
  if (parcels.length === 0) return undefined;
  const choices: CarrierChoice[] = [];
  for (const parcel of parcels) {
    const choice = chooseCarrier(policy, option, parcel);
    if (!choice) return undefined;
    choices.push(choice);
  }
  // The costliest parcel names the mode; every carrier involved is listed.
  const main = [...choices].sort((a, b) => b.price - a.price)[0];
  return {
    deliveryOption: option,
    mode: main.mode,
    carrier: [...new Set(choices.map((c) => c.carrier))].join(' + '),
    price: choices.reduce((sum, c) => sum + c.price, 0),
    etaDays: Math.max(...choices.map((c) => c.etaDays)),
    parcels: choices,
  };
}

const rate = (first: number, additional: number, etaDays: number): ZoneRate => ({
  first,
  firstGrams: 1_000,
  additional,
  stepGrams: 1_000,
  etaDays,
});

/** The default policy: prices in fen, ETAs in days; deployments override it in config. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  promisedEtaDays: { STANDARD: 5, EXPRESS: 2, SAME_DAY: 0, STORE_PICKUP: 1 },
  carriers: [
    {
      mode: 'OWN_FLEET',
      carrier: 'Emporium Fleet',
      options: ['STANDARD', 'EXPRESS', 'SAME_DAY'],
      cities: ['上海市', '北京市', '广州市', '深圳市', '杭州市', '成都市'],
      rates: { SAME_CITY: rate(500, 100, 0), SAME_PROVINCE: rate(800, 200, 1) },
    },
    {
      mode: 'THIRD_PARTY',
      carrier: 'ZTO Express',
      options: ['STANDARD'],
      rates: {
        SAME_CITY: rate(700, 200, 1),
        SAME_PROVINCE: rate(800, 300, 2),
        NEIGHBOURING: rate(1000, 400, 2),
        FAR: rate(1200, 600, 3),
        REMOTE: rate(2000, 1200, 5),
      },
    },
    {
      mode: 'THIRD_PARTY',
      carrier: 'SF Express',
      options: ['STANDARD', 'EXPRESS'],
      rates: {
        SAME_CITY: rate(1200, 200, 1),
        SAME_PROVINCE: rate(1300, 300, 1),
        NEIGHBOURING: rate(1800, 500, 1),
        FAR: rate(2300, 800, 2),
        REMOTE: rate(3000, 1500, 3),
      },
    },
    {
      mode: 'CROWDSOURCED',
      carrier: 'City Riders',
      options: ['SAME_DAY'],
      radiusKm: 25,
      rates: { SAME_CITY: rate(1500, 300, 0) },
    },
    {
      mode: 'PICKUP',
      carrier: 'Store pickup',
      options: ['STORE_PICKUP'],
      rates: { SAME_CITY: rate(0, 0, 0) },
    },
  ],
};
