import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BadRequestError,
  NotFoundError,
  isStaff,
  type Identity,
  type OrderAwaitingPaymentV1,
  type OrderCancelledV1,
} from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import {
  upsertOrderView,
  type OrderViewDetails,
  type OrderViewStatus,
} from '../persistence/order-view.queries';
import { PaymentEntity } from '../persistence/payment.entity';
import { insertOrderPayment } from '../persistence/payment.queries';
import { RefundEntity } from '../persistence/refund.entity';
import { PaymentActions } from './payment-actions';
import {
  PAYMENT_PROVIDERS,
  PROVIDER_OF_METHOD,
  type PaymentProviders,
} from './providers/payment-providers';

/** A payment with its refunds, as the API shows it. */
export interface PaymentWithRefunds {
  readonly payment: PaymentEntity;
  readonly refunds: readonly RefundEntity[];
}

/** A page of payments. */
export interface PaymentPage {
  readonly items: readonly PaymentWithRefunds[];
  readonly nextCursor: string | null;
}

function encodeCursor(p: PaymentEntity): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString('base64url');
}

// Exactly what encodeCursor writes (toISOString of a real instant): anything else would reach
// Postgres as a timestamp or uuid it cannot read, a 500 instead of a 400.
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCursorKey = (at: unknown, id: unknown): boolean =>
  typeof at === 'string' &&
  typeof id === 'string' &&
  CURSOR_AT.test(at) &&
  !Number.isNaN(Date.parse(at)) &&
  CURSOR_ID.test(id);

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && isCursorKey(parsed[0], parsed[1])) {
      return [parsed[0] as string, parsed[1] as string];
    }
  } catch {
    // answered below
  }
  throw new BadRequestError('invalid-cursor', 'The cursor is not one this listing handed out');
}

/** Payments: created for orders awaiting payment, settled when orders are cancelled, and read. */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly db: DataSource,
    private readonly actions: PaymentActions,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
  ) {}

  /** Journey step 4: one payment per order, for the amount the order asks; a redelivery is a no-op. */
  async createForOrder(order: OrderAwaitingPaymentV1, tx: EntityManager): Promise<void> {
    await this.recordOrder(tx, order.orderId, 'AWAITING_PAYMENT', order);
    const id = randomUUID();
    const provider = this.providers.forMethod(order.paymentMethod);
    const { providerRef } = provider.create({
      paymentId: id,
      method: order.paymentMethod,
      amount: order.amount,
    });
    const created = await insertOrderPayment(tx, {
      id,
      orderId: order.orderId,
      orderNumber: order.number,
      customerId: order.customerId,
      method: order.paymentMethod,
      provider: PROVIDER_OF_METHOD[order.paymentMethod],
      providerRef,
      amount: order.amount,
      dueAt: order.paymentDueAt,
    });
    if (!created) return;
    await writeOutbox(tx, {
      type: 'payment.created',
      subject: id,
      key: order.orderId,
      correlationId: order.orderId,
      data: {
        paymentId: id,
        orderId: order.orderId,
        customerId: order.customerId,
        method: order.paymentMethod,
        amount: order.amount,
      },
    });
  }

  /** Journey step 5: a cancelled order's payment is voided, or refunded if money was taken. */
  async settleCancelledOrder(order: OrderCancelledV1, tx: EntityManager): Promise<void> {
    await this.recordOrder(tx, order.orderId, 'CANCELLED');
    const payment = await tx.findOne(PaymentEntity, {
      where: { orderId: order.orderId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!payment) return;
    await this.actions.settleCancelledOrder(tx, payment, `order cancelled (${order.reason})`);
  }

  /** Keeps the orders read model that reconciliation compares payments with. */
  async recordOrder(
    tx: EntityManager,
    orderId: string,
    status: OrderViewStatus,
    details: OrderViewDetails = {},
  ): Promise<void> {
    await upsertOrderView(tx, orderId, status, details);
  }

  /** A payment the caller may see (404 otherwise), with its refunds. */
  async find(id: string, caller: Identity): Promise<PaymentWithRefunds> {
    const payment = await this.db.getRepository(PaymentEntity).findOneBy({ id });
    if (!payment || !(isStaff(caller) || payment.customerId === caller.userId)) {
      throw new NotFoundError('payment-not-found', `No payment ${id}`);
    }
    return {
      payment,
      refunds: await this.refundsOf([payment.id]).then((r) => r.get(payment.id) ?? []),
    };
  }

  /** Newest first; a customer's list holds only their own payments. */
  async list(
    query: { orderId?: string; limit: number; cursor?: string },
    caller: Identity,
  ): Promise<PaymentPage> {
    const qb = this.db.getRepository(PaymentEntity).createQueryBuilder('p');
    if (query.orderId) qb.andWhere('p.orderId = :orderId', { orderId: query.orderId });
    if (!isStaff(caller)) qb.andWhere('p.customerId = :customerId', { customerId: caller.userId });
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      qb.andWhere('(p.createdAt, p.id) < (:at, :id)', { at, id });
    }
    const rows = await qb
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const refunds = await this.refundsOf(page.map((p) => p.id));
    return {
      items: page.map((payment) => ({ payment, refunds: refunds.get(payment.id) ?? [] })),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  private async refundsOf(paymentIds: readonly string[]): Promise<Map<string, RefundEntity[]>> {
    const byPayment = new Map<string, RefundEntity[]>();
    if (paymentIds.length === 0) return byPayment;
    const refunds = await this.db
      .getRepository(RefundEntity)
      .createQueryBuilder('r')
      .where('r.paymentId IN (:...ids)', { ids: paymentIds })
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    for (const r of refunds) byPayment.set(r.paymentId, [...(byPayment.get(r.paymentId) ?? []), r]);
    return byPayment;
  }
}
