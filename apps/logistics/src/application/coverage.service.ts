import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  BusinessRuleError,
  money,
  type CoverageView,
  type DeliveryOption,
  type ProposedWarehouseRequest,
} from '@emporium/contracts';
import { coverageOf, type CoverageOrder, type Site } from '../domain/coverage';
import type { DeliveryPolicy } from '../domain/delivery-policy';
import { packedItem } from '../domain/freight';
import { packParcel, type Carton } from '../domain/packing';
import { isKnownProvince } from '../domain/regions';
import {
  deliveredOrders,
  findCoverageSnapshot,
  saveCoverageSnapshot,
  shippedOrders,
} from '../persistence/coverage.queries';
import { SkuSpecEntity } from '../persistence/sku-spec.entity';
import { WarehouseEntity } from '../persistence/warehouse.entity';
import { CARTONS, DELIVERY_POLICY } from './shipping-quotes.service';

/** Injection token: seconds a coverage answer is served before it is computed again (0: never kept). */
export const COVERAGE_MAX_AGE_SECONDS = Symbol('COVERAGE_MAX_AGE_SECONDS');

/** Network coverage: the period's real orders replayed on the warehouses, or on proposed ones. */
@Injectable()
export class CoverageService {
  constructor(
    private readonly db: DataSource,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(CARTONS) private readonly cartons: readonly Carton[],
    @Inject(COVERAGE_MAX_AGE_SECONDS) private readonly maxAgeSeconds: number,
  ) {}

  /** The current network (its warehouses, not stores), with what really happened beside it. */
  current(period: { from: Date; to: Date }): Promise<CoverageView> {
    return this.stored({ network: 'current', ...isoOf(period) }, () => this.compute(period));
  }

  private async compute(period: {
    from: Date;
    to: Date;
  }): Promise<Omit<CoverageView, 'computedAt'>> {
    const warehouses = await this.db.getRepository(WarehouseEntity).findBy({ kind: 'WAREHOUSE' });
    const sites = warehouses.map((w) => ({
      id: w.code,
      province: w.address.province,
      city: w.address.city,
      location: { lat: w.lat, lon: w.lon },
    }));
    const [view, delivered] = await Promise.all([
      this.replay(period, sites, 'current'),
      deliveredOrders(this.db, period.from, period.to),
    ]);
    const actual = new Map(delivered.map((d) => [d.province, d]));
    return {
      ...view,
      provinces: view.provinces.map((p) => {
        const d = actual.get(p.province);
        const orders = Number(d?.orders ?? 0);
        const share = (n: string | undefined) => (orders ? Number(n) / orders : 0);
        return {
          ...p,
          actual: {
            orders,
            within1Day: share(d?.within1),
            within2Days: share(d?.within2),
            within3Days: share(d?.within3),
            freightPerOrder: money(orders ? Math.round(Number(d?.cost) / orders) : 0),
          },
        };
      }),
    };
  }

  /** The same period's orders as if a proposed set of warehouses had served them. */
  simulate(
    period: { from: Date; to: Date },
    warehouses: readonly ProposedWarehouseRequest[],
  ): Promise<CoverageView> {
    const unknown = warehouses.filter((w) => !isKnownProvince(w.province));
    if (unknown.length) {
      throw new BusinessRuleError(
        'unknown-province',
        `${unknown.map((w) => w.province).join(', ')} is not a province of mainland China`,
      );
    }
    const codes = warehouses.map((w) => w.code);
    if (new Set(codes).size !== codes.length) {
      throw new BusinessRuleError(
        'duplicate-warehouse-code',
        'Each proposed warehouse needs its own code',
      );
    }
    const sites = warehouses.map((w) => ({
      id: w.code,
      province: w.province,
      city: w.city,
      location: { lat: w.location.lat, lon: w.location.lon },
    }));
    return this.stored({ network: 'proposed', ...isoOf(period), sites }, () =>
      this.replay(period, sites, 'proposed'),
    );
  }

  /**
   * The stored answer to `request` while it is younger than the max age, else a fresh one, stored.
   * Replaying a year of orders takes seconds; a dashboard asking again reads one row.
   */
  private async stored(
    request: object,
    compute: () => Promise<Omit<CoverageView, 'computedAt'>>,
  ): Promise<CoverageView> {
    if (this.maxAgeSeconds <= 0)
      return { ...(await compute()), computedAt: new Date().toISOString() };
    const key = JSON.stringify(request);
    const row = await findCoverageSnapshot(this.db, key);
    if (row && Date.now() - row.computed_at.getTime() <= this.maxAgeSeconds * 1_000) {
      return {
        ...(row.body as Omit<CoverageView, 'computedAt'>),
        computedAt: row.computed_at.toISOString(),
      };
    }
    const computedAt = new Date();
    const body = await compute();
    await saveCoverageSnapshot(this.db, key, body, computedAt);
    return { ...body, computedAt: computedAt.toISOString() };
  }

  private async replay(
    period: { from: Date; to: Date },
    sites: readonly Site[],
    network: CoverageView['network'],
  ): Promise<Omit<CoverageView, 'computedAt'>> {
    const rows = await shippedOrders(this.db, period.from, period.to);
    const skus = [...new Set(rows.flatMap((r) => r.allocations.map((a) => a.sku)))];
    const specs = new Map(
      (skus.length ? await this.db.getRepository(SkuSpecEntity).findBy({ sku: In(skus) }) : []).map(
        (s) => [s.sku, s],
      ),
    );
    // The same basket packs the same way wherever it ships from: pack each kind once.
    const packed = new Map<string, number>();
    const orders: CoverageOrder[] = rows.map((r) => {
      const units = new Map<string, number>();
      for (const a of r.allocations) units.set(a.sku, (units.get(a.sku) ?? 0) + a.quantity);
      const basket = [...units].sort(([a], [b]) => (a < b ? -1 : 1));
      const key = JSON.stringify(basket);
      if (!packed.has(key)) {
        const items = basket.map(([sku, quantity]) => packedItem(specs.get(sku), quantity));
        packed.set(key, packParcel(items, this.cartons).chargeableGrams);
      }
      return {
        province: r.province,
        city: r.city,
        option: r.option as DeliveryOption,
        chargeableGrams: packed.get(key)!,
      };
    });
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      network,
      provinces: coverageOf(orders, sites, this.policy).map((p) => ({
        province: p.province,
        warehouse: p.siteId,
        promisedDays: {
          STANDARD: p.promisedDays.STANDARD ?? null,
          EXPRESS: p.promisedDays.EXPRESS ?? null,
          SAME_DAY: p.promisedDays.SAME_DAY ?? null,
        },
        orders: p.orders,
        promised: { within1Day: p.within[1], within2Days: p.within[2], within3Days: p.within[3] },
        freightPerOrder: money(p.freightPerOrder),
        unserved: p.unserved,
      })),
    };
  }
}

function isoOf(period: { from: Date; to: Date }) {
  return { from: period.from.toISOString(), to: period.to.toISOString() };
}
