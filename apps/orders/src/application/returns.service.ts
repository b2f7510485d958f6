import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  isStaff,
  money,
  type Identity,
} from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { planReturn, withinReturnWindow } from '../domain/returns';
import type { OrdersConfig } from '../config';
import { OrderLineEntity } from '../persistence/order-line.entity';
import type { OrderEntity } from '../persistence/order.entity';
import { ReturnEntity } from '../persistence/return.entity';
import { OrderJourneyService } from './order-journey.service';
import { ORDERS_CONFIG } from './tokens';

/**
 * After-sale returns: requested by the customer within the return window, approved or rejected by
 * staff; logistics fetches approved goods back, and once every parcel has arrived payments refunds
 * the returned lines' paid amounts. One return may be open per order at a time.
 */
@Injectable()
export class ReturnsService {
  constructor(
    private readonly db: DataSource,
    private readonly journey: OrderJourneyService,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  request(
    orderId: string,
    caller: Identity,
    lines: readonly { sku: string; quantity: number }[],
    reason: string,
  ) {
    return transaction(this.db, async (tx) => {
      const order = await this.journey.lock(tx, orderId);
      if (!order || order.customerId !== caller.userId)
        throw new NotFoundError('order-not-found', `No order ${orderId}`);
      if (order.status === 'RETURN_REQUESTED') {
        throw new ConflictError(
          'return-already-open',
          'This order already has a return in progress',
        );
      }
      const windowClosed = () =>
        new BusinessRuleError(
          'return-window-closed',
          `Returns are accepted for ${this.config.ORDERS_RETURN_WINDOW_DAYS} days after delivery`,
        );
      // An order becomes COMPLETED only once its return window has closed: that is the reason to give.
      if (order.status === 'COMPLETED') throw windowClosed();
      if (order.status !== 'DELIVERED' && order.status !== 'PARTIALLY_REFUNDED') {
        throw new ConflictError(
          'order-not-returnable',
          `A ${order.status} order cannot be returned; only delivered orders can`,
        );
      }
      if (
        !withinReturnWindow(order.deliveredAt!, new Date(), this.config.ORDERS_RETURN_WINDOW_DAYS)
      )
        throw windowClosed();
      const orderLines = await tx.find(OrderLineEntity, {
        where: { orderId },
        order: { lineNo: 'ASC' },
      });
      const parts = planReturn(
        orderLines.map((l) => ({
          lineNo: l.lineNo,
          sku: l.sku,
          quantity: l.quantity,
          lineTotal: l.lineTotalAmount,
          returnedQuantity: l.returnedQuantity,
        })),
        lines,
      );
      for (const part of parts) {
        await tx.increment(
          OrderLineEntity,
          { orderId, lineNo: part.lineNo },
          'returnedQuantity',
          part.quantity,
        );
      }
      const entity = tx.create(ReturnEntity, {
        id: randomUUID(),
        orderId,
        customerId: order.customerId,
        status: 'REQUESTED',
        lines: parts,
        reason,
        refundAmount: parts.reduce((sum, p) => sum + p.refund, 0),
        decisionNote: null,
      });
      await tx.save(entity);
      order.statusBeforeReturn = order.status;
      await this.journey.move(tx, order, 'RETURN_REQUESTED');
      await writeOutbox(tx, {
        type: 'return.requested',
        subject: orderId,
        correlationId: orderId,
        data: { ...this.eventData(entity), orderStatus: order.status },
      });
      return entity;
    });
  }

  async find(id: string, caller: Identity): Promise<ReturnEntity> {
    const found = await this.db.getRepository(ReturnEntity).findOneBy({ id });
    if (!found || !(found.customerId === caller.userId || isStaff(caller))) {
      throw new NotFoundError('return-not-found', `No return ${id}`);
    }
    return found;
  }

  /** Staff accept the return; logistics sends a parcel to fetch the goods. */
  approve(id: string, note?: string): Promise<ReturnEntity> {
    return transaction(this.db, async (tx) => {
      const found = await this.lockRequested(tx, id);
      found.status = 'APPROVED';
      found.decisionNote = note ?? null;
      await tx.save(found);
      await writeOutbox(tx, {
        type: 'return.approved',
        subject: found.orderId,
        correlationId: found.orderId,
        data: this.eventData(found),
      });
      return found;
    });
  }

  /** Staff refuse the return; the order goes back to the status it had. */
  reject(id: string, note?: string): Promise<ReturnEntity> {
    return transaction(this.db, async (tx) => {
      const found = await this.lockRequested(tx, id);
      const order = (await this.journey.lock(tx, found.orderId))!;
      for (const part of found.lines) {
        await tx.decrement(
          OrderLineEntity,
          { orderId: found.orderId, lineNo: part.lineNo },
          'returnedQuantity',
          part.quantity,
        );
      }
      found.status = 'REJECTED';
      found.decisionNote = note ?? null;
      await tx.save(found);
      await this.journey.move(tx, order, order.statusBeforeReturn ?? 'DELIVERED');
      await writeOutbox(tx, {
        type: 'return.rejected',
        subject: found.orderId,
        correlationId: found.orderId,
        data: {
          returnId: found.id,
          orderId: found.orderId,
          customerId: found.customerId,
          ...(note ? { reason: note } : {}),
          orderStatus: order.status,
        },
      });
      return found;
    });
  }

  /** Every parcel of the return is back: ask payments for the refund (or finish, if nothing is owed). */
  async received(returnId: string, tx: EntityManager): Promise<void> {
    const found = await tx.findOne(ReturnEntity, {
      where: { id: returnId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!found || found.status !== 'APPROVED' || found.receivedAt) return;
    found.receivedAt = new Date();
    await tx.save(found);
    if (found.refundAmount === 0) {
      await this.finish(tx, found, 0);
      return;
    }
    await writeOutbox(tx, {
      type: 'return.received',
      subject: found.orderId,
      correlationId: found.orderId,
      data: {
        returnId: found.id,
        orderId: found.orderId,
        customerId: found.customerId,
        lines: found.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        refundAmount: money(found.refundAmount),
      },
    });
  }

  /** A refund went through: the return is done if it paid for one; the order counts it either way. */
  async refunded(
    refund: { orderId: string; returnId?: string; amount: number },
    tx: EntityManager,
  ): Promise<void> {
    if (refund.returnId) {
      const found = await tx.findOne(ReturnEntity, {
        where: { id: refund.returnId },
        lock: { mode: 'pessimistic_write' },
      });
      if (found && found.status === 'APPROVED') await this.finish(tx, found, refund.amount);
      return;
    }
    const order = await this.journey.lock(tx, refund.orderId);
    if (!order) return;
    order.refundedAmount += refund.amount;
    await tx.save(order);
  }

  private async finish(tx: EntityManager, found: ReturnEntity, amount: number): Promise<void> {
    const order = (await this.journey.lock(tx, found.orderId))!;
    found.status = 'REFUNDED';
    found.refundedAt = new Date();
    await tx.save(found);
    order.refundedAmount += amount;
    await this.journey.move(
      tx,
      order,
      (await this.everythingReturned(tx, order)) ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    );
    await writeOutbox(tx, {
      type: 'return.refunded',
      subject: found.orderId,
      correlationId: found.orderId,
      data: {
        returnId: found.id,
        orderId: found.orderId,
        customerId: found.customerId,
        amount: money(amount),
        orderStatus: order.status,
      },
    });
  }

  private async everythingReturned(tx: EntityManager, order: OrderEntity): Promise<boolean> {
    const lines = await tx.find(OrderLineEntity, { where: { orderId: order.id, gift: false } });
    return lines.every((l) => l.returnedQuantity === l.quantity);
  }

  private async lockRequested(tx: EntityManager, id: string): Promise<ReturnEntity> {
    const found = await tx.findOne(ReturnEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!found) throw new NotFoundError('return-not-found', `No return ${id}`);
    if (found.status !== 'REQUESTED') {
      throw new ConflictError('return-already-decided', `This return is ${found.status}`);
    }
    return found;
  }

  private eventData(entity: ReturnEntity) {
    return {
      returnId: entity.id,
      orderId: entity.orderId,
      customerId: entity.customerId,
      lines: entity.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      reason: entity.reason,
    };
  }
}
