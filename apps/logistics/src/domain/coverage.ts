import type { DeliveryOption } from '@emporium/contracts';
import { chooseCarrier, type DeliveryPolicy, type Place } from './delivery-policy';
import { distanceKm, type GeoPoint } from './geo';
import { PROVINCES, locate } from './regions';

/** The options a warehouse network ships (store pickups are not its job). */
export const SHIPPED: readonly DeliveryOption[] = ['STANDARD', 'EXPRESS', 'SAME_DAY'];

/** A warehouse of a network, real or proposed. */
export interface Site {
  readonly id: string;
  readonly province: string;
  readonly city: string;
  readonly location: GeoPoint;
}

/** A paid order as coverage replays it: where it went, how, and its parcel's chargeable weight. */
export interface CoverageOrder {
  readonly province: string;
  readonly city: string;
  readonly option: DeliveryOption;
  readonly chargeableGrams: number;
}

/** What a network promises and costs one province. */
export interface ProvinceCoverage {
  readonly province: string;
  /** The site nearest its capital: where its orders ship from. */
  readonly siteId: string | null;
  /** Days each option promises to its capital (a 1 kg parcel); null where none can be kept. */
  readonly promisedDays: Readonly<Record<string, number | null>>;
  readonly orders: number;
  /** Shares of its orders promised within 1, 2 and 3 days. */
  readonly within: { readonly 1: number; readonly 2: number; readonly 3: number };
  /** Freight per order, in fen (0 without orders). */
  readonly freightPerOrder: number;
  /** Orders no carrier of the policy could carry from this network. */
  readonly unserved: number;
}

/** The site nearest a point (the first listed on a tie). */
export function nearestSite(sites: readonly Site[], to: GeoPoint): Site | undefined {
  let best: { site: Site; km: number } | undefined;
  for (const site of sites) {
    const km = distanceKm(site.location, to);
    if (!best || km < best.km) best = { site, km };
  }
  return best?.site;
}

/**
 * Replays a period's orders on a network: each order ships from the site nearest its destination
 * (the network is taken to hold everything) with the carrier the delivery policy would choose for
 * its option and weight, and falls back to STANDARD when its option cannot be kept, as shipments
 * do. Per province: orders, the shares promised within 1/2/3 days, freight per order, and the
 * days each option promises its capital. Carrier choices are memoised per destination, option and
 * weight rounded up to 100 g (rates step in whole 100 g multiples, so the price is the same), so
 * a year of orders costs a few thousand choices.
 */
export function coverageOf(
  orders: readonly CoverageOrder[],
  sites: readonly Site[],
  policy: DeliveryPolicy,
): ProvinceCoverage[] {
  const choices = new Map<string, { price: number; etaDays: number } | null>();
  const sitesOf = new Map<string, Site | undefined>();
  const siteFor = (province: string, city: string) => {
    const key = `${province}|${city}`;
    if (!sitesOf.has(key)) {
      const at = locate(province, city);
      sitesOf.set(key, at ? nearestSite(sites, at) : undefined);
    }
    return sitesOf.get(key);
  };
  const carry = (province: string, city: string, option: DeliveryOption, grams: number) => {
    const key = `${province}|${city}|${option}|${grams}`;
    if (!choices.has(key)) {
      const site = siteFor(province, city);
      const to = locate(province, city);
      let choice: { price: number; etaDays: number } | null = null;
      if (site && to) {
        const parcel = {
          from: { ...placeOf(site), kind: 'WAREHOUSE' as const },
          to: { province, city, location: to },
          chargeableGrams: grams,
        };
        choice =
          chooseCarrier(policy, option, parcel) ??
          chooseCarrier(policy, 'STANDARD', parcel) ??
          null;
      }
      choices.set(key, choice);
    }
    return choices.get(key)!;
  };

  const tally = new Map<
    string,
    { orders: number; days: number[]; freight: number; none: number }
  >();
  for (const o of orders) {
    const t = tally.get(o.province) ?? { orders: 0, days: [0, 0, 0], freight: 0, none: 0 };
    t.orders++;
    const choice = carry(o.province, o.city, o.option, Math.ceil(o.chargeableGrams / 100) * 100);
    if (!choice) {
      t.none++;
    } else {
      t.freight += choice.price;
      for (let d = 1; d <= 3; d++) if (choice.etaDays <= d) t.days[d - 1]++;
    }
    tally.set(o.province, t);
  }

  return Object.entries(PROVINCES).map(([province, p]) => {
    const site = nearestSite(sites, p.at);
    const promisedDays = Object.fromEntries(
      SHIPPED.map((option) => {
        const choice = site
          ? chooseCarrier(policy, option, {
              from: { ...placeOf(site), kind: 'WAREHOUSE' },
              to: { province, city: p.capital, location: p.at },
              chargeableGrams: 1_000,
            })
          : undefined;
        return [option, choice ? choice.etaDays : null];
      }),
    );
    const t = tally.get(province) ?? { orders: 0, days: [0, 0, 0], freight: 0, none: 0 };
    const share = (n: number) => (t.orders ? n / t.orders : 0);
    return {
      province,
      siteId: site?.id ?? null,
      promisedDays,
      orders: t.orders,
      within: { 1: share(t.days[0]), 2: share(t.days[1]), 3: share(t.days[2]) },
      freightPerOrder: t.orders ? Math.round(t.freight / t.orders) : 0,
      unserved: t.none,
    };
  });
}

function placeOf(site: Site): Place {
  return { province: site.province, city: site.city, location: site.location };
}
