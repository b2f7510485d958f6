import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MemberTier } from '@emporium/contracts';
import { UNPAID_ORDER_STATUSES } from '../domain/system-tickets';
import {
  OrderViewEntity,
  PaymentViewEntity,
  ShipmentViewEntity,
} from '../persistence/read-models.entity';
import {
  insertTierHint,
  lockOrderFacts,
  upsertCreatedShipment,
  upsertCustomerProfile,
  upsertOrderView,
  upsertPaymentView,
  upsertShipmentStatus,
  type CreatedShipmentFacts,
  type CustomerProfileFacts,
  type OrderViewFacts,
  type PaymentViewFacts,
  type ShipmentStatusFacts,
} from '../persistence/read-models.queries';
import { SystemTicketsService } from './system-tickets.service';

/** Facts about an order an event may carry, and the status it had before a cancellation. */
export interface OrderFacts extends OrderViewFacts {
  readonly previousStatus?: string;
}

/**
 * The read models other services' events feed (never their databases). Events of one aggregate
 * arrive in order; across topics they may not, so every write is an upsert that keeps known facts.
 */
@Injectable()
export class ReadModelsService {
  constructor(private readonly systemTickets: SystemTicketsService) {}

  async customer(tx: EntityManager, c: CustomerProfileFacts): Promise<void> {
    await upsertCustomerProfile(tx, c);
  }

  /** A tier known from an order, kept only while identity has not told us one. */
  async tierHint(tx: EntityManager, customerId: string, tier: MemberTier): Promise<void> {
    await insertTierHint(tx, customerId, tier);
  }

  async order(tx: EntityManager, f: OrderFacts): Promise<void> {
    const cancelled = f.status === 'CANCELLED';
    // Without previousStatus, a cancellation of an order never seen paid counts as unpaid.
    const unknownBefore = cancelled && f.previousStatus === undefined;
    const cancelledUnpaid =
      cancelled && (unknownBefore || UNPAID_ORDER_STATUSES.includes(f.previousStatus!));
    await upsertOrderView(tx, f, { cancelledUnpaid, unpaidUnlessSeenPaid: unknownBefore });
    if (cancelled) await this.checkCapturedAfterCancel(tx, f.orderId);
  }

  async payment(tx: EntityManager, f: PaymentViewFacts): Promise<void> {
    await upsertPaymentView(tx, f);
    if (f.capturedAt) await this.checkCapturedAfterCancel(tx, f.orderId);
  }

  async shipmentCreated(tx: EntityManager, s: CreatedShipmentFacts): Promise<void> {
    await upsertCreatedShipment(tx, s);
  }

  /** A tracking step; a failed delivery attempt of an outbound parcel opens a system ticket. */
  async shipmentStatus(
    tx: EntityManager,
    s: ShipmentStatusFacts & { at: string; location?: string },
  ): Promise<void> {
    await upsertShipmentStatus(tx, s);
    if (s.to !== 'FAILED_ATTEMPT' || s.kind !== 'OUTBOUND') return;
    const shipment = await tx.findOneByOrFail(ShipmentViewEntity, { id: s.shipmentId });
    const customerId =
      shipment.customerId ?? (await tx.findOneBy(OrderViewEntity, { id: s.orderId }))?.customerId;
    // shipment.created precedes this event on the same key, so the customer is known; if the
    // read model still lacks it, failing sends the event to retries and the DLQ, never a ticket for nobody.
    if (!customerId) throw new Error(`No customer known for shipment ${s.shipmentId}`);
    await this.systemTickets.raise(
      tx,
      { kind: 'DELIVERY_FAILED', shipmentId: s.shipmentId, at: s.at, location: s.location },
      customerId,
      s.orderId,
    );
  }

  /**
   * Money captured for an order cancelled before it was paid: opened by whichever of the two facts
   * (capture, unpaid cancellation) arrives second, under a per-order lock so neither can miss the other.
   */
  private async checkCapturedAfterCancel(tx: EntityManager, orderId: string): Promise<void> {
    await lockOrderFacts(tx, orderId);
    const order = await tx.findOneBy(OrderViewEntity, { id: orderId });
    if (!order?.cancelledUnpaid) return;
    const captured = await tx
      .getRepository(PaymentViewEntity)
      .createQueryBuilder('p')
      .where('p.order_id = :orderId AND p.captured_at IS NOT NULL', { orderId })
      .orderBy('p.captured_at', 'ASC')
      .getOne();
    if (!captured) return;
    await this.systemTickets.raise(
      tx,
      { kind: 'CAPTURED_AFTER_CANCEL', orderId, amount: captured.amount ?? undefined },
      order.customerId,
      orderId,
    );
  }
}
