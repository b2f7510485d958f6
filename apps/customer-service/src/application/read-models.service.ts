import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MemberTier } from '@emporium/contracts';
import { UNPAID_ORDER_STATUSES } from '../domain/system-tickets';
import {
  OrderViewEntity,
  PaymentViewEntity,
  ShipmentViewEntity,
} from '../persistence/read-models.entity';
import { SystemTicketsService } from './system-tickets.service';

/** Facts about an order an event may carry; absent ones keep what is known. */
export interface OrderFacts {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly at: Date;
  readonly number?: string;
  readonly totalAmount?: number;
  readonly itemCount?: number;
  readonly placed?: boolean;
  readonly paid?: boolean;
  readonly cancelReason?: string;
  readonly previousStatus?: string;
}

/** Facts about a payment. */
export interface PaymentFacts {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly method?: string;
  readonly amount?: number;
  readonly refundedAmount?: number;
  readonly capturedAt?: Date;
}

/**
 * The read models other services' events feed (never their databases). Events of one aggregate
 * arrive in order; across topics they may not, so every write is an upsert that keeps known facts.
 */
@Injectable()
export class ReadModelsService {
  constructor(private readonly systemTickets: SystemTicketsService) {}

  async customer(
    tx: EntityManager,
    c: {
      id: string;
      email?: string;
      name?: string;
      memberTier?: MemberTier;
      registeredAt?: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO customer_profiles (id, email, name, member_tier, registered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (id) DO UPDATE SET
         email = COALESCE(EXCLUDED.email, customer_profiles.email),
         name = COALESCE(EXCLUDED.name, customer_profiles.name),
         member_tier = COALESCE(EXCLUDED.member_tier, customer_profiles.member_tier),
         registered_at = COALESCE(EXCLUDED.registered_at, customer_profiles.registered_at),
         updated_at = now()`,
      [c.id, c.email ?? null, c.name ?? null, c.memberTier ?? null, c.registeredAt ?? null],
    );
  }

  /** A tier known from an order, kept only while identity has not told us one. */
  async tierHint(tx: EntityManager, customerId: string, tier: MemberTier): Promise<void> {
    await tx.query(
      `INSERT INTO customer_profiles (id, member_tier) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
      [customerId, tier],
    );
  }

  async order(tx: EntityManager, f: OrderFacts): Promise<void> {
    const cancelled = f.status === 'CANCELLED';
    // Without previousStatus, a cancellation of an order never seen paid counts as unpaid.
    const unknownBefore = cancelled && f.previousStatus === undefined;
    const cancelledUnpaid =
      cancelled && (unknownBefore || UNPAID_ORDER_STATUSES.includes(f.previousStatus!));
    await tx.query(
      `INSERT INTO order_views (id, customer_id, status, status_since, number, total_amount, item_count, placed_at, paid_at,
                                cancelled_at, cancel_reason, cancelled_unpaid, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN $4::timestamptz END, CASE WHEN $9 THEN $4::timestamptz END,
               CASE WHEN $3 = 'CANCELLED' THEN $4::timestamptz END, $10, $11, now())
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status,
         status_since = CASE WHEN order_views.status = EXCLUDED.status THEN order_views.status_since ELSE EXCLUDED.status_since END,
         number = COALESCE(EXCLUDED.number, order_views.number),
         total_amount = COALESCE(EXCLUDED.total_amount, order_views.total_amount),
         item_count = COALESCE(EXCLUDED.item_count, order_views.item_count),
         placed_at = COALESCE(order_views.placed_at, EXCLUDED.placed_at),
         paid_at = COALESCE(order_views.paid_at, EXCLUDED.paid_at),
         cancelled_at = COALESCE(order_views.cancelled_at, EXCLUDED.cancelled_at),
         cancel_reason = COALESCE(EXCLUDED.cancel_reason, order_views.cancel_reason),
         cancelled_unpaid = CASE WHEN $12 THEN order_views.paid_at IS NULL ELSE EXCLUDED.cancelled_unpaid END,
         updated_at = now()`,
      [
        f.orderId,
        f.customerId,
        f.status,
        f.at,
        f.number ?? null,
        f.totalAmount ?? null,
        f.itemCount ?? null,
        f.placed ?? false,
        f.paid ?? false,
        f.cancelReason ?? null,
        cancelledUnpaid,
        unknownBefore,
      ],
    );
    if (cancelled) await this.checkCapturedAfterCancel(tx, f.orderId);
  }

  async payment(tx: EntityManager, f: PaymentFacts): Promise<void> {
    await tx.query(
      `INSERT INTO payment_views (id, order_id, customer_id, method, status, amount, refunded_amount, captured_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, 0), $8, now())
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status,
         method = COALESCE(EXCLUDED.method, payment_views.method),
         amount = COALESCE(EXCLUDED.amount, payment_views.amount),
         refunded_amount = GREATEST(payment_views.refunded_amount, EXCLUDED.refunded_amount),
         captured_at = COALESCE(payment_views.captured_at, EXCLUDED.captured_at),
         updated_at = now()`,
      [
        f.paymentId,
        f.orderId,
        f.customerId,
        f.method ?? null,
        f.status,
        f.amount ?? null,
        f.refundedAmount ?? null,
        f.capturedAt ?? null,
      ],
    );
    if (f.capturedAt) await this.checkCapturedAfterCancel(tx, f.orderId);
  }

  async shipmentCreated(
    tx: EntityManager,
    s: {
      shipmentId: string;
      orderId: string;
      customerId: string;
      kind: string;
      carrier: string;
      trackingNumber: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO shipment_views (id, order_id, customer_id, kind, status, carrier, tracking_number, updated_at)
       VALUES ($1, $2, $3, $4, 'CREATED', $5, $6, now())
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, carrier = EXCLUDED.carrier,
         tracking_number = EXCLUDED.tracking_number, updated_at = now()`,
      [s.shipmentId, s.orderId, s.customerId, s.kind, s.carrier, s.trackingNumber],
    );
  }

  /** A tracking step; a failed delivery attempt of an outbound parcel opens a system ticket. */
  async shipmentStatus(
    tx: EntityManager,
    s: {
      shipmentId: string;
      orderId: string;
      kind: string;
      to: string;
      at: string;
      location?: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO shipment_views (id, order_id, customer_id, kind, status, updated_at)
       VALUES ($1, $2, (SELECT customer_id FROM order_views WHERE id = $2), $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
      [s.shipmentId, s.orderId, s.kind, s.to],
    );
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
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`order:${orderId}`]);
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
