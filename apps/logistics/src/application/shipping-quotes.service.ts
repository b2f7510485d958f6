import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { BusinessRuleError, type WarehouseKind } from '@emporium/contracts';
import {
  allocate,
  shortfalls,
  type Candidate,
  type DemandLine,
  type Shortfall,
} from '../domain/allocation';
import {
  quoteOption,
  type DeliveryOption,
  type DeliveryPolicy,
  type DeliveryQuote,
  type Parcel,
} from '../domain/delivery-policy';
import { packedItem, type PackedItem } from '../domain/freight';
import { distanceKm } from '../domain/geo';
import { packParcel, type Carton } from '../domain/packing';
import { locate } from '../domain/regions';
import { SkuSpecEntity } from '../persistence/sku-spec.entity';
import { StockLevelEntity } from '../persistence/stock-level.entity';
import { WarehouseEntity, type Address } from '../persistence/warehouse.entity';

/** Injection token of the delivery policy in force (config). */
export const DELIVERY_POLICY = Symbol('DELIVERY_POLICY');

/** Injection token of the cartons parcels are packed in (config). */
export const CARTONS = Symbol('CARTONS');

const SHIPPED_OPTIONS: readonly DeliveryOption[] = ['STANDARD', 'EXPRESS', 'SAME_DAY'];

/** A quoted option as the API answers it (pickup quotes name their store). */
export type QuotedOption = Omit<DeliveryQuote, 'parcels'> & { readonly pickupStoreId?: string };

/** The options that can be offered and, when the warehouses hold too few to ship, what is short. */
export interface ShippingQuote {
  readonly options: readonly QuotedOption[];
  /** Set when no shipped option (STANDARD, EXPRESS, SAME_DAY) can be offered for want of stock. */
  readonly shortSkus?: readonly Shortfall[];
}

/**
 * Freight quotes: the order is split into parcels the way a reservation would allocate it now,
 * each packed in its cheapest carton, and each option is priced by the delivery policy. Reads
 * only; nothing is held.
 */
@Injectable()
export class ShippingQuotesService {
  constructor(
    private readonly db: DataSource,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(CARTONS) private readonly cartons: readonly Carton[],
  ) {}

  async quote(destination: Address, items: readonly DemandLine[]): Promise<ShippingQuote> {
    const to = locate(destination.province, destination.city);
    if (!to) {
      throw new BusinessRuleError(
        'unknown-province',
        `${destination.province} is not a province of mainland China`,
      );
    }
    const skus = [...new Set(items.map((i) => i.sku))];
    const specs = new Map(
      (await this.db.getRepository(SkuSpecEntity).findBy({ sku: In(skus) })).map((s) => [s.sku, s]),
    );
    const unknown = skus.filter((sku) => !specs.has(sku));
    if (unknown.length)
      throw new BusinessRuleError('unknown-sku', `No shipping data for ${unknown.join(', ')}`);

    const warehouses = new Map(
      (await this.db.getRepository(WarehouseEntity).find()).map((w) => [w.id, w]),
    );
    const levels = await this.db.getRepository(StockLevelEntity).findBy({ sku: In(skus) });
    const candidates = (kind: WarehouseKind): Candidate[] => {
      const byWarehouse = new Map<string, Map<string, number>>();
      for (const l of levels) {
        if (warehouses.get(l.warehouseId)?.kind !== kind) continue;
        const available = byWarehouse.get(l.warehouseId) ?? new Map<string, number>();
        available.set(l.sku, l.onHand - l.reserved);
        byWarehouse.set(l.warehouseId, available);
      }
      return [...byWarehouse].map(([warehouseId, available]) => {
        const w = warehouses.get(warehouseId)!;
        return { warehouseId, location: { lat: w.lat, lon: w.lon }, available };
      });
    };
    const place = { province: destination.province, city: destination.city, location: to };
    const parcelsFrom = (
      allocations: readonly { warehouseId: string; sku: string; quantity: number }[],
    ): Parcel[] => {
      const contents = new Map<string, PackedItem[]>();
      for (const a of allocations) {
        contents.set(a.warehouseId, [
          ...(contents.get(a.warehouseId) ?? []),
          packedItem(specs.get(a.sku), a.quantity),
        ]);
      }
      return [...contents].map(([warehouseId, packed]) => {
        const w = warehouses.get(warehouseId)!;
        const from = {
          province: w.address.province,
          city: w.address.city,
          location: { lat: w.lat, lon: w.lon },
        };
        return {
          from: { ...from, kind: w.kind },
          to: place,
          chargeableGrams: packParcel(packed, this.cartons).chargeableGrams,
        };
      });
    };

    const options: QuotedOption[] = [];
    const warehousesStock = candidates('WAREHOUSE');
    const shipped = allocate(items, warehousesStock, to);
    if (shipped.ok) {
      const parcels = parcelsFrom(shipped.allocations);
      for (const option of SHIPPED_OPTIONS) {
        const quote = quoteOption(this.policy, option, parcels);
        if (quote) options.push(withoutParcels(quote));
      }
    }
    // Pickup: the nearest store that holds everything.
    const stores = candidates('STORE')
      .filter((c) => items.every((i) => (c.available.get(i.sku) ?? 0) >= i.quantity))
      .sort((a, b) => distanceKm(a.location, to) - distanceKm(b.location, to));
    if (stores[0]) {
      const allocations = items.map((i) => ({
        warehouseId: stores[0].warehouseId,
        sku: i.sku,
        quantity: i.quantity,
      }));
      const quote = quoteOption(this.policy, 'STORE_PICKUP', parcelsFrom(allocations));
      if (quote) options.push({ ...withoutParcels(quote), pickupStoreId: stores[0].warehouseId });
    }
    return shipped.ok ? { options } : { options, shortSkus: shortfalls(items, warehousesStock) };
  }
}

function withoutParcels(quote: DeliveryQuote): QuotedOption {
  const { deliveryOption, mode, carrier, price, etaDays } = quote;
  return { deliveryOption, mode, carrier, price, etaDays };
}
