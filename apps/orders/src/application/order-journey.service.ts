import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThanOrEqual, type EntityManager } from 'typeorm';
import { NotFoundError, isStaff, money, type Identity, type Money } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { counter } from '@emporium/platform-observability';
import { transaction } from '@emporium/platform-persistence';
import {
  cancel,
  nextStatus,
  type CancellationReason,
  type OrderStatus,
} from '../domain/order-status';
import { paysInFull } from '../domain/payment-capture';
import type { OrdersConfig } from '../config';
import { OrderLineEntity } from '../persistence/order-line.entity';
import { OrderEntity } from '../persistence/order.entity';
import { lockOrdersPastReturnWindow } from '../persistence/order.queries';
import { lineV1 } from './place-order.service';
import { MemberPointsService } from '../membership/application/member-points.service';
import { MemberTiersService } from '../membership/application/member-tiers.service';
import { PromotionQuotas } from './promotion-quotas.service';
import { ORDERS_CONFIG } from './tokens';

const shortCaptures = counter(
  'emporium_orders_short_captures_total',
  'Captures of less than the order total (or in another currency), which leave the order unpaid',
);

/**
 * The order journey (EVENTS.md steps 1-7) as transitions of the order-status state machine. Each
 * step locks the order, checks the event still fits (a late or repeated event is ignored on
 * purpose), records the status in `statusHistory` and announces it through the outbox.
 */
@Injectable()
export class OrderJourneyService {
  private readonly log = new Logger(OrderJourneyService.name);

