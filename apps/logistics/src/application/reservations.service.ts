import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { counter } from '@emporium/platform-observability';
import { transaction } from '@emporium/platform-persistence';
import { allocate, type Candidate, type DemandLine } from '../domain/allocation';
import type { GeoPoint } from '../domain/geo';
import { locate } from '../domain/regions';
import { shareOut } from '../domain/stock-movements';
import { ReservationEntity } from '../persistence/reservation.entity';
import {
  lockStockRows,
  reserveStock,
  settleReservedStock,
  type LockedStockRow,
} from '../persistence/stock-level.queries';
import { recordMovements } from '../persistence/stock-movement.queries';
import type { Address } from '../persistence/warehouse.entity';
import { readLevels } from './stock-levels';

/** What a paid order's line of one SKU came to: units and their total, in minor units. */
export interface SoldLine {
  readonly sku: string;
  readonly quantity: number;
  readonly lineTotal: number;
}

/** What logistics needs of a placed order to reserve its stock. */
export interface ReserveOrder {
  readonly orderId: string;
  readonly lines: readonly DemandLine[];
  readonly shippingAddress: Address;
  readonly deliveryOption: string;
  readonly pickupStoreId?: string;
}

const reservationsFailed = counter(
  'emporium_stock_reservations_failed_total',
  'Orders whose stock could not be reserved',
);

/** Where a destination outside the reference table is placed: the middle of the country (西安). */
const CENTRAL_CHINA: GeoPoint = { lat: 34.3416, lon: 108.9398 };

/**
 * The reservation saga's logistics steps. Every step locks the stock rows it reads, in one order
 * (SKU, warehouse), so concurrent orders for the same SKU are serialized and never oversell; the
 * table's CHECK (reserved <= on_hand) is the last line of defence. Each step is idempotent per order.
 */
@Injectable()
export class ReservationsService {
  constructor(private readonly db: DataSource) {}

  /** Reserves every line of the order, or nothing, and says so with an event. */
  reserve(order: ReserveOrder, tx?: EntityManager): Promise<ReservationEntity> {
    const work = async (em: EntityManager) => {
      const existing = await em.findOne(ReservationEntity, { where: { orderId: order.orderId } });
      if (existing) return existing;
      const skus = [...new Set(order.lines.map((l) => l.sku))].sort();
      const rows = await lockStockRows(em, skus);
      const eligible = rows.filter((r) =>
        order.deliveryOption === 'STORE_PICKUP'
          ? r.warehouse_id === order.pickupStoreId
          : r.kind === 'WAREHOUSE',
      );
      const destination =
        locate(order.shippingAddress.province, order.shippingAddress.city) ?? CENTRAL_CHINA;
      const result = allocate(order.lines, toCandidates(eligible), destination);
      const reservation = em.create(ReservationEntity, {
        orderId: order.orderId,
        deliveryOption: order.deliveryOption,
        destination: order.shippingAddress,
        status: result.ok ? 'RESERVED' : 'FAILED',
        allocations: result.ok ? [...result.allocations] : [],
      });
      if (!result.ok) {
        await em.save(reservation);
        reservationsFailed.inc();
        await writeOutbox(em, {
          type: 'stock.reservation-failed',
          subject: order.orderId,
          data: {
            orderId: order.orderId,
            shortSkus: result.shortSkus.map((sku) => ({
              sku,
              requested: order.lines
                .filter((l) => l.sku === sku)
                .reduce((sum, l) => sum + l.quantity, 0),
              available: eligible
                .filter((r) => r.sku === sku)
                .reduce((sum, r) => sum + r.on_hand - r.reserved, 0),
            })),
          },
        });
        return reservation;
      }
      for (const a of result.allocations) await reserveStock(em, a);
      await em.save(reservation);
      await writeOutbox(em, {
        type: 'stock.reserved',
        subject: order.orderId,
        data: {
          orderId: order.orderId,
          allocations: result.allocations,
          levels: await readLevels(em, result.allocations),
        },
      });
      return reservation;
    };
    return tx ? work(tx) : transaction(this.db, work);
  }

  /** Gives a reserved order's units back (cancelled or unpaid); a no-op in any other state. */
  release(orderId: string, tx?: EntityManager): Promise<ReservationEntity | null> {
    return this.settle(orderId, 'RELEASED', tx);
  }

  /**
   * Takes a paid order's units off the shelves, and writes each warehouse's share of the sale in
   * the movement ledger (what forecasts and slotting learn from); a no-op in any other state.
   */
  commit(
    orderId: string,
    tx?: EntityManager,
    lines: readonly SoldLine[] = [],
  ): Promise<ReservationEntity | null> {
    return this.settle(orderId, 'COMMITTED', tx, lines);
  }

  private settle(
    orderId: string,
    to: 'RELEASED' | 'COMMITTED',
    tx?: EntityManager,
    lines: readonly SoldLine[] = [],
  ) {
    const work = async (em: EntityManager) => {
      const reservation = await em.findOne(ReservationEntity, {
        where: { orderId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!reservation || reservation.status !== 'RESERVED') return reservation;
      const pairs = [...reservation.allocations].sort((a, b) =>
        a.sku === b.sku ? a.warehouseId.localeCompare(b.warehouseId) : a.sku.localeCompare(b.sku),
      );
      for (const a of pairs) await settleReservedStock(em, a, to === 'COMMITTED');
      if (to === 'COMMITTED') await recordSales(em, orderId, pairs, lines);
      reservation.status = to;
      await em.save(reservation);
      await writeOutbox(em, {
        type: to === 'RELEASED' ? 'stock.released' : 'stock.committed',
        subject: orderId,
        data: {
          orderId,
          allocations: reservation.allocations,
          levels: await readLevels(em, pairs),
        },
      });
      return reservation;
    };
    return tx ? work(tx) : transaction(this.db, work);
  }
}

/** One OUTBOUND movement per allocation, each with its share of its SKU's line totals. */
async function recordSales(
  tx: EntityManager,
  orderId: string,
  allocations: readonly { warehouseId: string; sku: string; quantity: number }[],
  lines: readonly SoldLine[],
): Promise<void> {
  const revenue = new Map<string, number>();
  for (const l of lines) revenue.set(l.sku, (revenue.get(l.sku) ?? 0) + l.lineTotal);
  const shares = new Map<string, number[]>();
  for (const sku of new Set(allocations.map((a) => a.sku))) {
    const ofSku = allocations.filter((a) => a.sku === sku).map((a) => a.quantity);
    shares.set(sku, shareOut(revenue.get(sku) ?? 0, ofSku));
  }
  await recordMovements(
    tx,
    allocations.map((a) => ({
      warehouseId: a.warehouseId,
      sku: a.sku,
      direction: 'OUTBOUND',
      reason: 'ORDER',
      quantity: a.quantity,
      revenueAmount: shares.get(a.sku)!.shift()!,
      orderId,
    })),
  );
}

function toCandidates(rows: readonly LockedStockRow[]): Candidate[] {
  const byWarehouse = new Map<string, { location: GeoPoint; available: Map<string, number> }>();
  for (const r of rows) {
    const entry = byWarehouse.get(r.warehouse_id) ?? {
      location: { lat: r.lat, lon: r.lon },
      available: new Map(),
    };
    entry.available.set(r.sku, r.on_hand - r.reserved);
    byWarehouse.set(r.warehouse_id, entry);
  }
  return [...byWarehouse].map(([warehouseId, c]) => ({ warehouseId, ...c }));
}
