import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { NotFoundError, isStaff, money, moneyFrom, type Identity } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { carrierCode } from '../domain/carriers';
import { chooseCarrier, type DeliveryOption, type DeliveryPolicy } from '../domain/delivery-policy';
import { packedItem } from '../domain/freight';
import { packParcel, unitParcels, type Carton } from '../domain/packing';
import { locate } from '../domain/regions';
import { collectBy } from '../domain/pickup';
import {
  flowOf,
  isDelivered,
  nextStatus,
  type ShipmentKind,
  type ShipmentStatus,
} from '../domain/shipment-status';
import { ReservationEntity } from '../persistence/reservation.entity';
import { ShipmentEntity } from '../persistence/shipment.entity';
import { freightCosts, recordCarrierEvent } from '../persistence/shipment.queries';
import { SkuSpecEntity } from '../persistence/sku-spec.entity';
import { addOnHand } from '../persistence/stock-level.queries';
import { WarehouseEntity } from '../persistence/warehouse.entity';
import { CARTONS, DELIVERY_POLICY } from './shipping-quotes.service';
import { endPickup, newPickupCode, PICKUP_SETTINGS, type PickupSettings } from './pickup-settings';
import { putBackOnHand, readLevels } from './stock-levels';

/** A tracking event as merchants and carriers report it. */
export interface TrackingUpdate {
  readonly status: ShipmentStatus;
  readonly location?: string;
  readonly note?: string;
}

