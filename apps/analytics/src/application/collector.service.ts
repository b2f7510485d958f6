import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { EventEnvelope } from '@emporium/contracts';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { dataProblem } from '../domain/cleaning';
import { BehaviorFactsService } from './behavior-facts.service';
import { DimensionFactsService } from './dimension-facts.service';
import { OrderFactsService } from './order-facts.service';
import { QuarantineService } from './quarantine.service';

// Postgres says these may pass on a retry (serialization, deadlock, lock or statement timeout,
// connection trouble): the runner retries them; anything else about one event is that event's fault.
const TRANSIENT = /^(40001|40P01|55P03|57014|57P0\d|08\d{3}|53\d{3})$/;

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return TRANSIENT.test(code);
  return error instanceof Error && /connection|terminat|timeout/i.test(error.message);
}

/**
 * The one entry of every consumed event: clean, then collect into facts, dimensions and rollups.
 * A malformed event, or one whose facts the database refuses, goes to the quarantine inside the
 * same transaction; only trouble that a retry can cure is thrown, so the consumer never stalls.
 */
@Injectable()
export class CollectorService {
  private readonly log: Logger;

  constructor(
    private readonly orders: OrderFactsService,
    private readonly behavior: BehaviorFactsService,
    private readonly dimensions: DimensionFactsService,
    private readonly quarantine: QuarantineService,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'collector' });
  }

  async collect(event: EventEnvelope, tx: EntityManager): Promise<void> {
    const problem = Number.isNaN(Date.parse(event.occurredAt))
      ? 'occurredAt is not a date-time'
      : dataProblem(event.type, event.data);
    if (problem) {
      await this.quarantine.put(tx, event, 'malformed', problem);
      return;
    }
    try {
      // Nested in the inbox transaction, TypeORM's transaction is a savepoint: a failure undoes
      // this event's facts and leaves the inbox row to commit.
      await tx.transaction((savepoint) => this.apply(event, savepoint));
    } catch (error) {
      if (isTransient(error)) throw error;
      this.log.warn({ err: error, eventId: event.id, type: event.type }, 'event quarantined');
      await this.quarantine.put(
        tx,
        event,
        'unprocessable',
        (error as Error).message ?? String(error),
      );
    }
  }

  private async apply(event: EventEnvelope, tx: EntityManager): Promise<void> {
    // Each case's data was checked by dataProblem above.
    const e = event as never;
    const d = event.data as {
      orderId: string;
      cancelledAt?: string;
      deliveredAt?: string;
      completedAt?: string;
      reason?: string;
    };
    switch (event.type) {
      case 'order.placed':
        return this.orders.placed(e, tx);
      case 'order.paid':
        return this.orders.paid(e, tx);
      case 'order.cancelled':
        return this.orders.milestone(
          tx,
          d.orderId,
          'cancelled_at',
          d.cancelledAt ?? event.occurredAt,
          d.reason,
        );
      case 'order.delivered':
        return this.orders.milestone(
          tx,
          d.orderId,
          'delivered_at',
          d.deliveredAt ?? event.occurredAt,
        );
      case 'order.completed':
        return this.orders.milestone(
          tx,
          d.orderId,
          'completed_at',
          d.completedAt ?? event.occurredAt,
        );
      case 'payment.captured':
        return this.orders.captured(e, tx);
      case 'payment.refunded':
        return this.orders.refunded(e, tx);
      case 'behavior.recorded':
        return this.behavior.recorded(e, tx);
      case 'product.created':
      case 'product.updated':
        return this.dimensions.product(e, tx);
      case 'product.archived':
        return this.dimensions.productArchived(e, tx);
      case 'customer.registered':
        return this.dimensions.customerRegistered(e, tx);
      case 'customer.tier-changed':
        return this.dimensions.tierChanged(e, tx);
      case 'shipment.created':
        return this.dimensions.shipmentCreated(e, tx);
      case 'shipment.status-changed':
      case 'shipment.delivered':
        return this.dimensions.shipmentStatus(e, tx);
      default:
        if (event.type.startsWith('return.')) return this.dimensions.returnEvent(event, tx);
        if (event.type.startsWith('ticket.')) return this.dimensions.ticket(event, tx);
        if (event.type.startsWith('stock.')) return this.dimensions.stock(event, tx);
    }
  }
}