  constructor(
    private readonly db: DataSource,
    private readonly quotas: PromotionQuotas,
    private readonly members: MemberTiersService,
    private readonly points: MemberPointsService,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /** Step 3: stock is held, so the customer may pay; the payment window starts now. */
  async stockReserved(orderId: string, tx: EntityManager): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['PENDING']);
    if (!order) return;
    order.paymentDueAt = new Date(Date.now() + this.config.ORDERS_PAYMENT_WINDOW_SECONDS * 1000);
    await this.move(tx, order, 'AWAITING_PAYMENT');
    await writeOutbox(tx, {
      type: 'order.awaiting-payment',
      subject: order.id,
      correlationId: order.id,
      data: {
        orderId: order.id,
        number: order.number,
        customerId: order.customerId,
        amount: money(order.totalAmount),
        paymentMethod: order.paymentMethod,
        paymentDueAt: order.paymentDueAt.toISOString(),
      },
    });
  }

  /** Step 3, failed: some SKU was short. */
  async stockReservationFailed(orderId: string, tx: EntityManager): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['PENDING']);
    if (order) await this.cancelLocked(tx, order, 'OUT_OF_STOCK');
  }

  async paymentCreated(orderId: string, paymentId: string, tx: EntityManager): Promise<void> {
    const order = await this.lock(tx, orderId);
    if (!order || order.paymentId) return;
    order.paymentId = paymentId;
    await tx.save(order);
  }

  /**
   * Step 5: paid. A capture for an order already cancelled is left to payments, which refunds it.
   * A capture of less than the total (or in another currency) never pays the order: it stays
   * AWAITING_PAYMENT, so its payment window closes it as PAYMENT_TIMEOUT, payments refunds what
   * was taken and customer-service opens a ticket for the money taken on a cancelled order.
   */
  async paymentCaptured(
    orderId: string,
    paymentId: string,
    captured: Money,
    tx: EntityManager,
  ): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['AWAITING_PAYMENT']);
    if (!order) return;
    if (!paysInFull({ amount: order.totalAmount, currency: order.currency }, captured)) {
      shortCaptures.inc();
      this.log.warn(
        `Order ${order.id} stays AWAITING_PAYMENT: payment ${paymentId} captured ${captured.amount} ${captured.currency} of ${order.totalAmount} ${order.currency}`,
      );
      return;
    }
    order.paymentId = paymentId;
    order.paymentDueAt = null;
    await this.move(tx, order, 'PAID');
    await this.members.recordPaidOrder(tx, {
      orderId: order.id,
      customerId: order.customerId,
      amount: order.totalAmount,
      goodsAmount: order.totalAmount - order.shippingAmount,
      tier: order.memberTier,
    });
    const lines = await this.lines(tx, order.id);
    await writeOutbox(tx, {
      type: 'order.paid',
      subject: order.id,
      correlationId: order.id,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        lines: lines.map(lineV1),
        total: money(order.totalAmount),
        paidAt: new Date().toISOString(),
      },
    });
  }

  async paymentFailed(orderId: string, tx: EntityManager): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['AWAITING_PAYMENT']);
    if (order) await this.cancelLocked(tx, order, 'PAYMENT_FAILED');
  }

  /** Step 6: the first parcel exists, so the order is being fulfilled. */
  async shipmentCreated(orderId: string, shipmentId: string, tx: EntityManager): Promise<void> {
    const order = await this.lock(tx, orderId);
    if (!order || order.shipmentIds.includes(shipmentId)) return;
    order.shipmentIds = [...order.shipmentIds, shipmentId];
    if (order.status !== 'PAID') {
      await tx.save(order);
      return;
    }
    await this.move(tx, order, 'FULFILLING');
    await writeOutbox(tx, {
      type: 'order.fulfilling',
      subject: order.id,
      correlationId: order.id,
      data: { orderId: order.id, customerId: order.customerId, shipmentIds: order.shipmentIds },
    });
  }

  /** The first parcel picked up: shipped, and too late to cancel. */
  async shipmentPickedUp(orderId: string, tx: EntityManager): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['FULFILLING']);
    if (!order) return;
    await this.move(tx, order, 'SHIPPED');
    await writeOutbox(tx, {
      type: 'order.shipped',
      subject: order.id,
      correlationId: order.id,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        shippedAt: new Date().toISOString(),
      },
    });
  }

  /**
   * A store pickup put aside at its store: the customer may come for it (the code is theirs to
   * read on the shipment; no event carries it).
   */
  async readyForPickup(
    orderId: string,
    shipmentId: string,
    collectBy: string | undefined,
    tx: EntityManager,
  ): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['FULFILLING']);
    if (!order?.pickupStoreId || !order.shipmentIds.includes(shipmentId)) return;
    await this.move(tx, order, 'READY_FOR_PICKUP');
    await writeOutbox(tx, {
      type: 'order.ready-for-pickup',
      subject: order.id,
      correlationId: order.id,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        shipmentId,
        pickupStoreId: order.pickupStoreId,
        readyAt: new Date().toISOString(),
        ...(collectBy ? { collectBy } : {}),
      },
    });
  }

  /**
   * A store pickup not collected in time (its goods are back on the shelf): the order is cancelled
   * as NOT_COLLECTED, so payments refunds it in full as for any paid order cancelled.
   */
  async pickupNotCollected(orderId: string, tx: EntityManager): Promise<void> {
    const order = await this.lockIfIn(tx, orderId, ['READY_FOR_PICKUP', 'FULFILLING']);
    if (order) await this.cancelLocked(tx, order, 'NOT_COLLECTED');
  }

  /** Delivered once every outbound parcel is (a store pickup: once collected). */
  async shipmentDelivered(orderId: string, shipmentId: string, tx: EntityManager): Promise<void> {
    const order = await this.lock(tx, orderId);
    if (!order || order.deliveredShipmentIds.includes(shipmentId)) return;
    order.deliveredShipmentIds = [...order.deliveredShipmentIds, shipmentId];
    const all = order.shipmentIds.every((id) => order.deliveredShipmentIds.includes(id));
    // A parcel can be delivered before the order heard it was picked up only if events raced; go via SHIPPED.
    if (order.status === 'FULFILLING' && all) await this.move(tx, order, 'SHIPPED');
    if ((order.status !== 'SHIPPED' && order.status !== 'READY_FOR_PICKUP') || !all) {
      await tx.save(order);
      return;
    }
    order.deliveredAt = new Date();
    await this.move(tx, order, 'DELIVERED');
    await writeOutbox(tx, {
      type: 'order.delivered',
      subject: order.id,
      correlationId: order.id,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        lines: (await this.lines(tx, order.id)).map(lineV1),
        deliveredAt: order.deliveredAt.toISOString(),
      },
    });
  }

  /** `POST /orders/{id}/cancel`: the owner or staff, until the first parcel is picked up. */
  cancelByRequest(orderId: string, caller: Identity): Promise<OrderEntity> {
    return transaction(this.db, async (tx) => {
      const order = await this.lock(tx, orderId);
      if (!order || !(order.customerId === caller.userId || isStaff(caller))) {
        throw new NotFoundError('order-not-found', `No order ${orderId}`);
      }
      await this.cancelLocked(tx, order, 'CUSTOMER');
      return order;
    });
  }

  /** Cancels unpaid orders whose payment window has passed (any replica may run this). */
  async cancelOverdue(limit = 100): Promise<number> {
    return transaction(this.db, async (tx) => {
      const overdue = await tx.find(OrderEntity, {
        where: { status: 'AWAITING_PAYMENT', paymentDueAt: LessThanOrEqual(new Date()) },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        order: { paymentDueAt: 'ASC' },
        take: limit,
      });
      for (const order of overdue) await this.cancelLocked(tx, order, 'PAYMENT_TIMEOUT');
      return overdue.length;
    });
  }

  /** Completes delivered orders whose return window has closed with no return open. */
  async completeAfterReturnWindow(limit = 100): Promise<number> {
    return transaction(this.db, async (tx) => {
      const ids = await lockOrdersPastReturnWindow(
        tx,
        this.config.ORDERS_RETURN_WINDOW_DAYS * 86_400,
        limit,
      );
      for (const id of ids) {
        const order = (await tx.findOneBy(OrderEntity, { id }))!;
        await this.move(tx, order, 'COMPLETED');
        await this.points.orderCompleted(tx, order.id);
        await writeOutbox(tx, {
          type: 'order.completed',
          subject: order.id,
          correlationId: order.id,
          data: {
            orderId: order.id,
            customerId: order.customerId,
            completedAt: new Date().toISOString(),
          },
        });
      }
      return ids.length;
    });
  }

  /** Moves a locked order and records the change; callers write the matching event. */
  async move(
    tx: EntityManager,
    order: OrderEntity,
    to: OrderStatus,
    reason?: string,
  ): Promise<void> {
    order.status = to === 'CANCELLED' ? 'CANCELLED' : nextStatus(order.status, to);
    order.statusHistory = [
      ...order.statusHistory,
      { status: to, at: new Date().toISOString(), ...(reason ? { reason } : {}) },
    ];
    await tx.save(order);
  }

  /** The order, locked for this transaction, or undefined (logged) when this service never had it. */
  async lock(tx: EntityManager, orderId: string): Promise<OrderEntity | undefined> {
    const order = await tx.findOne(OrderEntity, {
      where: { id: orderId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!order) this.log.warn(`No order ${orderId}; its event is ignored`);
    return order ?? undefined;
  }

  private async lockIfIn(tx: EntityManager, orderId: string, statuses: readonly OrderStatus[]) {
    const order = await this.lock(tx, orderId);
    return order && statuses.includes(order.status) ? order : undefined;
  }

  private async cancelLocked(
    tx: EntityManager,
    order: OrderEntity,
    reason: CancellationReason,
  ): Promise<void> {
    const previousStatus = order.status;
    cancel(previousStatus, reason);
    order.paymentDueAt = null;
    await this.move(tx, order, 'CANCELLED', reason);
    await this.quotas.release(tx, order.id);
    await writeOutbox(tx, {
      type: 'order.cancelled',
      subject: order.id,
      correlationId: order.id,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        // order.cancelled v1 knows four reasons: a pickup never collected is the customer's
        // doing, with its own cause for the readers that know it.
        ...(reason === 'NOT_COLLECTED' ? { reason: 'CUSTOMER', cause: reason } : { reason }),
        cancelledAt: new Date().toISOString(),
        previousStatus,
      },
    });
  }

  private lines(tx: EntityManager, orderId: string): Promise<OrderLineEntity[]> {
    return tx.find(OrderLineEntity, { where: { orderId }, order: { lineNo: 'ASC' } });
  }
}