function trackingNumber(): string {
  return `EM${Date.now().toString(36).toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Shipments: created for paid orders, moved by tracking events, costed for the report. */
@Injectable()
export class ShipmentsService {
  constructor(
    private readonly db: DataSource,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(PICKUP_SETTINGS) private readonly pickups: PickupSettings,
    @Inject(CARTONS) private readonly cartons: readonly Carton[],
  ) {}

  /**
   * Creates one outbound shipment per warehouse of a committed reservation, each with the carrier
   * the delivery policy chooses. Does nothing twice for the same order.
   */
  async createForPaidOrder(
    orderId: string,
    customerId: string,
    tx: EntityManager,
  ): Promise<ShipmentEntity[]> {
    const existing = await tx.find(ShipmentEntity, { where: { orderId, kind: 'OUTBOUND' } });
    const reservation = await tx.findOne(ReservationEntity, { where: { orderId } });
    if (existing.length || reservation?.status !== 'COMMITTED') return existing;
    return this.createShipments(
      {
        orderId,
        customerId,
        kind: 'OUTBOUND',
        option: reservation.deliveryOption as DeliveryOption,
      },
      reservation,
      reservation.allocations,
      tx,
    );
  }

  /**
   * A cancelled order's outbound parcels no carrier has picked up yet (and store pickups not yet
   * collected) are CANCELLED, and their units go back on hand where they were committed, with one
   * `stock.restocked`. A parcel already picked up goes its way. A second call finds no such parcel
   * and changes nothing.
   */
  async cancelBeforePickup(orderId: string, tx: EntityManager): Promise<ShipmentEntity[]> {
    // A pickup reported at the same moment waits for this lock, then finds the parcel CANCELLED
    // (409); one that came first has moved its parcel out of this query.
    const open = await tx.find(ShipmentEntity, {
      where: { orderId, kind: 'OUTBOUND', status: In(['CREATED', 'READY_FOR_PICKUP']) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (!open.length) return [];
    const at = new Date().toISOString();
    const back: { warehouseId: string; sku: string; quantity: number }[] = [];
    for (const shipment of open) {
      const from = shipment.status;
      shipment.status = nextStatus(flowOf(shipment.kind, shipment.mode), from, 'CANCELLED');
      shipment.events = [
        ...shipment.events,
        { status: 'CANCELLED', at, note: 'order cancelled before pickup' },
      ];
      Object.assign(shipment, endPickup());
      await tx.save(shipment);
      await writeOutbox(tx, {
        type: 'shipment.status-changed',
        subject: orderId,
        data: { shipmentId: shipment.id, orderId, kind: shipment.kind, from, to: 'CANCELLED', at },
      });
      back.push(
        ...shipment.items.map((i) => ({
          warehouseId: shipment.warehouseId,
          sku: i.sku,
          quantity: i.quantity,
        })),
      );
    }
    await putBackOnHand(tx, orderId, back);
    return open;
  }

  /**
   * Creates the RETURN shipments of an approved return: the goods go back to the warehouses they
   * were shipped from. Does nothing twice for the same return.
   */
  async createForApprovedReturn(
    returned: {
      returnId: string;
      orderId: string;
      customerId: string;
      lines: readonly { sku: string; quantity: number }[];
    },
    tx: EntityManager,
  ): Promise<ShipmentEntity[]> {
    const existing = await tx.find(ShipmentEntity, { where: { returnId: returned.returnId } });
    const reservation = await tx.findOne(ReservationEntity, {
      where: { orderId: returned.orderId },
    });
    if (existing.length || !reservation) return existing;
    const back: { warehouseId: string; sku: string; quantity: number }[] = [];
    for (const line of returned.lines) {
      let left = line.quantity;
      for (const a of reservation.allocations.filter((x) => x.sku === line.sku)) {
        const quantity = Math.min(left, a.quantity);
        if (quantity > 0) back.push({ warehouseId: a.warehouseId, sku: line.sku, quantity });
        left -= quantity;
      }
    }
    return this.createShipments(
      {
        orderId: returned.orderId,
        customerId: returned.customerId,
        kind: 'RETURN',
        option: 'STANDARD',
        returnId: returned.returnId,
      },
      reservation,
      back,
      tx,
    );
  }

  private async createShipments(
    order: {
      orderId: string;
      customerId: string;
      kind: ShipmentKind;
      option: DeliveryOption;
      returnId?: string;
    },
    reservation: ReservationEntity,
    allocations: readonly { warehouseId: string; sku: string; quantity: number }[],
    tx: EntityManager,
  ): Promise<ShipmentEntity[]> {
    const { orderId, customerId, kind, option } = order;
    const to = locate(reservation.destination.province, reservation.destination.city);
    const skus = [...new Set(allocations.map((a) => a.sku))];
    const specs = new Map(
      (await tx.findBy(SkuSpecEntity, { sku: In(skus) })).map((s) => [s.sku, s]),
    );
    const byWarehouse = new Map<string, { sku: string; quantity: number }[]>();
    for (const a of allocations) {
      byWarehouse.set(a.warehouseId, [
        ...(byWarehouse.get(a.warehouseId) ?? []),
        { sku: a.sku, quantity: a.quantity },
      ]);
    }
    const created: ShipmentEntity[] = [];
    for (const [warehouseId, items] of byWarehouse) {
      const warehouse = await tx.findOneByOrFail(WarehouseEntity, { id: warehouseId });
      const from = { lat: warehouse.lat, lon: warehouse.lon };
      const contents = items.map((i) => packedItem(specs.get(i.sku), i.quantity));
      const packed = packParcel(contents, this.cartons);
      // Freight is priced between the warehouse and the customer, whichever way the parcel goes.
      const parcel = {
        from: {
          province: warehouse.address.province,
          city: warehouse.address.city,
          location: from,
          kind: warehouse.kind,
        },
        to: {
          province: reservation.destination.province,
          city: reservation.destination.city,
          location: to ?? from,
        },
        chargeableGrams: packed.chargeableGrams,
      };
      const choice = chooseCarrier(this.policy, option, parcel);
      // The promise was quoted at checkout; if it can no longer be kept, ship STANDARD and say so.
      const fallback = choice ? undefined : chooseCarrier(this.policy, 'STANDARD', parcel);
      const chosen = choice ?? fallback;
      if (!chosen)
        throw new Error(`No carrier can carry order ${orderId} to or from ${warehouse.code}`);
      // The same carrier choice for each unit alone: what packing the parcel together saves.
      const unpackedCostAmount = packed.carton
        ? unitParcels(contents, this.cartons).reduce(
            (sum, chargeableGrams) =>
              sum +
              (chooseCarrier(this.policy, fallback ? 'STANDARD' : option, {
                ...parcel,
                chargeableGrams,
              })?.price ?? 0),
            0,
          )
        : null;
      const shipment = await tx.save(
        tx.create(ShipmentEntity, {
          orderId,
          customerId,
          returnId: order.returnId ?? null,
          kind,
          status: 'CREATED',
          mode: chosen.mode,
          carrier: chosen.carrier,
          trackingNumber: trackingNumber(),
          warehouseId,
          items,
          costAmount: chosen.price,
          carton: packed.carton?.code ?? null,
          unpackedCostAmount,
          reason: fallback ? `${option} no longer feasible; ${fallback.reason}` : chosen.reason,
          events: [{ status: 'CREATED', at: new Date().toISOString() }],
        }),
      );
      await writeOutbox(tx, {
        type: 'shipment.created',
        subject: orderId,
        data: {
          shipmentId: shipment.id,
          orderId,
          customerId,
          kind,
          warehouseId,
          mode: shipment.mode,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          items,
          costAmount: shipment.costAmount,
        },
      });
      created.push(shipment);
    }
    return created;
  }

  /** Moves a shipment on by a tracking event; an impossible transition is a 409. */
  record(where: { id: string }, update: TrackingUpdate): Promise<ShipmentEntity> {
    return transaction(this.db, async (tx) => {
      const shipment = await tx.findOne(ShipmentEntity, {
        where,
        lock: { mode: 'pessimistic_write' },
      });
      if (!shipment) throw new NotFoundError('shipment-not-found', 'No such shipment');
      return this.apply(shipment, update, tx);
    });
  }

  /**
   * A carrier's tracking event, already authenticated as coming from `carrier` (a carrier code).
   * Only a parcel that carrier carries can be moved (else 404, as for a parcel that does not
   * exist); an event id already applied changes nothing and answers the shipment as it is.
   */
  recordFromCarrier(
    carrier: string,
    event: TrackingUpdate & { eventId: string; trackingNumber: string },
  ): Promise<ShipmentEntity> {
    return transaction(this.db, async (tx) => {
      const shipment = await tx.findOne(ShipmentEntity, {
        where: { trackingNumber: event.trackingNumber },
        lock: { mode: 'pessimistic_write' },
      });
      if (!shipment || carrierCode(shipment.carrier) !== carrier) {
        throw new NotFoundError(
          'shipment-not-found',
          `${carrier} carries no shipment ${event.trackingNumber}`,
        );
      }
      // The event id row is the replay guard, written with the effect; the shipment's row lock
      // serialises deliveries of one event. A refused transition rolls both back.
      const deliveries = await recordCarrierEvent(tx, {
        carrier,
        eventId: event.eventId,
        shipmentId: shipment.id,
        status: event.status,
      });
      if (deliveries > 1) return shipment;
      return this.apply(shipment, event, tx);
    });
  }

  /**
   * Moves a locked shipment on and announces it. A store pickup put aside (READY_FOR_PICKUP) gets
   * its code and its collect-by time; a collected one is delivered.
   */
  async apply(
    shipment: ShipmentEntity,
    update: TrackingUpdate,
    tx: EntityManager,
  ): Promise<ShipmentEntity> {
    const from = shipment.status;
    shipment.status = nextStatus(flowOf(shipment.kind, shipment.mode), from, update.status);
    const now = new Date();
    const at = now.toISOString();
    shipment.events = [
      ...shipment.events,
      { status: update.status, at, location: update.location, note: update.note },
    ];
    if (shipment.status === 'READY_FOR_PICKUP') {
      Object.assign(shipment, {
        pickupCode: newPickupCode(),
        pickupFailedAttempts: 0,
        collectBy: collectBy(now, this.pickups.windowDays),
      });
    } else if (shipment.pickupCode !== null) {
      Object.assign(shipment, endPickup());
    }
    await tx.save(shipment);
    const base = { shipmentId: shipment.id, orderId: shipment.orderId, kind: shipment.kind };
    await writeOutbox(tx, {
      type: 'shipment.status-changed',
      subject: shipment.orderId,
      data: {
        ...base,
        from,
        to: shipment.status,
        at,
        ...(update.location ? { location: update.location } : {}),
        // The code itself never travels: events are read by every consumer and integrator.
        ...(shipment.status === 'READY_FOR_PICKUP' && shipment.collectBy
          ? { collectBy: shipment.collectBy.toISOString() }
          : {}),
      },
    });
    if (isDelivered(shipment.status)) {
      await writeOutbox(tx, {
        type: 'shipment.delivered',
        subject: shipment.orderId,
        data: { ...base, deliveredAt: at },
      });
      if (shipment.kind === 'RETURN') await this.restock(shipment, tx);
    }
    if (shipment.status === 'PICKUP_EXPIRED') {
      await putBackOnHand(
        tx,
        shipment.orderId,
        shipment.items.map((i) => ({ warehouseId: shipment.warehouseId, ...i })),
      );
    }
    return shipment;
  }

  /** A shipment the caller may see: staff see all, a customer only their own (else 404). */
  async find(id: string, caller: Identity): Promise<ShipmentEntity> {
    const shipment = await this.db.getRepository(ShipmentEntity).findOneBy({ id });
    if (!shipment || !this.maySee(shipment, caller))
      throw new NotFoundError('shipment-not-found', `No shipment ${id}`);
    return shipment;
  }

  /** An order's shipments the caller may see. */
  async forOrder(orderId: string, caller: Identity): Promise<ShipmentEntity[]> {
    const shipments = await this.db
      .getRepository(ShipmentEntity)
      .find({ where: { orderId }, order: { createdAt: 'ASC' } });
    return shipments.filter((s) => this.maySee(s, caller));
  }

  /**
   * Freight cost by mode and carrier, cost per order and share of orders per mode, over [from, to).
   * A CANCELLED parcel never left the warehouse and cost nothing.
   */
  async costs(from: Date, to: Date) {
    const rows = await freightCosts(this.db, from, to);
    // GROUPING SETS: one row overall (mode null), one per mode (carrier null), one per carrier.
    const overall = rows.find((r) => r.mode === null);
    const orders = Number(overall?.orders ?? 0);
    const total = Number(overall?.cost ?? 0);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      orders,
      totalCost: money(total),
      costPerOrder: money(orders ? Math.round(total / orders) : 0),
      byMode: rows
        .filter((r) => r.mode !== null && r.carrier === null)
        .map((r) => ({
          mode: r.mode,
          shipments: Number(r.shipments),
          cost: moneyFrom(r.cost),
          orderShare: Number(r.orders) / orders,
        })),
      // Parcels packed in one carton against the same units sent one by one.
      packaging: {
        packedShipments: Number(overall?.packed ?? 0),
        freightSaving: moneyFrom(overall?.saving ?? null),
      },
      byCarrier: rows
        .filter((r) => r.mode !== null && r.carrier !== null)
        .map((r) => ({
          carrier: r.carrier,
          mode: r.mode,
          shipments: Number(r.shipments),
          cost: moneyFrom(r.cost),
        })),
    };
  }

  private maySee(shipment: ShipmentEntity, caller: Identity): boolean {
    return isStaff(caller) || shipment.customerId === caller.userId;
  }

  /** Returned goods are back on the shelf of the warehouse that received them. */
  private async restock(shipment: ShipmentEntity, tx: EntityManager): Promise<void> {
    for (const item of shipment.items) {
      await addOnHand(tx, { warehouseId: shipment.warehouseId, ...item });
    }
    const levels = await readLevels(
      tx,
      shipment.items.map((i) => ({ warehouseId: shipment.warehouseId, sku: i.sku })),
    );
    const returnFields = shipment.returnId
      ? {
          returnId: shipment.returnId,
          returnComplete: await this.returnComplete(shipment.returnId, tx),
        }
      : {};
    await writeOutbox(tx, {
      type: 'stock.restocked',
      subject: shipment.orderId,
      data: { orderId: shipment.orderId, ...returnFields, levels },
    });
  }

  /**
   * Whether every parcel of a return has arrived. The return's shipments are locked so two parcels
   * delivered at once cannot both miss each other (a deadlock between them is retried).
   */
  private async returnComplete(returnId: string, tx: EntityManager): Promise<boolean> {
    const parcels = await tx.find(ShipmentEntity, {
      where: { returnId },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return parcels.every((parcel) => parcel.status === 'DELIVERED');
  }
}
